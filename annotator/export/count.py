"""How many lines an export would write, read without writing anything (the export dialog shows it live)."""

from __future__ import annotations

from annotator.export.options import ExportOptions
from annotator.export.run import selection
from annotator.store import corpus_queries as q
from annotator.store.project import Project


def count_units(project: Project, opts: ExportOptions) -> int:
    """The units (lines, over every split part) :func:`~annotator.export.run.export_corpus` writes for
    ``opts``: selected paragraphs, or with ``unit="article"`` the articles it keeps. Read-only; raises
    :class:`~annotator.errors.AnnotatorError` for options the export refuses (an unknown annotator)."""
    sel, _ = selection(project, opts)
    if opts.unit == "article":
        return q.count_articles(project, sel)
    return q.count_paragraphs(project, sel)


__all__ = ["count_units"]
