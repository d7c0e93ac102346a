"""The export of a format that writes a folder (:class:`~annotator.export.formats.folder.FolderFormat`).

OUT is a folder: a new one, an empty one, or (with ``--force``) one that holds only files of this format's
kinds, which is then replaced whole. Without OUT, ``exports/PROJECT_FORMAT_DATE/``. The files are written
into a hidden temporary sibling folder (``.OUT.PID-XXXX.part``) and that folder is renamed to OUT when every
file is written, so OUT appears whole or not at all; an old OUT is moved aside first and removed last. With
a split, each part is a subfolder (``OUT/train/``) with its own schema files.

The export reads one snapshot (a read transaction) in one process: the units are whole articles.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from annotator import fileguard
from annotator.core.progress import Progress, Ticker
from annotator.errors import AnnotatorError
from annotator.export.formats import FormatContext, format_class
from annotator.export.formats.folder import Document, FolderFormat, file_stem
from annotator.export.options import ExportOptions, ExportSummary, assign_splits
from annotator.export.source import ReadPlan, read_units
from annotator.io.atomic import OutputError, check_folder
from annotator.io.output_check import OutputExistsError
from annotator.leftovers import fsync_dir, part_prefix, process_gone
from annotator.store import corpus_queries as q
from annotator.store.corpus_queries import Selection
from annotator.store.labels_store import load_schema
from annotator.store.project import Project

log = logging.getLogger(__name__)

_TICK = 200


def folder_path(project: Project, opts: ExportOptions, out: Path | None, exports_dir: Path | None,
                allowed: tuple[str, ...], when: datetime | None = None) -> Path:
    """The output folder, checked: see the module docstring. ``allowed``: suffixes of files this format
    writes (an existing folder holding anything else is never replaced)."""
    when = when or datetime.now()
    if out is None:
        parent = exports_dir if exports_dir is not None else Path.cwd() / "exports"
        try:
            if exports_dir is None and not parent.exists():
                parent.mkdir()
        except OSError as exc:
            raise OutputError(f"{parent}: cannot write there ({exc.strerror or exc})") from None
        check_folder(parent)
        stem = f"{project.path.stem}_{opts.format}_{when:%Y-%m-%d}"
        for name in [stem, f"{stem}_{when:%H%M%S}"] + [f"{stem}_{when:%H%M%S}-{i}" for i in range(2, 100)]:
            if not os.path.lexists(parent / name):
                return parent / name
        raise OutputError(f"{parent}: too many exports named {stem}*")
    check_folder(out.parent if str(out.parent) else Path("."))
    if not os.path.lexists(out):
        return out
    if out.is_symlink() or not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder; {opts.format} writes a folder of files "
                          "(name a new or empty folder)")
    found = list(out.rglob("*"))
    if not found:
        return out
    if not opts.replace:
        raise OutputExistsError([out])
    foreign = [p for p in found if p.is_symlink() or (p.is_file() and p.suffix.lower() not in allowed)
               or not (p.is_file() or p.is_dir())]
    if foreign or any(project.path.resolve() == p.resolve() for p in found):
        raise OutputError(f"{out}: holds {foreign[0].name if foreign else project.path.name}, not a file of a "
                          f"{opts.format} export; not replaced, choose another folder")
    return out


def _remove_stale(target: Path) -> None:
    """Temporary folders that interrupted exports to ``target`` left (their process is gone)."""
    pattern = re.compile(r"^\." + re.escape(target.name) + r"\.(\d+)-[^.]*\.part$")
    with contextlib.suppress(OSError):
        for part in target.parent.iterdir():
            m = pattern.match(part.name)
            if m and part.is_dir() and int(m.group(1)) != os.getpid() and process_gone(int(m.group(1))):
                shutil.rmtree(part, ignore_errors=True)
                log.info("removed %s, left by an interrupted export", part)


def _write(path: Path, text: str) -> None:
    with fileguard.open_file(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def export_folder(project: Project, opts: ExportOptions, sel: Selection, annotator: str | None, out: Path | None,
                  *, exports_dir: Path | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the selection as a folder of files; see the module docstring. ``annotator``: whose annotations
    (None: the adjudicated ones)."""
    fmt = format_class(opts.format)
    assert issubclass(fmt, FolderFormat)
    ctx = FormatContext(annotator=annotator, gold=sel.gold, layers=sel.layers,
                        exported_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    encoder = fmt(ctx)
    if opts.unit != "article":
        raise AnnotatorError(f"{opts.format} writes one set of files per article: export whole articles "
                             "(--unit article)")
    target = folder_path(project, opts, out, exports_dir, fmt.suffixes)
    summary = ExportSummary(opts.format, counts_what="article(s)")
    schema = load_schema(project)
    encoder.start(schema)
    own_tx = not project.conn.in_transaction
    _remove_stale(target)
    try:
        tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=part_prefix(target), suffix=".part"))
    except OSError as exc:
        raise OutputError(f"{target.parent}: cannot write there ({exc.strerror or exc})") from None
    try:
        if own_tx:
            project.conn.execute("BEGIN")  # one snapshot
        try:
            counts = _write_units(project, opts, encoder, sel, tmp, summary, progress)
        finally:
            if own_tx:
                project.conn.execute("COMMIT")
        for part in counts:
            for doc in encoder.schema_files(schema):
                _write(tmp / part / doc.name, doc.text)
        _put_in_place(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{target}: cannot write there ({exc.strerror or exc}); nothing was written") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    summary.files = {target / part if part else target: n for part, n in counts.items()}
    stats = encoder.stats
    summary.spans = stats.spans
    summary.relations = stats.relations
    summary.dropped = stats.dropped
    log.info("exported %d article(s) as %s into %s", summary.lines_written, opts.format, target)
    return summary


def _write_units(project: Project, opts: ExportOptions, encoder: FolderFormat, sel: Selection, tmp: Path,
                 summary: ExportSummary, progress: Progress | None) -> dict[str, int]:
    assignment = assign_splits(q.selected_articles(project, sel), opts.split, opts.seed) if opts.split else None
    parts = [name for name, _ in opts.split] or [""]
    for part in parts:
        if part:
            (tmp / part).mkdir()
    counts = {part: 0 for part in parts}
    taken: dict[str, set[str]] = {part: set() for part in parts}
    tick = Ticker(progress, q.total_paragraphs(project), _TICK)
    tick.start()
    plan = ReadPlan.of(type(encoder), article_mode=True)
    units = read_units(project, sel, plan, summary.left_out, tick)
    with contextlib.closing(units):
        for unit in units:
            part = assignment.get(unit.article.id, "") if assignment is not None else ""
            docs: list[Document] = encoder.documents(unit, file_stem(unit.article.ext_id, taken[part]))
            for doc in docs:
                _write(tmp / part / doc.name, doc.text)
            counts[part] += 1
    tick.finish()
    return counts


def _put_in_place(tmp: Path, target: Path) -> None:
    """Rename the finished temporary folder to ``target``; an old ``target`` is moved aside, then removed."""
    for folder, _, names in os.walk(tmp):
        for name in names:
            with fileguard.open_file(Path(folder) / name, "rb") as fh:
                os.fsync(fh.fileno())
    old: Path | None = None
    if os.path.lexists(target):
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=part_prefix(target), suffix=".part"))
        os.rmdir(old)
        os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        if old is not None:
            os.rename(old, target)  # the old folder back
        raise
    fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
