"""Selection that helps (issue 16, problems 3 and 4), by keyboard and mouse on the real main window:
no identical annotation twice, a label key on a labelled span relabels it, punctuation and white space are
refused, a click on a highlighted span selects its annotation (cycling through overlapping ones), Shift+Tab."""

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
    _find(qtbot, w, "China")  # snaps out to the compound ...
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
def test_lone_full_stop_by_ctrl_shift_left_is_refused(qtbot, putin_path, make_window) -> None:
    w = make_window(putin_path)
    qtbot.keyClick(w.view.text, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Left, CTRL | SHIFT)
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
