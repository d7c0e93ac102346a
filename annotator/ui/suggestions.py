"""Suggestions in the window: computed ahead on a worker, accepted and rejected by key, undoable, with their
settings (Settings ▸ Suggestions) and the acceptance counts per recommender (Review ▸ Suggestion counts).

Keys (the action table in :mod:`annotator.ui.actions`): ``A`` accepts the selected suggestion with its cue and
speaker links, ``Shift+A`` accepts all the paragraph shows, ``Delete`` on a suggestion rejects it (remembered),
``Shift+Enter`` accepts all and marks the paragraph done, a label key on a suggestion accepts it with that
label. Each is one transaction and one undo step (:meth:`AnnotationSession.execute` with
:func:`annotator.services.suggest_edits.undo` as the inverse).

The project's trained model is one of the recommenders (``model``); the window retrains it in a process of
its own every N paragraphs done (:mod:`annotator.ui.retrain`; N is a setting, 0 never). Without spaCy, the
menu says how to enable it and the setting is greyed out.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Annotation
from annotator.core.suggest.registry import RECOMMENDERS
from annotator.errors import AnnotatorError
from annotator.services import suggest_edits, suggest_model
from annotator.services.suggest_edits import SuggestionChange, SuggestSettings
from annotator.services.suggest_model import MODEL
from annotator.ui.retrain import Retrainer
from annotator.ui.session import AnnotationSession
from annotator.ui.suggest_worker import Request, SuggestPrefetcher

RECOMMENDER_TEXT = {"quotes": "quotes, cues and speakers (rules)", "memory": "entity memory (what you labelled)",
                    "places": "place names (CLDR)", "model": "model trained on the project"}


ASK_AFTER_MS = 80  # after a paragraph opens, before its suggestions (and the next ones') are asked for


class SuggestionController(QObject):
    def __init__(self, session: AnnotationSession, window: QWidget, prefetch: bool = True, ahead: int = 3) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.workspace = session.workspace
        self.project, self.annotator = self.workspace.project, session.annotator
        self.names: list[str] = [*RECOMMENDERS, *([] if MODEL in RECOMMENDERS else [MODEL])]
        self.settings = suggest_edits.load_settings(self.project)
        self.retrainer: Retrainer | None = None
        if prefetch and not self.project.readonly:
            project, annotator = self.project, self.annotator
            self.retrainer = Retrainer(self.workspace.path, self.annotator,
                                       lambda: suggest_model.done_count(project, annotator),
                                       self.settings.retrain_every, self)
            self.retrainer.message.connect(self._message)
            self.retrainer.retrained.connect(self._retrained)
        self.train_unavailable = suggest_model.training_unavailable(self.workspace.path)
        session.annotation_filter = self._shows
        self.generation = 0
        self.prefetcher: SuggestPrefetcher | None = None
        if prefetch and not self.project.readonly:
            self.prefetcher = SuggestPrefetcher(self.workspace.path, self.annotator, ahead, self)
            self.prefetcher.ready.connect(self._arrived)
            self.prefetcher.failed.connect(session.failed)
            self.prefetcher.unavailable.connect(self._unavailable)
        # a paragraph opened asks the worker a moment later: moving on paints first, and moving quickly through
        # paragraphs asks once (the worker's Python thread shares the interpreter lock with the window's)
        self._asking = QTimer(self)
        self._asking.setSingleShot(True)
        self._asking.setInterval(ASK_AFTER_MS)
        self._asking.timeout.connect(self.request)
        session.paragraph_changed.connect(lambda: self._asking.start())
        session.undo_stack.indexChanged.connect(self._changed)  # every action, undo and redo
        self.menu_actions: dict[str, QAction] = {}

    # -- computing ahead -------------------------------------------------------------------------------
    def _shows(self, ann: Annotation) -> bool:
        return self.settings.shows(ann)

    def _changed(self, _index: int = 0) -> None:
        self.generation += 1  # what the recommenders learn from changed: compute the paragraphs again
        if self.retrainer is not None:
            self.retrainer.changed()  # a paragraph marked done may be the Nth: retrain (in the background)

    def _message(self, text: str, ms: int) -> None:
        status = getattr(self.window, "statusBar", None)
        if status is not None:
            status().showMessage(text, ms)

    def _retrained(self) -> None:
        """A new model is in place: the paragraphs ahead are computed again, with it."""
        self.generation += 1
        self.request()

    def request(self) -> None:
        """The paragraph opened: its suggestions (and the next paragraphs') on the worker, never here."""
        par, article_id = self.session.paragraph, self.session.article_id
        if self.prefetcher is None or par is None or article_id is None:
            return
        self.prefetcher.request(Request(article_id, par.idx, self.generation,
                                        tuple(self.settings.enabled(self.names))))

    def _arrived(self, paragraph_id: int, ids: object) -> None:
        par = self.session.paragraph
        if par is None or par.id != paragraph_id or not isinstance(ids, list):
            return
        shown = {a.id for a in self.session.anns}
        if set(ids) - shown:  # new ones for the paragraph on screen: shown, the selection left as it is
            self.session.reload_annotations(whole=False)  # they are this paragraph's: the rest is as it was

    def _unavailable(self, why: object) -> None:
        """Recommenders that cannot run here: greyed out in Settings ▸ Suggestions, with the reason."""
        if not isinstance(why, dict):
            return
        for name, reason in why.items():
            act = self.menu_actions.get(name)
            if act is None:
                continue
            act.setToolTip(str(reason))
            if name != MODEL or self.train_unavailable is not None:  # no model yet: the window trains one
                act.setEnabled(False)
                act.setText(f"{name}: not available here")
        said = [str(r) for n, r in why.items() if n != MODEL]
        if said:
            self.session.failed.emit("; ".join(said))

    def stop(self) -> None:
        if self.retrainer is not None:
            self.retrainer.stop()  # a retraining still running is killed
        if self.prefetcher is not None:
            self.prefetcher.stop()

    # -- actions ---------------------------------------------------------------------------------------
    def _selected_suggestion(self) -> Annotation | None:
        ann = self.session.selected_annotation()
        return ann if ann is not None and ann.origin == "suggested" else None

    def _shown_suggestions(self) -> list[Annotation]:
        return [a for a in self.session.anns if a.origin == "suggested"]

    def _undo(self, change: SuggestionChange) -> None:
        suggest_edits.undo(self.project, change, self.annotator)

    def accept(self, label: str | None = None) -> bool:
        """Accept the selected suggestion (as ``label`` when given); False when none is selected."""
        ann = self._selected_suggestion()
        if ann is None:
            self.session.failed.emit("select a suggestion first (Tab)")
            return False
        project, annotator = self.project, self.annotator
        self.session.execute(f"accept {label or ann.label} “{ann.text[:30]}”",
                             lambda: suggest_edits.accept(project, ann.id, annotator, label), self._undo)
        return True

    def label(self, name: str) -> bool:
        """A label key with a suggestion selected (and its span as the selection) accepts it with that label."""
        ann = self._selected_suggestion()
        if ann is None or self.session.view.text.selection() != (ann.start, ann.end):
            return False
        return self.accept(name)

    def reject(self) -> None:
        ann = self._selected_suggestion()
        if ann is None:
            self.session.failed.emit("select a suggestion first (Tab)")
            return
        project, annotator = self.project, self.annotator
        others = [a.id for a in self._shown_suggestions() if a.id != ann.id]
        after = next((a.id for a in self._shown_suggestions() if a.id != ann.id and a.start >= ann.start),
                     others[0] if others else None)
        self.session.execute(f"reject {ann.label} “{ann.text[:30]}”",
                             lambda: suggest_edits.reject(project, ann.id, annotator), self._undo)
        if after is not None:  # on to the next suggestion (from the top at the end): A, Delete, A, ...
            self.session.select_annotation(after)

    def delete_or_reject(self) -> None:
        """Delete: rejects a selected suggestion, deletes a selected annotation."""
        if self._selected_suggestion() is not None:
            self.reject()
        else:
            self.session.delete_selected()

    def _all_ids(self) -> list[int] | None:
        """The suggestions to accept: None (all of the paragraph's) unless settings hide some."""
        if not self.settings.disabled and self.settings.min_score <= 0:
            return None
        return [a.id for a in self._shown_suggestions()]

    def accept_all(self) -> None:
        par = self.session.paragraph
        if par is None:
            return
        if not self._shown_suggestions():
            self.session.failed.emit("no suggestions in this paragraph")
            return
        project, annotator, ids, pid = self.project, self.annotator, self._all_ids(), par.id
        self.session.execute("accept all suggestions",
                             lambda: suggest_edits.accept_all(project, pid, annotator, ids), self._undo,
                             keep=lambda change: bool(change.affected))

    def accept_all_done(self) -> None:
        """Shift+Enter: accept all, mark the paragraph done and go on; undo comes back to it as it was."""
        par, article_id = self.session.paragraph, self.session.article_id
        if par is None or article_id is None:
            return
        project, annotator, ids, pid = self.project, self.annotator, self._all_ids(), par.id
        session = self.session

        def back() -> None:
            session.open_article(article_id, par.idx)

        def forward() -> None:
            if session.paragraph is None or session.paragraph.id != pid:
                session.open_article(article_id, par.idx)
            session.go_next_todo()

        session.execute("accept all and mark paragraph done",
                        lambda: suggest_edits.accept_all(project, pid, annotator, ids, status="done"),
                        self._undo, after=forward, after_undo=back)

    # -- settings and counts ---------------------------------------------------------------------------
    def build_menu(self, settings_menu: QMenu) -> QMenu:
        """Settings ▸ Suggestions: each recommender on or off, the minimum score (stored in the project)."""
        menu = settings_menu.addMenu("Suggestions")
        menu.setObjectName("suggestionsMenu")
        if not self.names:
            none = menu.addAction("no recommenders installed")
            none.setEnabled(False)
        for name in self.names:
            act = menu.addAction(f"{name}: {RECOMMENDER_TEXT.get(name, name)}")
            act.setObjectName(f"recommender_{name}")
            act.setCheckable(True)
            act.setChecked(name not in self.settings.disabled)
            act.toggled.connect(lambda on, n=name: self.set_enabled(n, on))
            self.menu_actions[name] = act
        model_act = self.menu_actions.get(MODEL)
        if model_act is not None and self.train_unavailable is not None:  # spaCy missing: say how to enable it
            model_act.setEnabled(False)
            model_act.setText(f"{MODEL}: not available here")
            model_act.setToolTip(self.train_unavailable)
            why = menu.addAction(self.train_unavailable)
            why.setObjectName("modelUnavailable")
            why.setEnabled(False)
        menu.addSeparator()
        self.min_score_action = menu.addAction("")
        self.min_score_action.setObjectName("suggestMinScore")
        self.min_score_action.triggered.connect(self.ask_min_score)
        self._label_min_score()
        self.retrain_action = menu.addAction("")
        self.retrain_action.setObjectName("suggestRetrainEvery")
        self.retrain_action.triggered.connect(self.ask_retrain_every)
        if self.train_unavailable is not None:
            self.retrain_action.setEnabled(False)
            self.retrain_action.setToolTip(self.train_unavailable)
        elif self.project.readonly:
            self.retrain_action.setEnabled(False)
        self._label_retrain()
        return menu

    def _label_min_score(self) -> None:
        self.min_score_action.setText(f"Minimum score: {self.settings.min_score:.2f}…")

    def _label_retrain(self) -> None:
        n = self.settings.retrain_every
        self.retrain_action.setText(f"Retrain the model every N paragraphs done: {n if n else 'never'}…")

    def set_enabled(self, name: str, on: bool) -> None:
        disabled = set(self.settings.disabled)
        (disabled.discard if on else disabled.add)(name)
        self._apply(dataclasses.replace(self.settings, disabled=frozenset(disabled)))

    def set_min_score(self, value: float) -> None:
        self._apply(dataclasses.replace(self.settings, min_score=max(0.0, min(1.0, value))))

    def set_retrain_every(self, every: int) -> None:
        """Retrain the project's model every ``every`` paragraphs done (0: never); stored in the project."""
        every = max(0, int(every))
        self._apply(dataclasses.replace(self.settings, retrain_every=every), recompute=False)
        if self.retrainer is not None:
            self.retrainer.set_every(every)

    def ask_retrain_every(self) -> None:
        value, ok = QInputDialog.getInt(self.window, "Suggestions",
                                        "Retrain the model every N paragraphs done (0: never):",
                                        self.settings.retrain_every, 0, 100000, 10)
        if ok:
            self.set_retrain_every(value)

    def ask_min_score(self) -> None:
        value, ok = QInputDialog.getDouble(self.window, "Suggestions", "Show suggestions scoring at least:",
                                           self.settings.min_score, 0.0, 1.0, 2)
        if ok:
            self.set_min_score(value)

    def _apply(self, settings: SuggestSettings, recompute: bool = True) -> None:
        self.settings = settings
        if hasattr(self, "min_score_action"):
            self._label_min_score()
            self._label_retrain()
        if not self.project.readonly:
            try:
                suggest_edits.save_settings(self.project, settings)
            except AnnotatorError as exc:
                self.session.failed.emit(f"settings not stored: {exc}")
        if not recompute:
            return
        self.generation += 1
        self.session.reload_annotations()
        self.request()

    def show_counts(self) -> None:
        try:
            counts = suggest_edits.counts(self.project)
        except AnnotatorError as exc:
            self.session.failed.emit(str(exc))
            return
        CountsDialog(counts, self.window).exec()


class CountsDialog(QDialog):
    """Accepted / rejected / edited per recommender, so a team sees which recommender earns its place."""

    COLUMNS = ("recommender", "accepted", "rejected", "edited", "accepted share")

    def __init__(self, counts: dict[str, dict[str, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion counts")
        self.setObjectName("suggestionCounts")
        lay = QVBoxLayout(self)
        note = QLabel("Suggestions accepted (as they were, or with another label), rejected, and edited after "
                      "accepting, per recommender, over the whole project.", self)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(len(counts), len(self.COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().hide()
        for row, (name, c) in enumerate(sorted(counts.items())):
            acc, rej, edited = c.get("accepted", 0), c.get("rejected", 0), c.get("edited", 0)
            share = f"{acc / (acc + rej):.0%}" if acc + rej else "–"
            for col, value in enumerate((name, str(acc), str(rej), str(edited), share)):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        lay.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(520, 260)
