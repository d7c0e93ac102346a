"""The actions table: the README's key table documents exactly its keys, and no label key collides with one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from annotator.store.labels_store import default_schema
from annotator.ui.actions import ACTIONS, reserved_keys

README = Path(__file__).resolve().parents[2] / "README.md"
# keys the README's table names that are not commands of the table: the text view's own selection keys
# (modifiers with arrows, Home/End) and Esc, which closes the find bar
WIDGET_KEYS = {"Esc", "Shift", "Ctrl+Shift", "Home", "End", "Shift+Home", "Shift+End", "Left", "Right", "Up", "Down",
               "Shift+Left", "Shift+Right", "Shift+Up", "Shift+Down", "Ctrl+Left", "Ctrl+Right", "Ctrl+Shift+Left",
               "Ctrl+Shift+Right"}
_RANGE = re.compile(r"`([^`]*?)(\d)` … `\1(\d)`")  # `Alt+1` … `Alt+9`, `1` … `6`


def normal(key: str) -> str:
    """One spelling per key: Qt's portable text ("q" and "Q" are the key Q), and the Return key called Enter
    (its keycap; the table binds both it and the keypad's Enter). "" for what is no key (`Rusia-China`, an
    example of text in the table)."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText)
    return re.sub(r"\bReturn\b", "Enter", text)


def _expand(cell: str) -> str:
    return _RANGE.sub(lambda m: " ".join(f"`{m[1]}{n}`" for n in range(int(m[2]), int(m[3]) + 1)), cell)


def readme_key_rows(text: str) -> list[set[str]]:
    """The keys (`backquoted`, ranges like `Alt+1` … `Alt+9` spelt out) of each row of every key table (a
    table whose first column is headed "key", e.g. "key (review mode)"), normalised."""
    rows: list[set[str]] = []
    in_table = False
    for line in text.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        if line.startswith("| key"):
            in_table = True
            continue
        if in_table and not line.startswith("|---"):
            cell = _expand(line.split(" | ", 1)[0])
            rows.append({normal(k) for k in re.findall(r"`([^`]+)`", cell)} - {""})
    return rows


def _missing(rows: list[set[str]]) -> list[str]:
    """Actions with keys whose keys are not, all of them, in one row of the table."""
    return [f"{spec.name}: {' / '.join(spec.keys)} ({spec.text})" for spec in ACTIONS if spec.keys
            and not any({normal(k) for k in spec.keys} <= row for row in rows)]


def _unknown(rows: list[set[str]]) -> list[str]:
    """Keys in the table that neither an action, a label of the bundled schema nor the text view has."""
    known = {normal(k) for spec in ACTIONS for k in spec.keys} | {normal(k) for k in WIDGET_KEYS}
    known |= {normal(lab.key) for lab in default_schema().labels if lab.key}
    return sorted({k for row in rows for k in row} - known)


def test_readme_documents_every_key_of_the_table() -> None:
    rows = readme_key_rows(README.read_text(encoding="utf-8"))
    assert len(rows) > 20
    assert not _missing(rows), "add these to the README's key table (### Keys):\n" + "\n".join(_missing(rows))


def test_readme_names_no_key_the_window_does_not_have() -> None:
    rows = readme_key_rows(README.read_text(encoding="utf-8"))
    assert not _unknown(rows), f"the README's key table names keys the window does not have: {_unknown(rows)}"


def test_the_check_sees_a_missing_a_split_and_a_stale_key() -> None:
    table = ("### Keys\n\n| key | action |\n|---|---|\n| `Ctrl+Z` / `Ctrl+Shift+Z` | undo / redo |\n"
             "| `Ctrl+Y` | redo |\n| `Ctrl+Alt+9` (`Rusia-China`) | nothing |\n\n| other | table |\n|---|---|\n| `F12` | x |\n"
             "\n| key (review mode) | action |\n|---|---|\n| `Alt+1` … `Alt+3` | take |\n")
    rows = readme_key_rows(table)
    assert rows == [{"Ctrl+Z", "Ctrl+Shift+Z"}, {"Ctrl+Y"}, {"Ctrl+Alt+9"}, {"Alt+1", "Alt+2", "Alt+3"}]
    missing = _missing(rows)
    assert any(m.startswith("redo:") for m in missing)  # its two keys are in two rows
    assert not any(m.startswith("undo:") for m in missing)
    assert _unknown(rows) == ["Ctrl+Alt+9"]


def test_letters_compare_in_either_case_and_return_is_enter() -> None:
    assert normal("q") == normal("Q") == "Q"
    assert normal("Shift+Return") == "Shift+Enter"


@pytest.mark.parametrize("label", [lab for lab in default_schema().labels if lab.key], ids=lambda lab: lab.name)
def test_no_bundled_label_key_is_a_command_key(label) -> None:
    clash = {k: what for k, what in reserved_keys().items() if k.casefold() == label.key.casefold()}
    assert not clash, f"{label.name}'s key {label.key} is also {clash}"


def test_reserved_keys_are_the_single_keys_of_the_table() -> None:
    keys = reserved_keys()
    assert keys["S"] == "Link speaker / claimant…" and keys["?"] == "Keys…"
    assert "Ctrl+Z" not in keys and "F1" not in keys
