"""annotate.add_annotation never stores an identical annotation twice (issue 16, problem 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project

TEXT = "Rusia-China sepakat, kata Putin di Moskow."


@pytest.fixture()
def project(tmp_path: Path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as p:
        import_paths(p, [src])
        yield p


def _events(p) -> int:
    return int(p.scalar("SELECT count(*) FROM events"))


def test_identical_span_and_label_returns_the_existing_one(project) -> None:
    par = paragraphs(project, 1)[0]
    first = annotate.add_annotation(project, par.id, "ana", "GPE", 0, 11)
    events = _events(project)
    again = annotate.add_annotation(project, par.id, "ana", "GPE", 0, 11)
    assert again.id == first.id
    assert annotate.identical(project, par.id, "ana", "GPE", 0, 11) == first
    assert [(a.label, a.text) for a in rows.for_paragraph(project, par.id, "ana")] == [("GPE", "Rusia-China")]
    assert _events(project) == events  # nothing written, not even an event


def test_other_label_annotator_or_span_is_a_new_annotation(project) -> None:
    par = paragraphs(project, 1)[0]
    first = annotate.add_annotation(project, par.id, "ana", "GPE", 0, 11)
    ids = {first.id,
           annotate.add_annotation(project, par.id, "ana", "ORG", 0, 11).id,  # another label
           annotate.add_annotation(project, par.id, "budi", "GPE", 0, 11).id,  # another annotator
           annotate.add_annotation(project, par.id, "ana", "GPE", 6, 11).id}  # another span
    assert len(ids) == 4
    assert annotate.identical(project, par.id, "ana", "GPE", 6, 11) is not None
    assert annotate.identical(project, par.id, "ana", "PERSON", 0, 11) is None


def test_a_suggestion_does_not_count_as_the_same(project) -> None:
    par = paragraphs(project, 1)[0]
    start = TEXT.index("Putin")
    suggested = annotate.add_annotation(project, par.id, "ana", "PERSON", start, start + 5, origin="suggested")
    manual = annotate.add_annotation(project, par.id, "ana", "PERSON", start, start + 5)
    assert manual.id != suggested.id and manual.origin == "manual"
