"""Selection snapping to whole words, without surrounding white space."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.snap import is_word_char, snap, word_at

TEXT = "Menlu Lavrov bertemu Wang Yi di Rusia-China, katanya."


def _sel(start: int, end: int, words: bool = True) -> str | None:
    got = snap(TEXT, start, end, words)
    return None if got is None else TEXT[got[0] : got[1]]


def test_partial_word_grows_to_the_word() -> None:
    i = TEXT.index("Lavrov")
    assert _sel(i + 2, i + 4) == "Lavrov"


def test_surrounding_space_is_dropped() -> None:
    i = TEXT.index(" Wang Yi ")
    assert _sel(i, i + len(" Wang Yi ")) == "Wang Yi"


def test_hyphenated_word_is_one_word() -> None:
    i = TEXT.index("China")
    assert _sel(i, i + 2) == "Rusia-China"


def test_punctuation_is_not_pulled_in() -> None:
    i = TEXT.index("katanya")
    assert _sel(i, i + 3) == "katanya"


def test_without_word_snapping_only_space_is_trimmed() -> None:
    i = TEXT.index("Lavrov")
    assert _sel(i + 1, i + 4, words=False) == "avr"


def test_only_white_space_gives_none() -> None:
    i = TEXT.index(" ")
    assert snap(TEXT, i, i + 1) is None
    assert snap(TEXT, 3, 3) is None


def test_reversed_and_out_of_range_selections() -> None:
    assert snap(TEXT, 12, 6) == (6, 12)
    assert snap(TEXT, -5, 5) == (0, 5)
    assert snap(TEXT, len(TEXT) - 1, len(TEXT) + 9) == (len(TEXT) - 1, len(TEXT))


def test_word_at() -> None:
    i = TEXT.index("bertemu")
    assert word_at(TEXT, i + 3) == (i, i + len("bertemu"))
    assert word_at(TEXT, TEXT.index(" ")) is None
    assert word_at(TEXT, len(TEXT)) is None


def test_joiners_only_between_word_characters() -> None:
    text = "a-b -c"
    assert is_word_char(text, 1)
    assert not is_word_char(text, 4)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.data())
def test_snapped_selection_properties(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(0, len(text)))
    got = snap(text, a, b)
    lo, hi = min(a, b), max(a, b)
    if got is None:
        assert not text[lo:hi].strip()
        return
    s, e = got
    assert 0 <= s < e <= len(text)
    assert not text[s].isspace() and not text[e - 1].isspace()
    # every non-space character selected stays selected
    for i in range(lo, hi):
        if not text[i].isspace():
            assert s <= i < e
