"""Export a project as a JSONL training corpus: the use case behind ``annotator export``
and the GUI's export dialog.

    summary = export_corpus(project, ExportOptions(format="spans", annotator="ana"),
                            out=Path("corpus.jsonl"), progress=callback)

``progress(done, total, current)`` is called every few hundred paragraphs with
the number of paragraphs handled so far; raise from it (e.g.
:class:`ExportCancelled`) to stop: nothing is written then. The export reads
from one snapshot of the project (a read transaction), streams it, checks every
span against the text, and writes every output file atomically. A GUI should
run it in a worker thread on a project opened in that thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from annotator.errors import AnnotatorError, NotFoundError
from annotator.io.atomic import AtomicFiles, OutputError, check_folder
from annotator.io.export_bio import BioEncoder
from annotator.io.export_common import FORMATS, LAYER_CHOICES
from annotator.io.output_check import check_outputs
from annotator.services import export_parallel as par
from annotator.services.export_units import ExportError, article_units, paragraph_units
from annotator.services.export_worker import Job
from annotator.services.export_write import Encoder, make_encoder, write_units
from annotator.store import corpus_queries as q
from annotator.store.annotations import annotator_names
from annotator.store.corpus_queries import Selection
from annotator.store.labels_store import load_schema
from annotator.store.project import Project

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (paragraphs done, total, current article id)
_PART_NAME = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_TICK = 200

__all__ = ["ExportCancelled", "ExportError", "ExportOptions", "ExportSummary", "default_layer", "output_paths",
           "export_corpus", "parse_split"]


class ExportCancelled(AnnotatorError):
    """Raised by a progress callback to stop an export; nothing is written."""


@dataclass(frozen=True)
class ExportOptions:
    format: str = "native"  # native | spans | bio | doccano
    annotator: str | None = None  # whose annotations; None with gold, or to take the only annotator
    gold: bool = False  # annotations with origin "adjudicated"
    status: str = "done"  # done | any
    layer: str | None = None  # entity | quote | claim | all; None: entity for bio, all otherwise
    unit: str = "paragraph"  # paragraph | article
    split: tuple[tuple[str, float], ...] = ()  # e.g. (("train", .8), ("dev", .1), ("test", .1))
    seed: int = 0
    jobs: int = 0  # processes to use; 0: one per core for a large export (see export_parallel)
    replace: bool = False  # replace existing output files (never a project, an SQLite file or an input)


@dataclass
class ExportSummary:
    format: str
    files: dict[Path, int] = field(default_factory=dict)  # file -> lines written
    labels_file: Path | None = None
    spans: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)  # paragraphs / articles not selected

    @property
    def lines_written(self) -> int:
        return sum(self.files.values())

    def lines(self) -> list[str]:
        out = [f"{self.format}: {self.lines_written} line(s) written"]
        out += [f"  {path}: {n} line(s)" for path, n in self.files.items()]
        if self.labels_file is not None:
            out.append(f"  {self.labels_file}: tag names per column")
        spans = ", ".join(f"{label} {n}" for label, n in sorted(self.spans.items())) or "none"
        out.append(f"spans per label: {spans}; relations/links: {self.relations}")
        out += [f"left out: {n} {why}" for why, n in self.left_out.items()]
        out += [f"dropped: {n} {why}" for why, n in sorted(self.dropped.items())]
        return out


def default_layer(fmt: str) -> str:
    return "entity" if fmt == "bio" else "all"


def parse_split(spec: str) -> tuple[tuple[str, float], ...]:
    """``"train=0.8,dev=0.1,test=0.1"`` -> ((name, fraction), ...); fractions must add up to 1."""
    parts: list[tuple[str, float]] = []
    for piece in spec.split(","):
        name, sep, value = piece.strip().partition("=")
        name = name.strip()
        if not sep or not _PART_NAME.match(name):
            raise AnnotatorError(f"--split: expected NAME=FRACTION pairs like train=0.8,dev=0.2 (got {piece!r})")
        try:
            frac = float(value)
        except ValueError:
            raise AnnotatorError(f"--split: {value.strip()!r} is not a number") from None
        if not 0 < frac <= 1:
            raise AnnotatorError(f"--split: the fraction of {name} must be above 0 and at most 1")
        if name in (n for n, _ in parts):
            raise AnnotatorError(f"--split: {name} is named twice")
        parts.append((name, frac))
    if abs(sum(f for _, f in parts) - 1) > 1e-6:
        raise AnnotatorError(f"--split: the fractions add up to {sum(f for _, f in parts):g}, not 1")
    return tuple(parts)


def assign_splits(articles: list[tuple[int, str]], split: tuple[tuple[str, float], ...],
                  seed: int) -> dict[int, str]:
    """Whole articles to parts, by a seeded shuffle of their external ids; counts follow the fractions."""
    ordered = sorted(articles, key=lambda a: a[1])
    random.Random(seed).shuffle(ordered)
    n = len(ordered)
    exact = [f * n for _, f in split]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(split)), key=lambda i: (counts[i] - exact[i], i))[: n - sum(counts)]:
        counts[i] += 1
    out: dict[int, str] = {}
    pos = 0
    for (name, _), c in zip(split, counts):
        for art_id, _ in ordered[pos:pos + c]:
            out[art_id] = name
        pos += c
    return out


def _selection(project: Project, opts: ExportOptions) -> tuple[Selection, str | None]:
    if opts.format not in FORMATS:
        raise AnnotatorError(f"unknown format {opts.format!r} (one of {', '.join(FORMATS)})")
    layer = opts.layer or default_layer(opts.format)
    if layer not in LAYER_CHOICES:
        raise AnnotatorError(f"unknown layer {layer!r} (one of {', '.join(LAYER_CHOICES)})")
    if opts.status not in ("done", "any"):
        raise AnnotatorError(f"unknown status {opts.status!r} (done or any)")
    if opts.unit not in ("paragraph", "article"):
        raise AnnotatorError(f"unknown unit {opts.unit!r} (paragraph or article)")
    layers = LAYER_CHOICES[layer]
    if opts.gold:
        if opts.annotator:
            raise AnnotatorError("choose --annotator or --gold, not both")
        return Selection(gold=True, status=opts.status, layers=layers), None
    names = annotator_names(project)
    name = opts.annotator
    if name is None:
        if len(names) != 1:
            raise AnnotatorError("nobody has annotated this project yet" if not names else
                                 f"name whose annotations to export with --annotator ({', '.join(names)}) "
                                 "or export the adjudicated ones with --gold")
        name = names[0]
    ann_id = q.annotator_id(project, name)
    if ann_id is None:
        raise NotFoundError(f"no annotator {name!r} in {project.path.name} "
                            f"(annotators: {', '.join(names) or 'none'})")
    return Selection(annotator_id=ann_id, status=opts.status, layers=layers), name


def _base_name(project: Project, opts: ExportOptions, folder: Path, parts: list[str], when: datetime) -> Path:
    stem = f"{project.path.stem}_{opts.format}_{when:%Y-%m-%d}"
    for candidate in [stem, f"{stem}_{when:%H%M%S}"] + [f"{stem}_{when:%H%M%S}-{i}" for i in range(2, 100)]:
        base = folder / f"{candidate}.jsonl"
        if not any(p.exists() for p in _part_paths(base, parts)):
            return base
    raise OutputError(f"{folder}: too many exports named {stem}*")


def _part_paths(base: Path, parts: list[str]) -> list[Path]:
    if not parts:
        return [base]
    stem = base.name[:-6] if base.name.endswith(".jsonl") else base.name
    return [base.with_name(f"{stem}.{p}.jsonl") for p in parts]


def _labels_path(base: Path) -> Path:
    stem = base.name[:-6] if base.name.endswith(".jsonl") else base.name
    return base.with_name(f"{stem}.labels.json")


def output_paths(project: Project, opts: ExportOptions, out: Path | None, *,
                 exports_dir: Path | None = None, when: datetime | None = None) -> tuple[dict[str, Path], Path | None]:
    """The file for each part ("" without a split) and the bio label file, checked for writability and
    against :func:`~annotator.io.output_check.check_output` (an existing file needs ``opts.replace``)."""
    parts = [name for name, _ in opts.split]
    when = when or datetime.now()
    try:
        if out is None:
            folder = exports_dir if exports_dir is not None else Path.cwd() / "exports"
            if exports_dir is None and not folder.exists():
                folder.mkdir()
            check_folder(folder)
            base = _base_name(project, opts, folder, parts, when)
        elif out.is_dir():
            check_folder(out)
            base = _base_name(project, opts, out, parts, when)
        else:
            check_folder(out.parent if str(out.parent) else Path("."))
            base = out
    except OSError as exc:  # a folder that cannot be made, or looked into
        raise OutputError(f"{exc.filename or out or 'exports'}: cannot write there ({exc.strerror or exc})") from None
    paths = dict(zip(parts or [""], _part_paths(base, parts)))
    labels = _labels_path(base) if opts.format == "bio" else None
    check_outputs([*paths.values(), *([labels] if labels else [])], inputs=[project.path], replace=opts.replace)
    return paths, labels


def export_corpus(project: Project, opts: ExportOptions, out: Path | None = None, *,
                  exports_dir: Path | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the corpus; see the module docstring. Raises :class:`AnnotatorError` subclasses."""
    sel, name = _selection(project, opts)
    paths, labels_path = output_paths(project, opts, out, exports_dir=exports_dir)
    exported_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    encoder = make_encoder(opts.format, sel, name, exported_at)
    summary = ExportSummary(opts.format)
    own_tx = not project.conn.in_transaction
    n = par.processes_for(project, sel, opts.jobs) if own_tx else 1  # a caller's transaction: one process
    with par.Workers(project.path, n - 1) as workers:
        parallel = n > 1 and workers.start() and workers.begin_snapshot(project)
        if not parallel:
            workers.close()  # any that started wait for nothing now
            if own_tx:
                project.conn.execute("BEGIN")  # one consistent snapshot while writers go on
        try:
            job = Job(opts.format, sel, name, exported_at, opts.unit == "article", (0, None), None, {})
            _run(project, opts, sel, encoder, paths, labels_path, summary, progress, workers if parallel else None, job)
        finally:
            if own_tx:
                project.conn.execute("COMMIT")
    log.info("exported %d lines as %s", summary.lines_written, opts.format)
    return summary


def _run(project: Project, opts: ExportOptions, sel: Selection, encoder: Encoder, paths: dict[str, Path],
         labels_path: Path | None, summary: ExportSummary, progress: Progress | None, workers: par.Workers | None,
         job: Job) -> None:
    assignment = assign_splits(q.selected_articles(project, sel), opts.split, opts.seed) if opts.split else None
    article_mode = opts.unit == "article"
    all_paragraphs = q.total_paragraphs(project)
    by_article = q.per_article_counts(project, sel, all_status=article_mode) if workers is not None else []
    total = all_paragraphs
    if not article_mode:
        total = sum(c for _, c in by_article) if workers is not None else q.count_paragraphs(project, sel)
        if all_paragraphs > total:
            summary.left_out["paragraph(s) not done"] += all_paragraphs - total
    counts = {p: 0 for p in paths}
    done = 0

    def report(current: str = "") -> None:
        if workers is not None:
            workers.poll()  # also without a progress callback: a worker waits when its pipe is full
        if progress is not None:
            progress(done + (workers.progress if workers is not None else 0), total, current)

    def tick(current: str) -> None:
        nonlocal done
        done += 1
        if done % _TICK == 0:
            report(current)

    report()
    all_files = list(paths.values()) + ([labels_path] if labels_path else [])
    with AtomicFiles(all_files) as files:
        handles = {part: files[path] for part, path in paths.items()}
        links = opts.format in ("native", "spans")  # bio and doccano have no links
        full = opts.format == "native"  # the only format that writes ids, attributes and entities

        def write(articles: q.ArticleRange | None) -> None:
            units = (article_units(project, sel, summary.left_out, tick, links=links, full=full, articles=articles)
                     if article_mode else
                     paragraph_units(project, sel, layouts=full, links=links, full=full, articles=articles))
            with contextlib.closing(units):  # the cursor goes now, also when a line fails
                write_units(units, encoder, assignment, handles, counts, None if article_mode else tick)

        if workers is None:
            write(None)
        else:
            results = par.run_ranges(workers, job, by_article, assignment, paths, handles, write, report)
            par.absorb_results(encoder, counts, summary.left_out, results)
        if labels_path is not None and isinstance(encoder, BioEncoder):
            schema = load_schema(project)
            by_layer = {lay: [lab.name for lab in schema.layer(lay)] for lay in encoder.layers}
            files[labels_path].write(json.dumps(encoder.label_lists(by_layer), ensure_ascii=False, indent=1) + "\n")
        if progress is not None:
            progress(total, total, "")
    summary.files = {paths[p]: n for p, n in counts.items()}
    summary.labels_file = labels_path
    summary.spans = encoder.stats.spans
    summary.relations = encoder.stats.relations
    summary.dropped = encoder.stats.dropped
