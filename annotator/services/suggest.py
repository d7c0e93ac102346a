"""Suggestions: run recommenders over paragraphs and store what they propose; accept and reject them.

The use case behind ``annotator suggest`` and the window's suggestion worker. A recommender
(``annotator.core.suggest``) sees a paragraph in its article with what the annotator has there and what the
project has learned; its proposals are stored as annotations with origin ``suggested`` and attrs
``{"recommender", "score", ...the proposal's attrs}``, with their links (speaker, cue, claimant) resolved to
an annotation already in the article or to a suggestion stored in the same run.

- Nothing twice: a proposal whose span and label the annotator already has (any origin) is skipped, and so is
  one the annotator rejected in that article (same text and label); manual, imported and adjudicated
  annotations are never changed, nor are links already there.
- All or nothing: a whole run is one transaction; a recommender that fails, or Ctrl+C, leaves the project as
  it was.
- Rejections are remembered (the ``rejections`` table): deleting a suggestion records it, its undo forgets it.
  Accepting keeps ``recommender`` and ``score`` in the attrs, so accepted spans can be told from hand-made
  ones; accepting with another label records ``suggested_label`` (an edit, and a rejection of that label).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator import fileguard
from annotator.core.labels import Label, LabelSchema
from annotator.core.model import Annotation
from annotator.core.progress import Progress, no_progress
from annotator.core.sources import SPECIAL_SOURCES
from annotator.core.suggest.base import Knowledge, KnownSpan, ParagraphContext, Proposal, Recommender, SpanRef
from annotator.core.suggest.registry import RECOMMENDERS
from annotator.errors import AnnotatorError, NotFoundError, one_line
from annotator.services import annotate, suggest_model, suggest_workers
from annotator.services.suggest_model import MODEL
from annotator.store import annotations as rows
from annotator.store import suggestions as store
from annotator.store.labels_store import load_schema
from annotator.store.project import Project, now

log = logging.getLogger(__name__)

StatusChoice = Literal["todo", "all"]
Key = tuple[int, int, int, str]  # paragraph index, start, end, label

__all__ = ["SuggestSummary", "accept_all", "accept_suggestion", "available_recommenders", "make_recommenders",
           "recommender_counts", "reject_suggestion", "suggest_paragraph", "suggest_project", "suggestion_group",
           "unaccept"]


# -- the API the window and the CLI call (signatures kept stable) ----------------------------------------
def suggest_project(project: Project, annotator: str, recommenders: Sequence[str] | None = None,
                    status: StatusChoice = "todo", progress: Progress = no_progress,
                    model: str | None = None) -> SuggestSummary:
    """Suggestions for every article's paragraphs of ``annotator`` that match ``status`` (todo: neither done
    nor skipped; all), in one transaction. ``recommenders``: names in the registry or ``model`` (None: every
    available one, the project's trained model among them when there is one); ``model``: a spaCy pipeline
    (folder or installed package) to use as the ``model`` recommender instead of the project's."""
    if status not in ("todo", "all"):
        raise AnnotatorError(f"unknown status {status!r} (todo or all)")
    schema = load_schema(project)
    options = recommender_options(project)
    recs = make_recommenders(recommenders, project.path, model, [lab.name for lab in schema.active()], options)
    summary = SuggestSummary(recommenders=[r.name for r in recs], status=status)
    total = store.article_count(project)
    with project.write():
        annotator_id = rows.ensure_annotator(project, annotator)
        base = _knowledge(project, annotator_id)
        rejected = store.rejected_by_article(project, annotator_id)
        run = _Run(project, annotator_id, schema, recs, summary)
        done = 0

        def local(items: list[suggest_workers.Item]) -> list[_Plan | None]:
            return [run.planner.plan(w, pars, dataclasses.replace(base, rejected_here=r)) if pars else None
                    for w, pars, r in items]

        workers = suggest_workers.Workers(_Planner, run.labels, summary.recommenders, base) \
            if suggest_workers.can_run(recs, total) and not options else None  # workers: the bundled lexicon
        try:
            batches = ([(w, [p.idx for p in w.paragraphs
                             if p.boilerplate is None and (status == "all" or p.status == "todo")],
                         frozenset(rejected.get(w.id, ()))) for w in batch]
                       for batch in store.article_batches(project, annotator_id))
            planned = workers.plans(batches, local) if workers else (
                pair for items in batches for pair in zip(items, local(items), strict=True))
            for (work, _, _), plan in planned:
                if plan is not None:
                    run.commit(plan)
                done += 1
                progress(done, total, work.ext_id)
        finally:
            if workers is not None:
                workers.close()
        project.log_event("suggest", annotator, {"recommenders": summary.recommenders, "status": status,
                                                 "suggestions": summary.suggestions, "links": summary.links})
    return summary


def suggest_paragraph(project: Project, annotator: str, paragraph_id: int,
                      recommenders: Sequence[str] | None = None) -> list[Annotation]:
    """Suggestions for one paragraph (the window's worker), in one transaction; returns those stored now.

    Its boilerplate flag and status do not matter: the window asks for the paragraphs it will show. The
    project's trained model is one of the recommenders when named (or with None, when there is one); it is
    loaded once, and again after it was retrained."""
    schema = load_schema(project)
    recs = make_recommenders(recommenders, project.path, None, [lab.name for lab in schema.active()],
                             recommender_options(project))
    with project.write():
        annotator_id = rows.ensure_annotator(project, annotator)
        work = store.article_of_paragraph(project, annotator_id, paragraph_id)
        if work is None:
            raise NotFoundError(f"paragraph {paragraph_id} does not exist")
        base = _cached_knowledge(project, annotator_id)
        rejected = store.rejected_by_article(project, annotator_id, work.id).get(work.id, set())
        summary = SuggestSummary(recommenders=[r.name for r in recs], status="all")
        run = _Run(project, annotator_id, schema, recs, summary)
        idx = next(p.idx for p in work.paragraphs if p.id == paragraph_id)
        new_ids = run.article(work, [idx], dataclasses.replace(base, rejected_here=frozenset(rejected)))
        if new_ids:
            before = store.last_event(project)
            project.log_event("suggest", annotator, {"paragraph": paragraph_id, "suggestions": len(new_ids)})
            _still_fresh(project, annotator_id, before)  # suggestions teach nothing: the knowledge holds
    return [a for a in rows.for_paragraph(project, paragraph_id, annotator) if a.id in set(new_ids)]


def reject_suggestion(project: Project, annotation_id: int, annotator: str) -> None:
    """Delete a suggestion and remember the rejection (text + label in its article), in one transaction.

    Undo: ``annotate.restore_annotation`` with a snapshot taken before (``annotate.delete_annotation`` of a
    suggestion does the same as this and returns that snapshot)."""
    ann = _suggestion(project, annotation_id)
    annotate.delete_annotation(project, ann.id, annotator)


def accept_suggestion(project: Project, annotation_id: int, annotator: str, label: str | None = None) -> Annotation:
    """Accept a suggestion (origin ``manual``; ``recommender`` and ``score`` stay in its attrs) with the
    suggestions its links point to (its cue, its speaker mention); with ``label``, under that label (an edit:
    ``suggested_label`` records the label it had). One transaction. Undo: :func:`unaccept` with
    :func:`suggestion_group` taken before, or ``annotate.revert`` of snapshots."""
    ann = _suggestion(project, annotation_id)
    schema = load_schema(project)
    if label is not None and label not in schema:
        raise AnnotatorError(f"unknown label {label!r}")
    with project.write():
        if label is not None and label != ann.label:
            annotate.relabel(project, ann.id, label, annotator, schema)  # removes links that no longer fit
            rows.update(project, ann.id, attrs={**ann.attrs, "suggested_label": ann.label})
        ids = [ann.id, *store.linked_suggestions(project, [ann.id])]
        for i in ids:
            rows.update(project, i, origin="manual")
        project.log_event("accept-suggestion", annotator, {"ids": ids, "label": label})
    accepted = rows.get(project, ann.id)
    assert accepted is not None
    return accepted


def accept_all(project: Project, paragraph_id: int, annotator: str) -> list[int]:
    """Accept every suggestion of ``annotator`` in the paragraph, with the suggestions their links point to
    (in other paragraphs too); returns the ids accepted, for :func:`unaccept`."""
    with project.write():
        annotator_id = rows.ensure_annotator(project, annotator)
        ids = store.suggestion_ids(project, paragraph_id, annotator_id)
        ids += [i for i in store.linked_suggestions(project, ids) if i not in set(ids)]
        for i in ids:
            rows.update(project, i, origin="manual")
        if ids:
            project.log_event("accept-suggestions", annotator, {"paragraph": paragraph_id, "ids": ids})
    return ids


def unaccept(project: Project, annotation_ids: Iterable[int], annotator: str) -> None:
    """Undo of :func:`accept_all` (and of :func:`accept_suggestion` without a label): suggestions again."""
    ids = list(annotation_ids)
    with project.write():
        for i in ids:
            ann = rows.get(project, i)
            if ann is not None and "recommender" in ann.attrs:
                attrs = {k: v for k, v in ann.attrs.items() if k != "suggested_label"}
                rows.update(project, i, origin="suggested", attrs=attrs)
        project.log_event("unaccept-suggestions", annotator, {"ids": ids})


def suggestion_group(project: Project, annotation_id: int) -> list[int]:
    """The suggestion and the suggestions its links point to: what :func:`accept_suggestion` accepts."""
    return [annotation_id, *store.linked_suggestions(project, [annotation_id])]


def recommender_counts(project: Project) -> dict[str, dict[str, int]]:
    """recommender name -> {"accepted", "rejected", "edited"} over the whole project."""
    return store.recommender_counts(project)


# -- recommenders ------------------------------------------------------------------------------------------
class RecommenderUnavailable(AnnotatorError):
    """A recommender that cannot run here (a missing optional package, no trained model)."""


CUE_LEXICON_META = "suggest.cue_lexicon"


def recommender_options(project: Project) -> dict[str, dict[str, Any]]:
    """Per-project options of the recommenders: today the project's cue lexicon for ``quotes``."""
    stored = project.get_meta(CUE_LEXICON_META)
    return {"quotes": {"lexicon": json.loads(stored)}} if stored else {}


def set_cue_lexicon(project: Project, path: Path | None) -> None:
    """Store the cue lexicon in ``path`` (JSON, the shape of ``resources/cues.json``; ``"extend": true`` adds to
    the bundled lists instead of replacing them) as the project's, used by every later run and the window;
    None goes back to the bundled one. A lexicon that cannot be used is refused in one line, nothing stored."""
    if path is None:
        project.set_meta(CUE_LEXICON_META, "")  # empty: the bundled lexicon
        return
    try:
        data = json.loads(fileguard.read_text(path))
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise AnnotatorError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise AnnotatorError(f"{path}: a cue lexicon is a JSON object")
    try:
        RECOMMENDERS["quotes"](lexicon=data)  # type: ignore[call-arg]
    except (ValueError, TypeError, KeyError) as exc:
        raise AnnotatorError(f"{path}: not a usable cue lexicon ({' '.join(str(exc).split())})") from None
    project.set_meta(CUE_LEXICON_META, json.dumps(data, ensure_ascii=False, sort_keys=True))


def _make(name: str, options: dict[str, Any] | None = None) -> Recommender:
    if name not in RECOMMENDERS:
        known = ", ".join(RECOMMENDERS) or "none registered"
        raise AnnotatorError(f"unknown recommender {name!r} (known: {known})")
    try:
        return RECOMMENDERS[name](**(options or {}))
    except AnnotatorError as exc:
        raise RecommenderUnavailable(f"recommender {name!r} is not available: {exc}") from None
    except (ImportError, OSError, RuntimeError, ValueError) as exc:
        raise RecommenderUnavailable(f"recommender {name!r} is not available: {type(exc).__name__}: "
                                     f"{' '.join(str(exc).split())}") from None


def available_recommenders(project_path: Path | None = None, model: str | None = None) -> dict[str, str | None]:
    """name -> None when it can run here, else why not (one line); with ``project_path`` (or ``model``), also
    the project-trained ``model`` recommender (whether spaCy and a trained model are there: nothing loaded)."""
    out: dict[str, str | None] = {}
    for name in RECOMMENDERS:
        try:
            _make(name)
            out[name] = None
        except RecommenderUnavailable as exc:
            out[name] = str(exc)
    if project_path is not None or model is not None:
        out[MODEL] = suggest_model.model_unavailable(project_path or Path("project.db"), model)
    return out


def make_recommenders(names: Sequence[str] | None, project_path: Path | None = None, model: str | None = None,
                      labels: Collection[str] | None = None,
                      options: dict[str, dict[str, Any]] | None = None) -> list[Recommender]:
    """The named recommenders (an unknown or unavailable one is an error), or every available one.

    With ``project_path`` (or ``model``: a spaCy pipeline's folder or package), ``model`` is the project's
    trained model (or that pipeline): included when named (an error saying why when it cannot run), and with
    ``names`` None when it can run (an explicit ``model`` that cannot load is an error). ``labels``: the
    project's labels, the only ones the model proposes. ``options``: keyword arguments per recommender name
    (:func:`recommender_options`)."""
    options = options or {}
    if names is not None and not names:
        raise AnnotatorError("no recommender named")
    wanted = list(dict.fromkeys(names)) if names is not None else None
    has_model = project_path is not None or model is not None
    if model is not None and wanted is not None and MODEL not in wanted:
        raise AnnotatorError(f"a model is given but {MODEL!r} is not among the recommenders named")
    made: list[Recommender] = []
    if wanted is None:
        for name in RECOMMENDERS:
            try:
                made.append(_make(name, options.get(name)))
            except RecommenderUnavailable:
                continue
        if has_model:
            rec = _model(project_path, model, labels, required=model is not None)
            if rec is not None:
                made.append(rec)
        if not made:
            raise AnnotatorError("no recommender is available (none registered, or none can run here)")
        return made
    for name in wanted:
        if name == MODEL and name not in RECOMMENDERS and has_model:
            rec = _model(project_path, model, labels, required=True)
            assert rec is not None
            made.append(rec)
        elif name == MODEL and name not in RECOMMENDERS:
            raise RecommenderUnavailable(f"recommender {MODEL!r} is not available: it needs a project (or --model)")
        else:
            made.append(_make(name, options.get(name)))
    return made


def _model(project_path: Path | None, model: str | None, labels: Collection[str] | None,
           required: bool) -> Recommender | None:
    """The loaded ``model`` recommender; None (when not ``required``) or an error saying why it cannot run."""
    path = project_path if project_path is not None else Path("project.db")
    try:
        return suggest_model.model_for(path, model, labels)
    except AnnotatorError as exc:
        if required:
            raise RecommenderUnavailable(one_line(f"recommender {MODEL!r} is not available: {exc}")) from None
        log.info("recommender %r left out: %s", MODEL, exc)
        return None


# -- the run -------------------------------------------------------------------------------------------------
@dataclass
class SuggestSummary:
    recommenders: list[str] = field(default_factory=list)
    status: str = "todo"
    articles: int = 0
    paragraphs: int = 0
    suggestions: int = 0
    links: int = 0
    already_there: int = 0
    rejected_before: int = 0
    by_recommender: Counter[str] = field(default_factory=Counter)
    by_label: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)

    def add(self, other: SuggestSummary) -> None:
        """Count ``other``'s figures in (a run's part: one article)."""
        for name in ("articles", "paragraphs", "suggestions", "links", "already_there", "rejected_before"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_recommender.update(other.by_recommender)
        self.by_label.update(other.by_label)
        self.dropped.update(other.dropped)

    def lines(self) -> list[str]:
        out = [f"{self.suggestions} suggestion(s) and {self.links} link(s) stored for {self.paragraphs} "
               f"paragraph(s) in {self.articles} article(s) (status {self.status}; recommenders: "
               f"{', '.join(self.recommenders)}); {self.already_there} were already there, "
               f"{self.rejected_before} rejected before"]
        if self.by_recommender:
            out.append("  by recommender: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_recommender.items())))
        if self.by_label:
            out.append("  by label: " + ", ".join(f"{k} {v}" for k, v in sorted(self.by_label.items())))
        out += [f"  not stored: {n} {why}" for why, n in sorted(self.dropped.items())]
        return out


_knowledge_cache: dict[tuple[str, int], tuple[int, Knowledge]] = {}


def _knowledge(project: Project, annotator_id: int) -> Knowledge:
    return Knowledge(mentions=store.mentions(project, annotator_id),
                     accepted=store.accepted_counts(project, annotator_id),
                     rejected=store.rejected_counts(project, annotator_id))


def _cached_knowledge(project: Project, annotator_id: int) -> Knowledge:
    """The annotator's knowledge, read again only when an event was logged since (every change logs one)."""
    key, version = (str(project.path), annotator_id), store.last_event(project)
    hit = _knowledge_cache.get(key)
    if hit is None or hit[0] != version:
        hit = (version, _knowledge(project, annotator_id))
        _knowledge_cache[key] = hit
    return hit[1]


def _still_fresh(project: Project, annotator_id: int, before: int) -> None:
    key = (str(project.path), annotator_id)
    hit = _knowledge_cache.get(key)
    if hit is not None and hit[0] == before:
        _knowledge_cache[key] = (store.last_event(project), hit[1])


def _ref(a: store.AnnRow, speakers: dict[int, int], by_id: dict[int, store.AnnRow]) -> SpanRef | None:
    target = by_id.get(speakers[a.id]) if a.id in speakers else None
    return None if target is None else SpanRef(target.paragraph, target.start, target.end, target.label)


@dataclass
class _Plan:
    """What a run stores for one article, with the ids of new suggestions local: -1, -2, ... in order."""

    rows: list[store.NewSuggestion]
    links: list[tuple[int, str, int | None, str | None]]
    summary: SuggestSummary


class _Planner:
    """The proposals of an article and what of them to store (no database: it also runs in a worker process)."""

    def __init__(self, labels: dict[str, Label], recs: list[Recommender]) -> None:
        self.labels, self.recs = labels, recs

    def plan(self, work: store.ArticleWork, targets: list[int], knowledge: Knowledge) -> _Plan:
        """Proposals for the paragraphs ``targets`` (indices) of one article."""
        texts = tuple(p.text for p in work.paragraphs)
        by_idx = {p.idx: p for p in work.paragraphs}
        by_id = {a.id: a for a in work.annotations}
        known = [KnownSpan(a.paragraph, a.start, a.end, a.label, a.text, a.origin, _ref(a, work.speakers, by_id))
                 for a in work.annotations]
        have: dict[Key, int] = {(a.paragraph, a.start, a.end, a.label): a.id for a in work.annotations}
        boiler = frozenset(p.idx for p in work.paragraphs if p.boilerplate is not None)
        pending: list[tuple[int, Proposal]] = []
        new_rows: list[store.NewSuggestion] = []
        s = SuggestSummary()
        s.articles += 1
        for idx in targets:
            s.paragraphs += 1
            ctx = ParagraphContext(texts, idx, work.lang, tuple(known), knowledge, boiler)
            for rec in self.recs:
                for prop in self._call(rec, ctx, work, idx):
                    why = self._problem(prop, texts[idx])
                    if why:
                        s.dropped[why] += 1
                        continue
                    key = (idx, prop.start, prop.end, prop.label)
                    text = texts[idx][prop.start:prop.end]
                    if key in have:
                        s.already_there += 1
                        continue
                    if (text, prop.label) in knowledge.rejected_here:
                        s.rejected_before += 1
                        continue
                    attrs: dict[str, Any] = {**prop.attrs, "recommender": prop.recommender or rec.name,
                                             "score": round(float(prop.score), 4)}
                    new_id = -len(new_rows) - 1
                    new_rows.append(store.new_suggestion(new_id, by_idx[idx].id, self.labels[prop.label].layer,
                                                         prop.label, prop.start, prop.end, text, attrs))
                    have[key] = new_id
                    speaker = next((lk.target for lk in prop.links if lk.kind == "speaker"), None)
                    known.append(KnownSpan(idx, prop.start, prop.end, prop.label, text, "suggested", speaker))
                    pending.append((new_id, prop))
                    s.suggestions += 1
                    s.by_recommender[str(attrs["recommender"])] += 1
                    s.by_label[prop.label] += 1
        return _Plan(new_rows, self._links(pending, have, s), s)

    def _call(self, rec: Recommender, ctx: ParagraphContext, work: store.ArticleWork, idx: int) -> list[Proposal]:
        try:
            return list(rec.suggest(ctx))
        except AnnotatorError:
            raise
        except Exception as exc:
            raise AnnotatorError(
                f"recommender {rec.name!r} failed on article {work.ext_id} paragraph {idx + 1}: "
                f"{type(exc).__name__}: {' '.join(str(exc).split())}; nothing was stored") from exc

    def _problem(self, prop: Proposal, text: str) -> str | None:
        if prop.label not in self.labels:
            return f"label {prop.label} not in the project's schema (or retired)"
        if not (0 <= prop.start < prop.end <= len(text)):
            return "span outside its paragraph"
        if text[prop.start].isspace() or text[prop.end - 1].isspace():
            return "span edge on white space"
        return None

    def _links(self, pending: list[tuple[int, Proposal]], have: dict[Key, int],
               s: SuggestSummary) -> list[tuple[int, str, int | None, str | None]]:
        out: list[tuple[int, str, int | None, str | None]] = []
        for source_id, prop in pending:
            allowed = self.labels[prop.label].links
            kinds: set[str] = set()
            for link in prop.links:
                if link.kind in kinds:  # one link of a kind: the first one given
                    continue
                if link.kind not in allowed:
                    s.dropped[f"{link.kind} link on {prop.label}"] += 1
                    continue
                if link.target is not None:
                    t = link.target
                    target = have.get((t.paragraph, t.start, t.end, t.label))
                    if target is None or t.label not in allowed[link.kind]:
                        s.dropped[f"{link.kind} link to a span not in the article"] += 1
                        continue
                    out.append((source_id, link.kind, target, None))
                elif link.special in SPECIAL_SOURCES and link.kind in ("speaker", "claimant"):
                    out.append((source_id, link.kind, None, link.special))
                else:
                    s.dropped[f"{link.kind} link without a target"] += 1
                    continue
                kinds.add(link.kind)
        return out


class _Run:
    """Stores the proposals of one run (one transaction): :meth:`article` plans and stores one article,
    :meth:`commit` stores a plan made here or in a worker process (in article order: the ids are given here)."""

    def __init__(self, project: Project, annotator_id: int, schema: LabelSchema, recs: list[Recommender],
                 summary: SuggestSummary) -> None:
        self.project, self.annotator_id, self.schema, self.recs = project, annotator_id, schema, recs
        self.summary = summary
        self.stamp = now()
        self.labels = {lab.name: lab for lab in schema.active()}  # a retired label is proposed nowhere
        self.planner = _Planner(self.labels, recs)

    def article(self, work: store.ArticleWork, targets: list[int], knowledge: Knowledge) -> list[int]:
        """Proposals for the paragraphs ``targets`` (indices) of one article, stored; returns the new ids."""
        return self.commit(self.planner.plan(work, targets, knowledge))

    def commit(self, plan: _Plan) -> list[int]:
        first = store.next_annotation_id(self.project) if plan.rows else 0

        def real(i: int) -> int:
            return i if i > 0 else first - i - 1

        store.insert_suggestions(self.project, self.annotator_id, plan.rows, self.stamp, first)
        links = [(real(src), kind, None if tgt is None else real(tgt), special)
                 for src, kind, tgt, special in plan.links]
        if links:
            store.insert_links(self.project, links, self.stamp)
        plan.summary.links = len(links)
        self.summary.add(plan.summary)
        return [real(r.id) for r in plan.rows]


def _suggestion(project: Project, annotation_id: int) -> Annotation:
    ann = rows.get(project, annotation_id)
    if ann is None:
        raise NotFoundError(f"annotation {annotation_id} does not exist")
    if ann.origin != "suggested":
        raise AnnotatorError(f"annotation {annotation_id} is not a suggestion (origin {ann.origin})")
    return ann

