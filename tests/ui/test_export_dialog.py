"""File ▸ Export: the dialog's choices reach the export service, which runs off the UI thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
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


# -- the count before writing, "all statuses", nothing written silently, long paths --------------------------


def _label_only(path: Path) -> None:
    """ana has annotated, but marked nothing done."""
    with open_project(path) as p:
        annotate.add_annotation(p, paragraphs(p, 1)[0].id, "ana", "PERSON", 20, 29)


def test_the_count_follows_the_choice_and_offers_all_statuses(qtbot, ui_project_path) -> None:
    _label_only(ui_project_path)
    with open_project(ui_project_path) as project:
        d = ExportDialog(project, "ana")
        qtbot.addWidget(d)
        assert d.who.currentText() == "ana" and d.status.currentText() == "done"
        assert d.count == 0
        assert d.count_label.text() == ("0 paragraphs done by ana — choose status 'any' to export the 5 not "
                                        "yet done")
        assert not d.any_status.isHidden()
        qtbot.mouseClick(d.any_status, Qt.MouseButton.LeftButton)
        assert d.status.currentText() == "any" and d.count == 5
        assert d.count_label.text().startswith("5 paragraphs will be written") and d.any_status.isHidden()
        d.unit.setCurrentText("article")
        assert d.count == 1 and d.count_label.text().startswith("1 article will be written")
        d.status.setCurrentText("done")
        assert d.count == 0 and "done in every paragraph by ana" in d.count_label.text()
        assert not d.any_status.isHidden()
        d.who.setCurrentText(export_dialog.GOLD)
        assert d.count == 0 and "adjudicated" in d.count_label.text()
        d.layer.setCurrentText("quote")  # the layer changes what each line holds, not how many there are
        d.unit.setCurrentText("paragraph")
        d.status.setCurrentText("any")
        assert d.count == 5


def test_the_count_is_what_is_written(qtbot, ui_project_path, make_window, tmp_path, monkeypatch) -> None:
    _annotate(ui_project_path)
    monkeypatch.setattr(export_dialog, "show_message", lambda *_a, **_k: None)
    w = make_window(ui_project_path)
    out = tmp_path / "counted.jsonl"
    counts: list[int | None] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.out.setText(str(out))
        counts.append(dialog.count)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(50, act)
    summary = export_dialog.run_export(w, ui_project_path, "ana")
    assert summary is not None and counts == [summary.lines_written] == [3]


def test_ok_with_nothing_to_write_asks_first(qtbot, ui_project_path, make_window, tmp_path, monkeypatch) -> None:
    _label_only(ui_project_path)
    shown: list[tuple[str, str, bool]] = []
    asked: list[str] = []
    monkeypatch.setattr(export_dialog, "show_message",
                        lambda _p, t, text, warning=False: shown.append((t, text, warning)))
    monkeypatch.setattr(export_dialog, "ask_yes_no", lambda _p, _t, text: asked.append(text) or False)
    w = make_window(ui_project_path)
    out = tmp_path / "empty.jsonl"
    still_open: list[bool] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.out.setText(str(out))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        ok.click()  # 0 paragraphs: asked, answered No, the dialog stays
        still_open.append(dialog.isVisible())
        dialog.any_status.click()
        ok.click()  # 5 paragraphs: no question

    QTimer.singleShot(50, act)
    summary = export_dialog.run_export(w, ui_project_path, "ana")
    assert still_open == [True] and len(asked) == 1 and "0 paragraphs done by ana" in asked[0]
    assert summary is not None and summary.lines_written == 5
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5


def test_an_empty_export_is_written_only_when_confirmed(qtbot, ui_project_path, make_window, tmp_path,
                                                        monkeypatch) -> None:
    _label_only(ui_project_path)
    asked: list[str] = []
    monkeypatch.setattr(export_dialog, "show_message", lambda *_a, **_k: None)
    monkeypatch.setattr(export_dialog, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)
    w = make_window(ui_project_path)
    out = tmp_path / "empty.jsonl"
    _fill_and_accept("native", str(out))
    summary = export_dialog.run_export(w, ui_project_path, "ana")
    assert asked and summary is not None and summary.lines_written == 0 and out.exists()


def test_a_long_output_path_is_cut_in_the_middle(qtbot, ui_project_path, tmp_path) -> None:
    long = str(tmp_path.joinpath(*[f"folder-number-{i:02d}" for i in range(12)], "my-corpus.jsonl"))
    with open_project(ui_project_path) as project:
        d = ExportDialog(project, "ana")
        qtbot.addWidget(d)
        d.resize(480, d.height())
        d.show()
        qtbot.waitExposed(d)
        d.out.setText(long)
        d.format.setFocus()
        qtbot.waitUntil(lambda: not d.out.hasFocus())
        shown = d.out.shown_text()
        assert "…" in shown and shown.endswith("my-corpus.jsonl") and shown.startswith(long[:4])
        assert d.out.text() == long and long in d.out.toolTip()
        d.out.grab()  # paints the cut text without a warning
        d.out.setFocus()
        qtbot.waitUntil(d.out.hasFocus)
        assert d.out.shown_text() == long  # edited whole


@pytest.mark.parametrize(("fmt", "name", "is_file"), [("labelstudio", "out.json", True), ("docbin", "out.spacy", True),
                                                      ("conll", "out.conll", True), ("native", "out.jsonl", True),
                                                      ("docbin", "out.jsonl", False), ("brat", "brat-out", False)])
def test_the_output_name_is_a_file_when_it_has_the_format_s_suffix(qtbot, tmp_path, fmt, name, is_file) -> None:
    with open_project(tmp_path / "p.db") as project:
        dialog = ExportDialog(project, "ana")
        qtbot.addWidget(dialog)
        dialog.format.setCurrentText(fmt)
        dialog.out.setText(str(tmp_path / name))
        out, folder = dialog.target()
        assert (out is not None) == is_file and (folder is not None) == (not is_file)


def test_a_folder_format_exports_whole_articles(qtbot, tmp_path) -> None:
    with open_project(tmp_path / "p.db") as project:
        dialog = ExportDialog(project, "ana")
        qtbot.addWidget(dialog)
        dialog.format.setCurrentText("brat")
        assert dialog.unit.currentText() == "article" and not dialog.unit.isEnabled()
        dialog.format.setCurrentText("spans")
        assert dialog.unit.isEnabled()
