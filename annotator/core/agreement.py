"""Inter-annotator agreement over plain data: no Qt, no SQL.

Input is, per paragraph, its text and the spans of each annotator who marked
it done (offsets are code points inside the paragraph). Output is numbers:

- span precision / recall / F1 per pair of annotators, per label and micro,
  with exact match (same start, end and label) and overlap match (same label,
  at least one code point in common). In a pair ``(a, b)``, ``a`` is the
  reference: precision is the share of ``b``'s spans matched in ``a``, recall
  the share of ``a``'s spans matched in ``b``. Identical spans of one
  annotator count once;
- Cohen's kappa per pair and Krippendorff's alpha (nominal) over all
  annotators, with tokens as units. The tokens are those of
  :func:`annotator.core.tokenize.token_spans` (the exports' tokens), split at
  every boundary of the token layer's spans (entity by default) of every
  annotator who did the paragraph, so all annotators' tokens align. A token
  takes the label of the longest such span covering it, else ``O``. An
  annotator who did not do a paragraph is missing data for alpha;
- for quotes and claims matched exactly: whether the speaker / claimant is the
  same, and, where both gave one, whether the check-worthiness is the same.

A paragraph done by fewer than two of the annotators counts for nothing.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from operator import eq
from typing import Any, NamedTuple, TypeVar

from annotator.core.tokenize import token_spans

OUTSIDE = "O"
FLUSH_AT = 1_000_000  # token labels held before they are counted
LINKED_LAYERS = {"quote": "speaker", "claim": "claimant"}

_K = TypeVar("_K", bound=Hashable)  # a label type; both raters' counts are keyed alike


class Span(NamedTuple):
    """One annotator's span; ``link`` holds the identity keys of its speaker / claimant.

    Two links name the same source when their key sets share a key (e.g. the
    same target span and label, or the same entity key, or the same special
    source); two empty sets (no link) are the same too.
    """

    start: int
    end: int
    label: str
    layer: str = "entity"
    link: frozenset[Hashable] = frozenset()
    checkworthy: str | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


@dataclass(frozen=True)
class ParagraphSpans:
    """A paragraph's text and, per annotator who marked it done, their spans."""

    text: str
    spans: Mapping[str, Sequence[Span]]


def same_link(a: frozenset[Hashable], b: frozenset[Hashable]) -> bool:
    if not a or not b:
        return a == b
    return not a.isdisjoint(b)


def token_labels(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """The label of each token: that of the longest span covering it, else ``O``.

    ``tokens`` must have been split at the spans' boundaries.
    """
    starts = [s for s, _ in tokens]
    n = len(tokens)
    labels = [OUTSIDE] * n
    ranges = [(bisect_left(starts, sp.start), bisect_left(starts, sp.end), sp.label)
              for sp in sorted(spans, key=lambda x: (x.end - x.start, x.start, x.label))]  # longest last
    if sum(j - i for i, j, _ in ranges if j > i) <= 2 * n:  # little overlap: paint them in turn, longest last
        for i, j, label in ranges:
            if j > i:
                labels[i:j] = [label] * (j - i)
        return labels
    # Many overlapping spans (painting would cost spans x tokens): the longest first, each token labelled
    # once, by the first span that covers it; ``free[i]`` leads to the first token from i on not yet
    # labelled (union-find with path compression). Spans of one key have one label, so their order is moot.
    free = list(range(n + 1))

    def first_free(i: int) -> int:
        root = i
        while free[root] != root:
            root = free[root]
        while free[i] != root:
            free[i], i = root, free[i]
        return root

    for i, j, label in reversed(ranges):
        i = first_free(i)
        while i < j:
            labels[i] = label
            free[i] = i + 1
            i = first_free(i + 1)
    return labels


def kappa_from_counts(n: int, agree: int, count_a: Mapping[_K, int],
                      count_b: Mapping[_K, int]) -> float | None:
    """Cohen's kappa from the number of items, agreements and each rater's label counts.

    kappa = (po - pe) / (1 - pe) = (n * agree - S) / (n^2 - S) with S = sum_k a_k * b_k.
    ``None`` when undefined (no items, or both raters used one and the same label).
    """
    if n == 0:
        return None
    chance = sum(c * count_b.get(k, 0) for k, c in count_a.items())
    if chance == n * n:
        return None
    return (n * agree - chance) / (n * n - chance)


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    return kappa_from_counts(len(a), sum(map(eq, a, b)), Counter(a), Counter(b))


def _alpha(totals: Mapping[Any, int], disagreement: float) -> float | None:
    """alpha = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k."""
    n = sum(totals.values())
    expected = n * n - sum(v * v for v in totals.values())
    if n < 2 or expected == 0:
        return None
    return 1.0 - (n - 1) * disagreement / expected


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float | None:
    """Nominal Krippendorff's alpha; each unit lists one value per coder, ``None`` = missing.

    Units with fewer than two values are not pairable and are left out.
    """
    totals: Counter[Hashable] = Counter()
    disagreement = 0.0
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        totals.update(counts)
        disagreement += (m * m - sum(c * c for c in counts.values())) / (m - 1)
    return _alpha(totals, disagreement)


@dataclass(frozen=True)
class MatchCounts:
    """Spans of each side and how many of them found a match on the other side."""

    a_spans: int = 0
    b_spans: int = 0
    a_matched: int = 0
    b_matched: int = 0

    @property
    def precision(self) -> float | None:
        return self.b_matched / self.b_spans if self.b_spans else None

    @property
    def recall(self) -> float | None:
        return self.a_matched / self.a_spans if self.a_spans else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"a_spans": self.a_spans, "b_spans": self.b_spans, "a_matched": self.a_matched,
                "b_matched": self.b_matched, "precision": self.precision, "recall": self.recall,
                "f1": self.f1}


def _ratio(same: int, n: int) -> float | None:
    return same / n if n else None


@dataclass
class _PairAcc:
    """Running figures of one pair; label lists are counted once, in :meth:`AgreementCounter.result`."""

    paragraphs: int = 0
    a_spans: list[str] = field(default_factory=list)  # label of each span of a
    b_spans: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)  # label of each exact match
    ov_a: list[str] = field(default_factory=list)  # a spans overlapped by a b span (besides exact)
    ov_b: list[str] = field(default_factory=list)
    agree: int = 0
    tokens: int = 0
    tokens_a: list[str] = field(default_factory=list)  # label of each token not yet counted, per side
    tokens_b: list[str] = field(default_factory=list)
    count_a: Counter[str] = field(default_factory=Counter)  # labels counted so far, per side
    count_b: Counter[str] = field(default_factory=Counter)

    def flush(self) -> None:
        self.count_a.update(self.tokens_a)
        self.count_b.update(self.tokens_b)
        self.tokens_a.clear()
        self.tokens_b.clear()
    quotes: int = 0
    quotes_same: int = 0
    claims: int = 0
    claimant_same: int = 0
    cw_a: list[str] = field(default_factory=list)  # check-worthiness of claims matched, both given
    cw_b: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PairAgreement:
    a: str
    b: str
    paragraphs: int
    exact: dict[str, MatchCounts]  # by label
    overlap: dict[str, MatchCounts]
    tokens: int
    token_agreement: float | None
    cohen_kappa: float | None
    quotes_matched: int
    quote_attribution: float | None
    claims_matched: int
    claimant_agreement: float | None
    checkworthy_compared: int
    checkworthy_agreement: float | None
    checkworthy_kappa: float | None

    @staticmethod
    def _micro(counts: Mapping[str, MatchCounts]) -> MatchCounts:
        return MatchCounts(*(sum(getattr(c, f) for c in counts.values())
                             for f in ("a_spans", "b_spans", "a_matched", "b_matched")))

    @property
    def exact_micro(self) -> MatchCounts:
        return self._micro(self.exact)

    @property
    def overlap_micro(self) -> MatchCounts:
        return self._micro(self.overlap)

    def to_dict(self) -> dict[str, Any]:
        exact, overlap = self.exact_micro, self.overlap_micro
        return {
            "a": self.a, "b": self.b, "paragraphs": self.paragraphs,
            "span_f1": exact.f1,
            "span_f1_overlap": overlap.f1,
            "span_f1_by_label": {k: v.f1 for k, v in self.exact.items()},
            "span_f1_overlap_by_label": {k: v.f1 for k, v in self.overlap.items()},
            "exact": {"micro": exact.to_dict(), "by_label": {k: v.to_dict() for k, v in self.exact.items()}},
            "overlap": {"micro": overlap.to_dict(),
                        "by_label": {k: v.to_dict() for k, v in self.overlap.items()}},
            "tokens": self.tokens, "token_agreement": self.token_agreement,
            "cohen_kappa": self.cohen_kappa,
            "quote_attribution": {"matched_quotes": self.quotes_matched,
                                  "agreement": self.quote_attribution},
            "claimant": {"matched_claims": self.claims_matched, "agreement": self.claimant_agreement},
            "checkworthiness": {"compared_claims": self.checkworthy_compared,
                                "agreement": self.checkworthy_agreement,
                                "cohen_kappa": self.checkworthy_kappa},
        }


@dataclass(frozen=True)
class AgreementResult:
    annotators: tuple[str, ...]
    paragraphs: int  # paragraphs done by at least two of the annotators
    pairs: tuple[PairAgreement, ...]
    alpha_units: int  # tokens of the paragraphs done by at least two annotators
    krippendorff_alpha: float | None
    labels: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"annotators": list(self.annotators), "paragraphs": self.paragraphs,
                "labels": list(self.labels), "pairs": [p.to_dict() for p in self.pairs],
                "alpha_units": self.alpha_units, "krippendorff_alpha": self.krippendorff_alpha}


class _OverlapIndex:
    """Whether a span overlaps one of ``spans`` of the same label (a code point in common), by bisection:
    per label, the spans' starts in order and the furthest end among the spans up to each. Built once
    per side, so comparing n spans with m costs (n + m) log m, not n x m."""

    def __init__(self, spans: Iterable[tuple[int, int, str]]) -> None:
        by_label: dict[str, list[tuple[int, int]]] = {}
        for s, e, label in spans:
            by_label.setdefault(label, []).append((s, e))
        self._index: dict[str, tuple[list[int], list[int]]] = {}
        for label, items in by_label.items():
            items.sort()
            reach, furthest = [], -1
            for _, e in items:
                furthest = max(furthest, e)
                reach.append(furthest)
            self._index[label] = ([s for s, _ in items], reach)

    def overlaps(self, span: tuple[int, int, str]) -> bool:
        s, e, label = span
        found = self._index.get(label)
        if found is None:
            return False
        starts, reach = found
        k = bisect_left(starts, e)  # the spans that start before this one ends
        return k > 0 and reach[k - 1] > s


class AgreementCounter:
    """Accumulates paragraphs one by one; :meth:`result` gives the figures.

    ``span_layers``: layers whose spans are compared as spans; ``token_layer``:
    the layer whose spans label the tokens for kappa and alpha.
    """

    def __init__(self, annotators: Sequence[str], *,
                 span_layers: Iterable[str] = ("entity", "quote", "cue", "claim"),
                 token_layer: str = "entity") -> None:
        if len(set(annotators)) != len(annotators):
            raise ValueError("annotator named twice")
        self.annotators = tuple(annotators)
        self.span_layers = frozenset(span_layers)
        self.token_layer = token_layer
        self.paragraphs = 0
        self._pairs = {pair: _PairAcc() for pair in combinations(self.annotators, 2)}
        self._alpha_values: list[str] = []  # pairable values (token labels) not yet counted
        self._alpha_totals: Counter[str] = Counter()
        self._alpha_disagreement = 0.0
        self._alpha_units = 0

    def add(self, par: ParagraphSpans) -> None:
        """Count one paragraph; annotators in ``par.spans`` but not asked for are ignored."""
        names = [n for n in self.annotators if n in par.spans]
        if len(names) < 2:
            return
        self.paragraphs += 1
        token_layer = self.token_layer
        by_tok = {n: [s for s in par.spans[n] if s.layer == token_layer] for n in names}
        bounds = {b for n in names for s in by_tok[n] for b in (s.start, s.end)}
        tokens = token_spans(par.text, bounds)
        labels = {n: token_labels(tokens, by_tok[n]) for n in names}
        for n in names:
            self._alpha_values.extend(labels[n])
        layers = self.span_layers
        compared = {n: {s.key: s for s in par.spans[n] if s.layer in layers} for n in names}
        t = len(tokens)
        self._alpha_units += t
        disagreeing = 0
        for a, b in combinations(names, 2):
            acc = self._pairs[(a, b)]
            acc.paragraphs += 1
            la, lb = labels[a], labels[b]
            agree = sum(map(eq, la, lb))
            disagreeing += t - agree
            acc.agree += agree
            acc.tokens += t
            acc.tokens_a.extend(la)
            acc.tokens_b.extend(lb)
            _compare_spans(acc, compared[a], compared[b])
        # each disagreeing pair of coders is two ordered pairs, weighted 1 / (m - 1)
        self._alpha_disagreement += 2 * disagreeing / (len(names) - 1)
        if len(self._alpha_values) > FLUSH_AT:  # label lists are counted in bulk (fast), memory stays bounded
            self._flush()

    def _flush(self) -> None:
        self._alpha_totals.update(self._alpha_values)
        self._alpha_values.clear()
        for acc in self._pairs.values():
            acc.flush()

    def result(self) -> AgreementResult:
        self._flush()
        pairs = []
        all_labels: set[str] = set()
        for (a, b), acc in self._pairs.items():
            a_spans, b_spans, exact = Counter(acc.a_spans), Counter(acc.b_spans), Counter(acc.exact)
            ov_a, ov_b = Counter(acc.ov_a), Counter(acc.ov_b)
            labels = sorted(set(a_spans) | set(b_spans))
            all_labels.update(labels)
            exact_counts = {lab: MatchCounts(a_spans[lab], b_spans[lab], exact[lab], exact[lab]) for lab in labels}
            overlap_counts = {lab: MatchCounts(a_spans[lab], b_spans[lab], exact[lab] + ov_a[lab],
                                               exact[lab] + ov_b[lab]) for lab in labels}
            n_tok = acc.tokens
            n_cw = len(acc.cw_a)
            cw_same = sum(map(eq, acc.cw_a, acc.cw_b))
            pairs.append(PairAgreement(
                a, b, acc.paragraphs, exact_counts, overlap_counts, n_tok, _ratio(acc.agree, n_tok),
                kappa_from_counts(n_tok, acc.agree, acc.count_a, acc.count_b),
                acc.quotes, _ratio(acc.quotes_same, acc.quotes),
                acc.claims, _ratio(acc.claimant_same, acc.claims),
                n_cw, _ratio(cw_same, n_cw), kappa_from_counts(n_cw, cw_same, Counter(acc.cw_a), Counter(acc.cw_b))))
        return AgreementResult(self.annotators, self.paragraphs, tuple(pairs), self._alpha_units,
                               _alpha(self._alpha_totals, self._alpha_disagreement),
                               tuple(sorted(all_labels)))


def _compare_spans(acc: _PairAcc, ka: dict[tuple[int, int, str], Span],
                   kb: dict[tuple[int, int, str], Span]) -> None:
    acc.a_spans.extend(k[2] for k in ka)
    acc.b_spans.extend(k[2] for k in kb)
    common = ka.keys() & kb.keys()
    acc.exact.extend(k[2] for k in common)
    if len(common) < len(ka):
        in_b = _OverlapIndex(kb)
        acc.ov_a.extend(k[2] for k in ka if k not in common and in_b.overlaps(k))
    if len(common) < len(kb):
        in_a = _OverlapIndex(ka)
        acc.ov_b.extend(k[2] for k in kb if k not in common and in_a.overlaps(k))
    for k in common:
        sa = ka[k]
        if sa.layer == "quote":
            acc.quotes += 1
            acc.quotes_same += same_link(sa.link, kb[k].link)
        elif sa.layer == "claim":
            sb = kb[k]
            acc.claims += 1
            acc.claimant_same += same_link(sa.link, sb.link)
            if sa.checkworthy is not None and sb.checkworthy is not None:
                acc.cw_a.append(sa.checkworthy)
                acc.cw_b.append(sb.checkworthy)


def compute_agreement(paragraphs: Iterable[ParagraphSpans], annotators: Sequence[str], *,
                      span_layers: Iterable[str] = ("entity", "quote", "cue", "claim"),
                      token_layer: str = "entity") -> AgreementResult:
    counter = AgreementCounter(annotators, span_layers=span_layers, token_layer=token_layer)
    for par in paragraphs:
        counter.add(par)
    return counter.result()
