"""Suggestions in the window, by keyboard: accept (A), accept all (Shift+A), reject (Delete), accept all and done
(Shift+Enter), a label key on a suggestion, undo and redo of each; suggestions computed on the worker thread."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.ui.suggestions import ASK_AFTER_MS
from annotator.services import annotate, suggest_edits
from annotator.services import suggest as suggest_service
from annotator.store import annotations as rows
from annotator.store.articles import paragraphs
from annotator.store.project import open_project
from tests.ui.conftest import ARTICLE

UNDO = Qt.KeyboardModifier.ControlModifier
REDO = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
QUOTE_PAR = ARTICLE.splitlines()[2]  # 😀 “Kami tidak ...,” katanya kepada wartawan.


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture()
def no_compute(monkeypatch) -> None:
    """The worker computes nothing: the tests below see only the suggestions they stored themselves."""
    monkeypatch.setattr(suggest_service, "suggest_paragraph", lambda *_a, **_k: [])


@pytest.fixture()
def seeded(ui_project_path: Path) -> dict[str, int]:
    """A suggested QUOTE in ¶3 with its cue (CUE "katanya") and speaker (a suggested PERSON in ¶1)."""
    with open_project(ui_project_path) as p:
        pars = paragraphs(p, 1)
        sari = annotate.add_annotation(p, pars[0].id, "ana", "PERSON", *_span(pars[0].text, "Sari Dewi"),
                                       origin="suggested", attrs={"recommender": "memory", "score": 0.5})
        quote = annotate.add_annotation(p, pars[2].id, "ana", "QUOTE",
                                        *_span(pars[2].text, "“Kami tidak akan menaikkan tarif sandar tahun ini,”"),
                                        origin="suggested",
                                        attrs={"recommender": "quotes", "score": 0.9, "kind": "direct"})
        cue = annotate.add_annotation(p, pars[2].id, "ana", "CUE", *_span(pars[2].text, "katanya"),
                                      origin="suggested", attrs={"recommender": "quotes", "score": 0.8})
        annotate.link(p, quote.id, "speaker", "ana", target_id=sari.id)
        annotate.link(p, quote.id, "cue", "ana", target_id=cue.id)
    return {"sari": sari.id, "quote": quote.id, "cue": cue.id}


def _origins(path: Path) -> dict[int, str]:
    with open_project(path) as p:
        return {a.id: a.origin for par in paragraphs(p, 1) for a in rows.for_paragraph(p, par.id, "ana")}


def _counts(path: Path) -> dict[str, dict[str, int]]:
    with open_project(path) as p:
        return suggest_service.recommender_counts(p)


def test_a_accepts_the_selected_suggestion_with_its_cue_and_speaker(qtbot, ui_project_path, seeded, no_compute,
                                                                     make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    assert {a.id for a in w.session.anns} == {seeded["quote"], seeded["cue"]}
    assert "2 suggestion(s)" in w.status_counts.text()
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)  # Tab reaches suggestions: the quote comes first
    assert w.session.selected == seeded["quote"]
    assert w.panel_model.index(0, 3).data() == "by quotes 0.90, kind=direct"  # recommender and score listed
    qtbot.keyClick(w.view.text, Qt.Key.Key_A)
    assert set(_origins(ui_project_path).values()) == {"manual"}  # quote, cue and the speaker in ¶1
    assert w.session.selected_annotation().origin == "manual"
    assert _counts(ui_project_path)["quotes"]["accepted"] == 2
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)
    assert set(_origins(ui_project_path).values()) == {"suggested"}
    assert w.view.text.suggestion_boxes  # drawn as suggestions again
    qtbot.keyClick(w, Qt.Key.Key_Z, REDO)
    assert set(_origins(ui_project_path).values()) == {"manual"}
    with open_project(ui_project_path) as p:
        links = {(lk.kind, lk.target_id) for lk in rows.links_from(p, [seeded["quote"]])}
    assert links == {("speaker", seeded["sari"]), ("cue", seeded["cue"])}


def test_delete_rejects_a_suggestion_remembered_and_undone(qtbot, ui_project_path, seeded, no_compute,
                                                            make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.session.select_annotation(seeded["cue"])
    qtbot.keyClick(w.view.text, Qt.Key.Key_Delete)
    assert seeded["cue"] not in _origins(ui_project_path)
    assert _counts(ui_project_path)["quotes"]["rejected"] == 1  # remembered
    assert [a.id for a in w.session.anns] == [seeded["quote"]]
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)
    assert _origins(ui_project_path)[seeded["cue"]] == "suggested"
    assert _counts(ui_project_path).get("quotes", {}).get("rejected", 0) == 0  # the rejection forgotten
    with open_project(ui_project_path) as p:  # the quote's cue link is back too
        assert rows.get_link(p, seeded["quote"], "cue").target_id == seeded["cue"]
    # Delete on an annotation that is no suggestion still deletes it (no rejection)
    w.session.select_annotation(seeded["quote"])
    qtbot.keyClick(w.view.text, Qt.Key.Key_A)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Delete)
    assert seeded["quote"] not in _origins(ui_project_path)
    assert _counts(ui_project_path).get("quotes", {}).get("rejected", 0) == 0


def test_shift_a_accepts_all_and_one_undo_takes_it_back(qtbot, ui_project_path, seeded, no_compute,
                                                        make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    qtbot.keyClick(w.view.text, Qt.Key.Key_A, SHIFT)
    assert set(_origins(ui_project_path).values()) == {"manual"}
    assert w.view.text.suggestion_boxes == []
    assert w.session.undo_stack.count() == 1
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)
    assert set(_origins(ui_project_path).values()) == {"suggested"}
    qtbot.keyClick(w.view.text, Qt.Key.Key_A, SHIFT)
    qtbot.keyClick(w.view.text, Qt.Key.Key_A, SHIFT)  # nothing left to accept: said, not pushed
    assert "no suggestions" in w.statusBar().currentMessage()
    assert w.session.undo_stack.count() == 1


def test_shift_enter_accepts_all_marks_done_and_goes_on(qtbot, ui_project_path, seeded, no_compute,
                                                        make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    par_id = w.session.paragraph.id
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return, SHIFT)
    assert set(_origins(ui_project_path).values()) == {"manual"}
    assert w.session.paragraph.idx == 3
    with open_project(ui_project_path) as p:
        assert rows.status(p, par_id, "ana") == "done"
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)  # one key back: suggestions again, status todo, on the paragraph
    assert w.session.paragraph.id == par_id
    assert set(_origins(ui_project_path).values()) == {"suggested"}
    with open_project(ui_project_path) as p:
        assert rows.status(p, par_id, "ana") == "todo"
    qtbot.keyClick(w, Qt.Key.Key_Z, REDO)
    assert w.session.paragraph.idx == 3
    assert set(_origins(ui_project_path).values()) == {"manual"}


def test_label_key_on_a_suggestion_accepts_it_with_that_label(qtbot, ui_project_path, seeded, no_compute,
                                                              make_window) -> None:
    w = make_window(ui_project_path)
    w.session.open_article(1, 0)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Tab)
    assert w.session.selected == seeded["sari"]
    qtbot.keyClick(w.view.text, Qt.Key.Key_2)  # ORG
    ann = w.session.selected_annotation()
    assert (ann.id, ann.label, ann.origin, ann.attrs["suggested_label"]) == (seeded["sari"], "ORG", "manual",
                                                                             "PERSON")
    assert len(w.session.anns) == 1  # accepted in place, not a second annotation
    assert _counts(ui_project_path)["memory"] == {"accepted": 0, "rejected": 0, "edited": 1}
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)
    ann = w.session.anns[0]
    assert (ann.label, ann.origin, "suggested_label" in ann.attrs) == ("PERSON", "suggested", False)


def test_settings_hide_recommenders_and_low_scores_and_are_stored_in_the_project(
        qtbot, ui_project_path, seeded, no_compute, make_window, monkeypatch) -> None:
    from annotator.core.suggest import registry

    monkeypatch.setitem(registry.RECOMMENDERS, "quotes", registry.RECOMMENDERS["memory"])
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.suggestions.set_min_score(0.85)  # the cue (0.8) is hidden, the quote (0.9) shown
    assert [a.id for a in w.session.anns] == [seeded["quote"]]
    qtbot.keyClick(w.view.text, Qt.Key.Key_A, SHIFT)  # accept all accepts what is shown (and its links)
    assert _origins(ui_project_path)[seeded["quote"]] == "manual"
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)
    act = w.findChild(type(w.actions_by_name["undo"]), "recommender_quotes")
    act.trigger()  # Settings ▸ Suggestions ▸ quotes: off
    assert w.session.anns == []
    with open_project(ui_project_path) as p:
        stored = suggest_edits.load_settings(p)
    assert stored == suggest_edits.SuggestSettings(frozenset({"quotes"}), 0.85)
    w.close()
    w2 = make_window(ui_project_path)
    assert w2.suggestions.settings == stored
    assert not w2.findChild(type(w2.actions_by_name["undo"]), "recommender_quotes").isChecked()


def test_counts_dialog(qtbot, ui_project_path, seeded, no_compute, make_window) -> None:
    from annotator.ui.suggestions import CountsDialog

    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    w.session.select_annotation(seeded["cue"])
    qtbot.keyClick(w.view.text, Qt.Key.Key_Delete)
    qtbot.keyClick(w.view.text, Qt.Key.Key_A)  # the quote: the next suggestion (from the top) is selected
    with open_project(ui_project_path) as p:
        dialog = CountsDialog(suggest_edits.counts(p), w)
    qtbot.addWidget(dialog)
    cells = [[dialog.table.item(r, c).text() for c in range(5)] for r in range(dialog.table.rowCount())]
    assert ["quotes", "1", "1", "0", "50%"] in cells
    assert ["memory", "1", "0", "0", "100%"] in cells  # the speaker, accepted with the quote
    assert "suggestion_counts" in w.actions_by_name


def test_suggestions_arrive_from_the_worker_without_disturbing_the_selection(qtbot, ui_project_path, make_window,
                                                                              monkeypatch) -> None:
    threads: list[str] = []
    release = threading.Event()

    def slow_suggest(project, annotator, paragraph_id, recommenders):
        threads.append(threading.current_thread().name)
        release.wait(5)
        par = next(p for p in paragraphs(project, 1) if p.id == paragraph_id)
        if "Sari Dewi" not in par.text:
            return []
        return [annotate.add_annotation(project, paragraph_id, annotator, "PERSON", *_span(par.text, "Sari Dewi"),
                                        origin="suggested", attrs={"recommender": "memory", "score": 0.5})]

    monkeypatch.setattr(suggest_service, "suggest_paragraph", slow_suggest)
    w = make_window(ui_project_path)
    assert w.session.paragraph.idx == 0 and w.session.anns == []  # opened at once, without its suggestions
    w.view.text.select(0, 7)  # the annotator is selecting text meanwhile
    release.set()
    qtbot.waitUntil(lambda: len(w.session.anns) == 1, timeout=5000)
    assert w.session.anns[0].origin == "suggested"
    assert w.view.text.selection() == (0, 7)
    assert threads and threading.main_thread().name not in threads
    assert w.view.text.suggestion_boxes and w.view.text.span_rects(20, 29)


def test_opening_a_paragraph_never_computes_on_the_ui_thread(qtbot, ui_project_path, make_window,
                                                             monkeypatch) -> None:
    seen: list[tuple[int, bool]] = []

    def slow_suggest(project, annotator, paragraph_id, recommenders):
        seen.append((paragraph_id, threading.current_thread() is threading.main_thread()))
        time.sleep(0.3)
        return []

    monkeypatch.setattr(suggest_service, "suggest_paragraph", slow_suggest)
    w = make_window(ui_project_path)
    for _ in range(2):
        started = time.perf_counter()
        qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert time.perf_counter() - started < 0.25  # the key did not wait for a 0.3 s recommender
        qtbot.wait(ASK_AFTER_MS + 100)  # the paragraph asks the worker a moment after it opens
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=5000)
    assert not any(on_ui for _pid, on_ui in seen)
    QApplication.processEvents()


def test_suggestions_computed_ahead_by_the_real_recommenders(qtbot, tmp_path, make_window,
                                                              real_suggestions) -> None:
    """Entity memory, end to end: label a name, press Enter, the next paragraph shows it proposed."""
    from annotator.importing import import_paths

    src = tmp_path / "a.txt"
    src.write_text("Menteri Keuangan Sri Mulyani tiba di Jakarta.\nSri Mulyani lalu berbicara kepada wartawan.\n"
                   "Wartawan bertanya tentang anggaran.\n", encoding="utf-8")
    path = tmp_path / "m.db"
    with open_project(path) as p:
        import_paths(p, [src])
    w = make_window(path)
    w.view.text.select(*_span("Menteri Keuangan Sri Mulyani tiba di Jakarta.", "Sri Mulyani"))
    qtbot.keyClick(w.view.text, Qt.Key.Key_1)
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)
    assert w.session.paragraph.idx == 1
    qtbot.waitUntil(lambda: any(a.origin == "suggested" for a in w.session.anns), timeout=10000)
    ann = next(a for a in w.session.anns if a.origin == "suggested")
    assert (ann.label, ann.text, ann.attrs["recommender"]) == ("PERSON", "Sri Mulyani", "memory")
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return, SHIFT)  # a correct paragraph: one key
    assert w.session.paragraph.idx == 2
    with open_project(path) as p:
        assert rows.get(p, ann.id).origin == "manual"


def test_quote_with_cue_and_speaker_proposed_and_accepted_with_one_key(qtbot, ui_project_path, make_window,
                                                                       real_suggestions) -> None:
    """The quote rules end to end: the quote paragraph shows a suggested QUOTE and CUE; `a` on the quote
    accepts both, with the speaker and cue links."""
    w = make_window(ui_project_path)
    w.session.open_article(1, 2)
    qtbot.waitUntil(lambda: {a.label for a in w.session.anns} >= {"QUOTE", "CUE"}, timeout=10000)
    quote = next(a for a in w.session.anns if a.label == "QUOTE")
    assert quote.origin == "suggested" and quote.attrs["recommender"] == "quotes"
    w.session.select_annotation(quote.id)
    qtbot.keyClick(w.view.text, Qt.Key.Key_A)
    assert {a.label: a.origin for a in w.session.anns if a.label in ("QUOTE", "CUE")} == {"QUOTE": "manual",
                                                                                          "CUE": "manual"}
    with open_project(ui_project_path) as p:
        kinds = {lk.kind for lk in rows.links_from(p, [quote.id])}
    assert {"speaker", "cue"} <= kinds
    assert "speaker:" in w.panel_model.index(0, 2).data() or any(
        "speaker:" in (w.panel_model.index(r, 2).data() or "") for r in range(w.panel_model.rowCount()))


# -- retraining the project's model in the background ------------------------------------------------------------
@pytest.fixture()
def trainable(monkeypatch) -> None:
    """Training counts as possible here (spaCy or not: nothing is trained in these tests)."""
    from annotator.services import suggest_model

    monkeypatch.setattr(suggest_model, "training_unavailable", lambda _path: None)


@pytest.fixture()
def started(monkeypatch) -> list[list[str]]:
    """The process starter records what it would start and starts nothing (the process never ends by itself)."""
    from PySide6.QtCore import QProcess

    from annotator.ui import retrain

    calls: list[list[str]] = []

    def fake(argv, parent):
        calls.append(list(argv))
        return QProcess(parent)

    monkeypatch.setattr(retrain, "start_process", fake)
    return calls


def _mark_done(qtbot, w) -> None:
    qtbot.keyClick(w.view.text, Qt.Key.Key_Return)


def test_retraining_starts_one_process_when_the_done_count_crosses_n(qtbot, ui_project_path, no_compute, trainable,
                                                                      started, make_window) -> None:
    from annotator.services import suggest_model

    w = make_window(ui_project_path)
    rt = w.suggestions.retrainer
    w.suggestions.set_retrain_every(2)
    with open_project(ui_project_path) as p:
        assert suggest_edits.load_settings(p).retrain_every == 2  # stored with the other suggestion settings
    _mark_done(qtbot, w)  # 1 done: below N
    qtbot.wait(500)
    assert started == []
    _mark_done(qtbot, w)  # 2 done: crosses N
    qtbot.waitUntil(lambda: len(started) == 1, timeout=3000)
    assert started == [suggest_model.train_command(ui_project_path, "ana")]
    assert started[0][-5:] == ["train", str(ui_project_path), "--annotator", "ana", "--json"]
    assert w.statusBar().currentMessage() == "retraining the model…"
    qtbot.keyClick(w, Qt.Key.Key_Z, UNDO)  # back under N and over it again: no second training for the same N
    qtbot.keyClick(w, Qt.Key.Key_Z, REDO)
    qtbot.wait(500)
    assert len(started) == 1
    w.suggestions.set_retrain_every(1)
    _mark_done(qtbot, w)  # 3 done: a new multiple while one runs: none started now, one when it ends
    qtbot.wait(500)
    assert len(started) == 1 and rt.running and rt.pending
    generation = w.suggestions.generation
    rt.finished(0, '{"curve": [{"f1": 0.8125}], "train_paragraphs": 26, "held_out": 6}\n', "")
    assert len(started) == 2  # the one that waited
    assert w.suggestions.generation > generation  # the next suggestions use the new model
    assert w.statusBar().currentMessage() == "retraining the model…"
    rt.finished(1, "", "error: the project is damaged\n")
    assert w.statusBar().currentMessage() == "model not retrained: the project is damaged"
    assert not rt.running and len(started) == 2


def test_retrain_every_0_never_retrains(qtbot, ui_project_path, no_compute, trainable, started, make_window) -> None:
    w = make_window(ui_project_path)
    w.suggestions.set_retrain_every(0)
    for _ in range(3):
        _mark_done(qtbot, w)
    qtbot.wait(500)
    assert started == []
    act = w.findChild(type(w.actions_by_name["undo"]), "suggestRetrainEvery")
    assert act.isEnabled() and "never" in act.text()


def test_status_bar_says_retraining_then_the_f1_of_a_real_process(qtbot, ui_project_path, no_compute, trainable,
                                                                   make_window, monkeypatch) -> None:
    import json
    import sys

    from annotator.services import suggest_model

    report = {"curve": [{"f1": 0.5}, {"f1": 0.875}], "train_paragraphs": 40, "held_out": 10}
    monkeypatch.setattr(suggest_model, "train_command",
                        lambda _path, _who: [sys.executable, "-c", f"print({json.dumps(json.dumps(report))})"])
    w = make_window(ui_project_path)
    w.suggestions.retrainer.start()
    assert w.statusBar().currentMessage() == "retraining the model…"
    qtbot.waitUntil(lambda: "model retrained" in w.statusBar().currentMessage(), timeout=10000)
    assert w.statusBar().currentMessage() == "model retrained: F1 0.88 on 10 held-out paragraph(s), trained on 40"
    assert not w.suggestions.retrainer.running


def test_closing_the_window_kills_the_retraining(qtbot, ui_project_path, no_compute, trainable, make_window,
                                                 monkeypatch) -> None:
    import sys

    from annotator.services import suggest_model

    monkeypatch.setattr(suggest_model, "train_command",
                        lambda _path, _who: [sys.executable, "-c", "import time; time.sleep(60)"])
    w = make_window(ui_project_path)
    rt = w.suggestions.retrainer
    rt.start()
    proc = rt.process
    assert proc.waitForStarted(5000)
    started_at = time.perf_counter()
    w.close()
    assert proc.state() == proc.ProcessState.NotRunning and time.perf_counter() - started_at < 5
    rt.start()  # closed: nothing starts any more
    assert not rt.running


def test_without_spacy_the_setting_is_greyed_out_with_the_reason(qtbot, ui_project_path, no_compute, started,
                                                                 make_window, monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "spacy" else real(name, *a))
    w = make_window(ui_project_path)
    action_type = type(w.actions_by_name["undo"])
    setting = w.findChild(action_type, "suggestRetrainEvery")
    assert not setting.isEnabled()
    assert "pip install 'corpus-annotator[ml]'" in setting.toolTip()
    assert "Retrain the model every N paragraphs done: 50" in setting.text()  # the default
    reason = w.findChild(action_type, "modelUnavailable")  # the menu itself says how to enable it
    assert reason is not None and not reason.isEnabled()
    assert "needs spaCy" in reason.text() and "corpus-annotator[ml]" in reason.text()
    model = w.findChild(action_type, "recommender_model")
    assert not model.isEnabled() and "corpus-annotator[ml]" in model.toolTip()
    w.suggestions.set_retrain_every(1)
    _mark_done(qtbot, w)
    qtbot.wait(500)
    assert started == []  # nothing to train with


def test_model_without_a_trained_model_stays_on_and_quiet(qtbot, ui_project_path, trainable, make_window,
                                                          monkeypatch) -> None:
    """No model trained yet: the window will train one, so the model recommender is not greyed out."""
    seen: list[list[str]] = []
    monkeypatch.setattr(suggest_service, "suggest_paragraph",
                        lambda _p, _a, _pid, names: seen.append(list(names)) or [])
    w = make_window(ui_project_path)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "model" not in seen[0] and "quotes" in seen[0]  # asked, not used: no model yet
    act = w.findChild(type(w.actions_by_name["undo"]), "recommender_model")
    qtbot.waitUntil(lambda: "no model trained" in act.toolTip(), timeout=5000)
    assert act.isEnabled() and act.isChecked()
    assert "no model trained" not in w.statusBar().currentMessage()


def test_after_retraining_the_next_suggestions_use_the_model(qtbot, ui_project_path, trainable, started,
                                                             make_window, monkeypatch) -> None:
    from annotator.services import suggest_model

    trained = {"yet": False}
    monkeypatch.setattr(suggest_model, "model_unavailable",
                        lambda _path, _model=None: None if trained["yet"] else "no model trained for this project yet")
    seen: list[tuple[int, list[str]]] = []
    monkeypatch.setattr(suggest_service, "suggest_paragraph",
                        lambda _p, _a, pid, names: seen.append((pid, list(names))) or [])
    w = make_window(ui_project_path)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert all("model" not in names for _pid, names in seen)
    w.suggestions.retrainer.start()
    trained["yet"] = True  # the process wrote the model
    seen.clear()
    w.suggestions.retrainer.finished(0, '{"curve": [{"f1": 1.0}], "train_paragraphs": 9, "held_out": 3}', "")
    assert w.statusBar().currentMessage().startswith("model retrained: F1 1.00")
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)  # the paragraph on screen again, with the model
    assert seen[0][0] == w.session.paragraph.id and "model" in seen[0][1]


def test_moving_quickly_through_paragraphs_asks_the_worker_once(qtbot, ui_project_path, make_window) -> None:
    """The worker is asked a moment after a paragraph opens: the move paints first, and paragraphs passed
    on the way are not computed."""
    w = make_window(ui_project_path)
    assert w.suggestions.prefetcher is not None
    asked: list[int] = []
    w.suggestions.prefetcher.request = lambda req: asked.append(req.idx)  # type: ignore[method-assign]
    qtbot.wait(ASK_AFTER_MS + 100)
    asked.clear()
    for _ in range(2):
        qtbot.keyClick(w.view.text, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert asked == []
    qtbot.waitUntil(lambda: bool(asked), timeout=2000)
    qtbot.wait(ASK_AFTER_MS + 100)
    assert asked == [w.session.paragraph.idx]
