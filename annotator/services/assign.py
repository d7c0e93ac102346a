"""``annotator assign``: one project file per annotator with their share of the articles.

Each file holds the project's label schema, the annotator's articles (same ids
and text, so ``annotator merge`` matches them back) and any work that annotator
already has on them; nothing of the other annotators, so their work stays
independent. ``assignment.json`` in the output folder records who got what.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.assignment import plan_assignment
from annotator.errors import AnnotatorError, ProjectError
from annotator.io.atomic import write_text_atomic
from annotator.services.merge import merge_into
from annotator.store import merge_queries as mq
from annotator.store.project import open_project

log = logging.getLogger(__name__)

MANIFEST = "assignment.json"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class AssignSummary:
    files: dict[str, str] = field(default_factory=dict)  # annotator -> file
    articles: dict[str, int] = field(default_factory=dict)  # annotator -> article count
    overlap: int = 0
    total: int = 0
    manifest: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.total} article(s) shared among {len(self.files)} annotator(s); "
               f"{self.overlap} seen by more than one"]
        out += [f"  {name}: {self.articles[name]} article(s) -> {path}" for name, path in self.files.items()]
        return out


def file_name(annotator: str) -> str:
    safe = _UNSAFE.sub("_", annotator).strip("._") or "annotator"
    return f"{safe}.db"


def assign_files(project_path: str | Path, annotators: Sequence[str], out_dir: str | Path, *,
                 overlap: float = 0.2, per_overlap: int = 2, seed: int = 0) -> AssignSummary:
    """Write ``out_dir/<annotator>.db`` for each annotator; refuses to overwrite a file."""
    names = [a.strip() for a in annotators if a.strip()]
    out = Path(out_dir)
    paths = {name: out / file_name(name) for name in names}
    if len(set(paths.values())) != len(paths):
        raise AnnotatorError("two annotator names give the same file name; choose names that differ in letters "
                             "or digits")
    for path in [*paths.values(), out / MANIFEST]:
        if path.exists():
            raise ProjectError(f"{path}: already exists; choose another --out folder")
    with open_project(project_path, create=False, upgrade=False) as src:
        articles = src.conn.execute("SELECT ext_id, id FROM articles ORDER BY ext_id").fetchall()
        if not articles:
            raise AnnotatorError(f"{project_path}: has no articles to assign")
        ids = dict(articles)
        try:
            plan = plan_assignment([a[0] for a in articles], names, overlap, per_overlap, seed)
        except ValueError as exc:
            raise AnnotatorError(str(exc)) from None
        datas = {name: mq.read_project(src, [ids[e] for e in plan.shares[name]], [name]) for name in names}
        for name, data in datas.items():
            data.annotators.setdefault(name, False)  # a new annotator gets a row in their file
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for name in names:
            written.append(paths[name])
            with open_project(paths[name]) as proj:
                merge_into(proj, [datas[name]], replace_labels=True, action="assign")  # the labels as they are
                with proj.write():
                    mq.meta(proj, "assignment", {"annotator": name, "source": str(project_path), "seed": seed,
                                                 "overlap": overlap, "per_overlap": per_overlap})
        manifest = _manifest(project_path, plan.shares, plan.overlap, overlap, per_overlap, seed)
        write_text_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    except BaseException:
        for path in written:
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
        raise
    summary = AssignSummary({n: str(paths[n]) for n in names}, {n: len(plan.shares[n]) for n in names},
                            len(plan.overlap), len(articles), str(out / MANIFEST))
    log.info("assigned %d articles to %s", len(articles), ", ".join(names))
    return summary


def _manifest(project: str | Path, shares: dict[str, list], overlap_articles: list, overlap: float,
              per_overlap: int, seed: int) -> dict[str, Any]:
    return {"project": str(project), "seed": seed, "overlap": overlap, "per_overlap": per_overlap,
            "overlap_articles": overlap_articles, "shares": shares}
