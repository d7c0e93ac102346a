"""Kill at any moment: SIGKILL during annotation, import and export loses nothing acknowledged.

The annotation session is ``tests/safety/driver.py`` (the GUI's store calls, one
acknowledgement line after each commit). After every kill the project must open,
pass ``PRAGMA integrity_check``, and hold every acknowledged action (plus, at
most, the one in flight).
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from annotator.services import annotate
from annotator.importing import import_paths
from annotator.store.project import open_project
from tests.safety.helpers import (
    ROOT,
    State,
    cli,
    cli_popen,
    diff,
    driver,
    dump,
    env,
    kill,
    make_project,
    matches,
    parse,
    read_lines,
    replay,
    state_of,
    write_articles,
    write_jsonl,
)

KILLS = 50


def _check_open(path: Path) -> None:
    with open_project(path, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"


def _kill_loop(path: Path, seed: int, kills: int, *extra: str) -> tuple[int, int]:
    """Run and kill a session ``kills`` times on one project; returns (acknowledged actions, kept in-flight).

    ``extra``: more arguments for the driver (``--rolling-backup``: the window's start-up, writing into
    a folder beside the project)."""
    rng = random.Random(seed)
    state = State()
    acked_total = in_flight_kept = 0
    for run in range(kills):
        proc = driver(path, "--annotator", "ana", "--seed", str(seed * 1000 + run), *extra,
                      data_home=path.parent / f"{path.stem}-data")
        if run % 10 == 9:  # now and then during start-up, before the session is ready
            time.sleep(rng.uniform(0, 0.15))
            lines: list[str] = []
        else:
            lines = read_lines(proc, 1 + rng.randint(0, 80))  # READY, then intents and acks
            time.sleep(rng.uniform(0, 0.002))
        rest, err = kill(proc)
        assert proc.returncode == -signal.SIGKILL, err
        acked, in_flight, _ = parse("".join(lines) + rest)
        expected = replay(state, acked)
        with open_project(path, create=False) as p:
            assert p.scalar("PRAGMA integrity_check") == "ok"
            found = state_of(p.conn, "ana")
        assert matches(found, expected, in_flight), (f"run {run}: {diff(found, expected)}; in flight {in_flight}; "
                                                     f"acknowledged {acked[-3:]}")
        acked_total += len(acked)
        in_flight_kept += found != expected
        state = found
    return acked_total, in_flight_kept


def test_annotation_session_killed_50_times_keeps_every_acknowledged_action(tmp_path: Path) -> None:
    paths = [make_project(tmp_path / f"p{i}.db") for i in range(2)]
    with ThreadPoolExecutor(2) as pool:  # two projects at once: the machine has two cores
        results = list(pool.map(_kill_loop, paths, [1, 2], [KILLS // 2, KILLS - KILLS // 2]))
    acked = sum(r[0] for r in results)
    assert acked > 10 * KILLS  # the kills landed in the middle of real work


def test_killed_50_times_while_another_program_reads_at_random_moments(tmp_path: Path) -> None:
    """The same, with the window's start-up (its rolling backup checks and copies the open project) and
    another process opening, reading and closing the project at random moments throughout."""
    paths = [make_project(tmp_path / f"p{i}.db") for i in range(2)]
    readers = [subprocess.Popen([sys.executable, "-m", "tests.safety.reader", str(p), "--seed", str(i)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
               for i, p in enumerate(paths)]
    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(_kill_loop, paths, [3, 4], [KILLS // 2, KILLS - KILLS // 2],
                                    ["--rolling-backup"] * 2))
    finally:
        for reader in readers:
            alive = reader.poll() is None  # it read until the end
            reader.kill()
            _, err = reader.communicate(timeout=30)
            assert alive, err
    assert sum(r[0] for r in results) > 10 * KILLS


def _timed_kill(proc: subprocess.Popen[str], delay: float) -> tuple[str, str]:
    time.sleep(delay)
    return kill(proc)


def test_import_killed_midway_is_all_or_nothing(tmp_path: Path) -> None:
    """The CLI import is one transaction: after a kill the project has all of its articles or none."""
    rng = random.Random(11)
    base = make_project(tmp_path / "base.db", articles=3)
    with open_project(base, create=False) as p:
        before = p.scalar("SELECT count(*) FROM articles")
    files = [write_jsonl(tmp_path / f"in-{i}.jsonl", 800, f"f{i}", paragraphs=4) for i in range(3)]
    full = tmp_path / "full.db"
    full.write_bytes(base.read_bytes())
    started = time.monotonic()
    done = cli("import", full, *files, "--skip-bad")
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    outcomes = set()
    for run in range(8):
        path = tmp_path / f"run-{run}.db"
        path.write_bytes(base.read_bytes())
        _, err = _timed_kill(cli_popen("import", path, *files, "--skip-bad"), rng.uniform(0.2, 1.1) * duration)
        _check_open(path)
        with open_project(path, create=False) as p:
            articles = p.scalar("SELECT count(*) FROM articles") - before
            per_article = {r[0] for r in p.conn.execute(
                "SELECT count(*) FROM paragraphs p JOIN articles a ON a.id = p.article_id "
                "WHERE a.ext_id LIKE 'f%' GROUP BY a.id")}
        assert articles in (0, 3 * 800), (run, articles, err)
        assert per_article <= {4}
        outcomes.add(articles)
    assert 0 in outcomes  # at least one kill came before the commit


def test_import_into_a_new_project_killed_midway(tmp_path: Path) -> None:
    """Killed while creating the project: it is absent, empty-but-valid, or complete; it always opens."""
    rng = random.Random(12)
    files = write_articles(tmp_path / "in", 300, 3)
    for run in range(6):
        path = tmp_path / f"new-{run}.db"
        _timed_kill(cli_popen("import", path, tmp_path / "in"), rng.uniform(0.15, 0.9))
        if not path.exists() or path.stat().st_size == 0:
            continue
        _check_open(path)
        with open_project(path, create=False) as p:
            assert p.scalar("SELECT count(*) FROM articles") in (0, len(files))
            assert p.scalar("SELECT count(*) FROM labels") > 0  # the project was made whole, or not at all


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_export_killed_midway_leaves_no_partial_file(tmp_path: Path, jobs: str) -> None:
    """One process, or the main process of two (its worker then leaves on its own, and its part file goes
    with it or with the next export of the same name)."""
    rng = random.Random(13)
    path = tmp_path / "p.db"
    with open_project(path) as p:
        import_paths(p, [write_jsonl(tmp_path / "a.jsonl", 2500, "x", paragraphs=4)])
        annotate.add_annotation(p, 1, "ana", "PERSON", 0, 4)
    digest_before = _dump_digest(path)
    out = tmp_path / "out" / "corpus.jsonl"
    out.parent.mkdir()
    reference = tmp_path / "reference.jsonl"
    started = time.monotonic()
    done = cli("-v", "export", path, reference, "--status", "any", "--jobs", jobs)
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert f"in {jobs} process(es)" in done.stderr  # not silently one process (the log line of a verbose run)
    lines = len(reference.read_text(encoding="utf-8").splitlines())
    complete = 0
    orphans: set[int] = set()
    for _ in range(8):
        proc = cli_popen("export", path, out, "--status", "any", "--jobs", jobs)
        time.sleep(rng.uniform(0.2, 1.1) * duration)
        orphans |= _children(proc.pid)
        kill(proc)
        if out.exists():  # the kill came after the rename: then the file is whole
            text = out.read_text(encoding="utf-8")
            assert len(text.splitlines()) == lines and text.endswith("\n")
            json.loads(text.splitlines()[-1])
            complete += 1
            out.unlink()
        leftovers = [p.name for p in out.parent.iterdir()]
        assert all(n.startswith(".corpus.jsonl.") and n.endswith(".part") for n in leftovers), leftovers
    assert complete < 8  # some kills came before the end
    if jobs == "2":
        assert orphans  # some kills came while a worker ran
    deadline = time.monotonic() + 30
    while orphans and time.monotonic() < deadline:  # the workers notice their main process is gone
        orphans = {pid for pid in orphans if _running(pid)}
        time.sleep(0.1)
    assert not orphans
    done = cli("export", path, out, "--status", "any", "--jobs", jobs)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.parent.iterdir()] == ["corpus.jsonl"]  # the next export tidied up
    same_but_time = re.compile(r'"exported_at":"[^"]*"')
    assert same_but_time.sub("", out.read_text(encoding="utf-8")) == same_but_time.sub("", reference.read_text(
        encoding="utf-8"))
    assert _dump_digest(path) == digest_before  # an export never changes the project


def _children(pid: int) -> set[int]:
    """The processes ``pid`` started that still run (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _running(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"  # a zombie has ended


def _dump_digest(path: Path) -> str:
    with open_project(path, create=False) as p:
        return repr(dump(p.conn))
