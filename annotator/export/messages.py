"""What the main process and the workers of a parallel export say to each other through their pipes.

Main process to worker: :class:`Begin` (take the snapshot now), then a
:class:`~annotator.export.worker.Job` or :class:`Stop`. Worker to main process: :class:`Ready`,
:class:`SnapshotBegun`, any number of :class:`Advanced`, then one of :class:`Finished`, :class:`Refused`,
:class:`WriteFailed` or :class:`Crashed`. Every message is a small frozen dataclass (pickled by the pipe).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.export.formats.base import FormatState


@dataclass(frozen=True)
class Begin:
    """Begin the reading transaction now (the main process holds the write lock meanwhile)."""


@dataclass(frozen=True)
class Stop:
    """No range for this worker: end."""


@dataclass(frozen=True)
class Ready:
    """The worker has the project open."""

    pid: int


@dataclass(frozen=True)
class SnapshotBegun:
    """The worker's reading transaction has begun."""


@dataclass(frozen=True)
class Advanced:
    """``units`` more units handled since the last message."""

    units: int


@dataclass(frozen=True, kw_only=True)
class WorkerResult:
    """What a worker wrote and counted in its range."""

    pid: int
    counts: dict[str, int] = field(default_factory=dict)  # part name -> lines written
    state: FormatState = field(default_factory=FormatState)
    left_out: dict[str, int] = field(default_factory=dict)
    progress: int = 0  # units handled since its last Advanced


@dataclass(frozen=True)
class Finished:
    result: WorkerResult


@dataclass(frozen=True)
class Refused:
    """An :class:`~annotator.errors.AnnotatorError` (a bad span): its one line."""

    message: str


@dataclass(frozen=True)
class WriteFailed:
    """An OSError writing the part files, to be raised again as such in the main process."""

    errno: int | None
    strerror: str | None
    filename: str | None


@dataclass(frozen=True)
class Crashed:
    """Anything else: the exception's type and text."""

    description: str


WorkerMessage = Ready | SnapshotBegun | Advanced | Finished | Refused | WriteFailed | Crashed
