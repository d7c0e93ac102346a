"""``python -m bench``: synthetic projects of 1k, 10k and 100k articles, and what the issue asks to measure.

    python -m bench                         # everything, writes docs/benchmarks.md and docs/benchmarks.json
    python -m bench --scales 1000 --quick   # a smoke test: one scale, one run, fewer GUI actions
    python -m bench --scales 200 --quick --out /tmp/b --docs /tmp/b   # what the pytest smoke test runs

Projects are cached in ``bench/out`` (git-ignored); each run's results go to
``bench/out/results-<timestamp>.json``. Every measurement runs in its own
process (``bench.worker``); real and baseline runs alternate.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import projects, report

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("native", "spans", "bio", "doccano")
TOKEN_FORMATS = ("spans", "bio")
LARGE = 100_000  # from this many articles on, import and export run --large-runs times
SMALL = 1_000  # up to this many, at least 5 times


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def worker(task: str, timeout: float = 3600, **args: Any) -> dict[str, Any]:
    """Run one measurement in a fresh process; its JSON result, or ``{"error": ...}``."""
    spec = {"task": task, "args": args, "spawned": time.time()}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.worker", json.dumps(spec)], capture_output=True,
                              text=True, cwd=ROOT, env=env, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"{task}: no result after {timeout:.0f} s"}
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"{task} failed ({proc.returncode}): {tail}"}
    return json.loads(lines[-1])


def _median(runs: list[dict[str, Any]], key: str) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def _agg(runs: list[dict[str, Any]], units: str) -> dict[str, Any]:
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": "; ".join(r["error"] for r in runs), "seconds": None, "per_s": None, "peak_rss_mb": None}
    seconds = _median(ok, "seconds")
    count = ok[0][units]
    return {"seconds": seconds, units: count, "per_s": count / seconds if seconds else None,
            "seconds_all": [round(r["seconds"], 4) for r in ok], "peak_rss_mb": max(r["peak_rss_mb"] for r in ok),
            "errors": [r["error"] for r in runs if "error" in r]}


def _ratio(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    return a["seconds"] / b["seconds"] if a.get("seconds") and b.get("seconds") else None


def _paired(real: list[dict[str, Any]], base: list[dict[str, Any]]) -> dict[str, float] | None:
    """The ratio of each real run to the baseline run next to it: median, lowest and highest.

    This is the ratio the targets are judged by. On this shared virtual machine a run of the same work
    takes either about t or about 1.7 t, at random (seen with both on one pinned core, and with disk
    syncs ruled out); the ratio of two medians then jumps when one median falls on the slow side and
    the other does not (0.96× and 1.79× in two runs of the same code), the median of the pairs does not.
    """
    ratios = sorted(r["seconds"] / b["seconds"] for r, b in zip(real, base, strict=True)
                    if "error" not in r and "error" not in b and b.get("seconds"))
    if not ratios:
        return None
    return {"median": statistics.median(ratios), "min": ratios[0], "max": ratios[-1]}


def measure_import(proj: dict[str, Any], runs: int, tmp: str) -> dict[str, Any]:
    real: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    for _ in range(runs):
        real.append(worker("import_real", jsonl=proj["jsonl"], tmp=tmp))
        base.append(worker("import_baseline", jsonl=proj["jsonl"], tmp=tmp))
    r, b = _agg(real, "paragraphs"), _agg(base, "paragraphs")
    parse = _median([x for x in base if "error" not in x], "parse_seconds")
    with_parse = {"seconds": b["seconds"] + parse if b.get("seconds") and parse else None}
    with_parse["per_s"] = b["paragraphs"] / with_parse["seconds"] if with_parse["seconds"] else None
    paired = _paired(real, base)
    ratio = paired["median"] if paired else _ratio(r, b)
    return {"runs": runs, "real": r, "baseline": b, "baseline_with_parse": with_parse, "ratio": ratio,
            "ratio_paired": paired, "ratio_of_medians": _ratio(r, b), "ratio_with_parse": _ratio(r, with_parse),
            "target_met": None if ratio is None else ratio <= 1.5}


def measure_export(proj: dict[str, Any], runs: int, tmp: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fmt in FORMATS:
        real: list[dict[str, Any]] = []
        base: list[dict[str, Any]] = []
        tok: list[dict[str, Any]] = []
        for _ in range(runs):
            real.append(worker("export_real", db=proj["db"], fmt=fmt, tmp=tmp))
            base.append(worker("export_baseline", db=proj["db"], fmt=fmt, tmp=tmp))
            if fmt in TOKEN_FORMATS:
                tok.append(worker("export_baseline", db=proj["db"], fmt=fmt, tmp=tmp, tokens=True))
        e: dict[str, Any] = {"runs": runs, "real": _agg(real, "spans"), "baseline": _agg(base, "spans")}
        e["ratio_paired"] = _paired(real, base)
        e["ratio_of_medians"] = _ratio(e["real"], e["baseline"])
        e["ratio"] = e["ratio_paired"]["median"] if e["ratio_paired"] else e["ratio_of_medians"]
        if tok:
            e["baseline_tokens"] = _agg(tok, "spans")
            e["ratio_tokens"] = _ratio(e["real"], e["baseline_tokens"])
        e["target_met"] = None if e["ratio"] is None else e["ratio"] <= 1.5
        ok_real = [r for r in real if "cpu_seconds" in r]
        ok_base = [b for b in base if "cpu_seconds" in b]
        if ok_real and ok_base:  # CPU time of every process of the export, next to the baseline's (one process)
            e["real"]["cpu_seconds"] = _median(ok_real, "cpu_seconds")
            e["real"]["processes"] = max(r.get("processes", 1) for r in ok_real)
            e["real"]["workers_peak_rss_mb"] = max((r.get("workers_peak_rss_mb") or 0 for r in ok_real), default=0)
            e["cpu_ratio"] = e["real"]["cpu_seconds"] / _median(ok_base, "cpu_seconds")
        out[fmt] = e
        _say(f"    export {fmt}: {e['ratio'] or 0:.2f}× baseline")
    return out


def measure_gui(proj: dict[str, Any], runs: int, tmp: str, labels: int, steps: int) -> dict[str, Any]:
    results = []
    for _ in range(runs):
        ready = worker("prepare_gui", db=proj["db"])
        if "error" in ready:
            results.append(ready)
            continue
        results.append(worker("gui", db=proj["db"], tmp=tmp, labels=labels, steps=steps,
                              resume_at=ready["resume_at"]))
    ok = [r for r in results if "error" not in r]
    if not ok:
        return {"error": "; ".join(r["error"] for r in results), "runs": runs}
    out: dict[str, Any] = {"runs": len(ok), "errors": [r["error"] for r in results if "error" in r]}
    for key in ("first_paint_s", "first_paint_from_launch_s", "first_paint_from_spawn_s", "open_far_article_s",
                "rss_after_first_paint_mb", "qt_app_s"):
        out[key] = _median(ok, key)
    out["first_paint_from_spawn_max_s"] = max((r["first_paint_from_spawn_s"] or 0) for r in ok)
    out["peak_rss_mb"] = max(r["peak_rss_mb"] for r in ok)
    out["labels_committed"] = [r.get("labels_committed") for r in ok]
    out["resumed_where_left_off"] = all(r.get("resumed_where_left_off") for r in ok)
    for key in ("labelling", "next_paragraph"):
        pooled = sorted(x for r in ok for x in r[key]["samples_ms"])
        p95 = pooled[min(len(pooled) - 1, max(0, round(0.95 * len(pooled)) - 1))] if pooled else None
        out[key] = {"n": len(pooled), "median_ms": statistics.median(pooled) if pooled else None, "p95_ms": p95,
                    "max_ms": pooled[-1] if pooled else None,
                    "without_repaint": sum(r[key]["without_repaint"] for r in ok)}
    scrolls = [r["scroll"] for r in ok if "scroll" in r]
    if scrolls:
        out["scroll"] = {k: statistics.median(s[k] for s in scrolls) for k in ("median_ms", "p95_ms", "total_s")}
        out["scroll"].update({"max_ms": max(s["max_ms"] for s in scrolls), "n": scrolls[0]["n"],
                              "rows": scrolls[0]["rows"]})
    return out


def measure_agreement(proj: dict[str, Any], runs: int) -> dict[str, Any]:
    res = [worker("agreement", db=proj["db"]) for _ in range(runs)]
    ok = [r for r in res if "error" not in r]
    if not ok:
        return {"error": "; ".join(r["error"] for r in res), "runs": runs, "seconds": None}
    return {"runs": len(ok), "seconds": _median(ok, "seconds"), "paragraphs": ok[0]["paragraphs"],
            "peak_rss_mb": max(r["peak_rss_mb"] for r in ok), "seconds_all": [round(r["seconds"], 3) for r in ok]}


def run_scale(n: int, args: argparse.Namespace, out: Path, only: set[str]) -> dict[str, Any]:
    _say(f"{n:,} articles")
    proj = projects.ensure(out, n)
    counts = proj["counts"]
    s: dict[str, Any] = {"articles": n, "paragraphs": counts["paragraphs"], "annotations": counts["annotations"],
                         "links": counts["links"], "db_mb": proj["db_mb"], "generated_s": proj["generated_s"]}
    tmp = out / "tmp"
    tmp.mkdir(exist_ok=True)
    # short runs are the noisiest: at 1,000 articles or fewer, import and export run at least 5 times
    bulk_runs = args.large_runs if n >= LARGE else args.runs if (n > SMALL or args.quick) else max(args.runs, 5)
    if "import" in only:
        _say("  import")
        s["import"] = measure_import(proj, bulk_runs, str(tmp))
    if "export" in only:
        _say("  export")
        s["export"] = measure_export(proj, bulk_runs, str(tmp))
    if "agreement" in only:
        _say("  agreement")
        s["agreement"] = measure_agreement(proj, args.runs)
    if "gui" in only:
        _say("  window")
        s["gui"] = measure_gui(proj, args.runs, str(tmp), args.labels, args.steps)
    return s


def write_docs(results: dict[str, Any], docs: Path) -> None:
    """``benchmarks.json`` (the results, for comparing runs) and ``benchmarks.md`` (the tables)."""
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "benchmarks.json").write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (docs / "benchmarks.md").write_text(report.markdown(results), encoding="utf-8")
    _say(f"wrote {docs / 'benchmarks.md'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--scales", default="1000,10000,100000", help="article counts, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="runs of each measurement (median)")
    ap.add_argument("--large-runs", type=int, default=1,
                    help=f"runs of import and export from {LARGE:,} articles on (each takes minutes)")
    ap.add_argument("--labels", type=int, help="label key presses per GUI run (300; 60 with --quick)")
    ap.add_argument("--steps", type=int, help="Alt+Down presses per GUI run (200; 40 with --quick)")
    ap.add_argument("--only", default="import,export,agreement,gui", help="which measurements")
    ap.add_argument("--quick", action="store_true", help="one run each, 60 labels, 40 steps: a smoke test")
    ap.add_argument("--out", type=Path, default=projects.OUT, help="cache and results folder")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help="where benchmarks.md/.json go")
    ap.add_argument("--no-docs", action="store_true", help="write only the results file")
    ap.add_argument("--report-only", type=Path, metavar="RESULTS_JSON",
                    help="measure nothing: write the docs again from an earlier run's results file")
    args = ap.parse_args(argv)
    if args.report_only:
        from bench.verdict import growth, notes, targets  # noqa: PLC0415

        results = json.loads(args.report_only.read_text(encoding="utf-8"))
        results["targets"], results["growth"] = targets(results["scales"]), growth(results["scales"])
        results["notes"] = notes(results, int(results["options"]["large_runs"]), LARGE)
        write_docs(results, args.docs)
        return 0
    if args.quick:
        args.runs = args.large_runs = 1
    args.labels = args.labels or (60 if args.quick else 300)
    args.steps = args.steps or (40 if args.quick else 200)
    scales = [int(x) for x in args.scales.replace(" ", "").split(",") if x]
    only = set(args.only.split(","))
    started = datetime.now()
    t0 = time.perf_counter()
    results: dict[str, Any] = {"started": started.isoformat(timespec="seconds"), "machine": report.machine(),
                               "command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
                               "options": {k: str(v) for k, v in vars(args).items()}}
    results["idle_rss_mb"] = worker("idle").get("peak_rss_mb")
    results["scales"] = [run_scale(n, args, args.out, only) for n in scales]
    results["elapsed_s"] = time.perf_counter() - t0
    from bench.verdict import growth, notes, targets  # noqa: PLC0415

    results["targets"] = targets(results["scales"])
    results["growth"] = growth(results["scales"])
    results["notes"] = notes(results, args.large_runs, LARGE)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"results-{started:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    _say(f"results: {path}")
    if not args.no_docs:
        write_docs(results, args.docs)
    for key, verdict in results["targets"].items():
        print(f"{key:12s} {'met' if verdict['met'] else 'MISSED' if verdict['met'] is False else '-':6s} "
              f"{verdict['detail']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
