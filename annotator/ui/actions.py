"""The actions registry: every command of the window with its text, keys and menu.

Keeping the table here keeps the main window small and the key map in one
place (the README's key table documents the same keys).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str  # method of the handler object called when triggered
    text: str
    keys: tuple[str, ...] = ()
    menu: str = ""
    scope: str = "window"  # "view": active only while the paragraph has focus (single-letter keys)
    review: bool = False  # only in review mode


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_project", "&New project…", ("Ctrl+N",), "File"),
    ActionSpec("open_project_dialog", "&Open project…", ("Ctrl+O",), "File"),
    ActionSpec("import_files", "&Import files…", ("Ctrl+I",), "File"),
    ActionSpec("export_dialog", "&Export…", ("Ctrl+E",), "File"),
    ActionSpec("close", "&Quit", ("Ctrl+Q",), "File"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Edit"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    ActionSpec("find", "Find in paragraph", ("/",), "Edit", "view"),
    ActionSpec("delete_selected", "Delete annotation", ("Delete", "Backspace"), "Edit", "view"),
    ActionSpec("next_annotation", "Next annotation", ("Tab",), "Edit", "view"),
    ActionSpec("previous_annotation", "Previous annotation", ("Shift+Tab", "Backtab"), "Edit", "view"),
    ActionSpec("pick_source", "Link speaker / claimant…", ("S",), "Annotate", "view"),
    ActionSpec("merge_entity", "Merge mention into entity…", ("E",), "Annotate", "view"),
    ActionSpec("split_entity", "Split mention into its own entity", ("Shift+E",), "Annotate", "view"),
    ActionSpec("kind_direct", "Quote kind: direct", ("D",), "Annotate", "view"),
    ActionSpec("kind_indirect", "Quote kind: indirect", ("I",), "Annotate", "view"),
    ActionSpec("kind_mixed", "Quote kind: mixed", ("M",), "Annotate", "view"),
    ActionSpec("toggle_checkworthy", "Claim check-worthy: yes / no", ("W",), "Annotate", "view"),
    ActionSpec("cycle_stance", "Claim stance: support / oppose / neutral / none", ("T",), "Annotate", "view"),
    ActionSpec("accept_suggestion", "Accept suggestion", ("A",), "Annotate", "view"),
    ActionSpec("mark_done", "Paragraph done, next to do", ("Return", "Enter"), "Go", "view"),
    ActionSpec("mark_skipped", "Skip paragraph", ("X",), "Go", "view"),
    ActionSpec("next_paragraph", "Next paragraph", ("Alt+Down",), "Go"),
    ActionSpec("previous_paragraph", "Previous paragraph", ("Alt+Up",), "Go"),
    ActionSpec("focus_articles", "Article list", ("Ctrl+L",), "Go"),
    ActionSpec("focus_text", "Paragraph text", ("Ctrl+K",), "Go"),
    ActionSpec("review_accept", "Take candidate into gold", ("G",), "Review", "view", True),
    ActionSpec("review_reject", "Reject candidate", ("R",), "Review", "view", True),
    ActionSpec("review_next", "Next candidate", ("N",), "Review", "view", True),
    ActionSpec("review_previous", "Previous candidate", ("P",), "Review", "view", True),
    ActionSpec("review_source", "Choose between the sources given…", ("V",), "Review", "view", True),
    *(ActionSpec(f"review_take_{n}", f"Take all spans of annotator {n}", (f"Alt+{n}",), "Review", "window", True)
      for n in range(1, 10)),
    ActionSpec("agreement_dialog", "Agreement…", ("Ctrl+Shift+A",), "Review"),
    ActionSpec("toggle_snapping", "Snap selections to words", (), "Settings"),
    ActionSpec("toggle_boilerplate", "Show boilerplate paragraphs", (), "Settings"),
)


def specs(review: bool) -> tuple[ActionSpec, ...]:
    return tuple(s for s in ACTIONS if review or not s.review)


def build_actions(owner: QWidget, view: QWidget, handler: object, review: bool = False) -> dict[str, QAction]:
    """One QAction per spec, connected to ``handler.<name>``; view-scoped ones live on ``view``."""
    actions: dict[str, QAction] = {}
    for spec in specs(review):
        act = QAction(spec.text, owner)
        act.setObjectName(spec.name)
        act.setShortcuts([QKeySequence(k) for k in spec.keys])
        if spec.scope == "view":
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            view.addAction(act)
        else:
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            owner.addAction(act)
        fn: Callable[[], None]
        if spec.name.startswith("review_take_"):  # one handler for Alt+1 ... Alt+9
            fn = partial(handler.review_take, int(spec.name.rsplit("_", 1)[1]))  # type: ignore[attr-defined]
        else:
            fn = getattr(handler, spec.name)
        act.triggered.connect(lambda _checked=False, fn=fn: fn())
        actions[spec.name] = act
    return actions
