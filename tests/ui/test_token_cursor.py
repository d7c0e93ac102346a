"""The token cursor on a real paragraph text widget: the keys an annotator presses, and what they select."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.ui.paragraph_view import ParagraphText
from annotator.ui.token_cursor import TokenCursor

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
TEXT = ("Juru bicara Kementerian Luar Negeri Rusia-China menolak tuduhan itu. “Kami tidak pernah mengirim "
        "senjata,” ujarnya kepada 1.250 wartawan 👍🏽 di Moskow, Selasa (4/6), sambil menunjukkan dokumen "
        "yang belum pernah dipublikasikan sebelumnya oleh kantor berita mana pun di kawasan itu.")


@pytest.fixture()
def text(qtbot) -> ParagraphText:
    widget = ParagraphText()
    qtbot.addWidget(widget)
    widget.resize(360, 400)  # narrow: the paragraph wraps over several lines
    widget.set_paragraph(TEXT)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def _settled(spans: list[tuple[int, int]]):
    return lambda span: span in spans


def _selected(widget: ParagraphText) -> str:
    sel = widget.selection()
    return "" if sel is None else TEXT[sel[0]:sel[1]]


def _caret_after(widget: ParagraphText, word: str) -> None:
    pos = TEXT.index(word) + len(word)
    widget.select(pos, pos)


def test_ctrl_shift_right_selects_whole_words_never_a_space(qtbot, text) -> None:
    TokenCursor(text, parent=text)
    _caret_after(text, "Juru")
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "bicara"  # from a bare caret: the next word, not " bicara"
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "bicara Kementerian"
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)  # shrinking: back to the end of a word
    assert _selected(text) == "bicara"


def test_a_hyphenated_compound_and_a_number_are_one_step(qtbot, text) -> None:
    TokenCursor(text, parent=text)
    _caret_after(text, "Negeri")
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "Rusia-China"
    _caret_after(text, "kepada")
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "1.250 wartawan"
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "1.250 wartawan 👍🏽"  # the emoji with its skin tone, one step


def test_after_a_settled_selection_shift_moves_start_afresh(qtbot, text) -> None:
    rusia = (TEXT.index("Rusia"), TEXT.index("Rusia") + len("Rusia-China"))
    TokenCursor(text, _settled([rusia]), parent=text)
    text.select(*rusia)  # the span of the selected annotation, e.g. just labelled
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text) == "menolak"
    text.select(*rusia)
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)
    assert _selected(text) == "Negeri"
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)  # that one is not settled: it grows leftwards
    assert _selected(text) == "Luar Negeri"


def test_ctrl_shift_left_at_the_end_of_a_sentence_takes_the_word_not_the_stop(qtbot, text) -> None:
    TokenCursor(text, parent=text)
    qtbot.keyClick(text, Qt.Key.Key_End)
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)
    assert _selected(text) == "itu"
    end = TEXT.index("itu.") + 4  # right after the first sentence's full stop
    text.select(end, end)
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)
    assert _selected(text) == "itu"
    _caret_after(text, "senjata,”")  # after a closing mark and a comma
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL | SHIFT)
    assert _selected(text) == "senjata"


def test_plain_ctrl_arrows_move_the_caret_word_by_word(qtbot, text) -> None:
    TokenCursor(text, parent=text)
    _caret_after(text, "itu")  # before ". “Kami"
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL)
    assert text.selection() is None and text.caret() == TEXT.index("Kami")
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL)
    assert text.caret() == TEXT.index("itu.")
    qtbot.keyClick(text, Qt.Key.Key_Left, CTRL)
    assert text.caret() == TEXT.index("tuduhan")


def test_home_and_end_go_to_the_paragraph_not_the_wrapped_line(qtbot, text) -> None:
    TokenCursor(text, parent=text)
    assert text.document().firstBlock().layout().lineCount() > 3  # it does wrap
    middle = TEXT.index("Moskow")
    text.select(middle, middle)
    qtbot.keyClick(text, Qt.Key.Key_Home)
    assert text.caret() == 0 and text.selection() is None
    text.select(middle, middle)
    qtbot.keyClick(text, Qt.Key.Key_End)
    assert text.caret() == len(TEXT)
    text.select(middle, middle)
    qtbot.keyClick(text, Qt.Key.Key_Home, SHIFT)
    assert _selected(text) == TEXT[:middle]
    qtbot.keyClick(text, Qt.Key.Key_End, SHIFT | CTRL)  # Ctrl too; the anchor stays where it was
    assert _selected(text) == TEXT[middle:]


def test_without_the_filter_qt_selects_the_space(qtbot, text) -> None:
    """What the filter changes: Qt's own Ctrl+Shift+Right from the end of a word takes only the space."""
    _caret_after(text, "Juru")
    qtbot.keyClick(text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert _selected(text).strip() == ""


def test_alt_and_other_keys_are_left_to_the_widget(qtbot, text) -> None:
    cursor = TokenCursor(text, parent=text)
    _caret_after(text, "Juru")
    qtbot.keyClick(text, Qt.Key.Key_Right)  # a plain arrow: one character, as before
    assert text.caret() == TEXT.index("Juru") + 5
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | CTRL)
    assert text.caret() == TEXT.index("Juru") + 5
    assert cursor.text is text


def test_select_name_takes_the_next_capitalised_run_on_the_widget(qtbot, text) -> None:
    cursor = TokenCursor(text, parent=text)
    _caret_after(text, "menolak")
    assert cursor.select_name()
    assert _selected(text) == "Kami"  # a sentence's first word counts too: one press more
    assert cursor.select_name()
    assert _selected(text) == "Moskow"
    assert cursor.select_name(backwards=True)
    assert _selected(text) == "Kami"
    _caret_after(text, "dipublikasikan")
    assert not cursor.select_name() and _selected(text) == ""


def test_select_name_from_a_just_labelled_span_goes_to_the_next_name(qtbot, text) -> None:
    start = TEXT.index("Kementerian")
    end = TEXT.index(" Rusia-China")
    cursor = TokenCursor(text, settled=_settled([(start, end)]), parent=text)
    text.select(start, end)
    assert cursor.select_name()
    assert _selected(text) == "Rusia-China"
