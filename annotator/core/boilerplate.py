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
_DATE = (
    rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})[a-z]*\.?\s+\d{{4}}"
    rf"|(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}})"
)
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
_TRAILER_STRIP = " .:!-–—|»›>"  # stripped from both ends of a folded line before the trailer tests


def _fold(s: str) -> str:
    """NFKC, case-folded, white space runs made one space and the ends stripped."""
    # ASCII is its own NFKC form, and casefold() of ASCII is lower() (isascii() costs nothing)
    s = s.lower() if s.isascii() else unicodedata.normalize("NFKC", s).casefold()
    # " ".join(s.split()) changes nothing when the only white space is single inner ASCII spaces:
    # every other white-space character is unprintable (categories Zs, Zl, Zp, Cc)
    if s.isprintable() and "  " not in s and s[:1] != " " and s[-1:] != " ":
        return s
    return " ".join(s.split())


def is_stamp(par: str) -> bool:
    s = par.strip()
    if not s or len(s) > 60 or not any(ch.isdigit() for ch in s):
        return False
    return bool(_STAMP_RE.match(s))


def is_trailer(par: str) -> bool:
    return _is_trailer_folded(_fold(par))


def _is_trailer_folded(folded: str) -> bool:
    """:func:`is_trailer` of a paragraph already passed through :func:`_fold`."""
    s = folded.strip(_TRAILER_STRIP)
    if len(s) > _MAX_TRAILER_ITEM:
        return False
    if "©" in s:  # without it, s is already split and joined by _fold (its ends stripped of spaces too)
        s = " ".join(s.replace("©", " copyright ").split())
    if s.startswith(_TRAILERS):  # one C call instead of the loop for the great majority
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
    if s.startswith(_TRAILER_WORDS):
        for t in _TRAILER_WORDS:
            if s == t or s.startswith(t + ":"):
                return True
            rest = s[len(t) + 1 :] if s.startswith(t + " ") else ""
            if rest and not rest[0].isalpha():
                return True
    return False


def flag_paragraphs(paragraphs: list[str], title: str | None = None) -> list[str | None]:
    """One reason (or ``None``) per paragraph, in order.

    The headline is ``title`` when given, else the first paragraph. A paragraph
    repeats the headline when it equals it, or an earlier paragraph of
    ``_MIN_REPEAT`` or more characters when it equals it or is a cut-off start
    of it keeping three fifths of it; earlier paragraphs are indexed by their
    first ``_MIN_REPEAT`` characters, so no loop runs over all of them.
    (One loop, no helper calls for the common case: this runs on every paragraph imported.)
    """
    first: str | None = None  # the folded headline
    by_prefix: dict[str, list[str]] = {}  # folded earlier paragraphs (and headline) by their start
    if title:
        first = _fold(title)
        if len(first) >= _MIN_REPEAT:
            by_prefix[first[:_MIN_REPEAT]] = [first]
    flags: list[str | None] = []
    append = flags.append
    for par in paragraphs:
        folded = _fold(par)
        n = len(folded)
        if len(par.strip()) <= 60 and is_stamp(par):  # is_stamp rejects longer lines itself
            append(TIMESTAMP)
        elif (n <= _MAX_TRAILER_ITEM or folded[0] in _TRAILER_STRIP or folded[-1] in _TRAILER_STRIP) \
                and _is_trailer_folded(folded):  # else stripping leaves it too long for a trailer
            append(TRAILER)
        elif 3 <= n <= 300 and first is not None and (folded == first or (n >= _MIN_REPEAT and (
                cands := by_prefix.get(folded[:_MIN_REPEAT])) is not None and any(
                len(prev) * 3 <= n * 5 and prev.startswith(folded) for prev in cands))):
            append(REPEATED)
        else:
            append(None)
        if first is None:
            first = folded
        if n >= _MIN_REPEAT:
            key = folded[:_MIN_REPEAT]
            cands = by_prefix.get(key)
            if cands is None:
                by_prefix[key] = [folded]
            else:
                cands.append(folded)
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
