"""Qt models checked with qtmodeltester, and the article list's lazy paging."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from annotator.core.model import ArticleIn
from annotator.core.paragraphs import split_paragraphs
from annotator.services import annotate
from annotator.services.workspace import Workspace
from annotator.store.articles import content_hash, insert_article, paragraphs
from annotator.ui.annotation_panel import AnnotationTableModel
from annotator.ui.article_model import PAGE, ArticleListModel
from annotator.ui.text import isolate
from annotator.store.labels_store import load_schema


def _fill(project, n: int) -> None:
    with project.write():
        for i in range(n):
            text = f"Berita nomor {i} tentang pelabuhan.\nParagraf kedua {i}."
            mode, spans = split_paragraphs(text)
            insert_article(project, ArticleIn(f"a{i}", text, title=f"Judul {i}"), f"a{i}", content_hash(text),
                           mode, spans, [None] * len(spans))


def test_article_model_is_lazy_and_passes_modeltester(qtmodeltester, project) -> None:
    _fill(project, PAGE * 2 + 17)
    model = ArticleListModel(Workspace(project, "nobody"))
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE  # one page, not the whole table
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE * 2 + 17
    assert model.index(5, 0).data() == isolate("Judul 5") and model.index(5, 1).data() == "0/2"


def test_article_model_filters_and_tracks_progress(project) -> None:
    _fill(project, 30)
    first = paragraphs(project, 1)
    for par in first:
        annotate.set_status(project, par.id, "ana", "done")
    model = ArticleListModel(Workspace(project, "ana"))
    model.set_filter("done", "")
    model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [isolate("Judul 0")]
    model.set_filter("todo", "")
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 29
    model.set_filter("all", "nomor 17 ")
    model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [isolate("Judul 17")]
    model.set_filter("all", "100%_")  # LIKE wildcards are searched literally
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 0


def test_annotation_model_passes_modeltester(qtmodeltester, project) -> None:
    _fill(project, 1)
    par = paragraphs(project, 1)[0]
    a = annotate.add_annotation(project, par.id, "ana", "GPE", 0, 6)
    b = annotate.add_annotation(project, par.id, "ana", "QUOTE", 7, 12, attrs={"kind": "direct"})
    model = AnnotationTableModel()
    model.set_annotations([a, b], {b.id: "speaker: Berita"}, load_schema(project))
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, 2).data() == "speaker: Berita"
    assert model.index(1, 3).data() == "kind=direct"


def test_opening_an_article_far_down_reads_titles_and_counts_only_shown_rows(qtmodeltester, project) -> None:
    """Unfiltered, the rows up to a far article come in one query; progress is counted when shown, and is
    what paging through the list would have shown."""
    _fill(project, PAGE * 5 + 3)
    for par in paragraphs(project, PAGE * 4 + 1) + paragraphs(project, 7)[:1]:
        annotate.set_status(project, par.id, "ana", "done")
    ann = Workspace(project, "ana")
    jumped, paged = ArticleListModel(ann), ArticleListModel(ann)
    inserts: list[tuple[int, int]] = []
    jumped.rowsInserted.connect(lambda _parent, first, last: inserts.append((first, last)))
    assert jumped.row_of(PAGE * 4 + 1) == PAGE * 4
    # one insert for every row up to it (titles only), then an ordinary page after it
    assert inserts == [(0, PAGE * 4), (PAGE * 4 + 1, PAGE * 5)]
    assert all(item.done is None for item in jumped._rows[:PAGE * 4 + 1])  # nothing counted yet
    assert jumped.index(PAGE * 4, 1).data() == "2/2"
    counted = [r for r, item in enumerate(jumped._rows[:PAGE * 4 + 1]) if item.done is not None]
    assert counted == [PAGE * 4]  # only the block of the row shown (here the last row of its block)
    assert jumped.index(3, 1).data() == "0/2"
    assert sum(item.done is not None for item in jumped._rows[:PAGE]) == PAGE  # its block of rows at once
    while paged.canFetchMore(QModelIndex()):
        paged.fetchMore(QModelIndex())
    while jumped.canFetchMore(QModelIndex()):
        jumped.fetchMore(QModelIndex())
    assert jumped.rowCount() == paged.rowCount() == PAGE * 5 + 3
    for row in (0, 6, 7, PAGE, PAGE * 4, PAGE * 5 + 2):
        assert [jumped.index(row, c).data() for c in (0, 1)] == [paged.index(row, c).data() for c in (0, 1)]
    assert jumped.index(6, 1).data() == "1/2" and jumped.index(5, 1).data() == "0/2"
    assert jumped.row_of(10_000) is None
    qtmodeltester.check(jumped, force_py=True)
    closing = ArticleListModel(ann)
    closing.row_of(PAGE * 3)
    closing.detach()  # the window closes its project: nothing more is read
    assert closing.index(5, 1).data() == "" and not closing.canFetchMore(QModelIndex())


def test_a_filtered_list_still_pages_to_a_far_article(project) -> None:
    _fill(project, PAGE * 2 + 5)
    model = ArticleListModel(Workspace(project, "nobody"))
    model.set_filter("todo", "")
    assert model.row_of(PAGE * 2 + 1) == PAGE * 2
    assert model.index(PAGE * 2, 1).data() == "0/2"
    model.set_filter("all", "nomor 3")
    # "nomor 3" is in a3, a30-a39 and a300-a399 (ids one more); a399 is the 111th of them
    assert model.row_of(4) == 0 and model.row_of(400) == 110 and model.index(110, 0).data() == isolate("Judul 399")
    assert model.row_of(5) is None  # a4 does not match
