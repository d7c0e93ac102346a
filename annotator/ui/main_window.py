"""The main window: article list (left), paragraph (centre), annotations and guidelines (right)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelSchema, key_id
from annotator.services import project_settings
from annotator.services.workspace import Project, Workspace, register_annotator
from annotator.ui.actions import ACTIONS, build_actions, reserved_keys
from annotator.ui.annotation_panel import ANNOTATION_ID_ROLE, AnnotationTableModel
from annotator.ui.article_model import ARTICLE_ID_ROLE, ArticleListModel
from annotator.ui.article_view import ArticleView, default_text_size, zoomed
from annotator.ui.file_actions import FileActions
from annotator.ui.find_bar import FindBar
from annotator.ui.project_actions import ProjectActions, position_key
from annotator.ui.session import AnnotationSession, EditPolicy
from annotator.ui.source_picker import SourcePicker, picker_heading
from annotator.ui.suggestions import SuggestionController
from annotator.ui.text import plain_tooltip
from annotator.ui.token_cursor import TokenCursor

if TYPE_CHECKING:
    from annotator.ui.review import ReviewController, ReviewQueue

log = logging.getLogger(__name__)


ZOOM_KEY = "view/text_size"  # the article's text size in points (Ctrl+= / Ctrl+- / Ctrl+0)


class MainWindow(QMainWindow):
    def __init__(self, project: Project, annotator: str, settings: QSettings | None = None,
                 review: bool = False) -> None:
        super().__init__()
        self.project, self.annotator, self.review_mode = project, annotator, review
        self.settings = settings or QSettings()
        self.workspace = Workspace(project, annotator)
        self.schema = self.workspace.schema
        if not project.readonly:  # the annotator exists from the start, so progress queries see them
            register_annotator(project, annotator)
        self.setWindowTitle(f"corpus-annotator — {project.path.name}")
        self.resize(1280, 780)

        self.view = ArticleView(self)
        self._docks_fitted = False
        self._restore_zoom()
        centre = QWidget(self)
        lay = QVBoxLayout(centre)
        if project.readonly:
            banner = QLabel("This project file is read-only: you can read and export it, not change it.", self)
            banner.setObjectName("readonlyBanner")
            banner.setTextFormat(Qt.TextFormat.PlainText)
            banner.setStyleSheet("background: #fff3cd; color: #664d03; padding: 6px;")
            lay.addWidget(banner)
        lay.addWidget(self.view, 1)  # the article scrolls itself: it takes the whole centre at any size
        self.setCentralWidget(centre)

        self.panel_model = AnnotationTableModel(self)
        self._queue: ReviewQueue | None = None
        policy: EditPolicy | None = None
        if review:
            from annotator.ui.review import ReviewQueue, review_policy  # review mode only

            self._queue = ReviewQueue(self.workspace)
            policy = review_policy(self._queue)
        self.session = AnnotationSession(self.workspace, self.view, self.panel_model, self, policy)
        self.session.saved.connect(self._saved)
        self.session.failed.connect(self.report)
        self.session.hint.connect(self.report)
        self.session.paragraph_changed.connect(self._paragraph_changed)
        self.session.annotations_changed.connect(self._annotations_changed)
        self.session.selection_changed.connect(self._selection_changed)
        self.suggestions = SuggestionController(self.session, self, prefetch=not review)
        self.find_bar = FindBar(self.session, self.view, self.report, self)
        lay.addWidget(self.find_bar)

        self._build_articles_dock()
        self._build_right_dock()
        self.review: ReviewController | None = None
        self._closed = False
        if review:
            self._build_review_dock()
        self.files = FileActions(self)
        self.project_menu = ProjectActions(self)
        self.actions_by_name = build_actions(self, self.view, self._handlers())
        # word-wise keys over tokens, Home / End of the paragraph; a Shift move from the selected annotation's span
        # starts a fresh selection
        self.token_cursor = TokenCursor(self.view.text, self._is_selected_annotation, self)
        self._build_label_bar()
        self._build_menus()
        self._build_status_bar()
        self._restore_position()
        if self.review is not None:  # once the window is up: the queue takes a second for 10k paragraphs
            QTimer.singleShot(0, self._open_review_queue)
        self.view.text.setFocus()

    # -- layout ------------------------------------------------------------------------------
    def _build_articles_dock(self) -> None:
        self.article_model = ArticleListModel(self.workspace, self)
        box = QWidget(self)
        lay = QVBoxLayout(box)
        row = QHBoxLayout()
        self.status_filter = QComboBox(box)
        self.status_filter.addItems(["all", "todo", "done"])
        self.search = QLineEdit(box)
        self.search.setPlaceholderText("search titles and text")
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.status_filter)
        row.addWidget(self.search, 1)
        lay.addLayout(row)
        self.article_view = QTableView(box)
        self.article_view.setObjectName("articleList")
        self.article_view.setModel(self.article_model)
        self.article_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.article_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.article_view.verticalHeader().hide()
        self.article_view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # similar long titles differ at the end
        self.article_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # a fixed "Done" column: sizing it to its contents would read every loaded row on each change
        self.article_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.article_view.horizontalHeader().resizeSection(1, 64)
        self.article_view.activated.connect(self._article_activated)
        self.article_view.clicked.connect(self._article_activated)
        lay.addWidget(self.article_view)
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_filter.currentTextChanged.connect(lambda _t: self._apply_filter())
        self._add_dock("Articles", "articlesDock", box, Qt.DockWidgetArea.LeftDockWidgetArea, 330)

    def _add_dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea, size: int) -> None:
        """A movable dock holding ``widget``; ``size`` is its width (its height at the bottom)."""
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        vertical = area == Qt.DockWidgetArea.BottomDockWidgetArea
        self.resizeDocks([dock], [size], Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)

    def _build_right_dock(self) -> None:
        self.tabs = QTabWidget(self)
        self.ann_view = QTableView(self)
        self.ann_view.setObjectName("annotationList")
        self.ann_view.setModel(self.panel_model)
        self.ann_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.ann_view.verticalHeader().hide()
        header = self.ann_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 110)
        header.resizeSection(3, 100)
        header.resizeSection(4, 170)
        self.ann_view.setWordWrap(True)
        self.ann_view.clicked.connect(lambda i: self._annotation_clicked(i.data(ANNOTATION_ID_ROLE)))
        self.tabs.addTab(self.ann_view, "Annotations")
        self.guidelines = QTextBrowser(self)
        self.guidelines.setOpenExternalLinks(False)
        self.guidelines.setMarkdown(project_settings.guidelines(self.project))
        self.tabs.addTab(self.guidelines, "Guidelines")
        self._add_dock("Paragraph", "rightDock", self.tabs, Qt.DockWidgetArea.RightDockWidgetArea, 380)

    def _build_review_dock(self) -> None:
        from annotator.ui.review import ReviewController  # review mode only
        from annotator.ui.review_panel import ReviewPanel

        assert self._queue is not None
        panel = ReviewPanel(self.schema, self)
        self._add_dock("Annotators' versions and candidates", "reviewDock", panel,
                       Qt.DockWidgetArea.BottomDockWidgetArea, 330)
        self.review = ReviewController(self.session, panel, self._queue, self)
        self.setWindowTitle(f"corpus-annotator — review — {self.project.path.name}")

    def _build_label_bar(self) -> None:
        self.label_bar = QToolBar("Labels", self)
        self.label_bar.setObjectName("labelBar")
        self.label_bar.setMovable(False)
        self.label_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_bar)
        self.label_menu = QMenu("&Labels", self)
        self.label_actions: dict[str, QAction] = {}
        self._fill_label_bar()

    def _fill_label_bar(self) -> None:
        """The label bar, the Labels menu and the label keys, from the schema's labels on offer (retired ones
        are left out). Called again after every change of the schema."""
        for act in self.label_actions.values():
            self.view.removeAction(act)
            act.deleteLater()
        self.label_bar.clear()
        self.label_menu.clear()
        self.label_actions = {}
        taken = {key_id(k): what for k, what in reserved_keys().items()}
        for lab in self.schema.active():
            key = lab.key
            if key and key_id(key) in taken:  # a schema from elsewhere (merge, older file): the first one wins
                log.warning("label %s: key %s is the window's key for %s; the label gets no key", lab.name, key,
                            taken[key_id(key)])
                key = ""
            if key:
                taken[key_id(key)] = f"label {lab.name}"
            act = QAction(f"{key}  {lab.name}" if key else lab.name, self)
            act.setObjectName(f"label_{lab.name}")
            act.setToolTip(plain_tooltip(f"{lab.name} ({key or 'no key'}): {lab.description}"))
            if key:
                act.setShortcut(QKeySequence(key.upper() if key.isalpha() else key))
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.view.addAction(act)
            act.triggered.connect(lambda _c=False, name=lab.name: self._label(name))
            act.setIcon(_swatch(lab.color))
            self.label_bar.addAction(act)
            self.label_menu.addAction(act)
            self.label_actions[lab.name] = act

    def schema_changed(self, schema: LabelSchema) -> None:
        """A new label schema (Project ▸ Labels…): label bar, keys, colours and the annotation list follow."""
        self.schema = self.workspace.schema = self.session.schema = schema
        self._fill_label_bar()
        self.session.reload_annotations()
        if self.review is not None:  # the annotators' lanes and the candidates (labels renamed) too
            self.review.panel.schema = schema
            self.review.refresh_panel()

    def _build_menus(self) -> None:
        menus: dict[str, QMenu] = {}
        for spec in ACTIONS:
            if spec.name not in self.actions_by_name:
                continue
            if spec.menu not in menus:
                menus[spec.menu] = self.menuBar().addMenu(f"&{spec.menu}")
            menus[spec.menu].addAction(self.actions_by_name[spec.name])
            if spec.name == "import_files":
                recent = menus[spec.menu].addMenu("Recent projects")
                self.files.fill_recent(recent)
        if "Help" in menus:  # the labels before Help, which stays last
            self.menuBar().insertMenu(menus["Help"].menuAction(), self.label_menu)
        else:
            self.menuBar().addMenu(self.label_menu)
        if self.project.readonly:
            for name in ("schema_editor", "guidelines_editor", "change_name"):
                self.actions_by_name[name].setEnabled(False)
        self.suggestions.build_menu(menus["Settings"])
        for name in ("toggle_snapping", "toggle_boilerplate"):
            self.actions_by_name[name].setCheckable(True)
        self.actions_by_name["toggle_snapping"].setChecked(True)

    def _build_status_bar(self) -> None:
        self.status_who = QLabel(self)
        self.status_counts = QLabel(self)
        self.status_saved = QLabel(self)
        for w in (self.status_who, self.status_counts, self.status_saved):
            w.setTextFormat(Qt.TextFormat.PlainText)
        self.status_who.setText(f"{self.annotator}  ·  {self.project.path}"
                                + ("  ·  READ-ONLY" if self.project.readonly else ""))
        self.statusBar().addWidget(self.status_who)
        self.statusBar().addWidget(self.status_counts, 1)
        self.statusBar().addPermanentWidget(self.status_saved)

    # -- handlers for the actions registry --------------------------------------------------------
    def _handlers(self) -> dict[str, Callable[[], object]]:
        """What each action of :data:`annotator.ui.actions.ACTIONS` calls (review actions in review mode)."""
        s, f = self.session, self.files
        handlers: dict[str, Callable[[], object]] = {
            "new_project": f.new_project, "open_project": f.open_project, "import_files": f.import_files,
            "export": f.export, "quit": self.close, "undo": self.undo, "redo": self.redo, "find": self.find_bar.open,
            "delete_selected": self.suggestions.delete_or_reject,
            "next_annotation": partial(s.cycle_annotation, 1), "previous_annotation": partial(s.cycle_annotation, -1),
            "pick_source": self.pick_source, "merge_entity": self.merge_entity, "split_entity": s.split_entity,
            "select_next_name": lambda: self._select_name(False),
            "select_previous_name": lambda: self._select_name(True),
            "select_quote": s.select_quote, "link_cue": s.link_cue,
            "kind_direct": partial(s.set_quote_kind, "direct"), "kind_indirect": partial(s.set_quote_kind, "indirect"),
            "kind_mixed": partial(s.set_quote_kind, "mixed"), "toggle_checkworthy": s.toggle_checkworthy,
            "cycle_stance": s.cycle_stance, "accept_suggestion": self.suggestions.accept,
            "accept_all_suggestions": self.suggestions.accept_all, "accept_all_done": self.suggestions.accept_all_done,
            "suggestion_counts": self.suggestions.show_counts,
            "mark_done": partial(s.set_status_and_advance, "done"),
            "mark_skipped": partial(s.set_status_and_advance, "skipped"),
            "next_paragraph": partial(s.step, 1), "previous_paragraph": partial(s.step, -1),
            "focus_articles": self.focus_articles, "focus_text": self.focus_text,
            "agreement": self.project_menu.agreement,
            "toggle_snapping": self.toggle_snapping, "toggle_boilerplate": self.toggle_boilerplate,
            "zoom_in": partial(self.zoom, 1), "zoom_out": partial(self.zoom, -1), "zoom_reset": partial(self.zoom, 0),
            "jump_to_source": s.jump_to_source,
            "schema_editor": self.project_menu.edit_labels, "guidelines_editor": self.project_menu.edit_guidelines,
            "change_name": self.project_menu.change_name, "key_overlay": self.project_menu.show_keys,
        }
        if self.review is not None:
            r = self.review
            handlers.update({"review_accept": r.accept, "review_reject": r.reject, "review_next": partial(r.step, 1),
                             "review_previous": partial(r.step, -1), "review_source": r.choose_source})
            handlers.update({f"review_take_{n}": partial(r.take_all_from, n) for n in range(1, 10)})
        handlers["review_leave" if self.review is not None else "review_enter"] = self.switch_review_mode
        return handlers

    def switch_review_mode(self) -> None:
        """Review ▸ Adjudicate (review mode) / Leave review mode: this project in a window of the other mode."""
        from annotator.ui.review import switch_mode

        switch_mode(self, self, not self.review_mode)

    def zoom(self, step: int) -> None:
        """Ctrl+= / Ctrl+- one step larger / smaller, Ctrl+0 (step 0) back to the default; remembered."""
        text = self.view.text
        size = zoomed(text.text_size(), step) if step else default_text_size()
        text.set_text_size(size)
        self.settings.setValue(ZOOM_KEY, size)
        self.report(f"text size {size:g} pt (Ctrl+0 resets)")

    def _restore_zoom(self) -> None:
        try:
            size = float(str(self.settings.value(ZOOM_KEY, "") or ""))
        except ValueError:
            return
        self.view.text.set_text_size(size)

    def undo(self) -> None:
        if self.session.undo():
            self._saved("undone")

    def redo(self) -> None:
        if self.session.redo():
            self._saved("redone")

    def pick_source(self) -> None:
        found = self.session.link_kind()
        if found is None:
            self.report("select a quote or claim first (Tab), then press S")
            return
        ann, kind, labels = found
        groups = self.session.source_groups(labels)
        assert self.session.paragraph is not None
        picker = SourcePicker(f"“{ann.text[:60]}”", groups, self.session.paragraph.idx, self,
                              heading=picker_heading("source", kind, ann.layer))
        if picker.exec() and picker.choice is not None:
            self.session.set_source(ann, kind, picker.choice.target_id, picker.choice.special)
        self.activateWindow()
        self.view.text.setFocus()

    def merge_entity(self) -> None:
        ann = self.session.selected_annotation()
        if ann is None or ann.layer != "entity":
            self.report("select an entity mention first (Tab), then press E")
            return
        groups = self.session.source_groups(tuple(lab.name for lab in self.schema.layer("entity")))
        assert self.session.paragraph is not None
        picker = SourcePicker(f"merge “{ann.text[:40]}” into", groups, self.session.paragraph.idx, self,
                              specials=False, heading=picker_heading("merge"))
        if picker.exec() and picker.choice is not None and picker.choice.key:
            self.session.set_entity(ann, picker.choice.key)
        self.activateWindow()
        self.view.text.setFocus()

    def focus_articles(self) -> None:
        self.article_view.setFocus()

    def focus_text(self) -> None:
        self.view.text.setFocus()

    def _select_name(self, backwards: bool) -> None:
        if not self.token_cursor.select_name(backwards):
            self.statusBar().showMessage("no " + ("earlier" if backwards else "further") + " capitalised word in "
                                         "this paragraph", 4000)

    def toggle_snapping(self) -> None:
        self.session.snapping = self.actions_by_name["toggle_snapping"].isChecked()

    def toggle_boilerplate(self) -> None:
        self.session.show_boilerplate = self.actions_by_name["toggle_boilerplate"].isChecked()

    # -- helpers ------------------------------------------------------------------------------------
    def _label(self, name: str) -> None:
        if not self.suggestions.label(name):  # a label key on a suggestion accepts it with that label
            self.session.label(name)
        self.view.text.setFocus()

    def _article_activated(self, index: object) -> None:
        article_id = index.data(ARTICLE_ID_ROLE)  # type: ignore[attr-defined]
        if article_id is not None and article_id != self.session.article_id:
            self.session.open_article(article_id)
        self.view.text.setFocus()  # Ctrl+L, arrows, Enter: back to labelling at once

    def _is_selected_annotation(self, span: tuple[int, int]) -> bool:
        ann = self.session.selected_annotation()
        return ann is not None and (ann.start, ann.end) == span

    def _annotation_clicked(self, annotation_id: int | None) -> None:
        self.session.select_annotation(annotation_id)
        self.view.text.setFocus()

    def refresh_articles(self) -> None:
        self._apply_filter()

    def _apply_filter(self) -> None:
        self.article_model.set_filter(self.status_filter.currentText(), self.search.text())

    def _paragraph_changed(self) -> None:
        if self.session.article_id is not None:
            self.article_model.refresh_article(self.session.article_id)
            art_row = self.article_model.row_of(self.session.article_id)
            if art_row is not None and self.article_view.currentIndex().row() != art_row:
                self.article_view.setCurrentIndex(self.article_model.index(art_row, 0))
        par = self.session.paragraph
        if par is not None:
            self.settings.setValue(self._position_key(), f"{self.session.article_id}:{par.idx}")
        self._annotations_changed()

    def _annotations_changed(self) -> None:
        self._selection_changed()
        suggested = sum(1 for a in self.session.anns if a.origin == "suggested")
        self.status_counts.setText(f"{len(self.session.anns) - suggested} annotation(s) in this paragraph"
                                   + (f", {suggested} suggestion(s): A accepts, Shift+A all, Delete rejects"
                                      if suggested else ""))

    def _selection_changed(self) -> None:
        row = self.panel_model.row_of(self.session.selected)
        if row is None:
            self.ann_view.clearSelection()
        else:
            self.ann_view.selectRow(row)

    def _saved(self, what: str) -> None:
        self.status_saved.setText(f"saved ✓ {QTime.currentTime().toString('HH:mm:ss')} — {what}")

    def report(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _position_key(self) -> str:
        return position_key(self.project.path, self.annotator)

    def _restore_position(self) -> None:
        saved = str(self.settings.value(self._position_key(), "") or "")
        try:
            art, idx = (int(x) for x in saved.split(":"))
        except ValueError:
            art, idx = self.workspace.first_article() or 0, -1
        if art:
            self.session.open_article(art, None if idx < 0 else idx)
            first = self.workspace.first_article()
            if self.session.paragraph is None and first:
                self.session.open_article(first)

    def _open_review_queue(self) -> None:
        if self.review is not None and not self._closed:  # a window closed at once never builds it
            self.review.open_queue()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._docks_fitted:
            self._docks_fitted = True
            self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """On first show: the window within the screen, and the docks narrower on a small one, so the article
        keeps at least half the width (1024 px: ~520 px of text; 1600 px: ~880 px)."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and (self.width() > screen.width() or self.height() > screen.height()):
            self.resize(min(self.width(), screen.width()), min(self.height(), screen.height()))
        width = self.width()
        docks = [d for d in (self.findChild(QDockWidget, "articlesDock"), self.findChild(QDockWidget, "rightDock"))
                 if d is not None]
        sizes = [min(330, int(width * 0.2)), min(380, int(width * 0.27))]
        self.resizeDocks(docks, sizes[:len(docks)], Qt.Orientation.Horizontal)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.article_model.detach()  # the list view may still ask for rows after this
        self.suggestions.stop()  # its thread ends before the project closes
        self.workspace.close()
        super().closeEvent(event)

    def replace_with(self, project: Project, annotator: str | None = None, review: bool | None = None) -> None:
        """Open ``project`` in a window of its own (this annotator and mode unless given) and close this one."""
        other = MainWindow(project, annotator or self.annotator, self.settings,
                           review=self.review_mode if review is None else review)
        other.setGeometry(self.geometry())
        other.show()
        self.close()


def _swatch(color: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(color))
    return QIcon(pix)
