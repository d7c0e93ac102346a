"""The ``doccano`` format: sequence labelling JSONL as doccano imports it.

One object per paragraph (or article)::

    {"text": "...", "label": [[0, 4, "PERSON"], [19, 26, "GPE"]], "article_id": "a1", "paragraph": 2}

Offsets are the stored code-point offsets, unchanged. ``article_id`` and
``paragraph`` become doccano metadata. Suggestions nobody accepted are left out.
"""

from __future__ import annotations

from json.encoder import encode_basestring as esc  # the C one, as json.dumps uses

from annotator.export.formats.base import BaseFormat, FormatContext
from annotator.export.formats.common import finish_line
from annotator.export.formats.unit import Unit


class DoccanoFormat(BaseFormat):
    name = "doccano"

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        self._label_json: dict[str, str] = {}

    def encode(self, unit: Unit) -> str:
        """The line ``dumps_line`` would write for ``{"text", "label", "article_id"[, "paragraph"]}``, written
        as text: a label's JSON is made once per label name, not once per span."""
        stats = self.stats
        anns = unit.annotations
        kept = [a for a in anns if a.origin != "suggested"]
        if len(kept) < len(anns):
            stats.dropped["suggestion not yet accepted"] += len(anns) - len(kept)
        names = [a.label for a in kept]
        stats.count(names)
        label_json = self._label_json
        spans = ",".join([f"[{a.start},{a.end},{label_json.get(a.label) or self._name(a.label)}]" for a in kept])
        tail = "}" if unit.paragraph is None else f',"paragraph":{unit.paragraph}}}'
        return finish_line(f'{{"text":{esc(unit.text)},"label":[{spans}],"article_id":{esc(unit.article.ext_id)}'
                           + tail)

    def _name(self, label: str) -> str:
        self._label_json[label] = esc(label)
        return self._label_json[label]
