"""Open, validate and write a project file.

A file is checked read-only before it is opened for writing, so a file that is
not a project, is damaged or comes from a newer version is reported and left
untouched. Every change runs in ``Project.write()``: one ``BEGIN IMMEDIATE``
transaction, committed before the caller returns.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.errors import ProjectError
from annotator.store import schema

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def _inspect(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, table count) read without writing a byte."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        raise ProjectError(f"{path}: not a project file (not an SQLite database)")
    # A read-only connection to a WAL file creates -wal and -shm files it cannot remove;
    # without a -wal file the main file is complete, so read it as immutable instead.
    wal = Path(f"{path}-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
        try:
            _configure(conn)
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: damaged or unreadable project file ({exc})") from None
    return app_id, version, tables


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
        """One write transaction; committed when the block ends, rolled back on error."""
        if self.readonly:
            raise ProjectError(f"{self.path}: the project is open read-only")
        if self.conn.in_transaction:  # nested: a savepoint inside the outer transaction
            with self.db.atomic():
                yield self.db
            return
        self._begin_immediate()
        try:
            yield self.db
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def _begin_immediate(self) -> None:
        deadline = time.monotonic() + 3 * BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise ProjectError(
                        f"{self.path}: another program has been writing to the project for "
                        f"{3 * BUSY_TIMEOUT_MS // 1000} s; try again") from None
                log.info("project busy, retrying")
                time.sleep(0.05)

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


def open_project(path: str | os.PathLike[str], *, create: bool = True, upgrade: bool = True) -> Project:
    """Open (or create) a project file, refusing anything that is not one.

    Raises :class:`ProjectError` with a one-line message; the file is not
    touched unless it is a project of this or an older schema.
    """
    p = Path(path)
    if p.is_dir():
        raise ProjectError(f"{p}: is a folder, not a project file")
    exists = p.exists() and p.stat().st_size > 0
    if not exists:
        if not create:
            raise ProjectError(f"{p}: no such project file")
        if not p.parent.exists():
            raise ProjectError(f"{p.parent}: no such folder")
        version = 0
    else:
        app_id, version, tables = _inspect(p)
        if app_id != schema.APPLICATION_ID and (tables or app_id or version):
            raise ProjectError(f"{p}: an SQLite file, but not a corpus-annotator project")
        if version > schema.SCHEMA_VERSION:
            raise ProjectError(
                f"{p}: written by a newer corpus-annotator (schema {version}; this version reads "
                f"up to {schema.SCHEMA_VERSION}); upgrade corpus-annotator to open it")
    readonly = exists and not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK))
    if readonly and version < schema.SCHEMA_VERSION:
        raise ProjectError(f"{p}: read-only and needs an upgrade to schema {schema.SCHEMA_VERSION}")
    if version < schema.SCHEMA_VERSION and exists and not upgrade:
        raise ProjectError(f"{p}: uses schema {version}; run 'annotator migrate {p}' to upgrade it")
    try:
        if readonly:
            conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True,
                                   isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(p), isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.DatabaseError as exc:
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


def _migrate(project: Project) -> None:
    applied = {m.name for m in schema.migrations.applied(project.db)}
    unknown = applied - schema.known_migration_names()
    if unknown:
        raise ProjectError(f"{project.path}: has migrations this version does not know: {sorted(unknown)}")
    schema.migrations.apply(project.db)
    from annotator.store.labels_store import install_default_labels  # noqa: PLC0415  (import cycle)

    install_default_labels(project)
