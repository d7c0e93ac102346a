"""The native format: lossless JSON lines that import back into an identical project.

One object per paragraph (or per article with ``--unit article``)::

    {"format": "corpus-annotator-native", "version": 1, "exported_at": "...",
     "article": {"id", "title", "url", "lang", "source", "meta"},
     "paragraph": 3, "start": 120, "end": 241, "boilerplate": null, "text": "...",
     "annotator": "ana", "gold": false, "status": "done",
     "annotations": [{"id": uid, "layer", "label", "start", "end", "text", "attrs", "origin", "entity"}],
     "links": [{"source": uid, "kind", "target": uid | null, "special": null | "unnamed" | "journalist",
                "target_paragraph": 1, "target_text": "..."}],
     "article_text": "..." | null, "article_paragraphs": [[start, end, boilerplate], ...] | null}

Annotation offsets count code points inside the paragraph text; ``start``/``end``
of the paragraph count code points in the article text. ``article_text`` and
``article_paragraphs`` are given on the first line of each article in a file
(null on the others), so an import can rebuild the article exactly. An
article object (``--unit article``) has ``text`` (the article) and
``paragraphs``, a list of the paragraph objects above without the article keys.
Every list is in a stable order, so the same project always gives the same lines.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.core.native_format import FORMAT_NAME, FORMAT_VERSION
from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.common import FormatStats, dumps_line
from annotator.export.formats.unit import Unit
from annotator.store.corpus_queries import AnnotationRow, ArticleInfo, LinkRow


def article_head(art: ArticleInfo) -> dict[str, Any]:
    return {"id": art.ext_id, "title": art.title, "url": art.url, "lang": art.lang, "source": art.source,
            "meta": art.meta}


_ATTRS: dict[str, Any] = {}


def _attrs(raw: str | None) -> Any:
    """Parsed attributes; most annotations share a few distinct JSON strings (always read with full rows)."""
    if raw is None:  # never with full rows, which the native format reads
        return None
    got = _ATTRS.get(raw)
    if got is None:
        got = json.loads(raw)
        if len(_ATTRS) < 4096:
            _ATTRS[raw] = got
    return got


def _annotations(anns: list[AnnotationRow], stats: FormatStats) -> list[dict[str, Any]]:
    stats.count([a.label for a in anns])
    out = []
    for a in anns:
        out.append({"id": a.uid, "layer": a.layer, "label": a.label, "start": a.start, "end": a.end,
                    "text": a.text, "attrs": _attrs(a.attrs_json), "origin": a.origin, "entity": a.entity})
    return out


def _links(anns: list[AnnotationRow], links: dict[int, list[LinkRow]], stats: FormatStats) -> list[dict[str, Any]]:
    out = []
    for a in anns:
        for lk in links.get(a.id, ()):
            stats.relations += 1
            out.append({"source": a.uid, "kind": lk.kind, "target": lk.target_uid, "special": lk.special,
                        "target_paragraph": lk.target_paragraph, "target_text": lk.target_text})
    return out


class NativeFormat(BaseFormat):
    """Encodes units as native lines."""

    name = "native"
    needs_links = True
    full_rows = True

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        self.annotator = self.ctx.annotator
        self.gold = self.ctx.gold
        self.exported_at = self.ctx.exported_at

    def encode(self, unit: Unit) -> str:
        stats = self.stats
        obj: dict[str, Any] = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "exported_at": self.exported_at,
                               "article": article_head(unit.article)}
        if unit.parts is None:
            obj.update({"paragraph": unit.paragraph, "start": unit.start, "end": unit.end,
                        "boilerplate": unit.boilerplate, "text": unit.text,
                        "annotator": self.annotator, "gold": self.gold, "status": unit.status,
                        "annotations": _annotations(unit.annotations, stats),
                        "links": _links(unit.annotations, unit.links, stats),
                        "article_text": unit.article.text if unit.first_of_article else None,
                        "article_paragraphs": unit.layout if unit.first_of_article else None})
            return dumps_line(obj)
        obj.update({"text": unit.text, "annotator": self.annotator, "gold": self.gold, "paragraphs": [
            {"paragraph": p.idx, "start": p.start, "end": p.end, "boilerplate": p.boilerplate, "status": p.status,
             "annotations": _annotations(p.annotations, stats), "links": _links(p.annotations, p.links, stats)}
            for p in unit.parts]})
        return dumps_line(obj)
