"""The ``doccano`` format: sequence labelling JSONL as doccano imports it.

One object per paragraph (or article)::

    {"text": "...", "label": [[0, 4, "PERSON"], [19, 26, "GPE"]], "article_id": "a1", "paragraph": 2}

Offsets are the stored code-point offsets, unchanged. ``article_id`` and
``paragraph`` become doccano metadata. Suggestions nobody accepted are left out.
"""

from __future__ import annotations

from typing import Any

from annotator.io.export_common import FormatStats, Unit, dumps_line


class DoccanoEncoder:
    def __init__(self) -> None:
        self.stats = FormatStats()

    def encode(self, unit: Unit) -> str:
        stats = self.stats
        anns = unit.annotations
        labels = [[a.start, a.end, a.label] for a in anns if a.origin != "suggested"]
        if len(labels) < len(anns):
            stats.dropped["suggestion not yet accepted"] += len(anns) - len(labels)
        stats.count([lab[2] for lab in labels])
        obj: dict[str, Any] = {"text": unit.text, "label": labels, "article_id": unit.article.ext_id}
        if unit.paragraph is not None:
            obj["paragraph"] = unit.paragraph
        return dumps_line(obj)
