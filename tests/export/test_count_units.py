"""count_units: what the export dialog shows before writing is what export_corpus then writes."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from annotator.errors import NotFoundError
from annotator.export import ExportOptions, count_units, export_corpus
from annotator.services import annotate
from annotator.store import articles as store
from tests.io.corpus_builder import Corpus


def _bob_and_gold(corpus: Corpus) -> None:
    """bob: every non-boilerplate paragraph of forum-id done (its boilerplate not), two of port-en;
    rev (a reviewer): one adjudicated paragraph."""
    project = corpus.project
    for par in store.paragraphs(project, corpus.article_ids["forum-id"]):
        if par.boilerplate is None:
            annotate.set_status(project, par.id, "bob", "done")
    for pid in corpus.paragraphs["port-en"][:2]:
        annotate.set_status(project, pid, "bob", "done")
    pid = corpus.paragraphs["port-en"][1]
    annotate.add_annotation(project, pid, "rev", "PERSON", 17, 31, origin="adjudicated")
    with project.write():
        project.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE name = 'rev'")
    annotate.set_status(project, pid, "rev", "done")


CASES = [
    ExportOptions(annotator="ana"),
    ExportOptions(annotator="ana", status="any"),
    ExportOptions(annotator="ana", unit="article"),
    ExportOptions(annotator="ana", unit="article", status="any"),
    ExportOptions(format="bio", annotator="ana", layer="entity"),
    ExportOptions(format="spans", annotator="ana", layer="quote", split=(("train", 0.5), ("test", 0.5))),
    ExportOptions(format="doccano", annotator="bob"),
    ExportOptions(annotator="bob", unit="article"),
    ExportOptions(annotator="bob", unit="article", status="any"),
    ExportOptions(gold=True),
    ExportOptions(gold=True, status="any"),
    ExportOptions(gold=True, unit="article"),
]


@pytest.mark.parametrize("opts", CASES, ids=lambda o: f"{o.format}-{o.annotator or 'gold'}-{o.status}-{o.unit}"
                         f"-{o.layer or 'default'}-{len(o.split)}")
def test_count_units_is_what_the_export_writes(corpus: Corpus, tmp_path: Path, opts: ExportOptions) -> None:
    _bob_and_gold(corpus)
    counted = count_units(corpus.project, opts)
    before = corpus.project.scalar("SELECT count(*) FROM paragraph_status")
    summary = export_corpus(corpus.project, dataclasses.replace(opts, jobs=1), tmp_path / "out.jsonl")
    assert counted == summary.lines_written
    assert corpus.project.scalar("SELECT count(*) FROM paragraph_status") == before


def test_count_units_sees_the_difference_between_the_choices(corpus: Corpus, tmp_path: Path) -> None:
    _bob_and_gold(corpus)
    p = corpus.project
    n_forum = len(corpus.paragraphs["forum-id"])
    n_en = len(corpus.paragraphs["port-en"])
    total = p.scalar("SELECT count(*) FROM paragraphs")
    assert count_units(p, ExportOptions(annotator="ana")) == n_forum + n_en
    assert count_units(p, ExportOptions(annotator="ana", status="any")) == total
    # forum-id: its boilerplate paragraphs need not be done
    assert count_units(p, ExportOptions(annotator="bob", unit="article")) == 1
    assert count_units(p, ExportOptions(gold=True)) == 1
    assert not list(tmp_path.glob("*.jsonl"))  # counting writes nothing


def test_count_units_refuses_what_the_export_refuses(corpus: Corpus) -> None:
    with pytest.raises(NotFoundError, match="no annotator 'carol'"):
        count_units(corpus.project, ExportOptions(annotator="carol"))
