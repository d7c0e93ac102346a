"""The project's label schema, editable per project, seeded from ``annotator/resources/labels.json``."""

from __future__ import annotations

import json

from annotator.core.labels import LabelSchema
from annotator.resources_path import resource_text
from annotator.store.project import Project


def default_schema() -> LabelSchema:
    return LabelSchema.from_json(resource_text("labels.json"))


def install_default_labels(project: Project) -> None:
    if project.scalar("SELECT count(*) FROM labels"):
        return
    save_schema(project, default_schema())


def save_schema(project: Project, schema: LabelSchema) -> None:
    with project.write():
        project.conn.execute("DELETE FROM labels")
        project.conn.executemany(
            "INSERT INTO labels (name, position, definition) VALUES (?, ?, ?)",
            [(lab.name, i, json.dumps(lab.to_dict(), ensure_ascii=False))
             for i, lab in enumerate(schema.labels)],
        )
        project.log_event("schema", None, {"labels": [lab.name for lab in schema.labels]})


def load_schema(project: Project) -> LabelSchema:
    rows = project.conn.execute("SELECT definition FROM labels ORDER BY position").fetchall()
    if not rows:
        return default_schema()
    return LabelSchema.from_dict({"labels": [json.loads(r[0]) for r in rows]})
