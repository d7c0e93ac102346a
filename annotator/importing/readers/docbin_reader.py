"""spaCy DocBin files (``.spacy``): ours (``annotator export --format docbin``) and a model's predictions.

Each ``Doc`` is a paragraph (``user_data`` ``article_id`` and ``paragraph``) or, without a paragraph, a
whole article. Entities come from ``doc.ents``; when ``doc.ents`` is still what the export wrote
(``user_data["ents"]``), from ``doc.spans["entity"]`` instead, which also holds the entities that overlap
(left out of ``doc.ents``). Quotes, cues and claims come from ``doc.spans["quote"]``, ``["cue"]`` and
``["claim"]``. Character offsets of a Doc are code points of its text (``user_data`` lists come back from spaCy's
msgpack as tuples: both are read). Annotation ids, attributes, entity
clusters and the speaker / claimant / cue links come back from ``user_data`` where the spans are those
exported; a span a model added gets a new id. A DocBin without our ``user_data`` is read as one article
per Doc, matched by its text. spaCy is imported only when such a file is read.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from annotator import fileguard
from annotator.core.labels import LINK_KINDS
from annotator.core.sources import SPECIAL_SOURCES
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable
from annotator.importing.readers.lines import InAnnotation, InArticle, InLink, InPiece, ParsedFile, order_pieces

if TYPE_CHECKING:
    from spacy.tokens import Doc

DESCRIPTION: Final = "a spaCy DocBin file (.spacy)"
SUFFIXES: Final = (".spacy",)
SPAN_KEYS: Final = ("quote", "cue", "claim")  # doc.spans keys read besides the entities
NEEDS_SPACY: Final = "reading a .spacy file needs spaCy: pip install 'corpus-annotator[ml]'"


def recognise(path: Path, _encoding: str | None = None) -> bool:
    """A ``.spacy`` file (by its suffix: the content is checked as it is read)."""
    return path.suffix.lower() in SUFFIXES


def _docs(path: Path) -> list[Doc]:
    name = str(path)
    try:
        from spacy.tokens import DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise BadInputError(name, NEEDS_SPACY) from None
    try:
        data = fileguard.read_bytes(path)
    except OSError as exc:
        raise BadInputError(name, f"cannot read ({exc.strerror or exc})") from None
    try:
        return list(DocBin(store_user_data=True).from_bytes(data).get_docs(Vocab()))
    except (zlib.error, ValueError, KeyError, TypeError) as exc:
        raise BadInputError(name, printable(f"not a spaCy DocBin file ({type(exc).__name__}: {exc})")) from None


def read(path: Path, _encoding: str | None = None) -> ParsedFile:
    """Every Doc of the file as a paragraph or an article; raises :class:`BadInputError` naming file and doc."""
    name = str(path)
    docs = _docs(path)
    if not docs:
        raise BadInputError(name, "no Doc in file")
    parsed = ParsedFile(name, [], lines=len(docs))
    groups: dict[str, InArticle] = {}
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": path.name, "meta": {}}
    for n, doc in enumerate(docs, 1):
        ud = doc.user_data if isinstance(doc.user_data, dict) else {}
        ext_id, para = ud.get("article_id"), ud.get("paragraph")
        if ext_id is not None and (isinstance(ext_id, bool) or not isinstance(ext_id, (str, int))):
            raise BadInputError(name, f"doc {n}: user_data article_id must be a string or an integer", n)
        if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
            raise BadInputError(name, f"doc {n}: user_data paragraph must be a whole number", n)
        if not doc.text.strip():
            raise BadInputError(name, f"doc {n}: its text is empty or blank", n)
        piece = _piece(name, n, doc, ud, parsed)
        if ext_id is None or para is None:
            parsed.articles.append(InArticle(name, n, "docbin", None if ext_id is None else str(ext_id),
                                             dict(head), doc.text, whole=True, pieces=[piece]))
            continue
        piece.index = para
        art = groups.get(str(ext_id))
        if art is None:
            art = groups[str(ext_id)] = InArticle(name, n, "docbin", str(ext_id), dict(head))
            parsed.articles.append(art)
        art.pieces.append(piece)
    order_pieces(parsed, "doc")
    return parsed


def _spans(doc: Doc, ud: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """(layer, start, end, label) of the Doc's spans, in text order per layer."""
    ents = [(s.start_char, s.end_char, s.label_) for s in doc.ents]
    written = ud.get("ents")
    as_written = "entity" in doc.spans and isinstance(written, (list, tuple)) \
        and [tuple(e) if isinstance(e, (list, tuple)) else e for e in written] == ents
    out = [("entity", s.start_char, s.end_char, s.label_) for s in (doc.spans["entity"] if as_written else doc.ents)]
    for key in SPAN_KEYS:
        if key in doc.spans:
            out += [(key, s.start_char, s.end_char, s.label_) for s in doc.spans[key]]
    return out


def _piece(name: str, n: int, doc: Doc, ud: dict[str, Any], parsed: ParsedFile) -> InPiece:
    piece = InPiece(n, None, doc.text, status="done")
    known: dict[tuple[str, int, int, str], list[Any] | tuple[Any, ...]] = {}
    for row in ud.get("annotations") or []:
        if isinstance(row, (list, tuple)) and len(row) == 7 and isinstance(row[4], str):
            known[(row[0], row[1], row[2], row[3])] = row
    keys: dict[str, str] = {}  # annotation id in user_data -> its key
    for i, (layer, s, e, label) in enumerate(_spans(doc, ud)):
        if not label:
            raise BadInputError(name, f"doc {n}: a {layer} span at {s}-{e} has no label", n)
        row = known.get((layer, s, e, label))
        uid = row[4] if row is not None else None
        key = uid if uid is not None and uid not in keys else f"doc{n}:{layer}:{i}"
        if uid is not None:
            keys[uid] = key
        attrs = row[5] if row is not None and isinstance(row[5], dict) else {}
        entity = row[6] if row is not None and isinstance(row[6], str) else None
        piece.annotations.append(InAnnotation(key, uid, layer, label, s, e, attrs, None, entity))
    for link in ud.get("links") or []:
        if not (isinstance(link, (list, tuple)) and len(link) == 4 and isinstance(link[0], str)
                and isinstance(link[1], str)):
            raise BadInputError(name, f"doc {n}: each user_data link must be [source, kind, target, special]", n)
        source, kind, target, special = link
        if source not in keys:  # its span is no longer in the Doc (a model's predictions)
            parsed.dropped["link(s) whose quote or claim is no longer in the Doc"] += 1
            continue
        if kind not in LINK_KINDS or (target is None) == (special is None) \
                or (special is not None and special not in SPECIAL_SOURCES):
            raise BadInputError(name, printable(f"doc {n}: link {link!r} is not a speaker, claimant or cue link to "
                                                "one span or special source"), n)
        piece.links.append(InLink(keys[source], kind, target if isinstance(target, str) else None,
                                  special if isinstance(special, str) else None))
    return piece
