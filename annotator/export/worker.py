"""The worker side of a parallel export (see :mod:`annotator.export.parallel`).

A worker is a spawned process that opens the project read-only, begins its
reading transaction when the main process says so (while the write lock is
held there), writes the units of its range of articles to its part files, and
sends back what it counted (:mod:`annotator.export.messages`). It ignores Ctrl+C
and runs without the cyclic garbage collector; if the main process goes, it
removes its files and ends.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TextIO, cast

from annotator import fileguard
from annotator.errors import AnnotatorError
from annotator.export.formats.base import ExportFormat, FormatContext
from annotator.export.messages import (
    Advanced,
    Begin,
    Crashed,
    Finished,
    Ready,
    Refused,
    SnapshotBegun,
    WorkerMessage,
    WorkerResult,
    WriteFailed,
)
from annotator.export.source import ReadPlan, read_units
from annotator.export.write import write_units
from annotator.store.corpus_queries import ArticleRange, Selection
from annotator.store.project import Project, reading_connection

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1000  # units between a worker's progress messages


@dataclass(frozen=True, kw_only=True)
class Job:
    """One worker's share, sent to it once every process has its snapshot."""

    format_cls: type[ExportFormat]  # pickled by reference: the worker imports the format's module
    ctx: FormatContext
    sel: Selection
    plan: ReadPlan
    articles: ArticleRange = (0, None)
    assignment: dict[int, str] | None = None  # article id -> part name, for a split
    parts: dict[str, str]  # part name ("" without a split) -> the file to write


def worker_main(conn: Connection, db: str) -> None:
    """A worker's whole life: open the project, take the snapshot when told, write its job, report."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl+C stops
    gc.disable()  # an export makes no reference cycles; collecting costs 5-10 % of its time (measured)
    job: Job | None = None
    try:
        project = Project(Path(db), reading_connection(db), readonly=True)
        conn.send(Ready(os.getpid()))
        if not isinstance(conn.recv(), Begin):
            return
        project.conn.execute("BEGIN")
        project.scalar("SELECT count(*) FROM annotators")  # the snapshot starts at the first read
        conn.send(SnapshotBegun())
        got = conn.recv()
        if not isinstance(got, Job):
            return
        job = got
        conn.send(Finished(_run_job(project, job, conn)))
    except (EOFError, BrokenPipeError, ConnectionResetError):  # the main process has gone: so do we
        unlink_all(job.parts.values() if job else ())
    except AnnotatorError as exc:
        _reply(conn, Refused(str(exc)))
    except OSError as exc:
        _reply(conn, WriteFailed(exc.errno, exc.strerror, exc.filename))
    except BaseException as exc:
        log.exception("export worker failed")
        _reply(conn, Crashed(f"{type(exc).__name__}: {exc}"))


def _reply(conn: Connection, message: WorkerMessage) -> None:
    with contextlib.suppress(OSError, EOFError):
        conn.send(message)


def _run_job(project: Project, job: Job, conn: Connection) -> WorkerResult:
    encoder = job.format_cls(job.ctx)
    counts = {part: 0 for part in job.parts}
    left_out: dict[str, int] = {}
    done = sent = 0

    def tick(_current: str) -> None:
        nonlocal done, sent
        done += 1
        if done - sent >= PROGRESS_EVERY:
            conn.send(Advanced(done - sent))
            sent = done

    handles: dict[str, TextIO] = {}
    try:
        for part, path in job.parts.items():
            handles[part] = cast(TextIO, fileguard.open_file(path, "w", encoding="utf-8", newline="\n",
                                                              buffering=1 << 20))
        units = read_units(project, job.sel, job.plan, left_out, tick, job.articles)
        with contextlib.closing(units):
            write_units(units, encoder, job.assignment, handles, counts, None if job.plan.article_mode else tick)
    finally:
        for fh in handles.values():
            fh.close()
    return WorkerResult(pid=os.getpid(), counts=counts, state=encoder.state(), left_out=left_out,
                        progress=done - sent)


def unlink_all(paths: Iterable[str]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)
