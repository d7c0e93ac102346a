"""File dialogs shown on the open project's folder leave SQLite's locks alone (``annotator.ui.file_dialogs``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel

from annotator.services import annotate
from annotator.store.project import Project, open_project
from annotator.ui.file_dialogs import file_dialog

READ_AND_CLOSE = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM annotations').fetchone(); c.close()"


def _another_program_reads(path: Path) -> None:
    """Opens and closes the project: if it sees no other user, SQLite checkpoints and deletes the -wal."""
    subprocess.run([sys.executable, "-c", READ_AND_CLOSE, str(path)], check=True, timeout=60)


def _journal_kept(project: Project) -> bool:
    deleted = [os.readlink(f) for f in Path("/proc/self/fd").iterdir() if f.exists()
               and os.readlink(f).endswith("(deleted)") and str(project.path) in os.readlink(f)]
    return Path(f"{project.path}-wal").exists() and not deleted


def _show(qtbot, dialog: QFileDialog, name: str) -> None:
    qtbot.addWidget(dialog)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)  # with the Type column, as a user may switch to
    dialog.show()
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    qtbot.waitUntil(lambda: model.index(str(Path(dialog.directory().absolutePath()) / name)).isValid())
    qtbot.wait(300)  # the icons and types of the listed files are gathered in a thread
    dialog.close()


@pytest.fixture()
def open_one(ui_project_path: Path) -> Project:
    project = open_project(ui_project_path)
    annotate.add_annotation(project, 1, "ana", "PERSON", 20, 29)  # a -wal beside the file, SQLite's locks held
    yield project
    project.close()


@pytest.mark.parametrize("mode", [QFileDialog.FileMode.ExistingFile, QFileDialog.FileMode.ExistingFiles,
                                  QFileDialog.FileMode.AnyFile, QFileDialog.FileMode.Directory])
def test_our_dialogs_on_the_project_folder_keep_the_locks(qtbot, open_one: Project,
                                                          mode: QFileDialog.FileMode) -> None:
    dialog = file_dialog(None, "Open project", str(open_one.path.parent), "Projects (*.db);;All (*)")
    dialog.setFileMode(mode)
    _show(qtbot, dialog, open_one.path.name)
    _another_program_reads(open_one.path)
    assert _journal_kept(open_one)
    annotate.add_annotation(open_one, 1, "ana", "GPE", 38, 46)


def test_qt_s_own_dialog_would_drop_them(qtbot, open_one: Project) -> None:
    """Why the dialogs above are needed, and proof that the test above can fail: Qt's own dialog reads the
    files it lists, and closing them drops SQLite's locks. (If Qt stops doing so, this test says so.)"""
    make: Callable[[], QFileDialog] = lambda: QFileDialog(None, "Open project", str(open_one.path.parent))
    dialog = make()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    _show(qtbot, dialog, open_one.path.name)
    _another_program_reads(open_one.path)
    assert not _journal_kept(open_one)
