"""The project file: creation, round trip, pragmas, and refusing files that are not projects."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import ArticleIn
from annotator.core.paragraphs import BLOCK_MODE, LINE_MODE, split_paragraphs
from annotator.errors import ProjectError
from annotator.store import articles as store
from annotator.store import schema
from annotator.store.labels_store import default_schema, load_schema
from annotator.store.project import Project, open_project

TEXT = ("Judul: Menteri bertemu mitra 🇮🇩\r\n02:26\r\n\r\n  “Kami siap,” katanya e\u0301\u200f.  \r\n"
        "Baris\u2028dengan pemisah\tdan tab 👍🏽\r\n\ufeffakhir")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _assert_refused(path: Path, fragment: str = "") -> None:
    before, names = _sha(path), _siblings(path)
    with pytest.raises(ProjectError) as info:
        open_project(path)
    msg = str(info.value)
    assert "\n" not in msg
    assert str(path) in msg
    assert fragment in msg
    assert _sha(path) == before
    assert _siblings(path) == names  # no -wal or -shm left behind


def _insert(project: Project, text: str = TEXT, ext_id: str = "a1") -> int:
    mode, spans = split_paragraphs(text, LINE_MODE)
    art = ArticleIn(ext_id=ext_id, text=text, title="Judul", source="s.txt", url="https://x.test/a",
                    lang="id", meta={"k": ["v", 1], "emoji": "😀"})
    with project.write():
        return store.insert_article(project, art, ext_id, store.content_hash(text), mode, spans,
                                    [None] * len(spans))


def test_new_project_has_schema_and_marks(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as p:
        tables = {r[0] for r in p.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"articles", "paragraphs", "annotators", "annotations", "links", "paragraph_status",
                "labels", "events", "meta"} <= tables
        assert p.scalar("PRAGMA application_id") == schema.APPLICATION_ID
        assert p.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION
        assert load_schema(p) == default_schema()
        assert p.scalar("SELECT count(*) FROM labels") == len(default_schema().labels)
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_pragmas(project: Project) -> None:
    assert project.scalar("PRAGMA journal_mode") == "wal"
    assert project.scalar("PRAGMA foreign_keys") == 1
    assert project.scalar("PRAGMA trusted_schema") == 0
    assert project.scalar("PRAGMA busy_timeout") > 0


def test_article_round_trip_keeps_text_and_offsets_exact(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    mode, spans = split_paragraphs(TEXT, LINE_MODE)
    assert len(spans) == 5
    with open_project(path) as p:
        art_id = _insert(p)
    with open_project(path) as p:
        row = store.get_article(p, art_id)
        assert row is not None
        assert row.text == TEXT
        assert (row.ext_id, row.title, row.lang, row.url, row.source) == ("a1", "Judul", "id", "https://x.test/a", "s.txt")
        assert row.meta == {"k": ["v", 1], "emoji": "😀"}
        assert row.split_mode == mode
        pars = store.paragraphs(p, art_id)
        assert [(q.start, q.end) for q in pars] == [(s.start, s.end) for s in spans]
        assert [q.text for q in pars] == [TEXT[s.start : s.end] for s in spans]
        assert [q.idx for q in pars] == list(range(len(spans)))
        one = store.get_paragraph(p, pars[2].id)
        assert one == pars[2]
        assert store.taken(p, ["a1", "other"], [store.content_hash(TEXT), "0" * 64]) == (
            {"a1"}, {store.content_hash(TEXT)})
        assert store.free_ext_id(p, "a1", "f" * 64) == "a1-ffffffffff"
        assert store.free_ext_id(p, "other", "f" * 64) == "other"
        assert store.article_count(p) == 1
        assert store.get_article(p, art_id + 100) is None


def test_foreign_keys_are_enforced(project: Project) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        with project.write():
            project.conn.execute('INSERT INTO paragraphs (article_id, idx, start, "end") VALUES (999, 0, 0, 1)')


def test_write_commits_before_returning_and_rolls_back_on_error(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as p:
        p.set_meta("k", "v1")
        other = sqlite3.connect(path)
        try:
            assert other.execute("SELECT value FROM meta WHERE key='k'").fetchone() == ("v1",)
            with pytest.raises(RuntimeError):
                with p.write():
                    p.conn.execute("UPDATE meta SET value='v2' WHERE key='k'")
                    raise RuntimeError("boom")
            assert p.get_meta("k") == "v1"
            assert other.execute("SELECT value FROM meta WHERE key='k'").fetchone() == ("v1",)
        finally:
            other.close()


def test_event_log_is_append_only(project: Project) -> None:
    with project.write():
        project.log_event("test", "ana", {"x": 1})
    with pytest.raises(sqlite3.DatabaseError):
        with project.write():
            project.conn.execute("UPDATE events SET action='changed'")
    with pytest.raises(sqlite3.DatabaseError):
        with project.write():
            project.conn.execute("DELETE FROM events")
    assert project.scalar("SELECT count(*) FROM events WHERE action='test'") == 1


def test_newer_project_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as p:
        _insert(p)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    assert not Path(f"{path}-wal").exists()
    _assert_refused(path, "newer")
    assert not Path(f"{path}-wal").exists()
    assert not Path(f"{path}-shm").exists()


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("Ini catatan biasa, bukan basis data.\n" * 10, encoding="utf-8")
    _assert_refused(path, "not")


@pytest.mark.parametrize("size", [1, 50, 100, 5000])
def test_random_bytes_are_refused(tmp_path: Path, size: int) -> None:
    path = tmp_path / "r.db"
    path.write_bytes(os.urandom(size))
    _assert_refused(path)


def test_damaged_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    _assert_refused(path)


@pytest.mark.parametrize("statements", [
    ("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)", "INSERT INTO customers (name) VALUES ('Budi')"),
    ("PRAGMA application_id = 1234", "PRAGMA user_version = 3"),  # another program's file, no tables yet
], ids=["other-database", "other-application"])
def test_other_sqlite_file_is_refused(tmp_path: Path, statements: tuple[str, ...]) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    _assert_refused(path, "not a corpus-annotator project")


def test_empty_file_is_a_new_project(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.touch()
    with open_project(path) as p:
        assert p.scalar("SELECT count(*) FROM articles") == 0
        assert p.scalar("PRAGMA user_version") == schema.SCHEMA_VERSION


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="folder"):
        open_project(tmp_path)


def test_missing_parent_folder_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "p.db"
    with pytest.raises(ProjectError) as info:
        open_project(path)
    assert "\n" not in str(info.value)
    assert not (tmp_path / "no").exists()


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no such project"):
        open_project(tmp_path / "p.db", create=False)
    assert not (tmp_path / "p.db").exists()


def test_reopening_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as p:
        _insert(p, ext_id="a1")
        _insert(p, "Teks lain sama sekali.", ext_id="a2")
    with open_project(path) as p:
        assert store.article_count(p) == 2
    assert not Path(f"{path}-wal").exists()


_PIECES = st.sampled_from(["\r\n", "\n\n", "😀", "🇮🇩", "e\u0301", "\u200f", "\u2028", "\t", "\x0b", "ß", "İ"])
_TEXT = st.lists(st.one_of(_PIECES, st.text(alphabet=st.characters(exclude_categories=("Cs",),
                                                                    exclude_characters="\x00"), max_size=5)),
                 max_size=20).map("".join).filter(lambda t: t.strip() != "")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXT, st.sampled_from([LINE_MODE, BLOCK_MODE]))
def test_stored_paragraphs_are_slices_of_the_stored_text(project: Project, text: str, mode: str) -> None:
    """SQLite cuts paragraphs by code points exactly as Python slices do."""
    _, spans = split_paragraphs(text, mode)
    ext_id = f"h{project.scalar('SELECT count(*) FROM articles')}"
    art = ArticleIn(ext_id=ext_id, text=text)
    with project.write():
        art_id = store.insert_article(project, art, ext_id, store.content_hash(text), mode, spans, [None] * len(spans))
    row = store.get_article(project, art_id)
    assert row is not None and row.text == text
    assert [q.text for q in store.paragraphs(project, art_id)] == [text[s.start : s.end] for s in spans]


def test_a_write_waits_for_another_writer_and_then_gives_up_in_one_line(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.store import filecheck
    from annotator.store import project as project_module

    for module in (filecheck, project_module):  # SQLite's own wait, and the retries around it
        monkeypatch.setattr(module, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.db"
    with open_project(path) as p, open_project(path) as other:
        other.conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(ProjectError, match=r"another program was writing \(for 0 s\); nothing was changed; run it again"):
            p.set_meta("k", "v")
        other.conn.execute("ROLLBACK")
        p.set_meta("k", "v")  # the lock is gone: the same write goes through
        assert other.get_meta("k") == "v"
