"""Bio lines: token classification rows (``annotator export --format bio``), recognised by ``tokens`` and a tag column.

A bio line has ``text``, its ``tokens``, each token's ``offsets`` (``[start, end]`` in code points of
``text``) and one or more tag columns: ``ner_tags`` (entities), ``quote_tags``, ``cue_tags``,
``claim_tags``; other columns (``pos_tags``, ``chunk_tags``, ...) are not read. Tags are strings in IOB2
(``B-X``, ``I-X``, ``O``), IOB1 (an ``I-X`` after ``O`` or another label begins a span) or BIOES/BILOU
(``S-``/``U-`` a one-token span, ``E-``/``L-`` the last token), so a model's predictions come back as
they are written. Each span runs from its first token's start to its last token's end, through the
offsets: a token that is not the text at its offsets is refused with file and line.

``article_id`` and ``paragraph`` (or, without them, ``id`` as ``ARTICLE:PARAGRAPH``) place the line; lines
of one article form that article in paragraph order, a line without a paragraph is a whole article.
The paragraphs become done for the importing annotator, unless imported ``--as-suggestions``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from annotator.importing.readers.lines import Groups, InAnnotation, InArticle, InPiece, Line, ParsedFile

DESCRIPTION: Final = 'a bio line ("tokens" and "ner_tags", "quote_tags", "cue_tags" or "claim_tags")'
COLUMNS: Final = {"ner_tags": "entity", "quote_tags": "quote", "cue_tags": "cue", "claim_tags": "claim"}
TAG: Final = re.compile(r"^(?:O|([BIESLU])-(.+))$")
_PARAGRAPH_ID = re.compile(r"^(.*):(\d+)$")


def recognise(obj: dict[str, Any]) -> bool:
    return "tokens" in obj and "spans" not in obj and any(col in obj for col in COLUMNS)


def tag_spans(ln: Line, tags: list[Any], col: str) -> list[tuple[int, int, str]]:
    """``(first token, last token, label)`` of each span the tags of one column mark."""
    out: list[tuple[int, int, str]] = []
    open_span: tuple[int, str] | None = None  # first token and label of the span being read

    def close(last: int) -> None:
        nonlocal open_span
        if open_span is not None:
            out.append((open_span[0], last, open_span[1]))
            open_span = None

    for i, tag in enumerate(tags):
        m = TAG.match(tag) if isinstance(tag, str) else None
        if m is None:
            hint = " (ClassLabel ids: turn them into names first, e.g. with the .labels.json file)" \
                if isinstance(tag, int) else ""
            raise ln.fail(f"{col}[{i}]: {tag!r} is not a tag (O, B-X, I-X, E-X, S-X){hint}")
        prefix, label = m.group(1), m.group(2)
        if prefix is None:
            close(i - 1)
        elif prefix in "BSU" or open_span is None or open_span[1] != label:
            close(i - 1)
            open_span = (i, label)
        if prefix is not None and prefix in "SUEL":
            close(i)
    close(len(tags) - 1)
    return out


def _offsets(ln: Line, obj: dict[str, Any], text: str, tokens: list[Any]) -> list[tuple[int, int]]:
    raw = obj.get("offsets")
    if not isinstance(raw, list) or len(raw) != len(tokens):
        raise ln.fail("field 'offsets' must be a list of [start, end] for each token")
    out: list[tuple[int, int]] = []
    prev = 0
    for i, (tok, pair) in enumerate(zip(tokens, raw)):
        if not isinstance(tok, str):
            raise ln.fail(f"token {i} is not a string")
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)):
            raise ln.fail(f"offsets[{i}] must be [start, end] (integers)")
        s, e = pair
        if not prev <= s < e <= len(text):
            raise ln.fail(f"token {i} ({tok!r}): offsets {s}-{e} are out of order or outside the text "
                          f"(length {len(text)})")
        if text[s:e] != tok:
            raise ln.fail(f"token {i} ({tok!r}) is not the text at its offsets {s}-{e} ({text[s:e]!r})")
        out.append((s, e))
        prev = e
    return out


def _place(ln: Line, obj: dict[str, Any]) -> tuple[str | None, int | None]:
    """The line's article id and paragraph index (either may be None)."""
    raw_id = obj.get("article_id")
    para = obj.get("paragraph")
    if raw_id is None and isinstance(obj.get("id"), str):
        m = _PARAGRAPH_ID.match(obj["id"])
        raw_id, para = (m.group(1), int(m.group(2))) if m else (obj["id"], None)
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ln.fail("field 'article_id' must be a string or an integer")
    if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
        raise ln.fail("field 'paragraph' must be a whole number")
    return (None if raw_id is None else str(raw_id)), para


def read_line(ln: Line, obj: dict[str, Any], groups: Groups, _parsed: ParsedFile) -> None:
    """Add one bio line to its article in ``groups``; raises :class:`BadInputError` naming the line."""
    tokens = ln.get(obj, "tokens", list)
    if "text" not in obj or "offsets" not in obj:
        raise ln.fail("a bio line needs 'text' and 'offsets' to map its tags back to characters "
                      "(annotator export --format bio writes them)")
    text = ln.get(obj, "text", str)
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    offsets = _offsets(ln, obj, text, tokens)
    piece = InPiece(ln.lineno, None, text, status="done")
    for col, layer in COLUMNS.items():
        if col not in obj:
            continue
        tags = ln.get(obj, col, list)
        if len(tags) != len(tokens):
            raise ln.fail(f"'{col}' has {len(tags)} tag(s) for {len(tokens)} token(s)")
        for i, (first, last, label) in enumerate(tag_spans(ln, tags, col)):
            piece.annotations.append(InAnnotation(f"{ln.lineno}:{col}:{i}", None, layer, label, offsets[first][0],
                                                  offsets[last][1], {}, None, None))
    ext_id, para = _place(ln, obj)
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": Path(ln.path).name, "meta": {}}
    if ext_id is None or para is None:
        groups[("bio-line", str(ln.lineno))] = InArticle(ln.path, ln.lineno, "bio", ext_id, head, text, whole=True,
                                                         pieces=[piece])
        return
    piece.index = para
    art = groups.setdefault(("bio", ext_id), InArticle(ln.path, ln.lineno, "bio", ext_id, head))
    art.pieces.append(piece)
