"""The worker side of a parallel export (see :mod:`annotator.services.export_parallel`).

A worker is a spawned process that opens the project read-only, begins its
reading transaction when the main process says so (while the write lock is
held there), writes the units of its range of articles to its part files, and
sends back what it counted. It ignores Ctrl+C and runs without the cyclic
garbage collector; if the main process goes, it removes its files and ends.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO

from annotator import fileguard
from annotator.errors import AnnotatorError
from annotator.services.export_units import article_units, paragraph_units
from annotator.services.export_write import encoder_state, make_encoder, write_units
from annotator.store.corpus_queries import ArticleRange, Selection
from annotator.store.project import Project, reading_connection

log = logging.getLogger(__name__)

PROGRESS_EVERY = 1000  # units between a worker's progress messages


@dataclass(frozen=True)
class Job:
    """One worker's share, sent to it once every process has its snapshot."""

    fmt: str
    sel: Selection
    annotator: str | None
    exported_at: str
    article_mode: bool
    articles: ArticleRange
    assignment: dict[int, str] | None
    parts: dict[str, str]  # part name ("" without a split) -> the file to write


def worker_main(conn: Connection, db: str) -> None:
    """A worker's whole life: open the project, take the snapshot when told, write its job, report."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl+C stops
    gc.disable()  # an export makes no reference cycles; collecting costs 5-10 % of its time (measured)
    job: Job | None = None
    try:
        project = Project(Path(db), reading_connection(db), readonly=True)
        conn.send(("ready", os.getpid()))
        if conn.recv() != "begin":
            return
        project.conn.execute("BEGIN")
        project.scalar("SELECT count(*) FROM annotators")  # the snapshot starts at the first read
        conn.send(("snapshot",))
        job = conn.recv()
        if job is None:
            return
        conn.send(("done", _run_job(project, job, conn)))
    except (EOFError, BrokenPipeError, ConnectionResetError):  # the main process has gone: so do we
        unlink_all(job.parts.values() if job else ())
    except AnnotatorError as exc:
        _reply(conn, ("error", str(exc)))
    except OSError as exc:
        _reply(conn, ("oserror", exc.errno, exc.strerror, exc.filename))
    except BaseException as exc:
        log.exception("export worker failed")
        _reply(conn, ("failed", f"{type(exc).__name__}: {exc}"))


def _reply(conn: Connection, message: tuple[Any, ...]) -> None:
    with contextlib.suppress(OSError, EOFError):
        conn.send(message)


def _run_job(project: Project, job: Job, conn: Connection) -> dict[str, Any]:
    encoder = make_encoder(job.fmt, job.sel, job.annotator, job.exported_at)
    counts = {part: 0 for part in job.parts}
    left_out: dict[str, int] = {}
    done = sent = 0

    def tick(_current: str) -> None:
        nonlocal done, sent
        done += 1
        if done - sent >= PROGRESS_EVERY:
            conn.send(("progress", done - sent))
            sent = done

    handles: dict[str, TextIO] = {}
    try:
        for part, path in job.parts.items():
            handles[part] = fileguard.open_file(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20)
        links = job.fmt in ("native", "spans")
        full = job.fmt == "native"
        if job.article_mode:
            units = article_units(project, job.sel, left_out, tick, links=links, full=full, articles=job.articles)
        else:
            units = paragraph_units(project, job.sel, layouts=full, links=links, full=full, articles=job.articles)
        with contextlib.closing(units):
            write_units(units, encoder, job.assignment, handles, counts, None if job.article_mode else tick)
    finally:
        for fh in handles.values():
            fh.close()
    return {"counts": counts, "state": encoder_state(encoder), "left_out": left_out, "progress": done - sent}


def unlink_all(paths: Any) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)
