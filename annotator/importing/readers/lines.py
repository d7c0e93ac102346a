"""What the readers of annotated lines produce, and the checks they share.

A reader of one line kind (``native_lines``, ``spans_lines``) turns a parsed JSON
object into :class:`InArticle` / :class:`InPiece` / :class:`InAnnotation` rows,
grouped into articles by a key of its choosing; :func:`annotated_file.parse_file`
reads the file and hands each line to the reader its registry entry names.
Every check that needs no project happens in the readers, so a bad file fails
before anything is written.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import STATUSES, Status
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable
from annotator.importing.readers.kinds import LineKind

Layout = list[tuple[int, int, str | None]]  # paragraph start, end, boilerplate flag
_NAMES = {str: "string", int: "integer", dict: "object", list: "list"}


@dataclass
class InAnnotation:
    key: str  # the native id, or "line:n" for a spans line
    uid: str | None
    layer: str | None
    label: str
    start: int  # code points in the piece's text
    end: int
    attrs: dict[str, Any]
    origin: str | None
    entity: str | None


@dataclass
class InLink:
    source: str
    kind: str
    target: str | None
    special: str | None


@dataclass
class InPiece:
    """A paragraph (or, when ``whole``, the whole article) with its annotations."""

    line: int
    index: int | None
    text: str
    start: int | None = None  # offsets in the article text, when the file gives them
    end: int | None = None
    status: Status | None = None  # the status the annotator's paragraph gets; None: unchanged
    annotations: list[InAnnotation] = field(default_factory=list)
    links: list[InLink] = field(default_factory=list)


@dataclass
class InArticle:
    path: str
    line: int
    kind: LineKind
    ext_id: str | None
    head: dict[str, Any]  # title, url, lang, source, meta
    text: str | None = None  # the full article text, when known
    layout: Layout | None = None
    whole: bool = False  # one piece covering the whole article text
    # False: the file gave tokens only (no text, no offsets: Label Studio's CONLL2003), joined here by single
    # spaces; the importer then looks for a project paragraph with the same characters, spacing aside
    spacing_known: bool = True
    pieces: list[InPiece] = field(default_factory=list)


@dataclass
class ParsedFile:
    path: str
    articles: list[InArticle]
    lines: int = 0
    rejected: int = 0  # spans lines answered "reject" / "ignore"
    dropped_relations: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # what a peer format's reader left out, and why
    notes: Counter[str] = field(default_factory=Counter)  # what such a reader chose, e.g. "task(s) read from ..."


Groups = dict[tuple[str, str], InArticle]  # (group kind, key) -> article, in the order first seen


class Line:
    """Typed access to one JSON object of a file, failing with file:line."""

    def __init__(self, path: str, lineno: int) -> None:
        self.path, self.lineno = path, lineno

    def fail(self, message: str) -> BadInputError:
        return BadInputError(self.path, printable(message), self.lineno)

    def get(self, obj: dict[str, Any], key: str, kind: type | tuple[type, ...], *, optional: bool = False,
            where: str = "") -> Any:
        value = obj.get(key)
        if value is None and optional:
            return None
        ok = isinstance(value, kind) and not (isinstance(value, bool) and bool not in _tuple(kind))
        if not ok:
            names = " or ".join(_NAMES.get(t, t.__name__) for t in _tuple(kind))
            raise self.fail(f"{where}field '{key}' must be {'an' if names[0] in 'aeiou' else 'a'} {names}")
        return value

    def span(self, text: str, start: Any, end: Any, what: str, stored: Any = None) -> None:
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise self.fail(f"{what}: start and end must be integers")
        if not 0 <= start < end <= len(text):
            raise self.fail(f"{what}: offsets {start}-{end} lie outside the text (length {len(text)})")
        if stored is not None and text[start:end] != stored:
            raise self.fail(f"{what}: offsets {start}-{end} cover {text[start:end]!r}, not its text {stored!r}")

    def status(self, obj: dict[str, Any]) -> Status | None:
        status = obj.get("status")
        if status is not None and status not in STATUSES:
            raise self.fail(f"unknown status {status!r}")
        return status


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def order_pieces(parsed: ParsedFile, what: str) -> None:
    """Each article's paragraphs in index order; a paragraph given twice is refused (``what``: "line", "doc")."""
    for art in parsed.articles:
        seen: dict[int, int] = {}
        for piece in art.pieces:
            if piece.index is not None and piece.index in seen:
                raise BadInputError(parsed.path, printable(f"paragraph {piece.index} of article {art.ext_id} is "
                                                           f"also on {what} {seen[piece.index]}"), piece.line)
            if piece.index is not None:
                seen[piece.index] = piece.line
        art.pieces.sort(key=lambda p: -1 if p.index is None else p.index)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _encodable(obj: Any) -> bool:
    """Whether every string in a parsed line (keys too) can be stored, i.e. encoded as UTF-8."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    except (ValueError, RecursionError):  # NaN is fine here; too deep was refused by json.loads
        return True
    return True


def json_line(ln: Line, raw: str) -> Any:
    """One JSONL line parsed, or :class:`BadInputError` naming the file and line: not JSON, nested too deeply,
    an integer too long, or an escaped unpaired surrogate (text that cannot be stored)."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ln.fail(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # nested too deeply, an integer too long
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
        raise ln.fail(f"not valid JSON ({reason})") from None
    if _SURROGATE_ESCAPE.search(raw) and not _encodable(obj):
        raise ln.fail("holds an unpaired surrogate (an escape like \\ud800 that is not text)")
    return obj
