"""What an export format is: the :class:`ExportFormat` protocol, and :class:`BaseFormat` with its defaults.

A format turns :class:`~annotator.export.formats.unit.Unit` records into JSON lines. It declares what it needs, and
the export reads and writes accordingly, in one process or several (nothing outside ``formats/`` asks which
format it is):

- ``needs_links``: the links of each annotation are read (native and spans write them);
- ``full_rows``: annotations are read with their ids, attributes and entities, and each paragraph unit carries
  its article's paragraph layout (native only: the other formats read a tenth faster without them);
- ``default_layer``: the layers exported without ``--layer``;
- ``extra_files``: files written beside the export (bio's label lists), each through :meth:`write_extra`
  once every unit is encoded;
- ``opening``, ``separator``, ``closing``: text written first in each output file, between two units of it,
  and last (all empty for JSON lines; a JSON array is ``[``, ``,`` and ``]``);
- ``stream_from``: a unit this long (code points) or longer is written piece by piece from :meth:`chunks`
  (None: never);
- per-process state: in a parallel export each worker has its own format object; what it counted comes back
  as plain data (:meth:`state`) and the main process adds it to its own (:meth:`absorb`), range after range.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TextIO

from annotator.export.formats.choices import LayerChoice
from annotator.export.formats.common import FormatStats
from annotator.export.formats.unit import Unit
from annotator.store.project import Project


@dataclass(frozen=True, kw_only=True)
class FormatContext:
    """What a format object is made with: whose annotations, which layers, the export's time."""

    annotator: str | None = None
    gold: bool = False
    layers: tuple[str, ...] = ()  # the stored layers exported (empty: every layer)
    exported_at: str = ""
    options: tuple[tuple[str, str], ...] = ()  # a format's own options (labelstudio: ("ls_as", "annotations"))


@dataclass(frozen=True, kw_only=True)
class ExtraFile:
    """A file a format writes beside the export: ``x.jsonl`` gets ``x.SUFFIX``."""

    suffix: str  # e.g. "labels.json"
    what: str  # for the summary, e.g. "tag names per column"


@dataclass(frozen=True, kw_only=True)
class FormatState:
    """What one process's format object counted, as plain (picklable) data."""

    spans: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    relations: int = 0
    notes: dict[str, int] = field(default_factory=dict)
    extra: Any = None  # a format's own data (bio: the labels in the order first seen)


class ExportFormat(Protocol):
    """The protocol every registered format class follows (see the module docstring)."""

    name: ClassVar[str]
    needs_links: ClassVar[bool]
    full_rows: ClassVar[bool]
    default_layer: ClassVar[LayerChoice]
    extra_files: ClassVar[tuple[ExtraFile, ...]]
    stream_from: ClassVar[int | None]
    suffix: ClassVar[str]  # of the files written (".jsonl"; labelstudio: ".json")
    opening: ClassVar[str]  # written first in each output file (labelstudio: "[")
    separator: ClassVar[str]  # written before each unit of a file but its first (labelstudio: ",")
    closing: ClassVar[str]  # written last in each output file (labelstudio: "]")
    stats: FormatStats

    def __init__(self, ctx: FormatContext | None = None) -> None: ...

    def encode(self, unit: Unit) -> str:
        """The unit's line, ``\\n`` included."""

    def chunks(self, unit: Unit) -> Iterator[str]:
        """The line :meth:`encode` makes, in pieces (used from ``stream_from`` code points on)."""

    def write_extra(self, extra: ExtraFile, project: Project, out: TextIO) -> None:
        """Write one of ``extra_files`` (after every unit was encoded and every state absorbed)."""

    def state(self) -> FormatState:
        """What this object counted, to send from a worker process."""

    def absorb(self, state: FormatState) -> None:
        """Add the state of an object that encoded the units after this one's."""


class BaseFormat(ABC):
    """Defaults of :class:`ExportFormat`: no links, lean rows, every layer, no extra file, whole lines,
    and the state of :class:`FormatStats`. A format subclasses it and writes :meth:`encode`."""

    name: ClassVar[str]
    needs_links: ClassVar[bool] = False
    full_rows: ClassVar[bool] = False
    default_layer: ClassVar[LayerChoice] = "all"
    extra_files: ClassVar[tuple[ExtraFile, ...]] = ()
    stream_from: ClassVar[int | None] = None
    suffix: ClassVar[str] = ".jsonl"
    opening: ClassVar[str] = ""
    separator: ClassVar[str] = ""
    closing: ClassVar[str] = ""

    def __init__(self, ctx: FormatContext | None = None) -> None:
        self.ctx = ctx if ctx is not None else FormatContext()
        self.stats = FormatStats()

    @abstractmethod
    def encode(self, unit: Unit) -> str:
        """The unit's line, ``\\n`` included."""

    def chunks(self, unit: Unit) -> Iterator[str]:
        yield self.encode(unit)

    def write_extra(self, extra: ExtraFile, project: Project, out: TextIO) -> None:
        raise NotImplementedError(f"{self.name} writes no {extra.suffix}")

    def state(self) -> FormatState:
        stats = self.stats
        return FormatState(spans=dict(stats.spans), dropped=dict(stats.dropped), relations=stats.relations,
                           notes=dict(stats.notes))

    def absorb(self, state: FormatState) -> None:
        stats = self.stats
        stats.spans.update(state.spans)
        stats.dropped.update(state.dropped)
        stats.relations += state.relations
        stats.notes.update(state.notes)
