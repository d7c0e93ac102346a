"""The quote around the caret (the key that selects it), and the kind a new quote annotation gets by default.

Quotes are found as the quote suggester finds them (:func:`annotator.core.suggest.quote_marks.find_quotes`):
paired “…”, "…", ‘…’ (not an apostrophe), «…», „…“; the span is the content without the marks, trimmed of white
space and a trailing comma. A quote opened in an earlier paragraph and not closed there runs on from the start of
the paragraph (the carry of the paragraphs before, boilerplate paragraphs breaking it as in the suggester).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from typing import Literal

from annotator.core.suggest.quote_marks import MarkedQuote, find_quotes

QuoteKind = Literal["direct", "indirect", "mixed"]
_OPENING = "“„«\"‘‚‹「"
_CLOSING = "”“»\"’‘›」"
_ALL_MARKS = set(_OPENING) | set(_CLOSING) | {"'"}


def paragraph_quotes(paragraphs: Sequence[str], index: int,
                     boilerplate: Collection[int] = ()) -> list[MarkedQuote]:
    """The quotes of ``paragraphs[index]``, with one left open in the paragraphs before it counted from its start."""
    carry: str | None = None
    for i in range(index):
        if i in boilerplate:
            carry = None
            continue
        _quotes, carry = find_quotes(paragraphs[i], carry)
    return find_quotes(paragraphs[index], None if index in boilerplate else carry)[0]


def _outer(q: MarkedQuote, n: int) -> tuple[int, int]:
    """The quote's extent with its marks: from its opening mark (the paragraph's start for a continuation) to
    after its closing mark (the paragraph's end when it runs on)."""
    return (0 if q.open < 0 else q.open), (n if q.close is None else q.close + 1)


def enclosing_quote(paragraphs: Sequence[str], index: int, caret: int, boilerplate: Collection[int] = (),
                    selection: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """What the quote key selects in ``paragraphs[index]``: the content of the innermost quote around ``caret``
    (its marks included when ``selection`` is that content already, so pressing the key again takes the marks
    too); None when the caret is in no quote."""
    text = paragraphs[index]
    found = [q for q in paragraph_quotes(paragraphs, index, boilerplate)
             if _outer(q, len(text))[0] <= caret <= _outer(q, len(text))[1]]
    if not found:
        return None
    q = min(found, key=lambda q: _outer(q, len(text))[1] - _outer(q, len(text))[0])
    if selection == (q.start, q.end):
        return _outer(q, len(text))
    return q.start, q.end


def quote_kind(text: str, start: int, end: int) -> QuoteKind:
    """The kind a new QUOTE on ``text[start:end]`` gets unless the annotator says otherwise.

    *direct*: the span is one quotation (its content, or it with its marks) that stands as a sentence of its own:
    it opens the text or follows a sentence's end, a colon or a comma (“Kami sepakat,” kata Putin. / Ia berkata:
    “…”); *mixed*: a quotation inside the writer's sentence (a word right before its opening mark: menyebut
    kebijakan itu “tidak masuk akal”), or a span with quote marks that also holds words outside them (kebijakan
    itu “tidak masuk akal”); *indirect*: no quote marks at all.
    """
    span = text[start:end]
    if span[:1] in _OPENING and span[-1:] in _CLOSING and len(span) > 1:  # the marks selected with the content
        inner = span[1:-1]
        if not any(ch in _ALL_MARKS for ch in inner.replace("’", "")):
            return _standalone(text, start)
        return "mixed"
    before = text[start - 1] if start > 0 else ""
    after = text[end:].lstrip(" ,")[:1]
    if before and before in _OPENING and after and after in _CLOSING:  # the content between marks
        return _standalone(text, start - 1)
    if any(ch in _ALL_MARKS and not _apostrophe(text, i) for i, ch in enumerate(span, start)):
        return "mixed"
    return "indirect"


def _apostrophe(text: str, i: int) -> bool:
    """Whether the mark at ``i`` is an apostrophe inside a word (don't, Jum’at), not a quote mark."""
    return text[i] in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()


def _standalone(text: str, open_at: int) -> QuoteKind:
    """Mixed when a word stands right before the opening mark at ``open_at`` (the writer's sentence goes on into
    the quote); direct after nothing, a sentence's end, a colon, a comma, a dash or an emoji."""
    before = text[:open_at].rstrip()
    return "mixed" if before and (before[-1].isalnum() or unicodedata.category(before[-1]).startswith("M")) \
        else "direct"
