"""Exports on several processes: the same bytes as one process, one snapshot, and every way to fail."""

from __future__ import annotations

import errno
import itertools
import json
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.export import (
    ExportCancelled,
    ExportError,
    ExportOptions,
    OutputError,
    export_corpus,
    parse_split,
)
from annotator.export import parallel as par
from annotator.export import run as exporting
from annotator.export import worker as export_worker
from annotator.export.formats import FormatContext
from annotator.export.formats.spans import SpansFormat
from annotator.export.messages import Begin, Finished, Ready, SnapshotBegun, WorkerResult, WriteFailed
from annotator.export.source import ReadPlan
from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.corpus_queries import Selection
from annotator.store.project import Project, open_project
from tests.io.corpus_builder import Corpus

JOBS = 3  # the main process and two workers


class _FixedNow(datetime):
    @classmethod
    def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


@pytest.fixture()
def big(corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """The export test corpus (emoji, CRLF, links across paragraphs) and 24 more articles: quotes with
    speakers, a suggestion, paragraphs left to do, articles done in part."""
    monkeypatch.setattr(exporting, "datetime", _FixedNow)  # native lines carry the export time
    project = corpus.project
    src = tmp_path / "more-articles.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for a in range(24):
            pars = [f"Menurut Sari Dewi {a}, pelabuhan {i} di Gresik dibuka 👍🏽 pukul 0{i}:15." for i in range(5)]
            pars.append(f"“Kami siap,” kata Sari Dewi {a}.")
            fh.write(json.dumps({"id": f"more-{a:02d}", "text": "\n".join(pars), "title": f"Berita {a}"}) + "\n")
    import_paths(project, [src])
    rows = project.conn.execute("SELECT a.id, a.ext_id FROM articles a WHERE a.ext_id LIKE 'more-%' ORDER BY a.id")
    for art_id, ext in rows.fetchall():
        pars = store.paragraphs(project, art_id)
        first_person = None
        for k, para in enumerate(pars):
            text = para.text
            s = text.index("Sari Dewi")
            person = annotate.add_annotation(project, para.id, "ana", "PERSON", s, s + len("Sari Dewi")).id
            first_person = first_person or person
            g = text.find("Gresik")
            if g >= 0:
                origin = "suggested" if k == 3 else None
                if origin:
                    annotate.add_annotation(project, para.id, "ana", "GPE", g, g + 6, origin=origin)
                else:
                    annotate.add_annotation(project, para.id, "ana", "GPE", g, g + 6)
            if text.startswith("“"):
                q = annotate.add_annotation(project, para.id, "ana", "QUOTE", 0, text.index("”") + 1).id
                annotate.link(project, q, "speaker", "ana", target_id=first_person)  # named paragraphs earlier
            if not (ext.endswith("7") and k == 2):  # some articles are done in part only
                annotate.set_status(project, para.id, "ana", "done")
    return project


def _export(project: Project, folder: Path, jobs: int, processes: int | None = None,
            **kw: object) -> tuple[dict[str, bytes], list[str]]:
    """The files and summary lines of an export; fails unless ``processes`` (default: ``jobs``) processes
    wrote it, so an export that silently fell back to one process fails every comparison test."""
    folder.mkdir(exist_ok=True)
    summary = export_corpus(project, ExportOptions(annotator="ana", jobs=jobs, **kw), folder / "out.jsonl")
    assert summary.processes == (jobs if processes is None else processes), "the export ran in fewer processes"
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    return files, [line.replace(str(folder), "") for line in summary.lines()]


def _no_workers_left() -> bool:
    return not multiprocessing.active_children()


@pytest.mark.parametrize(("fmt", "unit"), [("native", "paragraph"), ("spans", "paragraph"), ("bio", "paragraph"),
                                           ("doccano", "paragraph"), ("native", "article"), ("spans", "article")])
def test_several_processes_write_what_one_writes(big: Project, tmp_path: Path, fmt: str, unit: str) -> None:
    one = _export(big, tmp_path / "one", 1, format=fmt, unit=unit, layer="all")
    many = _export(big, tmp_path / "many", JOBS, format=fmt, unit=unit, layer="all")
    assert one == many
    assert one[0]["out.jsonl"].count(b"\n") > 20
    assert _no_workers_left()


def test_split_files_status_any_and_bio_label_lists_match(big: Project, tmp_path: Path) -> None:
    for kw in ({"format": "bio", "split": parse_split("train=0.6,dev=0.2,test=0.2"), "seed": 3},
               {"format": "native", "status": "any"}, {"format": "spans", "unit": "article", "status": "any"}):
        one = _export(big, tmp_path / "one", 1, **kw)
        many = _export(big, tmp_path / "many", JOBS, **kw)
        assert one == many, kw
        for folder in ("one", "many"):
            for p in (tmp_path / folder).iterdir():
                p.unlink()


def test_gold_exports_match(big: Project, tmp_path: Path) -> None:
    annotate.set_status(big, 1, "rev", "done")
    big.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE name = 'rev'")
    ann = big.scalar("SELECT id FROM annotations WHERE paragraph_id = 1 ORDER BY id LIMIT 1")
    big.conn.execute("UPDATE annotations SET origin = 'adjudicated' WHERE id = ?", (ann,))
    for jobs, folder in ((1, "one"), (JOBS, "many")):
        (tmp_path / folder).mkdir()
        summary = export_corpus(big, ExportOptions(format="native", gold=True, status="any", jobs=jobs),
                                tmp_path / folder / "g.jsonl")
        assert summary.processes == jobs
    assert (tmp_path / "one" / "g.jsonl").read_bytes() == (tmp_path / "many" / "g.jsonl").read_bytes()


def test_workers_read_the_snapshot_the_main_process_reads(big: Project, tmp_path: Path) -> None:
    """A commit made once the export has begun is in none of its processes' output."""
    before = _export(big, tmp_path / "before", 1, format="native")
    last = big.scalar("SELECT max(id) FROM articles")
    todo = big.scalar("SELECT p.id FROM paragraphs p WHERE p.article_id = ? AND NOT EXISTS (SELECT 1 FROM "
                      "paragraph_status s WHERE s.paragraph_id = p.id) ORDER BY p.idx LIMIT 1", (last,))
    late = big.scalar("SELECT id FROM paragraphs WHERE article_id = ? ORDER BY idx LIMIT 1", (last,))
    writes = []

    def meanwhile(done: int, total: int, current: str) -> None:
        if not writes:  # the first call: every process has begun reading
            with open_project(big.path) as other:
                writes.append(annotate.add_annotation(other, late, "ana", "ORG", 0, 7).id)
                if todo is not None:
                    annotate.set_status(other, todo, "ana", "done")

    (tmp_path / "during").mkdir()
    summary = export_corpus(big, ExportOptions(format="native", annotator="ana", jobs=JOBS),
                            tmp_path / "during" / "out.jsonl", progress=meanwhile)
    assert writes and summary.processes == JOBS
    assert (tmp_path / "during" / "out.jsonl").read_bytes() == before[0]["out.jsonl"]
    after = _export(big, tmp_path / "after", JOBS, format="native")
    assert after[0]["out.jsonl"] != before[0]["out.jsonl"]  # the write is there for the next export


def test_a_bad_span_in_a_worker_range_is_reported_as_one_process_reports_it(big: Project, tmp_path: Path) -> None:
    last = big.scalar("SELECT max(id) FROM articles")
    bad = big.scalar("SELECT a.id FROM annotations a JOIN paragraphs p ON p.id = a.paragraph_id "
                     "WHERE p.article_id = ? ORDER BY a.id DESC LIMIT 1", (last,))
    big.conn.execute("UPDATE annotations SET text = 'Siti' WHERE id = ?", (bad,))
    messages = []
    for jobs in (1, JOBS):
        folder = tmp_path / f"j{jobs}"
        folder.mkdir()
        with pytest.raises(ExportError) as err:
            export_corpus(big, ExportOptions(format="spans", annotator="ana", jobs=jobs), folder / "out.jsonl")
        messages.append(str(err.value))
        assert list(folder.iterdir()) == []  # no output, no part file
    assert messages[0] == messages[1]
    assert "stores 'Siti'" in messages[0] and "nothing was written" in messages[0]
    assert _no_workers_left()


def test_cancel_stops_the_workers_and_leaves_nothing(big: Project, tmp_path: Path) -> None:
    def cancel(done: int, total: int, current: str) -> None:
        if multiprocessing.active_children():
            raise ExportCancelled("export cancelled")

    with pytest.raises(ExportCancelled):
        export_corpus(big, ExportOptions(format="spans", annotator="ana", jobs=JOBS), tmp_path / "out.jsonl",
                      progress=cancel)
    assert [p.name for p in tmp_path.iterdir() if "out.jsonl" in p.name] == []
    assert _no_workers_left()


def test_a_worker_that_dies_is_reported_in_one_line(big: Project, tmp_path: Path) -> None:
    def kill_one(done: int, total: int, current: str) -> None:
        for child in multiprocessing.active_children():
            if child.name == "annotator-export" and child.pid is not None:
                os.kill(child.pid, signal.SIGKILL)
                child.join(5)
                break

    with pytest.raises(ExportError, match=r"an export process \(pid \d+\) stopped unexpectedly .*nothing was written"):
        export_corpus(big, ExportOptions(format="native", annotator="ana", jobs=JOBS), tmp_path / "out.jsonl",
                      progress=kill_one)
    assert [p.name for p in tmp_path.iterdir() if "out.jsonl" in p.name] == []
    assert _no_workers_left()


def test_one_process_when_workers_cannot_start(big: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    one = _export(big, tmp_path / "one", 1, format="spans")

    def refuse(self: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)
    with caplog.at_level(logging.WARNING):
        alone = _export(big, tmp_path / "alone", JOBS, processes=1, format="spans")
    assert alone == one
    assert "exporting in one process: no processes here" in caplog.text


def test_one_process_when_the_project_stays_locked(big: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """The snapshot needs the write lock for a moment; an annotator writing for longer does not stop the export."""
    one = _export(big, tmp_path / "one", 1, format="doccano")
    monkeypatch.setattr(par, "BUSY_TIMEOUT_MS", 200)
    with open_project(big.path) as writer:
        writer.conn.execute("BEGIN IMMEDIATE")
        with caplog.at_level(logging.WARNING):
            alone = _export(big, tmp_path / "alone", JOBS, processes=1, format="doccano")
        writer.conn.execute("ROLLBACK")
    assert alone == one
    assert "the project stayed locked" in caplog.text
    assert _no_workers_left()


def test_a_full_disk_in_a_worker_is_the_one_line_disk_error(big: Project, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's write error comes back as the error the main process's own writing gives."""
    real = par.Workers._result

    def full_disk(self: par.Workers, msg: object) -> WorkerResult:
        if isinstance(msg, Finished):  # as if the worker's part file had hit a full disk
            msg = WriteFailed(errno.ENOSPC, os.strerror(errno.ENOSPC), None)
        return real(self, msg)  # type: ignore[arg-type]

    monkeypatch.setattr(par.Workers, "_result", full_disk)
    with pytest.raises(OutputError, match=r"cannot write out.jsonl, out.labels.json \(No space left on "
                                                     r"device\); nothing was written"):
        export_corpus(big, ExportOptions(format="bio", annotator="ana", jobs=JOBS), tmp_path / "out.jsonl")
    assert [p.name for p in tmp_path.iterdir() if "out.jsonl" in p.name] == []


def test_a_worker_reports_its_write_error(big: Project, tmp_path: Path) -> None:
    """The worker's side of the above, run in this process: its part file cannot be written."""
    sel = Selection(annotator_id=big.scalar("SELECT id FROM annotators WHERE name = 'ana'"))
    job = export_worker.Job(format_cls=SpansFormat, ctx=FormatContext(annotator="ana", exported_at="now"), sel=sel,
                            plan=ReadPlan.of(SpansFormat, article_mode=False),
                            parts={"": str(tmp_path / "gone" / "part")})
    mine, theirs = multiprocessing.Pipe()
    for message in (Begin(), job):  # what the main process sends, sent ahead
        mine.send(message)
    before = signal.getsignal(signal.SIGINT)
    try:
        export_worker.worker_main(theirs, str(big.path))
    finally:
        signal.signal(signal.SIGINT, before)
    replies = [mine.recv() for _ in range(3)]
    assert [type(r) for r in replies] == [Ready, SnapshotBegun, WriteFailed]
    assert (replies[2].errno, replies[2].strerror) == (errno.ENOENT, "No such file or directory")


# -- how many processes, which ranges --------------------------------------------------------------


def test_small_exports_stay_in_one_process(big: Project) -> None:
    sel = Selection(annotator_id=big.scalar("SELECT id FROM annotators WHERE name = 'ana'"))
    assert par.processes_for(big, sel, 0) == 1  # a few hundred paragraphs
    assert par.processes_for(big, sel, 3) == 3  # asked for
    assert par.processes_for(big, sel, 1) == 1


@given(st.lists(st.integers(1, 30), max_size=60), st.integers(1, 6))
def test_ranges_cover_every_article_in_order_with_even_shares(sizes: list[int], n: int) -> None:
    counts = [(10 + 3 * i, c) for i, c in enumerate(sizes)]
    ranges = par.split_ranges(counts, n)
    assert 1 <= len(ranges) <= n
    assert ranges[0][0] == 0 and ranges[-1][1] is None
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))  # contiguous
    shares = [sum(c for aid, c in counts if lo <= aid and (hi is None or aid < hi)) for lo, hi in ranges]
    assert sum(shares) == sum(sizes)
    biggest = max(sizes, default=0)
    assert all(s <= sum(sizes) / n + biggest for s in shares)  # off an even share by one article at most


def test_the_main_process_reads_worker_messages_without_a_progress_callback(
        big: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's progress messages must be read while the main process writes its own range, or the
    pipe fills up and the worker waits for the main process to finish before it can go on (a 100k
    export ran at the speed of one process so)."""
    monkeypatch.setattr(exporting, "_TICK", 1)
    monkeypatch.setattr(export_worker, "PROGRESS_EVERY", 1)
    polls = []
    real = par.Workers.poll

    def counted(self: par.Workers) -> None:
        polls.append(self.progress)
        real(self)

    monkeypatch.setattr(par.Workers, "poll", counted)
    export_corpus(big, ExportOptions(format="doccano", annotator="ana", jobs=JOBS), tmp_path / "out.jsonl")
    assert len(polls) > 20


_UNGUARDED_SCRIPT = """
import logging, sys
from pathlib import Path
print("the script's body ran")
from annotator.export import ExportOptions, export_corpus
from annotator.store.project import open_project
logging.basicConfig(level=logging.WARNING)
with open_project(sys.argv[1]) as p:
    summary = export_corpus(p, ExportOptions(format="doccano", annotator="ana", jobs=2), Path(sys.argv[2]))
print(f"processes={summary.processes}")
"""


def test_a_script_without_a_main_guard_is_not_run_again_by_the_workers(big: Project, tmp_path: Path) -> None:
    """multiprocessing's spawn imports the program's main module in each new process; the workers start
    without it, so a script's body runs once and the export still uses two processes."""
    script = tmp_path / "export_it.py"
    script.write_text(_UNGUARDED_SCRIPT, encoding="utf-8")
    one = _export(big, tmp_path / "one", 1, format="doccano")
    big.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    proc = subprocess.run([sys.executable, str(script), str(big.path), str(tmp_path / "script.jsonl")],
                          capture_output=True, text=True, timeout=120, check=False,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("the script's body ran") == 1
    assert "processes=2" in proc.stdout
    assert "exporting in one process" not in proc.stderr
    assert (tmp_path / "script.jsonl").read_bytes() == one[0]["out.jsonl"]


class _Exited:
    """A worker process that is alive when first asked, then has exited normally."""

    pid, exitcode = 4242, 0

    def __init__(self) -> None:
        self.asked = 0

    def is_alive(self) -> bool:
        self.asked += 1
        return self.asked == 1

    def join(self, _timeout: float | None = None) -> None:
        return None


def test_a_result_taken_in_by_a_progress_report_is_not_lost(tmp_path: Path) -> None:
    """The worker's last message arrives while the main process reports progress (which takes messages in)
    and the worker then exits: the result is the one taken in, not "stopped unexpectedly (exit code 0)"."""
    mine, theirs = multiprocessing.Pipe()
    workers = par.Workers(tmp_path / "p.db", 1)
    workers.active = [(mine, _Exited())]
    sent = []

    def report() -> None:
        if not sent:
            theirs.send(Finished(WorkerResult(pid=4242, progress=3)))
            theirs.close()
            sent.append(1)
        workers.poll()

    assert workers.results(report) == [WorkerResult(pid=4242, progress=3)]
    assert workers.progress == 3
    mine.close()
