"""File ▸ Export: the dialog's choices reach the export service, which runs off the UI thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.services import annotate
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from annotator.ui import export_dialog
from annotator.ui.export_dialog import ExportDialog


def _annotate(path: Path) -> None:
    with open_project(path) as p:
        pars = paragraphs(p, 1)
        annotate.add_annotation(p, pars[0].id, "ana", "PERSON", 20, 29)
        annotate.add_annotation(p, pars[2].id, "ana", "QUOTE", 2, 53)
        for par in pars:
            if par.boilerplate is None:
                annotate.set_status(p, par.id, "ana", "done")


def _fill_and_accept(fmt: str, out: str, split: str = "") -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.format.setCurrentText(fmt)
        dialog.split.setText(split)
        dialog.out.setText(out)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(50, act)


def test_export_dialog_writes_the_chosen_format(qtbot, ui_project_path, make_window, tmp_path, monkeypatch) -> None:
    _annotate(ui_project_path)
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(export_dialog, "show_message", lambda _p, t, text, warning=False: shown.append((t, text, warning)))
    w = make_window(ui_project_path)
    out = tmp_path / "corpus.jsonl"
    _fill_and_accept("doccano", str(out))
    summary = export_dialog.run_export(w, ui_project_path, "ana")
    assert summary is not None and shown[-1][0] == "Export finished"
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3  # the three non-boilerplate paragraphs, all done
    assert rows[0]["label"] == [[20, 29, "PERSON"]]
    assert rows[1]["label"][0][2] == "QUOTE"


def test_export_dialog_reports_a_bad_split_in_one_line(qtbot, ui_project_path, make_window, tmp_path,
                                                       monkeypatch) -> None:
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(export_dialog, "show_message", lambda _p, t, text, warning=False: shown.append((t, text, warning)))
    w = make_window(ui_project_path)
    _fill_and_accept("spans", str(tmp_path / "x.jsonl"), split="train=0.5,dev=0.1")
    assert export_dialog.run_export(w, ui_project_path, "ana") is None
    assert shown and shown[0][2] and "\n" not in shown[0][1]
    assert not (tmp_path / "x.jsonl").exists()


def _export_over(w, path: Path, monkeypatch, answer: bool | None):
    shown: list[tuple[str, str, bool]] = []
    asked: list[str] = []
    monkeypatch.setattr(export_dialog, "show_message", lambda _p, t, text, warning=False: shown.append((t, text, warning)))
    monkeypatch.setattr(export_dialog, "ask_yes_no", lambda _p, _t, text: asked.append(text) or bool(answer))
    _fill_and_accept("doccano", str(path))
    return export_dialog.run_export(w, w.project.path, "ana"), shown, asked


def test_the_dialog_asks_before_replacing_a_file(qtbot, ui_project_path, make_window, tmp_path,
                                                 monkeypatch) -> None:
    _annotate(ui_project_path)
    w = make_window(ui_project_path)
    out = tmp_path / "corpus.jsonl"
    out.write_text("keep me\n", encoding="utf-8")
    summary, _, asked = _export_over(w, out, monkeypatch, answer=False)
    assert summary is None and asked and str(out) in asked[0]
    assert out.read_text(encoding="utf-8") == "keep me\n"
    summary, shown, _ = _export_over(w, out, monkeypatch, answer=True)
    assert summary is not None and shown[-1][0] == "Export finished"
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_the_dialog_never_writes_over_the_project(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    _annotate(ui_project_path)
    w = make_window(ui_project_path)
    before = ui_project_path.stat().st_ino
    summary, shown, asked = _export_over(w, ui_project_path, monkeypatch, answer=True)
    assert summary is None and not asked
    assert shown[-1][2] and "is a project file open in this program" in shown[-1][1]
    assert ui_project_path.stat().st_ino == before
