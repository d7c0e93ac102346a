"""The quote around the caret and the default kind of a new quote (annotator.core.quote_select)."""

from __future__ import annotations

import pytest

from annotator.core.quote_select import enclosing_quote, paragraph_quotes, quote_kind

PARS = (
    "“Harga beras akan turun bulan depan,” kata Menteri Pertanian Andi Prasetyo di Jakarta, Senin.",
    "Ia menyebut kebijakan impor itu “tidak masuk akal” bagi petani kecil.",
    "Menurut dia, pemerintah berkata: «Kami mendengar keluhan itu.» Tetapi ia berkata: “Stok gudang",
    "cukup sampai Maret,” ujarnya. Spokesman O'Neil called it ‘a fine plan’ and Jum’at's 'rally' off.",
)


def _sel(index: int, caret_at: str, offset: int = 1, selection: tuple[int, int] | None = None) -> str | None:
    text = PARS[index]
    got = enclosing_quote(PARS, index, text.index(caret_at) + offset, selection=selection)
    return None if got is None else text[got[0]:got[1]]


def test_content_of_the_quote_around_the_caret() -> None:
    assert _sel(0, "beras") == "Harga beras akan turun bulan depan"  # without the marks and the comma
    assert _sel(1, "masuk") == "tidak masuk akal"
    assert _sel(2, "mendengar") == "Kami mendengar keluhan itu."


def test_caret_on_a_mark_counts_as_inside() -> None:
    assert _sel(0, "“", 0) == "Harga beras akan turun bulan depan"
    assert _sel(1, "” bagi", 1) == "tidak masuk akal"  # right after the closing mark


def test_outside_any_quote_gives_none() -> None:
    assert _sel(0, "Menteri") is None
    assert _sel(1, "petani") is None


def test_quote_left_open_runs_on_from_the_paragraph_start() -> None:
    assert _sel(2, "gudang") == "Stok gudang"  # open to the paragraph's end
    assert _sel(3, "Maret") == "cukup sampai Maret"  # the continuation, from the start
    assert next(PARS[3][q.start:q.end] for q in paragraph_quotes(PARS, 3)) == "cukup sampai Maret"
    broken = paragraph_quotes(PARS, 3, boilerplate={2})  # a boilerplate paragraph breaks the carry
    assert [PARS[3][q.start:q.end] for q in broken] == ["a fine plan"]


def test_apostrophes_are_no_quotes_but_single_quotes_are() -> None:
    assert _sel(3, "Neil") is None
    assert _sel(3, "at's") is None
    assert _sel(3, "rally") is None  # a straight single quote is never a quote mark
    assert _sel(3, "fine") == "a fine plan"


def test_second_press_takes_the_marks_too() -> None:
    text = PARS[1]
    s = text.index("tidak")
    content = (s, s + len("tidak masuk akal"))
    assert _sel(1, "masuk", selection=content) == "“tidak masuk akal”"


@pytest.mark.parametrize(("text", "span", "kind"), [
    ("“Kami sepakat,” kata Putin.", "Kami sepakat", "direct"),
    ("“Kami sepakat,” kata Putin.", "“Kami sepakat,”", "direct"),
    ("Ia berkata: “Kami siap.”", "Kami siap.", "direct"),
    ("😀 “Kami siap,” katanya.", "“Kami siap,”", "direct"),
    ("Ia menilai langkah itu „sangat berani“ sekali.", "sangat berani", "mixed"),
    ("Ia menyebut kebijakan itu “tidak masuk akal” bagi petani.", "tidak masuk akal", "mixed"),
    ("Ia menyebut kebijakan itu “tidak masuk akal” bagi petani.", "“tidak masuk akal”", "mixed"),
    ("Ia menyebut kebijakan itu “tidak masuk akal” bagi petani.", "kebijakan itu “tidak masuk akal”", "mixed"),
    ("“Kami sepakat,” kata Putin.", "“Kami sepakat,” kata Putin", "mixed"),
    ("Ia mengatakan bahwa harga akan turun.", "harga akan turun", "indirect"),
    ("He said it's over and don't worry.", "it's over and don't worry", "indirect"),
])
def test_quote_kind(text: str, span: str, kind: str) -> None:
    start = text.index(span)
    assert quote_kind(text, start, start + len(span)) == kind
