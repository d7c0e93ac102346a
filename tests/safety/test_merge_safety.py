"""Merge under pressure: label schemas that clash, other programs writing, kills (issue 13, items 4-8).

- The merged label schema always loads (a key or colour clash is resolved by the rule in
  ``annotator/core/label_merge.py``; a label on another layer is refused with the list).
- The target is read, checked and written in one ``BEGIN IMMEDIATE``: work another program commits
  during a merge is never mixed into merged units, and a race is never reported as damage.
- Each source is read at one moment, even while a session writes it.
- ``merge`` into a new target killed at random moments leaves no file or the complete one, and the
  next run succeeds and removes what the killed one left.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.labels import Label, LabelSchema
from annotator.services import annotate
from annotator.services import merge as merge_service
from annotator.importing import import_paths
from annotator.services.merge import MergeConflict, merge_files
from annotator.store import merge_queries as mq
from annotator.store.labels_store import load_schema, save_schema
from annotator.store.project import Project, open_project
from tests.safety.helpers import (
    State,
    cli,
    cli_popen,
    driver,
    dump,
    kill,
    make_project,
    parse,
    write_articles,
)

MERGES_WHILE_WRITTEN = 20
RACE = "another program was writing; nothing was changed; run it again"
TOPIC = Label("TOPIC", "entity", "6", "#e9c46a", "What the article is about.")  # ROLE's key and colour


# -- helpers ---------------------------------------------------------------------------------------------------

def _copy(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)  # closed projects: no -wal beside them
    return dst


def _set_labels(path: Path, edit: Callable[[list[Label]], list[Label]]) -> None:
    with open_project(path, create=False) as p:
        save_schema(p, LabelSchema(tuple(edit(list(load_schema(p).labels)))))


def _topic_instead_of_role(labels: list[Label]) -> list[Label]:
    return [TOPIC if lab.name == "ROLE" else lab for lab in labels]


def _pars(p: Project) -> list[int]:
    return [r[0] for r in p.conn.execute("SELECT id FROM paragraphs ORDER BY id")]


def _annotate(path: Path, who: str, labels: tuple[str, ...] = ("PERSON", "QUOTE"), first: int = 0) -> None:
    """Some work of ``who``: annotations, a speaker link, a status, on two paragraphs."""
    with open_project(path, create=False) as p:
        pars = _pars(p)[first:first + 2]
        ids = [annotate.add_annotation(p, par, who, label, 0, 5).id for par in pars for label in labels]
        if "QUOTE" in labels and "PERSON" in labels:
            annotate.link(p, ids[1], "speaker", who, target_id=ids[0])
        for par in pars:
            annotate.set_status(p, par, who, "done")


def _work(path: Path, who: str) -> tuple[frozenset[Any], frozenset[Any], frozenset[Any]]:
    """One annotator's work in a file, by uid and article text position (comparable across files)."""
    with open_project(path, create=False) as p:
        return _work_of(p, who)


def _work_of(p: Project, who: str) -> tuple[frozenset[Any], frozenset[Any], frozenset[Any]]:
    q = p.conn.execute
    anns = frozenset(q('SELECT a.uid, r.ext_id, g.idx, a.label, a.start, a."end", a.attrs FROM annotations a '
                       "JOIN annotators n ON n.id = a.annotator_id JOIN paragraphs g ON g.id = a.paragraph_id "
                       "JOIN articles r ON r.id = g.article_id WHERE n.name = ?", (who,)))
    links = frozenset(q("SELECT s.uid, l.kind, t.uid, l.special FROM links l JOIN annotations s ON s.id = l.source_id "
                        "LEFT JOIN annotations t ON t.id = l.target_id JOIN annotators n ON n.id = s.annotator_id "
                        "WHERE n.name = ?", (who,)))
    statuses = frozenset(q("SELECT r.ext_id, g.idx, s.status FROM paragraph_status s "
                           "JOIN annotators n ON n.id = s.annotator_id JOIN paragraphs g ON g.id = s.paragraph_id "
                           "JOIN articles r ON r.id = g.article_id WHERE n.name = ? AND s.status != 'todo'", (who,)))
    return anns, links, statuses


def _table_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with open_project(path, create=False) as p:
        return dump(p.conn)


def _schema_loads(path: Path) -> LabelSchema:
    with open_project(path, create=False) as p:
        return load_schema(p)  # raises SchemaError for a schema the tool cannot use


@pytest.fixture()
def base(tmp_path: Path) -> Path:
    return make_project(tmp_path / "base.db", articles=4, paragraphs=3)


# -- 4: the merged label schema always loads -------------------------------------------------------------------

def test_a_source_with_another_label_on_a_taken_key_merges_into_a_schema_that_loads(tmp_path: Path,
                                                                                    base: Path) -> None:
    target = _copy(base, tmp_path / "team.db")
    src = _copy(base, tmp_path / "ana.db")
    _set_labels(src, _topic_instead_of_role)
    _annotate(src, "ana", ("TOPIC", "QUOTE"))
    summary = merge_files(target, [src])
    schema = _schema_loads(target)
    assert schema.get("ROLE").key == "6" and schema.get("TOPIC").key == ""  # the target keeps its key
    assert schema.get("TOPIC").color != schema.get("ROLE").color  # same layer, same colour: recoloured
    assert any("TOPIC" in n and "without its key" in n for n in summary.label_notes)
    assert any("TOPIC" in n for n in summary.lines())
    # everything that failed with "key used by two labels" works
    with open_project(target, create=False) as p:
        (par,) = _pars(p)[:1]
        annotate.add_annotation(p, par, "cita", "TOPIC", 6, 9)
    res = cli("export", target, tmp_path / "out.jsonl", "--format", "bio", "--annotator", "ana", "--status", "any")
    assert res.returncode == 0, res.stderr
    again = merge_files(target, [src])  # nothing new, nothing changed
    assert not again.changed and not again.label_notes


def test_two_sources_with_different_schemas_into_a_new_target(tmp_path: Path, base: Path) -> None:
    ana, budi = _copy(base, tmp_path / "ana.db"), _copy(base, tmp_path / "budi.db")
    _set_labels(budi, _topic_instead_of_role)
    _annotate(ana, "ana", ("ROLE", "QUOTE"))
    _annotate(budi, "budi", ("TOPIC", "QUOTE"), first=2)
    target = tmp_path / "team.db"
    merge_files(target, [ana, budi])
    schema = _schema_loads(target)
    assert schema.get("ROLE").key == "6" and "TOPIC" in schema and schema.by_key("6") == schema.get("ROLE")
    res = cli("export", target, tmp_path / "out.jsonl", "--format", "bio", "--annotator", "budi", "--status", "any")
    assert res.returncode == 0, res.stderr


def test_an_empty_target_left_by_a_killed_merge_is_taken_as_new(tmp_path: Path, base: Path) -> None:
    """What a killed merge of the old version left: an empty project with the default labels."""
    src = _copy(base, tmp_path / "ana.db")
    _set_labels(src, _topic_instead_of_role)
    _annotate(src, "ana", ("TOPIC", "QUOTE"))
    target = tmp_path / "team.db"
    open_project(target).close()
    merge_files(target, [src])
    schema = _schema_loads(target)
    assert schema == _schema_loads(src)  # the source's labels, as a new target gets them
    assert schema.get("TOPIC").key == "6" and "ROLE" not in schema


def test_a_target_whose_labels_already_share_a_key_is_mended(tmp_path: Path, base: Path) -> None:
    """A target written by the old merge (TOPIC and ROLE on key 6) loads again after the next merge."""
    target = _copy(base, tmp_path / "team.db")
    with open_project(target, create=False) as p, p.write():
        mq.add_label(p, "TOPIC", json.dumps(TOPIC.to_dict()))
    src = _copy(base, tmp_path / "ana.db")
    _annotate(src, "ana")
    merge_files(target, [src])
    schema = _schema_loads(target)
    assert schema.get("ROLE").key == "6" and schema.get("TOPIC").key == ""


def test_a_label_on_another_layer_is_refused_with_the_list(tmp_path: Path, base: Path) -> None:
    target = _copy(base, tmp_path / "team.db")
    src = _copy(base, tmp_path / "ana.db")
    _set_labels(src, lambda labels: [Label("ROLE", "claim", "r", "#123456") if lab.name == "ROLE" else lab
                                      for lab in labels])
    _annotate(src, "ana", ("ROLE", "QUOTE"))
    before = _table_dump(target)
    with pytest.raises(MergeConflict, match="label ROLE is on layer claim in .*ana.db but on layer entity"):
        merge_files(target, [src])
    assert _table_dump(target) == before
    res = CliRunner().invoke(main, ["merge", str(tmp_path / "new.db"), str(base), str(src)])
    assert res.exit_code == 1 and res.output.count("\n") == 1 and "label ROLE is on layer claim" in res.output
    assert not (tmp_path / "new.db").exists()


# -- 5 and 8: the plan is made inside the write transaction ----------------------------------------------------

@contextmanager
def _racing_writer(monkeypatch: pytest.MonkeyPatch, target: Path,
                   write: Callable[[Project], None]) -> Iterator[dict[str, bool]]:
    """Another program writes ``target`` right after the merge has read it (the moment of the old race).

    It tries once, without waiting: it either commits (the merge's plan is then out of date) or finds the
    target locked by the merge (and would save after the merge, as the window does)."""
    real = mq.read_project
    seen = {"raced": False, "blocked": False}

    def read_then_race(project: Project, *args: Any, **kwargs: Any) -> mq.ProjectData:
        data = real(project, *args, **kwargs)
        if not seen["raced"] and not seen["blocked"] and project.path == target:
            with open_project(target, create=False) as other:
                other.conn.execute("PRAGMA busy_timeout = 0")
                try:
                    other.conn.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    assert "locked" in str(exc)
                    seen["blocked"] = True
                    return data
                other.conn.execute("ROLLBACK")
                write(other)
                seen["raced"] = True
        return data

    monkeypatch.setattr(mq, "read_project", read_then_race)
    yield seen


def test_work_committed_during_a_merge_is_never_mixed_into_merged_units(tmp_path: Path, base: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A window committing three actions as ana while ana's work is merged in: either the merge sees them
    (a conflict, nothing merged) or they wait for the merge; never ana's merged units with them mixed in."""
    target = _copy(base, tmp_path / "team.db")
    src = _copy(base, tmp_path / "ana.db")
    _annotate(src, "ana")

    def window(p: Project) -> None:
        par = _pars(p)[0]
        for start in (6, 12, 18):
            annotate.add_annotation(p, par, "ana", "GPE", start, start + 3)

    with _racing_writer(monkeypatch, target, window) as seen:
        try:
            merge_files(target, [src])
            merged = True
        except MergeConflict:
            merged = False
    assert seen["raced"] or seen["blocked"]
    if merged:  # the window's actions were held back: ana's work in the target is exactly the source's
        assert _work(target, "ana") == _work(src, "ana")
    else:  # the conflict check saw them: nothing of the source went in
        assert not _work(target, "ana")[2]


@pytest.mark.parametrize("race", ["status", "import"])
def test_a_merge_racing_a_writer_never_says_damaged(tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch,
                                                    race: str) -> None:
    target = _copy(base, tmp_path / "team.db")
    src = _copy(base, tmp_path / "ana.db")
    extra = write_articles(tmp_path / "extra", 1, 2, prefix="extra")
    with open_project(src, create=False) as p:
        import_paths(p, extra)  # an article only the source has
    _annotate(src, "ana")

    def writer(p: Project) -> None:
        if race == "status":
            annotate.set_status(p, _pars(p)[0], "ana", "done")  # the status the source has too
        else:
            import_paths(p, extra)  # the article the merge is about to copy

    with _racing_writer(monkeypatch, target, writer) as seen:
        res = CliRunner().invoke(main, ["merge", str(target), str(src)])
    assert seen["raced"] or seen["blocked"]
    assert "damaged" not in res.output, res.output
    assert res.exit_code == 0 or RACE in res.output, res.output
    with open_project(target, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"


def test_a_constraint_error_while_writing_is_reported_as_a_race(tmp_path: Path, base: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = _copy(base, tmp_path / "team.db")
    src = _copy(base, tmp_path / "ana.db")
    _annotate(src, "ana")
    before = _table_dump(target)

    def taken(*args: object, **kwargs: object) -> None:
        raise sqlite3.IntegrityError("UNIQUE constraint failed: paragraph_status.paragraph_id")

    monkeypatch.setattr(mq, "insert_status", taken)
    res = CliRunner().invoke(main, ["merge", str(target), str(src)])
    assert res.exit_code == 1
    assert res.output == f"error: {target}: {RACE}\n"
    assert _table_dump(target) == before


# -- 6: each source is read at one moment ----------------------------------------------------------------------

class _ConnWithAWriter:
    """A source's connection that lets another program commit just before the merge reads the links."""

    def __init__(self, conn: sqlite3.Connection, write: Callable[[], None]) -> None:
        self._conn, self._write, self.done = conn, write, False

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if not self.done and "FROM links" in sql:
            self.done = True
            self._write()
        return self._conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def test_a_source_is_read_at_one_moment_while_it_is_written(tmp_path: Path, base: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    src = _copy(base, tmp_path / "ana.db")
    _annotate(src, "ana")
    before = _work(src, "ana")

    def session() -> None:  # ana deletes her PERSON (its speaker link goes with it) and finishes a paragraph
        with open_project(src, create=False) as p:
            person = p.scalar("SELECT min(id) FROM annotations WHERE label = 'PERSON'")
            annotate.delete_annotation(p, person, "ana")
            annotate.set_status(p, _pars(p)[5], "ana", "done")

    real_open = merge_service.open_project

    def open_with_writer(path: Path, **kwargs: Any) -> Project:
        proj = real_open(path, **kwargs)
        if Path(path).name == "ana.db":
            proj.conn = _ConnWithAWriter(proj.conn, session)  # type: ignore[assignment]
        return proj

    monkeypatch.setattr(merge_service, "open_project", open_with_writer)
    target = tmp_path / "team.db"
    merge_files(target, [src])
    after = _work(src, "ana")
    assert after != before  # the session did commit while the source was read
    assert _work(target, "ana") in (before, after)


def _source_ids(p: Project) -> tuple[dict[str, int], dict[tuple[str, int], int]]:
    """uid -> annotation id in the source (deleted ones from the event log), (article, idx) -> paragraph id."""
    ids = dict(p.conn.execute("SELECT uid, id FROM annotations"))
    for (payload,) in p.conn.execute("SELECT payload FROM events WHERE action = 'delete'"):
        d = json.loads(payload)
        ids.setdefault(d["uid"], d["id"])
    pars = {(r[0], r[1]): r[2] for r in p.conn.execute(
        "SELECT a.ext_id, g.idx, g.id FROM paragraphs g JOIN articles a ON a.id = g.article_id")}
    return ids, pars


def _as_source_state(target: Path, ids: dict[str, int], pars: dict[tuple[str, int], int]) -> State:
    anns, links, statuses = _work(target, "ana")
    s = State()
    for uid, ext_id, idx, label, start, end, attrs in anns:
        s.annotations[ids[uid]] = (pars[(ext_id, idx)], label, start, end, attrs)
    for suid, kind, tuid, special in links:
        s.links[(ids[suid], kind)] = (None if tuid is None else ids[tuid], special)
    for ext_id, idx, status in statuses:
        s.status[pars[(ext_id, idx)]] = status
    return s


def _step(s: State, act: dict[str, Any]) -> None:
    """``State.apply`` in place (the session makes thousands of actions)."""
    s.apply_in_place(act, act.get("id") if act["op"] == "add" else None)


def test_merges_of_a_source_a_session_is_writing_match_a_moment_of_it(tmp_path: Path) -> None:
    """The issue's case with real processes: a session annotates the source without pause while it is
    merged again and again; each merged state is the session's state after some acknowledged action."""
    src = make_project(tmp_path / "ana.db", articles=1500, paragraphs=4)
    session = driver(src, "--annotator", "ana", "--seed", "5")
    assert session.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(session.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    targets = []
    try:
        while len(lines) < 40 and session.poll() is None:  # READY, and the session is under way
            time.sleep(0.01)
        for i in range(MERGES_WHILE_WRITTEN):
            target = tmp_path / f"team-{i}.db"
            res = cli("merge", target, src)
            assert res.returncode == 0, res.stderr
            targets.append(target)
    finally:
        if session.poll() is None:
            session.kill()
        session.wait(timeout=60)
        reader.join(timeout=60)
        assert session.stderr is not None
        err = session.stderr.read()
        session.stdout.close()
        session.stderr.close()
    acked, _in_flight, _ = parse("".join(lines))
    assert len(acked) > 100, err  # the session worked all along
    with open_project(src, create=False) as p:
        ids, pars = _source_ids(p)
    found = {t.name: _as_source_state(t, ids, pars) for t in targets}
    unmatched = {name for name, f in found.items() if f != State()}
    state = State()
    for act in acked:
        _step(state, act)
        for name in list(unmatched):
            f = found[name]
            if len(f.annotations) == len(state.annotations) and f == state:
                unmatched.discard(name)
    assert not unmatched, f"merged work that is no moment of the session: {sorted(unmatched)}"


# -- 7: merge into a new target, killed ------------------------------------------------------------------------

def _reference(folder: Path) -> tuple[list[Path], dict[str, Any]]:
    """Two annotators' files, and what a complete merge of them holds."""
    base = make_project(folder / "base.db", articles=800, paragraphs=4)
    sources = [_copy(base, folder / "ana.db"), _copy(base, folder / "budi.db")]
    for src, who in zip(sources, ("ana", "budi"), strict=True):
        with open_project(src, create=False) as p, p.write():  # one transaction: quick to build
            for par in _pars(p):
                annotate.add_annotation(p, par, who, "PERSON", 0, 4)
                annotate.set_status(p, par, who, "done")
    ref = folder / "reference.db"
    merge_files(ref, sources)
    with open_project(ref, create=False) as p:
        counts = {t: p.scalar(f"SELECT count(*) FROM {t}") for t in ("articles", "annotations", "paragraph_status")}
        counts["schema"] = load_schema(p)
    return sources, counts


def _kill_rounds(folder: Path, seed: int, rounds: int) -> tuple[int, int]:
    """Kill ``merge`` into a new target at random moments; (kills that left no file, kills after the end)."""
    rng = random.Random(seed)
    sources, ref = _reference(folder)
    out = folder / "out"
    out.mkdir()
    target = out / "team.db"
    started = time.monotonic()
    done = cli("merge", target, *sources)
    duration = time.monotonic() - started  # only to spread the kills over a run; nothing asserts on it
    assert done.returncode == 0, done.stderr
    target.unlink()
    absent = complete = 0
    for run in range(rounds):
        proc = cli_popen("merge", target, *sources)
        time.sleep(rng.uniform(0.2, 1.2) * duration)
        kill(proc)
        if target.exists():  # then whole: it opens, checks, and holds everything
            with open_project(target, create=False, upgrade=False) as p:
                assert p.scalar("PRAGMA integrity_check") == "ok"
                got = {t: p.scalar(f"SELECT count(*) FROM {t}") for t in ("articles", "annotations",
                                                                           "paragraph_status")}
                got["schema"] = load_schema(p)
            assert got == ref, f"run {run}: a half target"
            complete += 1
        else:
            absent += 1
        visible = sorted(n.name for n in out.iterdir() if not n.name.startswith("."))
        assert visible in ([], ["team.db"]), (run, visible)  # no -wal or -journal of a half target either
        res = cli("merge", target, *sources)  # the next run succeeds, and tidies up
        assert res.returncode == 0, (run, res.stderr)
        assert sorted(n.name for n in out.iterdir()) == ["team.db"], sorted(n.name for n in out.iterdir())
        target.unlink()
    return absent, complete


def test_merge_into_a_new_target_killed_at_20_moments(tmp_path: Path) -> None:
    folders = [tmp_path / "a", tmp_path / "b"]
    for f in folders:
        f.mkdir()
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(_kill_rounds, folders, [21, 22], [10, 10]))
    assert sum(r[0] for r in results) > 0  # some kills came before the end


def test_the_target_must_be_a_regular_file(tmp_path: Path, base: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    res = cli("merge", fifo, base)
    assert res.returncode == 1 and res.stderr.count("\n") == 1 and "not a regular file" in res.stderr
    assert fifo.is_fifo() and sorted(n.name for n in tmp_path.iterdir() if n.name.startswith("pipe")) == ["pipe.db"]
