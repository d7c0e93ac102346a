"""Hostile input files: random bytes and random Unicode into every importer.

Each input is either imported with the text invariants intact, or refused with
an :class:`AnnotatorError` of one line, and then the project is exactly as it
was (every row of every table compared). The files go the way the CLI sends
them: ``.txt`` and plain ``.jsonl`` to ``import_paths``, native and spans
``.jsonl`` to ``import_annotated``. Examples are derandomized: the same ones
run every time.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.importing import import_annotated, import_paths, is_annotated_file
from annotator.export import ExportOptions, export_corpus
from annotator.store.labels_store import load_schema
from annotator.store.project import Project, open_project
from tests.io.corpus_builder import build
from tests.safety.helpers import dump

EXAMPLES = 400  # per strategy; about 2,800 inputs in all
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

NASTY = ["\x00", "\r", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\u200f", "\u202e",
         "\u200b", "\ufeff", " ", "\u00a0", "\u3000", "e\u0301", "👍🏽", "🇮🇩", "👨\u200d👩\u200d👧", '"', "\\", "{", "}",
         ":", ",", "[", "]", "\ud800", "\udfff", "ж", "ن", "Menteri", "02:26", "Leave a Reply", "“", "”"]
SPANS_LABELS = ["PERSON", "ORG", "GPE", "QUOTE", "CUE", "CLAIM", "person", "NOPE", "", "ROLE"]

def mostly(valid: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually ``valid`` (so the importer gets past its first checks), now and then ``hostile``."""
    return st.integers(0, 9).flatmap(lambda i: valid if i < 8 else hostile)


nasty_text = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), max_size=40).map("".join)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(-3, 300), st.integers(), st.floats(), nasty_text)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                  st.dictionaries(nasty_text, inner, max_size=4)),
                          max_leaves=12)


class Importer:
    """One project for many examples; a new one every so often so the table dumps stay small."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="annotator-fuzz-")
        self.folder = Path(self._dir.name)
        self.n = 0
        self.project = self._new()
        self.imported = self.refused = 0

    def _new(self) -> Project:
        p = open_project(self.folder / f"p{self.n}.db")
        p.conn.execute("PRAGMA synchronous = OFF")  # speed only: transactions stay transactions
        return p

    def close(self) -> None:
        self.project.close()
        self._dir.cleanup()

    def run(self, data: bytes, suffix: str, *, encoding: str | None = None, as_suggestions: bool = False,
            skip_bad: bool = False, expect_text: str | None = None, fresh: bool = False) -> None:
        self.n += 1
        if self.n % 150 == 0 or fresh:
            old = self.project.path
            self.project.close()
            for leftover in (old, Path(f"{old}-wal"), Path(f"{old}-shm")):
                leftover.unlink(missing_ok=True)
            self.project = self._new()
        p = self.project
        path = self.folder / f"input{suffix}"
        path.write_bytes(data)
        before = dump(p.conn)
        last_article = p.scalar("SELECT coalesce(max(id), 0) FROM articles")
        try:
            if suffix == ".jsonl" and is_annotated_file(path, encoding):
                import_annotated(p, [path], annotator="fuzz", as_suggestions=as_suggestions, encoding=encoding,
                                 skip_bad=skip_bad)
            else:
                import_paths(p, [path], encoding=encoding, skip_bad=skip_bad)
        except AnnotatorError as exc:
            message = str(exc)
            assert message and len(message.splitlines()) == 1, repr(message)
            assert dump(p.conn) == before, "a refused import changed the project"
            self.refused += 1
            return
        self.imported += 1
        check_invariants(p, last_article)
        if expect_text is not None:
            texts = [r[0] for r in p.conn.execute("SELECT text FROM articles WHERE id > ?", (last_article,))]
            assert texts in ([], [expect_text])  # stored exactly (or a duplicate of one already there)


def check_invariants(p: Project, after_article: int) -> None:
    """Paragraphs cut the text exactly and cover every non-white-space character; spans lie inside them."""
    schema = load_schema(p)
    for art_id, text in p.conn.execute("SELECT id, text FROM articles WHERE id > ?", (after_article,)).fetchall():
        assert isinstance(text, str) and text.strip()
        pars = p.conn.execute('SELECT id, start, "end" FROM paragraphs WHERE article_id = ? ORDER BY idx',
                              (art_id,)).fetchall()
        assert pars, f"article {art_id} has no paragraph"
        covered = bytearray(len(text))
        prev_end = 0
        for pid, start, end in pars:
            assert prev_end <= start < end <= len(text), (start, end, len(text))
            body = text[start:end]
            assert body == body.strip() and body, repr(body)
            covered[start:end] = b"\x01" * (end - start)
            prev_end = end
            for a_start, a_end, a_text, label, layer in p.conn.execute(
                    'SELECT start, "end", text, label, layer FROM annotations WHERE paragraph_id = ?', (pid,)):
                assert 0 <= a_start < a_end <= len(body) and body[a_start:a_end] == a_text
                assert schema.get(label).layer == layer
        outside = [c for c, inside in zip(text, covered) if not inside and not c.isspace()]
        assert not outside, f"article {art_id}: {outside[:5]!r} lie in no paragraph"
    bad_links = p.conn.execute(
        "SELECT count(*) FROM links l JOIN annotations s ON s.id = l.source_id "
        "JOIN annotations t ON t.id = l.target_id JOIN paragraphs ps ON ps.id = s.paragraph_id "
        "JOIN paragraphs pt ON pt.id = t.paragraph_id "
        "WHERE s.annotator_id != t.annotator_id OR ps.article_id != pt.article_id").fetchone()[0]
    assert bad_links == 0


@pytest.fixture(scope="module")
def importer() -> Iterator[Importer]:
    imp = Importer()
    yield imp
    imp.close()


@cache
def _exports() -> dict[str, list[dict[str, Any]]]:
    """Real native (paragraph and article units) and spans lines to mutate."""
    out: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "in").mkdir()
        with open_project(folder / "p.db") as p:
            build(p, folder / "in")
            for key, opts in {"native": ExportOptions(format="native"),
                              "native-article": ExportOptions(format="native", unit="article"),
                              "spans": ExportOptions(format="spans")}.items():
                export_corpus(p, opts, folder / f"{key}.jsonl")
                out[key] = [json.loads(line) for line in (folder / f"{key}.jsonl").read_text("utf-8").splitlines()]
    return out


def _lines(objs: list[Any], ensure_ascii: bool) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=ensure_ascii) + "\n" for o in objs).encode("utf-8", "surrogatepass")


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value that can be replaced."""
    found = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            found += _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            found += _paths(v, prefix + (i,))
    return found


@st.composite
def mutated_export(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["native", "native-article", "spans"]))
    lines = copy.deepcopy(_exports()[kind])
    lines = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=4)) if draw(st.booleans()) else lines
    lines = copy.deepcopy(lines)
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        places = _paths(lines[i])
        if draw(st.booleans()):  # half the time an offset, nudged: the subtle kind of damage
            places = [w for w in places if w and w[-1] in ("start", "end")] or places
        where = draw(st.sampled_from(places))
        if not where:
            continue
        parent = lines[i]
        for key in where[:-1]:
            parent = parent[key]
        old = parent[where[-1]]
        if draw(st.integers(0, 5)) == 0 and isinstance(parent, dict):
            del parent[where[-1]]
        elif isinstance(old, int) and not isinstance(old, bool):
            parent[where[-1]] = draw(mostly(st.integers(old - 3, old + 3), json_value))  # offsets just off
        elif isinstance(old, str):
            parent[where[-1]] = draw(mostly(st.one_of(nasty_text, st.just(old + draw(nasty_text))), json_value))
        else:
            parent[where[-1]] = draw(json_value)
    data = _lines(lines, ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 9)) == 0:  # a cut or a stray byte
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=3)) + data[cut:]
    return data


CLEAN = [c for c in NASTY if c not in ("\x00", "\ud800", "\udfff")]  # text the importers must take
words = st.lists(st.one_of(st.sampled_from(CLEAN), st.sampled_from(["Ayu", "said", "“yes”", "Budi", "."]),
                           st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=5)),
                 min_size=1, max_size=30).map(lambda parts: "".join(parts) + "x")
article_ids = st.one_of(st.sampled_from(["a", "b", "7", "a\nb", "ж", "x y", "x\ud800", " "]), st.integers(0, 9))


HOSTILITY = st.sampled_from([0, 0, 1, 2])  # per example: all fields valid-shaped, one in 20 hostile, one in 4


def pick(draw: st.DrawFn, level: int, valid: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> Any:
    if level and draw(st.integers(0, 19)) < (1 if level == 1 else 5):
        return draw(hostile)
    return draw(valid)


def _span(draw: st.DrawFn, level: int, text: str) -> dict[str, Any]:
    n = len(text)
    start = pick(draw, level, st.integers(0, max(n - 1, 0)), json_scalar)
    end = pick(draw, level, st.integers(start + 1, n) if isinstance(start, int) and 0 <= start < n else st.just(n),
               json_scalar)
    span: dict[str, Any] = {"start": start, "end": end,
                            "label": pick(draw, level, st.sampled_from(SPANS_LABELS[:6]),
                                          st.sampled_from(SPANS_LABELS))}
    if draw(st.booleans()) and isinstance(start, int) and isinstance(end, int):
        span["text"] = pick(draw, level, st.just(text[start:end]), nasty_text)
    return span


@st.composite
def spans_lines(draw: st.DrawFn) -> bytes:
    level = draw(HOSTILITY)
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        text = pick(draw, level, words, st.one_of(nasty_text, json_scalar))
        if not isinstance(text, str):
            rows.append({"text": text, "spans": []})
            continue
        spans = [_span(draw, level, text) for _ in range(draw(st.integers(0, 4)))]
        row: dict[str, Any] = {"text": text, "spans": pick(draw, level, st.just(spans), json_value)}
        if draw(st.booleans()):
            row["meta"] = {"article_id": pick(draw, level, article_ids, json_value),
                           "paragraph": pick(draw, level, st.integers(0, 3), json_scalar)}
        if spans and draw(st.booleans()):
            row["relations"] = [{"head_span": draw(st.sampled_from(spans)),
                                 "child_span": pick(draw, level, st.sampled_from(spans), json_value),
                                 "label": draw(st.sampled_from(["speaker", "claimant", "cue", "other", 3]))}]
        if draw(st.booleans()):
            row["answer"] = draw(st.sampled_from(["accept", "accept", "reject", "ignore", None]))
        rows.append(row)
    return _lines(rows, ensure_ascii=pick(draw, level, st.just(True), st.booleans()))


@st.composite
def article_lines(draw: st.DrawFn) -> bytes:
    level = draw(HOSTILITY)
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row: dict[str, Any] = {"id": pick(draw, level, article_ids, json_scalar),
                               "text": pick(draw, level, words, json_value)}
        for key in ("title", "url", "lang", "source"):
            if draw(st.booleans()):
                row[key] = pick(draw, level, words, st.one_of(nasty_text, json_scalar))
        if draw(st.booleans()):
            row["meta"] = pick(draw, level, st.dictionaries(words, json_value, max_size=3), json_value)
        rows.append(row)
    return _lines(rows, ensure_ascii=pick(draw, level, st.just(True), st.booleans()))


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl"]))
def test_random_bytes(importer: Importer, data: bytes, suffix: str) -> None:
    importer.run(data, suffix)


@FUZZ
@given(text=nasty_text, bom=st.booleans(), encoding=st.sampled_from([None, None, None, "latin-1", "utf-16"]))
def test_random_unicode_txt(importer: Importer, text: str, bom: bool, encoding: str | None) -> None:
    if encoding is None:
        data = (b"\xef\xbb\xbf" if bom else b"") + _encode(text)
        ok = "\ud800" not in text and "\udfff" not in text
        importer.run(data, ".txt", expect_text=text.removeprefix("\ufeff") if ok and not bom else None)
    else:
        importer.run(text.encode(encoding, "replace"), ".txt", encoding=encoding)


@FUZZ
@given(data=article_lines())
def test_random_article_jsonl(importer: Importer, data: bytes) -> None:
    importer.run(data, ".jsonl")


@FUZZ
@given(data=spans_lines(), as_suggestions=st.booleans(), skip_bad=st.booleans())
def test_random_spans_jsonl(importer: Importer, data: bytes, as_suggestions: bool, skip_bad: bool) -> None:
    importer.run(data, ".jsonl", as_suggestions=as_suggestions, skip_bad=skip_bad)


@FUZZ
@given(data=mutated_export(), as_suggestions=st.booleans(), fresh=st.booleans())
def test_mutated_native_and_spans_exports(importer: Importer, data: bytes, as_suggestions: bool, fresh: bool) -> None:
    """Into an empty project (the articles are made from the file) or one that may have them already."""
    importer.run(data, ".jsonl", as_suggestions=as_suggestions, fresh=fresh)


@st.composite
def nudged_layout(draw: st.DrawFn) -> bytes:
    """A native article whose paragraph layout is a few characters off, in either native shape."""
    delta = draw(st.integers(-3, 3).filter(bool))
    if draw(st.booleans()):
        line = copy.deepcopy(draw(st.sampled_from(_exports()["native-article"])))
        par = draw(st.sampled_from(line["paragraphs"]))
        par[draw(st.sampled_from(["start", "end"]))] += delta
        return _lines([line], ensure_ascii=False)
    lines = [x for x in _exports()["native"] if x.get("article_paragraphs")]
    line = copy.deepcopy(draw(st.sampled_from(lines)))
    row = draw(st.sampled_from(line["article_paragraphs"]))
    row[draw(st.integers(0, 1))] += delta
    return _lines([line], ensure_ascii=False)


@settings(FUZZ, max_examples=EXAMPLES // 2)
@given(data=nudged_layout())
def test_nudged_paragraph_layout(importer: Importer, data: bytes) -> None:
    importer.run(data, ".jsonl", fresh=True)


@FUZZ
@given(data=st.binary(max_size=400), keep=st.integers(0, 5000), which=st.sampled_from(["native", "spans"]))
def test_export_with_random_bytes_spliced_in(importer: Importer, data: bytes, keep: int, which: str) -> None:
    whole = _lines(_exports()[which], ensure_ascii=False)
    keep = min(keep, len(whole))
    importer.run(whole[:keep] + data + whole[keep:], ".jsonl")


MEGA = 1_000_000


@pytest.mark.parametrize("name, data, suffix", [
    ("one long line", _encode("Kata " * (MEGA // 5)), ".txt"),
    ("long line of RTL marks and NBSP", _encode("\u200f\u00a0" * (MEGA // 2) + "\nakhir"), ".txt"),
    ("long white space only", _encode(" \t\u3000\n" * (MEGA // 4)), ".txt"),
    ("long JSONL text", _encode(json.dumps({"id": "big", "text": "Satu dua. " * (MEGA // 10)}) + "\n"), ".jsonl"),
    ("long garbage line", b"{" * MEGA + b"\n", ".jsonl"),
    ("deeply nested JSON", b"[" * 100_000 + b"]" * 100_000 + b"\n", ".jsonl"),
    ("huge integer id", b'{"id": ' + b"9" * 5000 + b', "text": "x"}\n', ".jsonl"),
    ("long spans line", _encode(json.dumps({"text": "Ayu berkata. " * (MEGA // 13), "spans": [
        {"start": 0, "end": 3, "label": "PERSON"}, {"start": MEGA - 20, "end": MEGA - 10, "label": "ORG"}]}) + "\n"),
     ".jsonl"),
    ("nested spans line", b'{"text": "x", "spans": ' + b"[" * 50_000 + b"]" * 50_000 + b"}\n", ".jsonl"),
    ("lone surrogate escapes", b'{"id": "s", "text": "a\\ud800b"}\n{"text": "\\udfff", "spans": []}\n', ".jsonl"),
])
def test_explicit_hostile_inputs(importer: Importer, name: str, data: bytes, suffix: str) -> None:
    importer.run(data, suffix)


def test_the_fuzzing_did_both(importer: Importer) -> None:
    """Runs last in this module: the inputs were neither all refused nor all accepted."""
    assert importer.imported > 100 and importer.refused > 100, (importer.imported, importer.refused)
