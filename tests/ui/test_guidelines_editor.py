"""Project ▸ Guidelines…: Markdown saved in the project, rendered in the window's Guidelines tab."""

from __future__ import annotations

from annotator.services import project_settings
from annotator.store.project import open_project
from annotator.ui.guidelines_editor import GuidelinesEditor

OWN = "# Pedoman redaksi\n\n- **QUOTE**: sertakan tanda kutip.\n- Abaikan *iklan* di akhir berita.\n"


def test_edit_save_and_the_tab_follows(qtbot, monkeypatch, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    assert "Project ▸ Guidelines" in w.guidelines.toPlainText()  # the bundled page names this menu

    def work(editor: GuidelinesEditor) -> int:
        assert editor.source.toPlainText() == project_settings.default_guidelines()
        editor.source.setPlainText(OWN)
        editor.render_preview()
        assert "Pedoman redaksi" in editor.preview.toPlainText() and "#" not in editor.preview.toPlainText()
        editor.save()
        return 1

    monkeypatch.setattr(GuidelinesEditor, "exec", work)
    w.actions_by_name["guidelines_editor"].trigger()
    assert w.guidelines.toPlainText().startswith("Pedoman redaksi")
    assert "sertakan tanda kutip" in w.guidelines.toPlainText()
    with open_project(ui_project_path) as p:
        assert project_settings.guidelines(p) == OWN


def test_cancel_keeps_and_default_button_restores(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    project_settings.set_guidelines(w.project, OWN)
    editor = GuidelinesEditor(w.project, "ana", w)
    qtbot.addWidget(editor)
    assert editor.source.toPlainText() == OWN
    editor.source.setPlainText("# sementara")
    editor.reject()
    assert project_settings.guidelines(w.project) == OWN  # cancelled: nothing written
    editor = GuidelinesEditor(w.project, "ana", w)
    qtbot.addWidget(editor)
    editor.default_button.click()
    assert editor.source.toPlainText() == project_settings.default_guidelines()
    editor.save()
    assert not project_settings.has_own_guidelines(w.project)
