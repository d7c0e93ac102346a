"""Help ▸ Keys… (`?`, F1): every key of the window, from the shortcuts' own table, grouped by menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from annotator.core.labels import Label, LabelSchema
from annotator.ui.actions import ACTIONS
from annotator.ui.key_overlay import LABELS_GROUP, KeyOverlay, key_groups


def _seen(monkeypatch) -> list[KeyOverlay]:
    shown: list[KeyOverlay] = []

    def fake_exec(self: KeyOverlay) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(KeyOverlay, "exec", fake_exec)
    return shown


def test_question_mark_and_f1_open_it_with_every_key(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    shown = _seen(monkeypatch)
    qtbot.keyClick(w.view.text, "?")
    assert len(shown) == 1
    qtbot.keyClick(w.view.text, Qt.Key.Key_F1)
    assert len(shown) == 2
    w.article_view.setFocus()
    qtbot.keyClick(w.article_view, Qt.Key.Key_F1)  # a window key: from the article list too
    assert len(shown) == 3
    qtbot.keyClicks(w.search, "siapa?")  # typing ? in a text field types it
    assert w.search.text() == "siapa?" and len(shown) == 3
    rows = shown[0].rows()
    menus = [m for m, _k, _t in rows]
    assert menus[0] == LABELS_GROUP and "Help" in menus and "Review" in menus  # Agreement… (Ctrl+Shift+A)
    texts = {t: (m, k) for m, k, t in rows}
    for spec in ACTIONS:
        if spec.name in w.actions_by_name and spec.keys:
            menu, keys = texts[spec.text.replace("&", "")]
            assert menu == spec.menu
            assert keys.split(" / ") == [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                                          for k in spec.keys]
    assert "review_accept" not in w.actions_by_name and "Take candidate into gold" not in texts  # review mode only
    assert texts["label PERSON (entity)"] == (LABELS_GROUP, "1")
    assert texts["label QUOTE (quote)"] == (LABELS_GROUP, "Q")


def test_groups_leave_out_retired_labels_and_actions_without_keys() -> None:
    schema = LabelSchema((Label("PERSON", "entity", "1"), Label("OLD", "entity", "", retired=True),
                          Label("CUE", "cue", "k")))
    groups = dict(key_groups(["undo", "suggestion_counts", "find"], schema))
    assert groups[LABELS_GROUP] == [("1", "label PERSON (entity)"), ("K", "label CUE (cue)")]
    assert groups["Edit"] == [("Ctrl+Z", "Undo"), ("/", "Find in paragraph")]
    assert "Review" not in groups  # suggestion counts has no key


def test_filter_narrows_the_list(qtbot) -> None:
    overlay = KeyOverlay([("Edit", [("Ctrl+Z", "Undo"), ("Tab", "Next annotation")]), ("Go", [("X", "Skip")])])
    qtbot.addWidget(overlay)
    overlay.filter.setText("annot")
    assert overlay.rows() == [("Edit", "Tab", "Next annotation")]
    overlay.filter.setText("go")  # a menu's name keeps its rows
    assert overlay.rows() == [("Go", "X", "Skip")]
    overlay.filter.clear()
    assert len(overlay.rows()) == 3
