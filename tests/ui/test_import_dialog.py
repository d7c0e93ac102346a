"""File ▸ Import: after the files are chosen, a dialog asks for the CLI's options and passes them on."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.importing import import_format_names
from annotator.store.project import open_project
from annotator.ui import file_actions, import_dialog
from annotator.ui.import_dialog import ImportDialog


def _ok(dialog: ImportDialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def _answer(fill, seen: list | None = None) -> None:
    """Fill the import dialog the next exec() shows, then press Import."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        fill(dialog)
        if seen is not None:
            seen.append(dialog)
        _ok(dialog).click()

    QTimer.singleShot(50, act)


def _messages(monkeypatch) -> list[tuple[str, str, bool]]:
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(import_dialog, "show_message",
                        lambda _p, title, text, warning=False: shown.append((title, text, warning)))
    return shown


def test_the_options_reach_import_files(qtbot, ui_project_path, make_window, tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text('{"id": "x", "text": "Satu."}\n', encoding="utf-8")
    calls: list[dict] = []
    monkeypatch.setattr(import_dialog, "import_files",
                        lambda path, paths, **kw: calls.append({"path": path, "paths": paths, **kw}) or ["ok"])
    shown = _messages(monkeypatch)
    w = make_window(ui_project_path)

    def fill(d: ImportDialog) -> None:
        assert d.who.text() == "ana"  # the window's annotator by default
        d.who.setText("bob")
        d.as_suggestions.setChecked(True)
        d.encoding.setEditText("cp1252")
        d.skip_bad.setChecked(True)

    _answer(fill)
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    (call,) = calls
    assert call["annotator"] == "bob" and call["encoding"] == "cp1252" and call["skip_bad"] is True
    assert call["paths"] == [str(src)] and call["path"] == ui_project_path
    assert call["as_suggestions"] is False  # a plain article file holds no annotations: the box is off
    assert shown == [("Import finished", "ok", False)]


def test_defaults_are_the_cli_defaults(qtbot, ui_project_path, make_window, tmp_path: Path, monkeypatch) -> None:
    calls: list[dict] = []
    monkeypatch.setattr(import_dialog, "import_files", lambda _path, _paths, **kw: calls.append(kw) or [])
    _messages(monkeypatch)
    w = make_window(ui_project_path)
    src = tmp_path / "b.txt"
    src.write_text("Dua.\n", encoding="utf-8")
    _answer(lambda d: None)
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert calls[0]["annotator"] == "ana" and calls[0]["encoding"] is None
    assert calls[0]["skip_bad"] is False and calls[0]["as_suggestions"] is False
    assert calls[0]["fmt"] is None and calls[0]["offsets"] is None  # recognised per file; doccano in UTF-16


def test_an_encoding_is_used_and_a_wrong_one_fails_in_one_line(qtbot, ui_project_path, make_window, tmp_path: Path,
                                                              monkeypatch) -> None:
    src = tmp_path / "latin.txt"
    src.write_bytes("Café di Jakarta dibuka.\nParagraf kedua.\n".encode("latin-1"))
    shown = _messages(monkeypatch)
    w = make_window(ui_project_path)
    _answer(lambda d: d.encoding.setEditText("utf-8"))
    assert not import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert shown[-1][0] == "Import failed" and shown[-1][2] and "\n" not in shown[-1][1]
    _answer(lambda d: d.encoding.setCurrentText("latin-1"))
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert shown[-1][0] == "Import finished"
    with open_project(ui_project_path) as p:
        assert p.scalar("SELECT count(*) FROM articles WHERE text LIKE 'Café%'") == 1


def test_annotated_files_can_come_in_as_suggestions(qtbot, ui_project_path, make_window, tmp_path: Path,
                                                    monkeypatch) -> None:
    src = tmp_path / "spans.jsonl"
    src.write_text('{"text": "Budi tiba.", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]}\n', encoding="utf-8")
    calls: list[dict] = []
    monkeypatch.setattr(import_dialog, "import_files", lambda _path, _paths, **kw: calls.append(kw) or [])
    _messages(monkeypatch)
    w = make_window(ui_project_path)
    seen: list[ImportDialog] = []

    def fill(d: ImportDialog) -> None:
        assert d.as_suggestions.isEnabled()
        d.as_suggestions.setChecked(True)

    _answer(fill, seen)
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert calls[0]["as_suggestions"] is True and calls[0]["annotator"] == "ana"


def test_a_bad_encoding_or_no_name_keeps_import_off(qtbot, tmp_path: Path) -> None:
    d = ImportDialog([str(tmp_path / "x.txt")], "ana")
    qtbot.addWidget(d)
    assert _ok(d).isEnabled() and d.problem.isHidden()
    d.encoding.setEditText("no-such-encoding")
    assert not _ok(d).isEnabled() and "unknown encoding" in d.problem.text()
    d.encoding.setEditText("rot13")
    assert not _ok(d).isEnabled() and "not a text encoding" in d.problem.text()
    d.encoding.setEditText("utf-16")
    assert _ok(d).isEnabled()
    d.who.setText("  ")
    assert not _ok(d).isEnabled()
    d.who.setText("ana")
    assert d.choice().encoding == "utf-16"


def test_cancel_imports_nothing(qtbot, ui_project_path, make_window, tmp_path: Path, monkeypatch) -> None:
    calls: list[dict] = []
    monkeypatch.setattr(import_dialog, "import_files", lambda *_a, **kw: calls.append(kw) or [])
    w = make_window(ui_project_path)

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ImportDialog)
        dialog.reject()

    QTimer.singleShot(50, cancel)
    assert not import_dialog.ask_and_import(w, ui_project_path, [str(tmp_path / "c.txt")], "ana")
    assert not calls


def test_file_import_shows_the_dialog(qtbot, ui_project_path, make_window, tmp_path: Path, monkeypatch) -> None:
    files = []
    for i in range(2):
        f = tmp_path / f"berita{i}.txt"
        f.write_text(f"Berita ke-{i} dari Makassar.\nParagraf kedua.\n", encoding="utf-8")
        files.append(str(f))
    monkeypatch.setattr(file_actions, "choose_open_files", lambda *_a: files)
    shown = _messages(monkeypatch)
    w = make_window(ui_project_path)
    _answer(lambda d: d.who.setText("bob"))
    w.files.import_files()
    assert shown[-1][0] == "Import finished" and "2 article(s)" in shown[-1][1]
    with open_project(ui_project_path) as p:
        assert p.scalar("SELECT count(*) FROM articles") == 3


def test_long_paths_are_cut_in_the_middle(qtbot, tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"folder-number-{i:02d}" for i in range(12)])
    paths = [str(deep / "first-article.txt"), str(deep / "second-article.txt")]
    d = ImportDialog(paths, "ana")
    qtbot.addWidget(d)
    d.resize(420, d.height())
    d.show()
    qtbot.waitExposed(d)
    shown = d.files.text()
    assert "…" in shown and shown.startswith("2 files in ") and shown.endswith("folder-number-11")
    assert d.files.full_text() == f"2 files in {deep}"
    assert paths[0] in d.files.toolTip() and paths[1] in d.files.toolTip()


def test_a_format_and_offsets_can_be_forced(qtbot, ui_project_path, make_window, tmp_path: Path, monkeypatch) -> None:
    src = tmp_path / "doccano.jsonl"
    src.write_text('{"id": 1, "text": "Budi tiba.", "label": [[0, 4, "PERSON"]]}\n', encoding="utf-8")
    calls: list[dict] = []
    monkeypatch.setattr(import_dialog, "import_files", lambda _path, _paths, **kw: calls.append(kw) or [])
    _messages(monkeypatch)
    w = make_window(ui_project_path)

    def fill(d: ImportDialog) -> None:
        assert d.fmt.itemText(0) == "detect automatically"
        names = [d.fmt.itemData(i) for i in range(1, d.fmt.count())]
        assert names == list(import_format_names()) and "doccano" in names
        d.fmt.setCurrentIndex(d.fmt.findData("doccano"))
        d.offsets.setCurrentIndex(d.offsets.findData("graphemes"))

    _answer(fill)
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert calls[0]["fmt"] == "doccano" and calls[0]["offsets"] == "graphemes"


def test_a_doccano_file_comes_in_with_its_labels(qtbot, ui_project_path, make_window, tmp_path: Path,
                                                monkeypatch) -> None:
    src = tmp_path / "doccano.jsonl"
    text = "Nelayan 🐟 dari Bitung tiba."
    start = len(text[:text.index("Bitung")].encode("utf-16-le")) // 2  # doccano counts UTF-16 units
    src.write_text(json.dumps({"id": 1, "text": text, "label": [[start, start + 6, "GPE"]]}, ensure_ascii=False)
                   + "\n", encoding="utf-8")
    shown = _messages(monkeypatch)
    w = make_window(ui_project_path)
    _answer(lambda d: None)
    assert import_dialog.ask_and_import(w, ui_project_path, [str(src)], "ana")
    assert shown[-1][0] == "Import finished" and "1 annotation(s)" in shown[-1][1]
    with open_project(ui_project_path) as p:
        assert p.scalar("SELECT text FROM annotations WHERE label = 'GPE' AND text = 'Bitung'") == "Bitung"
