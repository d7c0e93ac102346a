"""The actions registry: every command of the window with its text, keys, menu and handler.

Keeping the table here keeps the main window small and the key map in one
place (the README's key table documents the same keys). Each action names the
object that handles it ("window", "session", "review" or "file") and the
method called, with fixed arguments.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str  # unique: the QAction's object name
    text: str
    keys: tuple[str, ...] = ()
    menu: str = ""
    scope: str = "window"  # "view": active only while the paragraph has focus (single-letter keys)
    target: str = "window"  # which handler object: window / session / review / file
    method: str = ""  # the handler's method (default: the name)
    args: tuple[Any, ...] = ()


def _a(name: str, text: str, keys: tuple[str, ...] = (), menu: str = "", scope: str = "window",
       target: str = "window", method: str = "", *args: Any) -> ActionSpec:
    return ActionSpec(name, text, keys, menu, scope, target, method, args)


ACTIONS: tuple[ActionSpec, ...] = (
    _a("new_project", "&New project…", ("Ctrl+N",), "File", "window", "file"),
    _a("open_project", "&Open project…", ("Ctrl+O",), "File", "window", "file"),
    _a("import_files", "&Import files…", ("Ctrl+I",), "File", "window", "file"),
    _a("export", "&Export…", ("Ctrl+E",), "File", "window", "file"),
    _a("quit", "&Quit", ("Ctrl+Q",), "File", "window", "window", "close"),
    _a("undo", "&Undo", ("Ctrl+Z",), "Edit"),
    _a("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    _a("find", "Find in paragraph", ("/",), "Edit", "view"),
    _a("delete_selected", "Delete annotation", ("Delete", "Backspace"), "Edit", "view", "session"),
    _a("next_annotation", "Next annotation", ("Tab",), "Edit", "view", "session", "cycle_annotation", 1),
    _a("previous_annotation", "Previous annotation", ("Shift+Tab", "Backtab"), "Edit", "view", "session",
       "cycle_annotation", -1),
    _a("pick_source", "Link speaker / claimant…", ("S",), "Annotate", "view"),
    _a("merge_entity", "Merge mention into entity…", ("E",), "Annotate", "view"),
    _a("split_entity", "Split mention into its own entity", ("Shift+E",), "Annotate", "view", "session"),
    _a("kind_direct", "Quote kind: direct", ("D",), "Annotate", "view", "session", "set_quote_kind", "direct"),
    _a("kind_indirect", "Quote kind: indirect", ("I",), "Annotate", "view", "session", "set_quote_kind",
       "indirect"),
    _a("kind_mixed", "Quote kind: mixed", ("M",), "Annotate", "view", "session", "set_quote_kind", "mixed"),
    _a("toggle_checkworthy", "Claim check-worthy: yes / no", ("W",), "Annotate", "view", "session"),
    _a("cycle_stance", "Claim stance: support / oppose / neutral / none", ("T",), "Annotate", "view", "session"),
    _a("accept_suggestion", "Accept suggestion", ("A",), "Annotate", "view", "session"),
    _a("mark_done", "Paragraph done, next to do", ("Return", "Enter"), "Go", "view", "session",
       "set_status_and_advance", "done"),
    _a("mark_skipped", "Skip paragraph", ("X",), "Go", "view", "session", "set_status_and_advance", "skipped"),
    _a("next_paragraph", "Next paragraph", ("Alt+Down",), "Go", "window", "session", "step", 1),
    _a("previous_paragraph", "Previous paragraph", ("Alt+Up",), "Go", "window", "session", "step", -1),
    _a("focus_articles", "Article list", ("Ctrl+L",), "Go"),
    _a("focus_text", "Paragraph text", ("Ctrl+K",), "Go"),
    _a("review_accept", "Take candidate into gold", ("G",), "Review", "view", "review", "accept"),
    _a("review_reject", "Reject candidate", ("R",), "Review", "view", "review", "reject"),
    _a("review_next", "Next candidate", ("N",), "Review", "view", "review", "step", 1),
    _a("review_previous", "Previous candidate", ("P",), "Review", "view", "review", "step", -1),
    _a("review_source", "Choose between the sources given…", ("V",), "Review", "view", "review",
       "choose_source"),
    *(_a(f"review_take_{n}", f"Take all spans of annotator {n}", (f"Alt+{n}",), "Review", "window", "review",
         "take_all_from", n) for n in range(1, 10)),
    _a("agreement", "Agreement…", ("Ctrl+Shift+A",), "Review", "window", "window", "agreement_dialog"),
    _a("toggle_snapping", "Snap selections to words", (), "Settings"),
    _a("toggle_boilerplate", "Show boilerplate paragraphs", (), "Settings"),
)


def build_actions(owner: QWidget, view: QWidget, handlers: Mapping[str, object]) -> dict[str, QAction]:
    """One QAction per spec whose handler object is present; view-scoped ones live on ``view``."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        handler = handlers.get(spec.target)
        if handler is None:
            continue
        act = QAction(spec.text, owner)
        act.setObjectName(spec.name)
        act.setShortcuts([QKeySequence(k) for k in spec.keys])
        if spec.scope == "view":
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.addAction(act)
        else:
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            owner.addAction(act)
        act.triggered.connect(lambda _checked=False, fn=partial(getattr(handler, spec.method or spec.name),
                                                                *spec.args): fn())
        actions[spec.name] = act
    return actions
