"""Text stays text: helpers that keep article text and label names from being read as markup, and user text
in headers and lists from reordering what stands around it (:func:`isolate`)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

FSI, PDI = "\u2068", "\u2069"  # first strong isolate, pop directional isolate
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI


def isolate(text: str) -> str:
    """``text`` (a title, an annotation, a name) as a bidi isolate: FSI … PDI.

    The text takes its direction from its own first strong letter and neither takes on nor passes on the
    direction of what stands around it, so "عنوان    ¶ 5 / 1    [todo]" keeps "¶ 5 / 1" in order and the
    line reads left to right. Isolates the text leaves open are closed inside, and a PDI that closes none of
    its own is dropped, so the text cannot end the isolate early or swallow what follows.
    """
    if not text:
        return text
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch == PDI:
            if not depth:
                continue
            depth -= 1
        out.append(ch)
    return FSI + "".join(out) + PDI * depth + PDI


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt renders tooltips that look like HTML as HTML)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def show_message(parent: QWidget | None, title: str, text: str, warning: bool = False) -> None:
    """A message box whose text is never interpreted as rich text."""
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, "",
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """A plain-text question; No is the default answer (Enter does not replace anything by accident)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
