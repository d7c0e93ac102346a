"""Paragraphs done by several annotators: the candidate shortcut must find exactly what counting all does."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.services import annotate
from annotator.store import review_queries as q
from tests.services.review_builder import ARTICLE_1, ARTICLE_2, ARTICLE_3, mark, new_project

NAMES = ("ana", "budi", "citra", "dewi")
STATUSES = st.sampled_from([None, "todo", "done", "skipped"])


def _brute(marks: dict[tuple[str, int], str], names: tuple[str, ...], pars: list[int], k: int) -> dict[int, tuple]:
    out = {}
    for pid in pars:
        who = tuple(sorted(n for n in names if marks.get((n, pid)) == "done"))
        if len(who) >= k:
            out[pid] = who
    return out


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=st.lists(STATUSES, min_size=24, max_size=24), k=st.integers(1, 4), chosen=st.integers(2, 4))
def test_done_paragraphs_match_counting_every_status(grid: list[str | None], k: int, chosen: int) -> None:
    names = NAMES[:chosen]
    with tempfile.TemporaryDirectory() as tmp:
        project = new_project(Path(tmp) / "p.db", {"a1": ARTICLE_1, "a2": ARTICLE_2, "a3": ARTICLE_3})
        try:
            pars = [r[0] for r in project.conn.execute("SELECT id FROM paragraphs ORDER BY id")]
            marks: dict[tuple[str, int], str] = {}
            for (name, pid), status in zip(itertools.product(NAMES, pars), grid, strict=False):
                if status is not None:
                    annotate.set_status(project, pid, name, status)
                    marks[(name, pid)] = status
            expected = _brute(marks, names, pars, k)
            got = q.done_paragraphs(project, list(names), k)
            assert {p.id: p.annotators for p in got} == expected
            for pid in pars:  # one paragraph at a time, as the review asks
                one = q.done_paragraphs(project, list(names), 1, pid)
                assert {p.id: p.annotators for p in one} == _brute(marks, names, [pid], 1)
        finally:
            project.close()


def test_agreement_rows_only_from_paragraphs_enough_annotators_did(tmp_path: Path) -> None:
    """The main annotator did every paragraph, two others one each: only the shared one counts."""
    project = new_project(tmp_path / "p.db")
    pars = [r[0] for r in project.conn.execute("SELECT id FROM paragraphs ORDER BY id")]
    for pid in pars:
        annotate.set_status(project, pid, "ana", "done")
    mark(project, pars[0], "ana", "PERSON", "Rina Sari")
    mark(project, pars[0], "budi", "PERSON", "Rina Sari")
    mark(project, pars[2], "ana", "ORG", "Harbour Group")
    mark(project, pars[2], "citra", "ORG", "Harbour Group")
    annotate.set_status(project, pars[0], "budi", "done")
    annotate.set_status(project, pars[2], "citra", "todo")  # not done: citra's span must not count
    rows = q.agreement_rows(project, ["ana", "budi", "citra"], ["entity"], 2)
    assert sorted((r[0], r[1]) for r in rows) == [(pars[0], "ana"), (pars[0], "budi")]
    assert [p.id for p in q.done_paragraphs(project, ["ana", "budi", "citra"], 2)] == [pars[0]]
    assert q.done_paragraphs(project, ["ana", "budi", "citra"], 3) == []
    assert len(q.done_paragraphs(project, ["ana", "budi", "citra"], 1)) == len(pars)
    project.close()
