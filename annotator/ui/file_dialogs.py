"""File dialogs that never open the files they list.

Qt's file dialog (and the desktop's native one, which runs inside this process)
tells file types apart by reading the first bytes of every file it shows. When
it shows the folder of the open project, it opens and closes the project file
and its ``-wal`` / ``-shm``, and closing them drops SQLite's locks on the
project (see :mod:`annotator.fileguard`): another program could then delete
the live journal. So every dialog here is Qt's own, with an icon provider that
names types by file name only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

__all__ = ["NameOnlyIconProvider", "choose_existing_folder", "choose_open_file", "choose_open_files",
           "choose_save_file", "file_dialog"]

_KIND = QAbstractFileIconProvider.IconType


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from the file name and kind, without reading the file."""

    def icon(self, what: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if isinstance(what, QFileInfo):
            return super().icon(_KIND.Folder if what.isDir() else _KIND.Drive if what.isRoot() else _KIND.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def file_dialog(parent: QWidget | None, title: str, folder: str, name_filter: str = "") -> QFileDialog:
    """A Qt file dialog that does not read the files it lists (the provider is set before any folder is)."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._provider = provider  # type: ignore[attr-defined]  # Qt does not own it: alive as long as the dialog
    if name_filter:
        dialog.setNameFilter(name_filter)
    dialog.setDirectory(folder)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def choose_open_file(parent: QWidget | None, title: str, folder: Path, name_filter: str) -> str | None:
    dialog = file_dialog(parent, title, str(folder), name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    found = _run(dialog)
    return found[0] if found else None


def choose_open_files(parent: QWidget | None, title: str, folder: Path, name_filter: str) -> list[str]:
    dialog = file_dialog(parent, title, str(folder), name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def choose_save_file(parent: QWidget | None, title: str, suggested: Path, name_filter: str) -> str | None:
    dialog = file_dialog(parent, title, str(suggested.parent), name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested.name)
    found = _run(dialog)
    return found[0] if found else None


def choose_existing_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    dialog = file_dialog(parent, title, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    found = _run(dialog)
    return found[0] if found else None
