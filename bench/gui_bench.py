"""The window on a big project, driven with QTest (offscreen): first paint, labelling, navigation, scrolling.

Run through :mod:`bench.worker`, one fresh process per run, so the first paint
is a real cold start of the window. The labels go in under the annotator
``bench-gui``, whose annotations and statuses are deleted again at the end
(and at the start, after a run that was killed); the event log, which is
append-only by design, keeps its lines.

``bench-gui`` is an annotator half-way through the project: it starts with the
main annotator's statuses of the first half of the articles (half a million
done paragraphs at 100k articles), and the window reopens where it left off,
at the first article of the second half. (A fresh annotator, as measured before,
hid a query that read all of an annotator's statuses for every article listed.)
"""

from __future__ import annotations

import re
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

ANNOTATOR = "bench-gui"
LABEL_KEYS = ("1", "2", "3")  # PERSON, ORG, GPE
WORD = re.compile(r"\w{3,}")
TIMEOUT = 5.0  # seconds to wait for a repaint


def _forget(db: str) -> None:
    """Remove what an earlier run of this benchmark wrote (annotations, statuses)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        row = conn.execute("SELECT id FROM annotators WHERE name = ?", (ANNOTATOR,)).fetchone()
        if row is not None:
            with conn:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("DELETE FROM annotations WHERE annotator_id = ?", row)
                conn.execute("DELETE FROM paragraph_status WHERE annotator_id = ?", row)
    finally:
        conn.close()


def _inherit(db: str, main: str = "ana") -> int:
    """Give ``bench-gui`` the main annotator's statuses of the first half of the articles; returns the
    article to reopen at (the first of the second half)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        half = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET ?", (max(0, n // 2 - 1),)).fetchone()
        with conn:
            conn.execute("INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, datetime('now'))",
                         (ANNOTATOR,))
            conn.execute(
                "INSERT INTO paragraph_status (paragraph_id, annotator_id, status, updated_at) "
                "SELECT s.paragraph_id, (SELECT id FROM annotators WHERE name = ?), s.status, s.updated_at "
                "FROM paragraph_status s JOIN paragraphs p ON p.id = s.paragraph_id "
                "WHERE s.annotator_id = (SELECT id FROM annotators WHERE name = ?) AND p.article_id <= ?",
                (ANNOTATOR, main, half[0] if half else 0))
        nxt = conn.execute("SELECT min(id) FROM articles WHERE id > ?", (half[0] if half else 0,)).fetchone()[0]
        return int(nxt or 1)
    finally:
        conn.close()


def _summary(samples: list[float]) -> dict[str, Any]:
    if not samples:
        return {"n": 0}
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ms[-1], 2), "samples_ms": [round(x, 2) for x in ms]}


def prepare(db: str) -> dict[str, Any]:
    """What a run needs in the project, done in a process of its own before the timed one: forget an
    earlier run, then give ``bench-gui`` its statuses (two seconds at 100k articles, not part of a start)."""
    t = time.perf_counter()
    _forget(db)
    resume_at = _inherit(db)
    return {"seconds": time.perf_counter() - t, "resume_at": resume_at}


def run(db: str, tmp: str, labels: int = 300, steps: int = 200, spawned: float | None = None,
        scroll: bool = True, resume_at: int | None = None) -> dict[str, Any]:
    if resume_at is None:  # not prepared by the caller: the preparation then delays the first paint
        resume_at = prepare(db)["resume_at"]
    t_launch = time.perf_counter()
    wall_launch = time.time()
    from PySide6.QtCore import QEvent, QObject, QSettings, Qt  # noqa: PLC0415
    from PySide6.QtTest import QTest  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from bench.worker import _rss_mb  # noqa: PLC0415

    app = QApplication.instance() or QApplication(["bench"])
    t_app = time.perf_counter()
    from annotator.store import navigation  # noqa: PLC0415
    from annotator.store.project import open_project  # noqa: PLC0415
    from annotator.ui.main_window import MainWindow, position_key  # noqa: PLC0415

    class Paints(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count: dict[int, int] = {}
            self.first: dict[int, float] = {}

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                key = id(obj)
                self.count[key] = self.count.get(key, 0) + 1
                self.first.setdefault(key, time.perf_counter())
            return False

    settings = QSettings(str(Path(tmp) / "bench-gui.ini"), QSettings.Format.IniFormat)
    settings.clear()
    settings.setValue(position_key(Path(db), ANNOTATOR), f"{resume_at}:0")  # where it left off
    t0 = time.perf_counter()
    window = MainWindow(open_project(db), ANNOTATOR, settings)
    paints = Paints()
    text_port, list_port = window.view.text.viewport(), window.article_view.viewport()
    for w in (text_port, list_port):
        w.installEventFilter(paints)
    window.show()
    deadline = time.perf_counter() + 60
    while not {id(text_port), id(list_port)} <= paints.first.keys() and time.perf_counter() < deadline:
        app.processEvents()
    painted = max(paints.first.values()) if paints.first else time.perf_counter()
    wall_painted = wall_launch + (painted - t_launch)
    out: dict[str, Any] = {
        "first_paint_s": round(painted - t0, 3),  # open the project, build the window, paint it
        "first_paint_from_launch_s": round(painted - t_launch, 3),  # + import Qt, make the QApplication
        "first_paint_from_spawn_s": round(wall_painted - spawned, 3) if spawned else None,  # + start Python
        "qt_app_s": round(t_app - t_launch, 3),
        "rss_after_first_paint_mb": round(_rss_mb(), 1),
    }
    window.activateWindow()
    while QApplication.activeWindow() is not window and time.perf_counter() < deadline:
        app.processEvents()
    session, project = window.session, window.project
    n_articles = int(project.scalar("SELECT count(*) FROM articles"))

    def wait_paint(before: int) -> bool:
        end = time.perf_counter() + TIMEOUT
        while paints.count.get(id(text_port), 0) == before:
            app.processEvents()
            if time.perf_counter() > end:
                return False
        return True

    try:
        out["resumed_where_left_off"] = session.article_id == resume_at
        # jump far down the list (three quarters of the way), past rows the list has not read yet
        far = max(1, n_articles * 3 // 4)
        t = time.perf_counter()
        session.open_article(far)
        app.processEvents()
        out["open_far_article_s"] = round(time.perf_counter() - t, 3)
        window.view.text.setFocus()
        out["labelling"] = _label(window, app, QTest, Qt, paints, text_port, wait_paint, navigation, labels)
        out["next_paragraph"] = _navigate(window, app, QTest, Qt, paints, text_port, wait_paint, navigation, steps)
        if scroll:
            out["scroll"] = _scroll(window, app)
        out["rss_end_mb"] = round(_rss_mb(), 1)
    finally:
        committed = project.scalar(
            "SELECT count(*) FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE n.name = ? AND a.origin != 'suggested'",
            (ANNOTATOR,))
        out["labels_committed"] = int(committed or 0)
        window.close()
        _forget(db)
    return out


def _next_paragraph_exists(window: Any, navigation: Any) -> bool:
    s = window.session
    return navigation.step(window.project, s.article_id, s.paragraph.idx, 1, s.show_boilerplate) is not None


def _next_article(window: Any) -> None:
    s = window.session
    nxt = window.project.scalar("SELECT min(id) FROM articles WHERE id > ?", (s.article_id,))
    s.open_article(nxt if nxt is not None else 1)


def _label(window: Any, app: Any, qtest: Any, qt: Any, paints: Any, port: Any, wait_paint: Any,
           navigation: Any, n: int) -> dict[str, Any]:
    """Select a word (view.text.select), press a label key, time until committed and repainted."""
    samples: list[float] = []
    missed = 0
    done_here = 0
    keys = [getattr(qt.Key, f"Key_{k}") for k in LABEL_KEYS]
    while len(samples) < n:
        par = window.session.paragraph
        words = [m.span() for m in WORD.finditer(par.text)]
        if done_here >= min(5, len(words)):  # about five labels a paragraph, then on
            if _next_paragraph_exists(window, navigation):
                window.session.step(1)
            else:
                _next_article(window)
            app.processEvents()
            done_here = 0
            continue
        s, e = words[done_here]
        window.view.text.select(s, e)
        app.processEvents()
        before = paints.count.get(id(port), 0)
        t = time.perf_counter()
        qtest.keyClick(window.view.text, keys[len(samples) % len(keys)])
        if not wait_paint(before):
            missed += 1
        samples.append(time.perf_counter() - t)
        done_here += 1
    return {**_summary(samples), "without_repaint": missed}


def _navigate(window: Any, app: Any, qtest: Any, qt: Any, paints: Any, port: Any, wait_paint: Any,
              navigation: Any, n: int) -> dict[str, Any]:
    """Alt+Down: the next paragraph of the article, time until it is shown and painted."""
    samples: list[float] = []
    missed = 0
    while len(samples) < n:
        if not _next_paragraph_exists(window, navigation):
            _next_article(window)
            app.processEvents()
            continue
        before = paints.count.get(id(port), 0)
        t = time.perf_counter()
        qtest.keyClick(window.view.text, qt.Key.Key_Down, qt.KeyboardModifier.AltModifier)
        if not wait_paint(before):
            missed += 1
        samples.append(time.perf_counter() - t)
    return {**_summary(samples), "without_repaint": missed}


def _scroll(window: Any, app: Any) -> dict[str, Any]:
    """From the top of the (reset) article list to its end, one page (200 rows) a step."""
    model, view = window.article_model, window.article_view
    model.set_filter("all", "")
    view.scrollToTop()
    app.processEvents()
    steps: list[float] = []
    t0 = time.perf_counter()
    while model.canFetchMore(model.index(0, 0).parent()):
        t = time.perf_counter()
        view.scrollToBottom()
        app.processEvents()
        steps.append(time.perf_counter() - t)
        if time.perf_counter() - t0 > 600:
            break
    total = time.perf_counter() - t0
    summary = _summary(steps)
    summary.pop("samples_ms", None)
    return {**summary, "total_s": round(total, 3), "rows": model.rowCount()}
