"""The measurements without a window: import, export and agreement, each with its bare baseline.

Every function here runs in a fresh worker process (see :mod:`bench.worker`),
times only the work named, and returns plain numbers. The baselines do what
the issue names: the same rows, written with bare sqlite-utils ``insert_all``
in one transaction (import), or selected with plain SQL and written as one
``json.dumps`` line per paragraph (export).
"""

from __future__ import annotations

import json
import resource
import time
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

MAIN = "ana"  # the annotator whose work is exported (see bench.synth)
AGREEMENT_NAMES = ("ana", "budi", "citra")


def _fresh(path: Path) -> Path:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    return path


# -- import ------------------------------------------------------------------------------------


def import_real(jsonl: str, tmp: str) -> dict[str, Any]:
    """``importing.import_paths`` of the JSONL file into a new, empty project."""
    from annotator.importing import import_paths  # noqa: PLC0415
    from annotator.store.project import open_project  # noqa: PLC0415

    db = _fresh(Path(tmp) / "import-real.db")
    with open_project(db) as project:
        t = time.perf_counter()
        summary = import_paths(project, [jsonl])
        seconds = time.perf_counter() - t
    _fresh(db)
    return {"seconds": seconds, "paragraphs": summary.paragraphs, "articles": summary.articles}


def _import_rows(jsonl: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The article and paragraph rows the import writes, made with the project's own splitter and flags."""
    from annotator.core.boilerplate import flag_paragraphs  # noqa: PLC0415
    from annotator.core.paragraphs import split_paragraphs  # noqa: PLC0415
    from annotator.store.articles import content_hash  # noqa: PLC0415
    from annotator.store.project import now  # noqa: PLC0415

    arts: list[dict[str, Any]] = []
    pars: list[dict[str, Any]] = []
    stamp = now()
    with open(jsonl, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            obj = json.loads(line)
            text = obj["text"]
            mode, spans = split_paragraphs(text)
            flags = flag_paragraphs([text[sp.start:sp.end] for sp in spans], obj.get("title"))
            arts.append({"id": i, "ext_id": obj["id"], "title": obj.get("title"), "source": Path(jsonl).name,
                         "url": None, "lang": obj.get("lang"), "meta": "{}", "text": text,
                         "content_hash": content_hash(text), "split_mode": mode, "imported_at": stamp})
            pars += [{"article_id": i, "idx": k, "start": sp.start, "end": sp.end, "boilerplate": f}
                     for k, (sp, f) in enumerate(zip(spans, flags))]
    return arts, pars


def import_baseline(jsonl: str, tmp: str) -> dict[str, Any]:
    """The same rows with bare sqlite-utils ``insert_all``, in one transaction, into a new project.

    Also times reading and ``json.loads`` of the file alone (``parse_seconds``),
    which the import must do and this baseline does not.
    """
    from annotator.store.project import open_project  # noqa: PLC0415

    t = time.perf_counter()
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            json.loads(line)
    parse_seconds = time.perf_counter() - t
    arts, pars = _import_rows(jsonl)
    db = _fresh(Path(tmp) / "import-baseline.db")
    with open_project(db) as project:
        t = time.perf_counter()
        with project.write() as sdb:
            sdb["articles"].insert_all(arts)
            sdb["paragraphs"].insert_all(pars)
        seconds = time.perf_counter() - t
    _fresh(db)
    return {"seconds": seconds, "paragraphs": len(pars), "articles": len(arts), "parse_seconds": parse_seconds}


# -- export ------------------------------------------------------------------------------------


def export_real(db: str, fmt: str, tmp: str) -> dict[str, Any]:
    """``annotator.export.export_corpus`` of the main annotator's done paragraphs, default options."""
    from annotator.export import ExportOptions, export_corpus  # noqa: PLC0415
    from annotator.export.parallel import processes_for  # noqa: PLC0415
    from annotator.export.run import selection  # noqa: PLC0415
    from annotator.store.project import open_project  # noqa: PLC0415

    out = Path(tmp) / f"export-{fmt}.jsonl"
    opts = ExportOptions(format=fmt, annotator=MAIN)
    with open_project(db) as project:
        processes = processes_for(project, selection(project, opts)[0], opts.jobs)
        cpu = _cpu_seconds()
        t = time.perf_counter()
        summary = export_corpus(project, opts, out)
        seconds = time.perf_counter() - t
        cpu = _cpu_seconds() - cpu
    size = sum(p.stat().st_size for p in summary.files)
    for p in [*summary.files, summary.labels_file]:
        if p is not None:
            p.unlink(missing_ok=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": seconds, "cpu_seconds": cpu, "processes": processes, "spans": sum(summary.spans.values()),
            "lines": summary.lines_written, "relations": summary.relations, "bytes": size,
            "workers_peak_rss_mb": round(children, 1) if processes > 1 else None}


def _cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the export's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _baseline_sql(fmt: str) -> str:
    """Paragraphs done by the annotator, each with its annotations (and links), in export order."""
    cols = 'x.start, x."end", x.label'
    if fmt == "native":
        cols = 'x.uid, x.layer, x.label, x.start, x."end", x.text, x.attrs, x.origin, x.entity'
    links = fmt in ("native", "spans")
    return (f'SELECT p.id, substr(a.text, p.start + 1, p."end" - p.start), x.id, {cols}'
            + (", l.kind, l.target_id, l.special" if links else "")
            + " FROM paragraphs p JOIN articles a ON a.id = p.article_id "
            "LEFT JOIN annotations x ON x.paragraph_id = p.id AND x.annotator_id = :ann "
            + ("AND x.layer = 'entity' " if fmt == "bio" else "")
            + ("LEFT JOIN links l ON l.source_id = x.id " if links else "")
            + "WHERE EXISTS (SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id "
            "AND s.annotator_id = :ann AND s.status = 'done') "
            'ORDER BY p.article_id, p.idx, x.start, x."end", x.id')


def export_baseline(db: str, fmt: str, tmp: str, tokens: bool = False) -> dict[str, Any]:
    """The rows the format writes, selected with one plain SQL query and written as one ``json.dumps``
    line per paragraph: text, spans (the format's columns), links for native and spans. With
    ``tokens``, each line also gets the shared tokenizer's tokens, split at the span boundaries."""
    from annotator.core.tokenize import token_spans  # noqa: PLC0415
    from annotator.store.project import open_project  # noqa: PLC0415

    out = Path(tmp) / f"baseline-{fmt}.jsonl"
    width = 9 if fmt == "native" else 3
    links = fmt in ("native", "spans")
    n_spans = lines = 0
    with open_project(db) as project:
        ann = project.scalar("SELECT id FROM annotators WHERE name = ?", (MAIN,))
        cpu = _cpu_seconds()
        t = time.perf_counter()
        project.conn.execute("BEGIN")
        with out.open("w", encoding="utf-8") as fh:
            for pid, rows in groupby(project.conn.execute(_baseline_sql(fmt), {"ann": ann}), key=itemgetter(0)):
                spans: list[Any] = []
                lks: list[Any] = []
                last = text = None
                for r in rows:
                    text = r[1]
                    if r[2] is not None and r[2] != last:
                        last = r[2]
                        spans.append(r[3:3 + width])
                    if links and r[-3] is not None:
                        lks.append(r[-3:])
                obj: dict[str, Any] = {"id": pid, "text": text, "spans": spans}
                if links:
                    obj["links"] = lks
                if tokens:
                    at = (3, 4) if fmt == "native" else (0, 1)
                    obj["tokens"] = token_spans(text, {s[at[0]] for s in spans} | {s[at[1]] for s in spans})
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
                n_spans += len(spans)
                lines += 1
        project.conn.execute("COMMIT")
        seconds = time.perf_counter() - t
        cpu = _cpu_seconds() - cpu
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "cpu_seconds": cpu, "spans": n_spans, "lines": lines, "bytes": size}


# -- agreement ---------------------------------------------------------------------------------


def agreement(db: str) -> dict[str, Any]:
    """``services.agreement.project_agreement`` of the three annotators, every layer."""
    from annotator.services.agreement import project_agreement  # noqa: PLC0415
    from annotator.store.project import open_project  # noqa: PLC0415

    with open_project(db) as project:
        t = time.perf_counter()
        result = project_agreement(project, list(AGREEMENT_NAMES), layer="all")
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "paragraphs": result["paragraphs"], "alpha": result["krippendorff_alpha"],
            "annotators": len(AGREEMENT_NAMES)}


def prepare_gui(db: str) -> dict[str, Any]:
    """The project made ready for a window run (see :func:`bench.gui_bench.prepare`)."""
    from bench.gui_bench import prepare  # noqa: PLC0415

    return prepare(db)


def idle() -> dict[str, Any]:
    """Nothing: the memory of a worker with the package imported, for scale."""
    import annotator.export  # noqa: F401,PLC0415
    import annotator.importing  # noqa: F401,PLC0415

    return {"seconds": 0.0}
