"""The ``conll`` format: CoNLL-2003 style IOB2 columns, with each token's offsets.

One ``-DOCSTART-`` line opens each article; each paragraph (or, with ``--unit article``, the article) is
one block of token lines after comment lines that say where it is from::

    -DOCSTART- -X- O O

    # article_id = a1
    # paragraph = 2
    # text = "Budi tiba di Jakarta.\\r\\nIa ..."
    Budi -X- 0-4 B-PERSON
    tiba -X- 5-9 O
    di -X- 10-12 O
    Jakarta -X- 13-20 B-GPE
    . -X- 20-21 O

Columns (space separated): the token, a part-of-speech placeholder (``-X-``), the token's start and end
in the block's text (code points) and its NER tag in IOB2. ``# text`` is the block's text as a JSON
string (line breaks, tabs and NBSP kept), so an import maps the tags back to exactly those characters;
a block without it (Label Studio's CONLL2003 export) is mapped through the offsets, or the tokens.
Tokens are the shared tokenizer's, split at every span edge; there are no white-space tokens. Only the
entity layer is tagged; entities that overlap cannot both be: the longest wins, the rest are counted.
``grep -v '^# [a-z_]* = '`` leaves plain CoNLL that ``spacy convert -c ner`` reads.
"""

from __future__ import annotations

from typing import ClassVar

from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.bio import iob_tags
from annotator.export.formats.choices import LayerChoice
from annotator.export.formats.common import dumps, line_safe, word_tokens
from annotator.export.formats.spans import kept_spans
from annotator.export.formats.unit import Unit

DOCSTART = "-DOCSTART- -X- O O"  # the document line spaCy's CoNLL converter splits on
POS = "-X-"


def block_comments(unit: Unit) -> list[str]:
    """The comment lines that open a unit's block."""
    out = [f"# article_id = {unit.article.ext_id}"]
    if unit.paragraph is not None:
        out.append(f"# paragraph = {unit.paragraph}")
    out.append(f"# text = {line_safe(dumps(unit.text))}")
    return out


class ConllFormat(BaseFormat):
    name = "conll"
    suffix: ClassVar[str] = ".conll"
    default_layer: ClassVar[LayerChoice] = "entity"

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)

    def encode(self, unit: Unit) -> str:
        stats = self.stats
        text = unit.text
        kept = []
        for k in kept_spans(unit, stats):
            if k[4] == "entity":
                kept.append(k)
            else:
                stats.dropped[f"{k[4]} span (CoNLL tags entities only)"] += 1
        words = word_tokens(text, {k[1] for k in kept} | {k[2] for k in kept})
        tags, written = iob_tags(kept, "entity", [w[0] for w in words], [w[1] for w in words], len(words), stats)
        stats.count(written)
        lines = [DOCSTART, ""] if unit.first_of_article else []
        lines += block_comments(unit)
        lines += [f"{text[s:e]} {POS} {s}-{e} {tag}" for (s, e), tag in zip(words, tags)]
        return "\n".join(lines) + "\n\n"
