"""``python -m bench.slow_paths``: the four slow paths of issue 13 (item 9), each at growing sizes.

    python -m bench.slow_paths            # the sizes in docs/benchmarks.md ("Slow paths, made linear")
    python -m bench.slow_paths --quick    # small sizes, a smoke test of a few seconds
    SLOW_PATHS_CODE=/path/to/old/checkout python -m bench.slow_paths --only skip-bad --sizes 2500,5000
                                          # the same, measuring another checkout's annotator package

- ``skip-bad``: ``import --skip-bad`` of a folder of N one-article ``.txt`` files (and without the flag);
- ``spans-import``: one paragraph of N words with a span on each, imported as a spans line for two
  annotators who disagree on a third of the spans;
- ``agreement``: the agreement of those two annotators (the same project);
- ``spans-export``: ``export --format spans`` of one paragraph of N characters with a span every ~700.

Each measurement runs in a fresh process (peak RSS, ``ru_maxrss``, is that run's alone) and prints
one Markdown table row; growth that is linear shows as seconds proportional to N.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CODE = os.environ.get("SLOW_PATHS_CODE", str(ROOT))  # the checkout whose annotator is measured (before / after)
SIZES = {"skip-bad": [2_500, 5_000, 10_000, 20_000, 50_000], "spans-import": [5_000, 10_000, 20_000],
         "agreement": [5_000, 10_000, 20_000], "spans-export": [5_000_000]}
QUICK = {"skip-bad": [500, 1_000], "spans-import": [1_000, 2_000], "agreement": [1_000, 2_000],
         "spans-export": [300_000]}


def _fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def skip_bad(n: int, tmp: Path, flag: bool = True) -> dict[str, Any]:
    from annotator.importing import import_files

    folder = tmp / f"files{n}"
    if not folder.exists():
        folder.mkdir()
        for i in range(n):
            (folder / f"a{i:06d}.txt").write_text(f"Judul berita nomor {i}\n\nIni paragraf pertama artikel {i}.\n\n"
                                                  f"Paragraf kedua {i}.\n", encoding="utf-8")
    db = _fresh(tmp / f"skip{n}.db")
    t = time.perf_counter()
    import_files(db, [folder], skip_bad=flag)
    return {"seconds": time.perf_counter() - t}


def _spans_lines(n: int, tmp: Path) -> dict[str, Path]:
    words = [f"W{i}" for i in range(n)]
    text = " ".join(words)
    files = {}
    for who in ("ana", "budi"):
        spans, pos = [], 0
        for i, w in enumerate(words):
            end = pos + len(w) if who == "ana" or i % 3 != 0 else pos + 1  # budi: another end on every third
            spans.append({"start": pos, "end": end, "label": "PERSON"})
            pos += len(w) + 1
        files[who] = tmp / f"spans{n}-{who}.jsonl"
        files[who].write_text(json.dumps({"text": text, "spans": spans, "meta": {"article_id": "big", "paragraph": 0}})
                              + "\n", encoding="utf-8")
    return files


def spans_import(n: int, tmp: Path) -> dict[str, Any]:
    from annotator.importing import import_files

    files = _spans_lines(n, tmp)
    db = _fresh(tmp / f"spans{n}.db")
    t = time.perf_counter()
    for who, path in files.items():
        import_files(db, [path], annotator=who)
    return {"seconds": time.perf_counter() - t}


def agreement(n: int, tmp: Path) -> dict[str, Any]:
    from annotator.services.agreement import project_agreement
    from annotator.store.project import open_project

    db = tmp / f"spans{n}.db"
    if not db.exists():
        spans_import(n, tmp)
    with open_project(db) as project:
        t = time.perf_counter()
        project_agreement(project, ["ana", "budi"], layer="all")
        return {"seconds": time.perf_counter() - t}


def spans_export(n: int, tmp: Path) -> dict[str, Any]:
    from annotator.export import ExportOptions, export_corpus
    from annotator.importing import import_files
    from annotator.store.project import open_project

    db = tmp / f"huge{n}.db"
    if not db.exists():
        rnd = random.Random(1)
        words: list[str] = []
        spans: list[dict[str, Any]] = []
        pos = 0
        while pos < n:
            w = rnd.choice(["Jakarta", "kata", "Presiden", "\"ujar\"", "2.500", "menteri", "rakyat", "di", "yang"])
            if rnd.random() < 0.01:
                spans.append({"start": pos, "end": pos + len(w), "label": "PERSON"})
            words.append(w)
            pos += len(w) + 1
        line = tmp / f"huge{n}.jsonl"
        line.write_text(json.dumps({"text": " ".join(words), "spans": spans,
                                    "meta": {"article_id": "big", "paragraph": 0}}) + "\n", encoding="utf-8")
        import_files(db, [line], annotator="ana")
        return {"seconds": None}  # making it raised this process's peak: measured in a fresh one
    out = tmp / f"huge{n}.spans.jsonl"
    out.unlink(missing_ok=True)
    with open_project(db) as project:
        t = time.perf_counter()
        export_corpus(project, ExportOptions(format="spans", annotator="ana", jobs=1), out)
        seconds = time.perf_counter() - t
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "output_mb": round(size / 1e6, 1)}


TASKS = {"skip-bad": skip_bad, "spans-import": spans_import, "agreement": agreement, "spans-export": spans_export}


def _one(task: str, n: int, tmp: str, flag: bool) -> dict[str, Any]:
    """Run one measurement in a fresh process; its result with the peak RSS."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [CODE, str(ROOT), os.environ.get("PYTHONPATH")])))
    args = [sys.executable, "-m", "bench.slow_paths", "--one", task, str(n), "--tmp", tmp]
    if not flag:
        args.append("--no-skip-bad")
    proc = subprocess.run(args, capture_output=True, text=True, cwd=CODE, env=env, check=False)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.slow_paths", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke test")
    ap.add_argument("--only", default=",".join(TASKS), help="which paths, comma-separated")
    ap.add_argument("--sizes", help="N for every path, comma-separated (instead of the defaults)")
    ap.add_argument("--one", nargs=2, metavar=("TASK", "N"), help=argparse.SUPPRESS)
    ap.add_argument("--tmp", help=argparse.SUPPRESS)
    ap.add_argument("--no-skip-bad", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        task, n = args.one[0], int(args.one[1])
        kwargs = {"flag": False} if task == "skip-bad" and args.no_skip_bad else {}
        result = TASKS[task](n, Path(args.tmp), **kwargs)
        result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(result))
        return 0
    sizes = QUICK if args.quick else SIZES
    print("| path | N | seconds | peak RSS MB | notes |\n|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="slow-paths-") as tmp:
        for task in args.only.split(","):
            for n in ([int(x) for x in args.sizes.split(",")] if args.sizes else sizes[task]):
                first = _one(task, n, tmp, True)
                if first.get("seconds", 0) is None:  # only made its project
                    first = _one(task, n, tmp, True)
                runs = [(True, first)]
                if task == "skip-bad":
                    runs.append((False, _one(task, n, tmp, False)))
                for flag, r in runs:
                    name = task if flag else "import (no --skip-bad)"
                    if "error" in r:
                        print(f"| {name} | {n:,} | – | – | {r['error']} |", flush=True)
                        continue
                    note = f"output {r['output_mb']} MB" if "output_mb" in r else ""
                    print(f"| {name} | {n:,} | {r['seconds']:.2f} | {r['peak_rss_mb']} | {note} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
