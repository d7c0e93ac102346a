"""What an export is asked for (:class:`ExportOptions`) and what it did (:class:`ExportSummary`)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.export.formats import REGISTRY
from annotator.export.formats.choices import FormatName, LayerChoice, StatusFilter, UnitKind

_PART_NAME = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class ExportCancelled(AnnotatorError):
    """Raised by a progress callback to stop an export; nothing is written."""


@dataclass(frozen=True)
class ExportOptions:
    format: FormatName = "native"
    annotator: str | None = None  # whose annotations; None with gold, or to take the only annotator
    gold: bool = False  # annotations with origin "adjudicated"
    status: StatusFilter = "done"
    layer: LayerChoice | None = None  # None: the format's default_layer (entity for bio, all otherwise)
    unit: UnitKind = "paragraph"
    split: tuple[tuple[str, float], ...] = ()  # e.g. (("train", .8), ("dev", .1), ("test", .1))
    seed: int = 0
    jobs: int = 0  # processes to use; 0: one per core for a large export (see annotator.export.parallel)
    replace: bool = False  # replace existing output files (never a project, an SQLite file or an input)
    format_options: tuple[tuple[str, str], ...] = ()  # the format's own (labelstudio: (("ls_as", "annotations"),))


@dataclass
class ExportSummary:
    format: str
    files: dict[Path, int] = field(default_factory=dict)  # file -> lines written
    labels_file: Path | None = None  # the format's first extra file (bio: the tag names per column)
    extra_files: dict[Path, str] = field(default_factory=dict)  # every extra file -> what it holds
    spans: Counter[str] = field(default_factory=Counter)
    relations: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # written, but worth a word (doccano: overlapping spans)
    left_out: Counter[str] = field(default_factory=Counter)  # paragraphs / articles not selected
    processes: int = 1  # processes that wrote units: this one and each worker given a range of articles
    counts_what: str = "line(s)"  # what ``files`` counts: lines, or the articles of a folder format

    @property
    def lines_written(self) -> int:
        return sum(self.files.values())

    def lines(self) -> list[str]:
        out = [f"{self.format}: {self.lines_written} {self.counts_what} written"]
        out += [f"  {path}: {n} {self.counts_what}" for path, n in self.files.items()]
        out += [f"  {path}: {what}" for path, what in self.extra_files.items()]
        spans = ", ".join(f"{label} {n}" for label, n in sorted(self.spans.items())) or "none"
        out.append(f"spans per label: {spans}; relations/links: {self.relations}")
        out += [f"left out: {n} {why}" for why, n in self.left_out.items()]
        out += [f"dropped: {n} {why}" for why, n in sorted(self.dropped.items())]
        out += [f"note: {n} {what}" for what, n in sorted(self.notes.items())]
        return out


def default_layer(fmt: str) -> LayerChoice:
    """The layers a format exports without ``--layer`` (its class's ``default_layer``; ``all`` if unknown)."""
    cls = REGISTRY.get(fmt)
    return cls.default_layer if cls is not None else "all"


def parse_split(spec: str) -> tuple[tuple[str, float], ...]:
    """``"train=0.8,dev=0.1,test=0.1"`` -> ((name, fraction), ...); fractions must add up to 1."""
    parts: list[tuple[str, float]] = []
    for piece in spec.split(","):
        name, sep, value = piece.strip().partition("=")
        name = name.strip()
        if not sep or not _PART_NAME.match(name):
            raise AnnotatorError(f"--split: expected NAME=FRACTION pairs like train=0.8,dev=0.2 (got {piece!r})")
        try:
            frac = float(value)
        except ValueError:
            raise AnnotatorError(f"--split: {value.strip()!r} is not a number") from None
        if not 0 < frac <= 1:
            raise AnnotatorError(f"--split: the fraction of {name} must be above 0 and at most 1")
        if name in (n for n, _ in parts):
            raise AnnotatorError(f"--split: {name} is named twice")
        parts.append((name, frac))
    if abs(sum(f for _, f in parts) - 1) > 1e-6:
        raise AnnotatorError(f"--split: the fractions add up to {sum(f for _, f in parts):g}, not 1")
    return tuple(parts)


def assign_splits(articles: list[tuple[int, str]], split: tuple[tuple[str, float], ...],
                  seed: int) -> dict[int, str]:
    """Whole articles to parts, by a seeded shuffle of their external ids; counts follow the fractions."""
    ordered = sorted(articles, key=lambda a: a[1])
    random.Random(seed).shuffle(ordered)
    n = len(ordered)
    exact = [f * n for _, f in split]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(split)), key=lambda i: (counts[i] - exact[i], i))[: n - sum(counts)]:
        counts[i] += 1
    out: dict[int, str] = {}
    pos = 0
    for (name, _), c in zip(split, counts):
        for art_id, _ in ordered[pos:pos + c]:
            out[art_id] = name
        pos += c
    return out
