"""Country and territory names from CLDR (Babel), in Indonesian and English, as GPE."""

from __future__ import annotations

from itertools import pairwise

import babel
import babel.localedata
import pytest

from annotator.core.suggest.base import KnownSpan, ParagraphContext
from annotator.core.suggest.places import AMBIGUOUS, SCORE, PlacesRecommender, languages, place_names
from annotator.core.suggest.registry import RECOMMENDERS


def _found(text: str, lang: str | None, known: tuple[KnownSpan, ...] = ()) -> list[tuple[str, int]]:
    props = PlacesRecommender().suggest(ParagraphContext((text,), 0, lang, known))
    for p in props:
        assert p.label == "GPE" and p.recommender == "places" and p.score == SCORE
        assert text[p.start:p.end] == text[p.start:p.end].strip() != ""
    for a, b in pairwise(props):
        assert a.end <= b.start
    return [(text[p.start:p.end], p.start) for p in props]


def _texts(text: str, lang: str | None) -> list[str]:
    return [t for t, _ in _found(text, lang)]


def test_registered() -> None:
    assert isinstance(RECOMMENDERS["places"](), PlacesRecommender)


def test_indonesian_names() -> None:
    text = "Rusia dan Tiongkok mengecam Amerika Serikat soal Ukraina, kata pejabat Jepang di Korea Selatan."
    assert _texts(text, "id") == ["Rusia", "Tiongkok", "Amerika Serikat", "Ukraina", "Jepang", "Korea Selatan"]
    # English names are not Indonesian ones
    assert _texts("Russia and China criticised the United States.", "id") == []


def test_english_names() -> None:
    text = "Russia's envoy met China, the United States and Ukraine in the United Kingdom."
    assert _texts(text, "en") == ["Russia", "China", "United States", "Ukraine", "United Kingdom"]
    assert _texts("Rusia dan Tiongkok.", "en") == []
    assert _texts(text, "en-GB") == _texts(text, "en")


def test_without_a_language_both() -> None:
    assert languages(None) == ("en", "id")
    assert _texts("Rusia, Russia, Tiongkok, China.", None) == ["Rusia", "Russia", "Tiongkok", "China"]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("code", ["RU", "CN", "US", "UA", "DE", "JP", "ZA", "NZ"])
def test_names_come_from_babel(lang: str, code: str) -> None:
    name = babel.Locale(lang).territories[code]
    assert name in place_names(lang)
    text = f"Delegasi {name} tiba. "
    assert _found(text, lang) == [(name, 9)]


def test_alternative_names_are_cldr_data() -> None:
    en = place_names("en")
    regional = {babel.Locale.parse(i).territories["LC"] for i in ("en_GB", "en_AU")}
    assert regional <= en and babel.Locale("en").territories["LC"] in en
    assert "Myanmar" in en and "Myanmar" in place_names("id")  # "Myanmar (Burma)" without the parenthesis
    assert "Hong Kong" in en and "Hong Kong" in place_names("id")  # "Hong Kong SAR China" / "... DAK Tiongkok"
    assert "Makau" in place_names("id")
    # every name is one of Babel's, or one of Babel's with a parenthesis or the "SAR China" tail taken off
    idents = [i for i in babel.localedata.locale_identifiers() if i.split("_")[0] in ("en", "id")]
    everything = " | ".join(name for ident in idents for name in babel.Locale.parse(ident).territories.values())
    for lang in ("id", "en"):
        for name in place_names(lang):
            assert name in everything


def test_groupings_regions_and_ambiguous_names_are_left_out() -> None:
    id_names = place_names("id")
    for code in ("EU", "UN", "EZ", "ZZ", "150", "002"):  # groupings, unknown, continents
        assert babel.Locale("id").territories[code] not in id_names
    assert AMBIGUOUS.isdisjoint(place_names("en") | id_names)
    assert _texts("Michael Jordan met Chad in Jersey.", "en") == []
    assert all(len(n) >= 4 for n in place_names("en") | id_names)


def test_longest_first() -> None:
    assert _texts("Papua New Guinea and Guinea-Bissau, not Guinea.", "en") == [
        "Papua New Guinea", "Guinea-Bissau", "Guinea"]
    assert _texts("Kepulauan Virgin Amerika Serikat dekat Amerika Serikat.", "id") == [
        "Kepulauan Virgin Amerika Serikat", "Amerika Serikat"]
    assert _texts("American Samoa and Samoa.", "en") == ["American Samoa", "Samoa"]


def test_token_boundaries() -> None:
    assert _texts("Rusiawan, Omanis, Perang Rusia-Ukraina, pro-Rusia, Indonesian.", "id") == [
        "Rusia", "Ukraina", "Rusia"]
    assert _texts("Russian and Chinese officials; china plates.", "en") == []


def test_not_over_the_annotators_spans() -> None:
    text = "Bank of China dan pejabat Rusia ke Tiongkok."
    known = (KnownSpan(0, 0, 13, "ORG", "Bank of China", "manual"),
             KnownSpan(0, 26, 32, "PERSON", "Rusia ", "manual"),  # overlapping, not the same
             KnownSpan(0, 0, len(text), "QUOTE", text, "manual"))  # a quote does not block
    assert _found(text, None, known) == [("Tiongkok", 35)]
    assert _found(text, None) == [("China", 8), ("Rusia", 26), ("Tiongkok", 35)]


@pytest.mark.parametrize("prefix", ["👨\u200d👩\u200d👧 ", "🇮🇩🇷🇺\r\n", "👍🏽 e\u0301\r\n\r\n", "“🏳️\u200d🌈” "])
def test_offsets_with_emoji_flags_zwj_and_crlf_before_the_span(prefix: str) -> None:
    text = prefix + "Rusia\r\ndan 🇨🇳 Tiongkok."
    assert _found(text, "id") == [("Rusia", len(prefix)), ("Tiongkok", text.index("Tiongkok"))]


def test_boilerplate_paragraphs_get_nothing() -> None:
    ctx = ParagraphContext(("Rusia.",), 0, "id", boilerplate=frozenset({0}))
    assert PlacesRecommender().suggest(ctx) == []
