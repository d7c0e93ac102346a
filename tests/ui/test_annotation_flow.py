"""The whole annotation flow, by keyboard, on the real main window (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.ui.conftest import answer_picker


def _find(qtbot, window, text: str) -> None:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # after a dialog closed
    qtbot.keyClick(window.view.text, Qt.Key.Key_Slash)
    assert window.find_bar.isVisible() and window.find_bar.hasFocus()
    window.find_bar.setText(text)  # keyClicks cannot type astral characters; the bar is a plain line edit
    qtbot.keyClick(window.find_bar, Qt.Key.Key_Return)
    assert window.view.text.hasFocus()


def _mine(path, annotator="ana"):
    with open_project(path) as p:
        pars = paragraphs(p, 1)
        out = []
        for par in pars:
            for a in rows.for_paragraph(p, par.id, annotator):
                out.append((par.idx, a.label, a.start, a.end, a.text))
        statuses = [rows.status(p, par.id, annotator) for par in pars]
        links = rows.links_from(p, [a.id for par in pars for a in rows.for_paragraph(p, par.id, annotator)])
    return out, statuses, links


def test_keyboard_flow_survives_a_new_window(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    assert w.session.paragraph.idx == 0
    assert "¶ 1 / 5" in w.view.header.text()

    _find(qtbot, w, "Sari Dew")  # a partial word snaps outward to "Sari Dewi"
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    _find(qtbot, w, "Surabaya")
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)  # wrong type first ...
    qtbot.keyClick(w.view.text, Qt.Key.Key_3)  # ... then changed to GPE while it is selected
    anns, _, _ = _mine(ui_project_path)
    assert anns == [(0, "PERSON", 20, 29, "Sari Dewi"), (0, "GPE", 38, 46, "Surabaya")]

    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)  # done: the time stamp is skipped
    assert w.session.paragraph.idx == 2

    _find(qtbot, w, "“Kami tidak akan menaikkan tarif sandar tahun ini,”")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    quote = w.session.selected_annotation()
    assert (quote.label, quote.start, quote.end) == ("QUOTE", 2, 53)  # code points: the emoji counts once
    assert quote.attrs["kind"] == "direct"
    answer_picker(qtbot, "sari")
    qtbot.keyClick(w.view.text, Qt.Key.Key_S)
    _find(qtbot, w, "katanya")
    qtbot.keyClick(w.view.text, Qt.Key.Key_K)
    _find(qtbot, w, "wartawan")
    qtbot.keyClick(w.view.text, Qt.Key.Key_2)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Delete)  # delete the selected (just made) ORG

    anns, statuses, links = _mine(ui_project_path)
    assert [a[1] for a in anns] == ["PERSON", "GPE", "QUOTE", "CUE"]
    assert statuses[0] == "done"
    speaker = [lk for lk in links if lk.kind == "speaker"]
    assert len(speaker) == 1
    with open_project(ui_project_path) as p:
        target = rows.get(p, speaker[0].target_id)
    assert (target.text, target.label) == ("Sari Dewi", "PERSON")  # named in an earlier paragraph

    # Tab walks the paragraph's annotations; kind by key
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    assert w.session.selected_annotation().label == "QUOTE"
    qtbot.keyClick(w.view.text, Qt.Key.Key_M)
    assert w.session.selected_annotation().attrs["kind"] == "mixed"

    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)
    assert w.session.paragraph.idx == 3

    # undo back through: status, kind, delete, cue ...
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # status of ¶3 back to todo
    assert _mine(ui_project_path)[1][2] == "todo"
    assert w.session.paragraph.idx == 2
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # kind
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # delete of ORG
    anns, _, _ = _mine(ui_project_path)
    assert "ORG" in [a[1] for a in anns]
    with open_project(ui_project_path) as p:
        q = [a for a in rows.for_paragraph(p, paragraphs(p, 1)[2].id, "ana") if a.label == "QUOTE"][0]
    assert q.attrs["kind"] == "direct"
    # ... and redo all three
    for _ in range(3):
        qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    anns, statuses, links = _mine(ui_project_path)
    assert [a[1] for a in anns] == ["PERSON", "GPE", "QUOTE", "CUE"]
    assert statuses[2] == "done"
    w.close()

    # a fresh window on the same file finds everything, and resumes where we were
    w2 = make_window(ui_project_path)
    anns2, statuses2, links2 = _mine(ui_project_path)
    assert anns2 == anns and statuses2 == statuses and links2 == links
    assert w2.session.paragraph.idx == 3


def test_undo_link_restores_previous_speaker(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    _find(qtbot, w, "Sari Dewi")
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    w.session.open_article(1, 2)
    _find(qtbot, w, "“Kami tidak akan menaikkan tarif sandar tahun ini,”")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Q)
    answer_picker(qtbot, "sari")
    qtbot.keyClick(w.view.text, Qt.Key.Key_S)
    answer_picker(qtbot, "unnamed")
    qtbot.keyClick(w.view.text, Qt.Key.Key_S)
    links = _mine(ui_project_path)[2]
    assert [(lk.kind, lk.special) for lk in links] == [("speaker", "unnamed")]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    links = _mine(ui_project_path)[2]
    assert links[0].target_id is not None and links[0].special is None
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _mine(ui_project_path)[2] == []
