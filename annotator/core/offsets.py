"""Code-point <-> UTF-16 offset conversion.

Storage and files count Unicode code points (Python ``str`` indices). Qt counts
UTF-16 code units, so every character outside the Basic Multilingual Plane
(emoji, many flags' regional indicators) takes two Qt positions. This module is
the one place where the two are converted.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal, get_args

OffsetUnit = Literal["codepoints", "utf16", "graphemes"]  # how a peer tool counts offsets (doccano: utf16)
OFFSET_UNITS: tuple[OffsetUnit, ...] = get_args(OffsetUnit)


class OffsetMap:
    """Converts offsets for one fixed string in O(log n)."""

    __slots__ = ("_astral", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # code-point indices of characters that take two UTF-16 units
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point offset ``cp`` (0..len(text))."""
        if not 0 <= cp <= len(self.text):
            raise ValueError(f"code-point offset {cp} outside 0..{len(self.text)}")
        return cp + bisect_right(self._astral, cp - 1)

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 position ``u16``.

        A position that falls between the two halves of a surrogate pair is
        moved to the start of that character.
        """
        if u16 < 0:
            raise ValueError(f"UTF-16 offset {u16} is negative")
        lo, hi = 0, len(self.text)
        while lo < hi:  # smallest cp whose utf16 position is >= u16
            mid = (lo + hi) // 2
            if self.to_utf16(mid) < u16:
                lo = mid + 1
            else:
                hi = mid
        if lo > len(self.text) or self.to_utf16(lo) > u16:
            # u16 lies inside a surrogate pair, or past the end
            lo = max(lo - 1, 0)
        return min(lo, len(self.text))

    def utf16_length(self) -> int:
        return len(self.text) + len(self._astral)


def to_utf16(text: str, cp: int) -> int:
    return OffsetMap(text).to_utf16(cp)


def to_codepoint(text: str, u16: int) -> int:
    return OffsetMap(text).to_codepoint(u16)


class OffsetError(ValueError):
    """An offset that is no character boundary in its unit (inside a surrogate pair or a grapheme cluster,
    or outside the text)."""


def grapheme_starts(text: str) -> list[int]:
    """Code-point offsets where each extended grapheme cluster (Unicode UAX #29) starts, then ``len(text)``:
    a flag, a ZWJ family, a letter with its combining marks and CRLF are one cluster each."""
    import regex  # the one segmenter that follows UAX #29 (the stdlib has none); loaded only when used

    return [m.start() for m in regex.finditer(r"\X", text)] + [len(text)]


class UnitMap:
    """Offsets of one fixed text in ``unit`` <-> code points, strict both ways: an offset that falls inside a
    character (or a grapheme cluster) raises :class:`OffsetError` instead of being moved."""

    __slots__ = ("_graphemes", "_u16", "text", "unit")

    def __init__(self, text: str, unit: OffsetUnit) -> None:
        self.text, self.unit = text, unit
        self._u16 = OffsetMap(text) if unit == "utf16" else None
        self._graphemes = grapheme_starts(text) if unit == "graphemes" else None

    def length(self) -> int:
        """The text's length in the unit."""
        if self._u16 is not None:
            return self._u16.utf16_length()
        if self._graphemes is not None:
            return len(self._graphemes) - 1
        return len(self.text)

    def from_codepoint(self, cp: int) -> int:
        """The offset in the unit of code-point offset ``cp``."""
        if not 0 <= cp <= len(self.text):
            raise OffsetError(f"code-point offset {cp} outside 0..{len(self.text)}")
        if self._u16 is not None:
            return self._u16.to_utf16(cp)
        if self._graphemes is not None:
            i = bisect_left(self._graphemes, cp)
            if self._graphemes[i] != cp:
                raise OffsetError(f"code-point offset {cp} lies inside a grapheme cluster")
            return i
        return cp

    def to_codepoint(self, offset: int) -> int:
        """The code-point offset of ``offset`` counted in the unit."""
        if not 0 <= offset <= self.length():
            raise OffsetError(f"offset {offset} outside 0..{self.length()} ({self.unit})")
        if self._u16 is not None:
            cp = self._u16.to_codepoint(offset)
            if self._u16.to_utf16(cp) != offset:
                raise OffsetError(f"UTF-16 offset {offset} lies inside a surrogate pair (between the two halves "
                                  f"of {self.text[cp]!r})")
            return cp
        if self._graphemes is not None:
            return self._graphemes[offset]
        return offset


def without_spaces(text: str) -> str:
    """``text`` with every white-space character (``str.isspace``) removed."""
    return "".join(text.split())


class SpacingMap:
    """Spans moved between two texts that hold the same characters apart from white space.

    A token file without the text (Label Studio's CONLL2003) gives tokens only; joined by single spaces they
    make a text whose spacing differs from the original paragraph. A span maps to the original from its first
    to its last character that is not white space.
    """

    def __init__(self, spaced: str, original: str) -> None:
        self._from = [i for i, ch in enumerate(spaced) if not ch.isspace()]
        self._to = [i for i, ch in enumerate(original) if not ch.isspace()]
        if without_spaces(spaced) != without_spaces(original):
            raise OffsetError("the two texts differ in more than white space")

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """``spaced[start:end]`` as a span of the original, or None when it holds only white space."""
        first = bisect_left(self._from, start)
        last = bisect_left(self._from, end) - 1
        if first > last:
            return None
        return self._to[first], self._to[last] + 1
