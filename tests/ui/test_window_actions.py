"""Navigation, entities, attributes and the import dialog of the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.ui.conftest import answer_picker


def test_navigation_skips_boilerplate_and_marks_status(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    assert w.session.paragraph.idx == 0
    qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert w.session.paragraph.idx == 2  # ¶2 is the time stamp
    qtbot.keyClick(w.view.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert w.session.paragraph.idx == 0
    qtbot.keyClick(w.view.text, Qt.Key.Key_X)
    assert w.session.paragraph.idx == 2
    with open_project(ui_project_path) as p:
        assert rows.status(p, paragraphs(p, 1)[0].id, "ana") == "skipped"
    w.actions_by_name["toggle_boilerplate"].trigger()  # show boilerplate: Alt+Up now stops on it
    qtbot.keyClick(w.view.text, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert w.session.paragraph.idx == 1
    assert "boilerplate" in w.view.notice.text()


def test_snapping_setting(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.view.text.select(21, 27)  # "ari De" inside "Sari Dewi"
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    assert w.session.selected_annotation().text == "Sari Dewi"
    w.actions_by_name["toggle_snapping"].trigger()
    w.view.text.select(39, 44)  # "uraba"
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)
    assert w.session.selected_annotation().text == "uraba"


def test_claim_attributes_by_key(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 3)
    w.view.text.select(0, 28)
    qtbot.keyClick(w.view.text, Qt.Key.Key_C)
    claim = w.session.selected_annotation()
    assert claim.label == "CLAIM"
    qtbot.keyClick(w.view.text, Qt.Key.Key_W)
    qtbot.keyClick(w.view.text, Qt.Key.Key_T)
    assert w.session.selected_annotation().attrs == {"checkworthy": "yes", "stance": "support"}
    qtbot.keyClick(w.view.text, Qt.Key.Key_W)
    assert w.session.selected_annotation().attrs["checkworthy"] == "no"
    qtbot.keyClick(w.view.text, Qt.Key.Key_D)  # quote kind on a claim: refused, nothing changes
    assert "kind" not in w.session.selected_annotation().attrs
    assert "select a quote" in w.statusBar().currentMessage()


def test_merge_and_split_entities(qtbot, tmp_path, make_window) -> None:
    from annotator.services import annotate
    from annotator.importing import import_paths

    src = tmp_path / "a.txt"
    src.write_text("Presiden Joko Widodo membuka pameran.\nJokowi berkata pameran itu penting.\n"
                   "Jokowi lalu pulang.\n", encoding="utf-8")
    path = tmp_path / "e.db"
    with open_project(path) as p:
        import_paths(p, [src])
        pars = paragraphs(p, 1)
        annotate.add_annotation(p, pars[0].id, "ana", "PERSON", 9, 20)
        annotate.add_annotation(p, pars[1].id, "ana", "PERSON", 0, 6)
        annotate.add_annotation(p, pars[2].id, "ana", "PERSON", 0, 6)
    w = make_window(path)
    w.session.open_article(1, 2)
    assert {g.name: g.count for g in w.session.source_groups(("PERSON",))} == {"Jokowi": 2, "Joko Widodo": 1}
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    answer_picker(qtbot, "widodo")
    qtbot.keyClick(w.view.text, Qt.Key.Key_E)
    groups = {g.name: g.count for g in w.session.source_groups(("PERSON",))}
    assert groups == {"Joko Widodo": 2, "Jokowi": 1}
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    qtbot.keyClick(w.view.text, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)
    assert len(w.session.source_groups(("PERSON",))) == 3
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {g.name: g.count for g in w.session.source_groups(("PERSON",))} == {"Jokowi": 2, "Joko Widodo": 1}


@pytest.mark.parametrize("cancel", [False, True])
def test_import_dialog_runs_off_the_ui_thread(qtbot, ui_project_path, make_window, tmp_path: Path,
                                              monkeypatch, cancel: bool) -> None:
    from annotator.ui import import_dialog
    from annotator.ui.workers import Worker

    files = []
    for i in range(3):
        f = tmp_path / f"berita{i}.txt"
        f.write_text(f"Berita ke-{i} dari Makassar.\nParagraf kedua.\n", encoding="utf-8")
        files.append(str(f))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(import_dialog, "show_message", lambda _p, title, text, warning=False: shown.append((title, text)))
    if cancel:
        monkeypatch.setattr(Worker, "cancel_requested", True, raising=False)
        original = Worker.__init__

        def init(self, job):
            original(self, job)
            self.cancel_requested = True

        monkeypatch.setattr(Worker, "__init__", init)
    w = make_window(ui_project_path)
    changed = import_dialog.run_import(w, ui_project_path, files, "ana")
    with open_project(ui_project_path) as p:
        count = p.scalar("SELECT count(*) FROM articles")
    if cancel:
        assert not changed and count == 1
        assert shown and "cancelled" in shown[0][1]
    else:
        assert changed and count == 4
        assert shown[0][0] == "Import finished" and "3 article(s)" in shown[0][1]


def test_label_key_of_another_layer_adds_instead_of_relabelling(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.view.text.select(2, 53)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    qtbot.keyClick(w.view.text, Qt.Key.Key_C)  # the quote is also a claim
    assert sorted(a.label for a in w.session.anns) == ["CLAIM", "QUOTE"]
    assert {(a.start, a.end) for a in w.session.anns} == {(2, 53)}
    qtbot.keyClick(w.view.text, Qt.Key.Key_C)  # same key again: nothing new
    assert len(w.session.anns) == 2


def test_keyboard_only_article_switch(qtbot, tmp_path, make_window) -> None:
    from annotator.importing import import_paths

    for i in range(3):
        (tmp_path / f"b{i}.txt").write_text(f"Berita {i} dari Ambon.\nParagraf kedua {i}.\n", encoding="utf-8")
    path = tmp_path / "k.db"
    with open_project(path) as p:
        import_paths(p, [tmp_path])
    w = make_window(path)
    assert w.session.article_id == 1
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.article_view.hasFocus()
    qtbot.keyClick(w.article_view, Qt.Key.Key_Down)
    qtbot.keyClick(w.article_view, Qt.Key.Key_Down)
    qtbot.keyClick(w.article_view, Qt.Key.Key_Return)
    assert w.session.article_id == 3
    assert w.view.text.hasFocus()
