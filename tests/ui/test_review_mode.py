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
    from annotator.ui.agreement_dialog import AgreementDialog

    _three_annotators(ui_project_path)
    with open_project(ui_project_path) as p:
        dialog = AgreementDialog(p)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3  # ana/budi, ana/citra, budi/citra
    cells = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(3)}
    # ana and budi agree on PERSON, GPE and QUOTE exactly: F1 1.0; ana and citra share PERSON and QUOTE
    # of ana's 3 and citra's 3 spans: P = R = 2/3
    assert cells["ana / budi"] == "1.000" and cells["ana / citra"] == "0.667"
    bars = dialog.label_bars
    assert set(bars.labels) == {"PERSON", "GPE", "EVENT", "QUOTE"}
    assert dialog.worst.count() >= 1
    dialog.worst.itemActivated.emit(dialog.worst.item(0))
    assert dialog.open_paragraph == (1, 0)


def test_agreement_dialog_shows_what_the_cli_prints_with_counts(qtbot, ui_project_path) -> None:
    """Speaker, claimant and check-worthiness agreement per pair (with the quotes / claims behind them), F1 by
    label exact / overlap, counts written on every bar, and the CLI's --layer."""
    from annotator.services.agreement import format_agreement, project_agreement
    from annotator.ui.agreement_dialog import PAIR_COLUMNS, AgreementDialog

    _three_annotators(ui_project_path)
    with open_project(ui_project_path) as p:
        cli = "\n".join(format_agreement(project_agreement(p)))
        dialog = AgreementDialog(p)
    qtbot.addWidget(dialog)
    assert "speaker" in cli and "claimant" in cli and "checkw." in cli  # what the CLI prints, the dialog shows
    assert PAIR_COLUMNS[5:] == ("speaker", "claimant", "check-worthiness")
    row = {dialog.table.item(r, 0).text(): [dialog.table.item(r, c).text() for c in range(len(PAIR_COLUMNS))]
           for r in range(dialog.table.rowCount())}
    # budi named no speaker ("unnamed"), ana and citra named Sari Dewi; one quote each; no claims
    assert row["ana / budi"][5] == "0.000 (1 quote)" and row["ana / citra"][5] == "1.000 (1 quote)"
    assert row["ana / budi"][6] == "– (0 claims)" and row["ana / budi"][7] == "– (0 claims)"
    summary = dialog.summary.text()
    assert "Krippendorff" in summary and "ana, budi, citra" in summary and "layer all" in summary
    labels = [dialog.by_label.horizontalHeaderItem(c).text() for c in range(dialog.by_label.columnCount())]
    ana_citra = [dialog.by_label.verticalHeaderItem(r).text() for r in range(3)].index("ana / citra")
    cells = dict(zip(labels, (dialog.by_label.item(ana_citra, c).text() for c in range(len(labels))), strict=True))
    assert cells["PERSON"] == "1.000 / 1.000" and cells["GPE"] == "0.000 / 0.000"
    # counts on the bars: ana and budi both marked GPE once, citra never
    texts = dialog.label_bars.bar_texts()
    assert "1.000 · 2/2 spans matched · ana / budi" in texts and "0.000 · 0/1 spans matched · ana / citra" in texts
    assert "0.000 · 1 quote · ana / budi" in dialog.link_bars.bar_texts()
    assert not dialog.label_bars.grab().isNull()  # paints
    dialog.layer.setCurrentText("quote")  # as `annotator agreement --layer quote`
    assert dialog.data["layer"] == "quote" and dialog.label_bars.labels == ["QUOTE"]
    assert "layer quote" in dialog.summary.text()


# -- variants of one span -------------------------------------------------------------------------

# paragraph 3: "Asosiasi Pengusaha Pelabuhan menyambut janji itu, tetapi meminta bukti tertulis."
ASOSIASI = (0, 28)
CLAIM_DOT = (57, 80)  # "meminta bukti tertulis." (ana)
CLAIM = (57, 79)  # "meminta bukti tertulis" (budi)


def _two_variants(path) -> None:
    """ana and budi give paragraph 3 an indirect quote that differs by the final "."; ana's speaker is the
    association, budi's "unnamed"; only ana marked the association."""
    with open_project(path) as p:
        pars = paragraphs(p, 1)
        p3 = pars[3].id
        assert pars[3].text[slice(*CLAIM_DOT)] == "meminta bukti tertulis."
        org = annotate.add_annotation(p, p3, "ana", "ORG", *ASOSIASI)
        ana = annotate.add_annotation(p, p3, "ana", "QUOTE", *CLAIM_DOT, attrs={"kind": "indirect"})
        annotate.link(p, ana.id, "speaker", "ana", target_id=org.id)
        budi = annotate.add_annotation(p, p3, "budi", "QUOTE", *CLAIM, attrs={"kind": "indirect"})
        annotate.link(p, budi.id, "speaker", "budi", special="unnamed")
        for who in ("ana", "budi"):
            for par in pars:
                if par.boilerplate is None:
                    annotate.set_status(p, par.id, who, "done")


def _select(qtbot, w, key: tuple[int, int, str]) -> None:
    for _ in range(len(w.review.candidates)):
        if w.review.current().key == key:
            return
        qtbot.keyClick(w.view.text, Qt.Key.Key_N)
    assert w.review.current().key == key


def test_variants_of_a_quote_are_one_decision_with_the_difference_marked(qtbot, ui_project_path,
                                                                           make_window) -> None:
    from annotator.ui.review_panel import EXTRA_STYLE, HTML_ROLE, MISSING_STYLE, CandidateModel

    _two_variants(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    panel = w.review.panel
    assert w.session.paragraph.idx == 3  # the only paragraph with disagreement
    model = panel.model
    numbers = [model.number(r) for r in range(model.rowCount())]
    assert numbers == ["1", "2a", "2b"]  # the association, then the two versions of the quote together
    by_key = {c.key: r for r, c in enumerate(model.items)}
    dot, plain = by_key[(*CLAIM_DOT, "QUOTE")], by_key[(*CLAIM, "QUOTE")]
    text_col = CandidateModel.TEXT_COLUMN
    marked_dot = model.index(dot, text_col).data(HTML_ROLE)
    marked_plain = model.index(plain, text_col).data(HTML_ROLE)
    assert f"<span style='{EXTRA_STYLE}'>.</span>" in marked_dot  # the extra full stop, highlighted
    assert f"<span style='{MISSING_STYLE}'>.</span>" in marked_plain  # and struck through where it is missing
    assert "+“.” at the end" in model.index(dot, text_col).data(Qt.ItemDataRole.ToolTipRole)
    # the decision box shows both variants in full whichever of them is selected
    _select(qtbot, w, (*CLAIM, "QUOTE"))
    shown = panel.decision.toPlainText()
    assert "Decision 2 of 2: 2 variants" in shown
    assert "2a" in shown and "2b" in shown and shown.count("meminta bukti tertulis") == 2
    assert "source: Asosiasi Pengusaha Pelabuhan" in shown and "source: unnamed" in shown.lower()
    # the list has the panel's whole height, rows as tall as the text: room for many more than five
    assert panel.table.height() >= panel.splitter.height() - 4
    assert panel.table.verticalHeader().defaultSectionSize() <= panel.fontMetrics().height() + 8


def test_g_takes_the_variant_rejects_its_rival_and_moves_on(qtbot, ui_project_path, make_window) -> None:
    _two_variants(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    review = w.review
    _select(qtbot, w, (*CLAIM_DOT, "QUOTE"))
    qtbot.keyClick(w.view.text, Qt.Key.Key_G)
    assert _gold(ui_project_path)[3][0] == ("ORG", *ASOSIASI)  # ana's speaker came along
    assert ("QUOTE", *CLAIM_DOT) in _gold(ui_project_path)[3] and ("QUOTE", *CLAIM) not in _gold(ui_project_path)[3]
    state = {c.key: c for c in review.candidates}
    assert state[(*CLAIM, "QUOTE")].rejected and state[(*CLAIM_DOT, "QUOTE")].gold_id is not None
    # the association went into gold as ana's speaker: no decision is left to move to, and the window says so
    assert state[(*ASOSIASI, "ORG")].gold_id is not None
    assert "every decision of this paragraph is taken" in w.statusBar().currentMessage()
    qtbot.keyClick(w, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo: both halves
    state = {c.key: c for c in review.candidates}
    assert not state[(*CLAIM, "QUOTE")].rejected and state[(*CLAIM_DOT, "QUOTE")].gold_id is None
    assert _gold(ui_project_path)[3] == []


def test_g_moves_to_the_next_undecided_decision(qtbot, ui_project_path, make_window) -> None:
    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    review = w.review
    assert w.session.paragraph.idx == 0
    # decisions by position: PERSON (in gold on opening), GPE, EVENT
    _select(qtbot, w, (*SURABAYA, "GPE"))
    qtbot.keyClick(w.view.text, Qt.Key.Key_G)
    assert review.current().key == (*SENIN, "EVENT")  # the next one not decided yet
    qtbot.keyClick(w.view.text, Qt.Key.Key_G)
    assert "every decision of this paragraph is taken" in w.statusBar().currentMessage()


def test_v_offers_the_speakers_of_every_variant(qtbot, ui_project_path, make_window) -> None:
    from PySide6.QtCore import QTimer

    from annotator.ui.source_picker import SourcePicker

    _two_variants(ui_project_path)
    w = make_window(ui_project_path, "rev", review=True)
    _select(qtbot, w, (*CLAIM, "QUOTE"))  # budi's version: he gave no speaker by name
    offered: list[str] = []

    tries = [0]

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SourcePicker):  # not up yet
            tries[0] += 1
            if tries[0] < 250:
                QTimer.singleShot(20, pick)
            return
        model = dialog.proxy
        offered.extend(model.index(r, 0).data() for r in range(model.rowCount()))
        qtbot.keyClicks(dialog.filter, "asosiasi")
        if not model.rowCount():  # ana's speaker is not offered: close, the assertions below say so
            dialog.reject()
            return
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: QApplication.activeWindow() is w and QApplication.activeModalWidget() is None)
    QTimer.singleShot(50, pick)
    qtbot.keyClick(w.view.text, Qt.Key.Key_V)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    assert len(offered) == 2
    assert "given by budi" in offered[0] and "unnamed" in offered[0].lower()
    assert "Asosiasi Pengusaha Pelabuhan" in offered[1] and "given by ana" in offered[1]
    with open_project(ui_project_path) as p:
        from annotator.services.review import gold
        from annotator.store import annotations as rows

        g = next(a for a in gold(p, paragraphs(p, 1)[3].id, "rev") if a.label == "QUOTE")
        target = rows.get(p, rows.get_link(p, g.id, "speaker").target_id)
    assert (g.start, g.end) == CLAIM and target.text == "Asosiasi Pengusaha Pelabuhan"


# -- review mode and agreement from the menu of a normal window --------------------------------------

def _menu_texts(w, title: str) -> list[str]:
    menu = next(a.menu() for a in w.menuBar().actions() if a.text().replace("&", "") == title)
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_review_mode_from_the_menu_and_back(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from annotator.ui import review as review_ui
    from annotator.ui.main_window import MainWindow

    _two_variants(ui_project_path)
    w = make_window(ui_project_path, "ana")
    assert w.review is None
    texts = _menu_texts(w, "Review")
    assert "Adjudicate (review mode)…" in texts and "Agreement…" in texts
    assert "Leave review mode (annotate)…" not in texts
    answers = iter([("ana", True), ("ana-review", True)])  # ana annotated here: refused, asked again
    asked: list[str] = []

    def get_text(_parent, _title, _label, _mode, default):
        asked.append(default)
        return next(answers)

    refused: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    monkeypatch.setattr(review_ui, "show_message", lambda _p, _t, text, warning=False: refused.append(text))
    w.actions_by_name["review_enter"].trigger()
    assert asked[0] == "ana-review"  # the name suggested
    assert refused and "ana has annotated paragraphs" in refused[0]
    others = [x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow) and x is not w and x.isVisible()]
    assert len(others) == 1 and not w.isVisible()
    rw = others[0]
    qtbot.addWidget(rw)
    qtbot.waitUntil(lambda: rw.review is not None and rw.review.ready)
    assert rw.annotator == "ana-review" and rw.project.path == w.project.path
    assert rw.session.paragraph.idx == 3 and len(rw.review.candidates) == 3
    assert "Leave review mode (annotate)…" in _menu_texts(rw, "Review")

    answers = iter([("ana", True)])
    rw.actions_by_name["review_leave"].trigger()
    back = [x for x in QApplication.topLevelWidgets() if isinstance(x, MainWindow) and x.isVisible()]
    assert len(back) == 1 and back[0].review is None and back[0].annotator == "ana"
    qtbot.addWidget(back[0])


def test_cancelling_the_name_keeps_the_window(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    w = make_window(ui_project_path, "ana")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: ("", False)))
    w.actions_by_name["review_enter"].trigger()
    assert w.isVisible() and w.review is None


def test_agreement_from_the_menu_of_a_normal_window(qtbot, ui_project_path, make_window, monkeypatch) -> None:
    from annotator.ui import agreement_dialog

    _three_annotators(ui_project_path)
    w = make_window(ui_project_path, "ana")
    shown = []

    def fake_exec(dialog) -> int:
        shown.append(dialog.table.rowCount())
        dialog.open_paragraph = (1, 2)
        return 1

    monkeypatch.setattr(agreement_dialog.AgreementDialog, "exec", fake_exec)
    w.actions_by_name["agreement"].trigger()
    assert shown == [3] and w.session.paragraph.idx == 2  # double-clicked paragraph opened
