"""The export of a format written whole into one binary file (:class:`~annotator.export.formats.whole.WholeFileFormat`).

OUT is the file (``corpus.spacy``), or a folder to name it in; without OUT, ``exports/PROJECT_FORMAT_DATE.spacy``.
With a split each part gets its own file (``corpus.train.spacy``, ``corpus.dev.spacy``). The output rule is
the one of every export (:func:`~annotator.io.output_check.check_outputs`: an existing file needs
``--force``). The units are read in one snapshot and one process, each file is built in memory and written
atomically (:class:`~annotator.io.atomic.AtomicFiles`): all files appear, or none.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timezone
from pathlib import Path

from annotator.core.progress import Progress, Ticker
from annotator.export.formats import FormatContext, format_class
from annotator.export.formats.whole import WholeFileFormat
from annotator.export.options import ExportOptions, ExportSummary, assign_splits
from annotator.export.source import ReadPlan, read_units
from annotator.io.atomic import AtomicFiles, OutputError, check_folder
from annotator.io.output_check import check_outputs
from annotator.store import corpus_queries as q
from annotator.store.corpus_queries import Selection
from annotator.store.project import Project

log = logging.getLogger(__name__)

_TICK = 200


def whole_file_paths(project: Project, opts: ExportOptions, suffix: str, out: Path | None,
                     exports_dir: Path | None = None, when: datetime | None = None) -> dict[str, Path]:
    """The file of each part (``""`` without a split), checked against the output rule."""
    parts = [name for name, _ in opts.split]
    when = when or datetime.now()
    try:
        if out is None or out.is_dir():
            folder = out if out is not None else exports_dir if exports_dir is not None else Path.cwd() / "exports"
            if out is None and exports_dir is None and not folder.exists():
                folder.mkdir()
            check_folder(folder)
            stem = f"{project.path.stem}_{opts.format}_{when:%Y-%m-%d}"
            names = [stem, f"{stem}_{when:%H%M%S}"] + [f"{stem}_{when:%H%M%S}-{i}" for i in range(2, 100)]
            base = next((folder / f"{n}{suffix}" for n in names
                         if not any(p.exists() for p in _part_paths(folder / f"{n}{suffix}", suffix, parts))), None)
            if base is None:
                raise OutputError(f"{folder}: too many exports named {stem}*")
        else:
            check_folder(out.parent if str(out.parent) else Path("."))
            base = out
    except OSError as exc:
        raise OutputError(f"{exc.filename or out or 'exports'}: cannot write there ({exc.strerror or exc})") from None
    paths = dict(zip(parts or [""], _part_paths(base, suffix, parts)))
    check_outputs(list(paths.values()), inputs=[project.path], replace=opts.replace)
    return paths


def _part_paths(base: Path, suffix: str, parts: list[str]) -> list[Path]:
    if not parts:
        return [base]
    stem = base.name[:-len(suffix)] if base.name.endswith(suffix) else base.name
    return [base.with_name(f"{stem}.{p}{suffix}") for p in parts]


def export_whole_file(project: Project, opts: ExportOptions, sel: Selection, annotator: str | None,
                      out: Path | None, *, exports_dir: Path | None = None,
                      progress: Progress | None = None) -> ExportSummary:
    """Write the selection as one file per part; see the module docstring. ``annotator``: whose annotations
    (None: the adjudicated ones)."""
    fmt = format_class(opts.format)
    if not issubclass(fmt, WholeFileFormat):
        raise TypeError(f"{opts.format} is not written whole")
    paths = whole_file_paths(project, opts, fmt.suffix, out, exports_dir)
    encoder = fmt(FormatContext(annotator=annotator, gold=sel.gold, layers=sel.layers,
                                exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                options=opts.format_options))
    summary = ExportSummary(opts.format, counts_what="doc(s)")
    article_mode = opts.unit == "article"
    counts = {part: 0 for part in paths}
    own_tx = not project.conn.in_transaction
    if own_tx:
        project.conn.execute("BEGIN")  # one snapshot
    try:
        assignment = (assign_splits(q.selected_articles(project, sel), opts.split, opts.seed) if opts.split
                      else None)
        all_paragraphs = q.total_paragraphs(project)
        total = all_paragraphs if article_mode else q.count_paragraphs(project, sel)
        if not article_mode and all_paragraphs > total:
            summary.left_out["paragraph(s) not done"] += all_paragraphs - total
        tick = Ticker(progress, total, _TICK)
        tick.start()
        units = read_units(project, sel, ReadPlan.of(fmt, article_mode=article_mode), summary.left_out,
                           tick if article_mode else None)
        with contextlib.closing(units):
            for unit in units:
                if not article_mode:
                    tick(unit.article.ext_id)
                part = assignment.get(unit.article.id, "") if assignment is not None else ""
                encoder.add(unit, part)
                counts[part] += 1
    finally:
        if own_tx:
            project.conn.execute("COMMIT")
    with AtomicFiles(list(paths.values())) as files:
        for part, path in paths.items():
            fh = files[path]
            fh.flush()
            fh.buffer.write(encoder.data(part))
    tick.finish()
    summary.files = {paths[p]: n for p, n in counts.items()}
    stats = encoder.stats
    summary.spans = stats.spans
    summary.relations = stats.relations
    summary.dropped = stats.dropped
    summary.notes = stats.notes
    log.info("exported %d doc(s) as %s", summary.lines_written, opts.format)
    return summary
