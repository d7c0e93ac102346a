"""Training data for the project's model: the done paragraphs of one annotator (or gold), as plain records.

A record is a paragraph's text, its article's language and, per pipeline (:data:`PIPELINES`), the spans to
learn: code point offsets into the text, white space trimmed from their edges, overlaps removed (the longer
span wins, then the earlier one; how many were dropped is counted). Suggestions nobody accepted are left out,
as every token format leaves them out. Nothing here imports spaCy.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.errors import AnnotatorError
from annotator.export.formats.common import trim_span
from annotator.store import corpus_queries as q
from annotator.store.project import Project

# pipeline name -> the layers it learns; each pipeline is one spaCy NER, so its spans must not overlap
PIPELINES: dict[str, tuple[str, ...]] = {"entity": ("entity",), "quote": ("quote", "cue")}
TRAINABLE_LAYERS = ("entity", "quote", "cue")
LANGS = ("id", "en")
FALLBACK_LANG = "xx"  # spaCy's multi-language blank pipeline, when no article says id or en
MIN_PARAGRAPHS = 10
HELD_OUT = 0.2

Span = tuple[int, int, str]  # start, end, label (code points into the paragraph text)


@dataclass(frozen=True)
class Record:
    text: str
    lang: str | None
    spans: dict[str, tuple[Span, ...]]  # pipeline name -> non-overlapping spans, sorted


@dataclass
class TrainingData:
    records: list[Record]
    lang: str  # the blank spaCy language: the most common of the articles' languages
    pipelines: dict[str, tuple[str, ...]]  # pipeline -> layers, of the layers asked for
    labels: dict[str, tuple[str, ...]]  # pipeline -> labels seen
    dropped: Counter[str] = field(default_factory=Counter)  # why spans were left out -> how many

    def split(self, seed: int) -> tuple[list[Record], list[Record]]:
        """(training part, held-out part): a seeded shuffle of the paragraphs, :data:`HELD_OUT` held out."""
        order = list(self.records)
        random.Random(seed).shuffle(order)
        n_test = max(2, round(len(order) * HELD_OUT))
        return order[n_test:], order[:n_test]


def parse_layers(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"entity,quote"`` (or a sequence of names) as layer names, checked."""
    names = [n.strip() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    bad = [n for n in names if n not in TRAINABLE_LAYERS]
    if bad or not names:
        raise AnnotatorError(f"layers must be some of {', '.join(TRAINABLE_LAYERS)} (got {','.join(names) or 'none'})")
    return tuple(dict.fromkeys(names))


def _non_overlapping(spans: list[Span], dropped: Counter[str]) -> tuple[Span, ...]:
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for s, e, label in sorted(spans, key=lambda x: (x[0] - x[1], x[0], x[2])):  # longest first
        if any(s < te and ts < e for ts, te in taken):
            dropped["span overlapping a longer one in its pipeline"] += 1
            continue
        kept.append((s, e, label))
        taken.append((s, e))
    return tuple(sorted(kept))


def load_training_data(project: Project, annotator: str | None, gold: bool,
                       layers: tuple[str, ...]) -> TrainingData:
    """The done, non-boilerplate paragraphs of ``annotator`` (or gold) with their spans of ``layers``."""
    if gold == (annotator is not None):
        raise AnnotatorError("train on either one annotator's work (--annotator NAME) or gold (--gold)")
    ann_id: int | None = None
    if annotator is not None:
        ann_id = q.annotator_id(project, annotator)
        if ann_id is None:
            raise AnnotatorError(f"{project.path}: no annotator named {annotator!r}")
    sel = q.Selection(annotator_id=ann_id, gold=gold, status="done", layers=layers)
    pipelines = {name: tuple(la for la in group if la in layers) for name, group in PIPELINES.items()}
    pipelines = {name: group for name, group in pipelines.items() if group}
    pipeline_of = {layer: name for name, group in pipelines.items() for layer in group}
    records: list[Record] = []
    dropped: Counter[str] = Counter()
    labels: dict[str, set[str]] = {name: set() for name in pipelines}
    for batch in q.iter_paragraph_batches(project, sel):
        batch = [p for p in batch if p.boilerplate is None]
        arts = q.articles_by_id(project, sorted({p.article_id for p in batch}))
        anns = q.annotations_for(project, sel, [p.id for p in batch], full=False)
        for par in batch:
            art = arts[par.article_id]
            text = art.text[par.start:par.end]
            found: dict[str, list[Span]] = {name: [] for name in pipelines}
            for a in anns.get(par.id, ()):
                if a.origin == "suggested":
                    dropped["suggestion not yet accepted"] += 1
                    continue
                s, e = trim_span(text, a.start, a.end)
                if s >= e:
                    dropped["span of white space only"] += 1
                    continue
                found[pipeline_of[a.layer]].append((s, e, a.label))
            spans = {name: _non_overlapping(sp, dropped) for name, sp in found.items()}
            for name, sp in spans.items():
                labels[name].update(label for _, _, label in sp)
            lang = (art.lang or "").lower().split("-")[0] or None
            records.append(Record(text, lang, spans))
    who = "gold" if gold else annotator
    if len(records) < MIN_PARAGRAPHS:
        raise AnnotatorError(f"{project.path}: {len(records)} done paragraph(s) of {who}; training needs at least "
                             f"{MIN_PARAGRAPHS} (mark more paragraphs done)")
    if not any(labels.values()):
        raise AnnotatorError(f"{project.path}: the done paragraphs of {who} have no {'/'.join(layers)} spans "
                             "to learn from")
    langs = Counter(r.lang for r in records if r.lang in LANGS)
    lang = langs.most_common(1)[0][0] if langs else FALLBACK_LANG
    return TrainingData(records=records, lang=lang, pipelines=pipelines,
                        labels={name: tuple(sorted(ls)) for name, ls in labels.items() if ls}, dropped=dropped)
