"""Targets met or missed, growth from the smallest to the largest scale, and notes, from a run's results."""

from __future__ import annotations

from typing import Any

FRAME_MS = 16.0
FLAT_MB = 30.0  # export peak memory may grow this much from the smallest to the largest scale


def _fmt(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def export_memory(real: dict[str, Any]) -> float:
    """Peak memory of an export, MB: its main process and each worker process it started."""
    workers = (real.get("processes") or 1) - 1
    return (real.get("peak_rss_mb") or 0) + workers * (real.get("workers_peak_rss_mb") or 0)


def targets(scales: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with_import = [s for s in scales if s.get("import", {}).get("ratio") is not None]
    if with_import:
        worst = max(s["import"]["ratio"] for s in with_import)
        out["import"] = {"met": worst <= 1.5, "detail": ", ".join(
            f"{s['articles']:,}: {_fmt(s['import']['ratio'])}×" for s in with_import)}
    with_export = [s for s in scales if s.get("export")]
    if with_export:
        ratios = [(s["articles"], f, e["ratio"]) for s in with_export for f, e in s["export"].items()
                  if e["ratio"] is not None]
        small, large = with_export[0], with_export[-1]
        growth = {f: export_memory(large["export"][f]["real"]) - export_memory(small["export"][f]["real"])
                  for f in large["export"]}
        flat = all(g <= FLAT_MB for g in growth.values()) if len(with_export) > 1 else None
        worst = {f: max(r for _, g, r in ratios if g == f) for f in large["export"]}
        out["export"] = {"met": all(r <= 1.5 for _, _, r in ratios) and flat is not False,
                         "detail": "worst ratio " + ", ".join(f"{f} {_fmt(r)}×" for f, r in worst.items())
                         + "; peak RSS growth " + ", ".join(f"{f} {g:+.0f} MB" for f, g in growth.items())}
    big = [s for s in scales if s.get("gui", {}).get("first_paint_from_spawn_s") is not None]
    if big:
        b = big[-1]
        g = b["gui"]
        tag = f"at {b['articles']:,} articles"
        large = b["articles"] >= 100_000
        out["first_paint"] = {"met": g["first_paint_from_spawn_s"] <= 1.0 if large else None,
                              "detail": f"{_fmt(g['first_paint_from_spawn_s'], 3)} s from process start, median "
                                        f"of {g['runs']} (slowest {_fmt(g.get('first_paint_from_spawn_max_s'), 3)} s); "
                                        f"{_fmt(g['first_paint_s'], 3)} s from opening the project {tag}"}
        out["gui_memory"] = {"met": g["peak_rss_mb"] <= 300 if large else None,
                             "detail": f"{_fmt(g['rss_after_first_paint_mb'], 0)} MB after first paint, "
                                       f"{_fmt(g['peak_rss_mb'], 0)} MB peak {tag}"}
        scr = g.get("scroll", {})
        if scr:
            out["scroll"] = {"met": scr["p95_ms"] <= FRAME_MS if large else None,
                             "detail": f"a page step: median {_fmt(scr['median_ms'])} ms, "
                                       f"p95 {_fmt(scr['p95_ms'])} ms, "
                                       f"max {_fmt(scr['max_ms'])} ms; whole list {_fmt(scr['total_s'])} s {tag}"}
        p95s = [(s["articles"], s["gui"][k]["p95_ms"], k) for s in big for k in ("labelling", "next_paragraph")
                if s["gui"].get(k, {}).get("p95_ms") is not None]
        out["interaction"] = {"met": all(p <= FRAME_MS for _, p, _ in p95s), "detail": "; ".join(
            f"{n:,}: {'label' if k == 'labelling' else 'next'} p95 {_fmt(p)} ms" for n, p, k in p95s)}
    agr = [s for s in scales if s.get("agreement", {}).get("seconds") is not None]
    if agr:
        ten = [s for s in agr if s["agreement"]["paragraphs"] >= 9_000]
        out["agreement"] = {"met": all(s["agreement"]["seconds"] <= 3.0 for s in ten) if ten else None,
                            "detail": "; ".join(f"{s['agreement']['paragraphs']:,} paragraphs in a project of "
                                                f"{s['articles']:,} articles: {_fmt(s['agreement']['seconds'])} s"
                                                for s in agr)}
    return out


def growth(scales: list[dict[str, Any]]) -> list[str]:
    if len(scales) < 2:
        return []
    a, b = scales[0], scales[-1]
    k = b["articles"] / a["articles"]
    lines = [f"{a['articles']:,} → {b['articles']:,} articles ({k:g}× the data)"]

    def line(name: str, x: float | None, y: float | None, unit: str, digits: int = 2) -> None:
        if x is not None and y is not None:
            unit_ = f" {unit}" if unit else ""
            lines.append(f"{name}: {_fmt(x, digits)} → {_fmt(y, digits)}{unit_} ({y / x:.2f}×)" if x else
                         f"{name}: {_fmt(x, digits)} → {_fmt(y, digits)}{unit_}")

    if a.get("import") and b.get("import"):
        line("import paragraphs/s", a["import"]["real"]["per_s"], b["import"]["real"]["per_s"], "", 0)
        line("import peak RSS", a["import"]["real"]["peak_rss_mb"], b["import"]["real"]["peak_rss_mb"], "MB", 0)
    for f in (b.get("export") or {}):
        if f in (a.get("export") or {}):
            line(f"export {f} spans/s", a["export"][f]["real"]["per_s"], b["export"][f]["real"]["per_s"], "", 0)
            line(f"export {f} peak RSS (all its processes)", export_memory(a["export"][f]["real"]),
                 export_memory(b["export"][f]["real"]), "MB", 0)
    if a.get("agreement") and b.get("agreement"):
        line("agreement seconds (the same ~10k paragraphs)", a["agreement"]["seconds"], b["agreement"]["seconds"], "s")
    ga, gb = a.get("gui") or {}, b.get("gui") or {}
    if ga.get("first_paint_s") is not None and gb.get("first_paint_s") is not None:
        line("first paint from process start", ga["first_paint_from_spawn_s"], gb["first_paint_from_spawn_s"], "s", 3)
        line("window memory after first paint", ga["rss_after_first_paint_mb"], gb["rss_after_first_paint_mb"], "MB", 0)
        line("window peak memory", ga["peak_rss_mb"], gb["peak_rss_mb"], "MB", 0)
        for key, name in (("labelling", "label p95"), ("next_paragraph", "next paragraph p95")):
            line(name, ga[key]["p95_ms"], gb[key]["p95_ms"], "ms")
        if ga.get("open_far_article_s") is not None:
            line("open an article three quarters down the list", ga["open_far_article_s"], gb["open_far_article_s"],
                 "s", 3)
    return lines


def notes(results: dict[str, Any], large_runs: int, large: int) -> list[str]:
    out = ["Import and export ratios are judged run by run: each real run is followed by its baseline run, and "
           "the median of the per-pair ratios is the figure. On this shared virtual machine the same work takes "
           "about t or about 1.7 t at random from run to run (seen on one pinned core as on either, with disk "
           "syncs ruled out), so a ratio of two medians of a few runs can land far off either way (two runs of the "
           "same code gave 0.96× and 1.79× that way); the ratio of the medians is shown beside it."]
    if any(s["articles"] >= large for s in results["scales"]):
        out.append(f"From {large:,} articles on, import and export ran {large_runs} time(s) (each run takes minutes "
                   "and moves the same rows; see `--large-runs`); at 1,000 articles or fewer at least 5 times; "
                   "everything else the number of runs given.")
    for s in results["scales"]:
        for part in ("import", "export", "gui", "agreement"):
            sub = s.get(part) or {}
            errs = [sub.get("error")] if sub.get("error") else []
            if part == "export":
                errs = [e for f in sub.values() for r in (f["real"], f["baseline"]) for e in r.get("errors", [])]
            errs += sub.get("errors", []) if isinstance(sub.get("errors"), list) else []
            out += [f"{s['articles']:,} articles, {part}: {e}" for e in errs if e]
    return out
