"""Code-point <-> UTF-16 offsets (Qt counts UTF-16 units, storage counts code points)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.offsets import (
    OFFSET_UNITS,
    OffsetError,
    OffsetMap,
    UnitMap,
    grapheme_starts,
    to_codepoint,
    to_utf16,
)

# BMP letters, astral emoji, flags (two regional indicators), combining marks
_ALPHABET = st.one_of(
    st.characters(exclude_categories=("Cs",)),
    st.sampled_from(["😀", "🇮", "🇩", "\U0001f3fd", "\u0301", "\u200d", "\U00010348", "a", "\n"]),
)


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_bmp_text_maps_one_to_one() -> None:
    m = OffsetMap("Jakarta, Senin")
    assert [m.to_utf16(i) for i in range(15)] == list(range(15))
    assert m.utf16_length() == 14


def test_astral_characters_take_two_units() -> None:
    text = "a😀b🇮🇩c"
    m = OffsetMap(text)
    assert m.to_utf16(0) == 0
    assert m.to_utf16(1) == 1
    assert m.to_utf16(2) == 3  # after the emoji
    assert m.to_utf16(3) == 4
    assert m.to_utf16(5) == 8  # after both regional indicators
    assert m.to_utf16(len(text)) == 9 == m.utf16_length()
    assert m.to_codepoint(3) == 2
    assert m.to_codepoint(8) == 5


def test_position_inside_a_surrogate_pair_moves_to_the_character_start() -> None:
    m = OffsetMap("a😀b")
    assert m.to_codepoint(2) == 1


def test_out_of_range_offsets_raise() -> None:
    m = OffsetMap("abc")
    with pytest.raises(ValueError):
        m.to_utf16(4)
    with pytest.raises(ValueError):
        m.to_utf16(-1)
    with pytest.raises(ValueError):
        m.to_codepoint(-1)


def test_module_functions_agree_with_the_map() -> None:
    text = "x😀y"
    assert to_utf16(text, 2) == 3
    assert to_codepoint(text, 3) == 2


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_round_trip(text: str) -> None:
    m = OffsetMap(text)
    assert m.utf16_length() == _u16(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == _u16(text[:cp])
        assert m.to_codepoint(u) == cp


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30), st.data())
def test_every_utf16_position_maps_to_a_character_start(text: str, data: st.DataObject) -> None:
    m = OffsetMap(text)
    u = data.draw(st.integers(0, m.utf16_length()))
    cp = m.to_codepoint(u)
    assert 0 <= cp <= len(text)
    # the character start at or before u
    assert _u16(text[:cp]) <= u
    assert cp == len(text) or _u16(text[: cp + 1]) > u


# -- other units (doccano's UTF-16 and grapheme offsets), strict both ways --------------------------------
NEWS = "Warga 👩\u200d👩\u200d👧 di Manado 🇮🇩\r\nJose\u0301 tiba 👍🏽."


def test_grapheme_starts_keep_clusters_whole() -> None:
    starts = grapheme_starts(NEWS)
    assert starts[-1] == len(NEWS)
    clusters = [NEWS[a:b] for a, b in pairwise(starts)]
    assert "👩\u200d👩\u200d👧" in clusters and "🇮🇩" in clusters and "\r\n" in clusters
    assert "e\u0301" in clusters and "👍🏽" in clusters
    assert "".join(clusters) == NEWS


@pytest.mark.parametrize("unit", OFFSET_UNITS)
def test_unit_map_round_trips_every_boundary(unit: str) -> None:
    m = UnitMap(NEWS, unit)  # type: ignore[arg-type]
    bounds = grapheme_starts(NEWS) if unit == "graphemes" else range(len(NEWS) + 1)
    for cp in bounds:
        assert m.to_codepoint(m.from_codepoint(cp)) == cp
    assert m.from_codepoint(len(NEWS)) == m.length()


def test_unit_lengths() -> None:
    assert UnitMap(NEWS, "codepoints").length() == len(NEWS)
    assert UnitMap(NEWS, "utf16").length() == _u16(NEWS)
    assert UnitMap(NEWS, "graphemes").length() == len(grapheme_starts(NEWS)) - 1
    assert UnitMap("Manado 🇮🇩", "graphemes").length() == 8


def test_utf16_inside_a_surrogate_pair_is_refused() -> None:
    m = UnitMap("a😀b", "utf16")
    assert [m.to_codepoint(u) for u in (0, 1, 3, 4)] == [0, 1, 2, 3]
    with pytest.raises(OffsetError, match="inside a surrogate pair"):
        m.to_codepoint(2)
    with pytest.raises(OffsetError, match="outside"):
        m.to_codepoint(5)


def test_grapheme_offsets_inside_a_cluster_are_refused() -> None:
    m = UnitMap("x🇮🇩y", "graphemes")
    assert [m.from_codepoint(c) for c in (0, 1, 3, 4)] == [0, 1, 2, 3]
    with pytest.raises(OffsetError, match="inside a grapheme cluster"):
        m.from_codepoint(2)  # between the flag's two letters
    with pytest.raises(OffsetError, match="outside"):
        m.to_codepoint(4)
    with pytest.raises(OffsetError, match="outside"):
        m.from_codepoint(-1)


def test_spacing_map_moves_spans_between_two_spacings() -> None:
    from annotator.core.offsets import SpacingMap, without_spaces

    original = "Wali Kota\r\nSari  Lestari 👩\u200d👩\u200d👧, ujar-nya."
    spaced = "Wali Kota Sari Lestari 👩\u200d👩\u200d👧 , ujar-nya ."
    m = SpacingMap(spaced, original)
    for needle in ("Wali Kota Sari", "Lestari 👩\u200d👩\u200d👧 ,", "ujar-nya ."):
        s = spaced.index(needle)
        a, b = m.span(s, s + len(needle))  # type: ignore[misc]
        assert without_spaces(original[a:b]) == without_spaces(needle)
        assert not original[a].isspace() and not original[b - 1].isspace()
    assert m.span(4, 5) is None  # a space only
    with pytest.raises(OffsetError):
        SpacingMap("Wali Kota", "Wali Kot")
