"""``python -m bench.ml_model``: the model recommender's cost on this machine (not part of ``python -m bench``).

Trains the project's model (``annotator train``: entity, quote and cue layers, default epochs) on a synthetic
project of 100 articles (about 1,000 done paragraphs of annotator "ana", made with :mod:`bench.synth`), then
measures prediction: paragraphs per second in batches (:meth:`ModelRecommender.suggest_texts`) and one
paragraph at a time (:meth:`ModelRecommender.suggest`, as the window asks), after the pipelines are loaded.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from annotator.core.suggest.base import ParagraphContext
from annotator.ml.model import ModelRecommender
from annotator.ml.train import EPOCHS, train_model
from annotator.store import articles as store
from annotator.store.project import open_project
from bench.synth import make_project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "p.db"
        make_project(db, args.articles)
        with open_project(db, create=False) as p:
            t = time.perf_counter()
            report = train_model(p, "ana", False, ("entity", "quote", "cue"), None, epochs=args.epochs)
            train_s = time.perf_counter() - t
            texts = [par.text for aid in range(1, args.articles + 1) for par in store.paragraphs(p, aid)
                     if not par.boilerplate]
        rec = ModelRecommender(report.path)
        t = time.perf_counter()
        rec.load()
        load_s = time.perf_counter() - t
        t = time.perf_counter()
        for i in range(0, len(texts), 64):
            rec.suggest_texts(texts[i:i + 64])
        batch_s = time.perf_counter() - t
        single = []
        for text in texts[:300]:
            t = time.perf_counter()
            rec.suggest(ParagraphContext(paragraphs=(text,), index=0, lang=None))
            single.append(time.perf_counter() - t)
    single.sort()
    print(json.dumps({
        "paragraphs": report.train_paragraphs + report.held_out, "train_paragraphs": report.train_paragraphs,
        "epochs": args.epochs, "train_total_s": round(train_s, 1),
        "curve_s": [p.seconds for p in report.curve], "final_f1": report.curve[-1].f1,
        "load_s": round(load_s, 2), "predict_batched_par_per_s": round(len(texts) / batch_s),
        "predict_single_par_per_s": round(len(single) / sum(single)),
        "predict_single_p95_ms": round(single[int(0.95 * len(single))] * 1000, 1),
        "predict_single_median_ms": round(statistics.median(single) * 1000, 1),
    }, indent=1))


if __name__ == "__main__":
    main()
