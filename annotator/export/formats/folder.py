"""Formats that write several files per article into a folder OUT (brat, UIMA CAS XMI, WebAnno TSV, Citron).

A :class:`FolderFormat` turns each article unit into named documents (``documents``) and may add files that
describe the schema once per folder (``schema_files``: brat's ``annotation.conf``, the XMI ``TypeSystem.xml``).
:mod:`annotator.export.folder` writes them into a temporary sibling folder and renames it into place, so OUT
appears whole or not at all. Every folder format exports whole articles (``--unit article``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from annotator.core.labels import LabelSchema
from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.common import FormatStats
from annotator.export.formats.unit import Unit
from annotator.store.corpus_queries import AnnotationRow, LinkRow

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM = 80


@dataclass(frozen=True, slots=True)
class Document:
    """One file of a folder export: its name inside the folder and its whole text (written byte-exact as UTF-8)."""

    name: str
    text: str


def file_stem(ext_id: str, taken: set[str]) -> str:
    """A file name stem for an article id, safe on every file system and unique (case-insensitively) in
    ``taken``, which it joins: ``"berita/2024 #1"`` -> ``"berita_2024_1"``, then ``"berita_2024_1-2"``."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", ext_id) if not unicodedata.combining(c))
    stem = _UNSAFE.sub("_", plain).strip("._-")[:MAX_STEM] or "article"
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.casefold())
    return candidate


def kept_annotations(unit: Unit, stats: FormatStats) -> list[AnnotationRow]:
    """The unit's annotations a folder format writes: accepted ones (suggestions are counted and left out),
    in text order."""
    out = []
    for a in unit.annotations:
        if a.origin == "suggested":
            stats.dropped["suggestion not yet accepted"] += 1
            continue
        out.append(a)
    out.sort(key=lambda a: (a.start, -a.end, a.layer, a.label, a.id))
    stats.count([a.label for a in out])
    return out


def kept_links(unit: Unit, kept: list[AnnotationRow], stats: FormatStats) -> list[tuple[AnnotationRow, LinkRow,
                                                                                         AnnotationRow]]:
    """(source, link, target) of every link between two written annotations; links to a special source
    (unnamed, journalist) or to an annotation not written are counted as dropped."""
    by_id = {a.id: a for a in kept}
    out = []
    for a in kept:
        for lk in unit.links.get(a.id, ()):
            target = by_id.get(lk.target_id) if lk.target_id is not None else None
            if target is None:
                why = (f"{lk.kind} link to '{lk.special}' (no span to relate)" if lk.special is not None
                       else f"{lk.kind} link to a span not exported")
                stats.dropped[why] += 1
                continue
            out.append((a, lk, target))
            stats.relations += 1
    return out


class FolderFormat(BaseFormat):
    """A format whose OUT is a folder: one or more files per article, plus schema files."""

    needs_links = True
    full_rows = True  # attributes and entity clusters are written
    suffixes: ClassVar[tuple[str, ...]]  # of every file it writes (an old OUT holding others is not replaced)

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)

    def encode(self, unit: Unit) -> str:
        raise NotImplementedError(f"{self.name} writes a folder of files, not lines")

    def start(self, schema: LabelSchema) -> None:
        """Called once with the project's label schema, before the first unit."""

    @abstractmethod
    def documents(self, unit: Unit, stem: str) -> list[Document]:
        """The files of one article unit, named from ``stem`` (unique in the folder)."""

    def schema_files(self, schema: LabelSchema) -> list[Document]:
        """Files written once into each output folder (the label schema in the tool's terms)."""
        return []


def attrs_of(a: AnnotationRow) -> dict[str, str]:
    """An annotation's attributes as text values (the schema's attribute values are strings)."""
    if not a.attrs_json:
        return {}
    raw = json.loads(a.attrs_json)
    if not isinstance(raw, dict):
        return {}
    return {str(k): v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for k, v in raw.items()
            if v is not None}
