"""The registry of input formats: sorting and sniffing files, and a new format as one reader plus one entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import ArticleIn
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing import import_files
from annotator.importing.readers import registry
from annotator.importing.readers.annotated_jsonl import parse_file
from annotator.importing.readers.decode import iter_lines, read_text
from annotator.importing.readers.lines import Groups, InAnnotation, InArticle, InPiece, Line, ParsedFile
from annotator.importing.readers.registry import ArticleFormat, LineFormat, OnBadLine
from annotator.store.project import open_project


def _lines(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_tables() -> None:
    assert [f.name for f in registry.ARTICLE_FORMATS] == ["txt", "jsonl"]
    assert [f.kind for f in registry.LINE_FORMATS][:2] == ["native", "spans"]
    assert "doccano" in [f.name for f in registry.DOCUMENT_FORMATS]
    assert registry.suffixes()[:2] == (".txt", ".jsonl")
    assert {s for f in registry.DOCUMENT_FORMATS for s in f.suffixes} <= set(registry.suffixes())
    assert registry.suffix_names().startswith(".txt or .jsonl")
    assert registry.no_line_kind().startswith(
        'neither a native line ("format") nor a spans line ("text" and "spans")')


def test_import_format_names_are_the_annotated_readers() -> None:
    names = registry.import_format_names()
    assert names[:2] == ("native", "spans") and "doccano" in names
    assert "txt" not in names and "jsonl" not in names  # plain articles are not forced
    assert len(set(names)) == len(names)
    registry.check_import_format(None)
    registry.check_import_format("doccano", "graphemes")
    with pytest.raises(AnnotatorError, match=r"^unknown import format 'conl' \(one of native, spans, "):
        registry.check_import_format("conl")
    with pytest.raises(AnnotatorError, match=r"^unknown offsets 'bytes' \(one of codepoints, utf16, graphemes\)$"):
        registry.check_import_format("doccano", "bytes")


def test_a_forced_format_sends_every_file_the_annotated_way(tmp_path: Path) -> None:
    plain = _lines(tmp_path / "b.jsonl", [{"id": 1, "text": "Budi tiba."}])
    assert registry.import_path(plain) == "articles"
    assert registry.import_path(plain, forced="doccano") == "annotated"
    doccano = registry.document_format(plain, forced="doccano")
    assert doccano is not None and doccano.name == "doccano" and doccano.read_in is not None
    assert registry.document_format(plain, forced="spans") is None  # a line kind, read line by line
    with pytest.raises(BadInputError, match=r"b\.jsonl:1: no spans"):
        registry.read_document(doccano, plain, None)


def test_read_document_passes_the_offset_unit(tmp_path: Path) -> None:
    text = "Kapal 🚢 tiba di Bitung."
    start = text.index("Bitung")
    f = _lines(tmp_path / "d.jsonl", [{"text": text, "label": [[start + 1, start + 7, "GPE"]]}])  # UTF-16 units
    doccano = registry.document_format(f)
    assert doccano is not None
    (a,) = registry.read_document(doccano, f, None).articles[0].pieces[0].annotations
    assert text[a.start:a.end] == "Bitung"
    (a,) = registry.read_document(doccano, f, None, "codepoints").articles[0].pieces[0].annotations
    assert text[a.start:a.end] == "itung."  # read as code points: one character late
    toy = registry.DocumentFormat("doccano", (".jsonl",), lambda _p, _e: True,  # type: ignore[arg-type]
                                  lambda p, e: registry.read_document(doccano, p, e), "a toy format")
    with pytest.raises(BadInputError, match=r"d\.jsonl: --offsets utf16: a toy format counts code points only"):
        registry.read_document(toy, f, None, "utf16")
    assert registry.read_document(toy, f, None, "codepoints").lines == 1


def test_line_kind_by_fields() -> None:
    assert registry.line_kind({"format": "corpus-annotator-native", "text": "a", "spans": []}) == "native"
    assert registry.line_kind({"text": "a", "spans": []}) == "spans"
    assert registry.line_kind({"id": 1, "text": "a"}) is None
    assert registry.line_kind(["text", "spans"]) is None


def test_files_are_sorted_into_the_two_ways_in(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text("Budi tiba.\n", encoding="utf-8")
    plain = _lines(tmp_path / "b.jsonl", [{"id": 1, "text": "Budi tiba."}])
    spans = _lines(tmp_path / "c.jsonl", [{"text": "Budi tiba.", "spans": []}])
    assert [registry.import_path(p) for p in (txt, plain, spans)] == ["articles", "articles", "annotated"]
    assert registry.article_format(txt).name == "txt" and registry.article_format(plain).name == "jsonl"
    assert not registry.article_format(txt).match_ids and registry.article_format(plain).match_ids
    with pytest.raises(BadInputError, match=r"x\.csv: not a \.txt or \.jsonl( or \.\w+)* file$"):
        registry.article_format(tmp_path / "x.csv")


def test_expand_paths_takes_the_known_suffixes_below_folders(tmp_path: Path) -> None:
    for name in ("b/z.TXT", "a.jsonl", "b/c.csv", "b/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in registry.expand_paths([tmp_path])] == \
        ["a.jsonl", "b/d.txt", "b/z.TXT"]
    with pytest.raises(BadInputError, match=r"c\.csv: not a \.txt or \.jsonl( or \.\w+)* file$"):
        registry.expand_paths([tmp_path / "b" / "c.csv"])
    with pytest.raises(BadInputError, match="no such file or folder"):
        registry.expand_paths([tmp_path / "missing.txt"])


# -- a new format: one reader (here a function of the test) and one registry entry -----------------------------

def _read_tsv(path: Path, encoding: str | None, on_bad: OnBadLine | None) -> Iterator[tuple[ArticleIn, int | None]]:
    """A toy article format: ``id<TAB>text`` per line."""
    for lineno, raw in iter_lines(path, encoding):
        ident, sep, text = raw.partition("\t")
        if not sep:
            err = BadInputError(str(path), "expected id<TAB>text", lineno)
            if on_bad is None:
                raise err
            on_bad(err)
            continue
        yield ArticleIn(ext_id=ident, text=text, source=path.name), lineno


def test_a_new_article_format_is_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = ArticleFormat("tsv", ".tsv", _read_tsv, match_ids=True)  # type: ignore[arg-type]
    monkeypatch.setattr(registry, "ARTICLE_FORMATS", (*registry.ARTICLE_FORMATS, entry))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.tsv").write_text("k1\tBudi tiba di Jakarta.\nk2\tAni pergi.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Sebuah berita lain.\n", encoding="utf-8")
    lines = import_files(tmp_path / "p.db", [folder])
    assert lines[0].startswith("3 article(s), 3 paragraph(s) imported from 2 file(s)")
    (folder / "c.tsv").write_text("k1\tAnother text with the same id.\nbad line\n", encoding="utf-8")
    lines = import_files(tmp_path / "p.db", [folder / "c.tsv"], skip_bad=True)
    assert "1 duplicate(s) skipped" in lines[0] and lines[-1].endswith("c.tsv:2: expected id<TAB>text")
    assert registry.suffix_names().startswith(".txt or .jsonl or .tsv")


_TOY = 'a marks line ("text" and "marks")'


def _recognise_toy(obj: dict[str, Any]) -> bool:
    return "text" in obj and isinstance(obj.get("marks"), list)


def _read_toy(ln: Line, obj: dict[str, Any], groups: Groups, parsed: ParsedFile) -> None:
    """A toy line kind: ``{"text": ..., "marks": [[start, end, LABEL], ...]}``, one article a line."""
    text = ln.get(obj, "text", str)
    piece = InPiece(ln.lineno, None, text, status="done")
    for i, (start, end, label) in enumerate(obj["marks"]):
        ln.span(text, start, end, f"label {i} ({label})")
        piece.annotations.append(InAnnotation(f"{ln.lineno}:{i}", None, None, label, start, end, {}, None, None))
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": Path(ln.path).name, "meta": {}}
    groups[("toy", str(ln.lineno))] = InArticle(ln.path, ln.lineno, "toy", None, head,  # type: ignore[arg-type]
                                                    text, whole=True, pieces=[piece])


def test_a_new_line_kind_is_one_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = LineFormat("toy", ".jsonl", _recognise_toy, _read_toy, _TOY)  # type: ignore[arg-type]
    monkeypatch.setattr(registry, "LINE_FORMATS", (*registry.LINE_FORMATS, entry))
    path = _lines(tmp_path / "d.jsonl", [
        {"text": "Budi tiba di Jakarta.", "marks": [[0, 4, "PERSON"], [13, 20, "GPE"]]},
        {"text": "Budi pergi.", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]}])
    assert registry.sniff(path) == "toy"
    lines = import_files(tmp_path / "p.db", [path], annotator="ana")
    assert lines[0].startswith("3 annotation(s) and 0 link(s) imported from 2 line(s) in 1 file(s); 2 new article(s)")
    with open_project(tmp_path / "p.db", create=False) as p:
        rows = p.conn.execute("SELECT label, text FROM annotations ORDER BY id").fetchall()
    assert rows == [("PERSON", "Budi"), ("GPE", "Jakarta"), ("PERSON", "Budi")]
    bad = _lines(tmp_path / "e.jsonl", [{"text": "x", "spans": []}, {"id": 1}])
    with pytest.raises(BadInputError) as err:
        parse_file(bad)
    assert str(err.value).startswith(f"{bad}:2: neither a native line (\"format\") nor a spans line (\"text\" and "
                                     "\"spans\") nor ")
    assert str(err.value).endswith(f" nor {_TOY}")


def test_decode_is_shared_by_the_readers(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfSatu.\r\nDua.\r\n")
    assert read_text(path) == "Satu.\r\nDua.\r\n"
    assert list(iter_lines(path)) == [(1, "Satu.\r"), (2, "Dua.\r")]
