"""Make the pictures in docs/screens/: every screen of the real window, at 1600×1000 and at 1024×700.

Run with ``make screenshot`` (the offscreen platform unless DISPLAY is set, for example under ``xvfb-run``).
The demo project is annotated through the same services the window uses; a second and third annotator's
versions of the same paragraphs give review mode something to decide. A dialog is drawn centred over its
window, as the user sees it. ``python tools/screenshot.py FOLDER`` writes elsewhere.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = ((1600, 1000), (1024, 700))
log = logging.getLogger("screenshot")


def build_project(path: Path) -> None:
    """The demo article annotated by ana (with suggestions for the paragraphs ahead), and by budi and citra
    on its first paragraphs, each a little differently, so that review mode has variants to show."""
    from annotator.importing import import_paths
    from annotator.resources_path import resource
    from annotator.services import annotate, suggest
    from annotator.store.articles import paragraphs
    from annotator.store.project import open_project

    with open_project(path) as project:
        import_paths(project, [resource("demo") / "harbour-bridge-id.txt"])
        pars = paragraphs(project, 1)

        def mark(who: str, idx: int, label: str, needle: str, nth: int = 0, extra: int = 0) -> int:
            text = pars[idx].text
            start = -1
            for _ in range(nth + 1):
                start = text.index(needle, start + 1)
            end = start + len(needle) + extra
            return annotate.add_annotation(project, pars[idx].id, who, label, start, end).id

        for who in ("ana", "budi", "citra"):
            person = mark(who, 0, "PERSON", "Ratna Wulandari")
            mark(who, 0, "ROLE", "Gubernur" if who != "citra" else "Gubernur Sulawesi Tengah")
            mark(who, 0, "GPE", "Sulawesi Tengah")
            if who != "budi":
                mark(who, 0, "GPE", "Palu")
            quote_text = pars[4].text[: pars[4].text.index("”") + (1 if who != "budi" else 0)]
            quote = mark(who, 4, "QUOTE", quote_text)
            annotate.set_attribute(project, quote, "kind", "direct", who)
            annotate.link(project, quote, "speaker", who, target_id=mark(who, 4, "PERSON", "Ratna"))
            annotate.link(project, quote, "cue", who, target_id=mark(who, 4, "CUE", "kata"))
            claim = mark(who, 5, "CLAIM", "biaya pembangunan mencapai Rp 1,2 triliun")
            annotate.set_attribute(project, claim, "checkworthy", "yes" if who != "citra" else "no", who)
            annotate.link(project, claim, "claimant", who, target_id=person)
            mark(who, 5, "ORG", "DPRD")
            for idx in (0, 4, 5):
                annotate.set_status(project, pars[idx].id, who, "done")
        suggest.suggest_project(project, "ana", ["quotes", "memory", "places"])


class Shooter:
    def __init__(self, out: Path, project: Path, tmp: Path) -> None:
        from PySide6.QtCore import QSettings

        self.out, self.project, self.tmp = out, project, tmp
        self.settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        self.made: list[Path] = []

    def _wait(self, ms: int) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def window(self, annotator: str, size: tuple[int, int], review: bool = False, paragraph: int = 4) -> Any:
        from annotator.services.workspace import open_project
        from annotator.ui.main_window import MainWindow, position_key

        self.settings.setValue(position_key(self.project, annotator), f"1:{paragraph}")
        window = MainWindow(open_project(self.project), annotator, self.settings, review=review)
        window.resize(*size)
        window.show()
        for _ in range(50):  # review mode builds its queue on a worker; suggestions arrive on theirs
            self._wait(100)
            if not review or (window.review is not None and window.review.ready):
                break
        self._wait(500)
        return window

    def save(self, name: str, size: tuple[int, int], window: Any, dialog: Any = None) -> None:
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        picture = window.grab()
        if dialog is not None:
            dialog.show()
            self._wait(400)
            top = dialog.grab()
            painter = QPainter(picture)
            painter.drawPixmap(QPoint(max(0, (picture.width() - top.width()) // 2),
                                      max(0, (picture.height() - top.height()) // 2)), top)
            painter.end()
            dialog.close()
        path = self.out / f"{name}-{size[0]}x{size[1]}.png"
        picture.save(str(path))
        self.made.append(path)

    def screens(self) -> None:
        from annotator.ui.agreement_dialog import AgreementDialog
        from annotator.ui.export_dialog import ExportDialog
        from annotator.ui.guidelines_editor import GuidelinesEditor
        from annotator.ui.import_dialog import ImportDialog
        from annotator.ui.key_overlay import KeyOverlay, key_groups
        from annotator.ui.schema_editor import SchemaEditor
        from annotator.ui.welcome import WelcomeDialog

        dialogs: dict[str, Callable[[Any], Any]] = {
            "keys": lambda w: KeyOverlay(key_groups(w.actions_by_name, w.schema), w),
            "labels": lambda w: SchemaEditor(w.project, w.annotator, _reserved(), w),
            "guidelines": lambda w: GuidelinesEditor(w.project, w.annotator, w),
            "agreement": lambda w: AgreementDialog(w.project, w),
            "import": lambda w: ImportDialog([str(ROOT / "annotator" / "resources" / "demo" / "more-articles.jsonl")],
                                             w.annotator, w),
            "export": lambda w: ExportDialog(w.project, w.annotator, w),
            "welcome": lambda w: WelcomeDialog("", True, w),
        }
        for size in SIZES:
            window = self.window("ana", size)
            self.save("annotate", size, window)
            window.view.text.setFocus()
            for name, make in dialogs.items():
                self.save(name, size, window, make(window))
            window.close()
            review = self.window("rev", size, review=True, paragraph=0)
            self.save("review", size, review)
            review.close()


def _reserved() -> dict[str, str]:
    from annotator.ui.actions import reserved_keys

    return dict(reserved_keys())


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("XDG_DATA_HOME", str(tmp / "data"))  # the rolling backup goes there, not to ~
    path = tmp / "demo.db"
    build_project(path)
    app = QApplication.instance() or QApplication(sys.argv)
    screen = app.primaryScreen().availableGeometry()
    if screen.width() < SIZES[0][0] or screen.height() < SIZES[0][1]:
        log.error("the screen is %dx%d, too small for %dx%d windows; run under Debian's xvfb: "
                  "xvfb-run -s '-screen 0 1600x1000x24' python tools/screenshot.py", screen.width(),
                  screen.height(), *SIZES[0])
        return 1
    shooter = Shooter(out, path, tmp)
    shooter.screens()
    app.processEvents()
    for made in shooter.made:
        log.info("%s", made)
    return 0


if __name__ == "__main__":
    sys.exit(main())
