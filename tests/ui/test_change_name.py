"""Project ▸ Change my name…: rename the annotator in the project, remembered for the next start; a name taken
by another annotator is refused unless the user chooses to work as that annotator."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.services import annotate
from annotator.store import annotations as rows
from annotator.store.project import open_project
from annotator.ui.main_window import MainWindow, position_key


def _other_window(qtbot, old: MainWindow) -> MainWindow:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w is not old
             and w.isVisible()]
    assert len(found) == 1
    qtbot.addWidget(found[0])
    return found[0]


def test_rename_reopens_under_the_new_name_where_it_was(qtbot, monkeypatch, settings, ui_project_path,
                                                        make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.view.text.select(0, 3)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("  Ana  Wulandari ", True))
    w.actions_by_name["change_name"].trigger()
    other = _other_window(qtbot, w)
    assert other.annotator == "Ana Wulandari" and not w.isVisible()
    assert settings.value("annotator") == "Ana Wulandari"  # the next start asks no name and uses this one
    assert settings.value(position_key(ui_project_path, "Ana Wulandari")) == "1:2"
    assert other.session.paragraph.idx == 2
    assert "Ana Wulandari" in other.status_who.text()
    with open_project(ui_project_path) as p:
        assert rows.annotator_names(p) == ["Ana Wulandari"]


def test_a_name_taken_is_refused_or_switched_to(qtbot, monkeypatch, settings, ui_project_path,
                                                 make_window) -> None:
    with open_project(ui_project_path) as p:
        annotate.set_status(p, 1, "budi", "done")
    w = make_window(ui_project_path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("budi", True))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a: asked.append(text) or answers.pop(0))
    w.actions_by_name["change_name"].trigger()
    assert "budi is another annotator of this project; your name stays ana" in asked[0]
    assert "belongs to another annotator" in w.statusBar().currentMessage() and w.isVisible()
    with open_project(ui_project_path) as p:
        assert rows.annotator_names(p) == ["ana", "budi"]
    w.actions_by_name["change_name"].trigger()
    other = _other_window(qtbot, w)
    assert other.annotator == "budi" and settings.value("annotator") == "budi"
    assert other.workspace.status(1) == "done"  # budi's work, not ana's


def test_an_empty_name_says_so(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("   ", True))
    w.actions_by_name["change_name"].trigger()
    assert w.statusBar().currentMessage() == "an annotator name cannot be empty" and w.isVisible()
