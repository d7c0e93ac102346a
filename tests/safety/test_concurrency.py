"""Two writers: two annotation sessions, or a session and CLI imports and exports, on one project at once.

No "database is locked" reaches anybody (``Project.write`` waits and retries),
nothing is lost, and each process sees the other's changes on a fresh read of
the connection it keeps open.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.store import schema
from annotator.store.project import open_project
from tests.safety.helpers import (
    State,
    cli,
    cli_popen,
    diff,
    driver,
    make_project,
    parse,
    replay,
    state_of,
    wait_all,
    write_articles,
    write_jsonl,
)


def _no_lock_errors(*texts: str) -> None:
    for text in texts:
        assert "locked" not in text.lower() and "busy" not in text.lower(), text
        assert "Traceback" not in text, text


def test_two_annotation_sessions_at_once(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db", articles=4)
    procs = [driver(path, "--annotator", "ana", "--seed", "1", "--actions", "250", "--peers", "budi"),
             driver(path, "--annotator", "budi", "--seed", "2", "--actions", "250", "--peers", "ana")]
    results = list(wait_all(procs))
    for code, out, err in results:
        assert code == 0, err
        _no_lock_errors(out, err)
    with open_project(path, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"
        for (_, out, _), me, peer in zip(results, ["ana", "budi"], ["budi", "ana"]):
            acked, in_flight, saw = parse(out)
            assert len(acked) == 250 and in_flight is None
            found = state_of(p.conn, me)
            expected = replay(State(), acked)
            assert found == expected, diff(found, expected)
            peer_count = p.scalar("SELECT count(*) FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                                  "WHERE n.name = ?", (peer,))
            assert saw == [{"peer": peer, "annotations": peer_count}]  # it saw all of the other's work


def test_session_with_cli_imports_and_exports_at_once(tmp_path: Path) -> None:
    path = make_project(tmp_path / "p.db", articles=4)
    batches = [write_jsonl(tmp_path / f"batch-{i}.jsonl", 700, f"b{i}", paragraphs=4) for i in range(3)]
    total = 4 + 3 * 700
    session = driver(path, "--annotator", "ana", "--seed", "3", "--actions", "0", "--until-articles", str(total))
    assert session.stdout is not None and session.stdout.readline().startswith("READY")
    exports = tmp_path / "exports"
    exports.mkdir()
    for i, batch in enumerate(batches):  # each import and export overlaps with the session's writes
        importing = cli_popen("import", path, batch)
        exporting = cli_popen("export", path, exports / f"e{i}.jsonl", "--annotator", "ana", "--status", "any")
        for code, out, err in wait_all([importing, exporting]):
            assert code == 0, err
            _no_lock_errors(out, err)
    (code, out, err), = wait_all([session])
    assert code == 0, err
    _no_lock_errors(out, err)
    acked, in_flight, _ = parse("READY {}\n" + out)
    assert len(acked) > 20 and in_flight is None
    with open_project(path, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"
        assert p.scalar("SELECT count(*) FROM articles") == total  # the session stopped once it saw them all
        found = state_of(p.conn, "ana")
        expected = replay(State(), acked)
        assert found == expected, diff(found, expected)
    for export in exports.iterdir():
        for line in export.read_text(encoding="utf-8").splitlines():
            json.loads(line)
    # and a fresh CLI process sees the session's work
    stats = cli("stats", path, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["annotations_by_annotator"].get("ana", 0) == len(found.annotations)


def test_two_imports_create_the_same_new_project_at_once(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    a = write_articles(tmp_path / "a", 150, 3, prefix="a")
    b = write_articles(tmp_path / "b", 150, 3, prefix="b")
    procs = [cli_popen("import", path, tmp_path / "a"), cli_popen("import", path, tmp_path / "b")]
    for code, out, err in wait_all(procs):
        assert code == 0, err
        _no_lock_errors(out, err)
    with open_project(path, create=False) as p:
        assert p.scalar("PRAGMA integrity_check") == "ok"
        assert p.scalar("SELECT count(*) FROM articles") == len(a) + len(b)
        assert p.scalar("SELECT count(*) FROM _sqlite_migrations") == len(schema.known_migration_names())  # made once
        labels = p.scalar("SELECT count(*) FROM labels")
        assert labels and labels == p.scalar("SELECT count(DISTINCT name) FROM labels")


_OPEN_AT_ONCE = """
import sys, time
sys.modules["pandas"] = sys.modules["numpy"] = None  # not needed here; saves 0.3 s a process
from pathlib import Path
from annotator.store.project import open_project
go = Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
with open_project(sys.argv[1]) as p:
    p.set_meta("opened-by-" + sys.argv[3], "yes")
"""


def test_many_programs_opening_one_new_project_at_once(tmp_path: Path) -> None:
    """Four processes released together all create-or-open the same new file: one schema, no error."""
    import subprocess
    import sys

    from tests.safety.helpers import ROOT, env

    for round_ in range(3):
        path, go = tmp_path / f"new-{round_}.db", tmp_path / f"go-{round_}"
        procs = [subprocess.Popen([sys.executable, "-c", _OPEN_AT_ONCE, str(path), str(go), str(i)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(), cwd=ROOT)
                 for i in range(4)]
        for proc in procs:  # all imported and waiting at the barrier
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        go.touch()
        for code, out, err in wait_all(procs):
            assert code == 0, err
        with open_project(path, create=False) as p:
            assert p.scalar("PRAGMA integrity_check") == "ok"
            assert p.scalar("SELECT count(*) FROM _sqlite_migrations") == len(schema.known_migration_names())
            assert p.scalar("SELECT count(*) FROM meta WHERE key LIKE 'opened-by-%'") == 4
