"""File ▸ Export: the choices of ``annotator export`` in a dialog, run on a worker thread."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar, get_args

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.export import (
    FORMATS,
    LAYER_CHOICES,
    ExportOptions,
    ExportSummary,
    FormatName,
    LayerChoice,
    OutputError,
    OutputExistsError,
    StatusFilter,
    UnitKind,
    count_units,
    default_layer,
    export_corpus,
    output_paths,
    output_shape,
    parse_split,
)
from annotator.services.workspace import Project, annotator_names, open_project
from annotator.ui.elided import PathEdit
from annotator.ui.file_dialogs import choose_existing_folder
from annotator.ui.text import ask_yes_no, show_message
from annotator.ui.workers import run_with_progress

GOLD = "gold (adjudicated)"

_C = TypeVar("_C", bound=str)


def _choice(what: str, text: str, allowed: tuple[_C, ...]) -> _C:
    """A menu's text as one of ``allowed`` (the values of an export Literal); AnnotatorError for any other."""
    for value in allowed:
        if value == text:
            return value
    raise AnnotatorError(f"unknown {what} {text!r}; choose one of {', '.join(allowed)}")


_FORMAT_NAMES: tuple[FormatName, ...] = get_args(FormatName)
_STATUSES: tuple[StatusFilter, ...] = get_args(StatusFilter)
_LAYERS: tuple[LayerChoice, ...] = get_args(LayerChoice)
_UNITS: tuple[UnitKind, ...] = get_args(UnitKind)


class ExportDialog(QDialog):
    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project  # open while the dialog is: the count below reads it
        self.count: int | None = None  # what the current choice writes (None: it cannot be counted)
        self.setWindowTitle("Export corpus")
        self.setObjectName("exportDialog")
        self.format = QComboBox(self)
        self.format.addItems(list(FORMATS))
        self.who = QComboBox(self)
        names = annotator_names(project)
        self.who.addItems([*names, GOLD])
        if annotator in names:
            self.who.setCurrentText(annotator)
        self.status = QComboBox(self)
        self.status.addItems(["done", "any"])
        self.layer = QComboBox(self)
        self.layer.addItems(list(LAYER_CHOICES))
        self.unit = QComboBox(self)
        self.unit.addItems(["paragraph", "article"])
        self.split = QLineEdit(self)
        self.split.setPlaceholderText("none, or e.g. train=0.8,dev=0.1,test=0.1")
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.out = PathEdit(str(project.path.parent / "exports"), self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Annotations of", self.who)
        form.addRow("Paragraphs", self.status)
        form.addRow("Layer", self.layer)
        form.addRow("One line per", self.unit)
        form.addRow("Split", self.split)
        form.addRow("Seed", self.seed)
        form.addRow("Folder or file", out_row)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("exportCount")
        self.count_label.setWordWrap(True)
        self.any_status = QPushButton("Export &all statuses", self)
        self.any_status.setToolTip("Choose status 'any': every paragraph, done or not (Alt+A)")
        self.any_status.clicked.connect(lambda: self.status.setCurrentText("any"))
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label, 1)
        count_row.addWidget(self.any_status)
        form.addRow(count_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentTextChanged.connect(self._format_chosen)
        self._format_chosen(self.format.currentText())
        for box in (self.format, self.who, self.status, self.layer, self.unit):
            box.currentTextChanged.connect(self._update_count)
        self._update_count()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())

    def _count_options(self) -> ExportOptions:
        """The options as counted: the split only divides the lines among files, so a bad one does not matter."""
        gold = self.who.currentText() == GOLD
        return ExportOptions(format=_choice("format", self.format.currentText(), _FORMAT_NAMES),
                             annotator=None if gold else self.who.currentText(), gold=gold,
                             status=_choice("status", self.status.currentText(), _STATUSES),
                             layer=_choice("layer", self.layer.currentText(), _LAYERS),
                             unit=_choice("unit", self.unit.currentText(), _UNITS))

    def _update_count(self) -> None:
        """How many lines the current choice writes, and the way to more when none are done."""
        offer = False
        try:
            opts = self._count_options()
            self.count = count_units(self.project, opts)
            unit = "paragraph" if opts.unit == "paragraph" else "article"
            units = unit + ("" if self.count == 1 else "s")
            whose = "adjudicated (done in review)" if opts.gold else f"done by {opts.annotator}"
            if opts.unit == "article" and opts.status == "done":
                whose = ("adjudicated in every paragraph" if opts.gold
                         else f"done in every paragraph by {opts.annotator}")
            if self.count == 0 and opts.status == "done":
                others = count_units(self.project, dataclasses.replace(opts, status="any"))
                offer = others > 0
                text = (f"0 {units} {whose} — choose status 'any' to export the {others} not yet done"
                        if offer else f"0 {units} {whose}, and none at all to export")
            elif opts.status == "done":
                text = f"{self.count} {units} {whose} will be written (one line each)"
            else:
                text = f"{self.count} {units} will be written (one line each), done or not"
        except AnnotatorError as exc:
            self.count = None
            text = str(exc)
        self.count_label.setText(text)
        self.any_status.setVisible(offer)

    def _browse(self) -> None:
        folder = choose_existing_folder(self, "Export folder", self.out.text())
        if folder:
            self.out.setText(folder)

    def accept(self) -> None:
        """OK: a choice that writes nothing is confirmed first (a bad split is reported once the dialog closes)."""
        try:
            self.options()
        except AnnotatorError:
            super().accept()
            return
        if self.count == 0 and not ask_yes_no(
                self, "Export nothing?",
                f"{self.count_label.text()}.\n\nWrite an empty export (0 lines) anyway?"):
            return
        super().accept()

    def options(self) -> ExportOptions:
        """The chosen options; raises AnnotatorError on a bad split (or a menu text no export option has)."""
        gold = self.who.currentText() == GOLD
        split = parse_split(self.split.text()) if self.split.text().strip() else ()
        return ExportOptions(format=_choice("format", self.format.currentText(), _FORMAT_NAMES),
                             annotator=None if gold else self.who.currentText(), gold=gold,
                             status=_choice("status", self.status.currentText(), _STATUSES),
                             layer=_choice("layer", self.layer.currentText(), _LAYERS),
                             unit=_choice("unit", self.unit.currentText(), _UNITS), split=split, seed=self.seed.value())

    def _format_chosen(self, name: str) -> None:
        """The format's default layer; a format that writes whole articles only (brat, XMI, ...) fixes the unit."""
        self.layer.setCurrentText(default_layer(name))
        if name in FORMATS and output_shape(name).article_only:
            self.unit.setCurrentText("article")
            self.unit.setEnabled(False)
        else:
            self.unit.setEnabled(True)

    def target(self) -> tuple[Path | None, Path | None]:
        """(out, exports_dir): a folder that does not exist yet is made as the exports folder; a name with
        the format's suffix (``.jsonl``, ``.json``, ``.spacy``, ``.conll``), or any existing file, is the
        output file."""
        path = Path(self.out.text()).expanduser()
        name = self.format.currentText()
        shape = output_shape(name) if name in FORMATS else None
        file_suffix = shape is not None and not shape.folder and path.suffix == shape.suffix
        if file_suffix or (path.exists() and not path.is_dir()):
            return path, None
        return None, path


def run_export(parent: QWidget, project_path: Path, annotator: str,
               dialog_factory: type[ExportDialog] = ExportDialog) -> ExportSummary | None:
    with open_project(project_path) as project:
        dialog = dialog_factory(project, annotator, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
    try:
        opts = dialog.options()
    except AnnotatorError as exc:
        show_message(parent, "Export", str(exc), warning=True)
        return None
    out, exports_dir = dialog.target()
    try:
        if exports_dir is not None:
            try:
                exports_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"{exports_dir}: cannot make the folder ({exc.strerror or exc})") from None
        with open_project(project_path) as project:
            output_paths(project, opts, out, exports_dir=exports_dir)
    except OutputExistsError as exc:
        names = "\n".join(str(p) for p in exc.paths[:5]) + ("\n…" if len(exc.paths) > 5 else "")
        if not ask_yes_no(parent, "Replace files?", f"These files exist already:\n{names}\n\nReplace them?"):
            return None
        opts = dataclasses.replace(opts, replace=True)
    except AnnotatorError as exc:
        show_message(parent, "Export", str(exc), warning=True)
        return None

    def job(progress):
        with open_project(project_path) as project:
            return export_corpus(project, opts, out, exports_dir=exports_dir, progress=progress)

    summary, error = run_with_progress(parent, "Export", job, lambda d, t, _w: f"Exporting paragraph {d} of {t}")
    if error is not None:
        show_message(parent, "Export failed", error, warning=True)
        return None
    show_message(parent, "Export finished", "\n".join(summary.lines()))
    return summary
