"""File ▸ Import: the options of ``annotator import`` in a dialog, then the import service on a worker thread
behind a cancellable progress dialog."""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from annotator.core.offsets import OffsetUnit
from annotator.errors import AnnotatorError
from annotator.importing import import_files, import_format_names, is_annotated_file
from annotator.ui.elided import ElidedLabel
from annotator.ui.text import show_message
from annotator.ui.workers import run_with_progress

AUTO = "auto"
ENCODINGS = (AUTO, "utf-8", "utf-16", "latin-1", "cp1252")
DETECT = "detect automatically"
# (shown, the value passed as ``offsets``): what a doccano file's offsets count
OFFSETS: tuple[tuple[str, OffsetUnit | None], ...] = (
    ("UTF-16 units (doccano's default)", None),
    ("grapheme clusters (doccano's grapheme mode)", "graphemes"),
    ("code points", "codepoints"),
)


@dataclass(frozen=True)
class ImportChoice:
    """What the dialog asks of :func:`annotator.importing.import_files`."""

    annotator: str
    encoding: str | None = None  # None: UTF-8, or UTF-16 by its byte order mark
    skip_bad: bool = False
    as_suggestions: bool = False
    fmt: str | None = None  # None: each file recognised by its content and suffix (``import --format``)
    offsets: OffsetUnit | None = None  # a doccano file's offset unit (``import --offsets``); None: UTF-16


def _annotated(paths: list[str]) -> int | None:
    """How many of the files hold annotated lines; None when a file cannot be told (the import says why)."""
    try:
        return sum(is_annotated_file(Path(p)) for p in paths)
    except (AnnotatorError, OSError):
        return None


def _encoding_problem(name: str) -> str | None:
    if name == AUTO:
        return None
    if not name:
        return "name an encoding, or choose auto"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return f"unknown encoding {name!r}"
    if not getattr(info, "_is_text_encoding", True):
        return f"{name!r} is not a text encoding"
    return None


class ImportDialog(QDialog):
    def __init__(self, paths: list[str], annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.setObjectName("importDialog")
        self.paths = list(paths)
        folder = os.path.commonpath(self.paths) if len(self.paths) > 1 else (self.paths[0] if self.paths else "")
        what = f"{len(self.paths)} files in " if len(self.paths) > 1 else ""
        self.files = ElidedLabel(f"{what}{folder}", self, tooltip="\n".join(self.paths))
        self.files.setObjectName("importFiles")
        annotated = _annotated(self.paths)
        self.who = QLineEdit(annotator, self)
        self.who.setPlaceholderText("whose annotations they become")
        self.who.setToolTip("Annotated files (native or spans exports, Prodigy tasks) become this annotator's "
                            "annotations; the import is also logged under this name.")
        self.as_suggestions = QCheckBox("Import annotations as suggestions (to accept or reject)", self)
        self.as_suggestions.setEnabled(annotated != 0)
        if annotated == 0:
            self.as_suggestions.setToolTip("None of the chosen files holds annotations.")
        self.encoding = QComboBox(self)
        self.encoding.setEditable(True)
        self.encoding.addItems(list(ENCODINGS))
        self.encoding.setToolTip("auto: UTF-8 (or UTF-16 with a byte order mark); any Python encoding name "
                                 "may be typed")
        self.fmt = QComboBox(self)
        self.fmt.setObjectName("importFormat")
        self.fmt.addItem(DETECT, None)
        for name in import_format_names():
            self.fmt.addItem(name, name)
        self.fmt.setToolTip("Read every chosen file as this format, instead of recognising each by its content "
                            "and suffix (import --format)")
        self.offsets = QComboBox(self)
        self.offsets.setObjectName("importOffsets")
        for shown, value in OFFSETS:
            self.offsets.addItem(shown, value)
        self.offsets.setToolTip("How the offsets of a doccano file count: UTF-16 units unless its project "
                                "counts grapheme clusters as one character (import --offsets)")
        self.skip_bad = QCheckBox("Skip bad files and lines (import what is good, list the rest)", self)
        self.problem = QLabel("", self)
        self.problem.setObjectName("importProblem")
        form = QFormLayout(self)
        form.addRow("Files", self.files)
        if annotated:
            form.addRow("", QLabel(f"{annotated} of {len(self.paths)} file(s) hold annotations", self))
        form.addRow("Format", self.fmt)
        form.addRow("doccano offsets", self.offsets)
        form.addRow("Annotator", self.who)
        form.addRow("", self.as_suggestions)
        form.addRow("Encoding", self.encoding)
        form.addRow("", self.skip_bad)
        form.addRow(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.who.textChanged.connect(self._check)
        self.encoding.currentTextChanged.connect(self._check)
        self.encoding.editTextChanged.connect(self._check)
        self._check()
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())

    def _check(self) -> None:
        problem = _encoding_problem(self.encoding.currentText().strip())
        if problem is None and not self.who.text().strip():
            problem = "name the annotator"
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)

    def choice(self) -> ImportChoice:
        enc = self.encoding.currentText().strip()
        return ImportChoice(annotator=self.who.text().strip(), encoding=None if enc == AUTO else enc,
                            skip_bad=self.skip_bad.isChecked(),
                            as_suggestions=self.as_suggestions.isEnabled() and self.as_suggestions.isChecked(),
                            fmt=self.fmt.currentData(), offsets=self.offsets.currentData())


def ask_and_import(parent: QWidget, project_path: Path, paths: list[str], annotator: str,
                   dialog_factory: type[ImportDialog] = ImportDialog) -> bool:
    """File ▸ Import after the files are chosen: the options, then the import; True when it succeeded."""
    dialog = dialog_factory(paths, annotator, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    choice = dialog.choice()
    return run_import(parent, project_path, paths, choice.annotator, encoding=choice.encoding,
                      skip_bad=choice.skip_bad, as_suggestions=choice.as_suggestions, fmt=choice.fmt,
                      offsets=choice.offsets)


def run_import(parent: QWidget, project_path: Path, paths: list[str], annotator: str, *,
               encoding: str | None = None, skip_bad: bool = False, as_suggestions: bool = False,
               fmt: str | None = None, offsets: OffsetUnit | None = None) -> bool:
    """Import ``paths`` (articles, or annotated files as ``annotator``'s); True when it succeeded."""

    def job(progress):
        return import_files(project_path, paths, annotator=annotator, encoding=encoding, skip_bad=skip_bad,
                            as_suggestions=as_suggestions, progress=lambda _label: (progress, lambda: None),
                            fmt=fmt, offsets=offsets)

    lines, error = run_with_progress(parent, "Import", job,
                                       lambda d, t, what: f"Importing {Path(what).name} ({d}/{t})")
    if error is not None:
        show_message(parent, "Import failed", error, warning=True)
        return False
    show_message(parent, "Import finished", "\n".join(lines))
    return True
