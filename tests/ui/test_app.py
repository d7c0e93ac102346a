"""Start-up: the annotator's name, review mode for reviewers, the rolling backup."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotator.ui import app


def test_name_is_asked_once_then_remembered(qtbot, tmp_path, monkeypatch) -> None:
    from annotator.ui import welcome

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    asked: list[bool] = []

    def ask(name: str = "", choose_project: bool = True, parent=None) -> welcome.Welcome:
        asked.append(choose_project)
        return welcome.Welcome("Dewi", None)

    monkeypatch.setattr(welcome, "welcome", ask)
    assert app.ask_annotator(settings, None) == "Dewi"
    assert app.ask_annotator(settings, None) == "Dewi"
    assert asked == [False]  # once, and the name only
    assert app.ask_annotator(settings, "rita") == "rita"  # --annotator overrides, and is remembered
    assert app.ask_annotator(settings, None) == "rita"
    monkeypatch.setattr(welcome, "welcome", lambda *_a, **_k: None)  # cancelled
    assert app.ask_annotator(QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat), None) is None


def test_rolling_backup_is_made_in_the_background(ui_project_path) -> None:
    from annotator.services.backup import backup_folder

    app.start_rolling_backup(ui_project_path).join(timeout=30)
    copies = list(backup_folder(ui_project_path).glob("*.db"))
    assert len(copies) == 1


def test_run_gui_opens_review_mode_for_a_reviewer(qtbot, ui_project_path, monkeypatch) -> None:
    from annotator.services.adjudicate import make_reviewer
    from annotator.store.project import open_project
    from annotator.ui.main_window import MainWindow

    with open_project(ui_project_path) as p:
        make_reviewer(p, "rita")
    seen: list[MainWindow] = []

    def fake_exec(self) -> int:
        seen.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app.run_gui(ui_project_path, "rita") == 0
    assert len(seen) == 1 and seen[0].review is not None
    seen[0].close()
