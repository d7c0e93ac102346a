"""Shared pieces of the safety tests: subprocesses, a model of one annotator's work, table dumps."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.importing import import_paths
from annotator.store.project import open_project

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120  # generous: a loaded CI machine must not turn into a flaky test

SENTENCES = [
    "Menteri Ayu Pratiwi membuka forum pelabuhan di Surabaya pada Selasa.",
    "“Kerja sama harus saling melengkapi,” katanya kepada wartawan 👍🏽.",
    "Port officials from Indonesia and Australia met on Monday to resume talks.",
    "Chief negotiator Dana Whitfield said the sides had made “real progress”.",
    "José Ramírez, an analyst at Pelabuhan Watch, claimed fees had risen 12%.",
    "An official who asked not to be named said the talks would go on.",
]


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    out.pop("PYTHONWARNINGS", None)
    return out


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
                          check=False, env=env(), cwd=cwd or ROOT, timeout=TIMEOUT_S)


def cli_popen(*args: str | Path, cwd: Path | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(), cwd=cwd or ROOT)


def driver(project: Path, *args: str, data_home: Path | None = None) -> subprocess.Popen[str]:
    """The scripted session; ``data_home``: its XDG_DATA_HOME (where ``--rolling-backup`` writes)."""
    e = env()
    if data_home is not None:
        e["XDG_DATA_HOME"] = str(data_home)
    return subprocess.Popen([sys.executable, "-m", "tests.safety.driver", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=e, cwd=ROOT)


def kill(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGKILL, then everything the process printed before it died (that the caller has not read).

    Read through the pipes' own buffers: ``communicate()`` reads the raw file
    descriptors and would lose what ``readline()`` had already buffered.
    """
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.wait(timeout=TIMEOUT_S)
    proc.stdout.close()
    proc.stderr.close()
    return out, err


def assert_one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for f in fragments:
        assert f in lines[0], lines[0]
    return lines[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_articles(folder: Path, n: int, paragraphs: int = 4, prefix: str = "art") -> list[Path]:
    """``n`` .txt articles, one paragraph a line, each with text of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lines = [f"{prefix} {i} headline number {i}"]
        lines += [f"{SENTENCES[(i + j) % len(SENTENCES)]} ({prefix} {i}.{j})" for j in range(paragraphs)]
        path = folder / f"{prefix}-{i:04d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(path: Path, n: int, prefix: str, paragraphs: int = 3) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = "\n".join(f"{SENTENCES[(i + j) % len(SENTENCES)]} [{prefix} {i}.{j}]" for j in range(paragraphs))
            fh.write(json.dumps({"id": f"{prefix}-{i}", "text": text}, ensure_ascii=False) + "\n")
    return path


def make_project(path: Path, articles: int = 6, paragraphs: int = 4) -> Path:
    src = path.parent / f"{path.stem}-src"
    with open_project(path) as p:
        import_paths(p, write_articles(src, articles, paragraphs))
    return path


def integrity(path: Path) -> str:
    with open_project(path, create=False) as p:
        return str(p.scalar("PRAGMA integrity_check"))


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: sorted(conn.execute(f"SELECT * FROM [{t}]").fetchall(), key=repr) for t in tables}


# -- one annotator's work, as the driver's actions should have left it --------------------------------------

@dataclass
class State:
    annotations: dict[int, tuple[int, str, int, int, str]] = field(default_factory=dict)  # par, label, s, e, attrs
    links: dict[tuple[int, str], tuple[int | None, str | None]] = field(default_factory=dict)
    status: dict[int, str] = field(default_factory=dict)

    def apply(self, act: dict[str, Any], new_id: int | None = None) -> State:
        """A copy with ``act`` done (``new_id``: the id an "add" got)."""
        s = copy.deepcopy(self)
        s.apply_in_place(act, new_id)
        return s

    def apply_in_place(self, act: dict[str, Any], new_id: int | None = None) -> None:
        s = self
        op = act["op"]
        if op == "add":
            assert new_id is not None
            if new_id in s.annotations:  # an identical annotation is never stored twice: that one came back
                assert s.annotations[new_id][:4] == (act["paragraph"], act["label"], act["start"], act["end"])
                return
            s.annotations[new_id] = (act["paragraph"], act["label"], act["start"], act["end"], "{}")
        elif op == "relabel":
            par, _, a, b, attrs = s.annotations[act["id"]]
            s.annotations[act["id"]] = (par, act["label"], a, b, attrs)
        elif op == "link":
            s.links[(act["source"], act["kind"])] = (act["target"], act["special"])
        elif op == "unlink":
            s.links.pop((act["source"], act["kind"]), None)
        elif op == "status":
            if act["status"] == "todo":
                s.status.pop(act["paragraph"], None)
            else:
                s.status[act["paragraph"]] = act["status"]
        elif op == "attr":
            par, label, a, b, attrs = s.annotations[act["id"]]
            d = json.loads(attrs)
            d[act["key"]] = act["value"]
            s.annotations[act["id"]] = (par, label, a, b, json.dumps(d, ensure_ascii=False, sort_keys=True))
        elif op == "delete":
            del s.annotations[act["id"]]
            s.links = {k: v for k, v in s.links.items() if act["id"] not in (k[0], v[0])}


def state_of(conn: sqlite3.Connection, annotator: str) -> State:
    s = State()
    for r in conn.execute('SELECT a.id, a.paragraph_id, a.label, a.start, a."end", a.attrs FROM annotations a '
                          "JOIN annotators n ON n.id = a.annotator_id WHERE n.name = ?", (annotator,)):
        s.annotations[r[0]] = (r[1], r[2], r[3], r[4], r[5])
    for r in conn.execute("SELECT l.source_id, l.kind, l.target_id, l.special FROM links l "
                          "JOIN annotations a ON a.id = l.source_id JOIN annotators n ON n.id = a.annotator_id "
                          "WHERE n.name = ?", (annotator,)):
        s.links[(r[0], r[1])] = (r[2], r[3])
    for r in conn.execute("SELECT s.paragraph_id, s.status FROM paragraph_status s "
                          "JOIN annotators n ON n.id = s.annotator_id WHERE n.name = ?", (annotator,)):
        s.status[r[0]] = r[1]
    return s


def parse(out: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None, list[dict[str, Any]]]:
    """(acknowledged actions, the action in flight or None, SAW lines) from a driver's output.

    A last line cut off by the kill is ignored: its action was not acknowledged.
    """
    acked: list[dict[str, Any]] = []
    intent: dict[str, Any] | None = None
    saw: list[dict[str, Any]] = []
    for line in out.splitlines(keepends=True):
        if not line.endswith("\n"):
            break
        tag, _, body = line.rstrip("\n").partition(" ")
        if tag == "I":
            intent = json.loads(body)
        elif tag == "A":
            acked.append(json.loads(body))
            intent = None
        elif tag == "SAW":
            saw.append(json.loads(body))
    return acked, intent, saw


def replay(start: State, acked: list[dict[str, Any]]) -> State:
    s = start
    for act in acked:
        s = s.apply(act, act.get("id") if act["op"] == "add" else None)
    return s


def matches(found: State, expected: State, in_flight: dict[str, Any] | None) -> bool:
    """Whether ``found`` is ``expected``, or ``expected`` with the in-flight action done too."""
    if found == expected:
        return True
    if in_flight is None:
        return False
    if in_flight["op"] == "add":
        extra = set(found.annotations) - set(expected.annotations)
        if len(extra) != 1:
            return False
        return found == expected.apply(in_flight, extra.pop())
    return found == expected.apply(in_flight)


def read_lines(proc: subprocess.Popen[str], count: int) -> list[str]:
    """Read ``count`` lines (fewer if the process ends first)."""
    assert proc.stdout is not None
    lines = []
    for _ in range(count):
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
    return lines


def wait_all(procs: list[subprocess.Popen[str]]) -> Iterator[tuple[int, str, str]]:
    deadline = time.monotonic() + TIMEOUT_S
    for proc in procs:
        out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        yield proc.returncode, out, err


def diff(found: State, expected: State) -> str:
    """A short account of how two states differ, for assertion messages."""
    out = []
    for name in ("annotations", "links", "status"):
        a, b = getattr(found, name), getattr(expected, name)
        for k in sorted(set(a) | set(b), key=repr):
            if a.get(k) != b.get(k):
                out.append(f"{name}[{k}]: found {a.get(k)} expected {b.get(k)}")
    return "; ".join(out[:6])
