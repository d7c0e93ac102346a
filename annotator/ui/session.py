"""What the annotator is doing: the current paragraph, the selected annotation, and every action.

The controller owns no widgets; it drives the paragraph view and the panel model it is given, reads through
the :class:`~annotator.services.workspace.Workspace`, and runs every change through :meth:`execute`, which
pushes one undo command made of the service call and its inverse (:mod:`annotator.ui.undo`).

Signals: ``paragraph_changed`` when a paragraph is shown (its annotations with it), ``annotations_changed``
when the annotations of the shown paragraph changed, ``selection_changed`` when the selected annotation did.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.core.entities import EntityGroup
from annotator.core.model import Annotation, Link, Paragraph
from annotator.core.quote_select import enclosing_quote, quote_kind
from annotator.core.snap import has_content, snap
from annotator.core.sources import special_source_text
from annotator.errors import AnnotatorError
from annotator.services import annotate
from annotator.services.workspace import ArticleAnnotations, Workspace
from annotator.ui.annotation_panel import AnnotationTableModel
from annotator.ui.article_view import ArticleView, LinkMark
from annotator.ui.text import isolate
from annotator.ui.undo import Command

log = logging.getLogger(__name__)
T = TypeVar("T")
U = TypeVar("U")


@dataclass(frozen=True)
class EditPolicy:
    """How the session's edits are made and where Enter goes: annotating (the default) or reviewing."""

    origin: str = "manual"  # "adjudicated" in review mode: the reviewer edits gold
    # where Enter goes after marking the current paragraph (given its id); None: the next paragraph to do
    next_location: Callable[[int | None], tuple[int, int] | None] | None = None
    finished: str = "every paragraph is done"  # the status bar's words when nothing is left


REVIEWING_FINISHED = "every paragraph in the review queue is adjudicated"


class AnnotationSession(QObject):
    paragraph_changed = Signal()  # another paragraph is shown (or the same one again), with its annotations
    annotations_changed = Signal()  # the shown paragraph's annotations changed
    selection_changed = Signal()  # the selected annotation changed
    saved = Signal(str)  # a committed action, for the status bar
    failed = Signal(str)  # a one-line error for the status bar
    hint = Signal(str)  # a one-line note for the status bar (what a click selected)

    def __init__(self, workspace: Workspace, view: ArticleView, panel: AnnotationTableModel,
                 parent: QObject | None = None, policy: EditPolicy | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.annotator, self.schema = workspace, workspace.annotator, workspace.schema
        self.policy = policy or EditPolicy()
        self.view, self.panel = view, panel
        self.undo_stack = QUndoStack(self)
        self._undo_failed = False
        self.article_id: int | None = None
        self.title = ""  # of the open article, read once when it opens
        self.paragraphs: list[Paragraph] = []
        self.paragraph: Paragraph | None = None
        self.anns: list[Annotation] = []
        self.article: ArticleAnnotations | None = None  # every paragraph's annotations, links
        self._article_read: int | None = None  # the article self.article was read for
        self.selected: int | None = None
        self.snapping = True
        self.show_boilerplate = False
        self.annotation_filter: Callable[[Annotation], bool] | None = None  # which ones the window shows
        self._click: tuple[int, int] | None = None  # (position, annotation) the last click on a span selected
        self._quote: int | None = None  # the quote last added or selected: a new cue is linked to it
        view.selectionMoved.connect(self._selection_moved)
        view.text.clickedAt.connect(self.select_at)
        view.text.paragraphClicked.connect(self.go_to_click)
        view.text.badgeClicked.connect(self.follow_badge)

    # -- loading ------------------------------------------------------------------------
    def open_article(self, article_id: int, idx: int | None = None) -> None:
        if article_id != self.article_id:
            self.paragraphs = self.workspace.paragraphs(article_id)
            self.title = self.workspace.article_title(article_id)
            self.article_id = article_id
        if not self.paragraphs:
            return
        if idx is None:
            idx = self.workspace.first_todo_in(article_id)
        idx = max(0, min(idx, len(self.paragraphs) - 1))
        self.paragraph = self.paragraphs[idx]
        self.selected, self._click = None, None
        # the whole article in the view: built when the article changes, only formats change within it
        self.view.show_article([p.text for p in self.paragraphs], [bool(p.boilerplate) for p in self.paragraphs])
        self._show()

    def _show(self) -> None:
        par = self.paragraph
        assert par is not None and self.article_id is not None
        status = self.workspace.status(par.id)
        header = f"{isolate(self.title)}    ¶ {par.idx + 1} / {len(self.paragraphs)}    [{status}]"
        notice = f"boilerplate ({par.boilerplate}): skipped by default, not for labelling" if par.boilerplate else ""
        self.view.show_paragraph(header, par.idx, notice)
        self._read_annotations(whole=False)
        self.paragraph_changed.emit()

    def _read_annotations(self, whole: bool = True) -> None:
        """Read the annotations and links the view draws and the panel lists. ``whole``: of every paragraph
        (after a change: an undo may touch another paragraph, an accepted suggestion its speaker elsewhere);
        else, when moving within the article, only the current paragraph is read again (one query, and one
        for its links) and the rest is what was read before."""
        assert self.paragraph is not None and self.article_id is not None
        keep = self.annotation_filter  # suggestions of recommenders switched off, or scoring too low
        article = self.article
        if whole or article is None or self._article_read != self.article_id:
            article = self.workspace.article_annotations(self.article_id)
            if keep is not None:
                article.by_paragraph.update({i: [a for a in anns if keep(a)]
                                             for i, anns in article.by_paragraph.items()})
            self.article, self._article_read, changed = article, self.article_id, True
        else:
            fresh = self.workspace.annotations(self.paragraph.id)
            if keep is not None:
                fresh = [a for a in fresh if keep(a)]
            changed = article.replace_paragraph(self.paragraph.idx, fresh,
                                                self.workspace.links([a.id for a in fresh]))
        self.anns = list(article.by_paragraph.get(self.paragraph.idx, []))
        if self.selected not in {a.id for a in self.anns}:
            self.selected = None
        self.panel.set_annotations(self.anns, article.source_texts(self.anns), self.schema, self.paragraph.idx,
                                   self.paragraph.text)
        if changed:
            self.view.text.paint_context(article.by_paragraph, self.schema)
            self.view.text.set_links(self._link_marks(article))
        self.view.text.paint_annotations(self.anns, self.schema, self.selected)

    def _link_marks(self, article: ArticleAnnotations) -> list[LinkMark]:
        """What the view draws of the links: a badge per speaker / claimant, every link's target outlined."""
        marks: list[LinkMark] = []
        for idx, anns in article.by_paragraph.items():
            for ann in anns:
                color = self.schema.get(ann.label).color if ann.label in self.schema else "#888888"
                for link in article.links.get(ann.id, []):
                    target_idx = article.where.get(link.target_id) if link.target_id is not None else None
                    target = article.annotation(link.target_id) if target_idx is not None and link.target_id else None
                    span = (target_idx, target.start, target.end) if target is not None and target_idx is not None \
                        else None
                    badge = ""
                    if link.kind in ("speaker", "claimant"):
                        if link.special:
                            name = link.special  # "unnamed", "journalist": short, the list says more
                        elif target is not None and target_idx is not None:
                            name = f"{_short(target.text)} ¶{target_idx + 1}"
                        else:
                            name = "another article" if link.target_id in article.outside else "?"
                        badge = f"← {name}"
                    marks.append(LinkMark(ann.id, (idx, ann.start, ann.end), link.kind, span, badge, color,
                                          ann.origin == "suggested"))
        return marks

    def go_to_click(self, idx: int, pos: int) -> None:
        """A click in another paragraph of the article: it becomes the current one, the caret where the click
        was, and an annotation there is selected as a click on it in the current paragraph would."""
        if self.article_id is None or not 0 <= idx < len(self.paragraphs):
            return
        self.open_article(self.article_id, idx)
        self.view.text.select(pos, pos)
        self.select_at(pos)

    def follow_badge(self, source_id: int) -> None:
        """A click on a quote's (claim's) badge: that quote selected, then on to its speaker (claimant), as Ctrl+J."""
        idx = self.article.where.get(source_id) if self.article is not None else None
        if idx is None or self.article_id is None:
            return
        if self.paragraph is None or self.paragraph.idx != idx:
            self.open_article(self.article_id, idx)
        self.select_annotation(source_id)
        self.jump_to_source()

    def jump_to_source(self) -> None:
        """Go to the speaker (claimant) mention of the selected quote (claim), wherever it is in the article,
        and select it (Ctrl+J)."""
        ann = self.selected_annotation()
        if ann is None or self.article is None or self.article_id is None:
            self.failed.emit("select a quote or claim first (Tab), then Ctrl+J goes to its speaker or claimant")
            return
        link = next((k for k in self.article.links.get(ann.id, []) if k.kind in ("speaker", "claimant")), None)
        if link is None:
            self.failed.emit(f"{ann.label} “{ann.text[:30]}” has no speaker or claimant yet (S links one)")
            return
        if link.special:
            self.failed.emit(f"{link.kind}: {special_source_text(link.special)} (no mention to go to)")
            return
        target_idx = self.article.where.get(link.target_id) if link.target_id is not None else None
        if target_idx is None:
            self.failed.emit(f"the {link.kind} of “{ann.text[:30]}” is not in this article")
            return
        if self.paragraph is None or self.paragraph.idx != target_idx:
            self.open_article(self.article_id, target_idx)
        self.select_annotation(link.target_id)
        self.hint.emit(f"{link.kind} of “{ann.text[:30]}”: ¶{target_idx + 1}")

    def reload_annotations(self, whole: bool = True) -> None:
        """Read the annotations again and redraw; ``whole``: of the whole article, else of the current
        paragraph only (new suggestions for it arrived: nothing else changed)."""
        if self.paragraph is None:
            return
        self._read_annotations(whole)
        self.annotations_changed.emit()

    # -- selection ------------------------------------------------------------------------
    def _selection_moved(self) -> None:
        ann = self.selected_annotation()
        if ann is not None and self.view.text.selection() != (ann.start, ann.end):
            self.selected = None
            self.view.text.paint_annotations(self.anns, self.schema, None)
            self.selection_changed.emit()

    def selected_annotation(self) -> Annotation | None:
        return next((a for a in self.anns if a.id == self.selected), None)

    def select_annotation(self, annotation_id: int | None) -> None:
        ann = next((a for a in self.anns if a.id == annotation_id), None)
        if ann is None:
            return
        self.selected = ann.id
        if ann.layer == "quote":
            self._quote = ann.id  # the quote a cue key links to (see label_cue)
        self.view.text.select(ann.start, ann.end)
        self.view.text.paint_annotations(self.anns, self.schema, self.selected)
        self.selection_changed.emit()

    def select_at(self, pos: int) -> None:
        """A click on the text: select the innermost annotation at ``pos`` (the topmost layer of equal spans);
        clicking the same place again selects the next one underneath, round and round."""
        layers = {"entity": 0, "cue": 1, "quote": 2, "claim": 3}  # top to bottom, as painted
        hits = sorted((a for a in self.anns if a.start <= pos < a.end),
                      key=lambda a: (a.end - a.start, layers.get(a.layer, 9), a.start, a.id))
        if not hits:
            self._click = None
            return
        ids = [a.id for a in hits]
        i = 0
        if self._click is not None and self._click[0] == pos and self._click[1] in ids:
            i = (ids.index(self._click[1]) + 1) % len(ids)
        self._click = (pos, ids[i])
        self.select_annotation(ids[i])
        more = f" — {i + 1} of {len(ids)} here, click again for the next" if len(ids) > 1 else ""
        self.hint.emit(f"{hits[i].label} “{hits[i].text[:40]}” selected{more}")

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
    def execute(self, text: str, do: Callable[[], T], undo: Callable[[T], U], redo: Callable[[U], T] | None = None,
                *, after: Callable[[], None] | None = None, after_undo: Callable[[], None] | None = None,
                keep: Callable[[T], bool] | None = None) -> T | None:
        """The one way to change the project from the window: run ``do`` (a service call, committed when it
        returns) and push it on the undo stack as a command whose undo is ``undo(what do returned)`` and whose
        redo is ``redo(what undo returned)`` (default: ``do()`` again). ``after`` runs after do and redo,
        ``after_undo`` after undo (both default to :meth:`refresh`). A change that ``keep`` says is empty is
        not pushed. Returns what ``do`` returned, or None when it failed (the status bar says why) or was empty.
        """
        try:
            result = do()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return None
        if keep is not None and not keep(result):
            return None
        again: Callable[[U], T] = redo if redo is not None else (lambda _undone: do())
        self.undo_stack.push(Command(text, result, undo, again, after_undo or self.refresh, after or self.refresh,
                                     self._command_failed))
        self.saved.emit(text)
        (after or self.refresh)()
        return result

    def _command_failed(self, message: str) -> None:
        self._undo_failed = True
        self.failed.emit(message)
        self.refresh()

    def undo(self) -> bool:
        """Undo the last action; False when its service call failed (the status bar says why)."""
        self._undo_failed = False
        self.undo_stack.undo()
        return not self._undo_failed

    def redo(self) -> bool:
        self._undo_failed = False
        self.undo_stack.redo()
        return not self._undo_failed

    def refresh(self) -> None:
        self.reload_annotations()

    def label(self, name: str) -> None:
        """Label the selection. On a selection that exactly covers an annotation of the label's layer, that one
        gets the label (said so when it has it already) instead of a second annotation on top of it; a key of
        another layer adds a second annotation over the span (a quote that is also a claim)."""
        if self.paragraph is None:
            return
        sel = self.view.text.selection()
        if sel is None:
            self.failed.emit("select some text first (mouse, Shift+arrows, double-click or /)")
            return
        layer = self.schema.get(name).layer
        span = snap(self.paragraph.text, sel[0], sel[1], words=self.snapping)
        target = self._covered(sel, layer) or (self._covered(span, layer) if span is not None else None)
        if target is None and (span is None or not has_content(self.paragraph.text[span[0]:span[1]])):
            what = "white space" if span is None else f"punctuation (“{self.paragraph.text[span[0]:span[1]]}”)"
            self.failed.emit(f"nothing to label: the selection is only {what}; "
                             "select a word (double-click, Ctrl+Shift+Left / Right)")
            return
        if target is None:
            assert span is not None
            if not self._add_linked_cue(name, *span):
                self._add(name, *span)
        elif target.label == name:
            self._already(target)
        else:
            project, annotator, schema = self.workspace.project, self.annotator, self.schema
            self._change(target, f"relabel {target.label} → {name} “{target.text[:30]}”",
                         lambda: annotate.relabel(project, target.id, name, annotator, schema))
            self.select_annotation(target.id)

    def _covered(self, span: tuple[int, int], layer: str) -> Annotation | None:
        """The annotation of ``layer`` (not a suggestion) whose span is exactly ``span``; the selected one first."""
        found = [a for a in self.anns if (a.start, a.end) == span and a.layer == layer and a.origin != "suggested"]
        return next((a for a in found if a.id == self.selected), found[0] if found else None)

    def _already(self, ann: Annotation) -> None:
        self.select_annotation(ann.id)
        self.failed.emit(f"already labelled {ann.label}: “{ann.text[:40]}” (nothing added)")

    def _add(self, name: str, start: int, end: int) -> None:
        assert self.paragraph is not None
        project, annotator, par_id = self.workspace.project, self.annotator, self.paragraph.id
        attrs: dict[str, object] = {}
        if self.schema.get(name).layer == "quote":
            attrs["kind"] = quote_kind(self.paragraph.text, start, end)  # a span ending in ” may be mixed
        if self.policy.origin == "adjudicated":
            attrs.update(reviewer=annotator, agreed=[])
        existing = annotate.identical(project, par_id, annotator, name, start, end)
        if existing is not None:  # never stored twice (the service would return it, but undo must not delete it)
            self._already(existing)
            return
        new = self.execute(
            f"label {name} “{self.paragraph.text[start:end][:30]}”",
            lambda: annotate.add_annotation(project, par_id, annotator, name, start, end, attrs=attrs,
                                            origin=self.policy.origin, schema=self.schema),
            lambda ann: annotate.delete_annotation(project, ann.id, annotator),
            lambda snapshot: annotate.restore_annotation(project, snapshot, annotator))  # the same id again
        if new is not None:
            self.select_annotation(new.id)

    def _change(self, ann: Annotation, text: str, change: Callable[[], annotate.Snapshot]) -> None:
        """An in-place change of one annotation (label, attribute, entity, origin): undo puts it back as it was."""
        project, annotator = self.workspace.project, self.annotator
        self.execute(text, change, lambda before: annotate.revert(project, before, annotator))

    def delete_selected(self) -> None:
        ann = self.selected_annotation()
        if ann is None:
            self.failed.emit("no annotation selected (Tab selects one)")
            return
        project, annotator = self.workspace.project, self.annotator
        self.execute(f"delete {ann.label} “{ann.text[:30]}”",
                     lambda: annotate.delete_annotation(project, ann.id, annotator),
                     lambda snapshot: annotate.restore_annotation(project, snapshot, annotator),
                     lambda restored: annotate.delete_annotation(project, restored.id, annotator))

    def set_attribute(self, key: str, value: object, layers: tuple[str, ...]) -> None:
        ann = self.selected_annotation()
        if ann is None or ann.layer not in layers:
            self.failed.emit(f"select a {' or '.join(layers)} first (Tab)")
            return
        self._change(ann, f"{key} = {value}",
                     lambda: annotate.set_attribute(self.workspace.project, ann.id, key, value, self.annotator))

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

    def source_groups(self, labels: tuple[str, ...]) -> list[EntityGroup]:
        assert self.article_id is not None and self.paragraph is not None
        return self.workspace.entity_groups(self.article_id, labels, self.paragraph.idx)

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
        project, annotator = self.workspace.project, self.annotator
        new = Link(ann.id, kind, target_id, special)
        self.execute(f"link {kind}",
                     lambda: annotate.link(project, ann.id, kind, annotator, target_id=target_id, special=special),
                     lambda old: annotate.unlink(project, new.source_id, kind, annotator, restore=old))

    def set_entity(self, ann: Annotation, key: str) -> None:
        self._change(ann, "entity", lambda: annotate.set_entity(self.workspace.project, ann.id, key, self.annotator))

    # -- quotes and their cues (Shift+Q, the cue key, Shift+K) -------------------------------
    def select_quote(self) -> None:
        """Select the content of the quote around the caret (its marks too when the content is selected already);
        a quote left open in an earlier paragraph counts from this paragraph's start."""
        par = self.paragraph
        if par is None:
            return
        texts = [p.text for p in self.paragraphs]
        boilerplate = {i for i, p in enumerate(self.paragraphs) if p.boilerplate}
        index = next((i for i, p in enumerate(self.paragraphs) if p.id == par.id), 0)
        got = enclosing_quote(texts, index, self.view.text.caret(), boilerplate, self.view.text.selection())
        if got is None:
            self.failed.emit("the caret is in no quote (“…”, \"…\", ‘…’, «…»): put it inside one, then Shift+Q")
            return
        self.view.text.select(*got)
        self.hint.emit(f"quote selected: {self._key_of('quote')} labels it, Shift+Q again takes its marks too")

    def _key_of(self, layer: str) -> str:
        keys = [lab.key for lab in self.schema.layer(layer) if lab.key]
        return keys[0] if keys else "its label key"

    def _quote_for_cue(self, near: tuple[int, int]) -> Annotation | None:
        """The quote a cue at ``near`` belongs to: the quote last added or selected in this paragraph, else the
        paragraph's quote nearest to it (suggestions aside)."""
        quotes = [a for a in self.anns if a.layer == "quote" and a.origin != "suggested"
                  and "cue" in self.schema.get(a.label).links]
        last = next((a for a in quotes if a.id == self._quote), None)
        if last is not None or not quotes:
            return last
        return min(quotes, key=lambda a: (max(a.start - near[1], near[0] - a.end, 0), a.start))

    def _add_linked_cue(self, name: str, start: int, end: int) -> bool:
        """A cue label right after a quote (or with a quote last selected): add the cue and link the quote to it,
        in one action. False (nothing done) when ``name`` is no cue label or that quote has its cue already."""
        if self.paragraph is None or self.schema.get(name).layer != "cue":
            return False
        quote = next((a for a in self.anns if a.id == self._quote and a.origin != "suggested"), None)
        if (quote is None or name not in self.schema.get(quote.label).links.get("cue", ())
                or annotate.link_of(self.workspace.project, quote.id, "cue") is not None):
            return False
        return self._link_new_cue(name, start, end, quote)

    def _link_new_cue(self, name: str, start: int, end: int, quote: Annotation) -> bool:
        assert self.paragraph is not None
        project, annotator, par_id, schema = self.workspace.project, self.annotator, self.paragraph.id, self.schema
        origin = self.policy.origin
        attrs: dict[str, object] = {"reviewer": annotator, "agreed": []} if origin == "adjudicated" else {}
        existing = annotate.identical(project, par_id, annotator, name, start, end)
        if existing is not None:
            self._link_cue_to(existing, quote)
            return True
        done = self.execute(
            f"label {name} “{self.paragraph.text[start:end][:30]}” → cue of “{quote.text[:30]}”",
            lambda: annotate.add_linked(project, par_id, annotator, name, start, end, source_id=quote.id,
                                        kind="cue", origin=origin, attrs=attrs, schema=schema),
            lambda linked: annotate.remove_linked(project, linked, annotator),
            lambda linked: annotate.restore_linked(project, linked, annotator))
        if done is not None:
            self.select_annotation(done.annotation.id)
            self.hint.emit(f"{name} “{done.annotation.text[:30]}” linked as the cue of “{quote.text[:40]}”")
        return True

    def _link_cue_to(self, cue: Annotation, quote: Annotation) -> None:
        project, annotator = self.workspace.project, self.annotator
        new = Link(quote.id, "cue", cue.id, None)
        if annotate.link_of(project, quote.id, "cue") == new:
            self.select_annotation(cue.id)
            self.failed.emit(f"“{cue.text[:30]}” is the cue of “{quote.text[:40]}” already (nothing changed)")
            return
        done = self.execute(f"link cue “{cue.text[:30]}” to “{quote.text[:30]}”",
                            lambda: (annotate.link(project, quote.id, "cue", annotator, target_id=cue.id),),
                            lambda old: annotate.unlink(project, quote.id, "cue", annotator, restore=old[0]))
        if done is not None:
            self.select_annotation(cue.id)
            self.hint.emit(f"cue “{cue.text[:30]}” linked to the quote “{quote.text[:40]}”")

    def link_cue(self) -> None:
        """Shift+K: link a cue to its quote. With a cue selected: to the quote last added or selected in this
        paragraph, else the nearest one; with a quote selected: the nearest cue of the paragraph; with text
        selected: it becomes a cue of that quote (an existing cue on exactly that span is linked instead)."""
        if self.paragraph is None:
            return
        ann = self.selected_annotation()
        if ann is not None and ann.layer == "quote":
            cues = [a for a in self.anns if a.layer == "cue" and a.origin != "suggested"]
            if not cues:
                self.failed.emit("no cue in this paragraph: select the cue word, then Shift+K (or k)")
                return
            self._link_cue_to(min(cues, key=lambda c: (max(c.start - ann.end, ann.start - c.end, 0), c.start)), ann)
            return
        if ann is not None and ann.layer == "cue":
            quote = self._quote_for_cue((ann.start, ann.end))
            if quote is None:
                self.failed.emit("no quote in this paragraph to link the cue to: add the quote first")
                return
            self._link_cue_to(ann, quote)
            return
        sel = self.view.text.selection()
        span = snap(self.paragraph.text, *sel, words=self.snapping) if sel is not None else None
        if span is None or not has_content(self.paragraph.text[span[0]:span[1]]):
            self.failed.emit("select the cue word (or a cue or a quote), then Shift+K")
            return
        quote = self._quote_for_cue(span)
        names = self.schema.get(quote.label).links.get("cue", ()) if quote is not None else ()
        if quote is None or not names:
            self.failed.emit("no quote in this paragraph to link a cue to: add the quote first")
            return
        covered = self._covered(span, self.schema.get(names[0]).layer)
        if covered is not None:
            self._link_cue_to(covered, quote)
        else:
            self._link_new_cue(names[0], *span, quote)

    # -- status and navigation -------------------------------------------------------------
    def set_status_and_advance(self, status: str) -> None:
        """Mark the paragraph and go on (Enter, x); undo comes back to it, redo marks it again and goes on."""
        par = self.paragraph
        if par is None or self.article_id is None:
            return
        project, annotator, article_id = self.workspace.project, self.annotator, self.article_id

        def back() -> None:
            self.open_article(article_id, par.idx)

        def forward() -> None:
            if self.paragraph is None or self.paragraph.id != par.id:
                self.open_article(article_id, par.idx)
            self.go_next_todo()

        self.execute(f"mark paragraph {status}",
                     lambda: annotate.set_status(project, par.id, annotator, status),
                     lambda old: annotate.set_status(project, par.id, annotator, old),
                     after=forward, after_undo=back)

    def go_next_todo(self) -> None:
        assert self.paragraph is not None and self.article_id is not None
        if self.policy.next_location is not None:
            nxt = self.policy.next_location(self.paragraph.id)
        else:
            nxt = self.workspace.next_todo(self.article_id, self.paragraph.idx, self.show_boilerplate)
        if nxt is None:
            self._show()
            self.saved.emit(self.policy.finished)
            return
        self.open_article(*nxt)

    def step(self, direction: int) -> None:
        if self.paragraph is None or self.article_id is None:
            return
        idx = self.workspace.step(self.article_id, self.paragraph.idx, direction, self.show_boilerplate)
        if idx is not None:
            self.open_article(self.article_id, idx)


def _short(text: str, limit: int = 22) -> str:
    """A mention as a badge shows it: at most ``limit`` characters, one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
