"""Entity memory: what the annotator has labelled, proposed wherever the same text occurs again.

Like INCEpTION's string matcher, per project and at once. The texts come from two places:

- ``ctx.knowledge.mentions`` (text -> label -> times labelled): every entity mention of the project, by this
  annotator (or by everyone, in a merged project); the service passes a fresh :class:`Knowledge` after each
  change, so a mention labelled in paragraph 1 is proposed in paragraph 2;
- ``ctx.known``: the entity mentions the annotator has in this article (any paragraph), in case the
  project's knowledge does not hold them yet; suggestions not accepted yet (origin ``suggested``) are left
  out, so a proposal (e.g. a place name) is not learned from before anyone accepts it. For a text in both,
  each label counts ``max`` of the two counts (the knowledge usually includes the article's own mentions:
  they are not counted twice).

Matching (see :mod:`annotator.core.suggest.tokenmatch`): at token boundaries only ("Budi" is not found in
"Budiman"; a possessive ``'s`` is split off, so "Budi" is found in "Budi's"), case-sensitive, with one
variant: a text that starts with a lower-case letter ("menteri keuangan") is also found with that letter
in upper case at the start of a sentence ("Menteri keuangan ..." opening the paragraph or after ``. ! ?``).
No other case variant is proposed (an all-caps "SRI MULYANI" is not "Sri Mulyani"). The longest match
is taken first, proposals never overlap one another, and none overlaps an entity span the annotator has
in this paragraph (``ctx.known``).

Label: the text's most frequent label (ties: the label first in alphabetical order). The text is not
proposed when that (text, label) was rejected in this article (``knowledge.rejected_here``), or has been
rejected more often than accepted in the project (``knowledge.rejected`` > ``knowledge.accepted``).

Score: ``share x n / (n + 1)`` where ``n`` is how often the text was labelled with the label and ``share``
is ``n`` over all its labellings: labelled once 0.5, twice 0.67, nine times 0.9; a text labelled PERSON
three times and ORG once gets PERSON at 0.75 x 0.75 = 0.56.

Cost: the texts live in a :class:`~annotator.core.suggest.tokenmatch.TokenTrie` that the recommender keeps
and extends. A new Knowledge object (compared by identity) costs a set difference of its texts with those
already indexed (done in C) plus the tokenizing of the new texts; texts no longer in the knowledge stay
in the trie but count zero and are never proposed (the trie is rebuilt when most of it is stale). A
paragraph then costs its tokenizing, one dict lookup per token (more only where a known text begins),
the matches found, and one pass over the article's own mentions (``ctx.known``): not the project's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.core.suggest.base import Knowledge, KnownSpan, ParagraphContext, Proposal
from annotator.core.suggest.tokenmatch import (
    NON_ENTITY_LABELS,
    Candidate,
    TokenTrie,
    covered_tokens,
    entity_known,
    select,
    sentence_initial,
    tokens,
)

_STALE_SLACK = 10_000  # texts the trie may hold beyond twice the knowledge's before it is rebuilt


def initial_variant(text: str) -> str | None:
    """``text`` with its first letter in upper case when it starts with a lower-case letter, else None."""
    if not text or not text[0].islower():
        return None
    up = text[0].upper()
    return up + text[1:] if len(up) == 1 and up != text[0] else None


def _article_counts(known: Iterable[KnownSpan]) -> dict[str, dict[str, int]]:
    """text -> label -> mentions of the article's entity spans (suggestions not accepted yet teach nothing)."""
    out: dict[str, dict[str, int]] = {}
    for k in known:
        if k.origin == "suggested" or k.label in NON_ENTITY_LABELS or not k.text.strip():
            continue
        labels = out.setdefault(k.text, {})
        labels[k.label] = labels.get(k.label, 0) + 1
    return out


def _refused(knowledge: Knowledge, texts: Iterable[str], label: str) -> bool:
    for text in texts:
        key = (text, label)
        if key in knowledge.rejected_here or knowledge.rejected.get(key, 0) > knowledge.accepted.get(key, 0):
            return True
    return False


def _add_counts(into: dict[str, int], project: Mapping[str, int] | None, article: Mapping[str, int] | None) -> None:
    """Add one text's label counts (per label the larger of project and article counts) to ``into``."""
    merged: dict[str, int] = {}
    for counts in (project, article):
        if counts:
            for label, n in counts.items():
                if n > 0 and label not in NON_ENTITY_LABELS and n > merged.get(label, 0):
                    merged[label] = n
    for label, n in merged.items():
        into[label] = into.get(label, 0) + n


def score(counts: Mapping[str, int], label: str) -> float:
    """``share x n / (n + 1)`` of ``label`` in ``counts`` (see the module's doc)."""
    n = counts.get(label, 0)
    total = sum(counts.values())
    if n <= 0 or total <= 0:
        return 0.0
    return round(n / total * n / (n + 1), 3)


class MemoryRecommender:
    """Proposes the project's labelled mentions where their text occurs (see the module's doc)."""

    name = "memory"

    def __init__(self) -> None:
        self._trie: TokenTrie[tuple[str, bool]] = TokenTrie()  # value: (text as labelled, sentence start only)
        self._texts: set[str] = set()  # texts in the trie
        self._seen: Knowledge | None = None  # the last knowledge indexed (kept alive: compared by identity)

    def _add(self, text: str) -> None:
        self._texts.add(text)
        self._trie.add(text, (text, False))
        variant = initial_variant(text)
        if variant is not None:
            self._trie.add(variant, (text, True))

    def _learn(self, knowledge: Knowledge) -> None:
        """Index the knowledge's texts not indexed yet (once per Knowledge object)."""
        if knowledge is self._seen:
            return
        mentions = knowledge.mentions
        if len(self._texts) > 2 * len(mentions) + _STALE_SLACK:
            self._trie = TokenTrie()
            self._texts = set()
        for text in mentions.keys() - self._texts:
            self._add(text)
        self._seen = knowledge

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        if ctx.index in ctx.boilerplate:
            return []
        knowledge = ctx.knowledge
        self._learn(knowledge)
        article = _article_counts(ctx.known)
        for text in article.keys() - self._texts:
            self._add(text)
        text = ctx.text
        spans = tokens(text)
        matches = self._trie.find(text, spans)
        if not matches:
            return []
        mentions = knowledge.mentions
        candidates: list[Candidate] = []
        for m in matches:
            start, end = spans[m.first][0], spans[m.last - 1][1]
            initial: bool | None = None
            counts: dict[str, int] = {}
            sources: list[str] = []
            for source, initial_only in m.values:
                if initial_only:
                    if initial is None:
                        initial = sentence_initial(text, start)
                    if not initial:
                        continue
                before = len(counts), sum(counts.values())
                _add_counts(counts, mentions.get(source), article.get(source))
                if (len(counts), sum(counts.values())) != before:
                    sources.append(source)
            if not counts:
                continue
            label = min(counts, key=lambda lab: (-counts[lab], lab))
            if _refused(knowledge, (text[start:end], *sources), label):
                continue
            candidates.append(Candidate(m.first, m.last, start, end, label, score(counts, label)))
        occupied = covered_tokens(spans, entity_known(ctx.known, ctx.index))
        return [Proposal(c.label, c.start, c.end, c.score, self.name) for c in select(candidates, occupied)]
