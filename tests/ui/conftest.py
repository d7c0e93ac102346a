"""Fixtures for GUI tests: a project with a made-up article and a main window on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from annotator.importing import import_paths
from annotator.store.project import open_project

ARTICLE = (
    "Menteri Perdagangan Sari Dewi tiba di Surabaya pada Senin untuk meninjau pelabuhan.\n"
    "08:15\n"
    "😀 “Kami tidak akan menaikkan tarif sandar tahun ini,” katanya kepada wartawan.\n"
    "Asosiasi Pengusaha Pelabuhan menyambut janji itu, tetapi meminta bukti tertulis.\n"
    "Leave a Reply\n"
)


@pytest.fixture()
def ui_project_path(tmp_path: Path) -> Path:
    src = tmp_path / "pelabuhan.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "ui.db"
    with open_project(path) as project:
        import_paths(project, [src])
    return path


@pytest.fixture(autouse=True)
def _suggestions_only_when_asked(request, monkeypatch) -> None:
    """The window computes suggestions for every paragraph it opens (on its worker thread); tests that count
    annotations would see them appear. They are computed only in tests that ask for ``real_suggestions``
    (or patch ``suggest_paragraph`` themselves)."""
    if "real_suggestions" not in request.fixturenames:
        from annotator.services import suggest

        monkeypatch.setattr(suggest, "suggest_paragraph", lambda *_a, **_k: [])


@pytest.fixture()
def real_suggestions() -> None:
    """The recommenders run as in the real window (see ``_suggestions_only_when_asked``)."""


@pytest.fixture()
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def make_window(qtbot, settings):
    from annotator.ui.main_window import MainWindow

    def make(path: Path, annotator: str = "ana", review: bool = False) -> MainWindow:
        window = MainWindow(open_project(path), annotator, settings, review=review)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        if review:  # the review queue is built once the window is up
            qtbot.waitUntil(lambda: window.review is not None and window.review.ready)
        window.view.text.setFocus()
        return window

    return make


def answer_picker(qtbot, typed: str) -> None:
    """Answer the source picker that the next key press opens: type a filter, press Enter."""
    from PySide6.QtCore import QTimer

    from annotator.ui.source_picker import SourcePicker

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SourcePicker)
        qtbot.keyClicks(dialog.filter, typed)
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: QApplication.activeWindow() is not None and QApplication.activeModalWidget() is None)
    QTimer.singleShot(50, pick)
