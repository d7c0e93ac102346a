"""Renaming an annotator of a project (their annotations, statuses and rejections follow by id)."""

from __future__ import annotations

from annotator.store.project import Project


def rename_annotator(project: Project, old: str, new: str) -> bool:
    """Give the annotator called ``old`` the name ``new``; False when there is no ``old``. Call inside
    ``project.write()``; the caller checks that ``new`` is free (the name is unique in the table)."""
    cur = project.conn.execute("UPDATE annotators SET name = ? WHERE name = ?", (new, old))
    return cur.rowcount > 0
