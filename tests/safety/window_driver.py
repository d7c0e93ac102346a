"""The real main window, driven by keys from a test in another process (offscreen).

    python -m tests.safety.window_driver PROJECT [--annotator ana] [--review]

Start-up is the window's own (``annotator.ui.app.open_window``: open the project,
remember it, start the rolling backup, build the window); the driver waits until
the rolling backup has been written, then prints ``READY {...}``. Then it reads
commands, one a line, from stdin:

- ``label``: find the next unlabelled word of the paragraph with the find bar
  (``/``, the word, Enter) and press ``1`` (PERSON);
- ``done``: press Enter (the paragraph is done, the next one opens);
- ``gold`` (review mode): move to a candidate not yet decided (``N``) and take it into gold (``G``).

After a key it prints ``A {json}`` (what should now be in the file) only if the
status bar says "saved ✓" for it, as the annotator would see it; else ``E {json}``.
Settings and rolling backups go where ``XDG_CONFIG_HOME`` / ``XDG_DATA_HOME`` say
(the test points them into its temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.services.backup import backup_folder
from annotator.ui.app import app_settings, open_window
from annotator.ui.main_window import MainWindow

WAIT_S = 60.0
_WORD = re.compile(r"[^\W\d_]{4,}")


def _out(tag: str, obj: dict[str, Any]) -> None:
    sys.stdout.write(f"{tag} {json.dumps(obj, sort_keys=True, ensure_ascii=False)}\n")
    sys.stdout.flush()


def _wait(app: QApplication, ready: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


class Keys:
    def __init__(self, app: QApplication, window: MainWindow) -> None:
        self.app, self.w = app, window
        self.labelled: dict[int, set[tuple[int, int]]] = {}

    def _saved_after(self, press: Any) -> bool:
        self.w.status_saved.setText("")
        press()
        self.app.processEvents()
        return self.w.status_saved.text().startswith("saved ✓")

    def label(self) -> None:
        par = self.w.session.paragraph
        assert par is not None
        taken = self.labelled.setdefault(par.id, set())
        word = next((m for m in _WORD.finditer(par.text)
                     if par.text.count(m.group()) == 1 and (m.start(), m.end()) not in taken), None)
        if word is None:
            _out("E", {"op": "add", "paragraph": par.id, "why": "no word left"})
            return
        QTest.keyClick(self.w.view.text, Qt.Key.Key_Slash)
        self.w.find_bar.setText(word.group())
        QTest.keyClick(self.w.find_bar, Qt.Key.Key_Return)
        ok = self._saved_after(lambda: QTest.keyClick(self.w.view.text, Qt.Key.Key_1))
        ann = self.w.session.selected_annotation()
        if not ok or ann is None:
            _out("E", {"op": "add", "paragraph": par.id, "why": self.w.statusBar().currentMessage()})
            return
        taken.add((ann.start, ann.end))
        _out("A", {"op": "add", "paragraph": par.id, "label": ann.label, "start": ann.start, "end": ann.end})

    def gold(self) -> None:
        review, par = self.w.review, self.w.session.paragraph
        assert review is not None and par is not None
        for _ in range(len(review.candidates)):
            cur = review.current()
            if cur is not None and cur.gold_id is None and not cur.rejected:
                break
            QTest.keyClick(self.w.view.text, Qt.Key.Key_N)
        cur = review.current()
        if cur is None or not self._saved_after(lambda: QTest.keyClick(self.w.view.text, Qt.Key.Key_G)):
            _out("E", {"op": "gold", "paragraph": par.id, "why": self.w.statusBar().currentMessage()})
            return
        _out("A", {"op": "gold", "paragraph": par.id, "label": cur.label, "start": cur.start, "end": cur.end})

    def done(self) -> None:
        par = self.w.session.paragraph
        assert par is not None
        if self._saved_after(lambda: QTest.keyClick(self.w.view.text, Qt.Key.Key_Return)):
            _out("A", {"op": "status", "paragraph": par.id, "status": "done"})
        else:
            _out("E", {"op": "status", "paragraph": par.id, "why": self.w.statusBar().currentMessage()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project", type=Path)
    ap.add_argument("--annotator", default="ana")
    ap.add_argument("--review", action="store_true")
    args = ap.parse_args(argv)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("corpus-annotator")
    window = open_window(args.project, args.annotator, app_settings(), args.review)
    window.show()
    window.activateWindow()
    _wait(app, lambda: QApplication.activeWindow() is window, "the window")
    if window.review is not None:
        _wait(app, lambda: window.review is not None and window.review.ready, "the review queue")
    folder = backup_folder(args.project)
    _wait(app, lambda: folder.is_dir() and any(p.suffix == ".db" for p in folder.iterdir()), "the rolling backup")
    _wait(app, lambda: not any(t.name == "rolling-backup" for t in threading.enumerate()), "the backup thread")
    window.view.text.setFocus()
    keys = Keys(app, window)
    _out("READY", {"paragraph": window.session.paragraph.id if window.session.paragraph else None})
    for line in sys.stdin:
        command = line.strip()
        if command == "label":
            keys.label()
        elif command == "gold":
            keys.gold()
        elif command == "done":
            keys.done()
        elif command == "quit":
            break
        else:
            _out("E", {"op": command, "why": "unknown command"})
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
