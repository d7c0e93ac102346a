"""Word-wise caret moves over tokens (annotator.core.token_cursor), without Qt."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.snap import has_content
from annotator.core.token_cursor import (
    apply_move,
    next_word_end,
    next_word_start,
    previous_word_start,
    word_after,
    word_before,
    words,
)

TEXT = "Warga Rusia-China menonton. “Kami siap,” ujar anak-anak itu, membayar Rp 1.250 per orang."


def _words(text: str) -> list[str]:
    return [text[s:e] for s, e in words(text)]


def test_words_skip_punctuation_and_keep_compounds_and_numbers() -> None:
    assert _words(TEXT) == ["Warga", "Rusia-China", "menonton", "Kami", "siap", "ujar", "anak-anak", "itu",
                            "membayar", "Rp", "1.250", "per", "orang"]


def test_next_word_end_after_a_word_takes_the_next_word_not_the_space() -> None:
    i = TEXT.index("Warga") + len("Warga")
    assert TEXT[i:next_word_end(TEXT, i)] == " Rusia-China"
    j = TEXT.index("menonton") + len("menonton")  # before ". “": the quote mark is stepped over
    assert TEXT[j:next_word_end(TEXT, j)] == ". “Kami"
    k = TEXT.index("Kami") + 2  # inside a word: to its end
    assert TEXT[k:next_word_end(TEXT, k)] == "mi"


def test_previous_word_start_at_the_end_does_not_stop_at_a_full_stop() -> None:
    end = len(TEXT)
    assert TEXT[previous_word_start(TEXT, end):end] == "orang."
    i = TEXT.index(" ujar")  # after “Kami siap,” the comma and marks are stepped over
    assert TEXT[previous_word_start(TEXT, i):i] == "siap,”"
    assert previous_word_start(TEXT, 0) == 0
    assert next_word_end(TEXT, end) == end


def test_next_word_start_for_the_plain_caret() -> None:
    assert TEXT[next_word_start(TEXT, 0):].startswith("Rusia-China")
    i = TEXT.index("orang")
    assert next_word_start(TEXT, i) == len(TEXT)  # after the last word: the end
    assert TEXT[next_word_start(TEXT, TEXT.index("menonton") + 3):].startswith("Kami")


def test_fresh_selection_words() -> None:
    i = TEXT.index("Warga") + len("Warga")  # the caret right after a labelled word
    s, e = word_after(TEXT, i)
    assert TEXT[s:e] == "Rusia-China"
    s, e = word_before(TEXT, len(TEXT))
    assert TEXT[s:e] == "orang"
    assert word_after(TEXT, len(TEXT)) is None
    assert word_before(TEXT, 0) is None
    assert word_before(TEXT, TEXT.index("siap") + 2) == (TEXT.index("siap"), TEXT.index("siap") + 4)


def test_emoji_flags_and_zwj_sequences_are_one_word_each() -> None:
    text = "Hore 👍🏽 🇮🇩 👨‍👩‍👧 selesai"
    assert _words(text) == ["Hore", "👍🏽", "🇮🇩", "👨‍👩‍👧", "selesai"]
    i = text.index("🇮🇩")
    assert next_word_end(text, i) == i + 2  # never between the two regional indicators
    j = text.index("👨")
    assert text[j:next_word_end(text, j)] == "👨‍👩‍👧"
    assert previous_word_start(text, j + 3) == j  # from inside the sequence back to its start


def test_crlf_and_quotes_are_white_space_and_punctuation() -> None:
    text = "“Sudah,”\r\nkata Budi.\r\n"
    assert _words(text) == ["Sudah", "kata", "Budi"]
    i = text.index(",”")
    assert text[i:next_word_end(text, i)] == ",”\r\nkata"
    assert text[previous_word_start(text, len(text)):] == "Budi.\r\n"


def test_english_contractions_and_decimals() -> None:
    text = "He said it's 3.5% higher, “for now”."
    assert _words(text) == ["He", "said", "it's", "3.5", "higher", "for", "now"]


def test_positions_out_of_range_are_clamped() -> None:
    assert next_word_end("abc def", -4) == 3
    assert previous_word_start("abc def", 99) == 4
    assert next_word_start("", 0) == 0


def test_apply_move_fresh_grow_shrink_and_paragraph_ends() -> None:
    text = "Menlu Retno bertemu Wang Yi."
    retno = (6, 11)
    assert apply_move(text, 11, 11, "word_right", True) == (12, 19)  # bare caret: the next word afresh
    assert apply_move(text, *retno, "word_right", True, settled=True) == (12, 19)  # from a labelled span too
    assert apply_move(text, *retno, "word_left", True, settled=True) == (5, 0)  # backwards: caret at the start
    assert apply_move(text, *retno, "word_right", True) == (6, 19)  # not settled: grows
    assert apply_move(text, 6, 19, "word_left", True) == (6, 11)  # and shrinks to a word's end
    assert apply_move(text, 6, 11, "word_left", True) == (6, 6)
    assert apply_move(text, 19, 6, "word_right", True) == (19, 12)  # shrinking from the left
    assert apply_move(text, 27, 27, "word_left", True) == (27, 25)  # "Yi", not "."
    assert apply_move(text, 12, 15, "home", True) == (12, 0)
    assert apply_move(text, 12, 15, "end", False) == (len(text), len(text))
    assert apply_move(text, 12, 15, "word_right", False) == (20, 20)
    assert apply_move(text, 28, 28, "word_right", True) == (28, 28)  # nothing after: nothing changes


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -.,“”\n👍🏽", max_size=30), st.data())
def test_moves_land_on_word_edges(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    spans = words(text)
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    end = next_word_end(text, pos)
    assert end == pos or (end > pos and end in ends)
    start = previous_word_start(text, pos)
    assert start == pos or (start < pos and start in starts)
    nxt = next_word_start(text, pos)
    assert nxt == len(text) or (nxt > pos and nxt in starts)
    # a move never jumps over a whole word: what it passes before the word it lands on is not one
    if end > pos:
        landed = next(s for s, e in spans if e == end)
        assert not any(pos <= a and b <= landed for a, b in spans)
        assert landed < pos or not has_content(text[pos:landed])


def test_j_selects_the_next_name_with_the_capitalised_words_after_it() -> None:
    from annotator.core.token_cursor import select_name

    text = "Kemarin Menteri Luar Negeri China Wang Yi 🇨🇳 bertemu warga di Kota\nPalu, kata BPBD."
    sel = select_name(text, 0, 0)
    assert sel is not None and text[sel[0]:sel[1]] == "Kemarin Menteri Luar Negeri China Wang Yi"
    seen = []
    a = c = 0
    while (sel := select_name(text, a, c)) is not None:
        seen.append(text[sel[0]:sel[1]])
        a, c = sel
    assert seen == ["Kemarin Menteri Luar Negeri China Wang Yi", "Menteri Luar Negeri China Wang Yi",
                    "Luar Negeri China Wang Yi", "Negeri China Wang Yi", "China Wang Yi", "Wang Yi", "Yi",
                    "Kota", "Palu", "BPBD"]  # a line break ends a run; the emoji and lower-case words end one too
    back = select_name(text, len(text), len(text), backwards=True)
    assert back is not None and text[back[0]:back[1]] == "BPBD"
    start = text.index("Palu")
    back = select_name(text, start, start + 4, backwards=True)
    assert back is not None and text[back[0]:back[1]] == "Kota"
    assert select_name("semua huruf kecil.", 0, 0) is None


def test_j_after_a_label_goes_past_the_annotation() -> None:
    from annotator.core.token_cursor import select_name

    text = "Gubernur Ratna Wulandari meresmikan jembatan di Palu."
    labelled = (text.index("Ratna"), text.index(" meresmikan"))
    assert select_name(text, *labelled, settled=False) == (text.index("Wulandari"), labelled[1])
    got = select_name(text, *labelled, settled=True)
    assert got is not None and text[got[0]:got[1]] == "Palu"
