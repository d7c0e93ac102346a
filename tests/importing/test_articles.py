"""Importing .txt and .jsonl files and folders: exact text, modes, duplicates, bad input, --skip-bad."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.boilerplate import REPEATED, TIMESTAMP, TRAILER
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing import expand_paths, import_paths
from annotator.store import articles as store
from annotator.store.project import Project, open_project
from tests.samples import Sample, samples

HEADLINE = "Pemerintah Kota Menambah Jadwal Kapal Feri ke Pulau Seberang Mulai Bulan Depan"
LINES = [
    HEADLINE,
    "09:40",
    "Dinas Perhubungan menambah dua jadwal kapal feri setiap hari mulai bulan depan.",
    "“Penumpang sudah lama menunggu tambahan jadwal ini,” kata kepala dinas, Rina Hartono.",
    "Menurut dia, kapal tambahan akan berangkat pukul 06.00 dan 18.30 WIB.",
    "Warga menyambut baik rencana itu 🙂.",
    "Leave a Reply",
]
WRAPPED = (
    "The harbour authority said on Monday that the new ferry timetable would\n"
    "start next month, adding two crossings a day for commuters.\n"
    "\n"
    "Officials expect the extra boats to cut waiting times at the pier by\n"
    "half, a spokesman told reporters outside the terminal.\n"
    "\n"
    "Tickets go on sale next week.\n"
)


def dump(path: Path) -> str:
    """Every table's schema and rows, for before/after comparisons."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def _jsonl(path: Path, rows: list[object]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    return _write(path, "\n".join(lines) + "\n")


def _texts(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT text FROM articles ORDER BY id")]


def _pars(project: Project, article_id: int) -> list[tuple[str, str | None]]:
    return [(p.text, p.boilerplate) for p in store.paragraphs(project, article_id)]


def test_txt_one_paragraph_per_line(project: Project, tmp_path: Path) -> None:
    text = "\n".join(LINES) + "\n"
    summary = import_paths(project, [_write(tmp_path / "feri.txt", text)])
    assert (summary.articles, summary.paragraphs, summary.duplicates) == (1, 7, 0)
    assert summary.boilerplate == 2
    assert "line mode" in summary.modes[str(tmp_path / "feri.txt")]
    art_id = summary.article_ids[0]
    row = store.get_article(project, art_id)
    assert row is not None and row.text == text
    assert row.ext_id == "feri"
    assert row.title == HEADLINE
    assert row.split_mode == "line"
    assert _pars(project, art_id) == [(line, None) for line in LINES[:1]] + [("09:40", TIMESTAMP)] + [
        (line, None) for line in LINES[2:6]] + [("Leave a Reply", TRAILER)]
    assert any("line mode" in line for line in summary.lines())


def test_repeated_headline_is_flagged(project: Project, tmp_path: Path) -> None:
    text = "\n".join([HEADLINE, "09:40", HEADLINE[:-15], LINES[2]])
    summary = import_paths(project, [_write(tmp_path / "a.txt", text)])
    assert [f for _, f in _pars(project, summary.article_ids[0])] == [None, TIMESTAMP, REPEATED, None]


def test_hard_wrapped_txt_uses_blank_line_mode(project: Project, tmp_path: Path) -> None:
    summary = import_paths(project, [_write(tmp_path / "ferry.txt", WRAPPED)])
    assert summary.paragraphs == 3
    assert "blank-line mode" in summary.modes[str(tmp_path / "ferry.txt")]
    assert any("blank-line mode" in line for line in summary.lines())
    pars = _pars(project, summary.article_ids[0])
    assert pars[0][0].startswith("The harbour") and pars[0][0].endswith("commuters.")
    assert pars[2] == ("Tickets go on sale next week.", None)
    assert _texts(project) == [WRAPPED]


def test_crlf_file_is_stored_exactly(project: Project, tmp_path: Path) -> None:
    text = "\r\n".join(LINES) + "\r\n"
    summary = import_paths(project, [_write(tmp_path / "crlf.txt", text)])
    assert _texts(project) == [text]
    pars = _pars(project, summary.article_ids[0])
    assert [p for p, _ in pars] == LINES
    wrapped = WRAPPED.replace("\n", "\r\n")
    summary = import_paths(project, [_write(tmp_path / "crlf-wrapped.txt", wrapped)])
    assert summary.paragraphs == 3
    assert all("\r\n\r\n" not in p and not p.endswith("\r") for p, _ in _pars(project, summary.article_ids[0]))


def test_utf8_bom_is_dropped_and_nothing_else(project: Project, tmp_path: Path) -> None:
    text = "  " + "\n".join(LINES) + "\n\n"
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    import_paths(project, [path])
    assert _texts(project) == [text]


def test_latin1_with_encoding(project: Project, tmp_path: Path) -> None:
    text = "Caf\u00e9 baru dibuka di pelabuhan.\nPemiliknya, Jos\u00e9, senang sekali.\n"
    path = _write(tmp_path / "latin.txt", text, "latin-1")
    with pytest.raises(BadInputError, match="UTF-8"):
        import_paths(project, [path])
    summary = import_paths(project, [path], encoding="latin-1")
    assert summary.articles == 1
    assert _texts(project) == [text]


def test_jsonl_fields(project: Project, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "a.jsonl", [
        {"id": "berita-1", "text": f"{HEADLINE}\n{LINES[2]}\n{LINES[3]}", "title": HEADLINE,
         "url": "https://kabar.test/1", "lang": "id", "meta": {"rubrik": "kota", "tags": ["feri"]}},
        {"id": 2, "text": "Second article.\r\nIt has two lines."},
    ])
    summary = import_paths(project, [path])
    assert (summary.articles, summary.paragraphs) == (2, 5)
    first = store.get_article(project, summary.article_ids[0])
    assert first is not None
    assert (first.ext_id, first.title, first.url, first.lang) == ("berita-1", HEADLINE, "https://kabar.test/1", "id")
    assert first.meta == {"rubrik": "kota", "tags": ["feri"]}
    assert first.source == "a.jsonl"
    assert _pars(project, first.id)[0] == (HEADLINE, REPEATED)  # the headline repeated as a paragraph
    second = store.get_article(project, summary.article_ids[1])
    assert second is not None and second.ext_id == "2"
    assert second.text == "Second article.\r\nIt has two lines."
    assert [p for p, _ in _pars(project, second.id)] == ["Second article.", "It has two lines."]


def test_folders_are_recursed(project: Project, tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root / "a.txt", "Artikel pertama di folder.\n")
    _write(root / "sub" / "deeper" / "b.TXT", "Artikel kedua lebih dalam.\n")
    _jsonl(root / "sub" / "c.jsonl", [{"id": "c1", "text": "Artikel ketiga."}, {"id": "c2", "text": "Keempat."}])
    _write(root / "sub" / "notes.md", "bukan artikel")
    _write(root / "sub" / "data.csv", "a,b\n")
    assert len(expand_paths([root])) == 3
    summary = import_paths(project, [root])
    assert (summary.files, summary.articles) == (3, 4)


def test_importing_again_adds_nothing(project: Project, tmp_path: Path) -> None:
    root = tmp_path / "in"
    _write(root / "a.txt", "\n".join(LINES))
    _jsonl(root / "b.jsonl", [{"id": "x", "text": "Satu."}, {"id": "y", "text": "Dua."}])
    first = import_paths(project, [root])
    assert first.articles == 3
    tables = ("articles", "paragraphs")
    before = [project.conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables]
    again = import_paths(project, [root])
    assert (again.articles, again.paragraphs, again.duplicates) == (0, 0, 3)
    assert any("3 duplicate" in line for line in again.lines())
    assert [project.conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables] == before


def test_same_text_under_another_name_is_a_duplicate(project: Project, tmp_path: Path) -> None:
    text = "\n".join(LINES)
    import_paths(project, [_write(tmp_path / "one.txt", text)])
    summary = import_paths(project, [_write(tmp_path / "two.txt", text)])
    assert (summary.articles, summary.duplicates) == (0, 1)
    summary = import_paths(project, [_jsonl(tmp_path / "c.jsonl", [{"id": "other-id", "text": text}])])
    assert (summary.articles, summary.duplicates) == (0, 1)
    assert store.article_count(project) == 1


def test_same_jsonl_id_is_a_duplicate(project: Project, tmp_path: Path) -> None:
    import_paths(project, [_jsonl(tmp_path / "a.jsonl", [{"id": "k1", "text": "Versi pertama."}])])
    summary = import_paths(project, [_jsonl(tmp_path / "b.jsonl", [{"id": "k1", "text": "Versi kedua."}])])
    assert (summary.articles, summary.duplicates) == (0, 1)


def test_different_txt_files_with_the_same_name_are_both_imported(project: Project, tmp_path: Path) -> None:
    a = _write(tmp_path / "2025" / "berita.txt", "Berita tahun lalu tentang pelabuhan.\n")
    b = _write(tmp_path / "2026" / "berita.txt", "Berita tahun ini tentang bandara.\n")
    summary = import_paths(project, [a, b])
    assert (summary.articles, summary.duplicates) == (2, 0)
    ids = [r[0] for r in project.conn.execute("SELECT ext_id FROM articles ORDER BY id")]
    assert ids[0] == "berita" and ids[1].startswith("berita-") and len(set(ids)) == 2


def test_import_is_logged(project: Project, tmp_path: Path) -> None:
    import_paths(project, [_write(tmp_path / "a.txt", "Satu baris.")], annotator="ana")
    row = project.conn.execute("SELECT annotator, action, payload FROM events WHERE action='import'").fetchone()
    assert row[0] == "ana"
    assert "a.txt" in json.loads(row[2])["file"]


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, int | None]]:
    """name -> (file, expected line or None)."""
    good = json.dumps({"id": "g1", "text": "Baris yang baik."})
    cases: dict[str, tuple[Path, int | None]] = {
        "not-utf8": (_write(tmp / "latin.txt", "Caf\u00e9 dibuka.\n", "latin-1"), 1),
        "binary": (tmp / "bin.txt", None),
        "empty": (tmp / "empty.txt", None),
        "blank": (_write(tmp / "blank.txt", " \n\t\r\n\n"), None),
        "malformed-jsonl": (_jsonl(tmp / "malformed.jsonl", [good, '{"id": "2", "text": "tanpa akhir"']), 2),
        "id-list": (_jsonl(tmp / "idlist.jsonl", [good, {"id": ["a"], "text": "x"}]), 2),
        "text-number": (_jsonl(tmp / "textnum.jsonl", [good, good.replace("g1", "g2"), {"id": "3", "text": 5}]), 3),
        "meta-string": (_jsonl(tmp / "metastr.jsonl", [{"id": "4", "text": "x", "meta": "m"}]), 1),
        "title-number": (_jsonl(tmp / "titlenum.jsonl", [good, {"id": "5", "text": "x", "title": 7}]), 2),
        "surrogate": (_jsonl(tmp / "surrogate.jsonl", [good, r'{"id": "6", "text": "a\ud800b"}']), 2),
        "jsonl-not-object": (_jsonl(tmp / "array.jsonl", [good, "[1, 2]"]), 2),
        "not-txt": (_write(tmp / "article.docx", "PK\x03\x04"), None),
        "missing": (tmp / "nope" / "gone.txt", None),
    }
    (tmp / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp / "empty.txt").write_bytes(b"")
    return cases


BAD_NAMES = ["not-utf8", "binary", "empty", "blank", "malformed-jsonl", "id-list", "text-number", "meta-string",
             "title-number", "surrogate", "jsonl-not-object", "not-txt", "missing"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_input_leaves_the_project_as_it_was(tmp_path: Path, name: str) -> None:
    path = tmp_path / "p.db"
    good = _write(tmp_path / "good" / "first.txt", "\n".join(LINES))
    with open_project(path) as p:
        import_paths(p, [_write(tmp_path / "old.txt", "Artikel lama yang sudah ada.")])
    before = dump(path)
    bad, line = _bad_inputs(tmp_path / "in")[name]
    with open_project(path) as p:
        with pytest.raises(AnnotatorError) as info:
            import_paths(p, [good, bad])  # the good file first: it must not go in either
    msg = str(info.value)
    assert "\n" not in msg
    assert msg.startswith(f"{bad}:{line}: " if line else f"{bad}: ")
    assert dump(path) == before


def test_skip_bad_imports_good_lines_and_lists_bad_ones(project: Project, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "mixed.jsonl", [
        {"id": "1", "text": "Baris pertama yang baik."},
        '{"id": "2", "text": ',
        {"id": "3", "text": 42},
        "",
        {"id": "5", "text": "Baris kelima yang baik."},
        r'{"id": "6", "text": "x\udc00"}',
    ])
    bad = _write(tmp_path / "bad.txt", "\xff", "latin-1")
    good = _write(tmp_path / "good.txt", "Artikel teks yang baik.")
    summary = import_paths(project, [path, bad, good], skip_bad=True)
    assert summary.articles == 3
    assert sorted(r[0] for r in project.conn.execute("SELECT ext_id FROM articles")) == ["1", "5", "good"]
    assert [s.split(": ")[0] for s in summary.skipped] == [f"{path}:2", f"{path}:3", f"{path}:6", f"{bad}:1"]
    lines = summary.lines()
    assert sum(1 for line in lines if line.strip().startswith("skipped")) == 4


def test_skip_bad_rolls_back_a_bad_file_entirely(project: Project, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that fails half-way (here: while inserting) leaves nothing of itself behind."""
    import annotator.importing.articles as importing

    real = importing.store.insert_articles
    calls = {"n": 0}

    def flaky(*args: object, **kwargs: object) -> list[int]:
        ids = real(*args, **kwargs)  # type: ignore[arg-type]
        calls["n"] += 1
        if calls["n"] == 1:  # x.jsonl's articles are in the file by now
            assert ids
            raise BadInputError("x.jsonl", "simulated failure", 2)
        return ids

    monkeypatch.setattr(importing.store, "insert_articles", flaky)
    path = _jsonl(tmp_path / "x.jsonl", [{"id": "1", "text": "Satu."}, {"id": "2", "text": "Dua."}])
    good = _write(tmp_path / "y.txt", "Tiga.")
    summary = import_paths(project, [path, good], skip_bad=True)
    assert sorted(r[0] for r in project.conn.execute("SELECT ext_id FROM articles")) == ["y"]
    assert (summary.articles, summary.paragraphs, summary.files) == (1, 1, 1)
    assert len(summary.skipped) == 1


@pytest.mark.parametrize("sample", samples())
def test_scraped_article(tmp_path: Path, sample: Sample) -> None:
    path = tmp_path / "p.db"
    with open_project(path) as p:
        summary = import_paths(p, [sample.path])
        assert (summary.articles, summary.paragraphs) == (1, sample.paragraphs)
        pars = store.paragraphs(p, summary.article_ids[0])
        assert len(pars) == sample.paragraphs
        assert pars[sample.timestamp_idx].boilerplate == TIMESTAMP
        assert pars[sample.trailer_idx].boilerplate == TRAILER
        article = store.get_article(p, summary.article_ids[0])
        assert article is not None
        assert article.text == sample.path.read_bytes().decode("utf-8-sig")
        for par in pars:
            assert par.text == article.text[par.start : par.end] == par.text.strip()
    before = dump(path)
    with open_project(path) as p:
        again = import_paths(p, [sample.path])
    assert (again.articles, again.duplicates) == (0, 1)
    after = dump(path)
    strip_events = lambda d: [ln for ln in d.splitlines() if '"events"' not in ln]
    assert strip_events(after) == strip_events(before)


def test_skip_bad_work_per_file_does_not_grow_with_the_files_before(tmp_path: Path) -> None:
    """``--skip-bad`` keeps what a bad file would have to undo, not a copy of everything imported so far:
    that copy made 50,000 files take 872 s instead of 6 s. Counted in Python calls: four times the files,
    about four times the calls (it was about eight times at these sizes, and grows with the files)."""
    from tests.workcount import python_calls

    def calls(n: int) -> int:
        folder = tmp_path / f"files{n}"
        folder.mkdir()
        for i in range(n):
            _write(folder / f"a{i:04d}.txt", f"Berita nomor {i}.\n\nParagraf kedua berita {i}.\n")
        _write(folder / "zz-bad.txt", "\xff", "latin-1")
        with open_project(tmp_path / f"p{n}.db") as project:
            box: list[object] = []
            count = python_calls(lambda: box.append(import_paths(project, [folder], skip_bad=True)))
        summary = box[0]
        assert summary.articles == n and len(summary.skipped) == 1  # type: ignore[attr-defined]
        return count

    small, large = calls(100), calls(400)
    assert large < 5 * small, (small, large)


def test_skip_bad_rollback_restores_the_counts_and_modes_of_earlier_files(project: Project, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that fails after its articles went in (here: while it is logged) takes back exactly its own
    counts, ids and mode line; those of the files before it stay."""
    import annotator.importing.articles as importing

    real = importing._log

    def failing_log(project: Project, annotator: str | None, path: Path, summary: object) -> None:
        if path.name == "b.txt":
            raise BadInputError(str(path), "simulated failure")
        real(project, annotator, path, summary)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "_log", failing_log)
    a = _write(tmp_path / "a.txt", "Satu.\nDua.")
    b = _write(tmp_path / "b.txt", "Tiga.\nEmpat.")
    c = _write(tmp_path / "c.txt", "Lima.")
    summary = import_paths(project, [a, b, c], skip_bad=True)
    assert (summary.files, summary.articles, summary.paragraphs) == (2, 2, 3)
    assert list(summary.modes) == [str(a), str(c)]
    assert summary.article_ids == [r[0] for r in project.conn.execute("SELECT id FROM articles ORDER BY id")]
    assert [s.split(": ")[0] for s in summary.skipped] == [str(b)]
