"""Formats written whole into one binary file per output (spaCy's DocBin ``.spacy``).

Such a file cannot be appended to line by line, nor joined from the parts of several processes: a
:class:`WholeFileFormat` takes each unit with :meth:`add` (into the part of a split it belongs to) and
gives each part's bytes at the end (:meth:`data`). :mod:`annotator.export.whole_file` reads the units in
one snapshot and one process and writes every file atomically.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import ClassVar

from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.unit import Unit


class WholeFileFormat(BaseFormat):
    """A format whose output is one binary file per part, built whole."""

    suffix: ClassVar[str]  # of the file written: ".spacy"

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)

    def encode(self, unit: Unit) -> str:
        raise NotImplementedError(f"{self.name} writes one binary file, not lines")

    @abstractmethod
    def add(self, unit: Unit, part: str = "") -> None:
        """Take one unit into the file of ``part`` (``""`` without a split)."""

    @abstractmethod
    def data(self, part: str = "") -> bytes:
        """The whole file of ``part``, once every unit was added."""
