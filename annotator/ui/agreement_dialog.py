"""Review ▸ Agreement: the figures of ``annotator agreement`` as a table, a per-label bar chart,
and the paragraphs with most disagreement (double-click one to open it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.services.agreement import project_agreement
from annotator.services.review import paragraphs_for_review
from annotator.services.workspace import Project, open_project
from annotator.ui.text import isolate
from annotator.ui.workers import run_with_progress

PAIR_COLUMNS = (("pair", None), ("paragraphs", "paragraphs"), ("F1 exact", "span_f1"),
                ("F1 overlap", "span_f1_overlap"), ("Cohen's κ", "cohen_kappa"))
BAR_COLORS = ("#2a9d8f", "#e76f51", "#457b9d", "#f4a261", "#6d597a", "#a7c957")


def _fmt(value: Any) -> str:
    return "–" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))


class LabelBars(QWidget):
    """Exact-match span F1 per label, one bar per annotator pair."""

    def __init__(self, data: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = list(data.get("labels", []))
        self.pairs = [(f"{p['a']} / {p['b']}", p["span_f1_by_label"]) for p in data.get("pairs", [])]
        self.setObjectName("labelBars")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self.sizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(520, 30 + 22 * max(1, len(self.labels)) * max(1, len(self.pairs)) + 8 * len(self.labels))

    def paintEvent(self, _event: object) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("white"))
        left, width = 110, max(50, self.width() - 180)
        y = 8
        for label in self.labels:
            p.setPen(QColor("black"))
            p.drawText(QRectF(4, y, left - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       label)
            for i, (pair, by_label) in enumerate(self.pairs):
                value = by_label.get(label)
                color = QColor(BAR_COLORS[i % len(BAR_COLORS)])
                if value is not None:
                    p.fillRect(QRectF(left, y + 3, width * value, 14), color)
                p.setPen(QColor("#333333"))
                p.drawText(QRectF(left + 6 + width * (value or 0), y, 160, 20), Qt.AlignmentFlag.AlignVCenter,
                           f"{_fmt(value)}  {pair}")
                y += 22
            y += 8
        p.end()


class AgreementDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inter-annotator agreement")
        self.setObjectName("agreementDialog")
        self.open_paragraph: tuple[int, int] | None = None
        path = project.path

        def job(_progress):
            with open_project(path) as p:
                return project_agreement(p), paragraphs_for_review(p, 2, "disagreement")[:30]

        result, error = run_with_progress(self, "Agreement", job, lambda *_a: "Computing agreement…")
        layout = QVBoxLayout(self)
        if error is not None:
            message = QLabel(error, self)
            message.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(message)
            self.data: dict[str, Any] = {}
        else:
            self.data, worst = result
            alpha = QLabel(f"Krippendorff's α (nominal, {self.data['alpha_units']} tokens): "
                           f"{_fmt(self.data['krippendorff_alpha'])} · {self.data['paragraphs']} paragraph(s) "
                           "done by two or more annotators", self)
            alpha.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(alpha)
            self.table = QTableWidget(len(self.data["pairs"]), len(PAIR_COLUMNS), self)
            self.table.setHorizontalHeaderLabels([c for c, _ in PAIR_COLUMNS])
            for r, pair in enumerate(self.data["pairs"]):
                for c, (_title, key) in enumerate(PAIR_COLUMNS):
                    text = f"{pair['a']} / {pair['b']}" if key is None else _fmt(pair[key])
                    self.table.setItem(r, c, QTableWidgetItem(text))
            self.table.resizeColumnsToContents()
            layout.addWidget(self.table)
            layout.addWidget(QLabel("Span F1 (exact) by label", self))
            layout.addWidget(LabelBars(self.data, self))
            layout.addWidget(QLabel("Most disagreement (double-click to open)", self))
            self.worst = QListWidget(self)
            for item in worst:
                row = QListWidgetItem(f"{item.disputed} disputed of {item.candidates} · ¶ {item.idx + 1} · "
                                      f"{isolate(item.title or item.article)}")
                row.setData(Qt.ItemDataRole.UserRole, (item.article_id, item.idx))
                self.worst.addItem(row)
            self.worst.itemActivated.connect(self._open)
            layout.addWidget(self.worst)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_paragraph = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
