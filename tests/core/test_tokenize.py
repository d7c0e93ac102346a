"""The shared tokenizer: words, numbers, single symbols, grapheme-ish clusters, boundaries."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.tokenize import (
    _TOKEN,
    _attaches,
    token_spans,
    token_windows,
    tokenize,
)

_PIECES = st.sampled_from([
    "Rusia-China", "don't", "02:26", "1.200.000", "1,2", "“", "”", "\"", "'", "…", "$", "🇮🇩",
    "👍🏽", "👨\u200d👩\u200d👧", "e\u0301", "\u200f", "\u2028", "\t", "\r\n", "\n", " ", "\x0b",
    "\x0c", "\x1c", "\u00a0", "katanya,", "Wang Yi", "—", "️", "\u200d", "🇮",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join)


def _texts(text: str) -> list[str]:
    return [t.text for t in tokenize(text)]


def test_words_keep_inner_hyphens_and_apostrophes() -> None:
    assert _texts("hubungan Rusia-China, langkah-langkah dan don't") == [
        "hubungan", "Rusia-China", ",", "langkah-langkah", "dan", "don't"]


def test_numbers_keep_inner_separators() -> None:
    assert _texts("pukul 02:26, 75 orang, 1,2 juta, Rp 1.200.000.") == [
        "pukul", "02:26", ",", "75", "orang", ",", "1,2", "juta", ",", "Rp", "1.200.000", "."]


def test_other_symbols_are_single_tokens() -> None:
    assert _texts("“Kami siap…” $5") == ["“", "Kami", "siap", "…", "”", "$", "5"]


def test_clusters_stay_whole() -> None:
    flag = "🇮🇩"
    thumbs = "👍🏽"
    family = "👨\u200d👩\u200d👧"
    assert _texts(f"{flag}{flag} {thumbs} {family} cafe\u0301") == [flag, flag, thumbs, family, "cafe\u0301"]


def test_boundaries_split_tokens() -> None:
    text = "Rusia-China"
    assert token_spans(text, [5]) == [(0, 5), (5, 11)]
    assert token_spans(text, [0, 11]) == [(0, 11)]
    assert token_spans("ab cd", [1, 4]) == [(0, 1), (1, 2), (3, 4), (4, 5)]


def test_whitespace_flag() -> None:
    toks = tokenize("Kata ini.")
    assert [(t.text, t.ws) for t in toks] == [("Kata", True), ("ini", False), (".", False)]


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.data())
def test_token_properties(text: str, data: st.DataObject) -> None:
    cuts = data.draw(st.lists(st.integers(0, len(text)), max_size=6))
    toks = tokenize(text, cuts)
    prev_end = 0
    covered: set[int] = set()
    for t in toks:
        assert 0 <= prev_end <= t.start < t.end <= len(text)
        assert t.text == text[t.start : t.end]
        assert not any(ch.isspace() for ch in t.text)
        assert t.ws == (t.end < len(text) and text[t.end].isspace())
        for b in cuts:
            assert not t.start < b < t.end, (t, b)
        covered.update(range(t.start, t.end))
        prev_end = t.end
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert i in covered, (i, ch)


def _joined_everywhere(text: str) -> list[tuple[int, int]]:
    """The tokens with every token checked for joining the one before it (no candidate scan)."""
    out: list[tuple[int, int]] = []
    for m in _TOKEN.finditer(text):
        s, e = m.span()
        if out and out[-1][1] == s and _attaches(text, s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_ASTRAL = st.sampled_from([
    "😀", "👍", "🏽", "🇮", "🇩", "\U0001d165", "\U0001d16d", "\U00011000", "\U00011001", "\U000e0100",
    "\U000e0067", "\U000e007f", "\U00020000", "\U0001f3fb", "\u200d", "\ufe0f", "a", " ", "\u0301", "1",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_ASTRAL, max_size=14).map("".join))
def test_the_candidate_scan_misses_no_character_that_attaches(text: str) -> None:
    """Only characters the scan finds are checked for joining the token before them; checking every token
    gives the same tokens (emoji of plane 1 that never attach are left out of the scan, marks are not)."""
    assert token_spans(text) == _joined_everywhere(text)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sets(st.integers(min_value=-2, max_value=120), max_size=8), st.integers(min_value=1, max_value=9))
def test_windows_give_the_tokens_of_the_whole_text(text: str, bounds: set[int], size: int) -> None:
    """A long text is tokenized a window at a time (the spans export of a huge paragraph): the windows'
    tokens one after the other are the whole text's, each window ends after white space or at the end."""
    windows = list(token_windows(text, bounds, size))
    assert [t for _, _, toks in windows for t in toks] == token_spans(text, bounds)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    for (_, hi, _), (lo, _, _) in pairwise(windows):
        assert hi == lo and text[hi - 1].isspace() and not text[hi].isspace()


def test_a_window_ends_only_at_white_space() -> None:
    text = "x" * 50 + " tail"
    assert [(lo, hi) for lo, hi, _ in token_windows(text, (), 10)] == [(0, 51), (51, 55)]
    assert [(lo, hi) for lo, hi, _ in token_windows("", (), 10)] == [(0, 0)]
