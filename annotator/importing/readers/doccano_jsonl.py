"""doccano JSONL, read whole: doccano's own sequence-labelling export and ``annotator export --format doccano``.

One JSON object per line::

    {"id": 12, "text": "...", "label": [[0, 4, "PERSON"], ...], "article_id": "a1", "paragraph": 2,
     "Comments": []}

- Spans are ``label`` (doccano 1.5+), ``labels`` (older doccano) or ``entities`` (doccano's export with
  relations: objects with ``start_offset``, ``end_offset``, ``label`` and ``id``; or ``[start, end, label]``
  lists). Relations (``from_id``, ``to_id``, ``type``) that are speaker / claimant / cue links become links;
  others are counted and dropped.
- Offsets count in the unit given (``import --offsets``; :data:`DEFAULT_OFFSETS`: UTF-16 units, what a
  doccano project counts unless "count grapheme clusters as one character" is on) and are converted to code
  points through :class:`annotator.core.offsets.UnitMap`. An offset that is no character boundary in that
  unit (between the two halves of an emoji, inside a flag in grapheme mode) fails naming the line: the file
  was written in another unit.
- Lines sharing ``article_id`` and giving ``paragraph`` form one article, matched to the project's paragraphs
  by index and text; a line without them is a whole article, matched by ``article_id`` or by its text.
- Every other field is doccano metadata and goes to the article's ``meta`` (doccano's ``id`` as
  ``doccano_id``, non-empty ``Comments`` as ``doccano_comments``). The paragraphs become done for the
  importing annotator, as a spans line's do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.core.labels import LINK_KINDS
from annotator.core.offsets import OFFSET_UNITS, OffsetError, OffsetUnit, UnitMap
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.lines import (
    Groups,
    InAnnotation,
    InArticle,
    InLink,
    InPiece,
    Line,
    ParsedFile,
    json_line,
    order_pieces,
)

DESCRIPTION: Final = 'a doccano JSONL file ("text" and "label": [[start, end, "LABEL"], ...])'
DEFAULT_OFFSETS: Final[OffsetUnit] = "utf16"
SPAN_FIELDS: Final = ("label", "labels", "entities")  # where doccano versions put the spans, tried in order
_OWN_FIELDS: Final = frozenset({"id", "text", "label", "labels", "entities", "relations", "Comments",
                                "article_id", "paragraph"})


def _triple(item: Any) -> bool:
    return (isinstance(item, list) and len(item) == 3 and all(type(x) is int for x in item[:2])
            and isinstance(item[2], str))


def _entity(item: Any) -> bool:
    return isinstance(item, dict) and "start_offset" in item and "end_offset" in item and "label" in item


def span_field(obj: dict[str, Any]) -> str | None:
    """The field holding a doccano line's spans (``label`` ...), or None when ``obj`` is no doccano line."""
    if not isinstance(obj.get("text"), str):
        return None
    for key in SPAN_FIELDS:
        value = obj.get(key)
        if isinstance(value, list) and all(_triple(x) or (key == "entities" and _entity(x)) for x in value):
            return key
    return None


def recognise(path: Path, encoding: str | None) -> bool:
    """A ``.jsonl`` file whose first non-blank line is a doccano line (cheap: reads up to that line)."""
    if path.suffix.lower() != ".jsonl":
        return False
    try:
        with fileguard.open_file(path, "rb") as fh:
            for raw in fh:
                if raw.strip():
                    obj = json.loads(raw.decode(encoding or "utf-8-sig"))
                    return isinstance(obj, dict) and span_field(obj) is not None
    except (OSError, UnicodeError, LookupError, ValueError, RecursionError):
        return False
    return False


def read(path: Path, encoding: str | None) -> ParsedFile:
    """The file with offsets in UTF-16 units (doccano's default); raises :class:`BadInputError`."""
    return read_in(path, encoding, DEFAULT_OFFSETS)


def read_in(path: Path, encoding: str | None, offsets: OffsetUnit) -> ParsedFile:
    """Every line of the file, offsets counted in ``offsets``, grouped into articles; raises
    :class:`BadInputError` naming the file and line."""
    name = str(path)
    groups: Groups = {}
    parsed = ParsedFile(name, [])
    for lineno, raw in iter_lines(path, encoding):
        ln = Line(name, lineno)
        obj = json_line(ln, raw)
        if not isinstance(obj, dict):
            raise ln.fail(f"expected a JSON object, got {type(obj).__name__}")
        _read_line(ln, obj, offsets, groups, parsed)
        parsed.lines += 1
    parsed.articles = list(groups.values())
    order_pieces(parsed, "line")
    return parsed


def _read_line(ln: Line, obj: dict[str, Any], offsets: OffsetUnit, groups: Groups, parsed: ParsedFile) -> None:
    key = span_field(obj)
    if key is None:
        if not isinstance(obj.get("text"), str):
            raise ln.fail("field 'text' must be a string")
        raise ln.fail("no spans: expected 'label' (or 'labels', 'entities') as a list of [start, end, \"LABEL\"]")
    text: str = obj["text"]
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    if "\x00" in text:
        raise ln.fail("field 'text' contains a NUL character")
    umap = UnitMap(text, offsets)
    piece = InPiece(ln.lineno, None, text, status="done")
    by_id: dict[Any, str] = {}  # a doccano entity id -> the span's key
    for i, item in enumerate(obj[key]):
        if isinstance(item, dict):
            label, start, end = item["label"], item["start_offset"], item["end_offset"]
            if not isinstance(label, str):
                raise ln.fail(f"span {i}: field 'label' must be a string")
        else:
            start, end, label = item
        what = f"span {i} ({label})"
        if not all(type(v) is int for v in (start, end)) or start >= end:
            raise ln.fail(f"{what}: start and end must be integers, start before end (got {start!r}, {end!r})")
        try:
            s, e = umap.to_codepoint(start), umap.to_codepoint(end)
        except OffsetError as exc:
            others = " or ".join(u for u in OFFSET_UNITS if u != offsets)
            raise ln.fail(f"{what}: {exc}; try --offsets {others}") from None
        span_key = f"{ln.lineno}:{i}"
        piece.annotations.append(InAnnotation(span_key, None, None, label, s, e, {}, None, None))
        if isinstance(item, dict) and item.get("id") is not None:
            by_id[item["id"]] = span_key
    parsed.dropped_relations += _links(ln, obj, by_id, piece)
    _group(ln, obj, text, piece, groups)


def _links(ln: Line, obj: dict[str, Any], by_id: dict[Any, str], piece: InPiece) -> int:
    """doccano relations as links; the number of those that are not speaker / claimant / cue links."""
    dropped = 0
    for i, rel in enumerate(ln.get(obj, "relations", list, optional=True) or []):
        if not isinstance(rel, dict):
            raise ln.fail(f"relation {i} is not an object")
        source, target = by_id.get(rel.get("from_id")), by_id.get(rel.get("to_id"))
        if source is None or target is None:
            raise ln.fail(f"relation {i}: 'from_id' or 'to_id' is not the id of one of the line's entities")
        kind = str(rel.get("type", "")).lower()
        if kind not in LINK_KINDS:
            dropped += 1
            continue
        piece.links.append(InLink(source, kind, target, None))
    return dropped


def _group(ln: Line, obj: dict[str, Any], text: str, piece: InPiece, groups: Groups) -> None:
    raw_id = obj.get("article_id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ln.fail("field 'article_id' must be a string or an integer")
    para = obj.get("paragraph")
    if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
        raise ln.fail("field 'paragraph' must be a whole number")
    meta = {k: v for k, v in obj.items() if k not in _OWN_FIELDS}
    if obj.get("id") is not None:
        meta["doccano_id"] = obj["id"]
    if obj.get("Comments"):
        meta["doccano_comments"] = obj["Comments"]
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": Path(ln.path).name, "meta": meta}
    if raw_id is None or para is None:
        art = InArticle(ln.path, ln.lineno, "doccano", None if raw_id is None else str(raw_id), head, text,
                        whole=True, pieces=[piece])
        groups[("doccano-line", str(ln.lineno))] = art
    else:
        piece.index = para
        art = groups.setdefault(("doccano", str(raw_id)),
                                InArticle(ln.path, ln.lineno, "doccano", str(raw_id), head))
        art.pieces.append(piece)
