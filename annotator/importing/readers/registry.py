"""The input formats, in two tables, and how a file is sorted into one of them.

- :data:`ARTICLE_FORMATS`: files of plain articles, chosen by suffix; each
  entry's reader yields the file's articles (see :data:`ArticleReader`).
- :data:`LINE_FORMATS`: kinds of annotated JSONL line, recognised by their
  fields; each entry's reader adds one parsed line to the articles of its file
  (see :data:`LineReader`). A file whose first non-blank line is of one of these
  kinds is annotated (:func:`sniff`); any later line may be of any kind.

The order of each table is the order entries are tried.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from annotator import fileguard
from annotator.core.model import ArticleIn
from annotator.core.offsets import OFFSET_UNITS, OffsetUnit
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing.readers import (
    bio_lines,
    brat_reader,
    citron_reader,
    conll_reader,
    docbin_reader,
    doccano_jsonl,
    jsonl_articles,
    labelstudio_json,
    native_lines,
    spans_lines,
    txt_articles,
    webanno_tsv_reader,
    xmi_reader,
)
from annotator.importing.readers.kinds import ArticleFormatName, LineKind, OnBadLine
from annotator.importing.readers.lines import Groups, Line, ParsedFile

ImportPath = Literal["articles", "annotated"]  # the two ways in: annotator.importing.articles / .annotations

# (path, encoding, on_bad) -> (article, its line number; None when the file is the article); on_bad None: raise
ArticleReader = Callable[[Path, str | None, OnBadLine | None], Iterator[tuple[ArticleIn, int | None]]]
# (the line, its JSON object, the file's articles so far by group key, the file's counts) -> None; raises
LineReader = Callable[[Line, dict[str, Any], Groups, ParsedFile], None]
# (path, encoding) -> the whole file parsed; raises BadInputError naming the file (and line) on bad input
DocumentReader = Callable[[Path, str | None], ParsedFile]


@dataclass(frozen=True)
class ArticleFormat:
    name: ArticleFormatName
    suffix: str  # lower case, with the dot
    read: ArticleReader
    match_ids: bool  # an article whose id is in the project is that article (not only one with the same text)


@dataclass(frozen=True)
class LineFormat:
    kind: LineKind
    suffix: str  # of the files that may hold such lines
    recognise: Callable[[dict[str, Any]], bool]  # from a line's fields, tried in table order
    read: LineReader
    description: str  # for the message about a line of no kind: 'a spans line ("text" and "spans")'


@dataclass(frozen=True)
class DocumentFormat:
    """A peer tool's annotated file format, read whole (doccano, Label Studio, DocBin, CoNLL, brat, ...)."""

    name: LineKind  # the name given to ``import --format``
    suffixes: tuple[str, ...]  # lower case, with the dot
    recognise: Callable[[Path, str | None], bool]  # cheap: suffix and the first bytes; tried in table order
    read: DocumentReader
    description: str  # for messages: "a doccano JSONL export"
    # files that belong to a document file and are read with it, never on their own (brat: the .ann's .txt)
    companions: Callable[[Path], tuple[Path, ...]] = lambda _path: ()
    # a reader that takes the unit of the file's offsets (``import --offsets``); None: the format has one unit
    read_in: Callable[[Path, str | None, OffsetUnit], ParsedFile] | None = None


ARTICLE_FORMATS: Final[tuple[ArticleFormat, ...]] = (
    ArticleFormat("txt", ".txt", txt_articles.read_articles, match_ids=False),
    ArticleFormat("jsonl", ".jsonl", jsonl_articles.read_articles, match_ids=True),
)
LINE_FORMATS: Final[tuple[LineFormat, ...]] = (
    LineFormat("native", ".jsonl", native_lines.recognise, native_lines.read_line, native_lines.DESCRIPTION),
    LineFormat("spans", ".jsonl", spans_lines.recognise, spans_lines.read_line, spans_lines.DESCRIPTION),
    LineFormat("bio", ".jsonl", bio_lines.recognise, bio_lines.read_line, bio_lines.DESCRIPTION),
)

# peer formats read whole; a file one of them recognises is annotated, never plain articles
DOCUMENT_FORMATS: Final[tuple[DocumentFormat, ...]] = (
    DocumentFormat("doccano", (".jsonl",), doccano_jsonl.recognise, doccano_jsonl.read, doccano_jsonl.DESCRIPTION,
                   read_in=doccano_jsonl.read_in),
    DocumentFormat("brat", (".ann",), brat_reader.recognise, brat_reader.read, brat_reader.DESCRIPTION,
                   brat_reader.companions),
    DocumentFormat("citron", (".json",), citron_reader.recognise, citron_reader.read, citron_reader.DESCRIPTION),
    DocumentFormat("xmi", (".xmi",), xmi_reader.recognise, xmi_reader.read, xmi_reader.DESCRIPTION),
    DocumentFormat("webanno-tsv", (".tsv",), webanno_tsv_reader.recognise, webanno_tsv_reader.read,
                   webanno_tsv_reader.DESCRIPTION),
    DocumentFormat("labelstudio", (".json",), labelstudio_json.recognise, labelstudio_json.read,
                   labelstudio_json.DESCRIPTION),
    DocumentFormat("docbin", docbin_reader.SUFFIXES, docbin_reader.recognise, docbin_reader.read,
                   docbin_reader.DESCRIPTION),
    DocumentFormat("conll", conll_reader.SUFFIXES, conll_reader.recognise, conll_reader.read,
                   conll_reader.DESCRIPTION),
)


def document_format(path: Path, encoding: str | None = None, forced: str | None = None) -> DocumentFormat | None:
    """The peer format that reads ``path`` (``forced``: the one named by ``import --format``), or None."""
    if forced is not None:
        for fmt in DOCUMENT_FORMATS:
            if fmt.name == forced:
                return fmt
        return None
    return next((fmt for fmt in DOCUMENT_FORMATS if fmt.recognise(path, encoding)), None)


def suffixes() -> tuple[str, ...]:
    """The suffixes of every input format, in table order: ``(".txt", ".jsonl")``."""
    return tuple(dict.fromkeys([f.suffix for f in ARTICLE_FORMATS] + [f.suffix for f in LINE_FORMATS]
                               + [s for f in DOCUMENT_FORMATS for s in f.suffixes]))


def suffix_names() -> str:
    """The suffixes for a message: ``".txt or .jsonl"``."""
    return " or ".join(suffixes())


def article_format(path: Path) -> ArticleFormat:
    """The article format of a file, by its suffix; raises :class:`BadInputError` for another suffix."""
    suffix = path.suffix.lower()
    for fmt in ARTICLE_FORMATS:
        if fmt.suffix == suffix:
            return fmt
    raise BadInputError(str(path), f"not a {suffix_names()} file")


def line_format(obj: Any) -> LineFormat | None:
    """The kind of annotated line ``obj`` (a parsed JSON line) is, or None (e.g. a plain article line)."""
    if not isinstance(obj, dict):
        return None
    return next((fmt for fmt in LINE_FORMATS if fmt.recognise(obj)), None)


def line_kind(obj: Any) -> LineKind | None:
    """``"native"``, ``"spans"``, ... or None for anything else (e.g. a plain article line)."""
    fmt = line_format(obj)
    return None if fmt is None else fmt.kind


def no_line_kind() -> str:
    """Why a line is refused that is of no kind: 'neither a native line (...) nor a spans line (...)'."""
    return "neither " + " nor ".join(fmt.description for fmt in LINE_FORMATS)


def sniff(path: Path, encoding: str | None = None) -> LineKind | None:
    """The kind of a file's first non-blank line, or None (not annotated, or unreadable).

    Reads only up to that line, so sniffing a large article file costs nothing.
    """
    try:
        with fileguard.open_file(path, "rb") as fh:
            for raw in fh:
                if raw.strip():
                    try:
                        return line_kind(json.loads(raw.decode(encoding or "utf-8-sig")))
                    except (UnicodeError, LookupError, ValueError, RecursionError):
                        return None
    except OSError:
        return None
    return None


def is_annotated_file(path: Path, encoding: str | None = None) -> bool:
    """Whether a file holds annotated lines (native or spans), not plain articles."""
    if document_format(path, encoding) is not None:
        return True
    suffix = path.suffix.lower()
    return any(fmt.suffix == suffix for fmt in LINE_FORMATS) and sniff(path, encoding) is not None


def import_path(path: Path, encoding: str | None = None, forced: str | None = None) -> ImportPath:
    """Which way a file goes in: as plain articles or as annotated lines (every file, with ``forced``: the
    format named by ``import --format``). A JSONL line that carries labels no reader here recognises is
    refused when the articles are read (:func:`annotator.importing.readers.jsonl_articles.looks_like`)."""
    if forced is not None:
        return "annotated"
    return "annotated" if is_annotated_file(path, encoding) else "articles"


def import_format_names() -> tuple[str, ...]:
    """The names ``import --format`` takes, in table order: the annotated line kinds, then the peer formats."""
    return tuple(dict.fromkeys([f.kind for f in LINE_FORMATS] + [f.name for f in DOCUMENT_FORMATS]))


def check_import_format(name: str | None, offsets: OffsetUnit | str | None = None) -> None:
    """Refuse an unknown ``import --format`` name or ``--offsets`` unit, in one line naming the choices."""
    if name is not None and name not in import_format_names():
        raise AnnotatorError(f"unknown import format {name!r} (one of {', '.join(import_format_names())})")
    if offsets is not None and offsets not in OFFSET_UNITS:
        raise AnnotatorError(f"unknown offsets {offsets!r} (one of {', '.join(OFFSET_UNITS)})")


def read_document(fmt: DocumentFormat, path: Path, encoding: str | None,
                  offsets: OffsetUnit | None = None) -> ParsedFile:
    """A peer format's file read whole, its offsets counted in ``offsets`` (None: the format's own default)."""
    if offsets is None:
        return fmt.read(path, encoding)
    if fmt.read_in is None:
        if offsets == "codepoints":
            return fmt.read(path, encoding)
        raise BadInputError(str(path), f"--offsets {offsets}: {fmt.description} counts code points only")
    return fmt.read_in(path, encoding, offsets)


def check_line_file(path: Path, encoding: str | None = None, forced: str | None = None,
                    offsets: OffsetUnit | None = None) -> None:
    """Before an annotated JSONL file (native, spans, ... lines) is read: its first line is of the kind
    ``import --format`` named, and no ``--offsets`` other than code points was asked for."""
    if offsets not in (None, "codepoints"):
        raise BadInputError(str(path), f"--offsets {offsets}: native, spans and bio lines count code points; "
                                       "--offsets is for doccano files")
    if forced is None:
        return
    fmt = next((f for f in LINE_FORMATS if f.kind == forced), None)
    if fmt is None:
        raise AnnotatorError(f"unknown import format {forced!r} (one of {', '.join(import_format_names())})")
    if sniff(path, encoding) != forced:
        raise BadInputError(str(path), f"--format {forced}: its first line is not {fmt.description}")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every file of a known suffix (``.txt``, ``.jsonl``) below folders named, in a stable
    order; raises :class:`BadInputError` for a missing path or a file of another suffix."""
    known = suffixes()
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in known)
        elif p.is_file():
            if p.suffix.lower() not in known:
                raise BadInputError(str(p), f"not a {suffix_names()} file")
            out.append(p)
        elif p.exists():
            raise BadInputError(str(p), "not a regular file (a device, pipe or socket)")
        else:
            raise BadInputError(str(p), "no such file or folder")
    belong = {c for f in out for fmt in DOCUMENT_FORMATS if f.suffix.lower() in fmt.suffixes
              for c in fmt.companions(f)}  # read with their document file (brat's .txt with its .ann)
    return [f for f in out if f not in belong] if belong else out
