"""Native lines: what ``annotator export --format native`` writes, recognised by ``"format"``.

A paragraph line (``paragraph``, ``start``, ``end``, ``text``) joins the other
lines of its article (by ``article.id``); the article's first line may carry
``article_text`` and ``article_paragraphs`` (the paragraph layout). A line with
a ``paragraphs`` list is a whole article. Ids, origin, attributes and status
are kept, so native → import into an empty project → native gives the same file.
"""

from __future__ import annotations

from typing import Any, Final

from annotator.core.labels import LINK_KINDS
from annotator.core.model import ORIGINS
from annotator.core.native_format import FORMAT_NAME, FORMAT_VERSION
from annotator.core.sources import SPECIAL_SOURCES
from annotator.importing.readers.lines import (
    Groups,
    InAnnotation,
    InArticle,
    InLink,
    InPiece,
    Layout,
    Line,
    ParsedFile,
)

SPECIALS: Final = tuple(SPECIAL_SOURCES)
DESCRIPTION: Final = 'a native line ("format")'


def recognise(obj: dict[str, Any]) -> bool:
    return obj.get("format") == FORMAT_NAME


def read_line(ln: Line, obj: dict[str, Any], groups: Groups, _parsed: ParsedFile) -> None:
    """Add one native line to its article in ``groups``; raises :class:`BadInputError` naming the line."""
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
        whole = InArticle(ln.path, ln.lineno, "native", ext_id, head, text, layout)
        for p, (s, e, _) in zip(parts, layout):
            idx = ln.get(p, "paragraph", int)
            part = InPiece(ln.lineno, idx, text[s:e], s, e, ln.status(p))
            part.annotations, part.links = _annotations(ln, part.text, p, f"paragraph {idx}: ")
            whole.pieces.append(part)
        groups[("native-article", f"{ln.lineno}")] = whole
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
    piece = InPiece(ln.lineno, idx, text, start, end, ln.status(obj))
    piece.annotations, piece.links = _annotations(ln, text, obj, "")
    art.pieces.append(piece)


def _annotations(ln: Line, text: str, items: Any, where: str) -> tuple[list[InAnnotation], list[InLink]]:
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


def _head(ln: Line, art: Any) -> tuple[str, dict[str, Any]]:
    if not isinstance(art, dict):
        raise ln.fail("field 'article' must be an object")
    ext_id = ln.get(art, "id", (str, int), where="article: ")
    head = {k: ln.get(art, k, str, optional=True, where="article: ") for k in ("title", "url", "lang", "source")}
    head["meta"] = ln.get(art, "meta", dict, optional=True, where="article: ") or {}
    return str(ext_id), head


def _layout(ln: Line, text: str, rows: Any) -> Layout:
    if not isinstance(rows, list) or not rows:
        raise ln.fail("the article's paragraph layout must be a non-empty list")
    out: Layout = []
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
