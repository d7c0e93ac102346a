"""Make docs/screenshot.png: the real main window on the demo corpus with a few annotations.

Run with ``make screenshot`` (uses the offscreen platform unless DISPLAY is set,
for example under ``xvfb-run``). The annotations are made through the same
services the GUI uses.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_project(path: Path) -> None:
    from annotator.resources_path import resource
    from annotator.services import annotate
    from annotator.importing import import_paths
    from annotator.store.articles import paragraphs
    from annotator.store.project import open_project

    with open_project(path) as project:
        import_paths(project, [resource("demo") / "harbour-bridge-id.txt"])
        pars = paragraphs(project, 1)

        def mark(idx: int, label: str, needle: str, nth: int = 0) -> int:
            text = pars[idx].text
            start = -1
            for _ in range(nth + 1):
                start = text.index(needle, start + 1)
            return annotate.add_annotation(project, pars[idx].id, "ana", label, start, start + len(needle)).id

        person = mark(0, "PERSON", "Ratna Wulandari")
        mark(0, "ROLE", "Gubernur")
        mark(0, "GPE", "Sulawesi Tengah")
        mark(0, "GPE", "Palu")
        annotate.set_status(project, pars[0].id, "ana", "done")
        quote = mark(4, "QUOTE", pars[4].text[: pars[4].text.index("”") + 1])
        annotate.set_attribute(project, quote, "kind", "direct", "ana")
        annotate.link(project, quote, "speaker", "ana", target_id=mark(4, "PERSON", "Ratna"))
        annotate.link(project, quote, "cue", "ana", target_id=mark(4, "CUE", "kata"))
        annotate.set_status(project, pars[4].id, "ana", "done")
        claim = mark(5, "CLAIM", "biaya pembangunan mencapai Rp 1,2 triliun")
        annotate.set_attribute(project, claim, "checkworthy", "yes", "ana")
        annotate.link(project, claim, "claimant", "ana", target_id=person)
        mark(5, "ORG", "DPRD")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.store.project import open_project
    from annotator.ui.main_window import MainWindow

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png"
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "demo.db"
    build_project(path)
    app = QApplication.instance() or QApplication(sys.argv)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(f"position/{str(path.resolve()).replace('/', '|')}/ana", "1:4")
    window = MainWindow(open_project(path), "ana", settings)
    window.resize(1400, 800)
    window.show()

    def shoot() -> None:
        window.grab().save(str(out))
        app.quit()

    QTimer.singleShot(600, shoot)
    app.exec()
    print(out)  # noqa: T201 - the script's output is the file name
    return 0


if __name__ == "__main__":
    sys.exit(main())
