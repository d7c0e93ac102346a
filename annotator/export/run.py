"""The export itself: choose the selection, read one snapshot, write every file atomically.

See :mod:`annotator.export` for the entry point's contract. One :class:`_Export` holds what an export
needs while it runs (project, options, format object, files, summary, progress, workers); the parallel
runner (:mod:`annotator.export.parallel`) writes the ranges after the first in worker processes.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from annotator.core.progress import Progress
from annotator.errors import AnnotatorError, NotFoundError
from annotator.export import parallel as par
from annotator.export.folder import export_folder
from annotator.export.formats import ExportFormat, ExtraFile, FormatContext, format_class
from annotator.export.formats.choices import LAYER_CHOICES, STATUSES, UNITS
from annotator.export.formats.folder import FolderFormat
from annotator.export.formats.whole import WholeFileFormat
from annotator.export.options import ExportOptions, ExportSummary, assign_splits
from annotator.export.paths import output_paths
from annotator.export.source import ReadPlan, read_units
from annotator.export.whole_file import export_whole_file
from annotator.export.worker import Job
from annotator.export.write import write_units
from annotator.io.atomic import AtomicFiles
from annotator.store import corpus_queries as q
from annotator.store.annotations import annotator_names
from annotator.store.corpus_queries import ArticleRange, Selection
from annotator.store.project import Project

log = logging.getLogger(__name__)

_TICK = 200  # paragraphs between progress calls


def selection(project: Project, opts: ExportOptions) -> tuple[Selection, str | None]:
    """The options checked, as a :class:`Selection`, and the annotator's name (None for gold)."""
    fmt = format_class(opts.format)
    layer = opts.layer or fmt.default_layer
    if layer not in LAYER_CHOICES:
        raise AnnotatorError(f"unknown layer {layer!r} (one of {', '.join(LAYER_CHOICES)})")
    if opts.status not in STATUSES:
        raise AnnotatorError(f"unknown status {opts.status!r} (done or any)")
    if opts.unit not in UNITS:
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


def export_corpus(project: Project, opts: ExportOptions, out: Path | None = None, *,
                  exports_dir: Path | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the corpus; see :mod:`annotator.export`. Raises :class:`AnnotatorError` subclasses."""
    sel, name = selection(project, opts)
    if issubclass(format_class(opts.format), FolderFormat):  # OUT is a folder of files per article
        return export_folder(project, opts, sel, name, out, exports_dir=exports_dir, progress=progress)
    if issubclass(format_class(opts.format), WholeFileFormat):  # one binary file built whole (DocBin)
        return export_whole_file(project, opts, sel, name, out, exports_dir=exports_dir, progress=progress)
    paths, extras = output_paths(project, opts, out, exports_dir=exports_dir)
    exported_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    fmt = format_class(opts.format)
    ctx = FormatContext(annotator=name, gold=sel.gold, layers=sel.layers, exported_at=exported_at,
                        options=opts.format_options)
    plan = ReadPlan.of(fmt, article_mode=opts.unit == "article")
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
            job = Job(format_cls=fmt, ctx=ctx, sel=sel, plan=plan, parts={})
            _Export(project, opts, job, fmt(ctx), summary, progress, workers if parallel else None).run(paths, extras)
        finally:
            if own_tx:
                project.conn.execute("COMMIT")
    log.info("exported %d lines as %s in %d process(es)", summary.lines_written, opts.format, summary.processes)
    return summary


class _Export:
    """One export while it writes: what the main process reads, writes, counts and reports."""

    def __init__(self, project: Project, opts: ExportOptions, job: Job, encoder: ExportFormat,
                 summary: ExportSummary, progress: Progress | None, workers: par.Workers | None) -> None:
        self.project = project
        self.opts = opts
        self.job = job  # the workers' job, before its range, split part and files are set
        self.encoder = encoder
        self.summary = summary
        self.progress = progress
        self.workers = workers
        self.assignment = (assign_splits(q.selected_articles(project, job.sel), opts.split, opts.seed)
                           if opts.split else None)
        self.done = 0  # units (paragraphs) handled by this process
        self.total = 0

    def report(self, current: str = "") -> None:
        workers = self.workers
        if workers is not None:
            workers.poll()  # also without a progress callback: a worker waits when its pipe is full
        if self.progress is not None:
            self.progress(self.done + (workers.progress if workers is not None else 0), self.total, current)

    def tick(self, current: str) -> None:
        self.done += 1
        if self.done % _TICK == 0:
            self.report(current)

    def run(self, paths: dict[str, Path], extras: dict[ExtraFile, Path]) -> None:
        project, sel, summary, workers = self.project, self.job.sel, self.summary, self.workers
        article_mode = self.job.plan.article_mode
        all_paragraphs = q.total_paragraphs(project)
        by_article = q.per_article_counts(project, sel, all_status=article_mode) if workers is not None else []
        self.total = all_paragraphs
        if not article_mode:
            self.total = sum(c for _, c in by_article) if workers is not None else q.count_paragraphs(project, sel)
            if all_paragraphs > self.total:
                summary.left_out["paragraph(s) not done"] += all_paragraphs - self.total
        counts = {p: 0 for p in paths}
        self.report()
        with AtomicFiles([*paths.values(), *extras.values()]) as files:
            handles = {part: files[path] for part, path in paths.items()}
            encoder = self.encoder
            if encoder.opening:
                for fh in handles.values():
                    fh.write(encoder.opening)
            if workers is None:
                self.write(None, handles, counts)
            else:
                results = par.run_ranges(workers, self.job, by_article, self.assignment, paths, handles,
                                         lambda articles: self.write(articles, handles, counts), self.report,
                                         separator=encoder.separator, written=counts)
                par.absorb_results(self.encoder, counts, summary.left_out, results)
                summary.processes = 1 + len(results)
            if encoder.closing:
                for fh in handles.values():
                    fh.write(encoder.closing)
            for extra, path in extras.items():
                self.encoder.write_extra(extra, project, files[path])
            if self.progress is not None:
                self.progress(self.total, self.total, "")
        summary.files = {paths[p]: n for p, n in counts.items()}
        summary.extra_files = {path: extra.what for extra, path in extras.items()}
        summary.labels_file = next(iter(extras.values()), None)
        stats = self.encoder.stats
        summary.spans = stats.spans
        summary.relations = stats.relations
        summary.dropped = stats.dropped
        summary.notes = stats.notes

    def write(self, articles: ArticleRange | None, handles: dict[str, TextIO], counts: dict[str, int]) -> None:
        """Write the units of a range of articles (None: all) in this process."""
        plan = self.job.plan
        units = read_units(self.project, self.job.sel, plan, self.summary.left_out, self.tick, articles)
        with contextlib.closing(units):  # the cursor goes now, also when a line fails
            write_units(units, self.encoder, self.assignment, handles, counts, None if plan.article_mode else self.tick)


__all__ = ["export_corpus", "selection"]
