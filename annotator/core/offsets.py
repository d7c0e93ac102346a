"""Code-point <-> UTF-16 offset conversion.

Storage and files count Unicode code points (Python ``str`` indices). Qt counts
UTF-16 code units, so every character outside the Basic Multilingual Plane
(emoji, many flags' regional indicators) takes two Qt positions. This module is
the one place where the two are converted.
"""

from __future__ import annotations

from bisect import bisect_right


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
