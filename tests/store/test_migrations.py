"""Forward migrations through sqlite-utils: recorded, applied once, refused when unknown."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.errors import ProjectError
from annotator.store import schema
from annotator.store.project import open_project


def _applied(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY rowid").fetchall()
    finally:
        conn.close()


def test_migrations_are_recorded(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_project(path).close()
    applied = _applied(path)
    assert applied == [("corpus-annotator", name) for name in
                       [m.name for m in schema.migrations._migrations]]
    assert ("corpus-annotator", "m001_initial") in applied
    assert ("corpus-annotator", "m002_rejections") in applied


def test_a_version_1_project_gets_the_rejections_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    v1 = Migrations("corpus-annotator")
    v1()(schema.m001_initial)
    monkeypatch.setattr(schema, "migrations", v1)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    open_project(path).close()
    monkeypatch.undo()
    with pytest.raises(ProjectError, match="migrate"):
        open_project(path, upgrade=False)
    with open_project(path) as p:
        assert p.scalar("PRAGMA user_version") == 2
        assert p.scalar("SELECT count(*) FROM rejections") == 0


def test_latest_migration_sets_the_schema_version(tmp_path: Path) -> None:
    with open_project(tmp_path / "p.db") as p:
        assert p.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert p.scalar("PRAGMA application_id") == schema.APPLICATION_ID


def test_reopening_applies_nothing_again(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_project(path).close()
    first = _applied(path)
    open_project(path).close()
    open_project(path, upgrade=True).close()
    assert _applied(path) == first


def test_older_project_needs_migrate_when_upgrade_is_off(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(ProjectError, match="migrate"):
        open_project(path, upgrade=False)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    with open_project(path, upgrade=True) as p:
        assert p.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert p.scalar("SELECT count(*) FROM labels") > 0


def test_unknown_applied_migration_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_project(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('corpus-annotator', 'm999_from_the_future', '2030-01-01')")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectError, match="m999_from_the_future") as info:
        open_project(path)
    assert "\n" not in str(info.value)
    assert not Path(f"{path}-wal").exists()  # the connection was closed


def test_a_failing_migration_leaves_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.db"
    open_project(path).close()

    real = [m.name for m in schema.migrations._migrations]
    broken = Migrations("corpus-annotator")
    for m in schema.migrations._migrations:
        broken()(m.fn)
    nxt = schema.SCHEMA_VERSION + 1

    @broken()
    def m999_broken(db: Database) -> None:
        db.conn.execute("CREATE TABLE half_done (x)")
        db.conn.execute(f"PRAGMA user_version = {nxt}")
        db.conn.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(schema, "migrations", broken)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", nxt)
    with pytest.raises(ProjectError) as info:
        open_project(path)
    assert "\n" not in str(info.value)
    monkeypatch.undo()
    with open_project(path) as p:
        assert p.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert p.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'") == 0
    assert [n for _, n in _applied(path)] == real
