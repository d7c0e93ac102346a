"""Flag scraped boilerplate paragraphs. Flags only: the text is never changed.

Three kinds are recognised: a time or date stamp line (``02:26``,
``Senin, 27/11/2026 10.15 WIB``), a site trailer ("Leave a Reply",
"Baca juga:", "Share this"), and a line that repeats the headline or an
earlier paragraph (in whole, or a cut-off start of it).
"""

from __future__ import annotations

import re
import unicodedata

TIMESTAMP = "timestamp"
TRAILER = "trailer"
REPEATED = "repeated-headline"

_MONTHS = (
    "jan|feb|mar|apr|mei|may|jun|jul|agu|agt|aug|sep|okt|oct|nov|des|dec"
)
_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:wib|wita|wit|am|pm|utc|gmt)?"
_DATE = rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}|(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})"
_STAMP_RE = re.compile(
    rf"^(?:(?:{_DAYS}),?\s*)?(?:{_DATE})?[\s,|-]*(?:pukul\s*)?(?:{_TIME})?$",
    re.IGNORECASE,
)
# Phrases that open a trailer whatever follows them ("Baca juga: <a headline>").
_TRAILERS = (
    "leave a reply",
    "leave a comment",
    "tinggalkan balasan",
    "tinggalkan komentar",
    "share this",
    "baca juga",
    "read more",
    "related posts",
    "artikel terkait",
    "berita terkait",
    "scroll to continue",
    "follow us",
    "ikuti kami",
    "all rights reserved",
    "hak cipta dilindungi",
)
# Words that also start ordinary sentences ("Komentar itu ...", "Iklan rokok ..."):
# a trailer only alone, before a colon, or before a count or a year ("Komentar (3)").
_TRAILER_WORDS = ("bagikan", "iklan", "advertisement", "copyright", "hak cipta", "comments", "komentar")
_COUNT_TRAILER = re.compile(r"^\d+\s+(?:comments?|komentar|tanggapan|shares?)$")
_MAX_TRAILER = 40  # characters of a trailer line, not counting what follows a colon
_MAX_TRAILER_ITEM = 200  # "Baca juga: <headline>"
_MIN_REPEAT = 20  # characters a cut-off repeat must keep to count


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(s.split())


def is_stamp(par: str) -> bool:
    s = par.strip()
    if not s or len(s) > 60 or not any(ch.isdigit() for ch in s):
        return False
    return bool(_STAMP_RE.match(s))


def is_trailer(par: str) -> bool:
    s = _fold(par).strip(" .:!-–—|»›>")
    if len(s) > _MAX_TRAILER_ITEM:
        return False
    s = " ".join(s.replace("©", " copyright ").split())
    for t in _TRAILERS:
        if s == t or s.startswith(t + ":"):
            return True
        if s.startswith(t + " ") and (len(s) <= _MAX_TRAILER or t in ("baca juga", "read more")):
            return True
    if s.endswith(("all rights reserved", "hak cipta dilindungi undang-undang")) and len(s) <= 2 * _MAX_TRAILER:
        return True
    if len(s) > _MAX_TRAILER:
        return False
    if _COUNT_TRAILER.match(s):
        return True
    for t in _TRAILER_WORDS:
        if s == t or s.startswith(t + ":"):
            return True
        rest = s[len(t) + 1 :] if s.startswith(t + " ") else ""
        if rest and not rest[0].isalpha():
            return True
    return False


def _repeats(folded: str, earlier: list[str]) -> bool:
    """Whether ``folded`` repeats the headline (``earlier[0]``) or a long earlier paragraph."""
    if len(folded) < 3:
        return False
    for i, prev in enumerate(earlier):
        if folded == prev and (i == 0 or len(folded) >= _MIN_REPEAT):
            return True
        if len(folded) >= _MIN_REPEAT and prev.startswith(folded) and len(folded) * 5 >= len(prev) * 3:
            return True
    return False


def flag_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str | None]:
    """One reason (or ``None``) per paragraph, in order.

    The headline is ``title`` when given, else the first paragraph.
    """
    earlier: list[str] = [_fold(title)] if title else []
    flags: list[str | None] = []
    for par in paragraphs:
        folded = _fold(par)
        if is_stamp(par):
            flags.append(TIMESTAMP)
        elif is_trailer(par):
            flags.append(TRAILER)
        elif len(folded) <= 300 and _repeats(folded, earlier):
            flags.append(REPEATED)
        else:
            flags.append(None)
        earlier.append(folded)
    return flags


def guess_title(paragraphs: list[str], flags: list[str | None]) -> str | None:
    """The headline of a plain-text article: a paragraph that is repeated later, else None."""
    folded = [_fold(p) for p in paragraphs]
    for i, flag in enumerate(flags):
        if flag == REPEATED:
            for j in range(i):
                if flags[j] is None and (folded[j] == folded[i] or folded[j].startswith(folded[i])):
                    return paragraphs[j]
    return None
