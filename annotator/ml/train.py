"""``annotator train``: a spaCy model learned from the project's done paragraphs, stored beside the project.

Design:

- **Two pipelines, each one NER component.** Entities (PERSON, ORG, GPE, ...) are ``doc.ents`` of the
  ``entity`` pipeline. Quotes and cues are a second NER, in a pipeline of their own (``quote``): a quote
  usually contains entities, and a single ``doc.ents`` cannot hold spans that overlap, while a span
  categorizer's n-gram suggester cannot reach quotes of thirty tokens and more. Within a pipeline spans
  must not overlap; the longer one is kept and the others are counted (``dropped``).
- **Blank language, no vectors.** ``spacy.blank(lang)`` with the articles' most common language (``id`` or
  ``en``; ``xx`` when none says), a small CNN (width 64, depth 2, hashed embeddings) trained on the CPU;
  nothing is downloaded. The project's tokenizer makes the Docs (:mod:`annotator.ml.docs`).
- **Held-out part.** A seeded 20 % of the paragraphs (at least two) is never trained on; precision, recall
  and F1 per label are exact span matches (start, end, label) on it, with the model tokenizing as it
  will in use. The learning curve trains afresh on the first 25 / 50 / 75 / 100 % of the (seeded,
  shuffled) training part and scores each on the same held-out part; the 100 % model is the one stored.
- **Stored whole.** ``<project>.model/`` (or ``--out``): ``entity/`` and ``quote/`` (each loads with
  ``spacy.load``) and ``annotator-model.json`` (the labels, the report, per-label precision that the
  recommender gives as its score), built in a hidden folder and renamed into place at the end
  (:mod:`annotator.ml.folder`).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import fileguard
from annotator.core.progress import Progress, no_progress
from annotator.errors import AnnotatorError
from annotator.ml.data import Record, TrainingData, load_training_data
from annotator.ml.docs import make_doc
from annotator.ml.folder import building
from annotator.store.project import Project

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

MANIFEST = "annotator-model.json"
MANIFEST_FORMAT = 1
CURVE = (0.25, 0.5, 0.75, 1.0)
EPOCHS = 8
BATCH = 8
DROPOUT = 0.2
# a small NER: the default architecture with a narrower, shallower CNN (fast on two cores, no vectors)
NER_MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
    "hidden_width": 64, "maxout_pieces": 2, "use_upper": True, "nO": None,
    "tok2vec": {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 64,
                "depth": 2, "embed_size": 2000, "window_size": 1, "maxout_pieces": 2,
                "subword_features": True},
}


def model_path(project_path: Path) -> Path:
    """Where a project's model lives: ``p.db`` -> ``p.db.model/``."""
    return project_path.with_name(project_path.name + ".model")


@dataclass(frozen=True)
class LabelScore:
    label: str
    pipeline: str
    precision: float
    recall: float
    f1: float
    support: int  # spans of this label in the held-out part


@dataclass(frozen=True)
class CurvePoint:
    fraction: float
    paragraphs: int
    precision: float
    recall: float
    f1: float  # micro-averaged over every label
    seconds: float


@dataclass
class TrainReport:
    path: Path
    lang: str
    train_paragraphs: int
    held_out: int
    labels: list[LabelScore]
    curve: list[CurvePoint]
    dropped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["path"] = str(self.path)
        return d

    def lines(self) -> list[str]:
        out = [f"{self.path}: model trained on {self.train_paragraphs} paragraphs ({self.lang}), "
               f"scored on {self.held_out} held out, in {self.seconds:.1f} s",
               f"{'label':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'spans':>6}"]
        out += [f"{s.label:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} {s.support:>6}" for s in self.labels]
        out += ["learning curve (share of the training part: micro P / R / F1 on the held-out part)"]
        out += [f"{p.fraction:>5.0%} {p.paragraphs:>6} paragraphs  P {p.precision:.3f}  R {p.recall:.3f}  "
                f"F1 {p.f1:.3f}  ({p.seconds:.1f} s)" for p in self.curve]
        out += [f"left out: {n} {why}" for why, n in sorted(self.dropped.items())]
        return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(p, 4), round(r, 4), round(2 * p * r / (p + r) if p + r else 0.0, 4)


def _train_pipeline(nlp: Language, data: TrainingData, name: str, records: list[Record], epochs: int, seed: int,
                    tick: Any) -> Language:
    """A fresh NER in ``nlp`` (a blank pipeline, reused: making one costs 1.5 s for Indonesian, whose tokenizer
    exceptions load each time), trained on ``records``."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    ner = nlp.add_pipe("ner", config={"model": NER_MODEL})
    for label in data.labels[name]:
        ner.add_label(label)  # type: ignore[attr-defined]
    examples = []
    for rec in records:
        spans = rec.spans[name]
        ref = make_doc(nlp.vocab, rec.text, {x for s, e, _ in spans for x in (s, e)})
        ents = [ref.char_span(s, e, label=label) for s, e, label in spans]
        if any(span is None for span in ents):  # cannot happen: the tokens are split at every boundary
            raise AssertionError("a span off the token boundaries")
        ref.ents = [span for span in ents if span is not None]
        pred = make_doc(nlp.vocab, rec.text, {x for s, e, _ in spans for x in (s, e)})
        examples.append(Example(pred, ref))
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=BATCH):
            nlp.update(batch, drop=DROPOUT, sgd=optimizer, losses=losses)
        log.debug("%s epoch %d: loss %.2f", name, epoch + 1, losses.get("ner", 0.0))
        tick()
    return nlp


def _predict(nlp: Language, texts: list[str]) -> list[set[tuple[int, int, str]]]:
    docs = nlp.pipe(make_doc(nlp.vocab, t) for t in texts)
    return [{(e.start_char, e.end_char, e.label_) for e in doc.ents} for doc in docs]


def _score(models: dict[str, Language], data: TrainingData,
           held_out: list[Record]) -> tuple[list[LabelScore], tuple[int, int, int]]:
    counts: dict[tuple[str, str], Counter[str]] = {}
    for name, nlp in models.items():
        for label in data.labels[name]:
            counts[(name, label)] = Counter()
        predicted = _predict(nlp, [r.text for r in held_out])
        for rec, pred in zip(held_out, predicted):
            gold = set(rec.spans[name])
            for s, e, label in pred | gold:
                c = counts.setdefault((name, label), Counter())
                c["tp" if (s, e, label) in pred and (s, e, label) in gold else "fp" if (s, e, label) in pred
                  else "fn"] += 1
    scores = [LabelScore(label, name, *_prf(c["tp"], c["fp"], c["fn"]), c["tp"] + c["fn"])
              for (name, label), c in sorted(counts.items())]
    total = sum((c for c in counts.values()), Counter())
    return scores, (total["tp"], total["fp"], total["fn"])


def _write_manifest(folder: Path, data: TrainingData, report: TrainReport, who: dict[str, Any]) -> None:
    manifest = {
        "format": MANIFEST_FORMAT, "lang": data.lang, "trained_on": who,
        "pipelines": {name: {"layers": list(data.pipelines[name]), "labels": list(labels)}
                      for name, labels in data.labels.items()},
        "precision": {s.label: s.precision for s in report.labels},
        "report": report.to_dict(),
    }
    with fileguard.open_file(folder / MANIFEST, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, ensure_ascii=False, indent=1))


def train_model(project: Project, annotator: str | None, gold: bool, layers: tuple[str, ...] = ("entity",),
                out: Path | None = None, seed: int = 0, progress: Progress = no_progress, *,
                epochs: int = EPOCHS) -> TrainReport:
    """Train the project's model (see the module docstring); returns what it scored."""
    try:
        import spacy
    except ImportError:
        raise AnnotatorError("training needs spaCy: pip install 'corpus-annotator[ml]'") from None
    started = time.perf_counter()
    target = out if out is not None else model_path(project.path)
    if target.resolve() == project.path.resolve():
        raise AnnotatorError(f"{target}: that is the project file; choose another --out")
    data = load_training_data(project, annotator, gold, layers)
    train, held_out = data.split(seed)
    names = list(data.labels)
    total = len(CURVE) * len(names) * epochs
    step = 0

    def tick() -> None:
        nonlocal step
        step += 1
        progress(step, total, f"training {step}/{total}")

    curve: list[CurvePoint] = []
    scores: list[LabelScore] = []
    models = {name: spacy.blank(data.lang) for name in names}
    for fraction in CURVE:
        t0 = time.perf_counter()
        part = train[:max(1, round(len(train) * fraction))]
        models = {name: _train_pipeline(nlp, data, name, part, epochs, seed, tick) for name, nlp in models.items()}
        scores, (tp, fp, fn) = _score(models, data, held_out)
        curve.append(CurvePoint(fraction, len(part), *_prf(tp, fp, fn), round(time.perf_counter() - t0, 2)))
        log.info("learning curve %.0f%%: F1 %.3f", fraction * 100, curve[-1].f1)
    report = TrainReport(path=target, lang=data.lang, train_paragraphs=len(train), held_out=len(held_out),
                         labels=scores, curve=curve, dropped=dict(data.dropped))
    with building(target) as folder:
        for name, nlp in models.items():
            nlp.meta["name"] = f"annotator_{name}"
            nlp.meta["description"] = f"corpus-annotator {name} model trained on {project.path.name}"
            nlp.to_disk(folder / name)
        report.seconds = round(time.perf_counter() - started, 2)
        _write_manifest(folder, data, report, {"project": project.path.name, "annotator": annotator,
                                               "gold": gold, "seed": seed, "epochs": epochs,
                                               "layers": list(layers)})
    report.seconds = round(time.perf_counter() - started, 2)
    return report
