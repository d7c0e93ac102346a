"""Plain data classes shared by the store, services, exporters and the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args

Status = Literal["todo", "done", "skipped"]  # of a paragraph, per annotator
Origin = Literal["manual", "imported", "suggested", "adjudicated"]  # how an annotation came to be
STATUSES: Final[tuple[Status, ...]] = get_args(Status)
ORIGINS: Final[tuple[Origin, ...]] = get_args(Origin)


@dataclass
class ArticleIn:
    """An article on its way into a project, before it has an id."""

    ext_id: str | None
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    lang: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Paragraph:
    id: int
    article_id: int
    idx: int
    start: int
    end: int
    text: str
    boilerplate: str | None = None


@dataclass(frozen=True)
class Annotation:
    id: int
    uid: str
    paragraph_id: int
    annotator: str
    layer: str
    label: str
    start: int
    end: int
    text: str
    attrs: dict[str, Any]
    origin: str
    entity: str | None = None


@dataclass(frozen=True)
class Link:
    source_id: int
    kind: str
    target_id: int | None
    special: str | None
