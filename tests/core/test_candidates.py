"""Review candidates: grouping by span, competing variants as one decision, what sets a variant apart."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from annotator.core.agreement import Span
from annotator.core.candidates import (
    SpanDifference,
    competing,
    decisions,
    disagreement,
    group_candidates,
    span_difference,
    supported,
)

# "Juru bicara Nusa Lines, Dewi Anggraini, mengatakan perbaikan kapal selesai dalam dua minggu."
TEXT = "Juru bicara Nusa Lines, Dewi Anggraini, mengatakan perbaikan kapal selesai dalam dua minggu."
QUOTE_DOT = (TEXT.index("perbaikan"), len(TEXT))  # with the final "."
QUOTE = (QUOTE_DOT[0], len(TEXT) - 1)  # without it
DEWI = (TEXT.index("Dewi"), TEXT.index(", mengatakan"))
NUSA = (TEXT.index("Nusa"), TEXT.index(", Dewi"))
SPOKESMAN = (0, NUSA[1])  # "Juru bicara Nusa Lines": a longer entity holding NUSA


@dataclass(frozen=True)
class C:
    start: int
    end: int
    layer: str
    annotators: tuple[str, ...]


def test_variants_of_one_span_by_different_annotators_compete() -> None:
    ana, budi = C(*QUOTE_DOT, "quote", ("ana",)), C(*QUOTE, "quote", ("budi",))
    assert competing(ana, budi) and competing(budi, ana)
    assert competing(C(*DEWI, "entity", ("ana",)), C(*DEWI, "entity", ("budi", "citra")))  # PERSON vs ORG
    # an annotator's own spans are all meant; other layers and neighbours do not compete
    assert not competing(C(*SPOKESMAN, "entity", ("ana",)), C(*NUSA, "entity", ("ana", "budi")))
    assert not competing(ana, C(*QUOTE, "claim", ("budi",)))
    assert not competing(C(*NUSA, "entity", ("ana",)), C(NUSA[1], DEWI[1], "entity", ("budi",)))


def test_decisions_group_competing_variants_and_keep_the_rest_apart() -> None:
    items = [C(*NUSA, "entity", ("ana", "budi")),  # 0: agreed, but citra's longer span competes with it
             C(*SPOKESMAN, "entity", ("citra",)),  # 1
             C(*DEWI, "entity", ("ana", "budi", "citra")),  # 2: no rival
             C(*QUOTE_DOT, "quote", ("ana",)),  # 3
             C(*QUOTE, "quote", ("budi", "citra"))]  # 4
    assert decisions(items) == [(0, 1), (2,), (3, 4)]
    # nested spans of one annotator are two decisions
    assert decisions([C(*SPOKESMAN, "entity", ("ana",)), C(*NUSA, "entity", ("ana",))]) == [(0,), (1,)]
    assert decisions([]) == []


def test_decisions_chain_through_a_shared_rival() -> None:
    # budi's long span competes with ana's two short ones: one decision of three
    items = [C(0, 4, "entity", ("ana",)), C(0, 11, "entity", ("budi",)), C(5, 11, "entity", ("ana",))]
    assert decisions(items) == [(0, 1, 2)]


def test_span_difference_marks_the_extra_full_stop() -> None:
    dot = span_difference(QUOTE_DOT, [QUOTE])
    assert dot == SpanDifference(extra=((len(TEXT) - 1, len(TEXT)),), missing=())
    assert TEXT[slice(*dot.extra[0])] == "."
    plain = span_difference(QUOTE, [QUOTE_DOT])
    assert plain.extra == () and plain.missing == ((len(TEXT) - 1, len(TEXT)),) and plain.differs
    assert not span_difference(DEWI, [DEWI]).differs and not span_difference(DEWI, []).differs


def test_span_difference_on_both_sides_and_with_three_variants() -> None:
    # ana "Juru bicara Nusa Lines", budi "Nusa Lines", citra "Nusa Lines, Dewi Anggraini"
    citra = (NUSA[0], DEWI[1])
    ana = span_difference(SPOKESMAN, [NUSA, citra])
    assert [TEXT[s:e] for s, e in ana.extra] == ["Juru bicara "]
    assert [TEXT[s:e] for s, e in ana.missing] == [", Dewi Anggraini"]
    budi = span_difference(NUSA, [SPOKESMAN, citra])
    assert budi.extra == () and [TEXT[s:e] for s, e in budi.missing] == ["Juru bicara ", ", Dewi Anggraini"]
    # no character in common at all: everything is extra
    apart = span_difference((0, 4), [(6, 10)])
    assert apart.extra == ((0, 4),) and apart.missing == ((6, 10),)


def test_group_candidates_by_span_and_label() -> None:
    spans = {"ana": [Span(*NUSA, "ORG"), Span(*NUSA, "ORG"), Span(*DEWI, "PERSON")],
             "budi": [Span(*NUSA, "GPE"), Span(*DEWI, "PERSON")]}
    groups = group_candidates(spans)
    assert [(g.label, g.annotators) for g in groups] == [("GPE", ("budi",)), ("ORG", ("ana",)),
                                                         ("PERSON", ("ana", "budi"))]  # by position, then label
    assert disagreement(groups, 2) == (2, pytest.approx(2 / 3))


@pytest.mark.parametrize(("proposers", "n", "policy", "expected"),
                         [(3, 3, "all", True), (2, 3, "all", False), (2, 3, "majority", True),
                          (1, 2, "majority", False), (3, 3, "none", False)])
def test_supported(proposers: int, n: int, policy: str, expected: bool) -> None:
    assert supported(proposers, n, policy) is expected
