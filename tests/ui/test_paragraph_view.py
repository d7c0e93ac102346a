"""The paragraph view: code-point offsets across emoji, flags and combining marks; text shown literally."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from annotator.ui.paragraph_view import ParagraphText
from annotator.ui.text import isolate

CASES = [
    ("😀 Jokowi tiba", "Jokowi"),
    ("🇮🇩🇲🇾 Kuala Lumpur menyambut", "Kuala Lumpur"),
    ("Cafe\u0301 de\u0301ja\u0300 vu 👨‍👩‍👧 Putri Ayu", "Putri Ayu"),
    ("\u200fשלום 🙏🏽 Ahmad", "Ahmad"),
]


@pytest.mark.parametrize(("text", "needle"), CASES)
def test_selection_after_astral_characters_is_in_code_points(qtbot, text: str, needle: str) -> None:
    view = ParagraphText()
    qtbot.addWidget(view)
    view.set_paragraph(text)
    start = text.index(needle)
    # select the way Qt does it: in UTF-16 units, as a mouse or Shift+arrows would
    u16_start = len(text[:start].encode("utf-16-le")) // 2
    u16_end = u16_start + len(needle.encode("utf-16-le")) // 2
    cur = view.textCursor()
    cur.setPosition(u16_start)
    cur.setPosition(u16_end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    assert view.selection() == (start, start + len(needle))
    assert text[slice(*view.selection())] == needle
    # and back: selecting by code points selects the same UTF-16 range
    view.select(start, start + len(needle))
    assert (view.textCursor().selectionStart(), view.textCursor().selectionEnd()) == (u16_start, u16_end)
    assert view.textCursor().selectedText() == needle


def test_html_and_rich_text_markup_are_shown_literally(qtbot) -> None:
    text = '<b>bold</b> <img src="x.png"> &amp; {0} %s <a href="http://example.org">link</a>'
    view = ParagraphText()
    qtbot.addWidget(view)
    view.set_paragraph(text)
    assert view.toPlainText() == text
    assert "<b>" in view.document().toPlainText()
    assert view.document().toHtml().count("<img") == 0  # nothing was interpreted as markup


def test_html_in_context_header_and_annotation_list_is_literal(qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QLabel

    from annotator.services import annotate
    from annotator.importing import import_paths
    from annotator.store.articles import paragraphs
    from annotator.store.project import open_project
    from annotator.ui.main_window import MainWindow

    src = tmp_path / "html.jsonl"
    src.write_text('{"id": "h1", "title": "<i>Judul</i>", "text": "<b>Halo</b> dunia\\n<h1>Besar</h1> kata"}\n',
                   encoding="utf-8")
    path = tmp_path / "h.db"
    with open_project(path) as p:
        import_paths(p, [src])
        par = paragraphs(p, 1)[1]
        annotate.add_annotation(p, par.id, "ana", "PERSON", 0, 14)
    w = MainWindow(open_project(path), "ana", QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.session.open_article(1, 1)
    assert w.view.text.block(0).text() == "<b>Halo</b> dunia"  # the other paragraph, shown literally
    assert w.view.text.paragraph_text() == "<h1>Besar</h1> kata"
    for label in w.findChildren(QLabel):
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert w.panel_model.index(0, 1).data() == isolate("<h1>Besar</h1>")
    assert "<i>Judul</i>" in w.view.header.text()


def test_tooltips_and_message_boxes_show_markup_literally(qtbot, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.text import plain_tooltip, show_message

    doc = QTextDocument()
    doc.setHtml(plain_tooltip("<b>PERSON</b> & {0}"))
    assert doc.toPlainText() == "<b>PERSON</b> & {0}"
    seen: list[tuple[Qt.TextFormat, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append((self.textFormat(), self.text())) or 0)
    show_message(None, "t", "<img src=x> failed")
    assert seen == [(Qt.TextFormat.PlainText, "<img src=x> failed")]
