"""Is the ``-wal`` beside a project its own? Checked before the project is opened.

A program killed while it had the project open leaves its ``-wal`` (its last
commits) beside the file; the next connection applies it, which is how nothing
acknowledged is lost. But if the project file was replaced since (a backup
copied over it, the restore our own messages advise), the old ``-wal`` is
applied to a file it does not belong to, and SQLite writes those pages into it:
the project is corrupted. So a ``-wal`` that no running program is using is
applied first in a read-only view and the result checked (``PRAGMA
quick_check``); if that fails the project is refused, with what to move aside.
A ``-wal`` another program is using (it holds its lock on the ``-shm``) is live
and not checked: it is that program's journal.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import sys
from collections.abc import Callable
from pathlib import Path

from annotator import fileguard

try:
    import fcntl
except ImportError:  # Windows: no POSIX locks to look at; every leftover -wal is checked
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_WAL_HEADER = 32
_SHM_DMS_BYTE = 128  # SQLite's unix VFS: every connection holds a read lock here while it has the -shm open


def _lock_query() -> tuple[str, bytes, int] | None:
    """(struct format, an F_GETLK query for a write lock on the DMS byte, index of l_type), per system."""
    if fcntl is None:
        return None
    if sys.platform.startswith("linux"):  # l_type, l_whence, l_start, l_len, l_pid
        return "hhqqi", struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_BYTE, 1, 0), 0
    if sys.platform == "darwin":  # l_start, l_len, l_pid, l_type, l_whence
        return "qqihh", struct.pack("qqihh", _SHM_DMS_BYTE, 1, 0, fcntl.F_WRLCK, os.SEEK_SET), 3
    return None


def _locked_by_another_program(shm: Path) -> bool | None:
    """Whether another process holds SQLite's lock on the ``-shm`` (None: cannot tell on this system)."""
    query = _lock_query()
    if query is None:
        return None
    if not shm.exists():
        return False
    fmt, request, type_at = query
    fd = fileguard.os_open(shm, os.O_RDONLY)  # refused while this process holds the project open
    try:
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, request)
    except OSError:
        return None
    finally:
        os.close(fd)
    return bool(struct.unpack(fmt, answer)[type_at] != fcntl.F_UNLCK)


def stale_wal_problem(path: Path, connect: Callable[[Path], sqlite3.Connection]) -> str | None:
    """Why the project's ``-wal`` does not belong to it, or None (no journal, a live one, or its own).

    ``connect(path)`` gives a read-only connection that applies the ``-wal``. Call before this process
    opens the project (a project already open here has a live journal: None)."""
    wal = Path(f"{path}-wal")
    try:
        if not wal.exists() or wal.stat().st_size <= _WAL_HEADER or fileguard.is_held(path):
            return None
    except OSError:
        return None
    try:
        if _locked_by_another_program(Path(f"{path}-shm")):
            return None
    except OSError:
        log.debug("cannot look at the locks of %s-shm", path, exc_info=True)
    try:
        conn = connect(path)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict == "ok":
        return None
    log.info("%s: with its -wal applied, quick_check says %s", path, verdict)
    return (f"its journal {wal.name} does not belong to it (with the journal applied the file is damaged: "
            f"{' '.join(str(verdict).split())[:80]}); was the file replaced after a program was killed? "
            f"Nothing was changed: move {wal.name} and {path.name}-shm aside (they hold that program's last "
            "changes), then open it again")
