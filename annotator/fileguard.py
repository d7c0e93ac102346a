"""The one place that opens files with plain handles, and the registry of project files open in SQLite.

Why: POSIX advisory locks belong to a *process*, not to a file descriptor. When
code in this process opens a project file (or its ``-wal`` / ``-shm``) with
``open()`` or ``os.open()`` and closes it, the kernel drops **every** lock this
process holds on the file, SQLite's included. The next program that opens and
closes the project then believes it is the last user, checkpoints and deletes
the ``-wal``, and this process goes on committing into a deleted file: a crash
later loses every "saved" change. (SQLite's "How To Corrupt An SQLite Database
File", section 2.2.) SQLite's own connections are safe: it keeps one descriptor
per file and process and defers closing the others while locks are held.

The rule, enforced here: **while this process holds an SQLite connection to a
file, nothing opens that file, its -wal, -shm or -journal with a plain file
handle.** Every SQLite connection to a project is made with :func:`connect`,
which records the file's identity (device and inode, so links and other names
count too); every plain open in the package goes through :func:`open_file`,
:func:`os_open`, :func:`read_bytes`, :func:`read_text` or :func:`read_head`,
which refuse such a file with :class:`HeldFileError`. A test scans the package
for any other way of opening a file.

    conn = fileguard.connect(str(path), path, factory=GuardedConnection)
    head = fileguard.read_head(path, 100)   # None while the file is held here
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from typing import IO, Any

from annotator.errors import AnnotatorError

__all__ = ["HeldFileError", "connect", "is_held", "open_file", "os_open", "read_bytes", "read_head",
           "read_text", "refuse_held"]

SIDE_FILES = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database
_lock = threading.RLock()  # a check and the open (or the connect) it guards happen as one step
_held: dict[tuple[int, int], weakref.WeakSet[sqlite3.Connection]] = {}


class HeldFileError(AnnotatorError):
    """A plain open of a file this process holds open in SQLite; it would drop SQLite's locks."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(
            f"{path}: refused to open it as a plain file: this program has the project open in SQLite, "
            "and closing a plain handle would drop SQLite's locks (see README, Data safety)")


class _Connection(sqlite3.Connection):
    """A plain connection that can be referred to weakly (``sqlite3.Connection`` itself cannot)."""


def _identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _open_connection(conn: sqlite3.Connection) -> bool:
    try:
        conn.total_changes  # noqa: B018  (raises once the connection is closed)
    except sqlite3.ProgrammingError:
        return False
    return True


def _held_identity(key: tuple[int, int] | None) -> bool:
    if key is None or key not in _held:
        return False
    if any(_open_connection(c) for c in list(_held[key])):
        return True
    del _held[key]
    return False


def is_held(path: str | os.PathLike[str]) -> bool:
    """Whether this process holds an SQLite connection to ``path`` (or, for a ``-wal``, ``-shm`` or
    ``-journal`` name, to the file it belongs to)."""
    name = os.fspath(path)
    with _lock:
        if _held_identity(_identity(name)):
            return True
        for suffix in SIDE_FILES:
            if isinstance(name, str) and name.endswith(suffix):
                return _held_identity(_identity(name[: -len(suffix)]))
        return False


def refuse_held(path: str | os.PathLike[str]) -> None:
    """Raise :class:`HeldFileError` if ``path`` is held (see :func:`is_held`)."""
    if is_held(path):
        raise HeldFileError(path)


def connect(database: str, file: str | os.PathLike[str] | None, **kwargs: Any) -> sqlite3.Connection:
    """``sqlite3.connect(database, **kwargs)``, with ``file`` (the database's path; None for an
    in-memory database) recorded as held until the connection is closed or collected. ``factory``
    must be a subclass of ``sqlite3.Connection`` (it is by default)."""
    kwargs.setdefault("factory", _Connection)
    with _lock:
        conn = sqlite3.connect(database, **kwargs)
        key = None if file is None else _identity(file)
        if key is not None:
            _held.setdefault(key, weakref.WeakSet()).add(conn)
    return conn


def read_head(path: str | os.PathLike[str], size: int) -> bytes | None:
    """The first ``size`` bytes of the file, or None while it is held (read and closed under the lock,
    so no connection can be opened to it meanwhile). Raises ``OSError``."""
    with _lock:
        if is_held(path):
            return None
        with open(path, "rb") as fh:
            return fh.read(size)


def open_file(path: str | os.PathLike[str], mode: str = "r", **kwargs: Any) -> IO[Any]:
    """``open(path, mode, ...)``, refused for a held file. Raises ``OSError`` or :class:`HeldFileError`."""
    with _lock:
        refuse_held(path)
        return open(path, mode, **kwargs)


def os_open(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
    """``os.open``, refused for a held file."""
    with _lock:
        refuse_held(path)
        return os.open(path, flags, mode)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    with open_file(path, "rb") as fh:
        return fh.read()


def read_text(path: str | os.PathLike[str], encoding: str = "utf-8") -> str:
    with open_file(path, "r", encoding=encoding) as fh:
        return fh.read()
