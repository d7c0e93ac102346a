"""The command line: help and version everywhere, stats --json, and clean failures on bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator import __version__
from annotator.cli import main
from annotator.store.project import open_project
from tests.samples import Sample, samples
from tests.importing.test_articles import BAD_NAMES, LINES, _bad_inputs, _jsonl, _write, dump

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _python(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60)


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    """A project that already holds one article."""
    path = tmp_path / "p.db"
    result = _run("import", path, _write(tmp_path / "old.txt", "Artikel lama yang sudah ada.\n"))
    assert result.exit_code == 0, result.output
    return path


def test_group_help_lists_every_command() -> None:
    result = _run("--help")
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output
    assert {"import", "stats", "gui", "demo", "migrate"} <= set(main.commands)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name: str) -> None:
    result = _run(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert name in result.output
    assert "Traceback" not in result.output


def test_version() -> None:
    result = _run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_python_dash_m_version(tmp_path: Path) -> None:
    proc = _python("--version", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert __version__ in proc.stdout


def test_stats_json(db: Path, tmp_path: Path) -> None:
    _run("import", db, _write(tmp_path / "new.txt", "\n".join(LINES)))
    result = _run("stats", db, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("articles", "paragraphs", "annotations"):
        assert type(data[key]) is int
    assert (data["articles"], data["paragraphs"], data["annotations"]) == (2, 1 + len(LINES), 0)


def test_stats_text(db: Path) -> None:
    result = _run("stats", db)
    assert result.exit_code == 0
    assert "articles" in result.stdout and "1" in result.stdout


def test_stats_of_missing_project_fails_cleanly(tmp_path: Path) -> None:
    result = _run("stats", tmp_path / "none.db")
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_import_prints_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    result = _run("import", path, _write(tmp_path / "a.txt", "\n".join(LINES)), "--annotator", "ana")
    assert result.exit_code == 0, result.output
    assert "1 article(s), 7 paragraph(s)" in result.stderr
    assert "2 boilerplate" in result.stderr
    assert "line mode" in result.stderr
    again = _run("import", path, tmp_path / "a.txt")
    assert again.exit_code == 0
    assert "0 article(s)" in again.stderr and "1 duplicate(s)" in again.stderr


def test_import_with_encoding(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    src = _write(tmp_path / "latin.txt", "Caf\u00e9 baru dibuka.\n", "latin-1")
    assert _run("import", path, src).exit_code != 0
    result = _run("import", path, src, "--encoding", "latin-1")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT text FROM articles WHERE ext_id='latin'").fetchone() == ("Caf\u00e9 baru dibuka.\n",)
    conn.close()


@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13"])
def test_import_with_a_bad_encoding_fails_cleanly(db: Path, tmp_path: Path, encoding: str) -> None:
    src = _write(tmp_path / "a.txt", "Satu.\n")
    before = dump(db)
    result = _run("import", db, src, "--encoding", encoding)
    _assert_clean_failure(result.stderr, result.exit_code, src, None)
    assert dump(db) == before


def _assert_clean_failure(stderr: str, exit_code: int, bad: Path, line: int | None) -> None:
    assert exit_code != 0
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert str(bad) in lines[0]
    if line is not None:
        assert f"{bad}:{line}:" in lines[0]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_input_fails_cleanly(db: Path, tmp_path: Path, name: str) -> None:
    good = _write(tmp_path / "good.txt", "\n".join(LINES))
    bad, line = _bad_inputs(tmp_path / "in")[name]
    before = dump(db)
    result = _run("import", db, good, bad)
    _assert_clean_failure(result.stderr, result.exit_code, bad, line)
    assert result.stdout == ""
    assert dump(db) == before


def test_bad_folder_content_fails_cleanly(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    _write(folder / "a.txt", "\n".join(LINES))
    _jsonl(folder / "b" / "c.jsonl", [{"id": "1", "text": "baik"}, {"id": "2", "text": "baik", "meta": "x"}])
    before = dump(db)
    result = _run("import", db, folder)
    _assert_clean_failure(result.stderr, result.exit_code, folder / "b" / "c.jsonl", 2)
    assert dump(db) == before


@pytest.mark.parametrize("name", ["binary", "malformed-jsonl", "surrogate"])
def test_bad_input_in_a_real_process(db: Path, tmp_path: Path, name: str) -> None:
    bad, line = _bad_inputs(tmp_path / "in")[name]
    good = _write(tmp_path / "good.txt", "\n".join(LINES))
    before = dump(db)
    proc = _python("import", db, good, bad, cwd=tmp_path)
    _assert_clean_failure(proc.stderr, proc.returncode, bad, line)
    assert dump(db) == before


def test_skip_bad_lists_the_bad_lines(db: Path, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "mixed.jsonl", [
        {"id": "1", "text": "Baris pertama yang baik."},
        {"id": ["x"], "text": "salah"},
        {"id": "3", "text": "Baris ketiga yang baik."},
        "{oops",
    ])
    result = _run("import", db, src, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "2 article(s)" in result.stderr
    assert f"{src}:2:" in result.stderr and f"{src}:4:" in result.stderr
    assert "Traceback" not in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone() == (3,)
    conn.close()


def test_project_that_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    path.write_text("bukan proyek\n" * 20, encoding="utf-8")
    before = path.read_bytes()
    result = _run("import", path, _write(tmp_path / "a.txt", "Satu."))
    _assert_clean_failure(result.stderr, result.exit_code, path, None)
    assert path.read_bytes() == before


def test_newer_project_via_cli(db: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    for args in (("stats", db), ("migrate", db), ("import", db, _write(tmp_path / "a.txt", "Satu."))):
        result = _run(*args)
        _assert_clean_failure(result.stderr, result.exit_code, db, None)
        assert "newer" in result.stderr
    assert db.read_bytes() == before
    assert not Path(f"{db}-wal").exists()


def test_migrate_up_to_date(db: Path) -> None:
    result = _run("migrate", db)
    assert result.exit_code == 0
    assert "up to date" in result.stderr


def test_failed_import_does_not_create_a_new_project(tmp_path: Path) -> None:
    bad = _write(tmp_path / "blank.txt", "  \n")
    result = _run("import", tmp_path / "new.db", bad)
    assert result.exit_code != 0
    assert not (tmp_path / "new.db").exists()


@pytest.mark.parametrize("sample", samples())
def test_scraped_article_via_cli(tmp_path: Path, sample: Sample) -> None:
    path = tmp_path / "p.db"
    result = _run("import", path, sample.path)
    assert result.exit_code == 0, result.output
    assert f"1 article(s), {sample.paragraphs} paragraph(s)" in result.stderr
    stats = json.loads(_run("stats", path, "--json").stdout)
    assert (stats["articles"], stats["paragraphs"]) == (1, sample.paragraphs)
    again = _run("import", path, sample.path)
    assert again.exit_code == 0 and "0 article(s)" in again.stderr
    assert json.loads(_run("stats", path, "--json").stdout)["paragraphs"] == sample.paragraphs


def test_an_unexpected_error_is_one_line_without_traceback(tmp_path: Path, monkeypatch) -> None:
    import annotator.services.stats as stats_service

    def boom(_project):
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(stats_service, "project_stats", boom)
    db = tmp_path / "p.db"
    open_project(db).close()
    result = CliRunner().invoke(main, ["stats", str(db)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "RuntimeError: something broke" in lines[0]
    assert "Traceback" not in result.output


def test_damage_found_while_reading_is_one_line(tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    import annotator.services.stats as stats_service

    def damaged(_project):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(stats_service, "project_stats", damaged)
    db = tmp_path / "p.db"
    open_project(db).close()
    result = CliRunner().invoke(main, ["stats", str(db)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: the project file is damaged or unreadable (database disk image is malformed)"


@pytest.mark.parametrize(("exc", "says"), [
    (sqlite3.IntegrityError("UNIQUE constraint failed: paragraph_status.paragraph_id"), "another program was writing"),
    (sqlite3.OperationalError("database is locked"), "another program was writing"),
    (sqlite3.DatabaseError("database disk image is malformed"), "damaged or unreadable"),
])
def test_a_race_is_not_reported_as_damage(db: Path, monkeypatch: pytest.MonkeyPatch, exc: Exception,
                                          says: str) -> None:
    from annotator.services import stats

    def fail(_project: object) -> None:
        raise exc

    monkeypatch.setattr(stats, "project_stats", fail)
    result = _run("stats", db)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and says in result.output, result.output
    if "another program" in says:
        assert "nothing was changed; run it again" in result.output and "damaged" not in result.output
