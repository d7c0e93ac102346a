"""Agreement figures: hand-computed cases, and the reference packages on the same data."""

from __future__ import annotations

import math
import random
from itertools import combinations

import pytest

import annotator.core.agreement as agreement_module
from annotator.core.agreement import (
    OUTSIDE,
    AgreementCounter,
    MatchCounts,
    ParagraphSpans,
    Span,
    cohen_kappa,
    compute_agreement,
    kappa_from_counts,
    krippendorff_alpha,
    same_link,
    token_labels,
)
from annotator.core.candidates import disagreement, group_candidates, supported
from annotator.core.tokenize import token_spans

krippendorff = pytest.importorskip("krippendorff")
np = pytest.importorskip("numpy")
metrics = pytest.importorskip("sklearn.metrics")

TEXT = "Ana Putri visited Kota Lama."
# tokens: Ana(0,3) Putri(4,9) visited(10,17) Kota(18,22) Lama(23,27) .(27,28)


def test_token_labels_longest_span_wins_and_rest_is_outside() -> None:
    tokens = token_spans(TEXT, [0, 9, 18, 27, 4])
    spans = [Span(0, 9, "PERSON"), Span(4, 9, "ROLE"), Span(18, 27, "GPE")]
    assert token_labels(tokens, spans) == ["PERSON", "PERSON", OUTSIDE, "GPE", "GPE", OUTSIDE]


def test_hand_computed_pair() -> None:
    a = [Span(0, 9, "PERSON"), Span(18, 27, "GPE")]
    b = [Span(0, 3, "PERSON"), Span(18, 27, "GPE")]
    res = compute_agreement([ParagraphSpans(TEXT, {"a": a, "b": b})], ["a", "b"])
    pair = res.pairs[0]
    # tokens: a = P P O G G O, b = P O O G G O -> 5 of 6 agree.
    # a counts P2 O2 G2, b counts P1 O3 G2: S = 2*1 + 2*3 + 2*2 = 12
    # kappa = (n*agree - S) / (n^2 - S) = (6*5 - 12) / (36 - 12) = 18/24 = 0.75
    assert pair.tokens == 6
    assert pair.cohen_kappa == pytest.approx(0.75)
    assert pair.token_agreement == pytest.approx(5 / 6)
    # exact: only GPE matches: P = R = 1/2, F1 = 1/2; PERSON 0, GPE 1
    assert pair.exact_micro.f1 == pytest.approx(0.5)
    assert pair.exact["PERSON"].f1 == 0.0
    assert pair.exact["GPE"].f1 == 1.0
    # overlap: PERSON 0-9 and 0-3 overlap, so everything matches
    assert pair.overlap_micro.f1 == pytest.approx(1.0)
    # alpha, two coders, 6 units: n_P = 3, n_O = 5, n_G = 4, n = 12; one unit (Putri) disagrees:
    # sum_{c!=k} o_ck = 2 / (2 - 1) = 2; expected = 12^2 - (9 + 25 + 16) = 94
    # alpha = 1 - (n - 1) * 2 / 94 = 1 - 22/94 = 72/94
    assert res.krippendorff_alpha == pytest.approx(72 / 94)
    assert res.paragraphs == 1 and res.alpha_units == 6


def test_hand_computed_span_scores() -> None:
    text = "x" * 40
    a = [Span(0, 5, "PER"), Span(10, 15, "ORG"), Span(20, 25, "GPE")]
    b = [Span(0, 5, "PER"), Span(10, 14, "ORG"), Span(30, 35, "GPE"), Span(0, 5, "PER")]  # a duplicate counts once
    pair = compute_agreement([ParagraphSpans(text, {"a": a, "b": b})], ["a", "b"]).pairs[0]
    # exact: 1 of 3 on each side -> P = R = F1 = 1/3
    assert pair.exact_micro == MatchCounts(3, 3, 1, 1)
    assert pair.exact_micro.f1 == pytest.approx(1 / 3)
    # overlap: ORG 10-15 / 10-14 overlap too -> 2 of 3 -> F1 = 2/3; GPE 20-25 / 30-35 do not touch
    assert pair.overlap_micro.f1 == pytest.approx(2 / 3)
    assert pair.overlap["ORG"].f1 == 1.0 and pair.overlap["GPE"].f1 == 0.0
    d = pair.to_dict()
    assert d["span_f1_by_label"] == {"GPE": 0.0, "ORG": 0.0, "PER": 1.0}


def test_precision_and_recall_take_a_as_reference() -> None:
    text = "y" * 30
    a = [Span(0, 5, "PER")]
    b = [Span(0, 5, "PER"), Span(10, 15, "PER")]
    pair = compute_agreement([ParagraphSpans(text, {"a": a, "b": b})], ["a", "b"]).pairs[0]
    # b's 2 spans, 1 matched: precision 1/2; a's 1 span matched: recall 1; F1 = 2 * .5 * 1 / 1.5 = 2/3
    m = pair.exact_micro
    assert (m.precision, m.recall) == (0.5, 1.0)
    assert m.f1 == pytest.approx(2 / 3)


def test_empty_sides() -> None:
    assert MatchCounts().f1 is None
    assert MatchCounts(0, 2, 0, 0).f1 == 0.0  # a marked nothing, b marked two
    assert kappa_from_counts(0, 0, {}, {}) is None
    assert cohen_kappa(["O", "O"], ["O", "O"]) is None  # one label only: undefined
    assert krippendorff_alpha([["O", "O"], ["O", None]]) is None
    assert krippendorff_alpha([["A", None], [None, "B"]]) is None  # nothing pairable


def test_hand_computed_alpha_with_missing_coders() -> None:
    units = [["A", "A", "A"], ["A", "B", None], ["B", "B", "B"], ["A", None, None]]
    # the last unit has one value and is left out. n_A = 3 + 1 = 4, n_B = 1 + 3 = 4, n = 8
    # unit 2: 2 ordered disagreeing pairs / (2 - 1) = 2; expected = 64 - (16 + 16) = 32
    # alpha = 1 - 7 * 2 / 32 = 18/32
    assert krippendorff_alpha(units) == pytest.approx(18 / 32)
    data = np.array([[0, 0, 1, 0], [0, 1, 1, np.nan], [0, np.nan, 1, np.nan]], dtype=float)
    assert krippendorff.alpha(reliability_data=data, level_of_measurement="nominal") == pytest.approx(18 / 32)


def test_hand_computed_kappa() -> None:
    a = ["PER", "PER", "O", "O", "ORG"]
    b = ["PER", "O", "O", "O", "ORG"]
    # po = 4/5, pe = (2*1 + 2*3 + 1*1) / 25 = 9/25; kappa = (0.8 - 0.36) / 0.64 = 0.6875
    assert cohen_kappa(a, b) == pytest.approx(0.6875)
    assert metrics.cohen_kappa_score(a, b) == pytest.approx(0.6875)


def test_quote_attribution_and_checkworthiness() -> None:
    text = "z" * 60
    ani = frozenset({("span", 1, 0, 3, "PERSON")})
    ani_by_entity = frozenset({("span", 2, 5, 8, "PERSON"), ("entity", "PERSON:ani")})
    ani_span_and_entity = frozenset({("span", 1, 0, 3, "PERSON"), ("entity", "PERSON:ani")})
    budi = frozenset({("span", 1, 10, 14, "PERSON")})
    journalist = frozenset({("special", "journalist")})
    a = [Span(0, 10, "QUOTE", "quote", ani), Span(20, 30, "QUOTE", "quote", ani_span_and_entity),
         Span(31, 40, "QUOTE", "quote", journalist), Span(41, 45, "QUOTE", "quote"),
         Span(46, 50, "CLAIM", "claim", budi, "yes"), Span(51, 55, "CLAIM", "claim", frozenset(), "no"),
         Span(56, 59, "CLAIM", "claim", frozenset(), None)]
    b = [Span(0, 10, "QUOTE", "quote", budi), Span(20, 30, "QUOTE", "quote", ani_by_entity),
         Span(31, 40, "QUOTE", "quote", journalist), Span(41, 45, "QUOTE", "quote"),
         Span(46, 50, "CLAIM", "claim", budi, "yes"), Span(51, 55, "CLAIM", "claim", frozenset(), "yes"),
         Span(56, 59, "CLAIM", "claim", frozenset(), "no")]
    pair = compute_agreement([ParagraphSpans(text, {"a": a, "b": b})], ["a", "b"]).pairs[0]
    # quotes: 0-10 differ (Ani / Budi), 20-30 same entity, 31-40 same special, 41-45 both unlinked: 3 of 4
    assert (pair.quotes_matched, pair.quote_attribution) == (4, 0.75)
    # claims: claimants all the same (Budi/Budi, none/none, none/none): 3 of 3
    assert (pair.claims_matched, pair.claimant_agreement) == (3, 1.0)
    # check-worthiness compared where both gave it: yes/yes, no/yes -> 1 of 2
    assert (pair.checkworthy_compared, pair.checkworthy_agreement) == (2, 0.5)
    # kappa over (yes,yes), (no,yes): agree 1, a: yes1 no1, b: yes2; S = 1*2 = 2 -> (2*1 - 2) / (4 - 2) = 0
    assert pair.checkworthy_kappa == 0.0


def test_same_link() -> None:
    assert same_link(frozenset(), frozenset())
    assert not same_link(frozenset({1}), frozenset())
    assert same_link(frozenset({1, 2}), frozenset({2, 3}))
    assert not same_link(frozenset({1}), frozenset({2}))


def test_layers_filter_spans_and_tokens() -> None:
    text = "Ana said it rained in Palu."
    a = [Span(0, 3, "PERSON"), Span(4, 26, "QUOTE", "quote")]
    b = [Span(0, 3, "PERSON"), Span(9, 26, "QUOTE", "quote")]
    ent = compute_agreement([ParagraphSpans(text, {"a": a, "b": b})], ["a", "b"], span_layers=["entity"]).pairs[0]
    assert ent.exact_micro.f1 == 1.0 and ent.cohen_kappa == 1.0 and ent.quotes_matched == 0
    quo = compute_agreement([ParagraphSpans(text, {"a": a, "b": b})], ["a", "b"], span_layers=["quote"],
                            token_layer="quote").pairs[0]
    assert quo.exact_micro.f1 == 0.0 and quo.overlap_micro.f1 == 1.0
    # tokens Ana said it rained in Palu . -> a: O Q Q Q Q Q O, b: O O Q Q Q Q O; 6 of 7 agree
    # a: O2 Q5, b: O3 Q4: S = 6 + 20 = 26; kappa = (7*6 - 26) / (49 - 26) = 16/23
    assert quo.cohen_kappa == pytest.approx(16 / 23)


def test_paragraph_needs_two_annotators_and_unknown_names_are_ignored() -> None:
    counter = AgreementCounter(["a", "b", "c"])
    counter.add(ParagraphSpans(TEXT, {"a": [Span(0, 3, "PERSON")]}))
    counter.add(ParagraphSpans(TEXT, {"a": [], "zed": []}))
    res = counter.result()
    assert res.paragraphs == 0 and res.krippendorff_alpha is None
    assert all(p.paragraphs == 0 and p.cohen_kappa is None for p in res.pairs)


# -- against the reference packages -------------------------------------------------------

WORDS = ["Menteri", "Rina", "Sari", "kata", "pelabuhan", "baru", "di", "Kota", "Baru", "akan", "dibuka",
         "tahun", "depan", "Harbour", "Group", "said", "the", "port", "ministry", "1,2", "persen", ",", "."]
LABELS = ["PERSON", "ORG", "GPE", "ROLE"]


def _random_paragraph(rng: random.Random, names: list[str], p_missing: float) -> ParagraphSpans:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25)))
    tokens = token_spans(text)
    spans = {}
    for name in names:
        if rng.random() < p_missing:
            continue
        mine = []
        for _ in range(rng.randint(0, 5)):
            i = rng.randrange(len(tokens))
            j = min(len(tokens), i + rng.randint(1, 3))
            mine.append(Span(tokens[i][0], tokens[j - 1][1], rng.choice(LABELS)))
        if rng.random() < 0.3:  # a span starting inside a word, to exercise the boundary splits
            s = rng.randrange(len(text) - 1)
            mine.append(Span(s, rng.randint(s + 1, len(text)), rng.choice(LABELS)))
        spans[name] = mine
    return ParagraphSpans(text, spans)


def _naive_labels(text: str, names: list[str], spans: dict[str, list[Span]]) -> dict[str, list[str]]:
    """Token labels worked out independently: for each token the longest span containing it."""
    bounds = {b for n in names for s in spans[n] for b in (s.start, s.end)}
    tokens = token_spans(text, bounds)
    out = {}
    for n in names:
        labels = []
        for ts, te in tokens:
            covering = [s for s in spans[n] if s.start <= ts and te <= s.end]
            best = max(covering, key=lambda s: (s.end - s.start, s.start, s.label), default=None)
            labels.append(best.label if best else OUTSIDE)
        out[n] = labels
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_kappa_and_alpha_match_reference_packages_on_random_data(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    if seed % 2:  # count the token labels in many small batches, as on a large project
        monkeypatch.setattr(agreement_module, "FLUSH_AT", 40)
    rng = random.Random(seed)
    names = ["ana", "budi", "citra", "dewi"][: rng.randint(2, 4)]
    pars = [_random_paragraph(rng, names, p_missing=0.3) for _ in range(40)]
    res = compute_agreement(pars, names)
    per_pair: dict[tuple[str, str], tuple[list[str], list[str]]] = {p: ([], []) for p in combinations(names, 2)}
    columns: list[list[float]] = []
    code: dict[str, int] = {}
    for par in pars:
        done = [n for n in names if n in par.spans]
        if len(done) < 2:
            continue
        labels = _naive_labels(par.text, done, par.spans)
        for a, b in combinations(done, 2):
            per_pair[(a, b)][0].extend(labels[a])
            per_pair[(a, b)][1].extend(labels[b])
        for i in range(len(labels[done[0]])):
            columns.append([code.setdefault(labels[n][i], len(code)) if n in labels else math.nan for n in names])
    for pair in res.pairs:
        la, lb = per_pair[(pair.a, pair.b)]
        assert pair.tokens == len(la)
        if len(set(la) | set(lb)) > 1:
            assert pair.cohen_kappa == pytest.approx(metrics.cohen_kappa_score(la, lb), abs=1e-12)
    data = np.array(columns, dtype=float).T  # coders x units
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert res.krippendorff_alpha == pytest.approx(expected, abs=1e-12)
    assert res.alpha_units == data.shape[1]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_plain_functions_match_reference_packages(seed: int) -> None:
    rng = random.Random(seed)
    cats = ["O", "PER", "ORG", "GPE"]
    a = [rng.choice(cats) for _ in range(300)]
    b = [x if rng.random() < 0.7 else rng.choice(cats) for x in a]
    assert cohen_kappa(a, b) == pytest.approx(metrics.cohen_kappa_score(a, b), abs=1e-12)
    units = [[rng.choice(cats) if rng.random() > 0.25 else None for _ in range(4)] for _ in range(200)]
    ids = {c: i for i, c in enumerate(cats)}
    data = np.array([[ids[v] if v is not None else np.nan for v in u] for u in units], dtype=float).T
    expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(expected, abs=1e-12)


# -- review candidates ------------------------------------------------------------------------

def test_group_candidates_and_disagreement() -> None:
    spans = {
        "budi": [Span(0, 3, "PERSON"), Span(18, 27, "GPE"), Span(0, 3, "PERSON")],
        "ana": [Span(0, 9, "PERSON"), Span(18, 27, "GPE")],
        "citra": [Span(18, 27, "GPE"), Span(0, 9, "PERSON")],
    }
    groups = group_candidates(spans)
    assert [(g.key, g.annotators) for g in groups] == [
        ((0, 9, "PERSON"), ("ana", "citra")),
        ((0, 3, "PERSON"), ("budi",)),
        ((18, 27, "GPE"), ("ana", "budi", "citra")),
    ]
    # two of three candidates lack someone's support
    assert disagreement(groups, 3) == (2, pytest.approx(2 / 3))
    assert disagreement([], 3) == (0, 0.0)
    assert [supported(len(g.proposals), 3, "all") for g in groups] == [False, False, True]
    assert [supported(len(g.proposals), 3, "majority") for g in groups] == [True, False, True]
    assert not any(supported(len(g.proposals), 3, "none") for g in groups)


def test_candidate_with_differing_speakers_is_disputed() -> None:
    q1 = Span(0, 10, "QUOTE", "quote", frozenset({("special", "unnamed")}))
    q2 = Span(0, 10, "QUOTE", "quote", frozenset({("special", "journalist")}))
    (group,) = group_candidates({"a": [q1], "b": [q2]})
    assert not group.link_agreed and group.disputed(2)
    (same,) = group_candidates({"a": [q1], "b": [q1]})
    assert same.link_agreed and not same.disputed(2)


def _two_annotators_one_paragraph(n: int) -> ParagraphSpans:
    """One paragraph of n words, a span on each for two annotators who disagree on a third of them:
    a different end (an overlap match), a different label (no match), or the same span."""
    words = [f"w{i}" for i in range(n)]
    text = " ".join(words)
    a: list[Span] = []
    b: list[Span] = []
    pos = 0
    for i, w in enumerate(words):
        a.append(Span(pos, pos + len(w), "PERSON"))
        b.append(Span(pos, pos + 1, "PERSON") if i % 3 == 0 else
                 Span(pos, pos + len(w), "ORG") if i % 3 == 1 else Span(pos, pos + len(w), "PERSON"))
        pos += len(w) + 1
    return ParagraphSpans(text, {"ana": a, "budi": b})


def test_one_paragraph_with_many_spans_costs_linear_work() -> None:
    """Overlap matches are found by bisection, not by comparing every span of one side with every span
    of the other (one paragraph of 20,000 spans from two annotators: 28 s). Counted in Python calls:
    four times the spans, about four times the calls (it was about fifteen)."""
    from tests.workcount import python_calls

    def calls(n: int) -> int:
        par = _two_annotators_one_paragraph(n)
        box: list[object] = []
        count = python_calls(lambda: box.append(compute_agreement([par], ["ana", "budi"])))
        overlap = box[0].pairs[0].overlap["PERSON"]  # type: ignore[attr-defined]
        assert overlap.a_matched == n - (n + 1) // 3  # all but the ones budi labelled ORG
        return count

    small, large = calls(500), calls(2000)
    assert large < 6 * small, (small, large)


def _painted(tokens: list[tuple[int, int]], spans: list[Span]) -> list[str]:
    """The definition of token labels: paint every span, shortest first, so the longest is on top."""
    labels = [OUTSIDE] * len(tokens)
    for sp in sorted(spans, key=lambda x: (x.end - x.start, x.start, x.label)):
        for k, (s, e) in enumerate(tokens):
            if sp.start <= s and e <= sp.end:
                labels[k] = sp.label
    return labels


def test_token_labels_of_many_overlapping_spans_are_the_painted_ones() -> None:
    """Many nested or overlapping spans take the path that labels each token once (painting every span
    would cost spans x tokens); the labels are those of painting, shortest first."""
    rnd = random.Random(3)
    for _ in range(300):
        text = " ".join(rnd.choice(["a", "bb", "ccc", "1.5", "x-y"]) for _ in range(rnd.randint(1, 40)))
        spans = []
        for _ in range(rnd.randint(0, 60)):
            s = rnd.randrange(len(text))
            spans.append(Span(s, rnd.randint(s + 1, len(text)), rnd.choice(["PERSON", "ORG", "GPE"])))
        tokens = token_spans(text, {x for sp in spans for x in (sp.start, sp.end)})
        assert token_labels(tokens, spans) == _painted(tokens, spans)


def test_overlap_matches_are_those_of_comparing_every_pair() -> None:
    rnd = random.Random(4)
    for _ in range(300):
        def spans() -> list[Span]:
            out = []
            for _ in range(rnd.randint(0, 25)):
                s = rnd.randrange(60)
                out.append(Span(s, rnd.randint(s + 1, 61), rnd.choice(["PERSON", "ORG"])))
            return out

        a, b = spans(), spans()
        result = compute_agreement([ParagraphSpans("x" * 61, {"ana": a, "budi": b})], ["ana", "budi"])
        ka, kb = {s.key for s in a}, {s.key for s in b}
        for label in ("PERSON", "ORG"):
            def hit(k: tuple[int, int, str], others: set[tuple[int, int, str]]) -> bool:
                return k in others or any(o[2] == k[2] and o[0] < k[1] and k[0] < o[1] for o in others)

            want_a = sum(1 for k in ka if k[2] == label and hit(k, kb))
            want_b = sum(1 for k in kb if k[2] == label and hit(k, ka))
            got = result.pairs[0].overlap.get(label)
            assert (got.a_matched if got else 0, got.b_matched if got else 0) == (want_a, want_b)
