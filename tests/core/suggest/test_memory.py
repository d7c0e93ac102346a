"""Entity memory: labelled mentions proposed again at token boundaries, learning and forgetting at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import Any

import pytest

from annotator.core.suggest.base import Knowledge, KnownSpan, ParagraphContext, Proposal
from annotator.core.suggest.memory import MemoryRecommender, initial_variant, score
from annotator.core.suggest.registry import RECOMMENDERS
from tests.workcount import python_calls


def _ctx(paragraphs: list[str], index: int, mentions: Mapping[str, Mapping[str, int]] | None = None,
         known: tuple[KnownSpan, ...] = (), **knowledge: Any) -> ParagraphContext:
    return ParagraphContext(tuple(paragraphs), index, "id", known,
                            Knowledge(mentions=mentions or {}, **knowledge))


def _known(paragraphs: list[str], index: int, text: str, label: str, occurrence: int = 0) -> KnownSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = paragraphs[index].index(text, start + 1)
    return KnownSpan(index, start, start + len(text), label, text, "manual")


def _found(ctx: ParagraphContext, rec: MemoryRecommender | None = None) -> list[tuple[str, str, int]]:
    """(text, label, start) of each proposal, after checking every proposal's invariants."""
    props = (rec or MemoryRecommender()).suggest(ctx)
    _check(ctx.text, props)
    return [(ctx.text[p.start:p.end], p.label, p.start) for p in props]


def _check(text: str, props: list[Proposal]) -> None:
    for p in props:
        assert 0 <= p.start < p.end <= len(text)
        span = text[p.start:p.end]
        assert span == span.strip()
        assert 0.0 <= p.score <= 1.0
        assert p.recommender == "memory"
    for a, b in pairwise(props):
        assert a.end <= b.start, "proposals overlap or are out of order"


P1 = "Menteri Keuangan Sri Mulyani membuka rapat di Jakarta."
P2 = "Sri Mulyani mengatakan anggaran aman."


def test_registered() -> None:
    assert isinstance(RECOMMENDERS["memory"](), MemoryRecommender)


def test_learns_at_once_from_the_project_and_the_article() -> None:
    paragraphs = [P1, P2]
    known = (_known(paragraphs, 0, "Sri Mulyani", "PERSON"),)
    rec = MemoryRecommender()
    assert _found(_ctx(paragraphs, 1), rec) == []  # nothing labelled yet
    # the service passes fresh knowledge after the label: the same recommender proposes it at once
    assert _found(_ctx(paragraphs, 1, {"Sri Mulyani": {"PERSON": 1}}, known), rec) == [("Sri Mulyani", "PERSON", 0)]
    # the article's own mentions count even before the project's knowledge has them
    assert _found(_ctx(paragraphs, 1, {}, known), MemoryRecommender()) == [("Sri Mulyani", "PERSON", 0)]


def test_forgets_a_text_no_longer_labelled() -> None:
    rec = MemoryRecommender()
    assert _found(_ctx([P2], 0, {"Sri Mulyani": {"PERSON": 1}}), rec) == [("Sri Mulyani", "PERSON", 0)]
    assert _found(_ctx([P2], 0, {"Jakarta": {"GPE": 1}}), rec) == []


def test_most_frequent_label_and_score() -> None:
    found = MemoryRecommender().suggest(_ctx([P1], 0, {"Jakarta": {"GPE": 3, "ORG": 1}}))
    assert [(P1[p.start:p.end], p.label) for p in found] == [("Jakarta", "GPE")]
    assert found[0].score == pytest.approx(0.75 * 3 / 4, abs=1e-3)
    assert score({"PERSON": 1}, "PERSON") == 0.5
    assert score({"PERSON": 9}, "PERSON") == 0.9
    assert score({"PERSON": 2}, "PERSON") > score({"PERSON": 1}, "PERSON")
    assert score({"PERSON": 2, "ORG": 2}, "PERSON") < score({"PERSON": 2}, "PERSON")
    # a tie goes to the label first in alphabetical order, the same every time
    assert _found(_ctx([P1], 0, {"Jakarta": {"ORG": 2, "GPE": 2}})) == [("Jakarta", "GPE", 46)]


def test_labels_of_other_layers_are_not_entities() -> None:
    assert _found(_ctx(["Budi berkata: kata dia."], 0, {"kata": {"CUE": 4}, "berkata": {"CUE": 1}})) == []


def test_longest_match_first() -> None:
    text = "Gubernur Bank Indonesia bertemu pejabat Indonesia."
    mentions = {"Bank Indonesia": {"ORG": 1}, "Indonesia": {"GPE": 5}, "Gubernur": {"ROLE": 1}}
    assert _found(_ctx([text], 0, mentions)) == [("Gubernur", "ROLE", 0), ("Bank Indonesia", "ORG", 9),
                                                 ("Indonesia", "GPE", 40)]
    # crossing matches: the longer one wins; of two as long, the earlier
    text = "Rapat Jawa Barat Daya Raya dimulai."
    mentions = {"Jawa Barat": {"GPE": 1}, "Barat Daya Raya": {"GPE": 1}}
    assert _found(_ctx([text], 0, mentions)) == [("Barat Daya Raya", "GPE", 11)]
    mentions = {"Jawa Barat": {"GPE": 1}, "Barat Daya": {"GPE": 1}}
    assert _found(_ctx([text], 0, mentions)) == [("Jawa Barat", "GPE", 6)]


def test_token_boundaries_only() -> None:
    text = "Budiman, Budianto, budi-budi, SiBudi dan Budi bertemu; Budi's car."
    found = _found(_ctx([text], 0, {"Budi": {"PERSON": 2}}))
    assert [(t, s) for t, _, s in found] == [("Budi", 41), ("Budi", 55)]
    # white space inside a mention may differ, but not be missing
    assert _found(_ctx(["Sri  Mulyani dan\nSri\nMulyani, SriMulyani"], 0, {"Sri Mulyani": {"PERSON": 1}})) == [
        ("Sri  Mulyani", "PERSON", 0), ("Sri\nMulyani", "PERSON", 17)]
    # a capital after a hyphen starts a token: both sides of "Rusia-Ukraina"
    assert _found(_ctx(["Perang Rusia-Ukraina."], 0, {"Rusia": {"GPE": 1}, "Ukraina": {"GPE": 1}})) == [
        ("Rusia", "GPE", 7), ("Ukraina", "GPE", 13)]


def test_case_sensitive_with_the_sentence_initial_variant() -> None:
    text = "Menteri keuangan hadir. “Menteri keuangan setuju,” kata menteri keuangan. Ia menemui Menteri keuangan."
    found = _found(_ctx([text], 0, {"menteri keuangan": {"ROLE": 3}}))
    assert [(t, s) for t, _, s in found] == [("Menteri keuangan", 0), ("Menteri keuangan", 25),
                                             ("menteri keuangan", 56)]
    assert _found(_ctx(["SRI MULYANI dan sri mulyani."], 0, {"Sri Mulyani": {"PERSON": 1}})) == []
    assert initial_variant("menteri") == "Menteri"
    assert initial_variant("Menteri") is None
    assert initial_variant("1 Mei") is None


def test_rejected_in_this_article_is_not_proposed_again() -> None:
    mentions = {"Sri Mulyani": {"PERSON": 1}, "Jakarta": {"GPE": 1}}
    found = _found(_ctx([P1], 0, mentions, rejected_here=frozenset({("Sri Mulyani", "PERSON")})))
    assert found == [("Jakarta", "GPE", 46)]
    # a rejection with another label does not concern the proposal
    found = _found(_ctx([P1], 0, mentions, rejected_here=frozenset({("Sri Mulyani", "ORG")})))
    assert [t for t, _, _ in found] == ["Sri Mulyani", "Jakarta"]


def test_rejected_more_often_than_accepted_stops() -> None:
    mentions = {"Sri Mulyani": {"PERSON": 4}}
    key = ("Sri Mulyani", "PERSON")
    assert _found(_ctx([P2], 0, mentions, rejected={key: 2}, accepted={key: 1})) == []
    assert _found(_ctx([P2], 0, mentions, rejected={key: 2}, accepted={key: 2})) == [("Sri Mulyani", "PERSON", 0)]
    assert _found(_ctx([P2], 0, mentions, rejected={key: 1})) == []


def test_never_over_the_annotators_spans() -> None:
    paragraphs = [P1]
    mentions = {"Sri Mulyani": {"PERSON": 2}, "Jakarta": {"GPE": 1}, "Keuangan": {"ORG": 1}}
    same = (_known(paragraphs, 0, "Sri Mulyani", "PERSON"),)
    assert [t for t, _, _ in _found(_ctx(paragraphs, 0, mentions, same))] == ["Keuangan", "Jakarta"]
    overlapping = (_known(paragraphs, 0, "Menteri Keuangan Sri", "ROLE"),)
    assert [t for t, _, _ in _found(_ctx(paragraphs, 0, mentions, overlapping))] == ["Jakarta"]
    # a quote around the mention does not block it; a span in another paragraph neither
    quote = (KnownSpan(0, 0, len(P1) - 1, "QUOTE", P1[:-1], "manual"),
             KnownSpan(1, 0, 11, "PERSON", "Sri Mulyani", "manual"))
    assert [t for t, _, _ in _found(_ctx([P1, P2], 0, mentions, quote))] == ["Keuangan", "Sri Mulyani", "Jakarta"]


@pytest.mark.parametrize("prefix", [
    "👨\u200d👩\u200d👧 ", "🇮🇩🇷🇺 ", "👍🏽\r\n", "e\u0301 \r\n", "“🇮🇩”\r\n\r\n", "\u200d🏳️\u200d🌈 x\u200d ",
])
def test_offsets_with_emoji_flags_zwj_and_crlf_before_the_span(prefix: str) -> None:
    text = prefix + "Sri Mulyani\r\nke 🇯🇵 Jakarta."
    found = _found(_ctx([text], 0, {"Sri Mulyani": {"PERSON": 1}, "Jakarta": {"GPE": 1}}))
    assert found == [("Sri Mulyani", "PERSON", len(prefix)), ("Jakarta", "GPE", text.index("Jakarta"))]


def test_boilerplate_paragraphs_get_nothing() -> None:
    ctx = ParagraphContext((P2,), 0, "id", (), Knowledge(mentions={"Sri Mulyani": {"PERSON": 1}}), frozenset({0}))
    assert MemoryRecommender().suggest(ctx) == []


# -- work, counted (tests/workcount.py), not timed ------------------------------------------------------------


def _calls_and_lookups(fn: Callable[[], Any]) -> int:
    """Python calls plus calls of builtins (each dict.get of the trie walk is one)."""
    return python_calls(fn, builtins=True)


def _project(n: int) -> dict[str, dict[str, int]]:
    """``n`` filler mentions (none in the paragraph) and the three that are."""
    mentions: dict[str, dict[str, int]] = {f"Nama{i} Keluarga{i % 97}": {"PERSON": 1 + i % 3} for i in range(n)}
    mentions.update({"Sri Mulyani": {"PERSON": 3}, "Bank Indonesia": {"ORG": 2}, "Jakarta": {"GPE": 5}})
    return mentions


PARAGRAPH = ("Menteri Keuangan Sri Mulyani dan Gubernur Bank Indonesia bertemu di Jakarta, Senin (3/6), "
             "untuk membahas anggaran; Sri Mulyani menyebut rapat itu “penting” bagi Jakarta. ") * 3


def test_a_paragraph_costs_the_same_whatever_the_number_of_known_mentions() -> None:
    costs = []
    for n in (100, 20_000):
        rec = MemoryRecommender()
        ctx = _ctx([PARAGRAPH], 0, _project(n))
        first = rec.suggest(ctx)  # builds the index (once per Knowledge object)
        assert len(first) == 15

        def run(rec: MemoryRecommender = rec, ctx: ParagraphContext = ctx, first: list[Proposal] = first) -> None:
            assert rec.suggest(ctx) == first

        assert python_calls(run) == python_calls(run)
        costs.append((python_calls(run), _calls_and_lookups(run)))
    assert costs[0] == costs[1]


def test_learning_one_more_mention_costs_the_same_whatever_the_projects_size() -> None:
    costs = []
    for n in (100, 20_000):
        rec = MemoryRecommender()
        mentions = _project(n)
        rec.suggest(_ctx([PARAGRAPH], 0, mentions))
        more = dict(mentions, **{"Senin": {"EVENT": 1}})
        ctx = _ctx([PARAGRAPH], 0, more)
        costs.append(python_calls(lambda ctx=ctx, rec=rec: rec.suggest(ctx)))
        assert len(rec.suggest(ctx)) == 18  # "Senin" learnt
    assert costs[0] == costs[1]


def test_does_not_learn_from_suggestions_not_accepted() -> None:
    """Places proposes "Rusia" in paragraph 1; nobody accepts it, so memory does not propose it elsewhere."""
    from annotator.core.suggest.places import PlacesRecommender

    paragraphs = ["Pasukan Rusia bergerak ke perbatasan.", "Pejabat Rusia membantah laporan itu."]
    first = PlacesRecommender().suggest(_ctx(paragraphs, 0))
    assert [(paragraphs[0][p.start:p.end], p.label) for p in first] == [("Rusia", "GPE")]
    suggested = tuple(KnownSpan(0, p.start, p.end, p.label, paragraphs[0][p.start:p.end], "suggested")
                      for p in first)
    assert _found(_ctx(paragraphs, 1, known=suggested)) == []
    accepted = tuple(dataclasses.replace(k, origin="manual") for k in suggested)
    assert _found(_ctx(paragraphs, 1, known=accepted)) == [("Rusia", "GPE", 8)]
