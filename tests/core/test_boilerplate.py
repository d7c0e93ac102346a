"""Boilerplate flags: time stamps, site trailers, a repeated headline, and what must not be flagged."""

from __future__ import annotations

import pytest

from annotator.core.boilerplate import (
    REPEATED,
    TIMESTAMP,
    TRAILER,
    flag_paragraphs,
    guess_title,
    is_stamp,
    is_trailer,
)

HEADLINE = "Menteri Luar Negeri Bertemu Mitra dari Jakarta Membahas Kerja Sama Pangan"
BODY = "Pertemuan itu berlangsung selama dua jam di gedung kementerian, kata seorang pejabat."


@pytest.mark.parametrize("line", [
    "02:26", "14.05", " 02:26 ", "Senin, 27/11/2026 10.15 WIB", "27/11/2026", "Selasa, 3 Mar 2026 08:00 WIB",
    "March 3, 2026 8:15 pm", "Kamis, 12 Desember 2026 | 21:40 WIB",
])
def test_time_stamps_are_flagged(line: str) -> None:
    assert is_stamp(line)
    assert flag_paragraphs([HEADLINE, line, BODY]) == [None, TIMESTAMP, None]


@pytest.mark.parametrize("line", [
    "Leave a Reply", "Leave a Reply Cancel reply", "Baca juga: Harga beras naik lagi di pasar",
    "BACA JUGA:", "Share this:", "Tinggalkan Balasan", "© 2026 Kabar Kota. All rights reserved.",
    "Read more »", "Komentar (3)", "12 Comments", "Advertisement", "Hak Cipta Dilindungi Undang-Undang",
])
def test_trailers_are_flagged(line: str) -> None:
    assert is_trailer(line)
    assert flag_paragraphs([HEADLINE, BODY, line]) == [None, None, TRAILER]


def test_exact_repeat_of_the_headline() -> None:
    assert flag_paragraphs([HEADLINE, BODY, HEADLINE]) == [None, None, REPEATED]


def test_cut_off_repeat_of_the_headline() -> None:
    cut = HEADLINE[: len(HEADLINE) - 12].rstrip()
    assert flag_paragraphs([HEADLINE, cut, BODY]) == [None, REPEATED, None]


def test_repeat_differing_only_in_case_and_spacing() -> None:
    assert flag_paragraphs([HEADLINE, "  " + HEADLINE.upper().replace(" ", "  "), BODY])[1] == REPEATED


def test_given_title_is_the_headline() -> None:
    assert flag_paragraphs([HEADLINE, BODY], title=HEADLINE) == [REPEATED, None]


def test_short_prefix_is_not_a_repeat() -> None:
    assert flag_paragraphs([HEADLINE, "Menteri Luar Negeri", BODY]) == [None, None, None]


@pytest.mark.parametrize("line", [
    "75",
    "“Kami siap,” katanya.",
    "“Tidak.”",
    "Sebanyak 75 orang tewas pada 12.30 WIB.",
    "Harga naik 1,2 persen pada 2026.",
    "Komentar itu disambut baik oleh warga.",
    "Iklan rokok dilarang di televisi.",
    "Bagikan bantuan itu kepada warga.",
    "Comments from the minister were brief.",
    "Advertisement spending rose 5% in May.",
    "Copyright law was changed in 2020.",
    "He said 10:30 was too late.",
])
def test_ordinary_paragraphs_are_not_flagged(line: str) -> None:
    assert flag_paragraphs([HEADLINE, BODY, line]) == [None, None, None]


def test_a_repeated_short_quote_is_not_boilerplate() -> None:
    assert flag_paragraphs([HEADLINE, "“Tidak.”", BODY, "“Tidak.”"]) == [None, None, None, None]


def test_flags_leave_text_alone() -> None:
    pars = [HEADLINE, "02:26", BODY, "Leave a Reply"]
    copy = list(pars)
    flag_paragraphs(pars)
    assert pars == copy


def test_guess_title_is_the_repeated_line() -> None:
    pars = ["Lead sentence that is not the headline at all, about the weather.", "02:26", HEADLINE,
            HEADLINE[:-10], BODY]
    flags = flag_paragraphs(pars)
    assert flags == [None, TIMESTAMP, None, REPEATED, None]
    assert guess_title(pars, flags) == HEADLINE
    assert guess_title([BODY], [None]) is None


def test_short_headline_repeated_exactly() -> None:
    assert flag_paragraphs(["Gempa di Aceh", BODY, "Gempa di Aceh"]) == [None, None, REPEATED]
