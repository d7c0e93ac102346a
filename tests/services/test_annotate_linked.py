"""annotate.add_linked / remove_linked / restore_linked: a cue and its quote's link in one transaction (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import Link
from annotator.errors import AnnotatorError
from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project

TEXT = "“Pasokan beras aman sampai Lebaran,” ujar Kepala Bulog Dian Sari, Rabu, kata dia."


@pytest.fixture()
def project(tmp_path: Path):
    src = tmp_path / "bulog.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    with open_project(tmp_path / "p.db") as p:
        import_paths(p, [src])
        yield p


def _span(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def _state(p) -> tuple[list[tuple[str, str]], list[Link]]:
    par = paragraphs(p, 1)[0]
    anns = rows.for_paragraph(p, par.id, "ana")
    return sorted((a.label, a.text) for a in anns), rows.links_from(p, [a.id for a in anns])


def test_adds_the_cue_and_the_link_and_undo_redo_both(project) -> None:
    par = paragraphs(project, 1)[0]
    quote = annotate.add_annotation(project, par.id, "ana", "QUOTE", *_span("Pasokan beras aman sampai Lebaran"))
    linked = annotate.add_linked(project, par.id, "ana", "CUE", *_span("ujar"), source_id=quote.id, kind="cue")
    assert linked.replaced is None and linked.annotation.text == "ujar"
    assert annotate.link_of(project, quote.id, "cue") == Link(quote.id, "cue", linked.annotation.id, None)

    again = annotate.remove_linked(project, linked, "ana")
    assert _state(project) == ([("QUOTE", "Pasokan beras aman sampai Lebaran")], [])
    redone = annotate.restore_linked(project, again, "ana")
    assert redone.annotation.id == linked.annotation.id  # the same id and uid again
    assert redone.annotation.uid == linked.annotation.uid
    assert annotate.link_of(project, quote.id, "cue") == Link(quote.id, "cue", linked.annotation.id, None)


def test_a_replaced_cue_link_comes_back_on_undo(project) -> None:
    par = paragraphs(project, 1)[0]
    quote = annotate.add_annotation(project, par.id, "ana", "QUOTE", *_span("Pasokan beras aman sampai Lebaran"))
    old_cue = annotate.add_annotation(project, par.id, "ana", "CUE", *_span("kata"))
    annotate.link(project, quote.id, "cue", "ana", target_id=old_cue.id)
    linked = annotate.add_linked(project, par.id, "ana", "CUE", *_span("ujar"), source_id=quote.id, kind="cue")
    assert linked.replaced == Link(quote.id, "cue", old_cue.id, None)
    annotate.remove_linked(project, linked, "ana")
    assert annotate.link_of(project, quote.id, "cue") == Link(quote.id, "cue", old_cue.id, None)
    annotate.restore_linked(project, linked, "ana")
    assert annotate.link_of(project, quote.id, "cue") == Link(quote.id, "cue", linked.annotation.id, None)


def test_refused_links_change_nothing(project) -> None:
    par = paragraphs(project, 1)[0]
    quote = annotate.add_annotation(project, par.id, "ana", "QUOTE", *_span("Pasokan beras aman sampai Lebaran"))
    name = annotate.add_annotation(project, par.id, "ana", "PERSON", *_span("Dian Sari"))
    before = _state(project)
    with pytest.raises(AnnotatorError, match="takes no cue link to a GPE"):
        annotate.add_linked(project, par.id, "ana", "GPE", *_span("Bulog"), source_id=quote.id, kind="cue")
    with pytest.raises(AnnotatorError, match="takes no cue link"):  # a PERSON takes no cue at all
        annotate.add_linked(project, par.id, "ana", "CUE", *_span("ujar"), source_id=name.id, kind="cue")
    other = annotate.add_annotation(project, par.id, "budi", "QUOTE", *_span("Pasokan beras aman sampai Lebaran"))
    with pytest.raises(AnnotatorError, match="one annotator"):  # the link fails after the insert: rolled back
        annotate.add_linked(project, par.id, "ana", "CUE", *_span("ujar"), source_id=other.id, kind="cue")
    assert _state(project) == before
    annotate.add_annotation(project, par.id, "ana", "CUE", *_span("ujar"))
    with pytest.raises(AnnotatorError, match="exists already"):
        annotate.add_linked(project, par.id, "ana", "CUE", *_span("ujar"), source_id=quote.id, kind="cue")
    assert annotate.link_of(project, quote.id, "cue") is None
