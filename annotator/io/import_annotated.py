"""Read annotated JSONL (native and spans lines) into articles to import.

Lines are recognised by their fields: a native line has
``"format": "corpus-annotator-native"``; a spans line has ``text`` and a
``spans`` list (Prodigy's task shape). A spans line is one paragraph; lines
sharing ``meta.article_id`` form one article in the order of
``meta.paragraph``; a line without ``meta.article_id`` (or without
``meta.paragraph``) is a whole article on its own. Every check that needs no
project happens here, so a bad file fails before anything is written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.labels import LINK_KINDS
from annotator.core.model import ORIGINS
from annotator import fileguard
from annotator.errors import BadInputError
from annotator.io.decode import iter_lines, printable
from annotator.io.export_native import FORMAT_NAME, FORMAT_VERSION

SPECIALS = ("unnamed", "journalist")
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
    status: str | None = None
    annotations: list[InAnnotation] = field(default_factory=list)
    links: list[InLink] = field(default_factory=list)


@dataclass
class InArticle:
    path: str
    line: int
    kind: str  # native | spans
    ext_id: str | None
    head: dict[str, Any]  # title, url, lang, source, meta
    text: str | None = None  # the full article text, when known
    layout: list[tuple[int, int, str | None]] | None = None
    whole: bool = False  # one piece covering the whole article text
    pieces: list[InPiece] = field(default_factory=list)


@dataclass
class ParsedFile:
    path: str
    articles: list[InArticle]
    lines: int = 0
    rejected: int = 0  # spans lines answered "reject" / "ignore"
    dropped_relations: int = 0


def line_kind(obj: Any) -> str | None:
    """``"native"``, ``"spans"``, or None for anything else (e.g. a plain article line)."""
    if not isinstance(obj, dict):
        return None
    if obj.get("format") == FORMAT_NAME:
        return "native"
    if "spans" in obj and "text" in obj:
        return "spans"
    return None


def sniff(path: Path, encoding: str | None = None) -> str | None:
    """The kind of a ``.jsonl`` file's first non-blank line, or None (not annotated, or unreadable).

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


class _Line:
    """Typed access to one JSON object, failing with file:line."""

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


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _native_annotations(ln: _Line, text: str, items: Any, where: str) -> tuple[list[InAnnotation], list[InLink]]:
    if not isinstance(items.get("annotations"), list) or not isinstance(items.get("links", []), list):
        raise ln.fail(f"{where}'annotations' and 'links' must be lists")
    anns: list[InAnnotation] = []
    seen: set[str] = set()
    for i, a in enumerate(items["annotations"]):
        if not isinstance(a, dict):
            raise ln.fail(f"{where}annotation {i} is not an object")
        uid = ln.get(a, "id", str, where=f"{where}annotation {i}: ")
        label = ln.get(a, "label", str, where=f"{where}annotation {uid}: ")
        ln.span(text, a.get("start"), a.get("end"), f"{where}annotation {uid} ({label})",
                ln.get(a, "text", str, optional=True, where=f"{where}annotation {uid}: "))
        origin = ln.get(a, "origin", str, optional=True, where=f"{where}annotation {uid}: ")
        if origin is not None and origin not in ORIGINS:
            raise ln.fail(f"{where}annotation {uid}: unknown origin {origin!r}")
        if uid in seen:
            raise ln.fail(f"{where}annotation id {uid} appears twice")
        seen.add(uid)
        anns.append(InAnnotation(uid, uid, ln.get(a, "layer", str, optional=True), label, a["start"], a["end"],
                                 ln.get(a, "attrs", dict, optional=True) or {}, origin,
                                 ln.get(a, "entity", str, optional=True)))
    links: list[InLink] = []
    for i, lk in enumerate(items.get("links") or []):
        if not isinstance(lk, dict):
            raise ln.fail(f"{where}link {i} is not an object")
        source = ln.get(lk, "source", str, where=f"{where}link {i}: ")
        kind = ln.get(lk, "kind", str, where=f"{where}link {i}: ")
        target = ln.get(lk, "target", str, optional=True, where=f"{where}link {i}: ")
        special = ln.get(lk, "special", str, optional=True, where=f"{where}link {i}: ")
        if source not in seen:
            raise ln.fail(f"{where}link {i}: its source {source} is not an annotation of this paragraph")
        if kind not in LINK_KINDS:
            raise ln.fail(f"{where}link {i}: unknown kind {kind!r}")
        if (target is None) == (special is None) or (special is not None and special not in SPECIALS):
            raise ln.fail(f"{where}link {i}: needs a target id or a special source ({', '.join(SPECIALS)})")
        links.append(InLink(source, kind, target, special))
    return anns, links


def _head(ln: _Line, art: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(art, dict):
        raise ln.fail("field 'article' must be an object")
    ext_id = ln.get(art, "id", (str, int), where="article: ")
    head = {k: ln.get(art, k, str, optional=True, where="article: ") for k in ("title", "url", "lang", "source")}
    head["meta"] = ln.get(art, "meta", dict, optional=True, where="article: ") or {}
    return str(ext_id), head


def _layout(ln: _Line, text: str, rows: Any) -> list[tuple[int, int, str | None]]:
    if not isinstance(rows, list) or not rows:
        raise ln.fail("the article's paragraph layout must be a non-empty list")
    out = []
    prev = 0
    for r in rows:
        if (not isinstance(r, list) or len(r) != 3 or not all(isinstance(v, int) for v in r[:2])
                or not (r[2] is None or isinstance(r[2], str))):
            raise ln.fail("each paragraph of the layout must be [start, end, boilerplate flag]")
        if not prev <= r[0] < r[1] <= len(text):
            raise ln.fail(f"paragraph {r[0]}-{r[1]} of the layout is out of order or outside the article text")
        if text[r[0]].isspace() or text[r[1] - 1].isspace():
            raise ln.fail(f"paragraph {r[0]}-{r[1]} of the layout begins or ends with white space")
        if text[prev:r[0]].strip():
            raise ln.fail(f"the layout leaves text outside its paragraphs (before offset {r[0]})")
        prev = r[1]
        out.append((r[0], r[1], r[2]))
    if text[prev:].strip():
        raise ln.fail(f"the layout leaves text outside its paragraphs (after offset {prev})")
    return out


def _native(ln: _Line, obj: dict[str, Any], groups: dict[tuple[str, str], InArticle]) -> None:
    version = obj.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ln.fail(f"native format version {version!r}: written by a newer corpus-annotator")
    ext_id, head = _head(ln, obj.get("article"))
    text = ln.get(obj, "text", str)
    if isinstance(obj.get("paragraphs"), list):  # a whole article
        parts = obj["paragraphs"]
        for i, p in enumerate(parts):
            if not isinstance(p, dict):
                raise ln.fail(f"paragraph {i} is not an object")
        layout = _layout(ln, text, [[p.get("start"), p.get("end"), p.get("boilerplate")] for p in parts])
        art = InArticle(ln.path, ln.lineno, "native", ext_id, head, text, layout)
        for p, (s, e, _) in zip(parts, layout):
            idx = ln.get(p, "paragraph", int)
            piece = InPiece(ln.lineno, idx, text[s:e], s, e, _status(ln, p))
            piece.annotations, piece.links = _native_annotations(ln, piece.text, p, f"paragraph {idx}: ")
            art.pieces.append(piece)
        groups[("native-article", f"{ln.lineno}")] = art
        return
    idx = ln.get(obj, "paragraph", int)
    start, end = ln.get(obj, "start", int), ln.get(obj, "end", int)
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    full = ln.get(obj, "article_text", str, optional=True)
    art = groups.get(("native", ext_id))
    if art is None:
        art = groups[("native", ext_id)] = InArticle(ln.path, ln.lineno, "native", ext_id, head)
    if full is not None and art.text is None:
        art.text = full
        if obj.get("article_paragraphs") is not None:
            art.layout = _layout(ln, full, obj["article_paragraphs"])
    if art.text is not None and art.text[start:end] != text:
        raise ln.fail(f"paragraph {idx}: its text is not the article's text at {start}-{end}")
    piece = InPiece(ln.lineno, idx, text, start, end, _status(ln, obj))
    piece.annotations, piece.links = _native_annotations(ln, text, obj, "")
    art.pieces.append(piece)


def _status(ln: _Line, obj: dict[str, Any]) -> str | None:
    status = obj.get("status")
    if status is not None and status not in ("todo", "done", "skipped"):
        raise ln.fail(f"unknown status {status!r}")
    return status


def _spans(ln: _Line, obj: dict[str, Any], groups: dict[tuple[str, str], InArticle], parsed: ParsedFile) -> None:
    text = ln.get(obj, "text", str)
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    if obj.get("answer", "accept") in ("reject", "ignore"):
        parsed.rejected += 1
        return
    spans = ln.get(obj, "spans", list)
    meta = ln.get(obj, "meta", dict, optional=True) or {}
    piece = InPiece(ln.lineno, None, text)
    by_offsets: dict[tuple[int, int], str] = {}
    for i, sp in enumerate(spans):
        if not isinstance(sp, dict):
            raise ln.fail(f"span {i} is not an object")
        label = ln.get(sp, "label", str, where=f"span {i}: ")
        ln.span(text, sp.get("start"), sp.get("end"), f"span {i} ({label})",
                ln.get(sp, "text", str, optional=True, where=f"span {i}: "))
        key = f"{ln.lineno}:{i}"
        piece.annotations.append(InAnnotation(key, None, None, label, sp["start"], sp["end"], {}, None, None))
        by_offsets.setdefault((sp["start"], sp["end"]), key)
    for i, rel in enumerate(ln.get(obj, "relations", list, optional=True) or []):
        ends = [rel.get(k) if isinstance(rel, dict) else None for k in ("head_span", "child_span")]
        if not all(isinstance(e, dict) for e in ends):
            raise ln.fail(f"relation {i} needs 'head_span' and 'child_span' objects")
        offsets = [(e.get("start"), e.get("end")) for e in ends]
        if not all(type(x) is int for pair in offsets for x in pair):
            raise ln.fail(f"relation {i}: 'head_span' and 'child_span' need integer 'start' and 'end'")
        keys = [by_offsets.get(pair) for pair in offsets]
        kind = str(rel.get("label", "")).lower()
        if None in keys:
            raise ln.fail(f"relation {i}: its head or child is not one of the line's spans")
        if kind not in LINK_KINDS:
            parsed.dropped_relations += 1
            continue
        piece.links.append(InLink(keys[0], kind, keys[1], None))
    raw_id = meta.get("article_id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ln.fail("meta.article_id must be a string or an integer")
    para = meta.get("paragraph")
    if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
        raise ln.fail("meta.paragraph must be a whole number")
    head = {"title": None, "url": None, "lang": None, "source": Path(ln.path).name, "meta": {}}
    if raw_id is None or para is None:
        art = InArticle(ln.path, ln.lineno, "spans", None if raw_id is None else str(raw_id), head, text,
                        whole=True, pieces=[piece])
        groups[("spans-line", str(ln.lineno))] = art
        return
    piece.index = para
    art = groups.setdefault(("spans", str(raw_id)), InArticle(ln.path, ln.lineno, "spans", str(raw_id), head))
    art.pieces.append(piece)


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


def parse_file(path: Path, encoding: str | None = None) -> ParsedFile:
    """Every annotated line of a file, grouped into articles; raises :class:`BadInputError`."""
    name = str(path)
    groups: dict[tuple[str, str], InArticle] = {}
    parsed = ParsedFile(name, [])
    for lineno, raw in iter_lines(path, encoding):
        ln = _Line(name, lineno)
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ln.fail(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except (ValueError, RecursionError) as exc:  # nested too deeply, an integer too long
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
            raise ln.fail(f"not valid JSON ({reason})") from None
        if _SURROGATE_ESCAPE.search(raw) and not _encodable(obj):
            raise ln.fail("holds an unpaired surrogate (an escape like \\ud800 that is not text)")
        kind = line_kind(obj)
        if kind == "native":
            _native(ln, obj, groups)
        elif kind == "spans":
            _spans(ln, obj, groups, parsed)
        else:
            raise ln.fail("neither a native line (\"format\") nor a spans line (\"text\" and \"spans\")")
        parsed.lines += 1
    if parsed.lines == 0:
        raise BadInputError(name, "no line in file")
    for art in groups.values():
        seen: dict[int, int] = {}
        for piece in art.pieces:
            if piece.index is not None and piece.index in seen:
                raise BadInputError(name, printable(f"paragraph {piece.index} of article {art.ext_id} is also on "
                                                    f"line {seen[piece.index]}"), piece.line)
            if piece.index is not None:
                seen[piece.index] = piece.line
        art.pieces.sort(key=lambda p: -1 if p.index is None else p.index)
    parsed.articles = list(groups.values())
    return parsed
