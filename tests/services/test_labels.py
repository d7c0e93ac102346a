"""Schema edits through the service: one transaction each, annotations renamed with their label, refusals
change nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.label_edits import AddLabel, RemoveLabel, RenameLabel, SetKey, SetLayer, SetRetired
from annotator.core.labels import Label
from annotator.importing import import_paths
from annotator.services import annotate
from annotator.services.labels import SchemaEditError, edit_schema, label_uses, read_schema
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project

TEXT = "Gubernur Lestari Wijaya meresmikan jembatan baru di Palu, kata juru bicara Pemprov Sulteng."


@pytest.fixture()
def project(tmp_path: Path):
    src = tmp_path / "palu.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as p:
        import_paths(p, [src])
        yield p


def _state(p) -> tuple[str, list[tuple], int]:
    schema = p.conn.execute("SELECT group_concat(definition, '|') FROM labels ORDER BY position").fetchone()[0]
    anns = p.conn.execute("SELECT label, entity, attrs FROM annotations ORDER BY id").fetchall()
    return schema, anns, int(p.scalar("SELECT count(*) FROM events"))


def test_rename_moves_annotations_entities_and_rejections(project) -> None:
    par = paragraphs(project, 1)[0]
    person = annotate.add_annotation(project, par.id, "ana", "PERSON", 9, 23)
    annotate.set_entity(project, person.id, "PERSON#1a2b3c4d", "ana")
    annotate.add_annotation(project, par.id, "budi", "PERSON", 9, 16)
    annotate.add_annotation(project, par.id, "ana", "GPE", 52, 56)
    suggested = annotate.add_annotation(project, par.id, "ana", "ORG", 75, 90, origin="suggested",
                                        attrs={"recommender": "memory"})
    annotate.delete_annotation(project, suggested.id, "ana")  # remembered as a rejection of ORG
    assert label_uses(project) == {"PERSON": 2, "GPE": 1}

    applied = edit_schema(project, RenameLabel("PERSON", "TOKOH"), "ana")
    assert applied.schema == read_schema(project)
    assert "PERSON" not in applied.schema and "TOKOH" in applied.schema.get("QUOTE").links["speaker"]
    assert label_uses(project) == {"TOKOH": 2, "GPE": 1}
    assert rows.get(project, person.id).entity == "TOKOH#1a2b3c4d"
    assert [a.label for a in rows.for_paragraph(project, par.id, "budi")] == ["TOKOH"]
    edit_schema(project, RenameLabel("ORG", "LEMBAGA"))
    assert project.scalar("SELECT label FROM rejections") == "LEMBAGA"
    event = json.loads(project.scalar("SELECT payload FROM events WHERE action = 'schema_edit' ORDER BY id LIMIT 1"))
    assert event == {"edit": "rename PERSON to TOKOH", "annotations": 2}

    edit_schema(project, applied.undo)  # undo: every trace back under the old name
    assert label_uses(project) == {"PERSON": 2, "GPE": 1}
    assert rows.get(project, person.id).entity == "PERSON#1a2b3c4d"


def test_relabelled_suggestion_keeps_its_suggested_label_in_step(project) -> None:
    par = paragraphs(project, 1)[0]
    ann = annotate.add_annotation(project, par.id, "ana", "GPE", 52, 56, attrs={"suggested_label": "ORG"})
    edit_schema(project, RenameLabel("ORG", "LEMBAGA"))
    assert rows.get(project, ann.id).attrs == {"suggested_label": "LEMBAGA"}


@pytest.mark.parametrize(("edit", "fragment"), [
    (RemoveLabel("PERSON"), "retire it instead"),
    (SetLayer("PERSON", "claim"), "its layer cannot change"),
    (RenameLabel("PERSON", "GPE"), "already"),
    (SetKey("ORG", "s"), "the window's key"),
])
def test_refusals_change_nothing(project, edit, fragment) -> None:
    par = paragraphs(project, 1)[0]
    annotate.add_annotation(project, par.id, "ana", "PERSON", 9, 23)
    before = _state(project)
    with pytest.raises(SchemaEditError) as err:
        edit_schema(project, edit, "ana", reserved={"s": "Link speaker"})
    assert fragment in str(err.value) and str(err.value).startswith("p.db: ")
    assert "nothing was changed" in str(err.value)
    assert _state(project) == before


def test_retire_keeps_annotations_and_add_then_remove_is_clean(project) -> None:
    par = paragraphs(project, 1)[0]
    annotate.add_annotation(project, par.id, "ana", "PERSON", 9, 23)
    edit_schema(project, SetRetired("PERSON", True))
    schema = read_schema(project)
    assert schema.get("PERSON").retired and "PERSON" not in [lab.name for lab in schema.active()]
    assert label_uses(project) == {"PERSON": 1}
    added = edit_schema(project, AddLabel(Label("LAW", "entity", "7", "#336699", "Undang-undang"), 0))
    assert read_schema(project).labels[0].name == "LAW"
    edit_schema(project, added.undo)
    assert "LAW" not in read_schema(project)


def test_a_read_only_project_refuses(tmp_path: Path, project) -> None:
    path = project.path
    project.close()
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        with open_project(path) as ro:
            with pytest.raises(Exception, match="read-only"):
                edit_schema(ro, SetKey("ORG", "o"))
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
