"""User text in headers and lists is a bidi isolate (FSI … PDI): an Arabic title keeps "¶ i / n" in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout

from annotator.core.entities import EntityGroup
from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from annotator.ui.source_picker import CHOICE_ROLE, SourcePicker
from annotator.ui.text import FSI, PDI, isolate

ARABIC_TITLE = "الرئيس يزور الميناء"
ARABIC_TEXT = ("قال الوزير إن الميناء سيفتح قريبا.\nوأضاف أن العمل بدأ.\nوتابع المسؤولون الزيارة.\n"
               "ورحب السكان بالخبر.\nوانتهت الزيارة مساء.")
LONG = "Pemerintah mengumumkan kebijakan baru tentang tarif pelabuhan dan bongkar muat di Jawa Timur, bagian "


def test_isolate_wraps_and_keeps_the_isolate_whole() -> None:
    assert isolate("Budi") == f"{FSI}Budi{PDI}"
    assert isolate("") == ""
    assert isolate(f"a{PDI}b") == f"{FSI}ab{PDI}"  # a stray PDI cannot close the isolate early
    assert isolate("a\u2067b") == f"{FSI}a\u2067b{PDI}{PDI}"  # an isolate left open is closed inside
    assert isolate(f"\u2066x{PDI}") == f"{FSI}\u2066x{PDI}{PDI}"  # balanced ones stay


def _reads_in_order(text: str) -> bool:
    """Whether "¶" is laid out left of "[" (as a QLabel lays out plain text: direction from the text)."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    x = lambda ch: line.cursorToX(text.index(ch))[0]  # noqa: E731
    return x("¶") < x("[")


@pytest.fixture()
def arabic_path(tmp_path: Path) -> Path:
    src = tmp_path / "ar.jsonl"
    lines = [{"id": "ar1", "title": ARABIC_TITLE, "text": ARABIC_TEXT}]
    lines += [{"id": f"n{i}", "title": f"{LONG}{i}", "text": f"Paragraf satu {i}.\nParagraf dua."} for i in (1, 2)]
    src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    path = tmp_path / "ar.db"
    with open_project(path) as p:
        import_paths(p, [src])
        annotate.add_annotation(p, paragraphs(p, 1)[4].id, "ana", "GPE", 0, 5)
    return path


def test_header_isolates_an_arabic_title(make_window, arabic_path: Path) -> None:
    w = make_window(arabic_path)
    w.session.open_article(1, 4)
    header = w.view.header.text()
    title, _, rest = header.partition(PDI)
    assert title == FSI + ARABIC_TITLE  # the title inside the isolate …
    assert "¶ 5 / 5" in rest and "[todo]" in rest  # … "¶ i / n" and the status outside it
    assert _reads_in_order(header)  # the line reads "title    ¶ 5 / 5    [todo]"
    assert not _reads_in_order(header.replace(FSI, "").replace(PDI, ""))  # without: "[todo]    5 / 5 ¶    title"


def test_lists_isolate_user_text(make_window, arabic_path: Path) -> None:
    w = make_window(arabic_path)
    w.session.open_article(1, 4)
    assert w.article_model.index(0, 0).data() == isolate(ARABIC_TITLE)  # the article list's rows
    assert ARABIC_TITLE in w.article_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    text = w.panel_model.index(0, 1).data()  # the annotation panel's text column
    assert text.startswith(FSI) and text.endswith(PDI) and text.strip(FSI + PDI) == ARABIC_TEXT.split("\n")[4][:5]


def test_source_picker_entries_isolate_names(qtbot) -> None:
    groups = [EntityGroup(key="k", label="PERSON", name="محمد", count=2, nearest_id=7, nearest_idx=0),
              EntityGroup(key="b", label="PERSON", name="Budi", count=1, nearest_id=8, nearest_idx=1)]
    picker = SourcePicker("speaker", groups, 1)
    qtbot.addWidget(picker)
    first = picker.proxy.index(0, 0)
    assert first.data().startswith(isolate("محمد") + "  ·  PERSON") and first.data(CHOICE_ROLE).target_id == 7
    assert picker.proxy.index(1, 0).data().startswith(isolate("Budi") + "  ·  PERSON  ·  ×1  ·  this paragraph")
    qtbot.keyClicks(picker.filter, "bud")  # typing a name still filters
    assert picker.proxy.rowCount() == 1 and picker.proxy.index(0, 0).data(CHOICE_ROLE).target_id == 8
    picker.filter.setText("محم")
    assert picker.proxy.rowCount() == 1 and picker.proxy.index(0, 0).data(CHOICE_ROLE).target_id == 7


def test_similar_long_titles_stay_different_rows(make_window, arabic_path: Path) -> None:
    """The list elides in the middle: the ends that tell the titles apart stay visible; the tooltip is whole."""
    w = make_window(arabic_path)
    view = w.article_view
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    metrics = QFontMetrics(view.font())
    width = metrics.horizontalAdvance(LONG) // 3  # far narrower than the titles
    shown = [metrics.elidedText(w.article_model.index(r, 0).data(), view.textElideMode(), width) for r in (1, 2)]
    assert shown[0] != shown[1] and shown[0].rstrip(PDI).endswith("1") and shown[1].rstrip(PDI).endswith("2")
    assert f"{LONG}2" in w.article_model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
