"""Project ▸ Labels…: each change saved at once and shown at once in the window (label bar, keys, colours)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QColorDialog, QInputDialog, QMessageBox

from annotator.core.label_edits import RemoveLabel
from annotator.store import annotations as rows
from annotator.store.labels_store import load_schema
from annotator.store.project import open_project
from annotator.ui.schema_editor import NewLabelDialog, SchemaEditor


def _in_editor(monkeypatch, window, work: Callable[[SchemaEditor], None]) -> None:
    """Open Project ▸ Labels… as the menu does and run ``work`` on the dialog instead of the user."""
    def fake_exec(self: SchemaEditor) -> int:
        work(self)
        return 0

    monkeypatch.setattr(SchemaEditor, "exec", fake_exec)
    window.actions_by_name["schema_editor"].trigger()


def _select(editor: SchemaEditor, name: str) -> None:
    editor.table.selectRow(editor.schema.index(name))


def _answer_text(monkeypatch, answer: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (answer, True))


def _bar(window) -> list[str]:
    return [act.objectName() for act in window.label_bar.actions()]


def test_the_menu_is_project_labels(ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    menus = {m.title().replace("&", ""): m for m in w.menuBar().findChildren(type(w.label_menu))
             if m.title()}
    project = [a.text().replace("&", "") for a in menus["Project"].actions()]
    assert project[:3] == ["Labels…", "Guidelines…", "Change my name…"]


def test_rekey_recolour_and_keys_work_at_once(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)

    def work(editor: SchemaEditor) -> None:
        _select(editor, "ORG")
        _answer_text(monkeypatch, "o")
        editor.rekey()
        monkeypatch.setattr(QColorDialog, "getColor", lambda *_a, **_k: QColor("#123456"))
        editor.recolour()
        assert editor.undo_button.text() == "Undo: colour of ORG: #123456"

    _in_editor(monkeypatch, w, work)
    assert w.label_actions["ORG"].shortcut() == QKeySequence("O")
    assert w.label_actions["ORG"].text() == "o  ORG"
    assert w.schema.get("ORG").color == "#123456"
    w.view.text.select(0, 7)  # "Menteri"
    qtbot.keyClick(w.view.text, Qt.Key.Key_O)
    assert w.session.selected_annotation().label == "ORG"
    assert w.panel_model.data(w.panel_model.index(0, 0), Qt.ItemDataRole.DecorationRole) == QColor("#123456")


def test_rename_takes_the_annotations_along_and_undo_brings_them_back(qtbot, monkeypatch, ui_project_path,
                                                                      make_window) -> None:
    w = make_window(ui_project_path)
    w.view.text.select(19, 28)  # "Sari Dewi"
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes)

    def work(editor: SchemaEditor) -> None:
        _select(editor, "PERSON")
        _answer_text(monkeypatch, "TOKOH")
        editor.rename()
        assert editor.selected().name == "TOKOH"
        assert editor.table.item(0, 4).text() == "1"  # its one annotation

    _in_editor(monkeypatch, w, work)
    assert asked == ["Rename PERSON to TOKOH on its 1 annotation(s), for every annotator of this project?"]
    assert "label_TOKOH" in _bar(w) and "label_PERSON" not in _bar(w)
    assert w.session.selected_annotation().label == "TOKOH"
    assert w.panel_model.data(w.panel_model.index(0, 0), Qt.ItemDataRole.DisplayRole).startswith("TOKOH")
    w.view.text.select(0, 7)
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)  # the key came along
    assert w.session.selected_annotation().label == "TOKOH"

    _in_editor(monkeypatch, w, lambda editor: editor.undo())  # a new dialog: nothing to undo there
    assert "label_TOKOH" in _bar(w)

    def rename_and_undo(editor: SchemaEditor) -> None:
        _select(editor, "TOKOH")
        _answer_text(monkeypatch, "PERSON")
        editor.rename()
        assert editor.undo_button.text() == "Undo: rename TOKOH to PERSON"
        editor.undo()
        assert "TOKOH" in editor.schema and not editor.undo_button.isEnabled()
        assert editor.message.text() == "undone: rename TOKOH to PERSON"
        editor.rename()

    _in_editor(monkeypatch, w, rename_and_undo)
    assert "label_PERSON" in _bar(w)
    with open_project(ui_project_path) as p:
        assert {a.label for a in rows.for_paragraph(p, w.session.paragraph.id, "ana")} == {"PERSON"}


def test_clashes_and_losses_are_refused_with_one_line(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.view.text.select(19, 28)
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    before = load_schema(w.project)

    def work(editor: SchemaEditor) -> None:
        _select(editor, "ORG")
        _answer_text(monkeypatch, "1")
        editor.rekey()
        assert "key 1 is already PERSON's" in editor.message.text()
        _answer_text(monkeypatch, "s")
        editor.rekey()
        assert "the window's key for “Link speaker / claimant…”" in editor.message.text()
        _select(editor, "PERSON")
        assert not editor.buttons["delete"].isEnabled() and not editor.buttons["layer"].isEnabled()
        assert editor.buttons["delete"].toolTip() == "PERSON is on 1 annotation(s)"
        assert not editor.apply(RemoveLabel("PERSON"))
        assert "retire it instead" in editor.message.text() and "\n" not in editor.message.text()
        assert not editor.undo_button.isEnabled()

    _in_editor(monkeypatch, w, work)
    assert load_schema(w.project) == before == w.schema


def test_retire_hides_the_label_and_its_key_add_shows_a_new_one(qtbot, monkeypatch, ui_project_path,
                                                                 make_window) -> None:
    w = make_window(ui_project_path)

    def work(editor: SchemaEditor) -> None:
        _select(editor, "GPE")
        editor.buttons["retire"].click()
        assert editor.buttons["retire"].text() == "Restore" and editor.table.item(2, 5).text() == "retired"

        def fill(dialog: NewLabelDialog) -> int:
            dialog.name.setText("BENCANA")
            dialog.layer.setCurrentText("entity")
            dialog.key.setText("3")  # the retired label's key is free again
            dialog.colour.setText("#264653")
            return 1

        monkeypatch.setattr(NewLabelDialog, "exec", fill)
        editor.buttons["add"].click()
        assert editor.selected().name == "BENCANA"

        def fill_quote(dialog: NewLabelDialog) -> int:
            dialog.name.setText("KUTIPAN_MEDSOS")
            dialog.layer.setCurrentText("quote")
            assert [dialog.like.itemText(i) for i in range(dialog.like.count())] == ["QUOTE", "(none)"]
            return 1

        monkeypatch.setattr(NewLabelDialog, "exec", fill_quote)
        editor.buttons["add"].click()
        added = editor.schema.get("KUTIPAN_MEDSOS")
        assert added.links == editor.schema.get("QUOTE").links and "kind" in added.attributes
        assert added.key == ""

    _in_editor(monkeypatch, w, work)
    assert "label_GPE" not in _bar(w) and "label_BENCANA" in _bar(w)
    assert all(a.objectName() != "label_GPE" for a in w.label_menu.actions())
    w.view.text.select(39, 47)  # "Surabaya"
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)
    assert w.session.selected_annotation().label == "BENCANA"


def test_a_clashing_key_from_elsewhere_does_not_make_an_ambiguous_shortcut(qtbot, ui_project_path,
                                                                             make_window) -> None:
    from annotator.core.labels import LabelSchema
    from annotator.store.labels_store import save_schema

    with open_project(ui_project_path) as p:  # e.g. a schema merged from an older project
        schema = load_schema(p)
        keys = {"ORG": "s", "CUE": "Q"}  # a command's key; QUOTE's key in the other case
        labels = [replace(lab, key=keys.get(lab.name, lab.key)) for lab in schema.labels]
        save_schema(p, LabelSchema(tuple(labels)))
    w = make_window(ui_project_path)
    assert w.label_actions["ORG"].shortcut().isEmpty() and w.label_actions["ORG"].text() == "ORG"
    assert w.label_actions["CUE"].shortcut().isEmpty()
    assert w.label_actions["QUOTE"].shortcut() == QKeySequence("Q")
    w.view.text.select(0, 7)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)  # one label, no "ambiguous shortcut"
    assert w.session.selected_annotation().label == "QUOTE"


@pytest.mark.parametrize("readonly_action", ["schema_editor", "guidelines_editor", "change_name"])
def test_read_only_projects_cannot_be_edited(qtbot, settings, ui_project_path, readonly_action) -> None:
    from annotator.ui.main_window import MainWindow

    ui_project_path.chmod(0o444)
    ui_project_path.parent.chmod(0o555)
    try:
        w = MainWindow(open_project(ui_project_path), "ana", settings)
        qtbot.addWidget(w)
        assert w.project.readonly
        assert not w.actions_by_name[readonly_action].isEnabled()
        w.close()
    finally:
        ui_project_path.parent.chmod(0o755)
        ui_project_path.chmod(0o644)


def test_review_mode_lanes_follow_the_schema(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    from tests.ui.test_review_mode import _three_annotators

    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)

    def work(editor: SchemaEditor) -> None:
        _select(editor, "GPE")
        monkeypatch.setattr(QColorDialog, "getColor", lambda *_a, **_k: QColor("#0a0b0c"))
        editor.recolour()

    _in_editor(monkeypatch, w, work)
    assert w.review.panel.schema.get("GPE").color == "#0a0b0c" == w.session.schema.get("GPE").color

    def rename(editor: SchemaEditor) -> None:
        _select(editor, "GPE")
        _answer_text(monkeypatch, "LOKASI")
        editor.rename()

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    _in_editor(monkeypatch, w, rename)
    assert "LOKASI" in {c.label for c in w.review.candidates} and "GPE" not in {c.label for c in w.review.candidates}


def test_keys_of_the_dialog(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.view.text.select(19, 28)
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    editor = SchemaEditor(w.project, "ana", {}, w)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    editor.schema_changed.connect(w.schema_changed)
    _select(editor, "ORG")
    qtbot.keyClick(editor.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [lab.name for lab in editor.schema.labels][1:3] == ["GPE", "ORG"]
    assert _bar(w)[1:3] == ["label_GPE", "label_ORG"]
    qtbot.keyClick(editor.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [lab.name for lab in editor.schema.labels][1:3] == ["ORG", "GPE"]
    _select(editor, "PERSON")
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)  # in use: refused at once, nothing asked
    assert "retire it instead" in editor.message.text() and "PERSON" in editor.schema
    qtbot.keyClick(editor.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # first already: nothing
    assert editor.schema.labels[0].name == "PERSON"
    editor.close()
