"""Suggestion quality, annotator effort and speed: ``python -m bench.suggest_quality [--scale N] [--no-speed]``.

Quality and effort run on the hand-annotated held-out set ``bench/data/quotes_eval.jsonl`` (one article a
line: ``id``, ``lang``, ``paragraphs``, ``gold`` spans with ``paragraph``, ``label``, ``start``, ``end``,
``attrs`` and, for a QUOTE, ``speaker`` (a span or ``"special"``) and ``cue``). The recommenders run in
memory exactly as ``annotator suggest`` calls them: paragraph by paragraph, each seeing what was proposed
(or, for the effort run, corrected) before it in the article.

Speed runs ``annotator suggest`` in a fresh process on a copy of the bench project (``bench/projects.py``)
and times ``suggest_paragraph`` on random paragraphs. Prints Markdown tables; ``--write`` appends them to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from annotator.core.suggest.base import Knowledge, KnownSpan, ParagraphContext, Proposal, Recommender, SpanRef
from annotator.core.suggest.registry import RECOMMENDERS

HERE = Path(__file__).resolve().parent
EVAL = HERE / "data" / "quotes_eval.jsonl"
ENTITY = {"PERSON", "ORG", "GPE", "NORP", "EVENT", "ROLE"}
ADD_KEYS, LINK_KEYS = 5, 2  # a span by hand (select + label); a speaker or cue link by hand ("s", pick)
Span = tuple[int, int, int, str]  # paragraph, start, end, label


def load(path: Path = EVAL) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def make(names: list[str]) -> dict[str, Recommender]:
    out = {}
    for name in names:
        try:
            out[name] = RECOMMENDERS[name]()
        except Exception as exc:  # noqa: BLE001 - a bench reports what it cannot run
            print(f"  {name}: not available ({type(exc).__name__}: {exc})", file=sys.stderr)
    return out


def gold_spans(art: dict[str, Any]) -> set[Span]:
    return {(g["paragraph"], g["start"], g["end"], g["label"]) for g in art["gold"]}


def _target(g: dict[str, Any], key: str) -> Any:
    t = g.get(key)
    if t is None and key == "speaker":
        t = g.get("special")  # "special": "unnamed" (no "speaker" key): the speaker is the special source
    if t is None:
        return None
    if isinstance(t, str):
        return t
    return (t["paragraph"], t["start"], t["end"])


def gold_links(art: dict[str, Any]) -> dict[Span, dict[str, Any]]:
    """QUOTE span -> {"speaker": (p, s, e) | special | None, "cue": (p, s, e) | None}."""
    return {(g["paragraph"], g["start"], g["end"], g["label"]): {"speaker": _target(g, "speaker"),
                                                                  "cue": _target(g, "cue")}
            for g in art["gold"] if g["label"] == "QUOTE"}


def _link_value(p: Proposal, kind: str) -> Any:
    for lk in p.links:
        if lk.kind == kind:
            return lk.special if lk.target is None else (lk.target.paragraph, lk.target.start, lk.target.end)
    return None


def _known_from_gold(art: dict[str, Any], upto: int) -> tuple[KnownSpan, ...]:
    texts = art["paragraphs"]
    out = []
    for g in art["gold"]:
        if g["paragraph"] >= upto:
            continue
        sp = g.get("speaker")
        ref = None
        if isinstance(sp, dict):
            label = next((x["label"] for x in art["gold"] if (x["paragraph"], x["start"], x["end"]) ==
                          (sp["paragraph"], sp["start"], sp["end"])), "PERSON")
            ref = SpanRef(sp["paragraph"], sp["start"], sp["end"], label)
        out.append(KnownSpan(g["paragraph"], g["start"], g["end"], g["label"],
                             texts[g["paragraph"]][g["start"]:g["end"]], "manual", ref))
    return tuple(out)


def _mentions(arts: list[dict[str, Any]], upto: dict[str, int] | None = None) -> dict[str, dict[str, int]]:
    out: dict[str, Counter[str]] = {}
    for art in arts:
        limit = (upto or {}).get(art["id"], len(art["paragraphs"]))
        for g in art["gold"]:
            if g["label"] in ENTITY and g["paragraph"] < limit:
                text = art["paragraphs"][g["paragraph"]][g["start"]:g["end"]]
                out.setdefault(text, Counter())[g["label"]] += 1
    return {t: dict(c) for t, c in out.items()}


_NOTHING = Knowledge()


def run_article(rec: Recommender, art: dict[str, Any], knowledge: Knowledge = _NOTHING,
                start: int = 0, known: tuple[KnownSpan, ...] = ()) -> dict[Span, Proposal]:
    """Proposals for paragraphs ``start``.. of one article, each paragraph seeing the earlier proposals."""
    texts = tuple(art["paragraphs"])
    out: dict[Span, Proposal] = {}
    seen = list(known)
    for i in range(start, len(texts)):
        for p in rec.suggest(ParagraphContext(texts, i, art.get("lang"), tuple(seen), knowledge)):
            key = (i, p.start, p.end, p.label)
            if key in out:
                continue
            out[key] = p
            sp = next((lk.target for lk in p.links if lk.kind == "speaker"), None)
            seen.append(KnownSpan(i, p.start, p.end, p.label, texts[i][p.start:p.end], "suggested", sp))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float]:
    return (tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)


def _overlap_matches(pred: list[Span], gold: list[Span]) -> dict[Span, Span]:
    """One-to-one pred -> gold of the same paragraph and label whose spans overlap (largest overlap first)."""
    pairs = sorted(((min(p[2], g[2]) - max(p[1], g[1]), p, g) for p in pred for g in gold
                    if p[0] == g[0] and p[3] == g[3] and min(p[2], g[2]) > max(p[1], g[1])), reverse=True)
    out: dict[Span, Span] = {}
    used: set[Span] = set()
    for _, p, g in pairs:
        if p not in out and g not in used:
            out[p] = g
            used.add(g)
    return out


def quality(arts: list[dict[str, Any]], recs: dict[str, Recommender]) -> list[str]:
    lines = ["| recommender | label | gold | proposed | P exact | R exact | P overlap | R overlap |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    extra: list[str] = []
    for name, rec in recs.items():
        per: dict[str, list[int]] = {}
        speaker_ok = speaker_n = cue_ok = cue_n = kind_ok = 0
        runs = [(art, run_article(rec, art, Knowledge(mentions=_mentions([a for a in arts if a is not art]))
                                  if name == "memory" else Knowledge())) for art in arts]
        labels = {k[3] for _, props in runs for k in props} | ({"QUOTE", "CUE"} if name == "quotes" else set())
        for art, props in runs:
            gold = gold_spans(art)
            glinks = gold_links(art)
            for label in labels:
                pl = [k for k in props if k[3] == label]
                gl = [k for k in gold if k[3] == label]
                ov = _overlap_matches(pl, gl)
                c = per.setdefault(label, [0, 0, 0, 0])
                c[0] += len(gl)
                c[1] += len(pl)
                c[2] += len(set(pl) & set(gl))
                c[3] += len(ov)
                if label != "QUOTE":
                    continue
                for p, g in ov.items():
                    want = glinks[g]
                    speaker_n += 1
                    speaker_ok += _link_value(props[p], "speaker") == want["speaker"]
                    cue_n += want["cue"] is not None
                    cue_ok += want["cue"] is not None and _link_value(props[p], "cue") == want["cue"]
                    gattrs = next(x["attrs"] for x in art["gold"] if (x["paragraph"], x["start"], x["end"],
                                                                      x["label"]) == g)
                    kind_ok += props[p].attrs.get("kind") == gattrs.get("kind")
        for label, (ng, np_, tp, to) in sorted(per.items()):
            p, r = prf(tp, np_, ng)
            po, ro = prf(to, np_, ng)
            lines.append(f"| {name} | {label} | {ng} | {np_} | {p:.2f} | {r:.2f} | {po:.2f} | {ro:.2f} |")
        if speaker_n:
            extra.append(f"- {name}: of {speaker_n} gold quotes found (overlap), speaker right "
                         f"{speaker_ok / speaker_n:.0%}, cue link right {cue_ok / max(cue_n, 1):.0%} "
                         f"(of {cue_n} with a cue), kind right {kind_ok / speaker_n:.0%}")
    return [*lines, "", *extra]


def memory_curve(arts: list[dict[str, Any]], rec: Recommender, ks: tuple[int, ...] = (0, 1, 2, 3, 4, 5)) -> list[str]:
    """Entity memory P/R on paragraphs k.. of each article, knowing the gold of its first k paragraphs;
    second row set: also knowing every other article's gold (a project already annotated)."""
    lines = ["| paragraphs known before | also other articles | entity gold | proposed | P | R |",
             "|---:|---|---:|---:|---:|---:|"]
    for others in (False, True):
        for k in ks:
            ng = np_ = tp = 0
            for art in arts:
                if k >= len(art["paragraphs"]):
                    continue
                base = [a for a in arts if a is not art] if others else []
                mentions = _mentions([*base, art], {art["id"]: k})
                props = run_article(rec, art, Knowledge(mentions=mentions), start=k, known=_known_from_gold(art, k))
                pl = {x for x in props if x[3] in ENTITY}
                gl = {x for x in gold_spans(art) if x[3] in ENTITY and x[0] >= k}
                ng, np_, tp = ng + len(gl), np_ + len(pl), tp + len(pl & gl)
            p, r = prf(tp, np_, ng)
            lines.append(f"| {k} | {'yes' if others else 'no'} | {ng} | {np_} | {p:.2f} | {r:.2f} |")
    return lines


def effort(arts: list[dict[str, Any]], recs: dict[str, Recommender]) -> list[str]:
    """A simulated annotator, article by article, paragraph by paragraph: it accepts correct suggestions,
    rejects wrong ones, adds what is missing; what it made is known to the recommenders afterwards."""
    totals = {"without": Counter[str](), "with": Counter[str]()}
    mentions: dict[str, Counter[str]] = {}
    pars = 0
    for art in arts:
        gold = gold_spans(art)
        glinks = gold_links(art)
        for i in range(len(art["paragraphs"])):
            pars += 1
            gpar = {g for g in gold if g[0] == i}
            glk = sum((v["speaker"] is not None) + (v["cue"] is not None) for k, v in glinks.items() if k[0] == i)
            w = totals["without"]
            w["actions"] += len(gpar) + glk + 1
            w["keys"] += ADD_KEYS * len(gpar) + LINK_KEYS * glk + 1
            knowledge = Knowledge(mentions={t: dict(c) for t, c in mentions.items()})
            ctx = ParagraphContext(tuple(art["paragraphs"]), i, art.get("lang"), _known_from_gold(art, i), knowledge)
            props: dict[Span, Proposal] = {}
            for rec in recs.values():
                for p in rec.suggest(ctx):
                    props.setdefault((i, p.start, p.end, p.label), p)
            right = set(props) & gpar
            wrong = set(props) - gpar
            missing = gpar - right
            bad_links = 0  # links of accepted quotes that must be fixed, and links of quotes added by hand
            for k in right:
                if k[3] == "QUOTE":
                    want = glinks[k]
                    bad_links += (want["speaker"] is not None and _link_value(props[k], "speaker") != want["speaker"])
                    bad_links += (want["cue"] is not None and _link_value(props[k], "cue") != want["cue"])
            bad_links += sum((glinks[k]["speaker"] is not None) + (glinks[k]["cue"] is not None)
                             for k in missing if k[3] == "QUOTE")
            s = totals["with"]
            accept = 1 if right else 0  # Shift+A takes every suggestion left after the wrong ones are rejected
            fixes = len(wrong) + len(missing) + bad_links
            if right and not fixes:
                s["actions"] += 1  # Shift+Enter: accept all and done, one key
                s["keys"] += 1
                s["one_key_paragraphs"] += 1
            else:
                s["actions"] += len(wrong) + accept + len(missing) + bad_links + 1
                s["keys"] += len(wrong) + accept + ADD_KEYS * len(missing) + LINK_KEYS * bad_links + 1
            s["right"] += len(right)
            s["wrong"] += len(wrong)
            s["missing"] += len(missing)
            for g in art["gold"]:
                if g["paragraph"] == i and g["label"] in ENTITY:
                    mentions.setdefault(art["paragraphs"][i][g["start"]:g["end"]], Counter())[g["label"]] += 1
    w, s = totals["without"], totals["with"]
    return [f"Recommenders: {', '.join(recs)}; {pars} paragraphs, {len(arts)} articles; a span by hand "
            f"{ADD_KEYS} keys, a link by hand {LINK_KEYS}, accept / reject / accept-all / done 1 key each.",
            "",
            "| | actions / paragraph | keys / paragraph |", "|---|---:|---:|",
            f"| without suggestions | {w['actions'] / pars:.2f} | {w['keys'] / pars:.2f} |",
            f"| with suggestions | {s['actions'] / pars:.2f} | {s['keys'] / pars:.2f} |",
            "",
            f"With suggestions: {s['right']} accepted, {s['wrong']} rejected, {s['missing']} added by hand; "
            f"{s['one_key_paragraphs']} of {pars} paragraphs finished with one key."]


# -- speed -----------------------------------------------------------------------------------------------------
def _rss_run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB (from wait4), and stderr of a fresh process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read() if proc.stderr else ""
    return wall, usage.ru_maxrss / 1024, err.strip()


def speed(n: int, names: list[str]) -> list[str]:
    from bench import projects

    info = projects.ensure(projects.OUT, n)
    lines = ["| run | paragraphs | suggestions | wall s | paragraphs/s | peak RSS MB |",
             "|---|---:|---:|---:|---:|---:|"]
    exe = [sys.executable, "-m", "annotator", "suggest"]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "p.db"
        shutil.copyfile(info["db"], db)
        for who, status in (("dewi", "todo"), ("ana", "all")):
            wall, rss, err = _rss_run([*exe, str(db), "--annotator", who, "--status", status,
                                       "--recommenders", ",".join(names)])
            first = err.splitlines()[0] if err else ""
            par = int(first.split(" for ")[1].split()[0]) if " for " in first else 0
            sug = int(first.split()[0]) if first[:1].isdigit() else 0
            label = f"{n:,} articles, new annotator (knows nothing), todo" if who == "dewi" else \
                f"{n:,} articles, 'ana' (every paragraph annotated), --status all"
            lines.append(f"| {label} | {par:,} | {sug:,} | {wall:.1f} | {par / wall:,.0f} | {rss:.0f} |")
        lat = _latency(db, names)
    lines += ["", lat]
    return lines


def _latency(db: Path, names: list[str], samples: int = 200) -> str:
    from annotator.services.suggest import suggest_paragraph
    from annotator.store.project import open_project

    with open_project(db) as project:
        top = int(project.scalar("SELECT max(id) FROM paragraphs"))
        ids = random.Random(5).sample(range(1, top + 1), samples)
        times = []
        for who in ("erik", "ana"):
            for pid in ids:
                t = time.perf_counter()
                suggest_paragraph(project, who, pid, names)
                times.append((who, time.perf_counter() - t))
    out = []
    for who in ("erik", "ana"):
        ts = sorted(x for w, x in times if w == who)
        out.append(f"{who}: median {statistics.median(ts) * 1000:.1f} ms, p95 {ts[int(0.95 * len(ts))] * 1000:.1f} ms")
    return (f"`suggest_paragraph` latency over {samples} random paragraphs (one transaction each, a new "
            f"annotator / 'ana' with every paragraph annotated): " + "; ".join(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=10_000, help="articles in the speed project")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--write", action="store_true", help="append the tables to docs/benchmarks.md")
    args = ap.parse_args(argv)
    arts = load()
    names = [n for n in ("quotes", "memory", "places", "model") if n in RECOMMENDERS]
    recs = make(names)
    out = ["## Suggestions (`python -m bench.suggest_quality`)", "",
           f"Held-out set: `bench/data/quotes_eval.jsonl`, {len(arts)} articles, "
           f"{sum(len(a['paragraphs']) for a in arts)} paragraphs, "
           f"{sum(1 for a in arts for g in a['gold'] if g['label'] == 'QUOTE')} gold quotes "
           f"(written and annotated by hand for this; not `../shared/samples`). Recommenders registered: "
           f"{', '.join(RECOMMENDERS) or 'none'}; run: {', '.join(recs) or 'none'}.", "",
           "### Quality per recommender", "", *quality(arts, recs), ""]
    if "memory" in recs:
        out += ["### Entity memory by paragraphs annotated before", "", *memory_curve(arts, recs["memory"]), ""]
    out += ["### Annotator effort (simulated)", "", *effort(arts, recs), ""]
    if not args.no_speed:
        out += ["### Speed", "", *speed(args.scale, list(recs)), ""]
    text = "\n".join(out)
    print(text)
    if args.write:
        with (HERE.parent / "docs" / "benchmarks.md").open("a", encoding="utf-8") as f:
            f.write("\n" + text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["load", "main"]
