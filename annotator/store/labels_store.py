"""The project's label schema, editable per project, seeded from ``resources/labels.json``.

These functions need only what :class:`annotator.store.project.Project` offers (:class:`ProjectHandle`), so
this module does not import ``project``: ``project`` imports it, to seed the labels of a new project.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any, Protocol

from annotator.core.labels import LabelSchema
from annotator.resources_path import resource_text


class ProjectHandle(Protocol):
    """The part of an open project the label schema is read and written through."""

    conn: sqlite3.Connection

    def write(self) -> AbstractContextManager[Any]: ...

    def log_event(self, action: str, annotator: str | None, payload: dict[str, Any]) -> None: ...

    def scalar(self, sql: str, params: tuple[Any, ...] | list[Any] | dict[str, Any] = ()) -> Any: ...


def default_schema() -> LabelSchema:
    return LabelSchema.from_json(resource_text("labels.json"))


def install_default_labels(project: ProjectHandle) -> None:
    if project.scalar("SELECT count(*) FROM labels"):
        return
    save_schema(project, default_schema())


def save_schema(project: ProjectHandle, schema: LabelSchema) -> None:
    with project.write():
        project.conn.execute("DELETE FROM labels")
        project.conn.executemany(
            "INSERT INTO labels (name, position, definition) VALUES (?, ?, ?)",
            [(lab.name, i, json.dumps(lab.to_dict(), ensure_ascii=False))
             for i, lab in enumerate(schema.labels)],
        )
        project.log_event("schema", None, {"labels": [lab.name for lab in schema.labels]})


def load_schema(project: ProjectHandle) -> LabelSchema:
    rows = project.conn.execute("SELECT definition FROM labels ORDER BY position").fetchall()
    if not rows:
        return default_schema()
    return LabelSchema.from_dict({"labels": [json.loads(r[0]) for r in rows]})


def label_usage(project: ProjectHandle) -> dict[str, int]:
    """label -> how many annotations (of every annotator, suggestions and gold included) have it."""
    return {str(label): int(n) for label, n in
            project.conn.execute("SELECT label, count(*) FROM annotations GROUP BY label")}


def rename_label_rows(project: ProjectHandle, old: str, new: str) -> int:
    """Move every trace of label ``old`` to ``new``: the annotations, the explicit entity keys made from it
    ("OLD#…", "OLD:…"), the label a suggestion had before an edit, and the remembered rejections. Call inside
    ``project.write()``; returns how many annotations changed."""
    cur = project.conn.execute("UPDATE annotations SET label = ? WHERE label = ?", (new, old))
    changed = cur.rowcount
    for sep in ("#", ":"):
        project.conn.execute(
            "UPDATE annotations SET entity = ? || substr(entity, ?) WHERE substr(entity, 1, ?) = ?",
            (new + sep, len(old) + 2, len(old) + 1, old + sep))
    project.conn.execute(
        "UPDATE annotations SET attrs = json_set(attrs, '$.suggested_label', ?) "
        "WHERE json_valid(attrs) AND json_extract(attrs, '$.suggested_label') = ?", (new, old))
    project.conn.execute("UPDATE rejections SET label = ? WHERE label = ?", (new, old))
    return changed
