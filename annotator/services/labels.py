"""Editing a project's label schema: the window's Project ▸ Labels… and ``annotator labels``.

Each edit is one transaction: the schema is read, the edit checked against it and against how many
annotations use each label (:mod:`annotator.core.label_edits` refuses what would lose or orphan one), the
annotations of a renamed label renamed with it, the new schema stored and the edit logged. The result carries
the edit that undoes it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from annotator.core.label_edits import Applied, SchemaEdit, apply_edit, describe
from annotator.core.labels import LabelSchema, SchemaError
from annotator.errors import AnnotatorError
from annotator.store.labels_store import label_usage, load_schema, rename_label_rows, save_schema
from annotator.store.project import Project

log = logging.getLogger(__name__)

__all__ = ["SchemaEditError", "edit_schema", "label_uses", "read_schema"]


class SchemaEditError(AnnotatorError):
    """A schema edit refused; nothing was changed. The message is one line."""


def read_schema(project: Project) -> LabelSchema:
    return load_schema(project)


def label_uses(project: Project) -> dict[str, int]:
    """label -> how many annotations have it (every annotator, suggestions included)."""
    return label_usage(project)


def edit_schema(project: Project, edit: SchemaEdit, annotator: str | None = None,
                reserved: Mapping[str, str] | None = None) -> Applied:
    """Apply ``edit`` in one transaction, or raise :class:`SchemaEditError` having changed nothing.
    ``reserved``: keys the window keeps for its commands (key -> command), which no label may take."""
    with project.write():
        try:
            applied = apply_edit(load_schema(project), edit, label_usage(project), reserved)
        except SchemaError as exc:
            raise SchemaEditError(f"{project.path.name}: {exc}; nothing was changed") from None
        moved = rename_label_rows(project, *applied.renamed) if applied.renamed else 0
        save_schema(project, applied.schema)
        project.log_event("schema_edit", annotator, {"edit": describe(edit), "annotations": moved})
    log.info("label schema of %s: %s", project.path, describe(edit))
    return applied
