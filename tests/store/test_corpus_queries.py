"""Export queries: a range of articles gives exactly its share of the selection, for every kind of selection."""

from __future__ import annotations

import pytest

from annotator.services import annotate
from annotator.export.parallel import split_ranges
from annotator.store import corpus_queries as q
from annotator.store.corpus_queries import Selection
from annotator.store.project import Project
from tests.io.corpus_builder import Corpus


def _selections(project: Project) -> list[Selection]:
    ana = project.scalar("SELECT id FROM annotators WHERE name = 'ana'")
    return [Selection(annotator_id=ana), Selection(annotator_id=ana, status="any"),
            Selection(gold=True), Selection(gold=True, status="any")]


@pytest.fixture()
def with_gold(corpus: Corpus) -> Project:
    """The export test corpus, with a reviewer who adjudicated the paragraphs of two articles."""
    project = corpus.project
    for ext in ("forum-id", "ferry-id"):
        for pid in corpus.paragraphs[ext]:
            annotate.set_status(project, pid, "rev", "done")
    project.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE name = 'rev'")
    project.conn.execute("UPDATE annotations SET origin = 'adjudicated' WHERE id % 2 = 0")
    return project


@pytest.mark.parametrize("all_status", [False, True])
def test_ranges_of_articles_split_the_selection_without_loss_or_overlap(with_gold: Project, all_status: bool) -> None:
    for sel in _selections(with_gold):
        whole = [p for batch in q.iter_paragraph_batches(with_gold, sel, all_status=all_status, batch=4)
                 for p in batch]
        counts = q.per_article_counts(with_gold, sel, all_status=all_status)
        assert sum(c for _, c in counts) == len(whole) == q.count_paragraphs(with_gold, sel, all_status=all_status)
        for n in (1, 2, 3):
            pieces = [p for r in split_ranges(counts, n)
                      for batch in q.iter_paragraph_batches(with_gold, sel, all_status=all_status, batch=4, articles=r)
                      for p in batch]
            assert pieces == whole, (sel, n)
    assert len({len([p for b in q.iter_paragraph_batches(with_gold, s) for p in b])
                for s in _selections(with_gold)}) > 1  # the selections differ, so each case tests something
