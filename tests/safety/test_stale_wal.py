"""A ``-wal`` left by a killed program is applied when the project opens (nothing acknowledged is lost),
but never to a file it does not belong to: after a backup is copied over the project, it is refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from annotator.store.project import open_project
from tests.safety.helpers import assert_one_line_error, cli, driver, kill, make_project, parse, read_lines, sha256


def _killed_session(project: Path, lines: int) -> int:
    proc = driver(project, "--annotator", "ana", "--seed", "7")
    got = read_lines(proc, lines)
    rest, _ = kill(proc)
    acked, _, _ = parse("".join(got) + rest)
    return len(acked)


def test_a_stale_journal_is_not_applied_to_a_restored_backup(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.db", articles=30)
    assert cli("backup", project, tmp_path / "backup.db").returncode == 0
    assert _killed_session(project, 3000) > 1000
    wal = Path(f"{project}-wal")
    assert wal.stat().st_size > 100_000  # the killed session's last commits, not yet in the file
    shutil.copyfile(tmp_path / "backup.db", project)  # the restore a "damaged" message advises
    digest = sha256(project)
    plain = tmp_path / "x.txt"
    plain.write_text("Judul\nIsi berita pertama.\n", encoding="utf-8")
    for args in (("stats", project), ("import", project, plain), ("export", project, tmp_path / "o.jsonl")):
        line = assert_one_line_error(cli(*args), "p.db-wal does not belong to it", "move p.db-wal and p.db-shm aside")
        assert "Traceback" not in line
    assert sha256(project) == digest  # nothing committed into it, nothing checkpointed into it
    conn = sqlite3.connect(f"{project.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    for suffix in ("-wal", "-shm"):  # what the message says to do
        Path(f"{project}{suffix}").rename(tmp_path / f"aside{suffix}")
    done = cli("import", project, plain)
    assert done.returncode == 0, done.stderr
    with open_project(project, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"


def test_the_journal_of_a_killed_session_is_still_applied(tmp_path: Path) -> None:
    """The check must not refuse a project's own journal: kill, reopen, every acknowledged action is there."""
    project = make_project(tmp_path / "p.db", articles=30)
    acked = _killed_session(project, 2000)
    assert Path(f"{project}-wal").stat().st_size > 100_000
    done = cli("stats", project)
    assert done.returncode == 0, done.stderr
    with open_project(project, create=False) as p:
        assert p.scalar("SELECT count(*) FROM events") >= acked
