"""Qt models checked with qtmodeltester, and the article list's lazy paging."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from annotator.core.model import ArticleIn
from annotator.core.paragraphs import split_paragraphs
from annotator.services import annotate
from annotator.store.articles import content_hash, insert_article, paragraphs
from annotator.ui.annotation_panel import AnnotationTableModel
from annotator.ui.article_model import PAGE, ArticleListModel
from annotator.store.labels_store import load_schema


def _fill(project, n: int) -> None:  # noqa: ANN001
    with project.write():
        for i in range(n):
            text = f"Berita nomor {i} tentang pelabuhan.\nParagraf kedua {i}."
            mode, spans = split_paragraphs(text)
            insert_article(project, ArticleIn(f"a{i}", text, title=f"Judul {i}"), f"a{i}", content_hash(text),
                           mode, spans, [None] * len(spans))


def test_article_model_is_lazy_and_passes_modeltester(qtmodeltester, project) -> None:  # noqa: ANN001
    _fill(project, PAGE * 2 + 17)
    model = ArticleListModel(project, None)
    assert model.rowCount() == 0 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE  # one page, not the whole table
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE * 2 + 17
    assert model.index(5, 0).data() == "Judul 5" and model.index(5, 1).data() == "0/2"


def test_article_model_filters_and_tracks_progress(project) -> None:  # noqa: ANN001
    _fill(project, 30)
    first = paragraphs(project, 1)
    for par in first:
        annotate.set_status(project, par.id, "ana", "done")
    from annotator.store.annotations import annotator_id

    model = ArticleListModel(project, annotator_id(project, "ana", create=False))
    model.set_filter("done", "")
    model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Judul 0"]
    model.set_filter("todo", "")
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 29
    model.set_filter("all", "nomor 17 ")
    model.fetchMore(QModelIndex())
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Judul 17"]
    model.set_filter("all", "100%_")  # LIKE wildcards are searched literally
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 0


def test_annotation_model_passes_modeltester(qtmodeltester, project) -> None:  # noqa: ANN001
    _fill(project, 1)
    par = paragraphs(project, 1)[0]
    a = annotate.add_annotation(project, par.id, "ana", "GPE", 0, 6)
    b = annotate.add_annotation(project, par.id, "ana", "QUOTE", 7, 12, attrs={"kind": "direct"})
    model = AnnotationTableModel()
    model.set_annotations([a, b], {b.id: "speaker: Berita"}, load_schema(project))
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, 2).data() == "speaker: Berita"
    assert model.index(1, 3).data() == "kind=direct"
