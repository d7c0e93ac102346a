"""A large export on several cores: each process writes the units of one range of articles.

An export is Python work (rows into objects, tokens, JSON text) and one process
uses one core. For a large selection the main process keeps the first range of
articles and writes it straight into the output files; each worker process
writes its range into a hidden part file beside the output; the main process
then appends the parts in order, and the output is put in place atomically as
ever (:class:`~annotator.io.atomic.AtomicFiles`). The lines are byte for byte
those of a one-process export, and so are the counts. The messages between
the processes are in :mod:`annotator.export.messages`.

**One snapshot.** SQLite (WAL) shows a reading transaction the project as it
was when the transaction began. All processes begin theirs while a second
connection holds the write lock (``BEGIN IMMEDIATE``), so no commit can fall
between them; annotators writing at that moment wait a few milliseconds.

**Progress.** Workers report every thousand units through their pipe; the
main process reads those messages as it writes its own range (a full pipe
would stop a worker until the main process is done) and adds them to its own
count for the progress callback.

**Failure.** Workers are spawned (safe from a GUI's threads), ignore Ctrl+C
(the main process stops them) and leave when the main process goes. Their part
files carry the main process's id, like its own temporary files, so a hard kill
leaves nothing the next export of the same name does not remove. A bad span in
a worker's range is reported as the one-process export reports it, the first in
unit order; a worker that dies is reported in one line; either way nothing is
written. If workers cannot be started, or the write lock cannot be had, the
export runs in one process.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO

from annotator import fileguard
from annotator.export.formats.base import ExportFormat
from annotator.export.messages import (
    Advanced,
    Begin,
    Crashed,
    Finished,
    Ready,
    Refused,
    SnapshotBegun,
    Stop,
    WorkerMessage,
    WorkerResult,
    WriteFailed,
)
from annotator.export.source import ExportError
from annotator.export.worker import Job, unlink_all, worker_main
from annotator.store import corpus_queries as q
from annotator.store.corpus_queries import ArticleRange, Selection
from annotator.store.filecheck import BUSY_TIMEOUT_MS
from annotator.store.project import Project

log = logging.getLogger(__name__)

PARALLEL_MIN_UNITS = 5000  # below this, starting processes costs more than it saves
MAX_AUTO_JOBS = 4
_START_TIMEOUT_S = 60.0


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def processes_for(project: Project, sel: Selection, requested: int) -> int:
    """How many processes an export should use: ``requested`` if given (>= 1), else one per core (at most
    :data:`MAX_AUTO_JOBS`) when the selection is large enough to gain from them. A project open read-only
    gets one: the write lock that pins the snapshot cannot be had (nor a -wal or -shm made beside it)."""
    if project.readonly:
        if requested > 1:
            log.warning("exporting in one process: the project is open read-only")
        return 1
    if requested >= 1:
        return requested
    n = min(cores(), MAX_AUTO_JOBS)
    if n < 2:
        return 1
    if sel.gold or sel.status != "done":
        estimate = q.total_paragraphs(project)
    else:  # the annotator's done paragraphs, from the status index alone
        estimate = int(project.scalar("SELECT count(*) FROM paragraph_status WHERE annotator_id = ? "
                                      "AND status = 'done'", (sel.annotator_id,)))
    return n if estimate >= PARALLEL_MIN_UNITS else 1


def split_ranges(counts: Sequence[tuple[int, int]], n: int) -> list[ArticleRange]:
    """At most ``n`` contiguous ranges of article ids with about the same number of units each, from
    (article id, units) in article order; together they cover every article id."""
    total = sum(c for _, c in counts)
    cuts: list[int] = []  # the article ids where the second, third... range begins
    seen = 0
    for article_id, c in counts:
        if len(cuts) < n - 1 and seen > 0 and seen >= total * (len(cuts) + 1) / n:
            cuts.append(article_id)
        seen += c
    return list(zip([0, *cuts], [*cuts, None]))


class Workers:
    """Worker processes of one export; use as a context manager (they are stopped and their files
    removed when it ends)."""

    def __init__(self, db: Path, n: int) -> None:
        self.db = str(db)
        self.n = n
        self.procs: list[Any] = []
        self.conns: list[Connection] = []
        self.part_files: list[dict[str, str]] = []
        self.progress = 0  # units the workers have reported done
        self._pending: dict[Connection, WorkerMessage | None] = {}  # a result that came in with progress
        # (None: the process went without one)
        self.active: list[tuple[Connection, Any]] = []  # (pipe, process) of the workers with a job

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> bool:
        """Start the processes and wait until each has the project open; False (and none left) if not."""
        ctx = multiprocessing.get_context("spawn")
        try:
            for _ in range(self.n):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=worker_main, args=(theirs, self.db), name="annotator-export", daemon=True)
                with _main_module_hidden():
                    proc.start()
                theirs.close()
                self.procs.append(proc)
                self.conns.append(mine)
            for conn in self.conns:
                if not conn.poll(_START_TIMEOUT_S) or not isinstance(conn.recv(), Ready):
                    raise OSError("an export process did not start")
        except (OSError, EOFError, RuntimeError) as exc:
            log.warning("exporting in one process: %s", exc)
            self.close()
            return False
        return True

    def begin_snapshot(self, project: Project) -> bool:
        """Begin the reading transaction of ``project.conn`` and of every worker on the same state.

        False (and no transaction begun) if the write lock cannot be had; the caller then exports alone.
        """
        try:
            lock = fileguard.connect(str(project.path), project.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                    isolation_level=None)
        except sqlite3.Error as exc:
            log.warning("exporting in one process: %s", exc)
            return False
        try:
            lock.execute("BEGIN IMMEDIATE")  # nobody commits until every snapshot has begun
        except sqlite3.Error as exc:
            lock.close()
            log.warning("exporting in one process: the project stayed locked (%s)", exc)
            return False
        try:
            project.conn.execute("BEGIN")
            project.scalar("SELECT count(*) FROM annotators")
            for conn, proc in zip(self.conns, self.procs):
                self._send(conn, proc, Begin())
            for conn in self.conns:
                self._expect_snapshot(conn)
        except BaseException:
            if project.conn.in_transaction:
                project.conn.execute("ROLLBACK")
            raise
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        return True

    def send_jobs(self, jobs: list[Job]) -> None:
        """One job per worker in range order; workers left without one stop."""
        self.part_files += [job.parts for job in jobs]
        for i, (conn, proc) in enumerate(zip(self.conns, self.procs)):
            self._send(conn, proc, jobs[i] if i < len(jobs) else Stop())
        self.active = list(zip(self.conns, self.procs))[:len(jobs)]

    def poll(self) -> None:
        """Take in the progress the workers have reported, without waiting."""
        for conn, _ in self.active:
            if conn in self._pending:
                continue
            while conn.poll():
                try:
                    msg = conn.recv()
                except EOFError:  # the process is gone; results() says so
                    self._pending[conn] = None
                    break
                if not isinstance(msg, Advanced):
                    self._pending[conn] = msg
                    break
                self.progress += msg.units

    def results(self, report: Callable[[], None]) -> list[WorkerResult]:
        """Each worker's result in range order, calling ``report`` a few times a second while waiting.

        Raises the first error in range order (a worker's error after an earlier worker finished)."""
        out = []
        for conn, proc in self.active:
            msg: WorkerMessage | None = None
            while msg is None:
                if conn in self._pending:  # report() may have taken it in meanwhile
                    msg = self._pending.pop(conn)
                    if msg is None:
                        raise self._stopped(proc)
                    break
                if conn.poll(0.2):
                    try:
                        got = conn.recv()
                    except EOFError:
                        raise self._stopped(proc) from None
                    if isinstance(got, Advanced):
                        self.progress += got.units
                    else:
                        msg = got
                elif not proc.is_alive() and not conn.poll():
                    raise self._stopped(proc)
                report()
            out.append(self._result(msg))
        return out

    def _send(self, conn: Connection, proc: Any, message: object) -> None:
        try:
            conn.send(message)
        except OSError:  # a broken pipe: the process is gone
            raise self._stopped(proc) from None

    @staticmethod
    def _stopped(proc: Any) -> ExportError:
        proc.join(1)
        return ExportError(f"an export process (pid {proc.pid}) stopped unexpectedly (exit code {proc.exitcode}); "
                           "nothing was written")

    def _result(self, msg: WorkerMessage) -> WorkerResult:
        """The result a worker sent, or its error raised here as the one-process export raises it."""
        if isinstance(msg, Finished):
            self.progress += msg.result.progress
            return msg.result
        if isinstance(msg, Refused):
            raise ExportError(msg.message)
        if isinstance(msg, WriteFailed):
            raise OSError(msg.errno, msg.strerror, msg.filename)
        what = msg.description if isinstance(msg, Crashed) else f"it answered {type(msg).__name__}"
        raise ExportError(f"an export process failed ({what}); nothing was written")

    def _expect_snapshot(self, conn: Connection) -> None:
        if not conn.poll(_START_TIMEOUT_S):
            raise ExportError("an export process did not answer; nothing was written")
        msg = conn.recv()
        if not isinstance(msg, SnapshotBegun):
            self._result(msg)  # raises what the worker reported
            raise ExportError(f"an export process answered {type(msg).__name__}; nothing was written")

    def close(self) -> None:
        """Stop every worker still running and remove its part files."""
        for proc in self.procs:
            if proc.is_alive():
                proc.terminate()
        deadline = time.monotonic() + 5
        for proc in self.procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1)
        for conn in self.conns:
            conn.close()
        for parts in self.part_files:
            unlink_all(parts.values())
        self.procs, self.conns, self.part_files, self.active = [], [], [], []


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Hide where the program's main module comes from while a worker is spawned.

    A worker needs nothing from it, but multiprocessing's spawn imports it again in each new process:
    a script without an ``if __name__ == "__main__":`` guard would run its whole body there a second time
    (and the CLI's imports cost every worker time). Without ``__spec__`` and ``__file__`` it is not
    imported. They are put back at once.
    """
    main = sys.modules.get("__main__")
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__spec__", "__file__")
                             if main is not None and k in main.__dict__}
    try:
        if main is not None:
            main.__spec__ = None  # read without a default by multiprocessing: None, not absent
            main.__dict__.pop("__file__", None)
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


def part_files(paths: dict[str, Path], n: int) -> list[dict[str, str]]:
    """For each of ``n`` workers, a new hidden part file per output file, named as the main process's
    temporary files are (so a crash's leftovers are removed by the next export of that name)."""
    out: list[dict[str, str]] = []
    try:
        for _ in range(n):
            files: dict[str, str] = {}
            out.append(files)
            for part, path in paths.items():
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-", suffix=".part")
                os.close(fd)
                files[part] = tmp
    except BaseException:
        for files in out:
            unlink_all(files.values())
        raise
    return out


def append_parts(handles: dict[str, TextIO], parts: dict[str, str], separator: str = "",
                 joined: frozenset[str] = frozenset()) -> None:
    """Append a worker's part files to the output files, and remove them; ``separator`` goes first into
    the output files named in ``joined`` (those that have units and get more from this part)."""
    for part, path in parts.items():
        fh = handles[part]
        if separator and part in joined:
            fh.write(separator)
        fh.flush()
        with fileguard.open_file(path, "rb") as src:
            while chunk := src.read(1 << 22):
                fh.buffer.write(chunk)
        fh.buffer.flush()
        os.unlink(path)


def absorb_results(encoder: ExportFormat, counts: dict[str, int], left_out: MutableMapping[str, int],
                   results: list[WorkerResult]) -> None:
    """Add the workers' counts, in range order, to the main process's."""
    for res in results:
        encoder.absorb(res.state)
        for part, n in res.counts.items():
            counts[part] += n
        for why, n in res.left_out.items():
            left_out[why] = left_out.get(why, 0) + n


def run_ranges(workers: Workers, base: Job, counts_by_article: Sequence[tuple[int, int]],
               assignment: dict[int, str] | None, paths: dict[str, Path], handles: dict[str, TextIO],
               own: Callable[[ArticleRange], None], report: Callable[[], None], *, separator: str = "",
               written: Mapping[str, int] | None = None) -> list[WorkerResult]:
    """Give each worker a range after the first, write the first with ``own``, then append the workers'
    parts in order, joined by the format's ``separator`` where ``written`` (the units ``own`` wrote to each
    file, read after it ran) and the parts before have units; returns their results (see
    :func:`absorb_results`)."""
    ranges = split_ranges(counts_by_article, workers.n + 1)
    theirs = ranges[1:]
    files = part_files(paths, len(theirs))
    jobs = []
    for (lo, hi), parts in zip(theirs, files):
        subset = None if assignment is None else {
            a: p for a, p in assignment.items() if lo <= a and (hi is None or a < hi)}
        jobs.append(replace(base, articles=(lo, hi), assignment=subset, parts=parts))
    workers.send_jobs(jobs)
    own(ranges[0])
    results = workers.results(report)
    units = dict(written or {})  # units in each output file so far (the format's separator joins two)
    for parts, res in zip(files, results):
        joined = frozenset(p for p, n in res.counts.items() if n and units.get(p))
        append_parts(handles, parts, separator, joined)
        for part, n in res.counts.items():
            units[part] = units.get(part, 0) + n
    return results
