"""The window's read side: one project open for one annotator.

Everything the GUI shows is read through a :class:`Workspace` (paragraphs, annotations, statuses, the label
schema, navigation, the article list and its progress counts, the annotators); changes go through the use
cases in :mod:`annotator.services.annotate` and :mod:`annotator.services.adjudicate`. So ``annotator.ui``
never imports the store or runs SQL. Projects are opened through :func:`open_project` here too: the window's
own, and the connection a worker thread needs for itself (SQLite objects stay in the thread that made them).

Nothing here writes, except :func:`register_annotator`, which says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.entities import EntityGroup, group_mentions
from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation, Link, Paragraph
from annotator.core.sources import special_source_text
from annotator.services.annotate import register_annotator
from annotator.store import annotations as rows
from annotator.store import articles, navigation
from annotator.store.labels_store import load_schema
from annotator.store.navigation import ArticleItem
from annotator.store.project import Project, open_project
from annotator.store.review_queries import is_reviewer

__all__ = ["ArticleAnnotations", "ArticleItem", "Project", "Workspace", "annotator_names", "is_reviewer",
           "open_project", "register_annotator"]
_IDS_PER_QUERY = 900  # host parameters per IN (...) list, well under SQLite's limit


@dataclass(frozen=True)
class ArticleAnnotations:
    """One annotator's annotations of a whole article and their links, read at once (the article view)."""

    by_paragraph: dict[int, list[Annotation]]  # paragraph idx -> annotations by start (longest first), id
    where: dict[int, int]  # annotation id -> its paragraph idx (every annotation of the article)
    links: dict[int, list[Link]] = field(default_factory=dict)  # source annotation id -> its links
    outside: dict[int, Annotation] = field(default_factory=dict)  # link targets in other articles, by id

    def annotation(self, annotation_id: int) -> Annotation | None:
        """An annotation of the article (or a link target outside it), by id."""
        idx = self.where.get(annotation_id)
        if idx is None:
            return self.outside.get(annotation_id)
        return next((a for a in self.by_paragraph[idx] if a.id == annotation_id), None)

    def replace_paragraph(self, idx: int, anns: list[Annotation], links: dict[int, list[Link]]) -> bool:
        """Put paragraph ``idx``'s annotations and their links as read now in place of those held; False
        (nothing changed) when they are the same."""
        old = self.by_paragraph.get(idx, [])
        if old == anns and all(self.links.get(a.id, []) == links.get(a.id, []) for a in anns):
            return False
        for ann in old:
            self.where.pop(ann.id, None)
            self.links.pop(ann.id, None)
        self.by_paragraph[idx] = list(anns)
        for ann in anns:
            self.where[ann.id] = idx
            if links.get(ann.id):
                self.links[ann.id] = list(links[ann.id])
        return True

    def source_texts(self, anns: list[Annotation]) -> dict[int, str]:
        """Per annotation id, its links as the annotation list shows them ("speaker: Sari Dewi ¶2")."""
        out: dict[int, str] = {}
        for ann in anns:
            parts: list[str] = []
            for link in self.links.get(ann.id, []):
                if link.special:
                    text = special_source_text(link.special)
                else:
                    target = self.annotation(link.target_id) if link.target_id else None
                    idx = self.where.get(link.target_id) if link.target_id else None
                    text = (target.text if target else "?") + (f" ¶{idx + 1}" if idx is not None else "")
                parts.append(f"{link.kind}: {text}")
            if parts:
                out[ann.id] = "; ".join(parts)
        return out


def annotator_names(project: Project) -> list[str]:
    """Every annotator (and reviewer) of the project, by name."""
    return rows.annotator_names(project)


class Workspace:
    """One project as one annotator sees it. It holds no state of its own beyond the label schema (read once)
    and the annotator's id (looked up until the annotator exists)."""

    def __init__(self, project: Project, annotator: str) -> None:
        self.project, self.annotator = project, annotator
        self.schema: LabelSchema = load_schema(project)
        self._annotator_id: int | None = None

    # -- the project ------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self.project.path

    @property
    def readonly(self) -> bool:
        return self.project.readonly

    def guidelines(self) -> str | None:
        """The project's own annotation guidelines (Markdown), if it has any."""
        return self.project.get_meta("guidelines")

    def close(self) -> None:
        self.project.close()

    # -- annotators ---------------------------------------------------------------------------
    @property
    def annotator_id(self) -> int | None:
        """The annotator's id; None while the project has no annotator of that name."""
        if self._annotator_id is None:
            self._annotator_id = rows.annotator_id(self.project, self.annotator)
        return self._annotator_id

    def annotator_names(self) -> list[str]:
        return annotator_names(self.project)

    def is_reviewer(self) -> bool:
        return is_reviewer(self.project, self.annotator)

    # -- articles and paragraphs --------------------------------------------------------------
    def first_article(self) -> int | None:
        return navigation.first_article(self.project)

    def paragraphs(self, article_id: int) -> list[Paragraph]:
        return articles.paragraphs(self.project, article_id)

    def article_title(self, article_id: int) -> str:
        """The article's title, else its external id ("" for an article that does not exist)."""
        art = articles.get_article(self.project, article_id)
        return (art.title or art.ext_id) if art else ""

    def first_todo_in(self, article_id: int) -> int:
        return navigation.first_todo_in(self.project, self.annotator_id, article_id)

    def next_todo(self, article_id: int, after_idx: int, include_boilerplate: bool = False) -> tuple[int, int] | None:
        """(article id, paragraph idx) of the next paragraph the annotator has still to do: later in this
        article, then in later articles, then from the start of the project; None when every one is done."""
        found = navigation.next_todo(self.project, self.annotator_id, article_id, after_idx, include_boilerplate)
        if found is None:
            found = navigation.next_todo(self.project, self.annotator_id, 0, -1, include_boilerplate)
        return found

    def step(self, article_id: int, idx: int, direction: int, include_boilerplate: bool = False) -> int | None:
        return navigation.step(self.project, article_id, idx, direction, include_boilerplate)

    # -- the article list (keyset pages, counted for this annotator) ----------------------------
    def article_page(self, after_id: int, limit: int, status: str = "all", search: str = "") -> list[ArticleItem]:
        return navigation.article_page(self.project, self.annotator_id, after_id, limit, status, search)

    def article_titles(self, after_id: int, upto_id: int) -> list[ArticleItem]:
        return navigation.article_titles(self.project, after_id, upto_id)

    def article_counts(self, ids: list[int]) -> dict[int, tuple[int, int]]:
        return navigation.article_counts(self.project, self.annotator_id, ids)

    def article_item(self, article_id: int) -> ArticleItem | None:
        return navigation.article_item(self.project, self.annotator_id, article_id)

    # -- one paragraph ------------------------------------------------------------------------
    def status(self, paragraph_id: int, annotator: str | None = None) -> str:
        """todo / done / skipped, of this annotator or of ``annotator``."""
        return rows.status(self.project, paragraph_id, annotator or self.annotator)

    def annotations(self, paragraph_id: int, annotator: str | None = None) -> list[Annotation]:
        """The paragraph's annotations by this annotator (or ``annotator``), by position."""
        return rows.for_paragraph(self.project, paragraph_id, annotator or self.annotator)

    def source_texts(self, anns: list[Annotation]) -> dict[int, str]:
        """Per annotation id, its links as the annotation list shows them ("speaker: Sari Dewi")."""
        out: dict[int, str] = {}
        for link in rows.links_from(self.project, [a.id for a in anns]):
            if link.special:
                text = special_source_text(link.special)
            else:
                target = rows.get(self.project, link.target_id) if link.target_id else None
                text = target.text if target else "?"
            out[link.source_id] = (out[link.source_id] + "; " if link.source_id in out else "") + f"{link.kind}: {text}"
        return out

    def article_annotations(self, article_id: int, annotator: str | None = None) -> ArticleAnnotations:
        """Every annotation of the article by this annotator (or ``annotator``) with their links: one query
        for the annotations, one per 900 of them for the links (and one per link target in another article)."""
        by_paragraph: dict[int, list[Annotation]] = {}
        where: dict[int, int] = {}
        for idx, ann in rows.for_article(self.project, article_id, annotator or self.annotator):
            by_paragraph.setdefault(idx, []).append(ann)
            where[ann.id] = idx
        for anns in by_paragraph.values():
            anns.sort(key=lambda a: (a.start, -a.end, a.id))
        links = self.links(list(where))
        outside: dict[int, Annotation] = {}
        for found in links.values():
            for link in found:
                if link.target_id is not None and link.target_id not in where and link.target_id not in outside:
                    target = rows.get(self.project, link.target_id)
                    if target is not None:
                        outside[target.id] = target
        return ArticleAnnotations(by_paragraph, where, links, outside)

    def links(self, annotation_ids: list[int]) -> dict[int, list[Link]]:
        """The links from these annotations, per annotation id (one query per 900 of them)."""
        links: dict[int, list[Link]] = {}
        for i in range(0, len(annotation_ids), _IDS_PER_QUERY):
            for link in rows.links_from(self.project, annotation_ids[i:i + _IDS_PER_QUERY]):
                links.setdefault(link.source_id, []).append(link)
        return links

    def entity_groups(self, article_id: int, labels: tuple[str, ...], upto_idx: int) -> list[EntityGroup]:
        """The entities of the article mentioned up to paragraph ``upto_idx``, nearest first."""
        mentions = rows.for_article(self.project, article_id, self.annotator, ("entity",))
        return group_mentions(mentions, labels, upto_idx=upto_idx)
