"""The article view (issue 16): opening a 200-paragraph article, memory with a 40,000-character paragraph
open, and label / next-paragraph p95 with the article view on the synthetic project of ``bench.projects``.

    python -m bench.article_view                       # at 100k articles (the cached project: slow to make)
    python -m bench.article_view --articles 10000      # a smaller project
    python -m bench.article_view --skip-window         # only the article measurements (no big project)

Every measurement runs in a fresh process (``--task``), offscreen; the results are printed as JSON and
written to ``bench/out/article-view-<timestamp>.json``. The texts are made up here (Indonesian and English
news-style sentences), with annotations and speaker / cue links, so the view has something to draw.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DESCRIPTION = "The article view: open a 200-paragraph article, memory with 40,000 characters, label and next p95."
OUT = ROOT / "bench" / "out"
SUBJECTS = ["Gubernur Jawa Tengah", "Menteri Keuangan", "Juru bicara kepolisian", "The finance minister",
            "Wali Kota Medan", "A spokesperson for the port authority", "Ketua DPRD", "The central bank governor"]
NAMES = ["Rina Kusuma", "Agus Setiawan", "Dewi Lestari", "Michael Tan", "Bambang Hartono", "Sarah Lim"]
PLACES = ["Semarang", "Makassar", "Jakarta", "Surabaya", "Singapore", "Balikpapan", "Medan"]
VERBS = ["mengatakan", "menegaskan", "menjelaskan", "said", "told reporters", "menambahkan"]
CLAUSES = ["anggaran perbaikan jalan provinsi naik dua kali lipat tahun ini",
           "harga beras di pasar tradisional turun setelah panen raya",
           "the new toll road will cut travel time to the harbour by half",
           "pemerintah akan menambah armada bus listrik pada akhir tahun",
           "exports of palm oil fell for the third month in a row",
           "warga diminta tidak membuang sampah ke saluran air selama musim hujan"]


def _say(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def _paragraph(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """A news-style paragraph (~300 characters) and the (label, text) spans in it: a person, a place, a
    quote with its cue."""
    name, place, subject = rng.choice(NAMES), rng.choice(PLACES), rng.choice(SUBJECTS)
    clause, verb = rng.choice(CLAUSES), rng.choice(VERBS)
    quote = f"“{clause[0].upper()}{clause[1:]},”"
    text = (f"{subject} {name} {verb} di {place} pada Senin bahwa {rng.choice(CLAUSES)}. "
            f"{quote} kata {name.split()[0]} kepada wartawan, menambahkan bahwa {rng.choice(CLAUSES)}.")
    return text, [("PERSON", name), ("GPE", place), ("QUOTE", quote), ("CUE", "kata")]


def _make_project(path: Path, articles: list[list[str]], spans: list[list[list[tuple[str, str]]]]) -> None:
    """A project with ``articles`` (paragraph texts) and their spans annotated by ``ana``; every quote
    linked to the person mention of its paragraph (speaker) and to its cue."""
    from annotator.importing import import_paths
    from annotator.services import annotate
    from annotator.store.articles import paragraphs
    from annotator.store.project import open_project

    src = path.with_suffix(".jsonl")
    src.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Artikel {i}", "text": "\n".join(pars)}) + "\n"
                           for i, pars in enumerate(articles)), encoding="utf-8")
    with open_project(path) as project:
        import_paths(project, [src])
        for art_no, art_spans in enumerate(spans, 1):
            for par, par_spans in zip(paragraphs(project, art_no), art_spans):
                made: dict[str, Any] = {}
                for label, needle in par_spans:
                    start = par.text.find(needle)
                    if start >= 0 and label not in made:
                        made[label] = annotate.add_annotation(project, par.id, "ana", label, start,
                                                              start + len(needle))
                if "QUOTE" in made and "PERSON" in made:
                    annotate.link(project, made["QUOTE"].id, "speaker", "ana", target_id=made["PERSON"].id)
                if "QUOTE" in made and "CUE" in made:
                    annotate.link(project, made["QUOTE"].id, "cue", "ana", target_id=made["CUE"].id)


def _window(db: Path, tmp: Path) -> tuple[Any, Any, Any]:
    """The QApplication, a shown main window on ``db`` (annotator ``ana``) and a paint counter on its text."""
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    from annotator.store.project import open_project
    from annotator.ui.main_window import MainWindow

    class Paints(QObject):
        count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    settings = QSettings(str(tmp / "bench.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(open_project(db), "ana", settings)
    window.resize(1600, 1000)
    paints = Paints(window)
    window.view.text.viewport().installEventFilter(paints)
    window.show()
    end = time.perf_counter() + 30
    while paints.count == 0 and time.perf_counter() < end:
        app.processEvents()
    return app, window, paints


def _until_painted(app: Any, paints: Any, before: int, timeout: float = 5.0) -> bool:
    end = time.perf_counter() + timeout
    while paints.count == before:
        app.processEvents()
        if time.perf_counter() > end:
            return False
    return True


def _summary(samples: list[float]) -> dict[str, Any]:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ms[-1], 2)}


def task_open(paragraphs: int = 200, rounds: int = 30) -> dict[str, Any]:
    """Open a 200-paragraph article (alternating between two, so each open builds the document again), time
    until the text is painted; and the next paragraph inside it (only formats change)."""
    rng = random.Random(16)
    articles, spans = [], []
    for _ in range(2):
        made = [_paragraph(rng) for _ in range(paragraphs)]
        articles.append([t for t, _s in made])
        spans.append([s for _t, s in made])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "long.db"
        _make_project(db, articles, spans)
        app, window, paints = _window(db, tmp)
        from bench.worker import _rss_mb

        session = window.session
        opens: list[float] = []
        for i in range(rounds * 2):
            before = paints.count
            t = time.perf_counter()
            session.open_article(2 - i % 2, 100)  # the middle of the other article
            _until_painted(app, paints, before)
            opens.append(time.perf_counter() - t)
        steps: list[float] = []
        for _ in range(min(rounds * 3, paragraphs - 101)):
            before = paints.count
            t = time.perf_counter()
            session.step(1)
            _until_painted(app, paints, before)
            steps.append(time.perf_counter() - t)
        anns = sum(len(v) for v in session.article.by_paragraph.values()) if session.article else 0
        out = {"paragraphs": paragraphs, "characters": sum(len(t) for t in articles[0]), "annotations": anns,
               "open_article": _summary(opens), "next_paragraph_in_article": _summary(steps),
               "rss_mb": round(_rss_mb(), 1)}
        window.close()
    return out


def task_memory(characters: int = 40_000, small: bool = False) -> dict[str, Any]:
    """Resident memory with the window on one article: a one-line paragraph of ``characters`` characters
    (with an annotation every ~100 characters), or (``small``) a five-paragraph article, for comparison."""
    rng = random.Random(40)
    if small:
        made = [_paragraph(rng) for _ in range(5)]
        articles, spans = [[t for t, _s in made]], [[s for _t, s in made]]
    else:
        parts: list[str] = []
        par_spans: list[tuple[str, str]] = []
        while sum(len(p) + 1 for p in parts) < characters:
            text, found = _paragraph(rng)
            parts.append(text)
            par_spans += found
        body = " ".join(parts)[:characters - 1].rstrip(" “”,.") + "."
        articles, spans = [[body]], [[par_spans]]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = tmp / "memory.db"
        if not small:
            _make_one_line(db, articles[0][0])
        else:
            _make_project(db, articles, spans)
        from bench.worker import _rss_mb, peak_rss_mb

        app, window, paints = _window(db, tmp)
        end = time.perf_counter() + 20  # the suggestions the window computes for it are shown too
        while not any(a.origin == "suggested" for a in window.session.anns) and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.01)
        after_open = _rss_mb()
        text = window.view.text
        size = len(text.paragraph_text())
        before = paints.count
        t = time.perf_counter()
        text.select(size - 20, size - 10)  # scrolls to the end of the paragraph
        _until_painted(app, paints, before)
        select_end_ms = (time.perf_counter() - t) * 1000
        anns = len(window.session.anns)
        out = {"characters": size, "annotations": anns, "rss_after_open_mb": round(after_open, 1),
               "rss_after_scrolling_mb": round(_rss_mb(), 1), "peak_rss_mb": round(peak_rss_mb(), 1),
               "select_at_end_ms": round(select_end_ms, 1),
               "scrolled": text.verticalScrollBar().value() > 0}
        window.close()
    return out


def _make_one_line(db: Path, body: str) -> None:
    """A project whose one article is ``body`` as one paragraph, a PERSON or GPE on every name and place
    (an annotation every ~60 characters)."""
    from annotator.importing import import_paths
    from annotator.services import annotate
    from annotator.store.articles import paragraphs
    from annotator.store.project import open_project

    src = db.with_suffix(".jsonl")
    src.write_text(json.dumps({"id": "panjang", "title": "Satu paragraf panjang", "text": body}) + "\n",
                   encoding="utf-8")
    with open_project(db) as project:
        import_paths(project, [src])
        par = paragraphs(project, 1)[0]
        for label, words in (("PERSON", NAMES), ("GPE", PLACES)):
            for word in words:
                start = par.text.find(word)
                while start >= 0:
                    annotate.add_annotation(project, par.id, "ana", label, start, start + len(word))
                    start = par.text.find(word, start + len(word))


def task_window(articles: int, labels: int = 300, steps: int = 200) -> dict[str, Any]:
    """The window benchmark of ``python -m bench`` (:mod:`bench.gui_bench`) on the cached project."""
    from bench import gui_bench
    from bench.projects import ensure

    db = ensure(OUT, articles)["db"]
    resume_at = gui_bench.prepare(db)["resume_at"]
    with tempfile.TemporaryDirectory() as tmp:
        out = gui_bench.run(db, tmp, labels=labels, steps=steps, scroll=False, resume_at=resume_at)
    for key in ("labelling", "next_paragraph"):
        out[key].pop("samples_ms", None)
    return {"articles": articles, **out}


TASKS = {"open": task_open, "memory": task_memory, "window": task_window}


def _spawn(task: str, **args: Any) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    proc = subprocess.run([sys.executable, "-m", "bench.article_view", "--task", task, "--args", json.dumps(args)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=7200, check=False)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return dict(json.loads(lines[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.article_view", description=DESCRIPTION)
    parser.add_argument("--articles", type=int, default=100_000, help="size of the project for the window run")
    parser.add_argument("--skip-window", action="store_true", help="leave out the label / next-paragraph run")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (each in a fresh process)")
    parser.add_argument("--task", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--args", default="{}", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.task:  # one measurement, in this fresh process
        sys.stdout.write(json.dumps(TASKS[opts.task](**json.loads(opts.args))) + "\n")
        return 0
    results: dict[str, Any] = {"when": datetime.now().isoformat(timespec="seconds"), "runs": opts.runs,
                               "load_average": list(os.getloadavg())}
    for run in range(1, opts.runs + 1):  # the runs of each measurement alternate with the others'
        _say(f"run {run} of {opts.runs}: opening a 200-paragraph article ...")
        results.setdefault("open_200", []).append(_spawn("open"))
        _say("memory with a 40,000-character paragraph open ...")
        results.setdefault("memory_40k", []).append(_spawn("memory"))
        results.setdefault("memory_small", []).append(_spawn("memory", small=True))
        if not opts.skip_window:
            _say(f"label and next paragraph at {opts.articles:,} articles ...")
            results.setdefault("window", []).append(_spawn("window", articles=opts.articles))
    results["load_average_end"] = list(os.getloadavg())
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"article-view-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    sys.stdout.write(json.dumps(results, indent=1) + "\n")
    _say(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
