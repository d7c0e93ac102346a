"""Variants of one span in review: grouped into one decision, taken (G) with the rivals rejected, and every
variant's speaker offered (V)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.services import adjudicate as adj
from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.project import Project
from tests.services.review_builder import done, mark, new_project, pids

REV = "rev"
FERRY = [
    "Juru bicara Nusa Lines, Dewi Anggraini, mengatakan perbaikan kapal selesai dalam dua minggu.",
    "Penumpang diminta memakai jalur darat melalui Tepian sampai kapal kembali beroperasi.",
]
WITH_DOT = "perbaikan kapal selesai dalam dua minggu."
WITHOUT_DOT = "perbaikan kapal selesai dalam dua minggu"


@pytest.fixture()
def ferry(tmp_path: Path) -> Project:
    """ana: the quote with its full stop, speaker Dewi Anggraini; budi: without it, speaker Nusa Lines.
    Both agree on the PERSON and the ORG; citra is not there."""
    proj = new_project(tmp_path / "ferry.db", {"ferry-1": FERRY})
    p0, p1 = pids(proj, "ferry-1")
    for who, quote_text, speaker in (("ana", WITH_DOT, "dewi"), ("budi", WITHOUT_DOT, "nusa")):
        ids = {"dewi": mark(proj, p0, who, "PERSON", "Dewi Anggraini"),
               "nusa": mark(proj, p0, who, "ORG", "Nusa Lines")}
        quote = mark(proj, p0, who, "QUOTE", quote_text, kind="indirect")
        annotate.link(proj, quote, "speaker", who, target_id=ids[speaker])
        done(proj, who, p0, p1)
    yield proj
    proj.close()


def _quotes(proj: Project) -> tuple[adj.Candidate, adj.Candidate]:
    cands = adj.candidates(proj, pids(proj, "ferry-1")[0], REV)
    quotes = [c for c in cands if c.label == "QUOTE"]
    dot = next(c for c in quotes if c.text.endswith("."))
    plain = next(c for c in quotes if not c.text.endswith("."))
    return dot, plain


def _gold(proj: Project) -> list[tuple[str, str]]:
    return [(a.label, a.text) for a in adj.gold(proj, pids(proj, "ferry-1")[0], REV)]


def test_two_versions_of_a_quote_are_one_decision_with_the_difference_marked(ferry: Project) -> None:
    cands = adj.candidates(ferry, pids(ferry, "ferry-1")[0], REV)
    dot, plain = _quotes(ferry)
    assert dot.decision == plain.decision and dot.variants == plain.variants == 2
    text = FERRY[0]
    assert [text[s:e] for s, e in dot.difference.extra] == ["."] and dot.difference.missing == ()
    assert plain.difference.extra == () and [text[s:e] for s, e in plain.difference.missing] == ["."]
    # the agreed entities are decisions of their own, the variants adjacent in the list
    others = [c for c in cands if c.label != "QUOTE"]
    assert all(c.variants == 1 and not c.difference.differs for c in others)
    assert len({c.decision for c in cands}) == 3
    rows_of_quote = [i for i, c in enumerate(cands) if c.label == "QUOTE"]
    assert rows_of_quote[1] == rows_of_quote[0] + 1
    assert adj.rivals(cands, dot) == [plain]


def test_take_variant_rejects_the_rival_in_one_change_that_undo_reverts(ferry: Project) -> None:
    p0 = pids(ferry, "ferry-1")[0]
    dot, plain = _quotes(ferry)
    adj.accept(ferry, p0, REV, plain)  # budi's version went into gold first
    assert ("QUOTE", WITHOUT_DOT) in _gold(ferry)
    change = adj.take_variant(ferry, p0, REV, dot)
    assert ("QUOTE", WITH_DOT) in _gold(ferry) and ("QUOTE", WITHOUT_DOT) not in _gold(ferry)
    dot, plain = _quotes(ferry)
    assert dot.gold_id is not None and plain.rejected and plain.gold_id is None
    assert change.rejected == (plain.key,)
    adj.undo(ferry, change, REV)
    dot, plain = _quotes(ferry)
    assert dot.gold_id is None and not plain.rejected and plain.gold_id is not None


def test_take_variant_of_a_span_without_rivals_rejects_nothing(ferry: Project) -> None:
    p0 = pids(ferry, "ferry-1")[0]
    person = next(c for c in adj.candidates(ferry, p0, REV) if c.label == "PERSON")
    change = adj.take_variant(ferry, p0, REV, person)
    assert change.rejected == () and ("PERSON", "Dewi Anggraini") in _gold(ferry)
    with pytest.raises(AnnotatorError, match="no candidate"):
        adj.take_variant(ferry, p0, REV, (0, 4, "PERSON"))


def test_every_variants_speaker_is_offered_and_can_be_taken(ferry: Project) -> None:
    p0 = pids(ferry, "ferry-1")[0]
    cands = adj.candidates(ferry, p0, REV)
    dot, plain = _quotes(ferry)
    offered = adj.sources_offered(cands, plain)
    assert [(p.annotator, p.source.text, v.key) for p, v in offered] == [
        ("budi", "Nusa Lines", plain.key), ("ana", "Dewi Anggraini", dot.key)]  # its own first
    assert adj.sources_offered(cands, next(c for c in cands if c.label == "ORG")) == []
    # budi's span, ana's speaker
    proposal, _variant = offered[1]
    adj.accept(ferry, p0, REV, plain, source=proposal.source)
    gold_quote = next(a for a in adj.gold(ferry, p0, REV) if a.label == "QUOTE")
    assert gold_quote.text == WITHOUT_DOT and gold_quote.attrs["kind"] == "indirect"
    target = rows.get(ferry, rows.get_link(ferry, gold_quote.id, "speaker").target_id)
    assert (target.text, target.origin) == ("Dewi Anggraini", "adjudicated")


def test_a_source_for_a_span_that_has_none_is_refused(ferry: Project) -> None:
    p0 = pids(ferry, "ferry-1")[0]
    cands = adj.candidates(ferry, p0, REV)
    dot, _plain = _quotes(ferry)
    person = next(c for c in cands if c.label == "PERSON")
    with pytest.raises(AnnotatorError, match="no speaker or claimant"):
        adj.accept(ferry, p0, REV, person, source=dot.proposals[0].source)
    assert _gold(ferry) == []


def test_reviewer_names(ferry: Project) -> None:
    assert adj.reviewer_problem(ferry, "ana") is not None  # she annotated here
    assert adj.reviewer_problem(ferry, "  ") == "a reviewer needs a name"
    assert adj.reviewer_problem(ferry, REV) is None
    assert adj.suggested_reviewer(ferry, "ana") == "ana-review"
    assert adj.suggested_reviewer(ferry, "dina") == "dina"
    adj.make_reviewer(ferry, REV)
    assert adj.annotator_problem(ferry, REV) is not None and adj.annotator_problem(ferry, "ana") is None
    assert adj.reviewer_problem(ferry, REV) is None  # a reviewer may go on reviewing
