"""Undo: one command type for every action, made of a service call and its inverse.

An action is written once, as :meth:`annotator.ui.session.AnnotationSession.execute` takes it:

- ``do()`` makes the change (a service call: one committed transaction) and returns what undoing it needs;
- ``undo(done)`` reverts it and returns what doing it again needs;
- ``redo(undone)`` does it again (by default ``do()`` once more; an added annotation is restored instead,
  with its id, so the commands above it on the stack still find it).

The action runs, and commits, before its command is pushed, so a failing action never enters the stack;
the ``redo()`` that ``QUndoStack.push`` calls at once therefore finds it done. A service call that fails
on undo or redo is reported through ``failed`` and its command leaves the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.errors import AnnotatorError


class Command(QUndoCommand):
    def __init__(self, text: str, done: Any, undo: Callable[[Any], Any], redo: Callable[[Any], Any],
                 after_undo: Callable[[], None], after_redo: Callable[[], None],
                 failed: Callable[[str], None]) -> None:
        super().__init__(text)
        self._state = done  # what the last do / redo returned (for undo), or the last undo (for redo)
        self._undo, self._redo = undo, redo
        self._after_undo, self._after_redo, self._failed = after_undo, after_redo, failed
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:  # push() calls redo(): the action has run already
            self._pushed = True
            return
        self._run(self._redo, self._after_redo)

    def undo(self) -> None:
        self._run(self._undo, self._after_undo)

    def _run(self, step: Callable[[Any], Any], after: Callable[[], None]) -> None:
        try:
            self._state = step(self._state)
        except AnnotatorError as exc:
            self.setObsolete(True)  # the stack drops it: it can be neither undone nor redone now
            self._failed(str(exc))
            return
        after()
