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


def test_selection_inside_a_hyphen_part_snaps_to_the_part() -> None:
    i = TEXT.index("China")
    assert _sel(i, i + 2) == "China"
    assert _sel(i + 1, i + 5) == "China"
    assert _sel(i, i + 5) == "China"  # exactly the part: kept
    j = TEXT.index("Rusia")
    assert _sel(j + 1, j + 3) == "Rusia"


def test_selection_crossing_the_hyphen_snaps_to_the_compound() -> None:
    i = TEXT.index("-China")
    assert _sel(i - 2, i + 2) == "Rusia-China"
    assert _sel(i, i + 3) == "Rusia-China"  # from the hyphen itself
    assert _sel(TEXT.index("di Rusia"), i + 1) == "di Rusia-China"


def test_reduplication_and_other_joiners() -> None:
    text = "anak-anak itu don't pay 1.250 orang"
    k = text.index("anak", 1)
    assert snap(text, k + 1, k + 2) == (k, k + 4)  # the second "anak"
    assert snap(text, 2, 7) == (0, 9)  # across the hyphen: the whole reduplication
    d = text.index("don't")
    assert snap(text, d, d + 1) == (d, d + 5)  # an apostrophe does not part a word
    n = text.index("1.250")
    assert snap(text, n + 3, n + 4) == (n, n + 5)  # nor does a decimal point


def test_a_hyphen_between_spaces_parts_nothing() -> None:
    text = "Jakarta - Bandung"
    assert snap(text, 1, 3) == (0, 7)
    assert snap(text, 2, 12) == (0, 17)


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
    assert word_at(TEXT, TEXT.index("China") + 1) == (TEXT.index("Rusia"), TEXT.index("China") + 5)  # whole


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
    # it ends on word edges: no word character goes on on either side of a snapped edge (a hyphen part aside)
    if s > 0 and is_word_char(text, s):
        assert not is_word_char(text, s - 1) or text[s - 1] in "-‐"
    if e < len(text) and is_word_char(text, e - 1):
        assert not is_word_char(text, e) or text[e] in "-‐"
