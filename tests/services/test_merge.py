"""annotator merge: idempotent, no duplicates, conflicts refused, a failure leaves the target as it was."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.services import merge as merge_service
from annotator.services.merge import MergeConflict, merge_files
from annotator.store import merge_queries as mq
from annotator.store.project import open_project
from tests.services.review_builder import (
    ARTICLE_3,
    add_article,
    annotate_article_1,
    done,
    mark,
    new_project,
    pids,
)


def _dump(path: Path) -> str:
    with open_project(path, create=False) as p:
        return mq.dump(p)


def _count(path: Path, sql: str) -> int:
    with open_project(path, create=False) as p:
        return int(p.scalar(sql))


@pytest.fixture()
def review_copies(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A base project and two copies of it, one annotated by ana, one by budi."""
    base = tmp_path / "base.db"
    new_project(base).close()
    ana, budi = tmp_path / "ana.db", tmp_path / "budi.db"
    shutil.copy(base, ana)
    shutil.copy(base, budi)
    with open_project(ana) as p:
        annotate_article_1(p, "ana")
    with open_project(budi) as p:
        annotate_article_1(p, "budi", variant=1)
        add_article(p, "berita-3", ARTICLE_3)  # only in budi's copy
        (p3,) = pids(p, "berita-3")
        mark(p, p3, "budi", "GPE", "Desa Sukamaju")
        done(p, "budi", p3)
    return base, ana, budi


def test_merge_brings_everyone_in_without_duplicates(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    _base, ana, budi = review_copies
    target = tmp_path / "all.db"
    summary = merge_files(target, [ana, budi])
    assert summary.annotators_added == 2 and summary.articles_added == 3
    assert summary.annotations_added == 8 + 8 + 1 and summary.links_added == 6
    assert summary.statuses_added == 3 + 3 + 1
    with open_project(target, create=False) as t:
        names = [r[0] for r in t.conn.execute("SELECT name FROM annotators ORDER BY name")]
        assert names == ["ana", "budi"]
        assert t.scalar("SELECT count(*) FROM articles") == 3
        assert t.scalar("SELECT count(*) FROM annotations") == 17
        assert t.scalar("SELECT count(DISTINCT uid) FROM annotations") == 17
        # links were re-pointed at the copied annotations: every speaker is the same annotator's PERSON
        rows = t.conn.execute(
            "SELECT s.annotator_id = g.annotator_id, g.label FROM links l JOIN annotations s ON s.id = l.source_id "
            "JOIN annotations g ON g.id = l.target_id WHERE l.kind = 'speaker'").fetchall()
        assert rows == [(1, "PERSON"), (1, "PERSON")]
        # the source uids are kept
        with open_project(ana, create=False) as a:
            uids = {r[0] for r in a.conn.execute("SELECT uid FROM annotations")}
        assert uids <= {r[0] for r in t.conn.execute("SELECT uid FROM annotations")}
        assert t.scalar("SELECT count(*) FROM events WHERE action = 'merge'") == 1


def test_merging_again_changes_nothing(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    _base, ana, budi = review_copies
    target = tmp_path / "all.db"
    merge_files(target, [ana])
    after_one = _dump(target)
    again = merge_files(target, [ana])
    assert not again.changed and again.units_present == 3
    assert _dump(target) == after_one
    merge_files(target, [budi, ana, budi])  # a file named twice is fine too
    after_both = _dump(target)
    merge_files(target, [ana, budi])
    assert _dump(target) == after_both
    assert _count(target, "SELECT count(*) FROM annotations") == 17


def test_merge_into_an_existing_project_matches_articles_by_text(tmp_path: Path,
                                                                 review_copies: tuple[Path, Path, Path]) -> None:
    base, ana, _budi = review_copies
    # the target has the same articles under other ids, plus one of its own
    target = tmp_path / "main.db"
    with open_project(base, create=False) as b, open_project(target) as t:
        for ext_id, text in b.conn.execute("SELECT ext_id, text FROM articles ORDER BY id"):
            add_article(t, f"other-{ext_id}", text.split("\n"))
        add_article(t, "berita-3", ARTICLE_3)
    summary = merge_files(target, [ana])
    assert summary.articles_added == 0 and summary.annotations_added == 8
    with open_project(target, create=False) as t:
        assert t.scalar("SELECT count(*) FROM articles") == 3
        got = t.scalar("SELECT a.ext_id FROM annotations x JOIN paragraphs p ON p.id = x.paragraph_id "
                       "JOIN articles a ON a.id = p.article_id LIMIT 1")
        assert got == "other-berita-1"


def test_same_annotator_with_different_work_is_refused(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    base, ana, _budi = review_copies
    other = tmp_path / "ana-laptop.db"
    shutil.copy(base, other)
    with open_project(other) as p:
        annotate_article_1(p, "ana", variant=1)  # ana again, on the same paragraphs, differently
    target = tmp_path / "all.db"
    with pytest.raises(MergeConflict) as err:
        merge_files(target, [ana, other])
    assert "ana on article 'berita-1'" in str(err.value) and "different work" in str(err.value)
    assert len(err.value.conflicts) == 3  # three paragraphs
    assert not target.exists()  # created for the merge, removed again

    merge_files(target, [ana])
    before = _dump(target)
    with pytest.raises(MergeConflict):
        merge_files(target, [other])  # against the target's copy of ana's work
    assert _dump(target) == before


def test_article_with_same_id_and_other_text_is_refused(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    _base, ana, _budi = review_copies
    target = tmp_path / "main.db"
    with open_project(target) as t:
        add_article(t, "berita-1", ["Sebuah teks lain dengan id yang sama."])
    before = _dump(target)
    with pytest.raises(MergeConflict, match="'berita-1' has a different text"):
        merge_files(target, [ana])
    assert _dump(target) == before


def test_a_failure_while_writing_leaves_the_target_unchanged(tmp_path: Path, review_copies: tuple[Path, Path, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _base, ana, budi = review_copies
    target = tmp_path / "all.db"
    merge_files(target, [ana])
    before_dump = _dump(target)
    before_bytes = target.read_bytes()
    calls = {"n": 0}
    real = mq.insert_link

    def failing(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # after annotations, articles and one link went in
            raise sqlite3.OperationalError("disk I/O error")
        real(*args, **kwargs)

    monkeypatch.setattr(mq, "insert_link", failing)
    with pytest.raises(sqlite3.OperationalError):
        merge_files(target, [budi])
    assert calls["n"] == 2
    assert _dump(target) == before_dump
    assert target.read_bytes() == before_bytes


def test_failure_on_a_new_target_removes_it(tmp_path: Path, review_copies: tuple[Path, Path, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _base, ana, _budi = review_copies
    target = tmp_path / "new.db"

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(merge_service, "_write_units", boom)
    with pytest.raises(RuntimeError):
        merge_files(target, [ana])
    assert not target.exists()


def test_bad_sources_are_refused_before_anything_is_written(tmp_path: Path,
                                                            review_copies: tuple[Path, Path, Path]) -> None:
    _base, ana, _budi = review_copies
    target = tmp_path / "t.db"
    with pytest.raises(merge_service.ProjectError, match="no such project file"):
        merge_files(target, [ana, tmp_path / "missing.db"])
    assert not target.exists()
    (tmp_path / "notes.db").write_text("not a project")
    with pytest.raises(merge_service.ProjectError, match="not a project file"):
        merge_files(target, [tmp_path / "notes.db"])
    with pytest.raises(merge_service.ProjectError, match="is the merge target"):
        merge_files(ana, [ana])


def test_reviewer_flag_and_labels_travel(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    _base, ana, _budi = review_copies
    with open_project(ana) as p:
        p.conn.execute("INSERT INTO annotators (name, is_reviewer, created_at) VALUES ('rev', 1, 'x')")
        p.conn.execute("INSERT INTO labels (name, position, definition) VALUES ('LAW', 99, ?)",
                       (json.dumps({"name": "LAW", "layer": "entity"}),))
    target = tmp_path / "main.db"
    new_project(target, {}).close()
    summary = merge_files(target, [ana])
    assert summary.labels_added == 1
    with open_project(target, create=False) as t:
        assert t.scalar("SELECT is_reviewer FROM annotators WHERE name = 'rev'") == 1
        assert t.scalar("SELECT position FROM labels WHERE name = 'LAW'") == 9


def test_cli_merge(tmp_path: Path, review_copies: tuple[Path, Path, Path]) -> None:
    base, ana, budi = review_copies
    runner = CliRunner()
    target = tmp_path / "cli.db"
    res = runner.invoke(main, ["merge", str(target), str(ana), str(budi)])
    assert res.exit_code == 0, res.output
    assert "17 annotation(s)" in res.output
    other = tmp_path / "ana2.db"
    shutil.copy(base, other)
    with open_project(other) as p:
        annotate_article_1(p, "ana", variant=1)
    res = runner.invoke(main, ["merge", str(target), str(other)])
    assert res.exit_code == 1
    assert res.output.startswith("error: nothing merged, 3 conflict(s)") and res.output.count("\n") == 1
