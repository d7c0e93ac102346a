"""Keys per item: a scripted keyboard session on the real main window, with the token cursor and without it.

    python -m bench.keys_per_item                 # our scraped-style article, and the real sample when present
    python -m bench.keys_per_item --json out.json

The items are a gold list written by hand (``bench/data/keys_<article>.json``): entity, quote and cue spans, and
the speaker and cue links, of the first five paragraphs to annotate (boilerplate left out). The session presses
the keys an annotator would press to make them, without suggestions, and counts every key press (a combination
with modifiers counts once): selecting, the label key, linking (the picker's typed letters and Enter included),
and Enter to go on to the next paragraph.

Selecting is planned as an annotator who knows the keys would do it: the fewest presses (a breadth-first search
over the keys the window offers, from where the caret is) that give a selection snapping to the gold span; the
keys are then sent to the window as real key events (QTest, as pytest-qt sends them), and the session checks that
the window made exactly the gold items. Two ways are measured, each on a fresh project:

- *new*: the token cursor (Ctrl+[Shift+]arrows over words, Home / End of the paragraph), ``Shift+Q`` (the quote
  around the caret), the cue key right after a quote (links it), ``Shift+K`` (links a cue and a quote);
- *old*: the same window without the token cursor, as before it: Qt's own word moves and Home / End of the
  wrapped line, plain and Shift+arrows; there was no key to link a cue, so cue links are left out of its items.

Results go to stdout (a Markdown table) and, with ``--json``, to a file. Not a timing benchmark.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TEXT = ROOT / "tests" / "data" / "scraped-id-news.txt"
DEFAULT_GOLD = ROOT / "bench" / "data" / "keys_scraped-id-news.json"
SAMPLES = ROOT.parent / "shared" / "samples"
ANNOTATOR = "bench-keys"
Way = Literal["new", "old"]
State = tuple[int, int, bool]  # anchor, caret, settled (the selection is the selected annotation's span)
MAX_STATES = 400_000  # the search gives up beyond this many selections (never reached on news paragraphs)
MAX_FIND = 4  # the find bar is tried with up to this many characters of the span typed


@dataclass
class Tally:
    """Key presses of one way, by what they were for."""

    select: int = 0
    label: int = 0
    link_speaker: int = 0
    link_cue: int = 0
    navigate: int = 0
    spans: int = 0
    speaker_links: int = 0
    cue_links: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def keys(self) -> int:
        return self.select + self.label + self.link_speaker + self.link_cue + self.navigate

    def as_dict(self) -> dict[str, Any]:
        items = self.spans + self.speaker_links + self.cue_links
        return {"keys": self.keys, "select": self.select, "label": self.label, "link_speaker": self.link_speaker,
                "link_cue": self.link_cue, "navigate": self.navigate, "spans": self.spans,
                "speaker_links": self.speaker_links, "cue_links": self.cue_links, "items": items,
                "keys_per_item": round(self.keys / items, 2) if items else None,
                "keys_per_item_without_cue_links": round((self.keys - self.link_cue)
                                                         / (self.spans + self.speaker_links), 2)}


def _qt() -> tuple[Any, Any, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["keys_per_item"])
    return app, Qt, QTest


class SelectionModel:
    """What each selecting key does to (anchor, caret) in one paragraph: the token cursor's keys through
    :func:`annotator.core.token_cursor.apply_move`, Qt's own character and word moves through a ``QTextCursor``,
    and the old Home / End (to the wrapped line's start / end) as ``lines`` says, found on the window itself."""

    def __init__(self, way: Way, texts: Sequence[str], index: int, boilerplate: set[int],
                 lines: dict[str, list[int]] | None = None) -> None:
        from PySide6.QtGui import QTextCursor, QTextDocument

        from annotator.core.offsets import OffsetMap

        self.way, self.texts, self.index, self.boilerplate = way, texts, index, boilerplate
        self.text = texts[index]
        omap = OffsetMap(self.text)
        doc = QTextDocument()
        doc.setPlainText(self.text)
        ops = {"Right": QTextCursor.MoveOperation.Right, "Left": QTextCursor.MoveOperation.Left,
               "NextWord": QTextCursor.MoveOperation.NextWord, "PreviousWord": QTextCursor.MoveOperation.PreviousWord}
        self.table: dict[str, list[int]] = dict(lines or {})
        for name, op in ops.items():
            row = []
            for pos in range(len(self.text) + 1):
                cur = QTextCursor(doc)
                cur.setPosition(omap.to_utf16(pos))
                cur.movePosition(op)
                row.append(omap.to_codepoint(cur.position()))
            self.table[name] = row
        self.keys = ["Right", "Left", "Shift+Right", "Shift+Left", "Ctrl+Right", "Ctrl+Left", "Ctrl+Shift+Right",
                     "Ctrl+Shift+Left", "Home", "End", "Shift+Home", "Shift+End"]
        if way == "new":
            self.keys += ["Shift+Q", "J", "Shift+J"]

    def step(self, state: State, key: str) -> State:
        from annotator.core.quote_select import enclosing_quote
        from annotator.core.token_cursor import Move, apply_move

        anchor, caret, settled = state
        shift = "Shift+" in key
        base = key.replace("Shift+", "")
        if key in ("J", "Shift+J"):
            from annotator.core.token_cursor import select_name

            found = select_name(self.text, anchor, caret, backwards=key == "Shift+J",
                                settled=settled and anchor != caret)
            return (found[0], found[1], False) if found is not None else state
        if key == "Shift+Q":
            sel = (min(anchor, caret), max(anchor, caret)) if anchor != caret else None
            got = enclosing_quote(self.texts, self.index, caret, self.boilerplate, sel)
            return (got[0], got[1], False) if got is not None else state
        if base in ("Right", "Left"):
            moved = self.table[base][caret]
            if shift:
                return anchor, moved, False
            if anchor != caret:  # Qt collapses a selection to its edge
                edge = max(anchor, caret) if base == "Right" else min(anchor, caret)
                return edge, edge, False
            return moved, moved, False
        if self.way == "new":
            moves: dict[str, Move] = {"Ctrl+Right": "word_right", "Ctrl+Left": "word_left", "Home": "home",
                                      "End": "end"}
            a, c = apply_move(self.text, anchor, caret, moves[base], shift, settled and anchor != caret)
            return a, c, False
        op = {"Ctrl+Right": "NextWord", "Ctrl+Left": "PreviousWord", "Home": "StartOfLine", "End": "EndOfLine"}[base]
        moved = self.table[op][caret]
        return (anchor if shift else moved), moved, False

    def find(self, state: State, needle: str) -> State:
        """The find bar (``/``, the text, Enter): the next match after the selection's start, else the first."""
        anchor, caret, _settled = state
        start_at = min(anchor, caret) + 1 if anchor != caret else 0
        pos = self.text.find(needle, start_at)
        pos = self.text.find(needle) if pos < 0 else pos
        return (pos, pos + len(needle), False) if pos >= 0 else state

    def plan(self, start: State, target: tuple[int, int]) -> list[str]:
        """The fewest key presses from ``start`` to a selection that snaps to ``target`` (Dijkstra: a key costs
        one press, the find bar ``/`` + its text + Enter as many as it takes; found text is given as ``/text``)."""
        from annotator.core.snap import snap

        def reached(state: State) -> bool:
            lo, hi = min(state[0], state[1]), max(state[0], state[1])
            return lo < hi and snap(self.text, lo, hi) == target

        if reached(start):
            return []
        goal = self.text[target[0]:target[1]]
        needles = sorted({goal[i:i + n] for n in range(1, MAX_FIND + 1) for i in range(len(goal) - n + 1)
                          if goal[i:i + n].strip() == goal[i:i + n] and goal[i:i + n].isascii()})  # typeable
        moves = [(key, 1) for key in self.keys] + [(f"/{needle}", len(needle) + 2) for needle in needles]
        best: dict[State, int] = {start: 0}
        parent: dict[State, tuple[State, str]] = {}
        heap: list[tuple[int, int, State]] = [(0, 0, start)]
        order = 0
        while heap and len(best) < MAX_STATES:
            cost, _n, state = heapq.heappop(heap)
            if cost > best[state]:
                continue
            if reached(state):
                keys: list[str] = []
                while state != start:
                    state, key = parent[state]
                    keys.append(key)
                return keys[::-1]
            for key, price in moves:
                nxt = self.find(state, key[1:]) if key.startswith("/") else self.step(state, key)
                if cost + price < best.get(nxt, 1 << 30):
                    best[nxt] = cost + price
                    parent[nxt] = (state, key)
                    order += 1
                    heapq.heappush(heap, (cost + price, order, nxt))
        raise RuntimeError(f"no key sequence selects {goal!r}")


def _span(text: str, gold: dict[str, Any]) -> tuple[int, int]:
    """A gold span in its paragraph: by ``start`` / ``end`` (code points), or by ``text`` and occurrence ``nth``."""
    if "start" in gold:
        return gold["start"], gold["end"]
    return _find(text, gold["text"], gold.get("nth", 0))


def _find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{needle!r} (occurrence {nth}) is not in the paragraph {text[:60]!r}")
    return start, start + len(needle)


class Session:
    """One way, one fresh project, one window: the gold items made by key presses."""

    def __init__(self, way: Way, article: Path, gold: dict[str, Any], workdir: Path) -> None:
        from PySide6.QtCore import QSettings

        from annotator.importing import import_paths
        from annotator.services import suggest
        from annotator.store.project import open_project
        from annotator.ui.main_window import MainWindow

        self.app, self.Qt, self.QTest = _qt()
        self._suggest, self._real_suggest = suggest, suggest.suggest_paragraph  # put back by close()
        suggest.suggest_paragraph = lambda *_a, **_k: []  # type: ignore[assignment]  # without suggestions
        self.way, self.gold, self.tally = way, gold, Tally()
        path = workdir / f"{way}.db"
        with open_project(path) as project:
            import_paths(project, [article])
        self.window = MainWindow(open_project(path), ANNOTATOR, QSettings(str(workdir / f"{way}.ini"),
                                                                           QSettings.Format.IniFormat))
        self.window.resize(1280, 800)
        self.window.show()
        self.window.activateWindow()
        self._settle()
        if way == "old":
            self.window.view.text.removeEventFilter(self.window.token_cursor)
        self.window.view.text.setFocus()
        self.ids: dict[str, int] = {}  # gold span id -> annotation id

    # -- keys -----------------------------------------------------------------------------------------------
    def _settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()

    def press(self, key: str, purpose: str) -> None:
        qt = self.Qt
        if key.startswith("/") and len(key) > 1:  # the find bar: "/", the text typed, Enter
            self.press("/", purpose)
            bar = self.window.find_bar
            for ch in key[1:]:
                self.QTest.keyClicks(bar, ch)
                setattr(self.tally, purpose, getattr(self.tally, purpose) + 1)
            self.QTest.keyClick(bar, qt.Key.Key_Return)
            self._settle()
            setattr(self.tally, purpose, getattr(self.tally, purpose) + 1)
            self.tally.log[-1] = f"{key}⏎"
            return
        mods = qt.KeyboardModifier.NoModifier
        parts = key.split("+")
        for mod, flag in (("Ctrl", qt.KeyboardModifier.ControlModifier), ("Shift", qt.KeyboardModifier.ShiftModifier)):
            if mod in parts[:-1]:
                mods |= flag
        name = {"/": "Slash"}.get(parts[-1], parts[-1])
        qkey = getattr(qt.Key, f"Key_{name.upper() if len(name) == 1 else name}")
        self.tally.log.append(key)  # before the key: a dialog it opens logs its own keys after it
        self.QTest.keyClick(self.window.view.text, qkey, mods)
        self._settle()
        setattr(self.tally, purpose, getattr(self.tally, purpose) + 1)

    def lines(self, n: int) -> dict[str, list[int]]:
        """Where Qt's own Home and End go from each position of the paragraph (the wrapped line's start and end),
        tried on the window (these presses are not counted); the selection is put back as it was."""
        qt, text = self.Qt, self.window.view.text
        anchor, caret, _settled = self.state()
        out: dict[str, list[int]] = {"StartOfLine": [], "EndOfLine": []}
        for name, key in (("StartOfLine", qt.Key.Key_Home), ("EndOfLine", qt.Key.Key_End)):
            for pos in range(n + 1):
                text.select(pos, pos)
                self.QTest.keyClick(text, key)
                out[name].append(text.caret())
        text.select(anchor, caret)
        self._settle()
        return out

    def state(self) -> State:
        text = self.window.view.text
        caret, sel = text.caret(), text.selection()
        anchor = caret if sel is None else (sel[0] if caret == sel[1] else sel[1])
        ann = self.window.session.selected_annotation()
        return anchor, caret, sel is not None and ann is not None and (ann.start, ann.end) == sel

    # -- the session ---------------------------------------------------------------------------------------------
    def run(self) -> Tally:
        session = self.window.session
        pars = self.gold["paragraphs"]
        for n, gpar in enumerate(pars):
            if session.paragraph is None or session.paragraph.idx != gpar["idx"]:
                raise RuntimeError(f"expected paragraph {gpar['idx']}, the window shows "
                                   f"{None if session.paragraph is None else session.paragraph.idx}")
            self.paragraph(gpar, pars[:n + 1])
            self.press("Return", "navigate")
        return self.tally

    def paragraph(self, gpar: dict[str, Any], upto: list[dict[str, Any]]) -> None:
        session = self.window.session
        par = session.paragraph
        assert par is not None
        text = par.text
        # left to right as a reader goes: by where each span ends (a quote after the names inside it, so that the
        # caret is inside the quote when its turn comes)
        spans = sorted(gpar["spans"], key=lambda s: _span(text, s)[::-1])
        links = [lk for p in upto for lk in p["links"]]
        texts = [p.text for p in session.paragraphs]
        boilerplate = {i for i, p in enumerate(session.paragraphs) if p.boilerplate}
        index = next(i for i, p in enumerate(session.paragraphs) if p.id == par.id)
        lines = self.lines(len(text)) if self.way == "old" else None
        model = SelectionModel(self.way, texts, index, boilerplate, lines)
        for span in spans:
            target = _span(text, span)
            for _attempt in range(4):  # plan, press, look: again from where the window really is, if it differs
                keys = model.plan(self.state(), target)
                for key in keys:
                    self.press(key, "select")
                sel = self.window.view.text.selection()
                if sel is not None and _snapped(text, sel) == target:
                    break
            else:
                raise RuntimeError(f"could not select {text[target[0]:target[1]]!r}")
            label = session.schema.get(span["label"])
            self.press(label.key.upper() if label.key.isalpha() else label.key, "label")
            ann = session.selected_annotation()
            if ann is None or (ann.start, ann.end, ann.label) != (*target, span["label"]):
                raise RuntimeError(f"labelling {text[target[0]:target[1]]!r} as {span['label']} made {ann}")
            self.tally.spans += 1
            self.ids[span["id"]] = ann.id
            for link in links:
                if span["id"] in (link["source"], link["target"]) and all(k in self.ids for k in
                                                                          (link["source"], link["target"])):
                    self.link(link)

    def link(self, link: dict[str, Any]) -> None:
        from annotator.services import annotate

        session = self.window.session
        project = session.workspace.project
        source, target = self.ids[link["source"]], self.ids[link["target"]]

        def made() -> bool:
            got = annotate.link_of(project, source, link["kind"])
            return got is not None and got.target_id == target

        if link["kind"] == "cue":
            if self.way == "old":
                return  # no key links a cue the old way
            if not made():  # the cue key right after its quote linked it already; else Shift+K on what is selected
                self.press("Shift+K", "link_cue")
            if not made():
                raise RuntimeError(f"Shift+K did not link {link}")
            self.tally.cue_links += 1
            return
        self.select_annotation(source, "link_speaker")
        name = next(a.text for a in session.anns + self._article_anns() if a.id == target)
        self.pick(name)
        self.press("S", "link_speaker")
        if not made():
            raise RuntimeError(f"the picker did not link {link}")
        self.tally.speaker_links += 1

    def _article_anns(self) -> list[Any]:
        session = self.window.session
        return [a for p in session.paragraphs for a in session.workspace.annotations(p.id)]

    def select_annotation(self, ann_id: int, purpose: str) -> None:
        """Tab or Shift+Tab until ``ann_id`` is selected, whichever takes fewer presses."""
        session = self.window.session
        ids = [a.id for a in session.anns]
        if session.selected == ann_id:
            return
        here = ids.index(session.selected) if session.selected in ids else None
        forward = (ids.index(ann_id) - here) % len(ids) if here is not None else len(ids)
        key = "Tab" if here is None or forward <= len(ids) - forward else "Shift+Tab"
        for _ in range(len(ids) + 1):
            if session.selected == ann_id:
                return
            self.press(key, purpose)
        raise RuntimeError("Tab did not reach the annotation")

    def pick(self, name: str) -> None:
        """Answer the picker the next key opens: type as few letters of ``name`` as make it the first row, Enter."""
        from PySide6.QtCore import QSortFilterProxyModel, QTimer

        from annotator.ui.source_picker import SourcePicker

        def answer() -> None:
            dialog = self.app.activeModalWidget()
            if not isinstance(dialog, SourcePicker) or self.app.activeWindow() is not dialog:
                QTimer.singleShot(10, answer)  # until it is up and has the keyboard
                return
            probe = QSortFilterProxyModel()  # the dialog's filter, tried aside: how many letters are needed
            probe.setSourceModel(dialog.proxy.sourceModel())
            probe.setFilterCaseSensitivity(dialog.proxy.filterCaseSensitivity())
            typed = name
            for k in range(len(name) + 1):
                probe.setFilterFixedString(name[:k])
                first = probe.index(0, 0).data() or ""
                if first.strip("\u2068\u2069").startswith(name):
                    typed = name[:k]
                    break
            for ch in typed:
                self.QTest.keyClicks(dialog.filter, ch)
                self.tally.link_speaker += 1
                self.tally.log.append(ch)
            self.QTest.keyClick(dialog.filter, self.Qt.Key.Key_Return)
            self.tally.link_speaker += 1
            self.tally.log.append("Return (picker)")

        QTimer.singleShot(0, answer)

    def close(self) -> None:
        self.window.close()
        self._settle()
        self._suggest.suggest_paragraph = self._real_suggest


def _snapped(text: str, sel: tuple[int, int]) -> tuple[int, int] | None:
    from annotator.core.snap import snap

    return snap(text, *sel)


def measure(article: Path, gold_path: Path) -> dict[str, Any]:
    """Both ways on ``article`` with the gold items of ``gold_path``."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {"article": _shown(article), "gold": _shown(gold_path),
                           "paragraphs": [p["idx"] for p in gold["paragraphs"]]}
    with tempfile.TemporaryDirectory(prefix="keys-per-item-") as tmp:
        for way in ("new", "old"):
            session = Session(way, article, gold, Path(tmp))
            try:
                tally = session.run()
            finally:
                session.close()
            out[way] = tally.as_dict()
            out[way]["sequence"] = " ".join(tally.log)
    return out


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def _samples(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".jsonl") and p.is_file())


def _table(results: list[dict[str, Any]]) -> str:
    rows = ["| article | way | items (spans + speaker + cue links) | keys | keys / item | keys / item without cue "
            "links | select / label / speaker / cue / Enter |", "|---|---|---|---|---|---|---|"]
    for r in results:
        for way in ("new", "old"):
            t = r[way]
            rows.append(f"| {Path(r['article']).name} | {way} | {t['items']} ({t['spans']} + {t['speaker_links']} + "
                        f"{t['cue_links']}) | {t['keys']} | {t['keys_per_item']} | "
                        f"{t['keys_per_item_without_cue_links']} | {t['select']} / {t['label']} / "
                        f"{t['link_speaker']} / {t['link_cue']} / {t['navigate']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None, report: Callable[[str], None] = print) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(prog="python -m bench.keys_per_item", description=__doc__.split("\n\n")[0])
    parser.add_argument("--article", type=Path, default=DEFAULT_TEXT)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of the real sample (skipped if empty)")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    results = [measure(args.article.resolve(), args.gold.resolve())]
    samples = _samples(args.samples)
    if not samples:
        report(f"real sample: skipped — no .txt or .jsonl file in {args.samples}")
    for sample in samples:
        gold = ROOT / "bench" / "data" / f"keys_{sample.stem}.json"
        if not gold.exists():
            report(f"real sample {sample.name}: skipped — no gold items in {gold.relative_to(ROOT)} "
                   "(write them as in keys_scraped-id-news.json to measure it)")
            continue
        results.append(measure(sample, gold))
    report(_table(results))
    for r in results:
        for way in ("new", "old"):
            report(f"{Path(r['article']).name}, {way}: {r[way]['sequence']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return results


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
