"""The machine a run was on, and ``docs/benchmarks.md`` from a run's results."""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
from pathlib import Path
from typing import Any

LIMITS = Path(__file__).resolve().parent / "limits.md"  # the hand-kept analysis, copied into the page

TARGETS = {
    "import": "import ≤ 1.5 × bare sqlite-utils insert_all",
    "export": "export ≤ 1.5 × plain SQL + json.dumps, every format; memory flat in project size",
    "first_paint": "100k project: first paint ≤ 1 s",
    "gui_memory": "100k project: memory ≤ 300 MB",
    "scroll": "100k project: article list scrolls smoothly (each page step ≤ 16 ms)",
    "interaction": "labelling and next-paragraph p95 ≤ 16 ms at every scale",
    "agreement": "agreement, 10k paragraphs × 3 annotators ≤ 3 s",
}


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"cores": os.cpu_count(), "platform": platform.platform(),
                            "python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            models = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        info["cpu"] = models[0] if models else platform.processor()
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("MemTotal"))
        info["ram_gb"] = round(kb / 2**20, 1)
    except (OSError, StopIteration):
        info["cpu"] = platform.processor()
    try:
        import PySide6  # noqa: PLC0415
        from PySide6.QtCore import qVersion  # noqa: PLC0415

        info["pyside6"], info["qt"] = PySide6.__version__, qVersion()
    except ImportError:
        pass
    try:
        import sqlite_utils  # noqa: PLC0415,F401
        from importlib.metadata import version  # noqa: PLC0415

        info["sqlite_utils"] = version("sqlite-utils")
    except Exception:  # noqa: BLE001
        pass
    try:
        load = os.getloadavg()
        info["load_average_at_start"] = [round(x, 2) for x in load]
    except OSError:
        pass
    return info


def _f(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _ok(flag: bool | None) -> str:
    return "–" if flag is None else ("met" if flag else "**missed**")


def _spread(m: dict[str, Any]) -> str:
    """`` (lowest–highest)`` of the run-by-run ratios, when there were several runs."""
    p = m.get("ratio_paired")
    if not p or p["min"] == p["max"]:
        return ""
    return f" ({_f(p['min'])}–{_f(p['max'])})"


def scale_table(s: dict[str, Any]) -> list[str]:
    lines = [f"### {s['articles']:,} articles ({s['paragraphs']:,} paragraphs, {s['annotations']:,} annotations, "
             f"project file {s['db_mb']:,} MB)", ""]
    imp = s.get("import")
    if imp:
        lines += ["| import | paragraphs/s | seconds | runs | peak RSS MB |", "|---|---:|---:|---:|---:|",
                  f"| `import_paths` (real) | {_f(imp['real']['per_s'], 0)} | {_f(imp['real']['seconds'], 3)} | "
                  f"{imp['runs']} | {_f(imp['real']['peak_rss_mb'], 0)} |",
                  f"| bare `insert_all` baseline | {_f(imp['baseline']['per_s'], 0)} | "
                  f"{_f(imp['baseline']['seconds'], 3)} | {imp['runs']} | {_f(imp['baseline']['peak_rss_mb'], 0)} |",
                  f"| baseline + reading and `json.loads` of the file | {_f(imp['baseline_with_parse']['per_s'], 0)} | "
                  f"{_f(imp['baseline_with_parse']['seconds'], 3)} | | |",
                  "", f"Ratio real / baseline, {'run by run' if imp.get('ratio_paired') else 'of the medians'}: "
                  f"**{_f(imp['ratio'])}×**{_spread(imp)} (target ≤ 1.5: {_ok(imp['target_met'])})"
                  + (f"; ratio of the medians {_f(imp['ratio_of_medians'])}×" if imp.get("ratio_of_medians") else "")
                  + f"; real / (baseline + parse): {_f(imp['ratio_with_parse'])}×.", ""]
    exp = s.get("export")
    if exp:
        lines += ["| export | processes | spans/s | seconds | baseline spans/s | ratio, run by run | ratio of medians | "
                  "CPU time ratio | + tokenizer baseline | ratio | peak RSS MB (main + each worker) | runs |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for fmt, e in exp.items():
            tok = e.get("baseline_tokens")
            workers = e["real"].get("workers_peak_rss_mb")
            lines.append(
                f"| {fmt} | {e['real'].get('processes', 1)} | {_f(e['real']['per_s'], 0)} | "
                f"{_f(e['real']['seconds'], 3)} | {_f(e['baseline']['per_s'], 0)} | **{_f(e['ratio'])}×**{_spread(e)} | "
                f"{_f(e.get('ratio_of_medians')) + '×' if e.get('ratio_of_medians') else '–'} | "
                f"{_f(e.get('cpu_ratio')) + '×' if e.get('cpu_ratio') else '–'} | "
                f"{_f(tok['per_s'], 0) if tok else '–'} | {_f(e.get('ratio_tokens')) + '×' if tok else '–'} | "
                f"{_f(e['real']['peak_rss_mb'], 0)}{' + ' + _f(workers, 0) if workers else ''} | {e['runs']} |")
        lines += ["", "The target is judged by the plain baseline (the issue's), in elapsed time. \"Run by run\" is "
                  "the median (lowest–highest) of the ratios of each real run to the baseline run beside it, the "
                  "ratio the targets are judged by (see the notes); the ratio of the medians is given beside it. A "
                  "large export runs on one process per core (here two: the main process and one worker, each "
                  "writing half of the articles); the CPU time ratio adds up the time of every process against "
                  "the baseline's one process, i.e. what the export costs rather than how long it takes. The "
                  "second baseline also runs the shared tokenizer, which spans and bio cannot do without.", ""]
    gui = s.get("gui")
    if gui:
        lab, nav, scr = gui.get("labelling", {}), gui.get("next_paragraph", {}), gui.get("scroll", {})
        lines += ["| window | median | p95 | max | n |", "|---|---:|---:|---:|---:|",
                  f"| first paint, from process start | {_f(gui['first_paint_from_spawn_s'], 3)} s | | "
                  f"{_f(gui.get('first_paint_from_spawn_max_s'), 3)} s | {gui['runs']} |",
                  f"| first paint, from opening the project | {_f(gui['first_paint_s'], 3)} s | | | {gui['runs']} |",
                  f"| label key → committed and repainted | {_f(lab.get('median_ms'))} ms | "
                  f"{_f(lab.get('p95_ms'))} ms | {_f(lab.get('max_ms'))} ms | {lab.get('n', 0)} |",
                  f"| Alt+Down → next paragraph painted | {_f(nav.get('median_ms'))} ms | "
                  f"{_f(nav.get('p95_ms'))} ms | {_f(nav.get('max_ms'))} ms | {nav.get('n', 0)} |",
                  f"| article list, one page (200 rows) a step | {_f(scr.get('median_ms'))} ms | "
                  f"{_f(scr.get('p95_ms'))} ms | {_f(scr.get('max_ms'))} ms | {scr.get('n', 0)} |",
                  f"| article list, top to end | {_f(scr.get('total_s'), 2)} s | | | {_f(scr.get('rows'))} rows |",
                  f"| open an article three quarters down the list | {_f(gui.get('open_far_article_s'), 3)} s | | | |",
                  "", f"Memory: {_f(gui['rss_after_first_paint_mb'], 0)} MB after the first paint, "
                  f"{_f(gui['peak_rss_mb'], 0)} MB peak (after scrolling the whole list).", ""]
        if gui.get("resumed_where_left_off") is not None:
            lines[-1:-1] = ["The window is that of an annotator half-way through the project (the main annotator's "
                            "statuses of the first half of the articles), reopened where it left off: the first "
                            "article of the second half" + ("." if gui["resumed_where_left_off"] else
                                                           " (**it did not reopen there**).")]
    agr = s.get("agreement")
    if agr:
        lines += [f"Agreement of 3 annotators over {agr['paragraphs']:,} paragraphs: **{_f(agr['seconds'], 2)} s** "
                  f"(median of {agr['runs']}), peak RSS {_f(agr['peak_rss_mb'], 0)} MB.", ""]
    return lines


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = ["# Benchmarks", "",
           "Made by `make bench` (`python -m bench`); do not edit by hand. The numbers in "
           "[benchmarks.json](benchmarks.json) are the same run's, for comparison with later runs.", "",
           "## Machine", "",
           f"- {m.get('cores')} cores, {m.get('ram_gb', '?')} GB RAM, {m.get('cpu', '?')}",
           f"- Python {m['python']}, SQLite {m['sqlite']}, sqlite-utils {m.get('sqlite_utils', '?')}, "
           f"PySide6 {m.get('pyside6', '?')} (Qt {m.get('qt', '?')}), offscreen platform",
           f"- {m['platform']}; load average when the run started: {m.get('load_average_at_start', '?')}",
           f"- run {results['started']}, {results['elapsed_s']:.0f} s in all; "
           f"command: `{results['command'].strip()}`", "",
           "Each figure is the median of the runs given; every run is its own process, so peak memory "
           "(RSS, `ru_maxrss`) is that measurement's alone (a bare Python process with the package "
           f"imported is about {_f(results.get('idle_rss_mb'), 0)} MB of it). Real and baseline runs "
           "alternate, so load from elsewhere falls on both.", "",
           "## Targets", "", "| target | result |", "|---|---|"]
    for key, text in TARGETS.items():
        verdict = results["targets"].get(key, {})
        out.append(f"| {text} | {_ok(verdict.get('met'))}: {verdict.get('detail', '')} |")
    out += ["", "## Growth from the smallest to the largest scale", ""]
    out += [f"- {line}" for line in results.get("growth", [])] or ["- (one scale only)"]
    out += ["", "## Results per scale", ""]
    for s in results["scales"]:
        out += scale_table(s)
    notes = results.get("notes", [])
    if notes:
        out += ["## Notes", ""] + [f"- {n}" for n in notes] + [""]
    if LIMITS.exists():
        out += [LIMITS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(out).rstrip() + "\n"
