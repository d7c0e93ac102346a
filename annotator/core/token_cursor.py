"""Word-wise caret moves over tokens: where Ctrl+Left / Ctrl+Right (with or without Shift) go in a paragraph.

The words are the tokens of :mod:`annotator.core.tokenize` that hold more than punctuation (see
:func:`annotator.core.snap.has_content`): ``anak-anak``, ``Rusia-China``, ``1.250``, ``don't`` and an emoji with
its modifiers, flag or zero-width-joiner sequence are one word each; white space, quote marks, commas and full
stops are stepped over, so a word-wise move never stops in a space or selects a lone ".". Positions are code
points of the paragraph's text (0 … ``len(text)``).

- :func:`next_word_end`, :func:`previous_word_start`: where the active end of a selection goes (Ctrl+Shift+Right
  extends to the end of the next word, Ctrl+Shift+Left back to the start of the previous one);
- :func:`next_word_start`, :func:`previous_word_start`: where the caret goes without Shift;
- :func:`word_after`, :func:`word_before`: the word a fresh selection takes (from a caret with nothing selected,
  or from an annotation just labelled): the next / previous whole word, never the white space before it;
- :func:`apply_move`: all of it together, what one key does to a selection (``anchor``, ``caret``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Literal

from annotator.core.snap import has_content
from annotator.core.tokenize import token_spans

Move = Literal["word_right", "word_left", "home", "end"]


@lru_cache(maxsize=4)  # the paragraph being worked on: every key press asks again
def words(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of every word of ``text``: its tokens that are not punctuation only."""
    return tuple((s, e) for s, e in token_spans(text) if has_content(text[s:e]))


def _clamp(text: str, pos: int) -> int:
    return max(0, min(pos, len(text)))


def word_after(text: str, pos: int, spans: tuple[tuple[int, int], ...] | None = None) -> tuple[int, int] | None:
    """The first word that ends after ``pos`` (the one ``pos`` is inside, else the next), or None."""
    spans = words(text) if spans is None else spans
    k = bisect_right([e for _s, e in spans], _clamp(text, pos))
    return spans[k] if k < len(spans) else None


def word_before(text: str, pos: int, spans: tuple[tuple[int, int], ...] | None = None) -> tuple[int, int] | None:
    """The last word that starts before ``pos`` (the one ``pos`` is inside, else the previous), or None."""
    spans = words(text) if spans is None else spans
    k = bisect_left([s for s, _e in spans], _clamp(text, pos))
    return spans[k - 1] if k > 0 else None


def next_word_end(text: str, pos: int) -> int:
    """Where Ctrl+Shift+Right takes the active end: the end of the word ``pos`` is inside, else of the next word;
    ``pos`` itself when no word follows (never into trailing white space or punctuation)."""
    word = word_after(text, pos)
    return _clamp(text, pos) if word is None else word[1]


def previous_word_start(text: str, pos: int) -> int:
    """Where Ctrl+Left and Ctrl+Shift+Left go: the start of the word ``pos`` is inside, else of the previous word;
    ``pos`` itself when no word comes before."""
    word = word_before(text, pos)
    return _clamp(text, pos) if word is None else word[0]


def next_word_start(text: str, pos: int) -> int:
    """Where Ctrl+Right takes the caret: the start of the next word after ``pos``; the end of the text after
    the last word."""
    spans = words(text)
    k = bisect_right([s for s, _e in spans], _clamp(text, pos))
    return spans[k][0] if k < len(spans) else len(text)


def apply_move(text: str, anchor: int, caret: int, move: Move, extend: bool,
               settled: bool = False) -> tuple[int, int]:
    """The selection (``anchor``, ``caret``) after one key: ``move`` with ``extend`` (Shift) or without.

    Without Shift the caret moves (word starts, the paragraph's start or end) and nothing stays selected. With
    Shift, Home / End take the moving end to the paragraph's start / end; a word move from a bare caret, or from a
    ``settled`` selection (an annotation's span, just labelled or clicked), selects the next / previous whole word
    afresh; otherwise the moving end grows word by word away from the anchor and shrinks word by word towards it,
    always to a word's edge.
    """
    if move in ("home", "end"):
        target = 0 if move == "home" else len(text)
        return (anchor if extend else target), target
    right = move == "word_right"
    if not extend:
        target = next_word_start(text, caret) if right else previous_word_start(text, caret)
        return target, target
    lo, hi = min(anchor, caret), max(anchor, caret)
    if lo == hi or settled:
        word = word_after(text, hi) if right else word_before(text, lo)
        if word is None:
            return anchor, caret
        return word if right else (word[1], word[0])
    if right and caret < anchor:  # shrinking from the left: to the start of the word after the next one
        word = word_after(text, caret)
        nxt = word_after(text, word[1]) if word is not None else None
        return anchor, (nxt[0] if nxt is not None and nxt[0] < anchor else anchor)
    if not right and caret > anchor:  # shrinking from the right: to the end of the word before this one
        word = word_before(text, caret)
        prev = word_before(text, word[0]) if word is not None else None
        return anchor, (prev[1] if prev is not None and prev[1] > anchor else anchor)
    return anchor, (next_word_end(text, caret) if right else previous_word_start(text, caret))


def _is_name_word(text: str, span: tuple[int, int]) -> bool:
    """A word that starts with a capital letter (a name, a title, an acronym, or a sentence's first word)."""
    return text[span[0]].isupper()


def name_at(text: str, pos: int, backwards: bool = False) -> tuple[int, int] | None:
    """The next capitalised word starting at or after ``pos`` (``backwards``: the last one starting before it),
    with the capitalised words that follow it across white space: "Wang Yi", "Menteri Luar Negeri", "BPBD".

    What ``J`` / ``Shift+J`` select: a name is usually one key away, and a word further into a run of
    capitalised words ("Wang" in "Menteri Luar Negeri China Wang Yi") one press more per word.
    """
    spans = words(text)
    starts = [s for s, _e in spans]
    if backwards:
        k = bisect_left(starts, _clamp(text, pos)) - 1
        while k >= 0 and not _is_name_word(text, spans[k]):
            k -= 1
    else:
        k = bisect_left(starts, _clamp(text, pos))
        while k < len(spans) and not _is_name_word(text, spans[k]):
            k += 1
    if not 0 <= k < len(spans):
        return None
    start, end = spans[k]
    while k + 1 < len(spans) and _is_name_word(text, spans[k + 1]) and text[end:spans[k + 1][0]].isspace() \
            and "\n" not in text[end:spans[k + 1][0]]:
        k += 1
        end = spans[k][1]
    return start, end


def select_name(text: str, anchor: int, caret: int, backwards: bool = False,
                settled: bool = False) -> tuple[int, int] | None:
    """The selection ``J`` (``backwards``: ``Shift+J``) makes from ``anchor``/``caret``: the next (previous) name
    after the selection's start, or after the caret when nothing is selected; None when there is none.
    ``settled``: the selection is a finished annotation (one just labelled): the next name after its end."""
    lo, hi = min(anchor, caret), max(anchor, caret)
    if backwards:
        return name_at(text, lo, backwards=True)
    if settled and lo != hi:
        return name_at(text, hi)
    return name_at(text, lo + 1 if anchor != caret else caret)
