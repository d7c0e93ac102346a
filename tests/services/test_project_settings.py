"""The project's guidelines and renaming an annotator."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.importing import import_paths
from annotator.services import annotate, project_settings
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project

TEXT = "Harga cabai di Pasar Inpres naik dua kali lipat, kata pedagang bernama Wayan Sudarma."
OWN = "# Pedoman proyek\n\n- **PERSON**: nama orang saja, tanpa gelar.\n"


@pytest.fixture()
def project(tmp_path: Path):
    src = tmp_path / "pasar.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as p:
        import_paths(p, [src])
        yield p


def test_guidelines_default_own_and_back(project) -> None:
    bundled = project_settings.default_guidelines()
    assert "Project ▸ Guidelines" in bundled  # the menu the bundled text names (the window has it)
    assert project_settings.guidelines(project) == bundled
    assert not project_settings.has_own_guidelines(project)
    project_settings.set_guidelines(project, OWN, "ana")
    assert project_settings.guidelines(project) == OWN
    assert project_settings.has_own_guidelines(project)
    assert project.scalar("SELECT annotator FROM events WHERE action = 'guidelines'") == "ana"
    project_settings.set_guidelines(project, "  \n")  # empty: the bundled default again
    assert project_settings.guidelines(project) == bundled
    project_settings.set_guidelines(project, bundled)
    assert not project_settings.has_own_guidelines(project)


def test_rename_keeps_the_annotators_work(project) -> None:
    par = paragraphs(project, 1)[0]
    ann = annotate.add_annotation(project, par.id, "ana", "PERSON", 71, 84)
    annotate.set_status(project, par.id, "ana", "done")
    assert project_settings.rename_annotator(project, "ana", "  Ana   Lestari ") == "Ana Lestari"
    assert rows.annotator_names(project) == ["Ana Lestari"]
    assert rows.get(project, ann.id).annotator == "Ana Lestari"
    assert rows.status(project, par.id, "Ana Lestari") == "done"
    assert project.scalar("SELECT payload FROM events WHERE action = 'rename_annotator'") == \
        '{"from": "ana", "to": "Ana Lestari"}'


def test_a_name_taken_is_refused_and_changes_nothing(project) -> None:
    par = paragraphs(project, 1)[0]
    annotate.add_annotation(project, par.id, "ana", "PERSON", 71, 84)
    annotate.add_annotation(project, par.id, "budi", "GPE", 15, 27)
    with pytest.raises(project_settings.NameTakenError) as err:
        project_settings.rename_annotator(project, "ana", "budi")
    assert err.value.name == "budi" and "another annotator" in str(err.value)
    assert rows.annotator_names(project) == ["ana", "budi"]


@pytest.mark.parametrize(("name", "fragment"), [("   ", "empty"), ("x" * 65, "at most 64"), ("a\u0007b", "control")])
def test_bad_names(project, name: str, fragment: str) -> None:
    with pytest.raises(AnnotatorError, match=fragment):
        project_settings.rename_annotator(project, "ana", name)


def test_an_annotator_not_yet_in_the_project_is_added_under_the_new_name(project) -> None:
    assert project_settings.rename_annotator(project, "nobody", "citra") == "citra"
    assert rows.annotator_names(project) == ["citra"]
