"""Review mode: a reviewer turns the annotators' versions of each paragraph into gold.

The main paragraph view shows (and edits, with every annotator tool) the
reviewer's gold annotations; the review panel below shows each annotator's
version in its own lane, the current decision (the variants of one span, their
differences marked) and the candidate list. Gold changes go through
:mod:`annotator.services.adjudicate` inside undo commands. :func:`switch_mode`
turns a normal window into a review window and back (the Review menu).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QWidget

from annotator.core.sources import special_source_text
from annotator.errors import AnnotatorError
from annotator.services import adjudicate
from annotator.services.review import Candidate, GoldChange, ReviewItem
from annotator.services.workspace import Project, Workspace, open_project
from annotator.ui.review_panel import ReviewPanel, source_text
from annotator.ui.session import REVIEWING_FINISHED, AnnotationSession, EditPolicy
from annotator.ui.source_picker import CHOICE_ROLE, SourceChoice, SourcePicker, picker_heading
from annotator.ui.text import isolate, show_message
from annotator.ui.workers import run_with_progress


class ReviewQueue:
    """The paragraphs to review, in the order chosen, each with its "adjudicated" flag. No Qt: the session
    asks it where Enter goes (:meth:`next_location`), the controller shows and rebuilds it."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.items: list[ReviewItem] = []
        self._row: dict[int, int] = {}  # paragraph id -> index in the queue

    def load(self, items: list[ReviewItem]) -> None:
        self.items = items
        self._row = {item.paragraph_id: i for i, item in enumerate(items)}

    def item(self, paragraph_id: int) -> ReviewItem | None:
        """The paragraph's queue item, its "adjudicated" flag read again from the project (the reviewer's
        status of one paragraph: Enter, undo and redo change it)."""
        i = self._row.get(paragraph_id)
        if i is None:
            return None
        done = self.workspace.status(paragraph_id) == "done"
        if self.items[i].adjudicated != done:
            self.items[i] = replace(self.items[i], adjudicated=done)
        return self.items[i]

    def next_location(self, current: int | None) -> tuple[int, int] | None:
        """(article id, idx) of the first paragraph not adjudicated yet, other than ``current``."""
        if current is not None:
            self.item(current)
        for item in self.items:
            if not item.adjudicated and item.paragraph_id != current:
                return item.article_id, item.idx
        return None

    def first_open(self) -> ReviewItem | None:
        return next((item for item in self.items if not item.adjudicated), None)

    def left(self) -> int:
        return sum(1 for i in self.items if not i.adjudicated)


def review_policy(queue: ReviewQueue) -> EditPolicy:
    """The session's policy in review mode: edits are gold, Enter goes to the queue's next paragraph."""
    return EditPolicy(origin="adjudicated", next_location=queue.next_location, finished=REVIEWING_FINISHED)


class ReviewController(QObject):
    def __init__(self, session: AnnotationSession, panel: ReviewPanel, queue: ReviewQueue,
                 window: QMainWindow) -> None:
        super().__init__(window)
        self.session, self.panel, self.queue_state, self.window = session, panel, queue, window
        self.workspace, self.reviewer = session.workspace, session.annotator
        adjudicate.make_reviewer(self.workspace.project, self.reviewer)
        self.candidates: list[Candidate] = []
        self._auto_done: set[int] = set()
        session.paragraph_changed.connect(self._paragraph_shown)
        session.annotations_changed.connect(self.refresh_panel)
        panel.order.currentTextChanged.connect(lambda _t: self.reload_queue())
        panel.table.clicked.connect(lambda i: self._select_candidate(i.row()))
        self.ready = False  # the queue is built (open_queue)

    @property
    def queue(self) -> list[ReviewItem]:
        return self.queue_state.items

    # -- queue ----------------------------------------------------------------------------------
    def reload_queue(self) -> None:
        """Build the queue when review mode opens or the order changes (not per paragraph): on a worker
        thread behind a progress dialog, since it takes about a second for 10,000 paragraphs. If that
        fails or is cancelled, the queue stays as it was and the status bar says why."""
        path, order, reviewer = self.workspace.path, self.panel.order.currentText(), self.reviewer

        def job(progress: Callable[[int, int, str], None]) -> list[ReviewItem]:
            with open_project(path, create=False, upgrade=False) as project:  # this thread's own connection
                return adjudicate.paragraphs_for_review(project, 2, order, reviewer=reviewer, progress=progress)

        queue, error = run_with_progress(self.window, "Review queue", job,
                                         lambda done, _total, _what: f"Reading paragraphs to review: {done:,}")
        if error is not None:
            self.window.statusBar().showMessage(f"review queue not rebuilt: {error}")
            return
        self.queue_state.load(queue)

    def open_queue(self) -> None:
        """Build the queue and go to its first paragraph not adjudicated yet (the window shows where the
        reviewer left off until then)."""
        self.reload_queue()
        self.ready = True
        first = self.queue_state.first_open()
        par = self.session.paragraph
        if first is not None and (par is None or par.id != first.paragraph_id):
            self.session.open_article(first.article_id, first.idx)
        else:
            self._paragraph_shown()  # the paragraph shown, now with its queue item (auto gold, header)

    # -- the paragraph ------------------------------------------------------------------------
    def _paragraph_shown(self) -> None:
        par = self.session.paragraph
        if par is None:
            return
        item = self.queue_state.item(par.id)
        if item is not None and not item.adjudicated and par.id not in self._auto_done:
            self._auto_done.add(par.id)
            policy = self.panel.policy.currentText()
            project = self.workspace.project
            if policy != "none" and self._gold(f"auto gold ({policy})",
                                               lambda: adjudicate.auto_gold(project, par.id, self.reviewer, policy),
                                               quiet=True):
                return  # the session's annotations changed: refresh_panel ran
        self.refresh_panel()

    def refresh_panel(self) -> None:
        par = self.session.paragraph
        if par is None:
            return
        row = self.panel.current_row()
        self.candidates = adjudicate.candidates(self.workspace.project, par.id, self.reviewer)
        self.panel.model.set_candidates(self.candidates, par.text)
        names = sorted({p.annotator for c in self.candidates for p in c.proposals})
        item = self.queue_state.item(par.id)
        if item is not None:
            names = list(item.annotators)
        lanes = {n: self.workspace.annotations(par.id, n) for n in names}
        self.panel.show_lanes(par.text, lanes)
        todo = self.queue_state.left()
        same_article = [i for i in self.queue if i.article_id == self.session.article_id]
        done_here = sum(1 for i in same_article if i.adjudicated)
        disputed = sum(1 for c in self.candidates if c.disputed and c.undecided)
        decisions = {c.decision for c in self.candidates}
        open_decisions = len({c.decision for c in self.candidates if c.undecided})
        self.panel.header.setText(
            f"Review as {self.reviewer}: {len(self.candidates)} candidate(s) in {len(decisions)} decision(s), "
            f"{open_decisions} undecided, {disputed} open dispute(s) · "
            + (f"this article {done_here}/{len(same_article)} adjudicated · {todo} paragraph(s) left"
               if self.ready else "building the review queue…"))
        self.panel.select_row(row if 0 <= row < len(self.candidates) else 0)

    # -- actions (keys in the README) --------------------------------------------------------------
    def _gold(self, text: str, fn: Callable[[], GoldChange], quiet: bool = False) -> bool:
        """Change gold through the session's undo stack: undo reverts the GoldChange, redo calls ``fn`` again.
        ``quiet``: a change that changed nothing is not pushed. True when a change was pushed."""
        project, reviewer = self.workspace.project, self.reviewer
        return self.session.execute(text, fn, lambda change: adjudicate.undo(project, change, reviewer),
                                    keep=_changed_something if quiet else None) is not None

    def current(self) -> Candidate | None:
        row = self.panel.current_row()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def _select_candidate(self, row: int) -> None:
        self.panel.select_row(row)
        cand = self.current()
        if cand is not None:
            self.session.view.text.select(cand.start, cand.end)

    def step(self, delta: int) -> None:
        if self.candidates:
            self._select_candidate((self.panel.current_row() + delta) % len(self.candidates))

    def accept(self) -> None:
        """G: the selected variant into gold, the competing variants of its decision rejected, on to the next
        decision with something left to decide."""
        cand = self.current()
        if self._on_current("gold", adjudicate.take_variant) and cand is not None:
            self.next_decision(cand.decision)

    def next_decision(self, after: int) -> None:
        """Select the first undecided variant of the next decision after ``after`` with one (wrapping round);
        when every decision is taken, say that Enter marks the paragraph adjudicated."""
        undecided = [i for i, c in enumerate(self.candidates) if c.undecided]
        if not undecided:
            self.session.hint.emit("every decision of this paragraph is taken: Enter marks it adjudicated")
            return
        later = [i for i in undecided if self.candidates[i].decision > after]
        self._select_candidate((later or undecided)[0])

    def reject(self) -> None:
        self._on_current("reject", adjudicate.reject)

    def _on_current(self, verb: str, fn: Callable[..., GoldChange]) -> bool:
        """``fn`` on the selected candidate through the undo stack; True when it changed gold."""
        cand = self.current()
        if cand is None:
            self.session.failed.emit("no candidate selected (N / P move through them)")
            return False
        return self._gold(f"{verb} {cand.label} “{cand.text[:30]}”",
                          lambda: fn(self.workspace.project, cand.paragraph_id, self.reviewer, cand.key))

    def take_all_from(self, n: int) -> None:
        names = self.panel.lane_names
        if not 1 <= n <= len(names) or self.session.paragraph is None:
            self.session.failed.emit(f"there is no annotator {n} in this paragraph")
            return
        who, pid = names[n - 1], self.session.paragraph.id
        project = self.workspace.project
        self._gold(f"take all of {who}", lambda: adjudicate.accept_all_from(project, pid, self.reviewer, who))

    def choose_source(self) -> None:
        """V: pick between the speakers / claimants that the proposals of every variant of the selected
        candidate's decision name (the other annotator's version of the quote too)."""
        cand = self.current()
        options = adjudicate.sources_offered(self.candidates, cand) if cand is not None else []
        if cand is None or not options:
            self.session.failed.emit("select a quote or claim candidate whose proposals name a source")
            return
        kind = adjudicate.SOURCE_KIND[cand.layer]
        picker = SourcePicker(f"{cand.label} “{cand.text[:60]}” ({cand.variants} variant(s))", [], -1, self.window,
                              specials=False, heading=picker_heading("vote", kind), purpose="vote")
        model = picker.proxy.sourceModel()
        assert isinstance(model, QStandardItemModel)
        for i, (p, variant) in enumerate(options):
            src = p.source
            assert src is not None
            label = special_source_text(src.special) if src.special else isolate(src.text or "?")
            where = "" if variant.key == cand.key else f" (on their variant “{variant.text[-30:]}”)"
            item = QStandardItem(f"{label}  ·  given by {p.annotator}{where}")
            item.setData(SourceChoice(key=str(i)), CHOICE_ROLE)
            model.appendRow(item)
        picker.list.setCurrentIndex(picker.proxy.index(0, 0))
        if picker.exec() and picker.choice is not None and picker.choice.key:
            chosen, variant = options[int(picker.choice.key)]
            who, pid, project, reviewer = chosen.annotator, cand.paragraph_id, self.workspace.project, self.reviewer
            if variant.key == cand.key:  # their own proposal: its attributes too, as before
                fn = lambda: adjudicate.accept(project, pid, reviewer, cand.key, link_from=who)  # noqa: E731
            else:
                fn = lambda: adjudicate.accept(project, pid, reviewer, cand.key, source=chosen.source)  # noqa: E731
            self._gold(f"{kind} of {cand.label} from {who}", fn)
        self.window.activateWindow()

    def describe(self) -> str:
        cand = self.current()
        return "" if cand is None else f"{cand.label} “{cand.text}” — {source_text(cand)}"



def _changed_something(change: GoldChange) -> bool:
    return bool(change.added or change.before or change.rejected)


# -- switching a window between annotating and reviewing ---------------------------------------------

class SwitchableWindow(Protocol):
    """What :func:`switch_mode` needs of the main window (no import of it here: it imports this module)."""

    workspace: Workspace
    settings: QSettings
    review_mode: bool

    def replace_with(self, project: Project, annotator: str | None = None, review: bool | None = None) -> None: ...


def ask_name(parent: QWidget, title: str, prompt: str, default: str,
             problem: Callable[[str], str | None]) -> str | None:
    """A name from the user, asked again (with the reason) until ``problem`` has none; None when cancelled."""
    name = default
    while True:
        name, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, name)
        if not ok:
            return None
        why = problem(name)
        if why is None:
            return name.strip()
        show_message(parent, title, why, warning=True)


def switch_mode(window: SwitchableWindow, parent: QWidget, review: bool) -> bool:
    """Review ▸ Adjudicate (review mode) / Leave review mode: ask under which name, then show this project in
    a window of that mode in place of ``window``. False when cancelled or refused (nothing changed)."""
    workspace = window.workspace
    project = workspace.project
    if review and workspace.readonly:
        show_message(parent, "Review mode", f"{workspace.path} is read-only: review mode writes gold annotations",
                     warning=True)
        return False
    if review:
        name = ask_name(parent, "Review mode", "Adjudicate the annotators' work as (a reviewer's name, not one "
                        "that has annotated here):", adjudicate.suggested_reviewer(project, workspace.annotator),
                        lambda n: adjudicate.reviewer_problem(project, n))
    else:
        remembered = str(window.settings.value("annotator", "") or "")
        name = ask_name(parent, "Annotate", "Annotate as:",
                        remembered if adjudicate.annotator_problem(project, remembered) is None else "",
                        lambda n: adjudicate.annotator_problem(project, n))
    if name is None:
        return False
    try:
        other = open_project(Path(workspace.path), create=False)
    except AnnotatorError as exc:
        show_message(parent, "Review mode" if review else "Annotate", str(exc), warning=True)
        return False
    try:
        window.replace_with(other, name, review)
    except AnnotatorError as exc:  # the window could not be built on it: this one stays as it was
        other.close()
        show_message(parent, "Review mode" if review else "Annotate", str(exc), warning=True)
        return False
    return True
