"""The one undo command: built from a service call and its inverse, pushed through ``session.execute``."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.services import annotate
from annotator.store.project import open_project


def test_redo_restores_an_added_annotation_with_its_id(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.view.text.select(2, 53)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    quote = w.session.selected_annotation()
    qtbot.keyClick(w.view.text, Qt.Key.Key_M)
    undo = Qt.KeyboardModifier.ControlModifier
    redo = undo | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(w, Qt.Key.Key_Z, undo)
    qtbot.keyClick(w, Qt.Key.Key_Z, undo)
    assert w.session.anns == []
    qtbot.keyClick(w, Qt.Key.Key_Z, redo)
    qtbot.keyClick(w, Qt.Key.Key_Z, redo)  # the kind is set on the same annotation, restored with its id
    assert [(a.id, a.attrs["kind"]) for a in w.session.anns] == [(quote.id, "mixed")]


def test_a_failed_undo_is_reported_and_leaves_the_stack(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.view.text.select(20, 29)
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    ann = w.session.selected_annotation()
    with open_project(ui_project_path) as p:  # another program deletes it
        annotate.delete_annotation(p, ann.id, "ana")
    w.status_saved.setText("")
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "does not exist" in w.statusBar().currentMessage()
    assert w.status_saved.text() == ""  # not "saved ✓ … undone"
    assert w.session.undo_stack.count() == 0 and w.session.anns == []


def test_separate_signals_for_paragraph_annotations_and_selection(qtbot, ui_project_path,
                                                                  make_window) -> None:
    w = make_window(ui_project_path)
    seen: list[str] = []
    for name in ("paragraph_changed", "annotations_changed", "selection_changed"):
        getattr(w.session, name).connect(lambda name=name: seen.append(name))
    w.view.text.select(20, 29)
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    assert seen == ["annotations_changed", "selection_changed"]
    seen.clear()
    qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert seen == ["paragraph_changed"]
