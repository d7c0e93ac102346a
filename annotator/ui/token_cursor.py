"""The token cursor: word-wise keyboard moves in the paragraph text that step over white space and punctuation.

An event filter on the paragraph text widget. It takes these keys before the widget does:

- ``Ctrl+Right`` / ``Ctrl+Left``: the caret to the start of the next / previous word;
- ``Ctrl+Shift+Right`` / ``Ctrl+Shift+Left``: the selection's moving end to the end of the next word / the start of
  the previous one (never a lone space, full stop or quote mark). With nothing selected, or with an annotation's
  span selected (one just labelled or clicked), it selects the next / previous whole word afresh, so that after
  labelling "Putin" the key selects "bertemu", not " bertemu" or "Putin bertemu";
- ``Home`` / ``End`` (``Ctrl`` too, with or without ``Shift``): the start / end of the paragraph, not of the
  wrapped line.

Words are those of :mod:`annotator.core.token_cursor`. The widget is used only through its paragraph-relative
code-point API: ``caret()``, ``selection()``, ``select(start, end)`` (the caret at ``end``) and
``paragraph_text()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

from annotator.core.token_cursor import Move, apply_move, select_name


class CodePointText(Protocol):
    """What the token cursor needs of the paragraph text widget (positions: code points of the paragraph)."""

    def caret(self) -> int: ...

    def selection(self) -> tuple[int, int] | None: ...

    def select(self, start: int, end: int) -> None: ...

    def paragraph_text(self) -> str: ...


_KEYS: dict[tuple[Qt.Key, bool], Move] = {
    (Qt.Key.Key_Right, True): "word_right", (Qt.Key.Key_Left, True): "word_left",
    (Qt.Key.Key_Home, False): "home", (Qt.Key.Key_End, False): "end",
    (Qt.Key.Key_Home, True): "home", (Qt.Key.Key_End, True): "end",
}
_CTRL, _SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
_IGNORED = Qt.KeyboardModifier.KeypadModifier  # Home / End / arrows of the number pad


class TokenCursor(QObject):
    """Installed on ``text`` (``text.installEventFilter``) by the main window.

    ``settled(span)`` says whether a selected span is a finished piece of work (the selected annotation's span):
    a Shift move from it starts a fresh selection instead of growing it.
    """

    def __init__(self, text: QObject, settled: Callable[[tuple[int, int]], bool] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.widget = cast(CodePointText, text)  # the paragraph text widget keeps that API
        self.settled = settled or (lambda _span: False)
        text.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is not self.text or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        mods = event.modifiers() & ~_IGNORED
        if mods & ~(_CTRL | _SHIFT):  # Alt, Meta: not ours
            return False
        move = _KEYS.get((Qt.Key(event.key()), bool(mods & _CTRL)))
        if move is None:
            return False
        self.apply(move, extend=bool(mods & _SHIFT))
        return True

    def apply(self, move: Move, extend: bool) -> None:
        """Do ``move`` on the widget, extending the selection with ``extend`` (what Shift adds)."""
        widget = self.widget
        caret, sel = widget.caret(), widget.selection()
        anchor = caret if sel is None else (sel[0] if caret == sel[1] else sel[1])
        settled = sel is not None and self.settled(sel)
        widget.select(*apply_move(widget.paragraph_text(), anchor, caret, move, extend, settled))

    def select_name(self, backwards: bool = False) -> bool:
        """Select the next (``backwards``: previous) run of capitalised words; False when there is none."""
        widget = self.widget
        caret, sel = widget.caret(), widget.selection()
        anchor = caret if sel is None else (sel[0] if caret == sel[1] else sel[1])
        settled = sel is not None and self.settled(sel)
        found = select_name(widget.paragraph_text(), anchor, caret, backwards, settled)
        if found is None:
            return False
        widget.select(*found)
        return True
