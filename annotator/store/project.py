"""Open, validate and write a project file.

A file is checked read-only before it is opened for writing (see
:mod:`annotator.store.filecheck`), so a file that is not a project, is damaged,
comes from a newer version or was altered by another program is reported and
left untouched. Every change runs in ``Project.write()``: one ``BEGIN IMMEDIATE``
transaction, retried while another program writes, committed before the caller
returns.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator import fileguard
from annotator.errors import ProjectError
from annotator.store import schema
from annotator.store.filecheck import (
    BUSY_TIMEOUT_MS,
    GuardedConnection,
    configure,
    is_read_only,
    name_connection,
    read_only_connection,
    validate,
)
from annotator.store.labels_store import install_default_labels

log = logging.getLogger(__name__)

__all__ = ["BUSY_TIMEOUT_MS", "Project", "is_read_only", "now", "open_project", "reading_connection"]


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Project:
    """An open project file. Use :func:`open_project` to get one."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.db = Database(conn, execute_plugins=False, recursive_triggers=False)

    # -- transactions -------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction; committed when the block ends, rolled back on error.

        A damaged file, a full disk or a file that became read-only raises
        :class:`ProjectError` (see :class:`GuardedConnection`); nothing of the block is kept then.
        """
        if self.readonly:
            raise ProjectError(f"{self.path}: the project is open read-only (no permission to write "
                               "it or its folder); nothing was changed")
        if self.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with self.db.atomic():
                yield self.db
            return
        self._begin_immediate()
        try:
            yield self.db
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:  # some errors (a full disk, I/O) have rolled back already
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # pragma: no cover - the original error matters more
                log.warning("rollback failed on %s", self.path, exc_info=True)

    def _begin_immediate(self) -> None:
        if not _while_locked(lambda: self.conn.execute("BEGIN IMMEDIATE"), 3 * BUSY_TIMEOUT_MS / 1000, 0.05):
            raise ProjectError(f"{self.path}: another program was writing (for {3 * BUSY_TIMEOUT_MS // 1000} s); "
                               "nothing was changed; run it again")

    def log_event(self, action: str, annotator: str | None, payload: dict[str, Any]) -> None:
        """Append to the event log; call inside ``write()``."""
        self.conn.execute(
            "INSERT INTO events (at, annotator, action, payload) VALUES (?, ?, ?, ?)",
            (now(), annotator, action, json.dumps(payload, ensure_ascii=False, sort_keys=True)),
        )

    # -- small helpers --------------------------------------------------------
    def scalar(self, sql: str, params: tuple | list | dict = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        with self.write():
            self.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:  # pragma: no cover - closing never matters to the user
            log.debug("error while closing %s", self.path, exc_info=True)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def reading_connection(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A connection to an existing project (of any version we know) that will not change it.

    For copying a project while other programs may write it (the backup): a
    writable file gets an ordinary connection (it sees their commits, and tidies
    its -wal and -shm away when it closes), a read-only one a read-only connection.
    """
    p = Path(path)
    try:
        if p.exists() and not p.is_file():
            raise ProjectError(f"{p}: is not a regular file (a device, pipe or socket), not a project file")
        if not p.is_file() or p.stat().st_size == 0:
            raise ProjectError(f"{p}: no such project file")
    except OSError as exc:
        raise ProjectError(f"{p}: cannot read ({exc.strerror or exc})") from None
    validate(p)
    try:
        if is_read_only(p):
            conn = read_only_connection(p, isolation_level=None, factory=GuardedConnection)
        else:
            conn = fileguard.connect(str(p), p, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                     factory=GuardedConnection)
        name_connection(conn, p)
        configure(conn)
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{p}: cannot open project ({exc})") from None
    return conn


def open_project(path: str | os.PathLike[str], *, create: bool = True, upgrade: bool = True) -> Project:
    """Open (or create) a project file, refusing anything that is not one.

    Raises :class:`ProjectError` with a one-line message; the file is not
    touched unless it is a project of this or an older schema. A file that
    is not a project, is damaged, comes from a newer version or whose schema
    was changed by another program (see :mod:`annotator.store.filecheck`) is refused
    after a read-only look. A project the user may not write (see
    :func:`is_read_only`) opens with ``readonly`` set: reading and exporting
    work, writing raises :class:`ProjectError`.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise ProjectError(f"{p}: is a folder, not a project file")
        if p.exists() and not p.is_file():
            raise ProjectError(f"{p}: is not a regular file (a device, pipe or socket), not a project file; "
                               "nothing was changed")
        exists = p.exists() and p.stat().st_size > 0
    except OSError as exc:  # a folder on the way that this user may not enter
        raise ProjectError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if not exists:
        if not create:
            raise ProjectError(f"{p}: no such project file")
        if not p.parent.exists():
            raise ProjectError(f"{p.parent}: no such folder")
        version = 0
    else:
        version = validate(p)
    readonly = exists and is_read_only(p)
    if readonly and version < schema.SCHEMA_VERSION:
        raise ProjectError(f"{p}: read-only and needs an upgrade to schema {schema.SCHEMA_VERSION}")
    if version < schema.SCHEMA_VERSION and exists and not upgrade:
        raise ProjectError(f"{p}: uses schema {version}; run 'annotator migrate {p}' to upgrade it")
    try:
        if readonly:
            conn = read_only_connection(p, isolation_level=None, check_same_thread=False,
                                        factory=GuardedConnection)
        else:
            conn = fileguard.connect(str(p), p, isolation_level=None, check_same_thread=False,
                                     timeout=BUSY_TIMEOUT_MS / 1000, factory=GuardedConnection)
        name_connection(conn, p)
        configure(conn)
        if not readonly:
            _switch_to_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise ProjectError(f"{p}: another program was writing; nothing was changed; run it again") from None
        raise ProjectError(f"{p}: cannot open project ({exc})") from None
    project = Project(p, conn, readonly)
    if version < schema.SCHEMA_VERSION:
        try:
            _migrate(project)
        except sqlite3.DatabaseError as exc:
            project.close()
            raise ProjectError(f"{p}: could not upgrade the project ({exc})") from None
        except BaseException:
            project.close()
            raise
    return project


def _while_locked(action: Callable[[], object], seconds: float, pause: float) -> bool:
    """Run ``action``, again every ``pause`` seconds while it fails because another connection holds a
    lock; False when ``seconds`` have passed so. Any other error is raised."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            action()
            return True
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                return False
            log.info("project busy, retrying")
            time.sleep(pause)


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """``journal_mode = WAL``, retried: on a new file that other programs are opening at the same
    moment, the switch needs a lock SQLite does not wait for (no busy handler), so it can fail at once."""
    if not _while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"), BUSY_TIMEOUT_MS / 1000, 0.02):
        raise sqlite3.OperationalError("database is locked")


def _migrate(project: Project) -> None:
    """Apply pending migrations and the default labels in one transaction.

    A new project killed halfway through its creation is then still empty
    (opened as new next time), never half a schema; two programs creating one
    project at once apply the migrations once (the second finds them applied).
    Every migration must be transactional (no VACUUM).
    """
    with project.write():
        applied = {m.name for m in schema.migrations.applied(project.db)}
        unknown = applied - schema.known_migration_names()
        if unknown:
            raise ProjectError(f"{project.path}: has migrations this version does not know: {sorted(unknown)}")
        schema.migrations.apply(project.db)
        install_default_labels(project)
