"""Adjudication: a reviewer turns several annotators' work into one gold layer.

For the review mode of the GUI (and scripts). Gold annotations are ordinary
annotations of the reviewer's annotator row (flagged ``is_reviewer``) with
origin "adjudicated" and attrs ``{"reviewer": name, "agreed": [annotators who
proposed that span]}`` besides the chosen attributes; a gold quote or claim
links to a gold speaker / claimant. "Adjudicated" is the reviewer's status
"done" on the paragraph. A rejection is kept in the event log
("gold-reject", undone by "gold-reopen"). Every mutating call is one
transaction and returns a :class:`GoldChange` that :func:`undo` reverts.
The reading half (paragraphs to review, candidates, gold, progress) lives in
:mod:`annotator.services.review` and is re-exported here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from annotator.core.candidates import POLICIES, supported
from annotator.core.model import Link
from annotator.errors import AnnotatorError, NotFoundError
from annotator.services import annotate
from annotator.services.review import (  # noqa: F401  (re-exported: the review API in one place)
    ORDERS,
    ArticleProgress,
    Candidate,
    CandidateLike,
    GoldChange,
    Key,
    Proposal,
    ReviewItem,
    SourceRef,
    annotator_problem,
    article_progress,
    candidates,
    gold,
    paragraphs_for_review,
    reviewer_problem,
    rivals,
    suggested_reviewer,
)
from annotator.store import annotations as rows
from annotator.store import review_queries as q
from annotator.store.project import Project

SOURCE_KIND = {"quote": "speaker", "claim": "claimant"}  # the link a layer's source is

# -- writing gold -----------------------------------------------------------------------------

def make_reviewer(project: Project, reviewer: str) -> None:
    """Flag ``reviewer`` as a reviewer (the row is created if missing).

    Refused for a name that has annotations of its own or has marked paragraphs
    done as an annotator: gold must not mix with an annotator's work.
    """
    with project.write():
        _ensure_reviewer(project, reviewer)


def _ensure_reviewer(project: Project, reviewer: str) -> None:
    """:func:`make_reviewer` inside the caller's transaction."""
    problem = reviewer_problem(project, reviewer)
    if problem is not None:
        raise AnnotatorError(problem)
    if not q.is_reviewer(project, reviewer):
        rows.ensure_annotator(project, reviewer)
        q.set_reviewer(project, reviewer)
        project.log_event("reviewer", reviewer, {"name": reviewer})


def _find(project: Project, paragraph_id: int, reviewer: str, candidate: CandidateLike) -> Candidate:
    key = candidate.key if isinstance(candidate, Candidate) else tuple(candidate)
    for cand in candidates(project, paragraph_id, reviewer):
        if cand.key == key:
            return cand
    raise NotFoundError(f"no candidate {key[2]} {key[0]}-{key[1]} in paragraph {paragraph_id}")


def _plurality(values: Sequence[Hashable], need: int = 1) -> tuple[bool, Any]:
    """(found, value): the most common value (first given wins a tie) if it occurs ``need`` times."""
    if not values:
        return False, None
    value, count = Counter(values).most_common(1)[0]
    return count >= need, value


def _choose(cand: Candidate, link_from: str | None, attrs: dict[str, Any] | None,
            need: int, source: SourceRef | None = None) -> tuple[dict[str, Any], str | None, dict[str, SourceRef]]:
    """(attributes, entity key, links by kind) for the gold version of a candidate.

    From ``link_from``'s proposal when given; else each value that at least
    ``need`` proposals share (the most common one). ``source`` replaces the
    speaker / claimant (it may come from another variant of the span).
    """
    props = cand.proposals
    if link_from is not None:
        props = tuple(p for p in props if p.annotator == link_from)
        if not props:
            raise AnnotatorError(f"{link_from} did not propose {cand.label} {cand.start}-{cand.end}")
        need = 1
    chosen: dict[str, Any] = {}
    if attrs is not None:
        chosen = dict(attrs)
    else:
        for key in sorted({k for p in props for k in p.attrs} - {"reviewer", "agreed"}):
            ok, value = _plurality([json.dumps(p.attrs[key], sort_keys=True) for p in props if key in p.attrs], need)
            if ok:
                chosen[key] = json.loads(value)
    ok, entity = _plurality([p.entity for p in props if p.entity is not None], need)
    links: dict[str, SourceRef] = {}
    for kind in sorted({k for p in props for k in p.links}):
        refs = {p.links[kind].identity: p.links[kind] for p in props if kind in p.links}
        found, ident = _plurality([p.links[kind].identity for p in props if kind in p.links], need)
        if found:
            links[kind] = refs[ident]
    if source is not None:
        source_kind = SOURCE_KIND.get(cand.layer)
        if source_kind is None:
            raise AnnotatorError(f"a {cand.label} has no speaker or claimant")
        links[source_kind] = source
    return chosen, entity if ok else None, links


def _gold_target(project: Project, reviewer: str, ref: SourceRef, added: list[int]) -> int:
    """The gold annotation of a link target's span, added (as agreed by whoever has that span) if missing."""
    assert ref.paragraph_id is not None and ref.start is not None and ref.end is not None and ref.label
    found = q.gold_keys(project, ref.paragraph_id, reviewer).get((ref.start, ref.end, ref.label))
    if found is None:
        found = rows.insert(project, paragraph_id=ref.paragraph_id, annotator=reviewer, layer=ref.layer or "entity",
                            label=ref.label, start=ref.start, end=ref.end, text=ref.text or "", origin="adjudicated",
                            entity=ref.entity,
                            attrs={"reviewer": reviewer,
                                   "agreed": q.span_owners(project, ref.paragraph_id, ref.start, ref.end, ref.label)})
        added.append(found)
    return found


def _snapshot(project: Project, annotation_id: int) -> annotate.Snapshot:
    """A gold annotation and its links as they are now, for undo; it may have gone since it was looked up."""
    ann = rows.get(project, annotation_id)
    if ann is None:
        raise NotFoundError(f"annotation {annotation_id} does not exist")
    return annotate.Snapshot(ann, tuple(rows.links_of(project, annotation_id)))


def _put(project: Project, reviewer: str, cand: Candidate, link_from: str | None, attrs: dict[str, Any] | None,
         need: int, added: list[int], before: list[annotate.Snapshot], source: SourceRef | None = None) -> None:
    chosen, entity, links = _choose(cand, link_from, attrs, need, source)
    gold_attrs = {**chosen, "reviewer": reviewer, "agreed": list(cand.annotators)}
    gold_id = q.gold_keys(project, cand.paragraph_id, reviewer).get(cand.key)  # may be new: a link target
    if gold_id is not None:
        if gold_id not in added:
            before.append(_snapshot(project, gold_id))
        rows.update(project, gold_id, attrs=gold_attrs, entity=entity)
        for link in rows.links_of(project, gold_id):
            if link.source_id == gold_id:
                rows.remove_link(project, gold_id, link.kind)
    else:
        gold_id = rows.insert(project, paragraph_id=cand.paragraph_id, annotator=reviewer, layer=cand.layer,
                              label=cand.label, start=cand.start, end=cand.end, text=cand.text, attrs=gold_attrs,
                              origin="adjudicated", entity=entity)
        added.append(gold_id)
    for kind, ref in links.items():
        if ref.special:
            rows.set_link(project, Link(gold_id, kind, None, ref.special))
        elif ref.paragraph_id is not None:
            rows.set_link(project, Link(gold_id, kind, _gold_target(project, reviewer, ref, added), None))


def _apply(project: Project, paragraph_id: int, reviewer: str, chosen: Sequence[tuple[Candidate, int]],
           link_from: str | None = None, attrs: dict[str, Any] | None = None,
           source: SourceRef | None = None) -> GoldChange:
    """Put (candidate, how many proposals must share a value) pairs into gold, in one transaction."""
    added: list[int] = []
    before: list[annotate.Snapshot] = []
    with project.write():
        _ensure_reviewer(project, reviewer)
        for cand, need in chosen:
            _put(project, reviewer, cand, link_from, attrs, need, added, before, source)
        if chosen:
            project.log_event("gold-accept", reviewer, {"paragraph": paragraph_id, "added": added,
                                                        "keys": [list(c.key) for c, _ in chosen]})
    return GoldChange(paragraph_id, tuple(added), tuple(before))


def accept(project: Project, paragraph_id: int, reviewer: str, candidate: CandidateLike, *,
           link_from: str | None = None, attrs: dict[str, Any] | None = None,
           source: SourceRef | None = None) -> GoldChange:
    """Take a candidate into gold (or update its gold version).

    Attributes, entity key and speaker / claimant come from ``link_from``'s
    proposal when given, else the most common among the proposals; ``attrs``
    replaces the attributes and ``source`` the speaker / claimant (any
    variant's, see :func:`sources_offered`). A linked speaker / claimant is put
    into gold too.
    """
    cand = _find(project, paragraph_id, reviewer, candidate)
    return _apply(project, paragraph_id, reviewer, [(cand, 1)], link_from, attrs, source)


def take_variant(project: Project, paragraph_id: int, reviewer: str, candidate: CandidateLike) -> GoldChange:
    """Take one variant of a span into gold and reject the variants competing with it (the other
    annotators' versions of that span: see :func:`annotator.core.candidates.competing`), in one
    transaction; a rejected variant's gold version is removed."""
    cands = candidates(project, paragraph_id, reviewer)
    key = candidate.key if isinstance(candidate, Candidate) else tuple(candidate)
    cand = next((c for c in cands if c.key == key), None)
    if cand is None:
        raise NotFoundError(f"no candidate {key[2]} {key[0]}-{key[1]} in paragraph {paragraph_id}")
    with project.write():
        change = _apply(project, paragraph_id, reviewer, [(cand, 1)])
        for other in rivals(cands, cand):
            change = change + _reject(project, paragraph_id, reviewer, other)
    return change


def sources_offered(cands: Sequence[Candidate], cand: Candidate) -> list[tuple[Proposal, Candidate]]:
    """The speakers / claimants to choose from for ``cand``: those every proposal of every variant of its
    decision names (the other annotator's version of the quote too), once per source, with the
    proposal and variant naming it first; ``cand``'s own proposals come first."""
    if SOURCE_KIND.get(cand.layer) is None:
        return []
    variants = [cand] + [c for c in cands if c.decision == cand.decision and c.key != cand.key
                         and c.layer == cand.layer]
    seen: set[Hashable] = set()
    out = []
    for variant in variants:
        for p in variant.proposals:
            src = p.source
            if src is not None and src.identity not in seen:
                seen.add(src.identity)
                out.append((p, variant))
    return out


def accept_all_from(project: Project, paragraph_id: int, reviewer: str, annotator: str) -> GoldChange:
    """Take every span one annotator proposed, with their attributes and links."""
    chosen = [c for c in candidates(project, paragraph_id, reviewer) if annotator in c.annotators]
    return _apply(project, paragraph_id, reviewer, [(c, 1) for c in chosen], link_from=annotator)


def auto_gold(project: Project, paragraph_id: int, reviewer: str, policy: str = "all") -> GoldChange:
    """Put into gold the candidates the annotators agree on under ``policy`` (all / majority / none).

    Candidates already in gold or rejected are left alone. An attribute, entity
    key or speaker / claimant is taken only when the proposals agree on it under
    the same policy (all of them / more than half); otherwise the reviewer sets it.
    """
    if policy not in POLICIES:
        raise AnnotatorError(f"unknown policy {policy!r}; choose one of {', '.join(POLICIES)}")
    chosen = [c for c in candidates(project, paragraph_id, reviewer)
              if c.gold_id is None and not c.rejected and supported(len(c.proposals), c.n_annotators, policy)]
    return _apply(project, paragraph_id, reviewer,
                  [(c, len(c.proposals) if policy == "all" else len(c.proposals) // 2 + 1) for c in chosen])


def reject(project: Project, paragraph_id: int, reviewer: str, candidate: CandidateLike) -> GoldChange:
    """Mark a candidate rejected, removing its gold version if there is one."""
    return _reject(project, paragraph_id, reviewer, _find(project, paragraph_id, reviewer, candidate))


def _reject(project: Project, paragraph_id: int, reviewer: str, cand: Candidate) -> GoldChange:
    before = []
    with project.write():
        _ensure_reviewer(project, reviewer)
        if cand.gold_id is not None:
            before.append(_snapshot(project, cand.gold_id))
            rows.delete(project, cand.gold_id)
        project.log_event("gold-reject", reviewer, {"paragraph": paragraph_id, "keys": [list(cand.key)]})
    return GoldChange(paragraph_id, (), tuple(before), (cand.key,))


def undo(project: Project, change: GoldChange, reviewer: str) -> None:
    """Revert a :class:`GoldChange`: remove what it added, put back what it changed or removed."""
    with project.write():
        for ann_id in reversed(change.added):
            rows.delete(project, ann_id)
        for snap in reversed(change.before):
            if rows.get(project, snap.annotation.id) is None:
                annotate.restore_annotation(project, snap, reviewer)
            else:
                annotate.revert(project, snap, reviewer)
        project.log_event("gold-reopen", reviewer, {"paragraph": change.paragraph_id,
                                                    "keys": [list(k) for k in change.rejected],
                                                    "removed": list(change.added)})


def set_adjudicated(project: Project, paragraph_id: int, reviewer: str, done: bool = True) -> str:
    """Mark a paragraph adjudicated (the reviewer's status "done") or not; returns the old status."""
    with project.write():
        _ensure_reviewer(project, reviewer)
        return annotate.set_status(project, paragraph_id, reviewer, "done" if done else "todo")

