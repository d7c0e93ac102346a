"""Every export format gives the same bytes as the code that wrote ``expected/`` (``make_golden.py``), in one
process and in several: a refactoring of the export code must not change a byte (``exported_at`` aside). With two
processes the test also checks that the worker process wrote its share."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.export.run import selection
from annotator.store import corpus_queries as q
from annotator.store.project import open_project
from tests.golden.cases import CASES, Case, export_case_summary

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("golden") / "golden.db"
    shutil.copyfile(HERE / "golden.db", path)
    return path


def test_every_case_has_its_expected_files() -> None:
    names = {p.name.split(".")[0] for p in (HERE / "expected").iterdir()}
    assert names == {c.name for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("jobs", [1, 2])
def test_export_bytes_are_unchanged(golden: Path, tmp_path: Path, case: Case, jobs: int) -> None:
    with open_project(golden, create=False) as p:
        written, summary = export_case_summary(p, Case(case.name, replace(case.opts, jobs=jobs)), tmp_path)
        selected = q.per_article_counts(p, selection(p, case.opts)[0], all_status=case.opts.unit == "article")
    assert written
    # with jobs=2 a worker process wrote the second range of articles: an export that silently fell back to
    # one process fails here (only an empty selection, nothing to share, is written by one process)
    assert summary.processes == (jobs if selected else 1)
    for path in written:
        expected = HERE / "expected" / path.name
        assert path.read_bytes() == expected.read_bytes(), f"{path.name} differs from what the old code wrote"
