"""The ``docbin`` format: spaCy's binary training data (``.spacy``, ``DocBin``), for ``spacy train``.

One ``Doc`` per unit (a paragraph, or with ``--unit article`` an article), made with
``Doc(vocab, words, spaces)`` from the shared tokenizer, split at every span edge, with the white space laid
out as spaCy does (:func:`~annotator.export.formats.common.spacy_tokens`): the Doc's text is exactly the
unit's text and every span is a ``doc.char_span``. In each Doc:

- ``doc.ents``: the entities; where entities overlap, the longest is kept (then the earlier), and the others
  are counted in the summary. ``doc.spans["entity"]`` holds every entity, overlapping ones too;
- ``doc.spans["quote"]``, ``["cue"]``, ``["claim"]``: the spans of those layers;
- ``doc.user_data``: ``article_id``, ``paragraph`` (None for an article), ``annotations`` (``[layer, start,
  end, label, id, attributes, entity]`` per span) and ``links`` (``[source id, kind, target id or None,
  special source or None]``: speaker, claimant and cue links, also to spans in other paragraphs) and ``ents``
  (``doc.ents`` as written: a reader that finds other entities there reads a model's predictions).

Suggestions nobody accepted are left out; white space at a span's edge is trimmed. spaCy is imported only
when this format writes (it is the optional extra ``[ml]``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from annotator.errors import AnnotatorError
from annotator.export.formats.base import FormatContext
from annotator.export.formats.common import spacy_tokens, word_tokens
from annotator.export.formats.spans import kept_spans
from annotator.export.formats.unit import Unit
from annotator.export.formats.whole import WholeFileFormat

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin, Span
    from spacy.vocab import Vocab

SPAN_KEYS = ("entity", "quote", "cue", "claim")  # doc.spans keys, one per layer
OVERLAP = "overlapping entity span left out of doc.ents (the longest was kept; all are in doc.spans['entity'])"
NEEDS_SPACY = "the docbin format needs spaCy: pip install 'corpus-annotator[ml]'"


def longest_first(spans: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]], int]:
    """The spans that do not overlap a longer (or, as long, earlier) one, in text order; and how many did."""
    kept: list[tuple[int, int, str]] = []
    dropped = 0
    for s, e, label in sorted(spans, key=lambda x: (x[0] - x[1], x[0], x[2])):
        if any(s < ke and ks < e for ks, ke, _ in kept):
            dropped += 1
            continue
        kept.append((s, e, label))
    return sorted(kept), dropped


def _spacy() -> tuple[type[Doc], type[DocBin], type[Vocab]]:
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.vocab import Vocab
    except ImportError:
        raise AnnotatorError(NEEDS_SPACY) from None
    return Doc, DocBin, Vocab


class DocBinFormat(WholeFileFormat):
    name = "docbin"
    suffix: ClassVar[str] = ".spacy"
    needs_links = True
    full_rows = True  # annotation ids, attributes and entities go into user_data

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        self._bins: dict[str, DocBin] = {}
        self._vocab: Vocab | None = None

    def doc(self, unit: Unit) -> Doc:
        """The unit as a spaCy Doc (see the module docstring)."""
        doc_cls, _, vocab_cls = _spacy()
        if self._vocab is None:
            self._vocab = vocab_cls()
        stats = self.stats
        text = unit.text
        kept = kept_spans(unit, stats)
        toks = spacy_tokens(text, word_tokens(text, {k[1] for k in kept} | {k[2] for k in kept}))
        doc = doc_cls(self._vocab, words=[text[s:e] for s, e, _ in toks], spaces=[ws for _, _, ws in toks])
        by_layer: dict[str, list[tuple[int, int, str]]] = {key: [] for key in SPAN_KEYS}
        for _, s, e, label, layer in kept:
            by_layer.setdefault(layer, []).append((s, e, label))
        for layer, spans in by_layer.items():
            if spans or layer in SPAN_KEYS:
                doc.spans[layer] = [self._span(doc, unit, s, e, label) for s, e, label in sorted(spans)]
        ents, dropped = longest_first(by_layer["entity"])
        doc.ents = [self._span(doc, unit, s, e, label) for s, e, label in ents]
        if dropped:
            stats.dropped[OVERLAP] += dropped
        stats.count([k[3] for k in kept])
        doc.user_data.update(self._user_data(unit, kept))
        doc.user_data["ents"] = [[s, e, label] for s, e, label in ents]  # doc.ents as written (see the reader)
        return doc

    @staticmethod
    def _span(doc: Doc, unit: Unit, start: int, end: int, label: str) -> Span:
        span = doc.char_span(start, end, label=label)
        if span is None:  # cannot be: tokens are split at every span edge
            raise AnnotatorError(f"{unit.where}: span {start}-{end} ({label}) is not on token boundaries")
        return span

    def _user_data(self, unit: Unit, kept: list[tuple[int, int, int, str, str]]) -> dict[str, Any]:
        rows = {a.id: a for a in unit.annotations}
        annotations: list[list[Any]] = []
        uids: dict[int, str] = {}
        for ann_id, s, e, label, layer in kept:
            a = rows[ann_id]
            uids[ann_id] = uid = a.uid or f"a{ann_id}"
            attrs = json.loads(a.attrs_json) if a.attrs_json else {}
            annotations.append([layer, s, e, label, uid, attrs if isinstance(attrs, dict) else {}, a.entity])
        links: list[list[str | None]] = []
        for ann_id, *_ in kept:
            for lk in unit.links.get(ann_id, ()):
                if lk.target_uid is None and lk.special is None:
                    self.stats.dropped[f"{lk.kind} link to a span without an id"] += 1
                    continue
                links.append([uids[ann_id], lk.kind, lk.target_uid, lk.special])
        self.stats.relations += len(links)
        return {"article_id": unit.article.ext_id, "paragraph": unit.paragraph, "annotations": annotations,
                "links": links}

    def add(self, unit: Unit, part: str = "") -> None:
        bins = self._bins.get(part)
        if bins is None:
            _, docbin_cls, _ = _spacy()
            bins = self._bins[part] = docbin_cls(store_user_data=True)
        bins.add(self.doc(unit))

    def data(self, part: str = "") -> bytes:
        bins = self._bins.get(part)
        if bins is None:
            _, docbin_cls, _ = _spacy()
            bins = docbin_cls(store_user_data=True)
        return bytes(bins.to_bytes())
