"""Review mode: three annotators' versions of a paragraph adjudicated into gold by keyboard, then exported."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.services import annotate
from annotator.export import ExportOptions, export_corpus
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.ui.conftest import answer_picker

# paragraph 0: "Menteri Perdagangan Sari Dewi tiba di Surabaya pada Senin untuk meninjau pelabuhan."
# paragraph 2: "😀 “Kami tidak akan menaikkan tarif sandar tahun ini,” katanya kepada wartawan."
SARI, SURABAYA, SENIN = (20, 29), (38, 46), (52, 57)
QUOTE = (2, 53)


def _three_annotators(path) -> None:
    with open_project(path) as p:
        pars = paragraphs(p, 1)
        p0, p2 = pars[0].id, pars[2].id
        for who in ("ana", "budi", "citra"):
            person = annotate.add_annotation(p, p0, who, "PERSON", *SARI)  # all agree
            if who != "citra":
                annotate.add_annotation(p, p0, who, "GPE", *SURABAYA)  # majority
            if who == "citra":
                annotate.add_annotation(p, p0, who, "EVENT", *SENIN)  # one only: to reject
            quote = annotate.add_annotation(p, p2, who, "QUOTE", *QUOTE, attrs={"kind": "direct"})
            if who == "budi":
                annotate.link(p, quote.id, "speaker", who, special="unnamed")
            else:
                annotate.link(p, quote.id, "speaker", who, target_id=person.id)
            for par in pars:
                if par.boilerplate is None:
                    annotate.set_status(p, par.id, who, "done")


def _gold(path):
    from annotator.services.review import gold

    with open_project(path) as p:
        pars = paragraphs(p, 1)
        return {par.idx: sorted((a.label, a.start, a.end) for a in gold(p, par.id, "rev")) for par in pars}


def test_adjudicate_three_annotators_by_keyboard(qtbot, ui_project_path, make_window, tmp_path) -> None:

    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    w.view.text.setFocus()
    review = w.review
    assert review is not None
    # most disagreement first: paragraph 0 (GPE by two of three, EVENT by one); the unanimous
    # PERSON went into gold on opening (policy "all")
    assert w.session.paragraph.idx == 0
    assert _gold(ui_project_path)[0] == [("PERSON", *SARI)]
    assert review.panel.lane_names == ["ana", "budi", "citra"]
    states = {c.label: c for c in review.candidates}
    assert states["EVENT"].disputed and states["GPE"].disputed and states["PERSON"].gold_id is not None

    def goto(label: str) -> None:
        while review.current().label != label:
            qtbot.keyClick(w.view.text, Qt.Key.Key_N)

    goto("GPE")
    qtbot.keyClick(w.view.text, Qt.Key.Key_G)
    goto("EVENT")
    qtbot.keyClick(w.view.text, Qt.Key.Key_R)
    assert _gold(ui_project_path)[0] == [("GPE", *SURABAYA), ("PERSON", *SARI)]
    assert next(c for c in review.candidates if c.label == "EVENT").rejected
    # undo and redo work on gold like everywhere else
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _gold(ui_project_path)[0] == [("PERSON", *SARI)]
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _gold(ui_project_path)[0] == [("GPE", *SURABAYA), ("PERSON", *SARI)]

    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)  # adjudicated; next: the quote paragraph
    assert w.session.paragraph.idx == 2
    # the speakers differ (two say Sari Dewi, one "unnamed"): under "all" the quote went in without one
    quote = next(c for c in review.candidates if c.label == "QUOTE")
    assert not quote.link_agreed
    goto("QUOTE")
    answer_picker(qtbot, "sari")
    qtbot.keyClick(w.view.text, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)

    # the gold layer, with the speaker named in paragraph 0
    with open_project(ui_project_path) as p:
        from annotator.services.review import gold

        pars = paragraphs(p, 1)
        g_quote = gold(p, pars[2].id, "rev")[0]
        assert g_quote.attrs["agreed"] == ["ana", "budi", "citra"] and g_quote.attrs["reviewer"] == "rev"
        from annotator.store import annotations as rows

        link = rows.get_link(p, g_quote.id, "speaker")
        target = rows.get(p, link.target_id)
        assert (target.text, target.origin, target.paragraph_id) == ("Sari Dewi", "adjudicated", pars[0].id)
        out = tmp_path / "gold.jsonl"
        summary = export_corpus(p, ExportOptions(format="native", gold=True), out)
    assert summary.lines_written == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [sorted(a["label"] for a in line["annotations"]) for line in lines] == [["GPE", "PERSON"], ["QUOTE"]]
    assert lines[1]["links"][0]["target_text"] == "Sari Dewi"


def test_next_paragraph_does_not_rebuild_the_queue(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    """The queue is built once (a second for 10k paragraphs); Enter, undo and redo keep its
    "adjudicated" flags right from the reviewer's status of the paragraph shown."""
    from annotator.services import adjudicate

    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    review = w.review
    builds = []
    real = adjudicate.paragraphs_for_review
    monkeypatch.setattr(adjudicate, "paragraphs_for_review", lambda *a, **k: builds.append(1) or real(*a, **k))
    left = lambda: sum(1 for i in review.queue if not i.adjudicated)
    assert w.session.paragraph.idx == 0 and left() == 3
    w.view.text.setFocus()
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)  # paragraph 0 adjudicated, on to the quote
    assert w.session.paragraph.idx == 2 and left() == 2
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)
    assert w.session.paragraph.idx == 3 and left() == 1  # (paragraph 1 is a time stamp: boilerplate)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)  # the last one: nowhere left to go
    assert left() == 0 and "every paragraph in the review queue is adjudicated" in w.status_saved.text()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # not adjudicated after all
    assert left() == 1
    assert builds == []
    review.panel.order.setCurrentText("article")  # a new order builds the queue again
    assert builds == [1]


def test_the_queue_is_built_off_the_ui_thread(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    """About a second for 10,000 paragraphs: on a worker thread with its own connection, the window still
    painting; a failure keeps the queue as it was and says so in the status bar."""
    import threading

    from annotator.errors import AnnotatorError
    from annotator.services import adjudicate

    _three_annotators(ui_project_path)
    threads = []
    real = adjudicate.paragraphs_for_review

    def recorded(project, *a, **k):
        threads.append((threading.current_thread() is threading.main_thread(), k.get("progress") is not None))
        return real(project, *a, **k)

    monkeypatch.setattr(adjudicate, "paragraphs_for_review", recorded)
    w = make_window(ui_project_path, "rev", review=True)
    assert threads == [(False, True)]
    assert [i.idx for i in w.review.queue] == [0, 2, 3]

    def broken(*a, **k):
        raise AnnotatorError("the project is busy")

    monkeypatch.setattr(adjudicate, "paragraphs_for_review", broken)
    w.review.panel.order.setCurrentText("article")
    assert [i.idx for i in w.review.queue] == [0, 2, 3]  # the queue it had
    assert "review queue not rebuilt: the project is busy" in w.statusBar().currentMessage()


def test_the_window_shows_before_the_queue_is_built(qtbot, ui_project_path, settings) -> None:
    from annotator.ui.main_window import MainWindow

    _three_annotators(ui_project_path)
    w = MainWindow(open_project(ui_project_path), "rev", settings, review=True)
    qtbot.addWidget(w)
    assert not w.review.ready and w.review.queue == []
    assert w.session.paragraph is not None  # where the reviewer was (the first paragraph, the first time)
    assert w.review.panel.header.text().endswith("building the review queue…")
    w.show()
    qtbot.waitUntil(lambda: w.review.ready)
    assert w.session.paragraph.idx == 0  # the most disputed paragraph
    assert w.review.panel.header.text().endswith("this article 0/3 adjudicated · 3 paragraph(s) left")


def test_take_all_of_one_annotator_and_majority_policy(qtbot, ui_project_path, make_window) -> None:

    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the automatic gold
    assert _gold(ui_project_path)[0] == []
    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # everything citra proposed
    assert _gold(ui_project_path)[0] == [("EVENT", *SENIN), ("PERSON", *SARI)]
    w.review.panel.policy.setCurrentText("majority")
    w.session.open_article(1, 2)  # opening the quote paragraph applies the majority policy
    assert _gold(ui_project_path)[2] == [("QUOTE", *QUOTE)]
    with open_project(ui_project_path) as p:
        from annotator.services.review import gold
        from annotator.store import annotations as rows

        g = gold(p, paragraphs(p, 1)[2].id, "rev")[0]
        target = rows.get(p, rows.get_link(p, g.id, "speaker").target_id)
    assert target.text == "Sari Dewi"  # two of three named her: the majority's speaker


def test_agreement_dialog_shows_pairs_and_opens_worst_paragraph(qtbot, ui_project_path, settings,
                                                                monkeypatch) -> None:
    from annotator.ui.agreement_dialog import AgreementDialog, LabelBars

    _three_annotators(ui_project_path)
    with open_project(ui_project_path) as p:
        dialog = AgreementDialog(p)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3  # ana/budi, ana/citra, budi/citra
    cells = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(3)}
    # ana and budi agree on PERSON, GPE and QUOTE exactly: F1 1.0; ana and citra share PERSON and QUOTE
    # of ana's 3 and citra's 3 spans: P = R = 2/3
    assert cells["ana / budi"] == "1.000" and cells["ana / citra"] == "0.667"
    bars = dialog.findChild(LabelBars)
    assert set(bars.labels) == {"PERSON", "GPE", "EVENT", "QUOTE"}
    assert dialog.worst.count() >= 1
    dialog.worst.itemActivated.emit(dialog.worst.item(0))
    assert dialog.open_paragraph == (1, 0)
