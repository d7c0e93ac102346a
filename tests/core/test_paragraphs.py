"""Paragraph splitting: exact offsets, nothing lost, line mode and blank-line (block) mode."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.paragraphs import BLOCK_MODE, LINE_MODE, choose_mode, split_paragraphs

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

_PIECES = st.sampled_from([
    "\n", "\r\n", "\n\n", "\r\n\r\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x85", "\u2028",
    "\u2029", "\u200f", "\u00a0", "\u3000", "🇮🇩", "😀", "👍🏽", "e\u0301", "\u0301", "\ufeff",
    "Menteri itu berkata", "“Kami siap,” katanya.", "ا", "שלום", "\r",
])
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=30).map("".join)


def _check(text: str, mode: str) -> list[str]:
    used, spans = split_paragraphs(text, mode)
    assert used == mode
    pars: list[str] = []
    prev_end = 0
    inside = [False] * len(text)
    for sp in spans:
        assert prev_end <= sp.start < sp.end <= len(text)
        par = text[sp.start : sp.end]
        assert not par[0].isspace() and not par[-1].isspace()
        for i in range(sp.start, sp.end):
            inside[i] = True
        prev_end = sp.end
        pars.append(par)
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert inside[i], f"character {ch!r} at {i} is in no paragraph"
    return pars


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_line_mode_loses_nothing(text: str) -> None:
    for par in _check(text, LINE_MODE):
        assert "\n" not in par


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_block_mode_loses_nothing(text: str) -> None:
    for par in _check(text, BLOCK_MODE):
        assert not _BLANK_LINE.search(par)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_automatic_mode_is_one_of_the_two(text: str) -> None:
    mode, spans = split_paragraphs(text)
    assert mode in (LINE_MODE, BLOCK_MODE)
    assert split_paragraphs(text, mode)[1] == spans


def test_one_paragraph_per_line() -> None:
    text = "Judul berita hari ini\n  Paragraf pertama.  \n\n\tParagraf kedua 😀\n"
    mode, spans = split_paragraphs(text)
    assert mode == LINE_MODE
    assert [(s.start, s.end) for s in spans] == [(0, 21), (24, 41), (46, 62)]
    assert [text[s.start : s.end] for s in spans] == ["Judul berita hari ini", "Paragraf pertama.", "Paragraf kedua 😀"]


def test_single_lines_separated_by_blank_lines_stay_line_mode() -> None:
    text = "Pertama satu.\n\nKedua dua.\n\nKetiga tiga.\n"
    assert choose_mode(text) == LINE_MODE
    assert len(split_paragraphs(text)[1]) == 3


def test_hard_wrapped_blocks_use_block_mode() -> None:
    text = ("The river cleanup began on a cold morning, and the\nvolunteers arrived before dawn "
            "with boats.\n\nBy noon they had pulled two tonnes of plastic\nfrom the water, the "
            "organisers said.\n\nThe city promised to help.\n")
    mode, spans = split_paragraphs(text)
    assert mode == BLOCK_MODE
    pars = [text[s.start : s.end] for s in spans]
    assert len(pars) == 3
    assert pars[0].startswith("The river") and pars[0].endswith("boats.")
    assert "\n" in pars[0]
    assert pars[2] == "The city promised to help."


def test_crlf_text() -> None:
    text = "Baris satu.\r\nBaris dua.\r\n\r\nBaris tiga.\r\n"
    mode, spans = split_paragraphs(text)
    assert mode == LINE_MODE
    assert [text[s.start : s.end] for s in spans] == ["Baris satu.", "Baris dua.", "Baris tiga."]
    wrapped = "Satu dua tiga\r\nempat lima.\r\n\r\nEnam tujuh\r\ndelapan.\r\n"
    mode, spans = split_paragraphs(wrapped)
    assert mode == BLOCK_MODE
    assert [wrapped[s.start : s.end] for s in spans] == ["Satu dua tiga\r\nempat lima.", "Enam tujuh\r\ndelapan."]


def test_unknown_mode_raises() -> None:
    with pytest.raises(ValueError):
        split_paragraphs("abc", "sentences")


def test_blank_text_has_no_paragraph() -> None:
    assert split_paragraphs(" \n\t\n")[1] == []
