"""The actions registry: every command of the window with its text, keys and menu.

Keeping the table here keeps the main window small and the key map in one
place (the README's key tables document the same keys: tests/ui/test_actions.py
checks both ways; Help ▸ Keys… shows them). The window maps each
action's name to the function that handles it (:func:`build_actions`'s
``handlers``); review-mode actions exist only in review mode.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the table itself needs no Qt: the CLI reads it (reserved_keys) without loading Qt
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    name: str  # unique: the QAction's object name
    text: str
    keys: tuple[str, ...] = ()
    menu: str = ""
    scope: str = "window"  # "view": active only while the paragraph has focus (single-letter keys)


def _a(name: str, text: str, keys: tuple[str, ...] = (), menu: str = "", scope: str = "window") -> ActionSpec:
    return ActionSpec(name, text, keys, menu, scope)


ACTIONS: tuple[ActionSpec, ...] = (
    _a("new_project", "&New project…", ("Ctrl+N",), "File"),
    _a("open_project", "&Open project…", ("Ctrl+O",), "File"),
    _a("import_files", "&Import files…", ("Ctrl+I",), "File"),
    _a("export", "&Export…", ("Ctrl+E",), "File"),
    _a("quit", "&Quit", ("Ctrl+Q",), "File"),
    _a("undo", "&Undo", ("Ctrl+Z",), "Edit"),
    _a("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Edit"),
    _a("find", "Find in paragraph", ("/",), "Edit", "view"),
    _a("delete_selected", "Delete annotation", ("Delete", "Backspace"), "Edit", "view"),
    _a("next_annotation", "Next annotation", ("Tab",), "Edit", "view"),
    _a("previous_annotation", "Previous annotation", ("Shift+Tab",), "Edit", "view"),
    _a("pick_source", "Link speaker / claimant…", ("S",), "Annotate", "view"),
    _a("merge_entity", "Merge mention into entity…", ("E",), "Annotate", "view"),
    _a("split_entity", "Split mention into its own entity", ("Shift+E",), "Annotate", "view"),
    _a("kind_direct", "Quote kind: direct", ("D",), "Annotate", "view"),
    _a("kind_indirect", "Quote kind: indirect", ("I",), "Annotate", "view"),
    _a("kind_mixed", "Quote kind: mixed", ("M",), "Annotate", "view"),
    _a("select_next_name", "Select the next name (capitalised words; again: the next)", ("J",), "Edit", "view"),
    _a("select_previous_name", "Select the previous name", ("Shift+J",), "Edit", "view"),
    _a("select_quote", "Select the quote around the caret (again: with its marks)", ("Shift+Q",), "Edit", "view"),
    _a("link_cue", "Link cue and quote", ("Shift+K",), "Annotate", "view"),
    _a("toggle_checkworthy", "Claim check-worthy: yes / no", ("W",), "Annotate", "view"),
    _a("cycle_stance", "Claim stance: support / oppose / neutral / none", ("T",), "Annotate", "view"),
    _a("accept_suggestion", "Accept suggestion", ("A",), "Annotate", "view"),
    _a("accept_all_suggestions", "Accept all suggestions of the paragraph", ("Shift+A",), "Annotate", "view"),
    _a("mark_done", "Paragraph done, next to do", ("Return", "Enter"), "Go", "view"),
    _a("accept_all_done", "Accept all suggestions, paragraph done, next to do", ("Shift+Return", "Shift+Enter"),
       "Go", "view"),
    _a("mark_skipped", "Skip paragraph", ("X",), "Go", "view"),
    _a("next_paragraph", "Next paragraph", ("Alt+Down",), "Go"),
    _a("previous_paragraph", "Previous paragraph", ("Alt+Up",), "Go"),
    _a("focus_articles", "Article list", ("Ctrl+L",), "Go"),
    _a("focus_text", "Paragraph text", ("Ctrl+K",), "Go"),
    _a("jump_to_source", "Go to the speaker / claimant of the selected quote / claim", ("Ctrl+J",), "Go"),
    _a("zoom_in", "Larger text", ("Ctrl+=", "Ctrl++"), "View"),
    _a("zoom_out", "Smaller text", ("Ctrl+-",), "View"),
    _a("zoom_reset", "Default text size", ("Ctrl+0",), "View"),
    _a("review_enter", "Adjudicate (review mode)…", (), "Review"),
    _a("review_leave", "Leave review mode (annotate)…", (), "Review"),
    _a("review_accept", "Take variant into gold, reject its rivals, next decision", ("G",), "Review", "view"),
    _a("review_reject", "Reject candidate", ("R",), "Review", "view"),
    _a("review_next", "Next candidate", ("N",), "Review", "view"),
    _a("review_previous", "Previous candidate", ("P",), "Review", "view"),
    _a("review_source", "Choose between the sources given…", ("V",), "Review", "view"),
    *(_a(f"review_take_{n}", f"Take all spans of annotator {n}", (f"Alt+{n}",), "Review") for n in range(1, 10)),
    _a("agreement", "Agreement…", ("Ctrl+Shift+A",), "Review"),
    _a("suggestion_counts", "Suggestion counts per recommender…", (), "Review"),
    _a("toggle_snapping", "Snap selections to words", (), "Settings"),
    _a("toggle_boilerplate", "Show boilerplate paragraphs", (), "Settings"),
    _a("schema_editor", "&Labels…", (), "Project"),
    _a("guidelines_editor", "&Guidelines…", (), "Project"),
    _a("change_name", "Change my &name…", (), "Project"),
    _a("key_overlay", "&Keys…", ("?", "F1"), "Help"),
)


def build_actions(owner: QWidget, view: QWidget, handlers: Mapping[str, Callable[[], object]]) -> dict[str, QAction]:
    """One QAction per spec that ``handlers`` (action name -> what it calls) has a handler for, in the
    table's order; view-scoped ones live on ``view``. A handler for a name not in the table is an error."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence

    unknown = set(handlers) - {spec.name for spec in ACTIONS}
    if unknown:
        raise KeyError(f"handlers for actions that do not exist: {sorted(unknown)}")
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        handler = handlers.get(spec.name)
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
        act.triggered.connect(lambda _checked=False, fn=handler: fn())
        actions[spec.name] = act
    return actions


def reserved_keys() -> dict[str, str]:
    """The keys of the table that a label key could collide with (one character, no modifier), each with what
    it does; a label may not take one of them (the window would not know which of the two to run)."""
    return {key: spec.text.replace("&", "") for spec in ACTIONS for key in spec.keys if len(key) == 1}
