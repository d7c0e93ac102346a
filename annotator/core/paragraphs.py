"""Split an article's text into paragraphs without changing a character.

Each paragraph is a ``(start, end)`` pair of code-point offsets such that
``text[start:end]`` is the paragraph with surrounding white space left out.
Every non-white-space character of the text lies in exactly one paragraph.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

LINE_MODE = "line"
BLOCK_MODE = "blank-line"

_BLANK_SPLIT = re.compile(r"\n[^\S\n]*\n\s*")  # a blank (white-space-only) line
_FINAL = frozenset(".!?…:;\"”’»)]。！？")  # a line ending in one of these ends a sentence
_OPENERS = frozenset("\"“‘«([-–—•*")  # a line starting with one of these starts a paragraph


class Span(NamedTuple):
    """A paragraph's code-point offsets in its article (a tuple: cheap to make by the million)."""

    start: int
    end: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _pieces(text: str, separator: re.Pattern[str]) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in separator.finditer(text):
        s, e = _trim(text, pos, m.start())
        if e > s:
            spans.append(Span(s, e))
        pos = m.end()
    s, e = _trim(text, pos, len(text))
    if e > s:
        spans.append(Span(s, e))
    return spans


def _soft_break(before: str, after: str) -> bool:
    """Whether a line break between two non-blank lines looks like hard wrapping.

    A break after sentence-final punctuation, or before a capital letter, an
    opening quote or a list dash, looks like the end of a paragraph instead.
    """
    last, first = before.rstrip()[-1:], after.lstrip()[:1]
    if not last or not first:
        return False
    return not (last in _FINAL or first in _OPENERS or first.isupper())


def choose_mode(text: str) -> str:
    """Blank-line mode when the text is hard-wrapped into blank-line-separated blocks.

    A text whose blocks (between blank lines) are mostly several lines long,
    and whose line breaks inside those blocks mostly fall mid-sentence, is
    hard-wrapped: its lines are not paragraphs. Otherwise every non-blank line
    is a paragraph (a headline followed by its lead paragraph is not a block).
    """
    if _BLANK_SPLIT.search(text) is None:  # one block at most: most texts, found without building it
        return LINE_MODE
    blocks = _pieces(text, _BLANK_SPLIT)
    if len(blocks) < 2:
        return LINE_MODE
    multi = 0
    soft = breaks = 0
    for b in blocks:
        lines = [line for line in text[b.start : b.end].split("\n") if line.strip()]
        if len(lines) < 2:
            continue
        multi += 1
        for before, after in itertools.pairwise(lines):
            breaks += 1
            soft += _soft_break(before, after)
    if multi and multi * 2 >= len(blocks) and soft * 2 >= breaks:
        return BLOCK_MODE
    return LINE_MODE


def _lines(text: str) -> tuple[list[Span], bool]:
    """What ``_pieces(text, re.compile("\\n"))`` gives, from ``str.split`` (the fast path of every import),
    and whether a blank line lies between two others (as ``_BLANK_SPLIT`` finds them)."""
    spans: list[Span] = []
    append = spans.append
    new = tuple.__new__  # Span(a, b) without the Python-level __new__ of a named tuple
    pos = 0
    blank_at = -1  # the last blank line's number
    lines = text.split("\n")
    for i, line in enumerate(lines):
        n = len(line)
        if n and not line[0].isspace() and not line[-1].isspace():
            append(new(Span, (pos, pos + n)))
        else:
            body = line.strip()  # str.strip() drops exactly the characters str.isspace() calls white space
            if body:
                start = pos + n - len(line.lstrip())
                append(new(Span, (start, start + len(body))))
            elif 0 < i < len(lines) - 1:
                blank_at = i
        pos += n + 1
    return spans, blank_at >= 0


def split_paragraphs(text: str, mode: str | None = None) -> tuple[str, list[Span]]:
    """Return the mode used and the paragraph spans of ``text``."""
    if not mode:
        spans, blank = _lines(text)
        if not blank:  # no blank line: one block, so line mode (what choose_mode says), split already
            return LINE_MODE, spans
        mode = choose_mode(text)
    if mode == BLOCK_MODE:
        return mode, _pieces(text, _BLANK_SPLIT)
    if mode != LINE_MODE:
        raise ValueError(f"unknown paragraph mode {mode!r}")
    return mode, _lines(text)[0]
