"""The article list's pages: the "to do" shortcut must list exactly what counting every article does."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import ArticleIn
from annotator.core.paragraphs import split_paragraphs
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store import navigation
from annotator.store.annotations import annotator_id
from annotator.store.project import open_project

STATUS = st.sampled_from([None, None, "done", "skipped", "todo"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marks=st.lists(STATUS, min_size=36, max_size=36), boiler=st.lists(st.booleans(), min_size=36, max_size=36),
       page=st.integers(1, 5))
def test_todo_pages_match_counting_every_article(marks: list[str | None], boiler: list[bool], page: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = open_project(Path(tmp) / "p.db")
        try:
            with project.write():
                for a in range(12):  # 12 articles of 3 paragraphs, some flagged as boilerplate
                    text = f"Judul berita {a}\nParagraf kedua {a}.\nParagraf ketiga {a}."
                    _, spans = split_paragraphs(text)
                    flags = ["timestamp" if boiler[a * 3 + i] else None for i in range(3)]
                    store.insert_article(project, ArticleIn(f"a{a}", text, title=f"Judul {a}"), f"a{a}",
                                         store.content_hash(text), "line", spans, flags)
            pars = [r[0] for r in project.conn.execute("SELECT id FROM paragraphs ORDER BY id")]
            for pid, status in zip(pars, marks, strict=True):
                if status is not None:
                    annotate.set_status(project, pid, "ana", status)
            ann = annotator_id(project, "ana")
            everything = navigation.article_page(project, ann, 0, 100)
            expected = [item for item in everything if item.done < item.total]
            got, after = [], 0
            while True:  # page by page, as the list reads it
                chunk = navigation.article_page(project, ann, after, page, "todo")
                got += chunk
                if len(chunk) < page:
                    break
                after = chunk[-1].id
            assert got == expected
        finally:
            project.close()
