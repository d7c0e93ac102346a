"""Review ▸ Agreement: everything ``annotator agreement`` prints, and the paragraphs with most disagreement.

The figures per annotator pair (span F1 exact and overlap, Cohen's κ, speaker, claimant and check-worthiness
agreement with the number of quotes / claims they rest on), span F1 exact / overlap per label and pair, bar
charts with the counts behind each bar, the layer choice of ``--layer``, and the paragraphs with most
disagreement (double-click one to open it). Computed on a worker thread with its own connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.services.agreement import LAYER_CHOICES, project_agreement
from annotator.services.review import ReviewItem, paragraphs_for_review
from annotator.services.workspace import Project, open_project
from annotator.ui.text import isolate
from annotator.ui.workers import run_with_progress

# (title, what the cell shows): the columns of the CLI's table, each agreement with the count it rests on
PAIR_COLUMNS = ("pair", "paragraphs", "F1 exact", "F1 overlap", "Cohen's κ", "speaker", "claimant",
                "check-worthiness")
BAR_COLORS = ("#2a9d8f", "#e76f51", "#457b9d", "#f4a261", "#6d597a", "#a7c957")
WORST = 30  # paragraphs listed under "most disagreement"


def _fmt(value: Any) -> str:
    return "–" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


def _count(count: int, noun: str) -> str:
    """"1 quote", "4 quotes"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _with_count(value: float | None, count: int, noun: str) -> str:
    """"0.500 (4 quotes)": an agreement and the number of items it was measured on."""
    return f"{_fmt(value)} ({_count(count, noun)})"


def pair_cells(pair: dict[str, Any]) -> list[str]:
    """One row of the pairs table, the CLI's columns in its order."""
    quotes, claims, cw = pair["quote_attribution"], pair["claimant"], pair["checkworthiness"]
    return [f"{pair['a']} / {pair['b']}", str(pair["paragraphs"]), _fmt(pair["span_f1"]),
            _fmt(pair["span_f1_overlap"]), _fmt(pair["cohen_kappa"]),
            _with_count(quotes["agreement"], quotes["matched_quotes"], "quote"),
            _with_count(claims["agreement"], claims["matched_claims"], "claim"),
            _with_count(cw["agreement"], cw["compared_claims"], "claim")
            + (f", κ {_fmt(cw['cohen_kappa'])}" if cw.get("cohen_kappa") is not None else "")]


@dataclass(frozen=True)
class Bar:
    series: str  # the annotator pair
    value: float | None  # 0..1
    count: str  # what the value rests on: "2/3 spans matched"


def label_bars(data: dict[str, Any]) -> list[tuple[str, list[Bar]]]:
    """Span F1 (exact) per label, one bar per pair, each with its matched / total span counts."""
    out = []
    for label in data.get("labels", []):
        bars = []
        for p in data.get("pairs", []):
            counts = p["exact"]["by_label"].get(label)
            matched = 0 if counts is None else counts["a_matched"] + counts["b_matched"]
            total = 0 if counts is None else counts["a_spans"] + counts["b_spans"]
            bars.append(Bar(f"{p['a']} / {p['b']}", p["span_f1_by_label"].get(label),
                            f"{matched}/{total} spans matched"))
        out.append((label, bars))
    return out


def link_bars(data: dict[str, Any]) -> list[tuple[str, list[Bar]]]:
    """Speaker, claimant and check-worthiness agreement, one bar per pair, with the quotes / claims compared."""
    rows = (("speaker", "quote_attribution", "agreement", "matched_quotes", "quote"),
            ("claimant", "claimant", "agreement", "matched_claims", "claim"),
            ("check-worthiness", "checkworthiness", "agreement", "compared_claims", "claim"))
    out = []
    for title, key, value, count, noun in rows:
        bars = [Bar(f"{p['a']} / {p['b']}", p[key][value], _count(p[key][count], noun))
                for p in data.get("pairs", [])]
        out.append((title, bars))
    return out


class Bars(QWidget):
    """Horizontal bars, a group per category (a label, "speaker", …), one bar per annotator pair, each bar
    with its value and the count it rests on written beside it."""

    ROW, GAP, LEFT = 22, 8, 130

    def __init__(self, groups: list[tuple[str, list[Bar]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.groups = groups
        self.labels: list[str] = [name for name, _ in groups]
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        rows = sum(max(1, len(bars)) for _, bars in self.groups)
        return QSize(560, 8 + self.ROW * rows + self.GAP * len(self.groups))

    def bar_texts(self) -> list[str]:
        """What is written beside each bar, top to bottom."""
        return [f"{_fmt(b.value)} · {b.count} · {b.series}" for _, bars in self.groups for b in bars]

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        text_width = 300
        width = max(40, self.width() - self.LEFT - text_width - 12)
        y = 8
        texts = iter(self.bar_texts())
        for name, bars in self.groups:
            p.setPen(QColor("black"))
            p.drawText(QRectF(4, y, self.LEFT - 10, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       name)
            for i, bar in enumerate(bars):
                color = QColor(BAR_COLORS[i % len(BAR_COLORS)])
                if bar.value is not None:
                    p.fillRect(QRectF(self.LEFT, y + 3, width * bar.value, 14), color)
                p.setPen(QColor("#bbbbbb"))
                p.drawRect(QRectF(self.LEFT, y + 3, width, 14))
                p.setPen(QColor("#333333"))
                p.drawText(QRectF(self.LEFT + width + 8, y, text_width, 20), Qt.AlignmentFlag.AlignVCenter,
                           next(texts))
                y += self.ROW
            y += self.GAP
        p.end()


def _fit_rows(table: QTableWidget) -> None:
    """A table exactly as tall as its rows (and a horizontal scroll bar), so the page scrolls, not the table."""
    height = (table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
              + table.horizontalScrollBar().sizeHint().height()
              + sum(table.rowHeight(r) for r in range(table.rowCount())))
    table.setFixedHeight(height)


class AgreementDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inter-annotator agreement")
        self.setObjectName("agreementDialog")
        self.open_paragraph: tuple[int, int] | None = None
        self.path = project.path
        self.data: dict[str, Any] = {}
        self.layer = QComboBox(self)
        self.layer.addItems(list(LAYER_CHOICES))
        self.layer.setCurrentText("all")
        self.layer.setToolTip("Which layers are compared (the CLI's --layer)")
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(PAIR_COLUMNS), self)
        self.table.setObjectName("pairTable")
        self.table.setHorizontalHeaderLabels(list(PAIR_COLUMNS))
        self.table.verticalHeader().hide()
        self.by_label = QTableWidget(0, 0, self)
        self.by_label.setObjectName("byLabelTable")
        self.label_bars = Bars([], self)
        self.label_bars.setObjectName("labelBars")
        self.link_bars = Bars([], self)
        self.link_bars.setObjectName("linkBars")
        self.worst = QListWidget(self)
        self.worst.itemActivated.connect(self._open)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("layer:", self))
        top.addWidget(self.layer)
        self.tabs = QTabWidget(self)
        figures = QWidget(self)  # tables as tall as their rows, the charts under them: one page that scrolls
        fl = QVBoxLayout(figures)
        fl.addWidget(self.table)
        fl.addWidget(QLabel("Span F1 by label (exact / overlap), per pair", self))
        fl.addWidget(self.by_label)
        fl.addWidget(QLabel("Span F1 (exact) by label, with the spans matched of both sides", self))
        fl.addWidget(self.label_bars)
        fl.addWidget(QLabel("Speaker, claimant and check-worthiness agreement, with the items compared", self))
        fl.addWidget(self.link_bars)
        fl.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidget(figures)
        scroll.setWidgetResizable(True)
        self.tabs.addTab(scroll, "Figures")
        self.tabs.addTab(self.worst, "Most disagreement")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 680)
        self.load("all")
        self.layer.currentTextChanged.connect(self.load)

    def load(self, layer: str) -> None:
        """Compute the figures for ``layer`` (as ``annotator agreement --layer``) and show them."""
        path: Path = self.path

        def job(_progress: object) -> tuple[dict[str, Any], list[ReviewItem]]:
            with open_project(path, create=False, upgrade=False) as p:
                return project_agreement(p, layer=layer), paragraphs_for_review(p, 2, "disagreement")[:WORST]

        result, error = run_with_progress(self, "Agreement", job, lambda *_a: "Computing agreement…")
        if error is not None or result is None:
            self.data = {}
            self.summary.setText(error or "no figures")
            self._fill_pairs([])
            self._fill_labels({})
            self.label_bars.groups, self.link_bars.groups = [], []
            return
        self.data, worst = result
        d = self.data
        self.summary.setText(
            f"annotators {', '.join(d['annotators'])} · {d['paragraphs']} paragraph(s) done by two or more · "
            f"layer {d['layer']} (tokens labelled by {d['token_layer']} spans) · Krippendorff's α (nominal, "
            f"{d['alpha_units']} tokens): {_fmt(d['krippendorff_alpha'])}")
        self._fill_pairs(d["pairs"])
        self._fill_labels(d)
        for bars, groups in ((self.label_bars, label_bars(d)), (self.link_bars, link_bars(d))):
            bars.groups, bars.labels = groups, [name for name, _ in groups]
            bars.setMinimumHeight(bars.sizeHint().height())
            bars.update()
        self.worst.clear()
        for item in worst:
            row = QListWidgetItem(f"{item.disputed} disputed of {item.candidates} · ¶ {item.idx + 1} · "
                                  f"{isolate(item.title or item.article)}")
            row.setData(Qt.ItemDataRole.UserRole, (item.article_id, item.idx))
            self.worst.addItem(row)

    def _fill_pairs(self, pairs: list[dict[str, Any]]) -> None:
        self.table.setRowCount(len(pairs))
        for r, pair in enumerate(pairs):
            for c, text in enumerate(pair_cells(pair)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        _fit_rows(self.table)

    def _fill_labels(self, d: dict[str, Any]) -> None:
        labels, pairs = d.get("labels", []), d.get("pairs", [])
        self.by_label.setRowCount(len(pairs))
        self.by_label.setColumnCount(len(labels))
        self.by_label.setHorizontalHeaderLabels(list(labels))
        self.by_label.setVerticalHeaderLabels([f"{p['a']} / {p['b']}" for p in pairs])
        for r, p in enumerate(pairs):
            for c, lab in enumerate(labels):
                cell = f"{_fmt(p['span_f1_by_label'].get(lab))} / {_fmt(p['span_f1_overlap_by_label'].get(lab))}"
                self.by_label.setItem(r, c, QTableWidgetItem(cell))
        self.by_label.resizeColumnsToContents()
        _fit_rows(self.by_label)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_paragraph = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
