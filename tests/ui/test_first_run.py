"""First run: the welcome says what the tool does, asks the name, and offers the demo, your own files or a project."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QWidget

from annotator.ui import app
from annotator.ui.welcome import ABOUT, NAME_MISSING, WelcomeDialog


def when_modal(kind: type[QDialog], answer: Callable[[QDialog], None], errors: list[BaseException]) -> None:
    """Once a modal ``kind`` is up (the code under test is inside its exec), run ``answer`` on it. A failing
    answer closes every modal dialog, so the test fails instead of waiting for ever."""
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(20, poll)
            else:
                errors.append(AssertionError(f"no {kind.__name__} came up"))
                _close_all()
            return
        try:
            answer(dialog)
        except BaseException as exc:
            errors.append(exc)
            _close_all()

    QTimer.singleShot(20, poll)


def _close_all() -> None:
    for _ in range(5):
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()


@pytest.fixture()
def started(monkeypatch, settings: QSettings) -> list[QWidget]:
    """run_gui on fresh settings; the windows it shows (instead of entering the event loop)."""
    from annotator.ui.main_window import MainWindow

    monkeypatch.setattr(app, "app_settings", lambda: settings)
    seen: list[QWidget] = []

    def fake_exec(self) -> int:
        seen.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        for w in seen:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return seen


def _choose(dialog: QDialog, path: Path | None = None) -> None:
    """Answer a file dialog as a user typing the path into its file name field (the suggested one: None)."""
    assert isinstance(dialog, QFileDialog)
    if path is not None:
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None
        edit.setText(str(path))
    dialog.accept()


def _type_name(qtbot, dialog: QDialog, name: str) -> WelcomeDialog:
    assert isinstance(dialog, WelcomeDialog)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, name)
    return dialog


def test_empty_name_gets_a_message_and_cancel_exits(qtbot, started, settings) -> None:
    errors: list[BaseException] = []
    seen: dict[str, object] = {}

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, WelcomeDialog)
        texts = [label.text() for label in dialog.findChildren(type(dialog.about))]
        assert ABOUT in texts and ABOUT.count(". ") == 1  # what the tool does, in two sentences
        assert dialog.demo_button and dialog.import_button and dialog.open_button  # three ways on
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # Enter on an empty name
        seen["after enter"] = (dialog.isVisible(), dialog.message.isVisible(), dialog.message.text())
        qtbot.keyClicks(dialog.name_edit, "   ")
        dialog.open_button.click()  # blank is empty too; no file dialog opens
        seen["after blank"] = (dialog.isVisible(), QApplication.activeModalWidget() is dialog)
        dialog.reject()  # Cancel

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(None, None) == 1
    assert not errors, errors
    assert seen["after enter"] == (True, True, NAME_MISSING)
    assert seen["after blank"] == (True, True)
    assert not settings.value("annotator") and not started


def test_demo_opens_the_demo_project(qtbot, started, settings) -> None:
    from annotator.services.demo import demo_path

    errors: list[BaseException] = []

    def answer(dialog: QDialog) -> None:
        welcome = _type_name(qtbot, dialog, "  Dewi ")
        qtbot.keyClick(welcome.name_edit, Qt.Key.Key_Return)  # Enter: the demo, the default way on

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(None, None) == 0
    assert not errors, errors
    assert settings.value("annotator") == "Dewi"  # stored as before
    assert len(started) == 1 and started[0].workspace.path == demo_path() and demo_path().exists()
    assert started[0].annotator == "Dewi"


def test_open_project_asks_for_the_file(qtbot, started, settings, ui_project_path: Path) -> None:
    errors: list[BaseException] = []

    def pick_file(dialog: QDialog) -> None:
        _choose(dialog, ui_project_path)

    def answer(dialog: QDialog) -> None:
        welcome = _type_name(qtbot, dialog, "Dewi")
        when_modal(QFileDialog, pick_file, errors)
        assert welcome.open_button is not None
        welcome.open_button.click()

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(None, None) == 0
    assert not errors, errors
    assert len(started) == 1 and started[0].workspace.path == ui_project_path
    assert settings.value("annotator") == "Dewi"


def test_cancelled_file_dialog_keeps_the_welcome(qtbot, started) -> None:
    errors: list[BaseException] = []
    still_up: list[bool] = []

    def answer(dialog: QDialog) -> None:
        welcome = _type_name(qtbot, dialog, "Dewi")
        when_modal(QFileDialog, lambda d: d.reject(), errors)
        assert welcome.open_button is not None
        welcome.open_button.click()
        still_up.append(welcome.isVisible())
        welcome.reject()

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(None, None) == 1
    assert not errors, errors
    assert still_up == [True]


def test_import_own_files_into_a_new_project(qtbot, started, ui_project_path: Path) -> None:
    article = ui_project_path.parent / "pelabuhan.txt"
    errors: list[BaseException] = []
    asked: list[str] = []

    def pick_article(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        when_modal(QFileDialog, save_beside, errors)  # then the new project's file
        _choose(dialog, article)

    def save_beside(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog) and dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        asked.append(dialog.directory().absolutePath())
        _choose(dialog)  # the suggested name

    def answer(dialog: QDialog) -> None:
        welcome = _type_name(qtbot, dialog, "Dewi")
        when_modal(QFileDialog, pick_article, errors)
        assert welcome.import_button is not None
        welcome.import_button.click()

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(None, None) == 0
    assert not errors, errors
    assert asked == [str(article.parent)]  # offered beside the file
    assert len(started) == 1 and started[0].workspace.path == article.with_suffix(".db")
    assert started[0].article_model.rowCount() == 1


def test_project_given_asks_the_name_only(qtbot, started, settings, ui_project_path: Path) -> None:
    errors: list[BaseException] = []
    ways: list[object] = []

    def answer(dialog: QDialog) -> None:
        welcome = _type_name(qtbot, dialog, "Rita")
        ways.extend([welcome.demo_button, welcome.import_button, welcome.open_button])
        qtbot.keyClick(welcome.name_edit, Qt.Key.Key_Return)

    when_modal(WelcomeDialog, answer, errors)
    assert app.run_gui(ui_project_path, None) == 0
    assert not errors, errors
    assert ways == [None, None, None]
    assert len(started) == 1 and started[0].workspace.path == ui_project_path and started[0].annotator == "Rita"


def test_no_welcome_when_the_name_is_stored_and_a_project_given(qtbot, started, settings, ui_project_path,
                                                                 monkeypatch) -> None:
    """As the bundle starts: a project as argument, the name asked once before."""
    from annotator.ui import welcome

    monkeypatch.setattr(welcome, "welcome", lambda *_a, **_k: pytest.fail("the welcome was shown"))
    settings.setValue("annotator", "ana")
    assert app.run_gui(ui_project_path, None) == 0
    assert len(started) == 1 and started[0].annotator == "ana"
