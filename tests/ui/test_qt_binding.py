"""The Qt binding must not leak references to None (PySide6 6.12.0 does, and a long session then aborts)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QWidget


def test_qt_calls_returning_nothing_keep_none_alive(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        QApplication.activeModalWidget()
        widget.parentWidget()
    assert sys.getrefcount(None) - before > -100  # a leaking binding loses 4000 here
