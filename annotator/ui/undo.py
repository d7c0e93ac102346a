"""Undo commands. Each one calls the same service functions as the CLI and scripts.

The action is carried out (and committed) before the command is pushed, so a
failing action never enters the stack; the first ``redo`` that ``push`` makes
is therefore skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.core.model import Annotation, Link
from annotator.services import annotate
from annotator.store.project import Project


class _Command(QUndoCommand):
    def __init__(self, text: str, after: Callable[[], None]) -> None:
        super().__init__(text)
        self._first = True
        self._after = after  # refresh the window

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.do()
        self._after()

    def undo(self) -> None:
        self.undo_action()
        self._after()

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_action(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AddAnnotation(_Command):
    def __init__(self, project: Project, annotator: str, ann: Annotation, after: Callable[[], None]) -> None:
        super().__init__(f"label {ann.label} “{ann.text[:30]}”", after)
        self.project, self.annotator, self.ann = project, annotator, ann
        self.snapshot = annotate.Snapshot(ann, ())

    def do(self) -> None:
        annotate.restore_annotation(self.project, self.snapshot, self.annotator)

    def undo_action(self) -> None:
        self.snapshot = annotate.delete_annotation(self.project, self.ann.id, self.annotator)


class DeleteAnnotation(_Command):
    def __init__(self, project: Project, annotator: str, snapshot: annotate.Snapshot,
                 after: Callable[[], None]) -> None:
        super().__init__(f"delete {snapshot.annotation.label} “{snapshot.annotation.text[:30]}”", after)
        self.project, self.annotator, self.snapshot = project, annotator, snapshot

    def do(self) -> None:
        self.snapshot = annotate.delete_annotation(self.project, self.snapshot.annotation.id, self.annotator)

    def undo_action(self) -> None:
        annotate.restore_annotation(self.project, self.snapshot, self.annotator)


class ChangeAnnotation(_Command):
    """Relabel, attribute or boundary change: undo puts the snapshot back, redo re-applies."""

    def __init__(self, project: Project, annotator: str, before: annotate.Snapshot, text: str,
                 redo_fn: Callable[[], Any], after: Callable[[], None]) -> None:
        super().__init__(text, after)
        self.project, self.annotator, self.before, self.redo_fn = project, annotator, before, redo_fn

    def do(self) -> None:
        self.redo_fn()

    def undo_action(self) -> None:
        annotate.revert(self.project, self.before, self.annotator)


class SetLink(_Command):
    def __init__(self, project: Project, annotator: str, new: Link, old: Link | None,
                 after: Callable[[], None]) -> None:
        super().__init__(f"link {new.kind}", after)
        self.project, self.annotator, self.new, self.old = project, annotator, new, old

    def do(self) -> None:
        annotate.link(self.project, self.new.source_id, self.new.kind, self.annotator,
                      target_id=self.new.target_id, special=self.new.special)

    def undo_action(self) -> None:
        annotate.unlink(self.project, self.new.source_id, self.new.kind, self.annotator, restore=self.old)


class SetStatus(_Command):
    """Undo goes back to the paragraph (``back``); redo marks it again and moves on (``forward``)."""

    def __init__(self, project: Project, annotator: str, paragraph_id: int, new: str, old: str,
                 back: Callable[[], None], forward: Callable[[], None]) -> None:
        super().__init__(f"mark paragraph {new}", back)
        self.project, self.annotator, self.paragraph_id, self.new, self.old = project, annotator, paragraph_id, new, old
        self.forward = forward

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.do()
        self.forward()

    def do(self) -> None:
        annotate.set_status(self.project, self.paragraph_id, self.annotator, self.new)

    def undo_action(self) -> None:
        annotate.set_status(self.project, self.paragraph_id, self.annotator, self.old)
