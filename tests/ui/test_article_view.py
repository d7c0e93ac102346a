"""The article view (issue 16, problems 1 and 5): the whole article in the centre, the current paragraph
emphasised and scrolled to, positions paragraph-relative and confined to it, clicks in other paragraphs, zoom
remembered, a 40,000-character paragraph, links drawn (badges, highlights, Ctrl+J)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from annotator.ui.article_view import ArticleText, default_text_size, zoomed
from tests.ui.conftest import ARTICLE

CTRL, SHIFT, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier
PARS = [line for line in ARTICLE.splitlines() if line]

BANJIR = [
    "Wali Kota Semarang Hendra Gunawan meninjau tanggul Sungai Banjir Kanal Timur pada Selasa pagi.",
    "Badan Meteorologi memperkirakan hujan lebat masih turun hingga akhir pekan.",
    "“Kami sudah menyiapkan dua puluh pompa portabel di setiap kelurahan,” kata Hendra kepada wartawan.",
    "Pemerintah provinsi menyebut anggaran perbaikan tanggul tahun ini mencapai Rp 45 miliar.",
]


def _span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture()
def banjir_path(tmp_path: Path) -> Path:
    """Four paragraphs: the speaker named in the first, quoted (with a cue) in the third, an unnamed claimant."""
    src = tmp_path / "banjir.txt"
    src.write_text("\n".join(BANJIR) + "\n", encoding="utf-8")
    path = tmp_path / "banjir.db"
    with open_project(path) as p:
        import_paths(p, [src])
        ps = paragraphs(p, 1)
        hendra = annotate.add_annotation(p, ps[0].id, "ana", "PERSON", *_span(BANJIR[0], "Hendra Gunawan"))
        quote = annotate.add_annotation(p, ps[2].id, "ana", "QUOTE", 0, BANJIR[2].index(" kata"))
        cue = annotate.add_annotation(p, ps[2].id, "ana", "CUE", *_span(BANJIR[2], "kata"))
        claim = annotate.add_annotation(p, ps[3].id, "ana", "CLAIM", *_span(BANJIR[3], "anggaran perbaikan tanggul"))
        annotate.link(p, quote.id, "speaker", "ana", target_id=hendra.id)
        annotate.link(p, quote.id, "cue", "ana", target_id=cue.id)
        annotate.link(p, claim.id, "claimant", "ana", special="unnamed")
    return path


def _point_size(text: ArticleText, idx: int) -> float:
    block = text.block(idx)
    cur = QTextCursor(block)
    cur.setPosition(block.position() + 1)
    size = cur.charFormat().fontPointSize()
    return size or text.document().defaultFont().pointSizeF()


def test_the_whole_article_is_shown_and_the_current_paragraph_emphasised(qtbot, ui_project_path, make_window,
                                                                         monkeypatch) -> None:
    w = make_window(ui_project_path)
    text = w.view.text
    assert [text.block(i).text() for i in range(text.paragraph_count())] == PARS
    assert text.current_index() == 0 and text.paragraph_text() == PARS[0]
    assert _point_size(text, 0) > _point_size(text, 2)
    rebuilt: list[int] = []
    monkeypatch.setattr(text, "set_texts", lambda texts: rebuilt.append(len(texts)))
    doc = text.document()
    qtbot.keyClick(text, Qt.Key.Key_Down, ALT)  # the time stamp (boilerplate) is skipped
    assert w.session.paragraph.idx == 2 and text.current_index() == 2
    assert text.paragraph_text() == PARS[2]
    assert _point_size(text, 2) > _point_size(text, 0)  # the emphasis moved with it ...
    assert rebuilt == [] and text.document() is doc  # ... and nothing was rebuilt
    assert text.is_boilerplate(1) and not text.is_boilerplate(2)


def test_positions_are_paragraph_relative_and_stay_in_the_current_paragraph(qtbot, ui_project_path,
                                                                            make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    text = w.view.text
    par = PARS[2]  # starts with an emoji: two UTF-16 units, one code point
    text.select(2, 53)
    assert text.selection() == (2, 53)
    assert text.textCursor().selectedText() == par[2:53]
    qtbot.keyClick(text, Qt.Key.Key_End, CTRL)  # the end of the document is the end of this paragraph
    assert text.caret() == len(par) and text.textCursor().block().blockNumber() == 2
    qtbot.keyClick(text, Qt.Key.Key_Down, SHIFT)  # not into the next paragraph
    assert text.textCursor().block().blockNumber() == 2
    qtbot.keyClick(text, Qt.Key.Key_A, CTRL)
    assert text.selection() == (0, len(par))
    qtbot.keyClick(text, Qt.Key.Key_Home, CTRL)
    assert text.caret() == 0 and text.textCursor().block().blockNumber() == 2
    qtbot.keyClick(text, Qt.Key.Key_Up, SHIFT)
    assert text.selection() is None and text.caret() == 0
    assert text.cursor_for(2, 4).selectedText() == par[2:4]


def test_a_click_in_another_paragraph_goes_there_and_selects_what_it_hit(qtbot, ui_project_path,
                                                                         make_window) -> None:
    with open_project(ui_project_path) as p:
        par = paragraphs(p, 1)[3]
        org = annotate.add_annotation(p, par.id, "ana", "ORG", *_span(PARS[3], "Asosiasi Pengusaha Pelabuhan"))
    w = make_window(ui_project_path)
    text = w.view.text
    rect = text.span_rects(3, 4, 3)[0]  # a letter of "Asosiasi", in paragraph 4 (not the current one)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert w.session.paragraph.idx == 3 and text.current_index() == 3
    assert w.session.selected == org.id and text.selection() == (org.start, org.end)
    rect = text.span_rects(0, 1, 0)[0]
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert w.session.paragraph.idx == 0 and w.session.selected is None
    assert text.caret() == 0


def test_other_paragraphs_keep_their_highlights(qtbot, ui_project_path, make_window) -> None:
    w = make_window(ui_project_path)
    text = w.view.text
    text.select(*_span(PARS[0], "Sari Dewi"))
    qtbot.keyClick(text, Qt.Key.Key_1)
    qtbot.keyClick(text, Qt.Key.Key_Down, ALT)
    assert w.session.paragraph.idx == 2
    drawn = [(s.cursor.blockNumber(), s.cursor.selectedText()) for s in text.extraSelections()
             if s.format.background().style() != Qt.BrushStyle.NoBrush]
    assert (0, "Sari Dewi") in drawn  # in the paragraph above, not the current one
    qtbot.keyClick(text, Qt.Key.Key_Up, ALT)
    assert any(s.cursor.blockNumber() == 0 and s.cursor.selectedText() == "Sari Dewi" for s in text.extraSelections())


def test_moving_on_scrolls_the_current_paragraph_into_view(qtbot, tmp_path, make_window) -> None:
    src = tmp_path / "panjang.txt"
    src.write_text("".join(f"Paragraf {i}: harga cabai rawit di Pasar Johar naik lagi menjelang akhir tahun, "
                           f"kata pedagang yang ditemui pada Rabu.\n" for i in range(60)), encoding="utf-8")
    path = tmp_path / "panjang.db"
    with open_project(path) as p:
        import_paths(p, [src])
    w = make_window(path)
    w.resize(1024, 700)
    text = w.view.text
    height = text.viewport().height()
    seen_scroll = set()
    for _ in range(40):
        qtbot.keyClick(text, Qt.Key.Key_Down, ALT)
        rect = text.paragraph_rect()
        assert 0 <= rect.top() and rect.bottom() <= height, (w.session.paragraph.idx, rect, height)
        seen_scroll.add(text.verticalScrollBar().value())
    assert w.session.paragraph.idx == 40
    assert text.paragraph_rect().top() == pytest.approx(height / 3, abs=text.paragraph_rect().height())
    assert len(seen_scroll) > 30  # it scrolled along


def test_zoom_keys_change_the_text_size_and_it_is_remembered(qtbot, ui_project_path, make_window, settings) -> None:
    w = make_window(ui_project_path)
    text = w.view.text
    start = text.text_size()
    assert start == default_text_size()
    qtbot.keyClick(text, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(text, Qt.Key.Key_Equal, CTRL)
    assert text.text_size() == zoomed(zoomed(start, 1), 1) > start
    assert _point_size(text, 0) > _point_size(text, 2) > start  # the emphasis follows
    qtbot.keyClick(text, Qt.Key.Key_Minus, CTRL)
    bigger = text.text_size()
    assert start < bigger < zoomed(zoomed(start, 1), 1)
    w.close()
    again = make_window(ui_project_path)
    assert again.view.text.text_size() == bigger  # remembered across restarts
    qtbot.keyClick(again.view.text, Qt.Key.Key_0, CTRL)
    assert again.view.text.text_size() == start
    assert float(str(settings.value("view/text_size"))) == start
    for _ in range(40):
        qtbot.keyClick(again.view.text, Qt.Key.Key_Minus, CTRL)
    assert again.view.text.text_size() == 7.0  # never unreadably small


def test_a_40000_character_paragraph_is_usable(qtbot, tmp_path, make_window) -> None:
    words = ("pemerintah daerah menyatakan anggaran bantuan sosial untuk korban banjir di Kabupaten Demak "
             "akan dicairkan pekan depan setelah verifikasi data penerima selesai").split()
    body = " ".join(words[i % len(words)] for i in range(6000))[:40000].rstrip() + "."
    src = tmp_path / "panjang.jsonl"
    src.write_text('{"id": "p1", "title": "Satu paragraf panjang", "text": "' + body + '"}\n', encoding="utf-8")
    path = tmp_path / "panjang.db"
    with open_project(path) as p:
        import_paths(p, [src])
        par = paragraphs(p, 1)[0]
        far = body.index("Demak", 39000)
        demak = [i for i in range(len(body)) if body.startswith("Demak", i)]  # about 300 of them
        for start in demak:
            annotate.add_annotation(p, par.id, "ana", "GPE", start, start + 5)
    w = make_window(path)
    w.resize(1024, 700)
    text = w.view.text
    assert len(text.paragraph_text()) == len(body)
    assert text.height() > w.centralWidget().height() * 0.7  # the text takes the centre, no fixed height
    text.select(far, far + 5)
    rects = text.span_rects(far, far + 5)
    assert rects and all(0 <= r.top() and r.bottom() <= text.viewport().height() for r in rects)
    assert text.verticalScrollBar().value() > 0  # it scrolled inside the paragraph
    # with this many annotations, those near the view are drawn (and more as it scrolls)
    drawn = {text.to_codepoint(s.cursor.selectionStart()) for s in text.extraSelections()}
    assert far in drawn and demak[0] not in drawn and len(drawn) < len(demak)
    qtbot.keyClick(text, Qt.Key.Key_Home, CTRL)
    drawn = {text.to_codepoint(s.cursor.selectionStart()) for s in text.extraSelections()}
    assert text.verticalScrollBar().value() < 20 and demak[0] in drawn and far not in drawn
    positions = [w.panel_model.index(r, 4).data() for r in range(w.panel_model.rowCount())]
    assert len(positions) == len(demak)
    assert positions[0].startswith(f"¶1 · {demak[0]} · ") and positions[-1].startswith(f"¶1 · {demak[-1]} · ")
    assert len(set(positions)) == len(positions)  # identical "Demak" rows told apart


def test_links_are_drawn_highlighted_and_followed(qtbot, banjir_path, make_window) -> None:
    w = make_window(banjir_path)
    w.resize(1600, 1000)
    w.session.open_article(1, 2)
    text = w.view.text
    badges = {m.kind: m.badge for m in text.marks if m.badge}
    assert badges == {"speaker": "← Hendra Gunawan ¶1", "claimant": "← unnamed"}
    text.viewport().repaint()
    quote = next(a for a in w.session.anns if a.label == "QUOTE")
    assert quote.id in {source for _rect, source in text.badge_rects()}
    assert text.badge_margin() > 0
    assert text.highlighted_spans() == []
    # hovering over the quote outlines its speaker (two paragraphs up) and its cue
    rect = text.span_rects(quote.start + 3, quote.start + 4)[0]
    qtbot.mouseMove(text.viewport(), rect.center().toPoint())
    speaker, cue = (0, *_span(BANJIR[0], "Hendra Gunawan")), (2, *_span(BANJIR[2], "kata"))
    assert sorted(text.highlighted_spans()) == [speaker, cue]
    qtbot.mouseMove(text.viewport(), QPoint(2, text.viewport().height() - 2))
    assert text.highlighted_spans() == []
    w.session.select_annotation(quote.id)  # selecting it does the same
    assert sorted(text.highlighted_spans()) == [speaker, cue]
    assert "speaker: Hendra Gunawan ¶1" in w.panel_model.index(0, 2).data()
    qtbot.keyClick(text, Qt.Key.Key_J, CTRL)  # to the speaker
    assert w.session.paragraph.idx == 0 and text.current_index() == 0
    assert text.selection() == speaker[1:]
    assert w.session.selected_annotation().text == "Hendra Gunawan"
    qtbot.keyClick(text, Qt.Key.Key_J, CTRL)  # a mention has no speaker: said, nothing moves
    assert w.session.paragraph.idx == 0


def test_a_click_on_a_badge_goes_to_the_speaker(qtbot, banjir_path, make_window) -> None:
    w = make_window(banjir_path)
    w.resize(1600, 1000)
    w.session.open_article(1, 2)
    text = w.view.text
    text.viewport().repaint()
    quote = next(a for a in w.session.anns if a.label == "QUOTE")
    rect = next(r for r, source in text.badge_rects() if source == quote.id)
    qtbot.mouseClick(text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert w.session.paragraph.idx == 0
    assert w.session.selected_annotation().text == "Hendra Gunawan"


def test_a_quote_without_speaker_and_an_unnamed_claimant_say_why_ctrl_j_stays(qtbot, banjir_path,
                                                                              make_window) -> None:
    w = make_window(banjir_path)
    w.session.open_article(1, 3)
    messages: list[str] = []
    w.session.failed.connect(messages.append)
    w.session.select_annotation(w.session.anns[0].id)
    qtbot.keyClick(w.view.text, Qt.Key.Key_J, CTRL)
    assert w.session.paragraph.idx == 3 and messages and "unnamed" in messages[-1]


def test_the_article_is_read_in_a_few_queries(banjir_path) -> None:
    from annotator.services.workspace import Workspace

    with open_project(banjir_path) as p:
        ws = Workspace(p, "ana")
        statements: list[str] = []
        p.conn.set_trace_callback(statements.append)
        article = ws.article_annotations(1)
        p.conn.set_trace_callback(None)
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 2
        assert sorted(article.by_paragraph) == [0, 2, 3]
        quote = article.by_paragraph[2][0]
        assert quote.label == "QUOTE" and article.where[quote.id] == 2
        assert article.source_texts([quote])[quote.id] == "speaker: Hendra Gunawan ¶1; cue: kata ¶3"


def test_paragraph_positions_hold_after_emoji_in_earlier_paragraphs(qtbot) -> None:
    text = ArticleText()
    qtbot.addWidget(text)
    texts = ["😀🇮🇩 banjir\nrob", "👨‍👩‍👧 Putri Ayu tiba", "Jokowi"]
    assert text.set_article(texts) is True
    assert text.set_article(list(texts)) is False  # the same article: nothing rebuilt
    text.set_current(1)
    start, end = _span(texts[1], "Putri Ayu")
    text.select(start, end)
    assert text.selection() == (start, end) and text.textCursor().selectedText() == "Putri Ayu"
    text.set_current(0)
    assert text.paragraph_text() == texts[0] and text.block(0).text().endswith("banjir\u2028rob")
    text.select(5, 11)
    assert text.selection() == (5, 11)
