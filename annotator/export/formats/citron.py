"""Citron JSON (BBC R&D's quote extraction and attribution system): one ``NAME.json`` per article in OUT.

Citron's data format (``docs/data_format.md`` of bbc/citron), one object per file::

    {"text": "...",
     "quotes": [{"cue": {"start", "end", "text"},
                 "sources": [{"start", "end", "text", "label"}],
                 "contents": [{"start", "end", "text", "kind"}],
                 "coreferences": [], "id": "..."}],
     "coreference_groups": [[{"start", "end", "text", "label"}, ...], ...]}

Offsets count code points of ``text`` (Citron gives the text to spaCy, whose character offsets are Python
string indices), CRLF kept. A quote is a cue with what it introduces: our quotes that share a cue link
become one Citron quote with several contents (as in Citron's own example); their speakers are its
sources. Citron needs a cue, so a quote without a cue link is counted and left out, and so are claims and
cues no quote links to (Citron has no place for them). The coreference groups are the article's entities
(:func:`annotator.core.entities.entity_key`: an explicit cluster, else the same label and text), one group
each. ``label`` on sources and group members and ``kind`` on contents are ours; Citron reads only
``start``, ``end`` and ``text``, and ignores them.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.core.entities import entity_key
from annotator.core.model import Annotation
from annotator.export.formats.folder import Document, FolderFormat, attrs_of, kept_annotations, kept_links
from annotator.export.formats.unit import Unit
from annotator.store.corpus_queries import AnnotationRow


def _span(text: str, a: AnnotationRow, **extra: str) -> dict[str, Any]:
    return {"start": a.start, "end": a.end, "text": text[a.start:a.end], **extra}


def _key(a: AnnotationRow) -> str:
    """The entity ``a`` belongs to (the grouping of the project's entity list)."""
    return entity_key(Annotation(id=a.id, uid=a.uid or "", paragraph_id=a.paragraph_id, annotator="", layer=a.layer,
                                 label=a.label, start=a.start, end=a.end, text=a.text, attrs={},
                                 origin=a.origin, entity=a.entity))


class CitronFormat(FolderFormat):
    name = "citron"
    suffixes = (".json",)

    def documents(self, unit: Unit, stem: str) -> list[Document]:
        text = unit.text
        stats = self.stats
        kept = kept_annotations(unit, stats)
        links = kept_links(unit, kept, stats)
        cue_of: dict[int, AnnotationRow] = {}
        speaker_of: dict[int, AnnotationRow] = {}
        for src, lk, tgt in links:
            if lk.kind == "cue":
                cue_of[src.id] = tgt
            elif lk.kind == "speaker":
                speaker_of[src.id] = tgt
            else:
                stats.dropped[f"{lk.kind} link (Citron links quotes to sources and cues only)"] += 1
                stats.relations -= 1
        quotes: dict[int, dict[str, Any]] = {}  # cue id -> the Citron quote
        used_cues: set[int] = set()
        for a in kept:
            if a.layer != "quote":
                continue
            cue = cue_of.get(a.id)
            if cue is None:
                stats.dropped["quote without a cue link (Citron needs a cue)"] += 1
                continue
            used_cues.add(cue.id)
            quote = quotes.get(cue.id)
            if quote is None:
                quote = quotes[cue.id] = {"cue": _span(text, cue), "sources": [], "contents": [], "coreferences": []}
                if a.uid:
                    quote["id"] = a.uid
            kind = attrs_of(a).get("kind")
            quote["contents"].append(_span(text, a, **({"kind": kind} if kind else {})))
            speaker = speaker_of.get(a.id)
            if speaker is not None:
                source = _span(text, speaker, label=speaker.label)
                if source not in quote["sources"]:
                    quote["sources"].append(source)
        groups: dict[str, list[dict[str, Any]]] = {}
        for a in kept:
            if a.layer == "entity":
                groups.setdefault(_key(a), []).append(_span(text, a, label=a.label))
            elif a.layer == "claim":
                stats.dropped["claim (Citron has no claims)"] += 1
            elif a.layer == "cue" and a.id not in used_cues:
                stats.dropped["cue no quote links to (Citron keeps cues of quotes only)"] += 1
        obj = {"text": text, "quotes": list(quotes.values()), "coreference_groups": list(groups.values())}
        return [Document(f"{stem}.json", json.dumps(obj, ensure_ascii=False, indent=1) + "\n")]
