"""Suggestions in the window: its actions as undoable changes, what to compute ahead, and its settings.

The window accepts and rejects suggestions through :mod:`annotator.services.suggest`; each call here wraps one
of those in one write transaction and returns a :class:`SuggestionChange`: the annotations and links of the
article that the action changed, as they were (plus the paragraph's status for Shift+Enter), so :func:`undo`
puts them back in one transaction whatever the accept touched (the suggestion, its cue, its speaker mention in
an earlier paragraph); a rejected suggestion comes back through :func:`annotate.restore_annotation`, which
forgets the rejection, so the acceptance counts follow undo too.

The per-project settings (recommenders switched off, the minimum score, how often the window retrains the
project's model) live in the project's ``meta`` table under :data:`SETTINGS_KEY`, so they travel with the
project file and hold for every annotator of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Annotation, Link
from annotator.errors import AnnotatorError
from annotator.services import annotate
from annotator.services import suggest as suggest_service
from annotator.store import annotations as rows
from annotator.store import articles, navigation
from annotator.store.project import Project

SETTINGS_KEY = "suggest.window"
RETRAIN_EVERY = 50  # done paragraphs between two retrainings of the project's model in the window (0: never)


# -- settings --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SuggestSettings:
    """Which recommenders the window uses and shows, the lowest score it shows, and every how many done
    paragraphs it retrains the project's model (0: never)."""

    disabled: frozenset[str] = frozenset()
    min_score: float = 0.0
    retrain_every: int = RETRAIN_EVERY

    def enabled(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if n not in self.disabled]

    def shows(self, ann: Annotation) -> bool:
        """True for every annotation except a suggestion of a recommender switched off or below the score."""
        if ann.origin != "suggested":
            return True
        name, score = suggestion_info(ann)
        return name not in self.disabled and (score is None or score >= self.min_score)


def load_settings(project: Project) -> SuggestSettings:
    raw = project.get_meta(SETTINGS_KEY)
    if not raw:
        return SuggestSettings()
    try:
        data = json.loads(raw)
        return SuggestSettings(frozenset(str(n) for n in data.get("disabled", [])),
                               min(1.0, max(0.0, float(data.get("min_score", 0.0)))),
                               max(0, int(data.get("retrain_every", RETRAIN_EVERY))))
    except (ValueError, TypeError, AttributeError, OverflowError):
        return SuggestSettings()


def save_settings(project: Project, settings: SuggestSettings) -> None:
    """Store the settings in the project (one write transaction)."""
    project.set_meta(SETTINGS_KEY, json.dumps({"disabled": sorted(settings.disabled),
                                               "min_score": round(settings.min_score, 4),
                                               "retrain_every": max(0, int(settings.retrain_every))}))


def suggestion_info(ann: Annotation) -> tuple[str, float | None]:
    """(recommender, score) of a suggestion as its attributes give them ("" and None when missing)."""
    name = ann.attrs.get("recommender")
    score = ann.attrs.get("score")
    try:
        value = float(score) if score is not None else None
    except (TypeError, ValueError):
        value = None
    return (str(name) if name else ""), value


# -- computing ahead ---------------------------------------------------------------------------------------
def paragraphs_ahead(project: Project, annotator: str, article_id: int, idx: int, count: int) -> list[int]:
    """The ids of the paragraph at ``idx`` (when the annotator has it still to do and it is no boilerplate) and
    of the next ``count`` paragraphs to do after it, across articles: the ones the window will open next."""
    out: list[int] = []
    pars = articles.paragraphs(project, article_id)
    if 0 <= idx < len(pars) and not pars[idx].boilerplate and rows.status(project, pars[idx].id, annotator) == "todo":
        out.append(pars[idx].id)
    annotator_id = rows.annotator_id(project, annotator)
    at = (article_id, idx)
    for _ in range(count):
        nxt = navigation.next_todo(project, annotator_id, at[0], at[1], False)
        if nxt is None:
            break
        pars = pars if nxt[0] == at[0] else articles.paragraphs(project, nxt[0])
        if not 0 <= nxt[1] < len(pars) or pars[nxt[1]].id in out:
            break
        out.append(pars[nxt[1]].id)
        at = nxt
    return out


def suggest_for(project: Project, annotator: str, paragraph_id: int, recommenders: list[str]) -> list[Annotation]:
    """Compute and store the suggestions of one paragraph (the worker's call; idempotent)."""
    if not recommenders:
        return []
    return suggest_service.suggest_paragraph(project, annotator, paragraph_id, recommenders)


# -- undoable actions --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SuggestionChange:
    """What an action changed, enough to undo it (and nothing else: suggestions the worker stored meanwhile
    stay): the annotations it changed or deleted as they were, the ones it made, the links it changed."""

    article_id: int
    annotator: str
    before: dict[int, Annotation]  # changed or deleted by the action, as they were
    created: tuple[int, ...]
    link_sources: frozenset[int]  # annotations whose links the action changed
    links: frozenset[Link]  # their links before
    statuses: dict[int, str] = field(default_factory=dict)  # paragraph id -> status before (Shift+Enter)
    affected: tuple[int, ...] = ()  # the ids the action accepted (or rejected)


def _article_of(project: Project, annotation_id: int) -> tuple[Annotation, int]:
    ann = rows.get(project, annotation_id)
    if ann is None:
        raise AnnotatorError(f"annotation {annotation_id} does not exist (changed by another program?)")
    par = articles.get_paragraph(project, ann.paragraph_id)
    if par is None:  # pragma: no cover - an annotation always has its paragraph
        raise AnnotatorError(f"paragraph {ann.paragraph_id} does not exist")
    return ann, par.article_id


def _state(project: Project, article_id: int, annotator: str) -> tuple[dict[int, Annotation], frozenset[Link]]:
    anns = {a.id: a for _idx, a in rows.for_article(project, article_id, annotator)}
    return anns, frozenset(rows.links_from(project, list(anns)))


def _run(project: Project, article_id: int, annotator: str, paragraph_ids: tuple[int, ...],
         action: Callable[[], Iterable[int]]) -> SuggestionChange:
    with project.write():  # one transaction: the service's own transactions become savepoints of it
        anns, links = _state(project, article_id, annotator)
        statuses = {pid: rows.status(project, pid, annotator) for pid in paragraph_ids}
        affected = tuple(action())
        after, after_links = _state(project, article_id, annotator)
    sources = frozenset(link.source_id for link in links ^ after_links)
    return SuggestionChange(article_id, annotator, {i: a for i, a in anns.items() if after.get(i) != a},
                            tuple(sorted(set(after) - set(anns))), sources,
                            frozenset(link for link in links if link.source_id in sources), statuses, affected)


def _need_suggestion(project: Project, annotation_id: int) -> tuple[Annotation, int]:
    ann, article_id = _article_of(project, annotation_id)
    if ann.origin != "suggested":
        raise AnnotatorError(f"“{ann.text[:30]}” is no suggestion (any more)")
    return ann, article_id


def accept(project: Project, annotation_id: int, annotator: str, label: str | None = None) -> SuggestionChange:
    """Accept a suggestion with its cue and speaker links (with ``label``: accept it as that label)."""
    _ann, article_id = _need_suggestion(project, annotation_id)
    return _run(project, article_id, annotator, (),
                lambda: [suggest_service.accept_suggestion(project, annotation_id, annotator, label).id])


def reject(project: Project, annotation_id: int, annotator: str) -> SuggestionChange:
    """Reject a suggestion: it is deleted and the rejection remembered (undo forgets it again)."""
    _ann, article_id = _need_suggestion(project, annotation_id)

    def act() -> list[int]:
        suggest_service.reject_suggestion(project, annotation_id, annotator)
        return [annotation_id]

    return _run(project, article_id, annotator, (), act)


def accept_all(project: Project, paragraph_id: int, annotator: str, ids: list[int] | None = None,
               status: str | None = None) -> SuggestionChange:
    """Accept the paragraph's suggestions: ``ids`` (those the window shows), or all of them; with ``status``,
    also mark the paragraph (Shift+Enter: accept all and done), in the same transaction."""
    par = articles.get_paragraph(project, paragraph_id)
    if par is None:
        raise AnnotatorError(f"paragraph {paragraph_id} does not exist")

    def act() -> list[int]:
        if ids is None:
            done = list(suggest_service.accept_all(project, paragraph_id, annotator))
        else:
            done = []
            for ann_id in ids:  # accepting a quote accepts its cue and speaker: skip what is accepted already
                ann = rows.get(project, ann_id)
                if ann is not None and ann.origin == "suggested":
                    done.append(suggest_service.accept_suggestion(project, ann_id, annotator).id)
        if status is not None:
            annotate.set_status(project, paragraph_id, annotator, status)
        return done

    return _run(project, par.article_id, annotator, (paragraph_id,) if status else (), act)


def undo(project: Project, change: SuggestionChange, annotator: str) -> None:
    """Put back what ``change`` changed: annotations, links, statuses, rejections (one transaction)."""
    with project.write():
        for ann_id in change.created:
            rows.delete(project, ann_id)
        for ann_id, ann in change.before.items():
            if rows.get(project, ann_id) is None:  # a rejected suggestion: back, and its rejection forgotten
                annotate.restore_annotation(project, annotate.Snapshot(ann, ()), annotator)
            else:
                rows.update(project, ann_id, label=ann.label, layer=ann.layer, start=ann.start, end=ann.end,
                            text=ann.text, attrs=ann.attrs, entity=ann.entity, origin=ann.origin)
        for link in rows.links_from(project, sorted(change.link_sources)):
            rows.remove_link(project, link.source_id, link.kind)
        for link in change.links:
            if rows.get(project, link.source_id) and (link.target_id is None or rows.get(project, link.target_id)):
                rows.set_link(project, link)
        for pid, status in change.statuses.items():
            rows.set_status(project, pid, change.annotator, status)
        project.log_event("undo suggestion action", annotator, {"article": change.article_id,
                                                                "annotations": list(change.affected)})


def available(names: Iterable[str], project_path: Path | None = None) -> dict[str, str | None]:
    """name -> None when the recommender can run here, else why not (the worker asks, off the UI thread);
    with ``project_path``, the project's ``model`` too (spaCy installed and a model trained)."""
    status = suggest_service.available_recommenders(project_path)
    return {n: status.get(n, "not installed") for n in names}


def counts(project: Project) -> dict[str, dict[str, int]]:
    """Accepted / rejected / edited per recommender (the window's Review ▸ Suggestion counts)."""
    return suggest_service.recommender_counts(project)
