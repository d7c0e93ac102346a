"""import_files: both ways in at once, in one transaction; the checks before the project is made; progress."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.core.progress import Progress
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing import import_files
from annotator.store.project import open_project


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Budi tiba di Jakarta.", encoding="utf-8")  # the spans line's text, exactly
    (folder / "b.jsonl").write_text(json.dumps({"id": "k1", "text": "Ani pergi ke Bandung."}) + "\n", encoding="utf-8")
    spans = {"text": "Budi tiba di Jakarta.", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]}
    (folder / "c.jsonl").write_text(json.dumps(spans) + "\n", encoding="utf-8")
    return folder


def test_articles_and_annotations_in_one_go(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int, str]] = []

    def factory(label: str) -> tuple[Progress, Callable[[], None]]:
        return (lambda d, t, what: calls.append((label, d, t, Path(what).name))), (lambda: None)

    lines = import_files(tmp_path / "p.db", [_folder(tmp_path)], annotator="ana", progress=factory)
    assert lines[0].startswith("2 article(s), 2 paragraph(s) imported from 2 file(s)")
    assert any(line.startswith("1 annotation(s) and 0 link(s) imported from 1 line(s) in 1 file(s); "
                               "0 new article(s), 1 already in the project") for line in lines)
    assert [c[0] for c in calls] == ["importing", "importing", "importing annotations"]
    with open_project(tmp_path / "p.db", create=False) as p:
        assert p.scalar("SELECT count(*) FROM articles") == 2
        assert p.scalar("SELECT count(*) FROM annotations") == 1


def test_annotated_files_need_an_annotator_and_nothing_is_made(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with pytest.raises(AnnotatorError, match=r"c\.jsonl: holds annotations; name whose they are with --annotator NAME"):
        import_files(tmp_path / "p.db", [folder])
    assert not (tmp_path / "p.db").exists()
    with pytest.raises(AnnotatorError, match="--as-suggestions needs annotated JSONL"):
        import_files(tmp_path / "p.db", [folder / "a.txt"], as_suggestions=True)
    with pytest.raises(BadInputError, match="no such file or folder"):
        import_files(tmp_path / "p.db", [tmp_path / "nope.txt"])
    assert not (tmp_path / "p.db").exists()


def test_a_failure_in_the_second_way_in_takes_back_the_first(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "c.jsonl").write_text(json.dumps({"text": "Budi.", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]})
                                    + "\n", encoding="utf-8")
    with pytest.raises(BadInputError, match=r"c\.jsonl:1: span 0 \(PERSON\): offsets 0-9 lie outside the text"):
        import_files(tmp_path / "p.db", [folder], annotator="ana")
    assert not (tmp_path / "p.db").exists()  # the project this call made is gone again
    import_files(tmp_path / "p.db", [folder / "a.txt"])
    with pytest.raises(BadInputError):
        import_files(tmp_path / "p.db", [folder], annotator="ana")
    with open_project(tmp_path / "p.db", create=False) as p:
        assert p.scalar("SELECT count(*) FROM articles") == 1  # b.jsonl's article did not stay
