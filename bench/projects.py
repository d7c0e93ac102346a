"""The synthetic projects and JSONL files the benchmarks run on, made once and cached in ``bench/out``.

A cached file is reused only when it was made by the same version of
:mod:`bench.synth` (``VERSION`` is in its name) and finished (it is written
under a temporary name and renamed at the end).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
VERSION = 2  # bump when bench/synth.py writes different data


def project_path(out: Path, n: int) -> Path:
    return out / f"project-v{VERSION}-{n}.db"


def jsonl_path(out: Path, n: int) -> Path:
    return out / f"articles-v{VERSION}-{n}.jsonl"


def _info_path(out: Path, n: int) -> Path:
    return out / f"project-v{VERSION}-{n}.json"


def ensure(out: Path, n: int) -> dict[str, Any]:
    """The project and the JSONL file of ``n`` articles, made if missing; with row counts and how long
    making them took (0 when cached)."""
    from bench.synth import make_project, write_jsonl  # noqa: PLC0415

    out.mkdir(parents=True, exist_ok=True)
    db, src, info_file = project_path(out, n), jsonl_path(out, n), _info_path(out, n)
    info: dict[str, Any] = json.loads(info_file.read_text()) if info_file.exists() else {}
    made = {"project_s": 0.0, "jsonl_s": 0.0}
    if not db.exists() or "counts" not in info:
        tmp = db.with_name(db.name + ".part")
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            p.unlink(missing_ok=True)
        print(f"  making {db.name} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        info["counts"] = make_project(tmp, n)
        made["project_s"] = time.perf_counter() - t
        os.replace(tmp, db)
    if not src.exists() or "jsonl_paragraphs" not in info:
        tmp = src.with_name(src.name + ".part")
        t = time.perf_counter()
        info["jsonl_paragraphs"] = write_jsonl(tmp, n)
        made["jsonl_s"] = time.perf_counter() - t
        os.replace(tmp, src)
    info_file.write_text(json.dumps(info, indent=1))
    return {"db": str(db), "jsonl": str(src), "counts": info["counts"],
            "jsonl_paragraphs": info["jsonl_paragraphs"], "generated_s": made,
            "db_mb": round(db.stat().st_size / 2**20, 1)}
