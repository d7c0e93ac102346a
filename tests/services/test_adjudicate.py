"""The adjudication API the review mode calls: paragraphs to review, candidates, gold, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, NotFoundError
from annotator.services import adjudicate as adj
from annotator.services import annotate
from annotator.services.agreement import project_agreement
from annotator.store import annotations as rows
from annotator.store.project import Project
from tests.services.review_builder import annotate_article_1, mark, new_project, pids, where

REV = "rev"


@pytest.fixture()
def review_three(tmp_path: Path) -> Project:
    """ana and budi agree on ARTICLE_1; citra differs in three places (see annotate_article_1)."""
    proj = new_project(tmp_path / "three.db")
    annotate_article_1(proj, "ana")
    annotate_article_1(proj, "budi")
    annotate_article_1(proj, "citra", variant=1)
    yield proj
    proj.close()


def _gold(proj: Project, pid: int) -> list[tuple[str, str, dict]]:
    return [(a.label, a.text, a.attrs) for a in adj.gold(proj, pid, REV)]


def test_paragraphs_for_review_most_disagreement_first(review_three: Project) -> None:
    p0, p1, p2 = pids(review_three, "berita-1")
    items = adj.paragraphs_for_review(review_three)
    # p2: ORG (ana, budi) / GPE (citra) Harbour Group, and the claim's claimant and check-worthiness differ: 3 of 3
    # p0: PERSON "Rina Sari" (ana, budi) / "Rina" (citra): 2 of 4; p1: the quote's speaker differs: 1 of 3
    assert [(i.paragraph_id, i.disputed, i.candidates) for i in items] == [(p2, 3, 3), (p0, 2, 4), (p1, 1, 3)]
    assert items[1].disagreement == pytest.approx(0.5) and items[0].annotators == ("ana", "budi", "citra")
    by_article = adj.paragraphs_for_review(review_three, order="article")
    assert [i.paragraph_id for i in by_article] == [p0, p1, p2] and by_article[0].article == "berita-1"
    assert adj.paragraphs_for_review(review_three, min_annotators=4) == []
    with pytest.raises(AnnotatorError, match="unknown order"):
        adj.paragraphs_for_review(review_three, order="random")


def test_candidates_say_who_proposed_what(review_three: Project) -> None:
    p0, p1, _p2 = pids(review_three, "berita-1")
    cands = adj.candidates(review_three, p0, REV)
    assert [(c.text, c.label, c.annotators, c.unanimous, c.disputed) for c in cands] == [
        ("Menteri Perhubungan", "ROLE", ("ana", "budi", "citra"), True, False),
        ("Rina Sari", "PERSON", ("ana", "budi"), False, True),
        ("Rina", "PERSON", ("citra",), False, True),
        ("Kota Baru", "GPE", ("ana", "budi", "citra"), True, False),
    ]
    assert all(c.gold_id is None and not c.rejected for c in cands)
    (quote,) = [c for c in adj.candidates(review_three, p1) if c.label == "QUOTE"]
    assert not quote.link_agreed and quote.disputed and quote.attrs_agreed
    speakers = {p.annotator: p.source.text for p in quote.proposals}
    assert speakers == {"ana": "Rina Sari", "budi": "Rina Sari", "citra": "Rina"}
    assert {p.links["cue"].text for p in quote.proposals} == {"kata"}
    with pytest.raises(NotFoundError):
        adj.candidates(review_three, 9999)


def test_auto_gold_policies(review_three: Project) -> None:
    p0, _p1, _p2 = pids(review_three, "berita-1")
    change = adj.auto_gold(review_three, p0, REV, "all")
    assert len(change.added) == 2
    assert [(label, text) for label, text, _ in _gold(review_three, p0)] == [
        ("ROLE", "Menteri Perhubungan"), ("GPE", "Kota Baru")]
    attrs = _gold(review_three, p0)[0][2]
    assert attrs == {"reviewer": REV, "agreed": ["ana", "budi", "citra"]}
    assert adj.auto_gold(review_three, p0, REV, "all").added == ()  # already in gold: nothing new
    adj.auto_gold(review_three, p0, REV, "majority")  # Rina Sari: 2 of 3
    assert [t for _, t, _ in _gold(review_three, p0)] == ["Menteri Perhubungan", "Rina Sari", "Kota Baru"]
    assert adj.auto_gold(review_three, p0, REV, "none").added == ()
    with pytest.raises(AnnotatorError, match="unknown policy"):
        adj.auto_gold(review_three, p0, REV, "most")
    gold_rows = review_three.conn.execute(
        "SELECT DISTINCT a.origin, n.name, n.is_reviewer FROM annotations a JOIN annotators n "
        "ON n.id = a.annotator_id WHERE a.origin = 'adjudicated'").fetchall()
    assert gold_rows == [("adjudicated", REV, 1)]


def test_auto_gold_takes_links_only_when_they_agree(review_three: Project) -> None:
    _p0, p1, _p2 = pids(review_three, "berita-1")
    adj.auto_gold(review_three, p1, REV, "all")
    quote = next(a for a in adj.gold(review_three, p1, REV) if a.label == "QUOTE")
    assert quote.attrs["kind"] == "direct"
    kinds = {ln.kind for ln in rows.links_of(review_three, quote.id) if ln.source_id == quote.id}
    assert kinds == {"cue"}  # the cue is agreed by all; the speaker is not (citra: "Rina"), left to the reviewer


def test_accept_with_speaker_from_an_earlier_paragraph(review_three: Project) -> None:
    p0, p1, _p2 = pids(review_three, "berita-1")
    quote_key = (*where(review_three, p1, "\u201cPelabuhan ini akan membuka 1.200 lapangan kerja,\u201d"), "QUOTE")
    change = adj.accept(review_three, p1, REV, quote_key)  # speaker: most common choice, "Rina Sari" in p0
    gold_quote = rows.get(review_three, change.added[0])
    assert gold_quote.origin == "adjudicated" and gold_quote.annotator == REV
    speaker = rows.get_link(review_three, gold_quote.id, "speaker")
    target = rows.get(review_three, speaker.target_id)
    assert (target.paragraph_id, target.text, target.annotator) == (p0, "Rina Sari", REV)
    assert target.attrs == {"reviewer": REV, "agreed": ["ana", "budi"]}
    cue = rows.get(review_three, rows.get_link(review_three, gold_quote.id, "cue").target_id)
    assert (cue.text, cue.layer) == ("kata", "cue")
    # choosing citra's speaker instead updates the same gold quote
    again = adj.accept(review_three, p1, REV, quote_key, link_from="citra")
    assert again.added and len(again.before) == 1 and again.before[0].annotation.id == gold_quote.id
    speaker = rows.get(review_three, rows.get_link(review_three, gold_quote.id, "speaker").target_id)
    assert speaker.text == "Rina" and speaker.paragraph_id == p0
    adj.undo(review_three, again, REV)
    speaker = rows.get(review_three, rows.get_link(review_three, gold_quote.id, "speaker").target_id)
    assert speaker.text == "Rina Sari"
    with pytest.raises(AnnotatorError, match="did not propose"):
        adj.accept(review_three, p1, REV, quote_key, link_from="zed")
    with pytest.raises(NotFoundError, match="no candidate"):
        adj.accept(review_three, p1, REV, (0, 1, "ORG"))


def test_claim_check_worthiness_follows_the_majority(review_three: Project) -> None:
    _p0, _p1, p2 = pids(review_three, "berita-1")
    (claim,) = [c for c in adj.candidates(review_three, p2, REV) if c.label == "CLAIM"]
    assert not claim.attrs_agreed
    adj.accept(review_three, p2, REV, claim)
    gold_claim = next(a for a in adj.gold(review_three, p2, REV) if a.label == "CLAIM")
    assert gold_claim.attrs["checkworthy"] == "yes"  # ana and budi against citra
    claimant = rows.get(review_three, rows.get_link(review_three, gold_claim.id, "claimant").target_id)
    assert (claimant.label, claimant.text) == ("ORG", "Harbour Group")


def test_reject_and_undo(review_three: Project) -> None:
    p0, _p1, _p2 = pids(review_three, "berita-1")
    adj.auto_gold(review_three, p0, REV, "majority")
    rina = next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina Sari")
    assert rina.gold_id is not None
    change = adj.reject(review_three, p0, REV, rina)
    rina = next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina Sari")
    assert rina.rejected and rina.gold_id is None
    assert adj.auto_gold(review_three, p0, REV, "majority").added == ()  # a rejection is respected
    adj.undo(review_three, change, REV)
    rina = next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina Sari")
    assert not rina.rejected and rina.gold_id is not None
    short = next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina")
    adj.reject(review_three, p0, REV, short)
    assert next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina").rejected
    accepted = adj.accept(review_three, p0, REV, short)  # changing one's mind
    assert not next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina").rejected
    adj.undo(review_three, accepted, REV)
    assert next(c for c in adj.candidates(review_three, p0, REV) if c.text == "Rina").gold_id is None


def test_accept_all_from_one_annotator_and_adjudicated_status(review_three: Project) -> None:
    p0, p1, p2 = pids(review_three, "berita-1")
    change = adj.accept_all_from(review_three, p2, REV, "citra")
    assert sorted(label for label, _, _ in _gold(review_three, p2)) == ["CLAIM", "GPE"]
    claim = next(a for a in adj.gold(review_three, p2, REV) if a.label == "CLAIM")
    assert claim.attrs["checkworthy"] == "no" and claim.attrs["agreed"] == ["ana", "budi", "citra"]
    adj.undo(review_three, change, REV)
    assert _gold(review_three, p2) == []
    assert adj.set_adjudicated(review_three, p2, REV) == "todo"
    assert [i.adjudicated for i in adj.paragraphs_for_review(review_three, order="article", reviewer=REV)] == [
        False, False, True]
    progress = adj.article_progress(review_three, REV)
    assert [(p.article, p.reviewable, p.adjudicated) for p in progress] == [("berita-1", 3, 1)]
    assert adj.set_adjudicated(review_three, p2, REV, done=False) == "done"
    # the reviewer's gold and status stay out of the agreement figures
    assert project_agreement(review_three)["annotators"] == ["ana", "budi", "citra"]


def test_an_annotator_cannot_be_the_reviewer(review_three: Project) -> None:
    p0, _p1, _p2 = pids(review_three, "berita-1")
    with pytest.raises(AnnotatorError, match="review under another name"):
        adj.auto_gold(review_three, p0, "ana", "all")
    with pytest.raises(AnnotatorError, match="review under another name"):
        adj.make_reviewer(review_three, "citra")
    mark(review_three, p0, "dewi", "GPE", "Kota Baru")
    with pytest.raises(AnnotatorError, match="review under another name"):
        adj.set_adjudicated(review_three, p0, "dewi")
    assert adj.paragraphs_for_review(review_three)  # nothing half-done by the refusals
    assert _gold(review_three, p0) == []


def test_a_speaker_in_the_same_paragraph_goes_into_gold_once(review_three: Project) -> None:
    _p0, p1, _p2 = pids(review_three, "berita-1")
    quote = next(p for c in adj.candidates(review_three, p1) if c.label == "QUOTE" for p in c.proposals
                 if p.annotator == "ana")
    rina = next(p for c in adj.candidates(review_three, p1) if c.label == "PERSON" for p in c.proposals
                if p.annotator == "ana")
    annotate.link(review_three, quote.annotation_id, "speaker", "ana", target_id=rina.annotation_id)
    change = adj.accept_all_from(review_three, p1, REV, "ana")  # the quote comes first, then its speaker
    gold = adj.gold(review_three, p1, REV)
    assert sorted(a.label for a in gold) == ["CUE", "PERSON", "QUOTE"]
    person = next(a for a in gold if a.label == "PERSON")
    assert person.attrs["agreed"] == ["ana", "budi", "citra"]
    gold_quote = next(a for a in gold if a.label == "QUOTE")
    assert rows.get_link(review_three, gold_quote.id, "speaker").target_id == person.id
    assert change.before == ()
    adj.undo(review_three, change, REV)
    assert adj.gold(review_three, p1, REV) == []
