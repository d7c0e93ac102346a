"""Time from opening a project to the first paint of the main window, and scrolling the article list.

Usage: python -m bench.gui_first_paint [N_ARTICLES]  (default 100000; the project is cached in bench/out)

A quick look at one number; ``python -m bench`` measures this and more, in fresh processes.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent / "out"


def main(n: int = 100_000) -> dict[str, float]:
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication

    from bench.projects import ensure

    path = Path(ensure(OUT, n)["db"])  # the harness's cached project (python -m bench makes the same)

    app = QApplication.instance() or QApplication(sys.argv)
    from annotator.store.project import open_project
    from annotator.ui.main_window import MainWindow

    painted: dict[str, float] = {}

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # noqa: ANN001, ANN201, N802
            if event.type() == QEvent.Type.Paint and "paint" not in painted:
                painted["paint"] = time.perf_counter()
            return False

    t0 = time.perf_counter()
    settings = QSettings(str(OUT / "bench-settings.ini"), QSettings.Format.IniFormat)
    settings.clear()
    window = MainWindow(open_project(path), "bench", settings)
    watch = PaintWatch()
    window.view.text.viewport().installEventFilter(watch)
    window.show()
    while "paint" not in painted:
        app.processEvents()
    first_paint = painted["paint"] - t0

    view = window.article_view
    t1 = time.perf_counter()
    pages = 0
    while window.article_model.canFetchMore(window.article_model.index(0, 0).parent()):
        view.scrollToBottom()
        app.processEvents()
        pages += 1
        if pages >= 50:  # 50 pages of 200 rows: a long scroll
            break
    scroll = time.perf_counter() - t1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"articles": n, "first_paint_s": round(first_paint, 3),
              "scroll_50_pages_s": round(scroll, 3), "scroll_page_ms": round(1000 * scroll / max(pages, 1), 2),
              "rows_loaded": window.article_model.rowCount(), "peak_rss_mb": round(rss_mb, 1)}
    window.close()
    return result


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))  # noqa: T201
