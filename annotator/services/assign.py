"""``annotator assign``: one project file per annotator with their share of the articles.

Each file holds the project's label schema, the annotator's articles (same ids
and text, so ``annotator merge`` matches them back) and any work that annotator
already has on them; nothing of the other annotators, so their work stays
independent. ``assignment.json`` in the output folder records who got what.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.assignment import plan_assignment
from annotator.errors import AnnotatorError, ProjectError
from annotator.io.atomic import write_text_atomic
from annotator.leftovers import remove_stale_parts
from annotator.services.merge import merge_into
from annotator.store import merge_queries as mq
from annotator.store import staging
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
    record = {"source": str(project_path), "seed": seed, "overlap": overlap, "per_overlap": per_overlap}
    if (out / MANIFEST).exists():
        raise ProjectError(f"{out / MANIFEST}: already exists; choose another --out folder")
    leftovers = set()
    for name, path in paths.items():
        remove_stale_parts(path)
        if os.path.lexists(path):
            if not _left_by_same_run(path, {**record, "annotator": name}):
                raise ProjectError(f"{path}: already exists; choose another --out folder")
            leftovers.add(path)  # this very assignment, killed before its manifest: made again
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
    _build_and_publish(paths, datas, record, leftovers)
    manifest = _manifest(project_path, plan.shares, plan.overlap, overlap, per_overlap, seed)
    write_text_atomic(out / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
    summary = AssignSummary({n: str(paths[n]) for n in names}, {n: len(plan.shares[n]) for n in names},
                            len(plan.overlap), len(articles), str(out / MANIFEST))
    log.info("assigned %d articles to %s", len(articles), ", ".join(names))
    return summary


def _build_and_publish(paths: dict[str, Path], datas: dict[str, mq.ProjectData], record: dict[str, Any],
                       leftovers: set[Path]) -> None:
    """Build every file under a hidden name beside it, then put them all under their names: a failure
    or a kill while building leaves none of them (what a kill left is removed by the next run)."""
    built: dict[str, Path] = {}
    published: list[Path] = []
    try:
        for name, path in paths.items():
            built[name] = staging.staging_path(path)
            with open_project(built[name]) as proj:
                merge_into(proj, [datas[name]], replace_labels=True, action="assign", name=str(path))
                with proj.write():
                    mq.meta(proj, "assignment", {**record, "annotator": name})
                staging.seal(proj)
        for name, path in paths.items():
            if path in leftovers:
                os.replace(built[name], path)
            else:
                staging.publish(built[name], path)
            published.append(path)
    except BaseException:
        for tmp in built.values():
            staging.discard(tmp)
        for path in published:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def _left_by_same_run(path: Path, record: dict[str, Any]) -> bool:
    """Whether ``path`` is this annotator's file of the same assignment (same source, seed and overlap),
    published by a run that was killed before it wrote the manifest."""
    try:
        with open_project(path, create=False, upgrade=False) as proj:
            found = proj.get_meta("assignment")
    except AnnotatorError:
        return False
    try:
        return found is not None and bool(json.loads(found) == record)
    except ValueError:
        return False


def _manifest(project: str | Path, shares: dict[str, list], overlap_articles: list, overlap: float,
              per_overlap: int, seed: int) -> dict[str, Any]:
    return {"project": str(project), "seed": seed, "overlap": overlap, "per_overlap": per_overlap,
            "overlap_articles": overlap_articles, "shares": shares}
