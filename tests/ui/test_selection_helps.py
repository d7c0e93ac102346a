"""Selection that helps (issue 16, problems 2 to 5), by keyboard and mouse on the real main window:
no identical annotation twice, a label key on a labelled span relabels it, punctuation and white space are
refused, a click on a highlighted span selects its annotation (cycling through overlapping ones), Shift+Tab;
the token cursor after a label, hyphen parts, Shift+Q selects the quote around the caret, the cue key right after
a quote links the cue to it (Shift+K links an existing one), a quote's default kind, the pickers' titles."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.ui.test_annotation_flow import _find

TEXT = ("Presiden Vladimir Putin bertemu Xi Jinping di Beijing, membahas kerja sama Rusia-China. "
        "“Kami sepakat,” kata Putin.")
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture()
def putin_path(tmp_path: Path) -> Path:
    from annotator.importing import import_paths

    src = tmp_path / "putin.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    path = tmp_path / "putin.db"
    with open_project(path) as project:
        import_paths(project, [src])
    return path


def _rows(path: Path) -> list[tuple[str, str]]:
    with open_project(path) as p:
        par = paragraphs(p, 1)[0]
        return sorted((a.label, a.text) for a in rows.for_paragraph(p, par.id, "ana"))


def _add(path: Path, label: str, text: str, nth: int = 0) -> None:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    with open_project(path) as p:
        annotate.add_annotation(p, paragraphs(p, 1)[0].id, "ana", label, start, start + len(text))


def _message(w) -> str:
    return w.statusBar().currentMessage()


def _click(qtbot, w, text: str, offset: int = 1) -> None:
    """Click the character ``offset`` into the first ``text`` of the paragraph."""
    pos = TEXT.index(text) + offset
    rect = w.view.text.span_rects(pos, pos + 1)[0]
    qtbot.mouseClick(w.view.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


# -- 1. an identical span with the same label is never stored twice --------------------------------------
def test_compound_found_from_inside_is_not_stored_twice(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _find(qtbot, w, "Rusia-China")
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)
    assert _rows(putin_path) == [("GPE", "Rusia-China")]
    first = w.session.selected
    depth = w.session.undo_stack.count()

    qtbot.keyClick(w.view.text, Qt.Key.Key_Home)  # away from it: nothing selected
    assert w.session.selected is None
    start = TEXT.index("a-Ch")
    w.view.text.select(start, start + 4)  # across the hyphen: snaps out to the compound ...
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)  # ... which is a GPE already
    assert _rows(putin_path) == [("GPE", "Rusia-China")]
    assert "already labelled GPE" in _message(w)
    assert w.session.selected == first  # the existing one is selected, so the next key acts on it
    assert w.session.undo_stack.count() == depth  # nothing to undo: nothing happened


# -- 2. a label key on a labelled span relabels it ----------------------------------------------------------
def test_double_click_labelled_word_and_other_key_of_its_layer_relabels(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "PERSON", "Putin")
    w = make_window(putin_path)
    pos = TEXT.index("Putin") + 2
    rect = w.view.text.span_rects(pos, pos + 1)[0]
    qtbot.mouseDClick(w.view.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert w.view.text.selection() == (TEXT.index("Putin"), TEXT.index("Putin") + 5)
    qtbot.keyClick(w.view.text, Qt.Key.Key_2)
    assert _rows(putin_path) == [("ORG", "Putin")]  # not PERSON + ORG
    assert w.session.selected_annotation().label == "ORG"
    qtbot.keyClick(w.view.text, Qt.Key.Key_2)  # the same key again: said so, nothing added
    assert _rows(putin_path) == [("ORG", "Putin")]
    assert "already labelled ORG" in _message(w)

    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)  # one undo puts the label back
    assert _rows(putin_path) == [("PERSON", "Putin")]
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _rows(putin_path) == [("ORG", "Putin")]


def test_key_of_another_layer_still_adds_over_the_span(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _find(qtbot, w, "“Kami sepakat,”")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    qtbot.keyClick(w.view.text, Qt.Key.Key_C)  # a quote that is also a claim
    assert _rows(putin_path) == [("CLAIM", "“Kami sepakat,”"), ("QUOTE", "“Kami sepakat,”")]


# -- 3. punctuation-only and white-space-only selections are refused ------------------------------------------
def test_lone_full_stop_is_refused(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    qtbot.keyClick(w.view.text, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Left, CTRL | SHIFT)  # the token cursor takes the word, not the "."
    assert w.view.text.textCursor().selectedText() == "Putin"
    w.view.text.select(len(TEXT) - 1, len(TEXT))
    assert w.view.text.textCursor().selectedText() == "."
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)
    qtbot.keyClick(w.view.text, Qt.Key.Key_K)
    assert _rows(putin_path) == []
    assert "only punctuation" in _message(w) and "select a word" in _message(w)


def test_white_space_selection_is_refused(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    w.view.text.select(8, 9)  # the space after "Presiden"
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    assert _rows(putin_path) == []
    assert "only white space" in _message(w)


# -- 4. a click on a highlighted span selects its annotation; Shift+Tab --------------------------------------
def test_click_selects_innermost_then_cycles(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "PERSON", "Vladimir Putin")
    _add(putin_path, "CLAIM", "Presiden Vladimir Putin bertemu Xi Jinping di Beijing")
    w = make_window(putin_path)
    assert w.session.selected is None

    _click(qtbot, w, "Putin")
    assert w.session.selected_annotation().label == "PERSON"  # the innermost
    assert w.panel_model.row_of(w.session.selected) == w.ann_view.currentIndex().row()  # the panel follows
    assert "1 of 2" in _message(w)
    _click(qtbot, w, "Putin")  # the same place again: the one underneath ...
    assert w.session.selected_annotation().label == "CLAIM"
    _click(qtbot, w, "Putin")  # ... and round again
    assert w.session.selected_annotation().label == "PERSON"
    _click(qtbot, w, "bertemu")  # only the claim there
    assert w.session.selected_annotation().label == "CLAIM"
    _click(qtbot, w, "membahas")  # no annotation: nothing selected
    assert w.session.selected is None

    _click(qtbot, w, "Vladimir")
    qtbot.keyClick(w.view.text, Qt.Key.Key_2)  # keys act on what the click selected: relabel
    qtbot.keyClick(w.view.text, Qt.Key.Key_Delete)
    assert _rows(putin_path) == [("CLAIM", "Presiden Vladimir Putin bertemu Xi Jinping di Beijing")]


def test_drag_still_selects_text_not_an_annotation(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "PERSON", "Vladimir Putin")
    w = make_window(putin_path)
    start, end = TEXT.index("Presiden"), TEXT.index("Vladimir") + 4  # into a labelled name
    r1, r2 = w.view.text.span_rects(start, start + 1)[0], w.view.text.span_rects(end - 1, end)[0]
    view = w.view.text.viewport()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=r1.center().toPoint())
    qtbot.mouseMove(view, r2.center().toPoint())
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=r2.center().toPoint())
    sel = w.view.text.selection()
    assert sel is not None and sel[0] <= start + 1 and sel[1] > TEXT.index("Vladimir")
    assert w.session.selected is None
    assert w.session.selected is None


def test_shift_tab_selects_the_previous_annotation(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "PERSON", "Vladimir Putin")
    _add(putin_path, "GPE", "Beijing")
    _add(putin_path, "PERSON", "Putin", nth=1)
    w = make_window(putin_path)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    assert w.session.selected_annotation().text == "Vladimir Putin"
    qtbot.keyClick(w.view.text, Qt.Key.Key_Backtab, SHIFT)  # what Shift+Tab sends on X11, Wayland and Windows
    assert w.session.selected_annotation().start == TEXT.rindex("Putin")  # from the first back to the last
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab, SHIFT)
    assert w.session.selected_annotation().text == "Beijing"


def test_no_key_is_bound_twice(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    seen: dict[str, str] = {}
    for act in [*w.actions_by_name.values(), *w.label_actions.values()]:
        for seq in act.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            assert key not in seen, f"{key} is bound to {seen[key]} and {act.objectName()}"
            assert key != "Backtab", "Backtab is Shift+Tab: one action must own it"
            seen[key] = act.objectName()


# -- 5. hyphen parts, the token cursor after a label ------------------------------------------------------------
def test_part_of_a_compound_snaps_to_the_hyphen_part(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "GPE", "Rusia-China")
    w = make_window(putin_path)
    start = TEXT.index("China")
    w.view.text.select(start + 1, start + 3)  # "hi" inside "China"
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)
    assert _rows(putin_path) == [("GPE", "China"), ("GPE", "Rusia-China")]


def test_ctrl_shift_right_after_a_label_selects_the_next_word(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _find(qtbot, w, "Putin")
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    assert w.session.selected_annotation().text == "Putin"
    qtbot.keyClick(w.view.text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert w.view.text.textCursor().selectedText() == "bertemu"
    qtbot.keyClick(w.view.text, Qt.Key.Key_Right, CTRL | SHIFT)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Right, CTRL | SHIFT)
    assert w.view.text.textCursor().selectedText() == "bertemu Xi Jinping"
    qtbot.keyClick(w.view.text, Qt.Key.Key_Home)
    assert w.view.text.caret() == 0


# -- 6. the quote key, the cue key after a quote, Shift+K, the quote's kind --------------------------------------
def _links(path: Path) -> list[tuple[str, str, str]]:
    with open_project(path) as p:
        par = paragraphs(p, 1)[0]
        anns = {a.id: a for a in rows.for_paragraph(p, par.id, "ana")}
        return sorted((anns[k.source_id].text, k.kind, anns[k.target_id].text)
                      for k in rows.links_from(p, list(anns)) if k.target_id in anns)


def _caret(w, text: str, offset: int = 1) -> None:
    pos = TEXT.index(text) + offset
    w.view.text.select(pos, pos)


def test_quote_key_then_cue_key_links_the_cue_in_one_action(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _caret(w, "sepakat")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q, SHIFT)
    assert w.view.text.textCursor().selectedText() == "Kami sepakat"  # the content, as the suggester takes it
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    assert _rows(putin_path) == [("QUOTE", "Kami sepakat")]
    assert w.session.selected_annotation().attrs["kind"] == "direct"
    qtbot.keyClick(w.view.text, Qt.Key.Key_Right, CTRL | SHIFT)  # from the quote just labelled: the next word
    assert w.view.text.textCursor().selectedText() == "kata"
    depth = w.session.undo_stack.count()
    qtbot.keyClick(w.view.text, Qt.Key.Key_K)
    assert _rows(putin_path) == [("CUE", "kata"), ("QUOTE", "Kami sepakat")]
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]
    assert w.session.undo_stack.count() == depth + 1  # one action
    assert "linked" in _message(w)

    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)  # one undo: the cue and its link
    assert _rows(putin_path) == [("QUOTE", "Kami sepakat")] and _links(putin_path) == []
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]

    _find(qtbot, w, "membahas")  # a second cue key: the quote has its cue, so a plain CUE, no link
    qtbot.keyClick(w.view.text, Qt.Key.Key_K)
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]
    assert ("CUE", "membahas") in _rows(putin_path)


def test_quote_key_again_takes_the_marks_and_outside_a_quote_says_so(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _caret(w, "Kami")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q, SHIFT)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q, SHIFT)
    assert w.view.text.textCursor().selectedText() == "“Kami sepakat,”"
    _caret(w, "Beijing")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q, SHIFT)
    assert "in no quote" in _message(w)
    assert w.view.text.selection() is None


def test_shift_k_links_an_existing_cue_to_the_nearest_quote(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "QUOTE", "Kami sepakat")
    _add(putin_path, "CUE", "kata")
    w = make_window(putin_path)
    _click(qtbot, w, "kata")
    assert w.session.selected_annotation().label == "CUE"
    qtbot.keyClick(w.view.text, Qt.Key.Key_K, SHIFT)
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]
    qtbot.keyClick(w.view.text, Qt.Key.Key_K, SHIFT)  # again: said so, nothing to undo
    assert "already" in _message(w)
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)
    assert _links(putin_path) == []


def test_shift_k_on_a_word_makes_it_the_cue_of_the_quote(qtbot, putin_path, make_window) -> None:
    _add(putin_path, "QUOTE", "Kami sepakat")
    w = make_window(putin_path)
    _find(qtbot, w, "kata")
    qtbot.keyClick(w.view.text, Qt.Key.Key_K, SHIFT)
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]
    _find(qtbot, w, "Beijing")
    qtbot.keyClick(w.view.text, Qt.Key.Key_K, SHIFT)  # a quote takes one cue: the new one replaces it ...
    assert _links(putin_path) == [("Kami sepakat", "cue", "Beijing")]
    qtbot.keyClick(w, Qt.Key.Key_Z, CTRL)  # ... and undo puts the old one back
    assert _links(putin_path) == [("Kami sepakat", "cue", "kata")]


def test_quote_with_words_outside_its_marks_is_mixed_not_direct(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    _find(qtbot, w, "“Kami sepakat,” kata Putin")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    assert w.session.selected_annotation().attrs["kind"] == "mixed"
    _find(qtbot, w, "“Kami sepakat,”")
    qtbot.keyClick(w.view.text, Qt.Key.Key_C)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    assert w.session.selected_annotation().attrs["kind"] == "direct"


# -- 7. the pickers say what they pick ------------------------------------------------------------------------------
@pytest.mark.parametrize(("label", "text", "key", "title"), [
    ("QUOTE", "Kami sepakat", Qt.Key.Key_S, "Speaker of this quote"),
    ("CLAIM", "Presiden Vladimir Putin bertemu Xi Jinping di Beijing", Qt.Key.Key_S, "Claimant of this claim"),
    ("PERSON", "Putin", Qt.Key.Key_E, "Entity to merge with"),
])
def test_picker_title_says_what_it_picks(qtbot, putin_path, make_window, label, text, key, title) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from annotator.ui.source_picker import SourcePicker

    _add(putin_path, label, text)
    w = make_window(putin_path)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SourcePicker)
        seen.extend([dialog.windowTitle(), dialog.findChild(QLabel, "pickerHeading").text(),
                     dialog.findChild(QLabel, "pickerHint").text()])
        dialog.reject()

    QTimer.singleShot(50, look)
    qtbot.keyClick(w.view.text, key)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[:2] == [title, title]
    assert seen[2].startswith("Entities mentioned so far")


def test_review_vote_picker_is_titled_as_a_vote(qtbot) -> None:
    from annotator.ui.source_picker import SourcePicker, picker_heading

    picker = SourcePicker("choose the source", [], -1, specials=False)  # how review mode builds it
    qtbot.addWidget(picker)
    assert picker.windowTitle() == "Vote: source" and picker.purpose == "vote"
    assert picker_heading("vote", "speaker") == "Vote: speaker"
    named = SourcePicker("“Kami sepakat”", [], 0, heading=picker_heading("vote", "speaker"), purpose="vote")
    qtbot.addWidget(named)
    assert named.windowTitle() == "Vote: speaker"


def test_quote_key_counts_a_quote_left_open_from_the_paragraph_start(qtbot, tmp_path, make_window) -> None:
    from annotator.importing import import_paths

    src = tmp_path / "banjir.txt"
    src.write_text("Warga Bekasi mengungsi sejak Senin malam.\n"
                   "Camat Rudi Hartono berkata: “Air naik cepat sekali, kami evakuasi lansia lebih dulu.\n"
                   "Posko dapur umum sudah berdiri di tiga titik,” ujarnya.\n", encoding="utf-8")
    path = tmp_path / "banjir.db"
    with open_project(path) as project:
        import_paths(project, [src])
    w = make_window(path)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert w.session.paragraph.idx == 2
    text = w.session.paragraph.text
    pos = text.index("dapur")
    w.view.text.select(pos, pos)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q, SHIFT)
    assert w.view.text.textCursor().selectedText() == "Posko dapur umum sudah berdiri di tiga titik"
