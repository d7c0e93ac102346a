"""What the annotator is doing: the current paragraph, the selected annotation, and every action.

The controller owns no widgets; it drives the paragraph view and the panel
model it is given, and pushes undo commands that call the services.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.entities import group_mentions
from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Link, Paragraph
from annotator.core.snap import snap
from annotator.errors import AnnotatorError
from annotator.services import annotate
from annotator.store import annotations as ann_rows
from annotator.store import articles, navigation
from annotator.store.project import Project
from annotator.ui import undo
from annotator.ui.annotation_panel import AnnotationTableModel
from annotator.ui.paragraph_view import ParagraphView

log = logging.getLogger(__name__)
QUOTE_MARKS = "\"'“”‘’«»„‚‹›「」"


class AnnotationSession(QObject):
    changed = Signal()  # the current paragraph or its annotations changed
    saved = Signal(str)  # a committed action, for the status bar
    failed = Signal(str)  # a one-line error for the status bar

    def __init__(self, project: Project, annotator: str, schema: LabelSchema, view: ParagraphView,
                 panel: AnnotationTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project, self.annotator, self.schema = project, annotator, schema
        self.view, self.panel = view, panel
        self.undo_stack = QUndoStack(self)
        self.annotator_id = ann_rows.annotator_id(project, annotator, create=False)
        self.article_id: int | None = None
        self.title = ""  # of the open article, read once when it opens
        self.paragraphs: list[Paragraph] = []
        self.paragraph: Paragraph | None = None
        self.anns: list[Annotation] = []
        self.selected: int | None = None
        self.snapping = True
        self.show_boilerplate = False
        self.origin = "manual"  # "adjudicated" in review mode: the reviewer edits gold
        self.next_location: Callable[[], tuple[int, int] | None] | None = None  # review mode's queue
        view.selectionMoved.connect(self._selection_moved)

    # -- loading ------------------------------------------------------------------------
    def open_article(self, article_id: int, idx: int | None = None) -> None:
        if article_id != self.article_id:
            self.paragraphs = articles.paragraphs(self.project, article_id)
            art = articles.get_article(self.project, article_id)
            self.title = (art.title or art.ext_id) if art else ""
            self.article_id = article_id
        if not self.paragraphs:
            return
        if idx is None:
            idx = navigation.first_todo_in(self.project, self.annotator_id, article_id)
        idx = max(0, min(idx, len(self.paragraphs) - 1))
        self.paragraph = self.paragraphs[idx]
        self.selected = None
        self._show()

    def _show(self) -> None:
        par = self.paragraph
        assert par is not None and self.article_id is not None
        before = self.paragraphs[par.idx - 1].text if par.idx > 0 else ""
        after = self.paragraphs[par.idx + 1].text if par.idx + 1 < len(self.paragraphs) else ""
        status = ann_rows.status(self.project, par.id, self.annotator)
        header = f"{self.title}    ¶ {par.idx + 1} / {len(self.paragraphs)}    [{status}]"
        notice = f"boilerplate ({par.boilerplate}): skipped by default, not for labelling" if par.boilerplate else ""
        self.view.show_paragraph(header, before, par.text, after, notice)
        self.reload_annotations()

    def reload_annotations(self) -> None:
        if self.paragraph is None:
            return
        self.anns = ann_rows.for_paragraph(self.project, self.paragraph.id, self.annotator)
        if self.selected not in {a.id for a in self.anns}:
            self.selected = None
        sources = self._sources()
        self.panel.set_annotations(self.anns, sources, self.schema)
        self.view.text.paint_annotations(self.anns, self.schema, self.selected)
        self.changed.emit()

    def _sources(self) -> dict[int, str]:
        out: dict[int, str] = {}
        for link in ann_rows.links_from(self.project, [a.id for a in self.anns]):
            if link.special:
                text = {"unnamed": "unnamed source", "journalist": "journalist / outlet"}[link.special]
            else:
                target = ann_rows.get(self.project, link.target_id) if link.target_id else None
                text = target.text if target else "?"
            out[link.source_id] = (out[link.source_id] + "; " if link.source_id in out else "") + f"{link.kind}: {text}"
        return out

    # -- selection ------------------------------------------------------------------------
    def _selection_moved(self) -> None:
        ann = self.selected_annotation()
        if ann is not None and self.view.text.selection() != (ann.start, ann.end):
            self.selected = None
            self.view.text.paint_annotations(self.anns, self.schema, None)
            self.changed.emit()

    def selected_annotation(self) -> Annotation | None:
        return next((a for a in self.anns if a.id == self.selected), None)

    def select_annotation(self, annotation_id: int | None) -> None:
        ann = next((a for a in self.anns if a.id == annotation_id), None)
        if ann is None:
            return
        self.selected = ann.id
        self.view.text.select(ann.start, ann.end)
        self.view.text.paint_annotations(self.anns, self.schema, self.selected)
        self.changed.emit()

    def cycle_annotation(self, step: int) -> None:
        if not self.anns:
            return
        ids = [a.id for a in self.anns]
        if self.selected in ids:
            pos = (ids.index(self.selected) + step) % len(ids)
        else:
            caret = self.view.text.caret()
            after = [i for i, a in enumerate(self.anns) if a.start >= caret]
            pos = (after[0] if after else 0) if step > 0 else ((after[0] - 1) if after else len(ids) - 1)
        self.select_annotation(ids[pos])

    # -- running actions ------------------------------------------------------------------
    def run_command(self, what: Callable[[], undo.QUndoCommand | None]) -> bool:
        try:
            cmd = what()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return False
        if cmd is not None:
            self.undo_stack.push(cmd)
            self.saved.emit(cmd.text())
        return True

    def refresh(self) -> None:
        self.reload_annotations()

    def label(self, name: str) -> None:
        """Label the selection, or change the selected annotation's label."""
        if self.paragraph is None:
            return
        ann = self.selected_annotation()
        same_span = ann is not None and self.view.text.selection() == (ann.start, ann.end)
        if ann is not None and same_span and ann.layer == self.schema.get(name).layer:
            if ann.label != name:  # a key of the same layer changes the label ...
                self.run_command(lambda: self._relabel(ann, name))
            return
        # ... a key of another layer adds a second annotation over the span (a quote that is also a claim)
        sel = self.view.text.selection()
        if sel is None:
            self.failed.emit("select some text first (mouse, Shift+arrows, double-click or /)")
            return
        span = snap(self.paragraph.text, sel[0], sel[1], words=self.snapping)
        if span is None:
            self.failed.emit("the selection is only white space")
            return
        self.run_command(lambda: self._add(name, *span))

    def _add(self, name: str, start: int, end: int) -> undo.QUndoCommand:
        assert self.paragraph is not None
        attrs: dict[str, object] = {}
        lab = self.schema.get(name)
        if lab.layer == "quote":
            text = self.paragraph.text[start:end]
            attrs["kind"] = "direct" if text[:1] in QUOTE_MARKS or text[-1:] in QUOTE_MARKS else "indirect"
        if self.origin == "adjudicated":
            attrs.update(reviewer=self.annotator, agreed=[])
        ann = annotate.add_annotation(self.project, self.paragraph.id, self.annotator, name, start, end,
                                      attrs=attrs, origin=self.origin, schema=self.schema)
        self.selected = ann.id
        self.reload_annotations()
        self.select_annotation(ann.id)
        return undo.AddAnnotation(self.project, self.annotator, ann, self.refresh)

    def _relabel(self, ann: Annotation, name: str) -> undo.QUndoCommand:
        before = annotate.relabel(self.project, ann.id, name, self.annotator, self.schema)
        self.reload_annotations()
        return undo.ChangeAnnotation(self.project, self.annotator, before, f"relabel as {name}",
                                     lambda: annotate.relabel(self.project, ann.id, name, self.annotator,
                                                              self.schema), self.refresh)

    def delete_selected(self) -> None:
        ann = self.selected_annotation()
        if ann is None:
            self.failed.emit("no annotation selected (Tab selects one)")
            return

        def act() -> undo.QUndoCommand:
            snap_ = annotate.delete_annotation(self.project, ann.id, self.annotator)
            self.selected = None
            self.reload_annotations()
            return undo.DeleteAnnotation(self.project, self.annotator, snap_, self.refresh)

        self.run_command(act)

    def set_attribute(self, key: str, value: object, layers: tuple[str, ...]) -> None:
        ann = self.selected_annotation()
        if ann is None or ann.layer not in layers:
            self.failed.emit(f"select a {' or '.join(layers)} first (Tab)")
            return

        def act() -> undo.QUndoCommand:
            before = annotate.set_attribute(self.project, ann.id, key, value, self.annotator)
            self.reload_annotations()
            return undo.ChangeAnnotation(self.project, self.annotator, before, f"{key} = {value}",
                                         lambda: annotate.set_attribute(self.project, ann.id, key, value,
                                                                        self.annotator), self.refresh)

        self.run_command(act)

    def set_quote_kind(self, kind: str) -> None:
        self.set_attribute("kind", kind, ("quote",))

    def toggle_checkworthy(self) -> None:
        ann = self.selected_annotation()
        value = "no" if ann is not None and ann.attrs.get("checkworthy") == "yes" else "yes"
        self.set_attribute("checkworthy", value, ("claim",))

    def cycle_stance(self) -> None:
        ann = self.selected_annotation()
        order = [None, "support", "oppose", "neutral"]
        current = ann.attrs.get("stance") if ann is not None else None
        self.set_attribute("stance", order[(order.index(current) + 1) % len(order)] if current in order
                           else "support", ("claim",))

    def split_entity(self) -> None:
        ann = self.selected_annotation()
        if ann is None or ann.layer != "entity":
            self.failed.emit("select an entity mention first (Tab)")
            return
        self.set_entity(ann, f"{ann.label}#{uuid.uuid4().hex[:8]}")

    def source_groups(self, labels: tuple[str, ...]) -> list:
        assert self.article_id is not None and self.paragraph is not None
        mentions = ann_rows.for_article(self.project, self.article_id, self.annotator, ("entity",))
        return group_mentions(mentions, labels, upto_idx=self.paragraph.idx)

    def link_kind(self) -> tuple[Annotation, str, tuple[str, ...]] | None:
        """The selected annotation with the link kind it takes (speaker / claimant) and allowed labels."""
        ann = self.selected_annotation()
        if ann is None or ann.label not in self.schema:
            return None
        for kind in ("speaker", "claimant"):
            if kind in self.schema.get(ann.label).links:
                return ann, kind, self.schema.get(ann.label).links[kind]
        return None

    def set_source(self, ann: Annotation, kind: str, target_id: int | None, special: str | None) -> None:
        def act() -> undo.QUndoCommand:
            old = annotate.link(self.project, ann.id, kind, self.annotator, target_id=target_id, special=special)
            self.reload_annotations()
            return undo.SetLink(self.project, self.annotator, Link(ann.id, kind, target_id, special), old,
                                self.refresh)

        self.run_command(act)

    def set_entity(self, ann: Annotation, key: str) -> None:
        def act() -> undo.QUndoCommand:
            before = annotate.set_entity(self.project, ann.id, key, self.annotator)
            self.reload_annotations()
            return undo.ChangeAnnotation(self.project, self.annotator, before, "entity",
                                         lambda: annotate.set_entity(self.project, ann.id, key, self.annotator),
                                         self.refresh)

        self.run_command(act)

    def accept_suggestion(self) -> None:
        ann = self.selected_annotation()
        if ann is None or ann.origin != "suggested":
            self.failed.emit("select a suggestion first (Tab)")
            return

        def act() -> undo.QUndoCommand:
            before = annotate.set_origin(self.project, ann.id, "manual", self.annotator)
            self.reload_annotations()
            return undo.ChangeAnnotation(self.project, self.annotator, before, "accept suggestion",
                                         lambda: annotate.set_origin(self.project, ann.id, "manual",
                                                                     self.annotator), self.refresh)

        self.run_command(act)

    # -- status and navigation -------------------------------------------------------------
    def set_status_and_advance(self, status: str) -> None:
        par = self.paragraph
        if par is None or self.article_id is None:
            return
        article_id = self.article_id

        def back() -> None:
            self.open_article(article_id, par.idx)

        def forward() -> None:
            self.open_article(article_id, par.idx)
            self.go_next_todo()

        def act() -> undo.QUndoCommand:
            old = annotate.set_status(self.project, par.id, self.annotator, status)
            return undo.SetStatus(self.project, self.annotator, par.id, status, old, back, forward)

        if self.run_command(act):
            self.go_next_todo()

    def go_next_todo(self) -> None:
        assert self.paragraph is not None and self.article_id is not None
        if self.next_location is not None:
            target = self.next_location()
            if target is None:
                self._show()
                self.saved.emit("every paragraph in the review queue is adjudicated")
            else:
                self.open_article(*target)
            return
        nxt = navigation.next_todo(self.project, self.annotator_id_now(), self.article_id, self.paragraph.idx,
                                   self.show_boilerplate)
        if nxt is None:
            nxt = navigation.next_todo(self.project, self.annotator_id_now(), 0, -1, self.show_boilerplate)
        if nxt is None:
            self._show()
            self.saved.emit("every paragraph is done")
            return
        self.open_article(*nxt)

    def annotator_id_now(self) -> int | None:
        if self.annotator_id is None:
            self.annotator_id = ann_rows.annotator_id(self.project, self.annotator, create=False)
        return self.annotator_id

    def step(self, direction: int) -> None:
        if self.paragraph is None or self.article_id is None:
            return
        idx = navigation.step(self.project, self.article_id, self.paragraph.idx, direction, self.show_boilerplate)
        if idx is not None:
            self.open_article(self.article_id, idx)
