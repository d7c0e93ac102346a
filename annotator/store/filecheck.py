"""Checks of a project file made before it is opened for writing, without writing a byte.

- Not SQLite, a truncated file (shorter than its header says), a damaged schema,
  another application's database, a newer version: refused with one line.
- The schema must be exactly the one corpus-annotator's migrations make (see
  :func:`schema_problem` for the policy on extra triggers, views and tables);
  with ``trusted_schema`` off as well, nothing in the file runs code.
- :func:`is_read_only` decides whether a project opens read-only.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from annotator import fileguard
from annotator.errors import ProjectError
from annotator.store import schema
from annotator.store.walcheck import stale_wal_problem

BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"


def configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


class _Inspection(NamedTuple):
    app_id: int
    version: int
    objects: list[tuple[str, str, str, str | None]]  # type, name, table, sql of sqlite_master
    applied: list[str]  # names of the applied migrations, oldest first


def _header_problem(path: Path, head: bytes) -> str | None:
    """Why the 100-byte header says the file is damaged (truncated, bad page size), or None.

    Checked without SQLite, so it costs nothing on a large project: a file cut
    short is refused before a query stumbles on a missing page.
    """
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "bad page size in the file header"
    change_counter = head[24:28]
    pages = int.from_bytes(head[28:32], "big")
    valid_for = head[92:96]
    wal = Path(f"{path}-wal")
    trusted = pages and valid_for == change_counter and not (wal.exists() and wal.stat().st_size)
    if trusted and path.stat().st_size < pages * page_size:
        return "the file is shorter than its header says (truncated)"
    return None


def _inspect(path: Path) -> _Inspection:
    """What the file holds, read without writing a byte (no -wal or -shm is made either)."""
    try:
        head = fileguard.read_head(path, 100)
    except OSError as exc:
        raise ProjectError(f"{path}: cannot read ({exc.strerror or exc})") from None
    # None: this process has the file open in SQLite (it was checked when it was opened), and a
    # plain read would drop SQLite's locks; the queries below still check it, through SQLite
    if head is not None:
        if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
            raise ProjectError(f"{path}: not a project file (not an SQLite database)")
        problem = _header_problem(path, head)
        if problem:
            raise ProjectError(f"{path}: damaged project file ({problem}); restore a backup")
    try:
        conn = read_only_connection(path)
        try:
            configure(conn)
            # one read transaction: every answer below from one snapshot, even while another program
            # is creating the schema (read one statement at a time, the header could predate the tables)
            conn.execute("BEGIN")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
            applied: list[str] = []
            if any(o[0] == "table" and o[1] == schema.migrations.migrations_table for o in objects):
                applied = [r[0] for r in conn.execute(
                    f"SELECT name FROM [{schema.migrations.migrations_table}] WHERE migration_set = ? "
                    "ORDER BY rowid", (schema.migrations.name,))]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"{path}: damaged or unreadable project file ({exc})") from None
    return _Inspection(app_id, version, objects, applied)


def read_only_connection(path: Path, **kwargs: Any) -> sqlite3.Connection:
    """A connection that cannot write the file, and creates no -wal or -shm beside it.

    A read-only connection to a WAL file would make -wal and -shm files it
    cannot remove (or fail, in a read-only folder); without a -wal file the main
    file is complete, so it is read as immutable instead.
    """
    mode = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    return fileguard.connect(f"{path.resolve().as_uri()}?{mode}", path, uri=True, **kwargs)


_expected_cache: dict[tuple[Any, ...], dict[tuple[str, str], str | None]] = {}


def _normal_sql(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


def _expected_objects(applied: list[str]) -> dict[tuple[str, str], str | None]:
    """(type, name) -> SQL of every object the applied migrations make, replayed in memory."""
    known = [m for m in schema.migrations._migrations if m.name in applied]
    key = tuple(m.fn for m in known)
    if key not in _expected_cache:
        conn = fileguard.connect(":memory:", None, isolation_level=None)
        try:
            db = Database(conn, execute_plugins=False, recursive_triggers=False)
            schema.migrations.ensure_migrations_table(db)
            for m in known:
                m.fn(db)
            _expected_cache[key] = {(t, n): _normal_sql(sql) for t, n, sql in conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name != ?",
                (schema.migrations.migrations_table,))}
        finally:
            conn.close()
    return _expected_cache[key]


def schema_problem(found: list[tuple[str, str, str, str | None]], applied: list[str]) -> str | None:
    """Why the file's schema is not the one corpus-annotator made, or None.

    Policy: triggers and views run SQL on every read or write, so only our own
    triggers, with exactly our SQL, are accepted, and no view at all; an extra
    table, index or virtual table means another program changed the file, and
    is refused too, and so is a missing table or trigger (a missing index only
    costs speed). SQLite's own tables (``sqlite_stat*``) and sqlite-utils'
    migrations table may differ. ``trusted_schema`` is off as well, so SQL in
    the file cannot call functions even if it got past this check.
    """
    expected = _expected_objects(applied)
    migrations_table = schema.migrations.migrations_table
    for kind, name, table, sql in found:
        if name.startswith("sqlite_stat") or (table == migrations_table and kind in ("table", "index")):
            continue
        if kind in ("table", "index") and sql is not None and sql.lstrip()[:14].upper() == "CREATE VIRTUAL":
            return f"unexpected virtual table {name!r}"
        if (kind, name) not in expected:
            return f"unexpected {kind} {name!r}"
        if kind in ("trigger", "view") and _normal_sql(sql) != expected[(kind, name)]:
            return f"{kind} {name!r} was changed"
    have = {(o[0], o[1]) for o in found}
    missing = [f"{kind} {name!r}" for kind, name in expected if (kind, name) not in have and kind != "index"]
    if missing:
        return f"{missing[0]} is missing"
    return None


def is_read_only(path: Path) -> bool:
    """Whether a project file must be opened read-only.

    It is when the file or its folder has no write permission bit (honoured even
    for root, who may write anywhere: the user marked it read-only), when this
    user may not write the file or create files beside it (``access``, which also
    answers no for a read-only disk or an immutable file), or when the disk is
    mounted read-only. The file is not opened to find out: this runs while the
    project may be open in SQLite here (see :mod:`annotator.fileguard`).
    """
    try:
        if not path.stat().st_mode & 0o222 or not path.parent.stat().st_mode & 0o222:
            return True
    except OSError:
        return True
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)):
        return True
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): access() has answered
        return False


def validate(p: Path) -> int:
    """Refuse an existing file that is not a project of a version we read; returns its schema version."""
    problem = stale_wal_problem(p, read_only_connection)
    if problem:
        raise ProjectError(f"{p}: {problem}")
    found = _inspect(p)
    ours = [o for o in found.objects if o[2] != schema.migrations.migrations_table]
    if found.app_id != schema.APPLICATION_ID and (ours or found.app_id or found.version):
        raise ProjectError(f"{p}: an SQLite file, but not a corpus-annotator project")
    if found.version > schema.SCHEMA_VERSION:
        raise ProjectError(
            f"{p}: written by a newer corpus-annotator (schema {found.version}; this version reads "
            f"up to {schema.SCHEMA_VERSION}); upgrade corpus-annotator to open it")
    unknown = set(found.applied) - schema.known_migration_names()
    if unknown:
        raise ProjectError(f"{p}: has migrations this version does not know: {sorted(unknown)}")
    problem = schema_problem(found.objects, found.applied)
    if problem:
        raise ProjectError(f"{p}: its schema was changed by another program ({problem}); "
                           "corpus-annotator does not open it")
    return int(found.version)


_PROBLEMS = {
    8: "the project file has become read-only; the unfinished change was not saved",  # SQLITE_READONLY
    10: "the disk reported an error",  # SQLITE_IOERR
    11: "the project file is damaged; restore a backup",  # SQLITE_CORRUPT
    13: "the disk is full; the unfinished change was not saved",  # SQLITE_FULL
    14: "the project file cannot be opened any more",  # SQLITE_CANTOPEN
    26: "the project file is damaged; restore a backup",  # SQLITE_NOTADB
}


def storage_problem(exc: sqlite3.DatabaseError) -> str | None:
    """A user-facing reason for an SQLite error about the file itself, or None for any other error."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    problem = _PROBLEMS.get(code & 0xFF)
    if problem and code & 0xFF == 10:
        problem = f"{problem} ({exc})"
    return problem


class GuardedConnection(sqlite3.Connection):
    """A connection on which a damaged file, a full disk or an I/O error raise :class:`ProjectError`.

    Statements run (and SQLite reads the pages they need) in ``execute``; an
    error there about the file itself, not about the statement, becomes one
    line naming the file, which the CLI and the GUI show as it is. Other
    errors (constraints, SQL) stay ``sqlite3`` errors.
    """

    project_path: Path | None = None

    def _guard(self, exc: sqlite3.DatabaseError) -> BaseException:
        problem = storage_problem(exc)
        if problem is None:
            return exc
        return ProjectError(f"{self.project_path or 'project'}: {problem}")

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            err = self._guard(exc)
            if err is exc:
                raise
            raise err from exc

    def executemany(self, sql: str, parameters: Any, /) -> sqlite3.Cursor:
        try:
            return super().executemany(sql, parameters)
        except sqlite3.DatabaseError as exc:
            err = self._guard(exc)
            if err is exc:
                raise
            raise err from exc


def name_connection(conn: sqlite3.Connection, path: Path) -> None:
    """Tell a :class:`GuardedConnection` which file its messages name."""
    if isinstance(conn, GuardedConnection):
        conn.project_path = path
