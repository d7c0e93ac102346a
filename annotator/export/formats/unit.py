"""The unit record every format encodes: one output object, a paragraph or (``--unit article``) an article.

Annotation offsets in a unit are code points into ``unit.text``. Units are made by
:mod:`annotator.export.source`; formats only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.store.corpus_queries import AnnotationRow, ArticleInfo, LinkRow


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphPart:
    """One paragraph inside an article unit (native keeps them apart)."""

    idx: int
    start: int
    end: int
    boilerplate: str | None
    status: str
    annotations: list[AnnotationRow]  # offsets inside the paragraph
    links: dict[int, list[LinkRow]]


@dataclass(slots=True, kw_only=True)
class Unit:
    article: ArticleInfo
    paragraph: int | None  # paragraph index; None for an article unit
    text: str
    start: int  # offsets of ``text`` in the article
    end: int
    boilerplate: str | None
    status: str
    annotations: list[AnnotationRow]  # offsets inside ``text``
    links: dict[int, list[LinkRow]]  # by source annotation id
    parts: list[ParagraphPart] | None = None  # article units only
    first_of_article: bool = True  # the first unit of its article in its output file
    layout: list[list[Any]] | None = None  # every paragraph's [start, end, boilerplate] (full rows only)

    @property
    def where(self) -> str:
        if self.paragraph is None:
            return f"article {self.article.ext_id}"
        return f"article {self.article.ext_id} paragraph {self.paragraph}"
