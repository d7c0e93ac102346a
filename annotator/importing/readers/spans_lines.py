"""Spans lines: Prodigy's task shape (and ``annotator export --format spans``), recognised by ``text`` and ``spans``.

A spans line is one paragraph; lines sharing ``meta.article_id`` form one
article in the order of ``meta.paragraph``; a line without ``meta.article_id``
(or without ``meta.paragraph``) is a whole article on its own. Lines answered
``reject`` / ``ignore`` are counted and left out; a span's optional ``layer``
(what ``annotator export --format spans`` writes) must be its label's layer in
the project's label schema; relations that are not
speaker / claimant / cue links are counted and dropped. The paragraphs of a
spans line become done for the importing annotator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from annotator.core.labels import LAYERS, LINK_KINDS
from annotator.importing.readers.lines import Groups, InAnnotation, InArticle, InLink, InPiece, Line, ParsedFile

DESCRIPTION: Final = 'a spans line ("text" and "spans")'


def recognise(obj: dict[str, Any]) -> bool:
    return "spans" in obj and "text" in obj


def read_line(ln: Line, obj: dict[str, Any], groups: Groups, parsed: ParsedFile) -> None:
    """Add one spans line to its article in ``groups``; raises :class:`BadInputError` naming the line."""
    text = ln.get(obj, "text", str)
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    if obj.get("answer", "accept") in ("reject", "ignore"):
        parsed.rejected += 1
        return
    spans = ln.get(obj, "spans", list)
    meta = ln.get(obj, "meta", dict, optional=True) or {}
    piece = InPiece(ln.lineno, None, text, status="done")
    by_offsets: dict[tuple[object, object], str] = {}  # (start, end) of a span -> its key
    for i, sp in enumerate(spans):
        if not isinstance(sp, dict):
            raise ln.fail(f"span {i} is not an object")
        label = ln.get(sp, "label", str, where=f"span {i}: ")
        layer = ln.get(sp, "layer", str, optional=True, where=f"span {i}: ")
        if layer is not None and layer not in LAYERS:
            raise ln.fail(f"span {i} ({label}): unknown layer {layer!r} (one of {', '.join(LAYERS)})")
        ln.span(text, sp.get("start"), sp.get("end"), f"span {i} ({label})",
                ln.get(sp, "text", str, optional=True, where=f"span {i}: "))
        key = f"{ln.lineno}:{i}"
        piece.annotations.append(InAnnotation(key, None, layer, label, sp["start"], sp["end"], {}, None, None))
        by_offsets.setdefault((sp["start"], sp["end"]), key)
    for i, rel in enumerate(ln.get(obj, "relations", list, optional=True) or []):
        ends = [rel.get(k) if isinstance(rel, dict) else None for k in ("head_span", "child_span")]
        if not all(isinstance(e, dict) for e in ends):
            raise ln.fail(f"relation {i} needs 'head_span' and 'child_span' objects")
        offsets = [(e.get("start"), e.get("end")) for e in ends if isinstance(e, dict)]  # both are
        if not all(type(x) is int for pair in offsets for x in pair):
            raise ln.fail(f"relation {i}: 'head_span' and 'child_span' need integer 'start' and 'end'")
        keys = [by_offsets.get(pair) for pair in offsets]
        kind = str(rel.get("label", "")).lower()
        if None in keys:
            raise ln.fail(f"relation {i}: its head or child is not one of the line's spans")
        if kind not in LINK_KINDS:
            parsed.dropped_relations += 1
            continue
        piece.links.append(InLink(str(keys[0]), kind, keys[1], None))
    raw_id = meta.get("article_id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ln.fail("meta.article_id must be a string or an integer")
    para = meta.get("paragraph")
    if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
        raise ln.fail("meta.paragraph must be a whole number")
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": Path(ln.path).name, "meta": {}}
    if raw_id is None or para is None:
        art = InArticle(ln.path, ln.lineno, "spans", None if raw_id is None else str(raw_id), head, text,
                        whole=True, pieces=[piece])
        groups[("spans-line", str(ln.lineno))] = art
        return
    piece.index = para
    art = groups.setdefault(("spans", str(raw_id)), InArticle(ln.path, ln.lineno, "spans", str(raw_id), head))
    art.pieces.append(piece)
