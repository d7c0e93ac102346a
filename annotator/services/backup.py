"""Consistent copies of a project while it is in use: ``annotator backup`` and the GUI's rolling backup.

Both copy with SQLite's online backup API in one step, which reads one
snapshot of the project (WAL: other programs go on writing meanwhile), write a
hidden temporary file beside the destination, check it with ``PRAGMA
quick_check``, and rename it into place: a backup file is complete or absent.

    path = rolling_backup(project_path)          # at start-up, in a worker thread
    backup_project(project_path, Path("copy.db"))
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sqlite3
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_data_dir

from annotator import fileguard
from annotator.errors import AnnotatorError, ProjectError
from annotator.io.atomic import OutputError, check_folder, usual_mode
from annotator.io.output_check import check_output
from annotator.leftovers import part_prefix, remove_stale_parts
from annotator.store.project import reading_connection

log = logging.getLogger(__name__)

KEEP = 5
_STAMP = "%Y-%m-%dT%H-%M-%S"

__all__ = ["KEEP", "backup_folder", "backup_project", "rolling_backup"]


def backup_project(project_path: str | os.PathLike[str], dest: str | os.PathLike[str], *,
                   overwrite: bool = False) -> Path:
    """Copy a project to ``dest`` (a file name, or a folder to put a time-stamped copy in).

    Raises :class:`AnnotatorError` subclasses with one line: the source is not
    a project, ``dest`` exists (unless ``overwrite``), its folder is missing or
    not writable, the disk is full.
    """
    src = Path(project_path)
    out = Path(dest)
    if out.is_dir():
        out = out / _stamped_name(src)
    if out.exists() and out.resolve() == src.resolve():
        raise AnnotatorError(f"{out}: is the project itself; name another file")
    # never a project open here, the project's journal, a device or pipe; an older backup only with --force
    check_output(out, inputs=[src], replace=overwrite, sqlite_ok=True)
    if Path(f"{out}-wal").exists():
        raise OutputError(f"{out}: is open in another program (or was not closed cleanly); not replaced")
    check_folder(out.parent if str(out.parent) else Path("."))
    conn = reading_connection(src)
    try:
        _copy(conn, src, out)
    finally:
        conn.close()
    log.info("backed up %s to %s", src, out)
    return out


def backup_folder(project_path: str | os.PathLike[str]) -> Path:
    """Where the rolling backups of a project go: the user data folder, one folder per project file."""
    src = Path(project_path).resolve()
    digest = hashlib.sha256(str(src).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return Path(user_data_dir("corpus-annotator", appauthor=False)) / "backups" / f"{src.stem}-{digest}"


def rolling_backup(project_path: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None,
                   keep: int = KEEP) -> Path:
    """Copy the project into its backup folder unless the newest copy holds the same data; keep ``keep``.

    Safe while the project is open here or in other programs (it only reads
    it). Returns the newest backup. Costs one read of the project and one write
    of the copy: call it from a worker thread on a large project.
    """
    if keep < 1:
        raise AnnotatorError("keep at least one backup")
    src = Path(project_path)
    dest_dir = Path(folder) if folder is not None else backup_folder(src)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{dest_dir}: cannot make the backup folder ({exc.strerror or exc})") from None
    check_folder(dest_dir)
    existing = _backups(dest_dir, src.stem)
    conn = reading_connection(src)
    try:
        if existing and _same_data(conn, existing[-1]):
            log.info("%s: unchanged since %s; no new backup", src, existing[-1].name)
            return existing[-1]
        out = dest_dir / _stamped_name(src)
        while out.exists():  # two backups in one millisecond (or a coarse clock)
            time.sleep(0.001)
            out = dest_dir / _stamped_name(src)
        _copy(conn, src, out)
    finally:
        conn.close()
    for old in _backups(dest_dir, src.stem)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
            log.info("removed old backup %s", old)
    return out


def _stamped_name(src: Path) -> str:
    now = datetime.now(timezone.utc)
    return f"{src.stem}-{now:{_STAMP}}.{now.microsecond // 1000:03d}Z.db"


def _backups(folder: Path, stem: str) -> list[Path]:
    """The rolling backups in ``folder``, oldest first (the names sort by time)."""
    pattern = re.compile(re.escape(stem) + r"-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.db")
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name) and p.is_file())


def _fingerprint(conn: sqlite3.Connection) -> tuple[object, ...]:
    """Changes every time the project's data does: the event log is append-only and every
    use case writes to it; the row counts and highest ids catch the few writes that do not."""
    parts: list[object] = []
    for table in ("events", "articles", "paragraphs", "annotations", "links", "annotators", "labels"):
        parts += conn.execute(f"SELECT count(*), max(rowid) FROM {table}").fetchone()
    parts += conn.execute("SELECT count(*), max(updated_at) FROM paragraph_status").fetchone()
    parts.append(conn.execute("SELECT group_concat(key || '=' || value, char(10)) FROM meta").fetchone()[0])
    return tuple(parts)


def _same_data(conn: sqlite3.Connection, backup: Path) -> bool:
    try:
        other = fileguard.connect(f"{backup.resolve().as_uri()}?mode=ro&immutable=1", backup, uri=True)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN")  # one snapshot for all the counts
        try:
            mine = _fingerprint(conn)
        finally:
            conn.execute("COMMIT")
        return mine == _fingerprint(other)
    except sqlite3.Error:  # a damaged or foreign old backup: make a new one
        return False
    finally:
        other.close()


def _copy(conn: sqlite3.Connection, src: Path, out: Path) -> None:
    remove_stale_parts(out)
    try:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=part_prefix(out), suffix=".part")
    except OSError as exc:
        raise OutputError(f"{out.parent}: cannot write there ({exc.strerror or exc})") from None
    usual_mode(fd)
    os.close(fd)
    tmp = Path(name)
    try:
        target = fileguard.connect(str(tmp), tmp, isolation_level=None)
        try:
            conn.backup(target)  # pages=-1: every page in one step, from one snapshot
            target.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal beside it
            verdict = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if verdict != "ok":
            raise ProjectError(f"{src}: the project file is damaged ({verdict}); the backup was not kept")
        with fileguard.open_file(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{src}: cannot copy it to {out} ({exc})") from None
    except OSError as exc:
        raise OutputError(f"{out}: cannot write the backup ({exc.strerror or exc})") from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-journal"), Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
