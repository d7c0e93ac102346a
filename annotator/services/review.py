"""What a reviewer sees: paragraphs to review, candidates per paragraph, gold, progress.

Read-only half of :mod:`annotator.services.adjudicate` (which re-exports all of
it). Candidates come from the annotators who marked the paragraph done;
reviewers and not-yet-confirmed suggestions are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.agreement import Span
from annotator.core.candidates import SpanDifference, competing, decisions, group_candidates, span_difference
from annotator.core.candidates import disagreement as score
from annotator.core.model import Annotation
from annotator.errors import AnnotatorError, NotFoundError
from annotator.services.agreement import ALL_LAYERS, paragraph_spans, to_span
from annotator.services.annotate import Snapshot
from annotator.store import annotations as rows
from annotator.store import review_queries as q
from annotator.store.project import Project

Key = tuple[int, int, str]  # (start, end, label)
ORDERS = ("disagreement", "article")


@dataclass(frozen=True)
class ReviewItem:
    paragraph_id: int
    article_id: int
    article: str  # external id
    title: str | None
    idx: int
    annotators: tuple[str, ...]  # who marked it done
    candidates: int
    # candidates not proposed by every annotator, or given differing speakers / claimants or
    # check-worthiness (other attribute differences show in Candidate.disputed only)
    disputed: int
    disagreement: float  # disputed / candidates (0 when there are none)
    adjudicated: bool  # the reviewer marked it done


@dataclass(frozen=True)
class SourceRef:
    """What a proposal links to (speaker, claimant, cue): a special source or an annotation."""

    special: str | None = None
    annotation_id: int | None = None
    paragraph_id: int | None = None
    start: int | None = None
    end: int | None = None
    label: str | None = None
    layer: str | None = None
    text: str | None = None
    entity: str | None = None

    @property
    def identity(self) -> Hashable:
        return ("special", self.special) if self.special else ("span", self.paragraph_id, self.start, self.end,
                                                               self.label)


@dataclass(frozen=True)
class Proposal:
    annotator: str
    annotation_id: int
    attrs: dict[str, Any]
    entity: str | None
    links: dict[str, SourceRef]  # kind (speaker / claimant / cue) -> target

    @property
    def source(self) -> SourceRef | None:
        """The speaker (of a quote) or claimant (of a claim)."""
        return self.links.get("speaker") or self.links.get("claimant")


@dataclass(frozen=True)
class Candidate:
    paragraph_id: int
    start: int
    end: int
    label: str
    layer: str
    text: str
    proposals: tuple[Proposal, ...]  # one per annotator who proposed it, by name
    n_annotators: int  # annotators who did the paragraph
    disputed: bool
    link_agreed: bool  # all proposals name the same speaker / claimant
    attrs_agreed: bool
    gold_id: int | None = None  # the reviewer's gold annotation with this span and label
    rejected: bool = False
    decision: int = 0  # 1, 2, ... in the paragraph: candidates competing for one span share it (0: not set)
    variants: int = 1  # candidates in this decision, this one included
    difference: SpanDifference = field(default_factory=SpanDifference)  # from the decision's other variants

    @property
    def key(self) -> Key:
        return (self.start, self.end, self.label)

    @property
    def undecided(self) -> bool:
        """Neither in gold nor rejected."""
        return self.gold_id is None and not self.rejected

    @property
    def annotators(self) -> tuple[str, ...]:
        return tuple(p.annotator for p in self.proposals)

    @property
    def unanimous(self) -> bool:
        return len(self.proposals) >= self.n_annotators


@dataclass(frozen=True)
class GoldChange:
    """What one call changed, for :func:`undo`."""

    paragraph_id: int
    added: tuple[int, ...] = ()  # gold annotations created
    before: tuple[Snapshot, ...] = ()  # gold annotations changed or removed, as they were
    rejected: tuple[Key, ...] = ()

    def __add__(self, other: GoldChange) -> GoldChange:
        return GoldChange(self.paragraph_id, self.added + other.added, self.before + other.before,
                          self.rejected + other.rejected)


CandidateLike = Candidate | Key  # a candidate, or its (start, end, label)


# -- reading ----------------------------------------------------------------------------------

def _names(project: Project, annotators: Sequence[str] | None) -> list[str]:
    if annotators:
        return list(annotators)
    return [n for n, rev in q.annotators(project) if not rev]


def paragraphs_for_review(project: Project, min_annotators: int = 2, order: str = "disagreement", *,
                          reviewer: str | None = None, annotators: Sequence[str] | None = None,
                          progress: Callable[[int, int, str], None] | None = None) -> list[ReviewItem]:
    """Paragraphs done by at least ``min_annotators`` annotators, most disputed candidates first
    (then largest disputed share, then article order), or in article order.

    ``progress(paragraphs read, 0, "")`` is called every few hundred paragraphs (the total is not known
    beforehand); raise from it to stop. About a second for 10,000 paragraphs."""
    if order not in ORDERS:
        raise AnnotatorError(f"unknown order {order!r}; choose one of {', '.join(ORDERS)}")
    names = _names(project, annotators)
    done = q.adjudicated_paragraphs(project, reviewer) if reviewer else set()
    items = []
    for n, (par, spans) in enumerate(paragraph_spans(project, names, ALL_LAYERS, max(1, min_annotators)), 1):
        if progress is not None and n % 500 == 0:
            progress(n, 0, "")
        groups = group_candidates(spans.spans)
        disputed, share = score(groups, len(par.annotators))
        items.append(ReviewItem(par.id, par.article_id, par.ext_id, par.title, par.idx, par.annotators,
                                len(groups), disputed, share, par.id in done))
    if order == "article":
        items.sort(key=lambda i: (i.article_id, i.idx))
    else:
        items.sort(key=lambda i: (-i.disputed, -i.disagreement, i.article_id, i.idx))
    return items


def candidates(project: Project, paragraph_id: int, reviewer: str | None = None,
               annotators: Sequence[str] | None = None) -> list[Candidate]:
    """Every annotator's spans of a paragraph grouped by (start, end, label), ordered by decision (the
    variants of one span together, see :func:`annotator.core.candidates.decisions`), then by position."""
    if q.paragraph_article(project, paragraph_id) is None:
        raise NotFoundError(f"paragraph {paragraph_id} does not exist")
    names = _names(project, annotators)
    done = q.done_paragraphs(project, names, 1, paragraph_id)
    if not done:
        return []
    by_key: dict[tuple[str, Key], q.SpanRow] = {}
    spans: dict[str, list[Span]] = {n: [] for n in done[0].annotators}
    for row in q.span_rows(project, names, ALL_LAYERS, 1, paragraph_id):
        span = to_span(row)
        by_key.setdefault((row.annotator, span.key), row)
        spans[row.annotator].append(span)
    links: dict[int, dict[str, SourceRef]] = {}
    for r in q.links_with_targets(project, [row.id for row in by_key.values()]):
        links.setdefault(r[0], {})[r[1]] = SourceRef(r[2], *r[3:])
    gold = q.gold_keys(project, paragraph_id, reviewer) if reviewer else {}
    rejected = q.rejected_keys(project, paragraph_id, reviewer) if reviewer else set()
    n = len(done[0].annotators)
    out = []
    for g in group_candidates(spans):
        props = tuple(_proposal(by_key[(name, g.key)], links) for name in g.annotators)
        attrs = {_frozen(p.attrs) for p in props}
        out.append(Candidate(paragraph_id, g.start, g.end, g.label, g.layer, by_key[(g.annotators[0], g.key)].text,
                             props, n, g.disputed(n) or len(attrs) > 1, g.link_agreed, len(attrs) == 1,
                             gold.get(g.key), g.key in rejected and g.key not in gold))
    return _by_decision(out)


def _by_decision(cands: list[Candidate]) -> list[Candidate]:
    """The candidates with their decision number and difference, each decision's variants together."""
    out = []
    for number, members in enumerate(decisions(cands), 1):
        for i in members:
            c = cands[i]
            others = [(cands[j].start, cands[j].end) for j in members if j != i]
            out.append(replace(c, decision=number, variants=len(members),
                               difference=span_difference((c.start, c.end), others)))
    return out


def rivals(cands: Sequence[Candidate], cand: Candidate) -> list[Candidate]:
    """The other variants of ``cand``'s decision that compete with it (what taking it as gold rejects)."""
    return [c for c in cands if c.decision == cand.decision and c.key != cand.key and competing(c, cand)]


def _proposal(row: q.SpanRow, links: dict[int, dict[str, SourceRef]]) -> Proposal:
    return Proposal(row.annotator, row.id, json.loads(row.attrs), row.entity, links.get(row.id, {}))


def _frozen(attrs: dict[str, Any]) -> str:
    return json.dumps(attrs, sort_keys=True)


def gold(project: Project, paragraph_id: int, reviewer: str) -> list[Annotation]:
    """The reviewer's gold annotations in a paragraph, by position."""
    return [a for a in rows.for_paragraph(project, paragraph_id, reviewer) if a.origin == "adjudicated"]


def reviewer_problem(project: Project, name: str) -> str | None:
    """Why ``name`` cannot review (adjudicate) in this project, or None when it can: a reviewer's gold must
    not mix with an annotator's own work."""
    name = name.strip()
    if not name:
        return "a reviewer needs a name"
    own, done = q.own_work(project, name)
    if own or (done and not q.is_reviewer(project, name)):
        return f"{name} has annotated paragraphs; review under another name (for example {name}-review)"
    return None


def annotator_problem(project: Project, name: str) -> str | None:
    """Why ``name`` cannot annotate in this project (it is a reviewer), or None when it can."""
    name = name.strip()
    if not name:
        return "an annotator needs a name"
    if q.is_reviewer(project, name):
        return f"{name} is a reviewer here: annotate under your own name"
    return None


def suggested_reviewer(project: Project, annotator: str) -> str:
    """The name to review under: ``annotator`` when it may review, else ``annotator-review`` (numbered when
    that is taken by someone's own work too)."""
    if reviewer_problem(project, annotator) is None:
        return annotator
    for n in range(1, 100):
        name = f"{annotator}-review" + (f"-{n}" if n > 1 else "")
        if reviewer_problem(project, name) is None:
            return name
    return f"{annotator}-review"


@dataclass(frozen=True)
class ArticleProgress:
    article_id: int
    article: str
    title: str | None
    reviewable: int  # paragraphs done by at least ``min_annotators`` annotators
    adjudicated: int


def article_progress(project: Project, reviewer: str, min_annotators: int = 2) -> list[ArticleProgress]:
    done = q.adjudicated_paragraphs(project, reviewer)
    per: dict[int, list[Any]] = {}
    for par in q.done_paragraphs(project, _names(project, None), min_annotators):
        item = per.setdefault(par.article_id, [par.ext_id, par.title, 0, 0])
        item[2] += 1
        item[3] += par.id in done
    return [ArticleProgress(aid, *v) for aid, v in per.items()]
