"""What a recommender sees and what it proposes.

A recommender gets one paragraph in its article (:class:`ParagraphContext`): the texts of every paragraph,
the language, the annotations the annotator already has in the article, and what the project has learned
(:class:`Knowledge`). It returns :class:`Proposal` objects: spans in code points of that paragraph's text,
with a label, a score in [0, 1], its name, attributes, and links. A link's target is a span anywhere in the
article (:class:`SpanRef`: an existing annotation, or a proposal of this or an earlier paragraph) or a
special source; the service turns it into the stored link.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class SpanRef:
    """A span of the article: paragraph index, code point offsets in that paragraph's text, label."""

    paragraph: int
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class ProposedLink:
    kind: str  # "speaker" | "claimant" | "cue" (core.labels.LINK_KINDS)
    target: SpanRef | None = None
    special: str | None = None  # core.sources.SPECIAL_SOURCES, when the source is not a mention


@dataclass(frozen=True)
class Proposal:
    label: str
    start: int
    end: int
    score: float
    recommender: str
    attrs: Mapping[str, Any] = field(default_factory=dict)  # e.g. {"kind": "direct"} for a QUOTE
    links: tuple[ProposedLink, ...] = ()

    def ref(self, paragraph: int) -> SpanRef:
        return SpanRef(paragraph, self.start, self.end, self.label)


@dataclass(frozen=True)
class KnownSpan:
    """An annotation the annotator already has in the article (made, imported, or suggested before)."""

    paragraph: int
    start: int
    end: int
    label: str
    text: str
    origin: str
    speaker: SpanRef | None = None  # for a QUOTE with a speaker link to a mention


@dataclass(frozen=True)
class Knowledge:
    """What the project has learned, for one annotator (or everyone, in a merged project)."""

    mentions: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # text -> label -> times labelled
    rejected_here: frozenset[tuple[str, str]] = frozenset()  # (text, label) rejected in this article
    accepted: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (text, label) -> accepted count
    rejected: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (text, label) -> rejected count


@dataclass(frozen=True)
class ParagraphContext:
    paragraphs: tuple[str, ...]  # every paragraph text of the article, in order
    index: int  # the paragraph proposals are for
    lang: str | None  # "id", "en", or None (the recommender may detect it)
    known: tuple[KnownSpan, ...] = ()
    knowledge: Knowledge = field(default_factory=Knowledge)
    boilerplate: frozenset[int] = frozenset()  # indices of boilerplate paragraphs (never proposed into)

    @property
    def text(self) -> str:
        return self.paragraphs[self.index]


class Recommender(Protocol):
    name: str

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        """Proposals for ``ctx.text``; each span inside it, ``text[start:end]`` not blank at either end."""
        ...
