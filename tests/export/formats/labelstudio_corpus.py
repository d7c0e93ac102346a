"""The project the Label Studio tests (export and import) and their fixtures are made from.

Written for these tests, in the style of scraped news: an Indonesian article with CRLF line ends and an
English one with LF, spans on and after emoji (a skin tone, ZWJ sequences) and flags, overlapping spans,
quotes with a speaker and a cue, a claim with a claimant, attributes, and a link to a special speaker.
``tests/importing/fixtures/labelstudio-*`` were made by Label Studio from this project's export
(see ``tests/importing/fixtures/labelstudio-README.md``): change the texts or spans and they must be
made again with ``tools/peer_labelstudio.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project
from tests.f1 import span_f1 as f1

BANJIR_ID = (
    "Banjir Rob Rendam Pesisir Semarang 🌊🇮🇩\r\n"
    "\r\n"
    "Wali Kota Semarang Sari Lestari meninjau Kampung Tambak Lorok pada Minggu (9/2) bersama tim BPBD 👷🏽\u200d♀️.\r\n"
    "\r\n"
    "“Kami siapkan pompa tambahan malam ini,” ujar Sari kepada wartawan 🙏🏾.\r\n"
    "\r\n"
    "Warga 👩\u200d👩\u200d👧 mengungsi ke balai RW; BPBD Jawa Tengah menyebut 1.200 rumah tergenang.\r\n"
)

PACT_EN = (
    "Jakarta 🇮🇩 and Manila 🇵🇭 sign a fisheries pact 🐟\n"
    "Fisheries minister Rudi Hartono said the pact would \u201cprotect small fishers\u201d.\n"
    "\u201cThis is a good day for the coast 👨\u200d👩\u200d👦,\u201d said Maria Cruz of the Philippine delegation.\n"
    "Greenpeace Asia claimed that catches fell 30% since 2019, a figure officials dispute 🤷.\n"
)

ANNOTATOR = "nur"


@dataclass
class LsCorpus:
    project: Project
    paragraphs: dict[str, list[int]]  # article ext id -> paragraph ids by index
    spans: dict[str, int] = field(default_factory=dict)  # name -> annotation id


def _mark(project: Project, paragraph_id: int, label: str, needle: str, attrs: dict[str, str] | None = None) -> int:
    par = store.get_paragraph(project, paragraph_id)
    assert par is not None
    pos = par.text.index(needle)
    return annotate.add_annotation(project, paragraph_id, ANNOTATOR, label, pos, pos + len(needle), attrs=attrs).id


def build_ls_corpus(project: Project, folder: Path) -> LsCorpus:
    """Import the two articles and annotate every paragraph of them (all done)."""
    with (folder / "pesisir.jsonl").open("w", encoding="utf-8", newline="") as fh:
        fh.write(json.dumps({"id": "banjir-smg", "text": BANJIR_ID, "title": "Banjir Rob Rendam Pesisir Semarang",
                             "lang": "id"}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "pact-en", "text": PACT_EN, "title": "Fisheries pact", "lang": "en",
                             "url": "https://example.org/news/fisheries-pact"}, ensure_ascii=False) + "\n")
    import_paths(project, [folder / "pesisir.jsonl"])
    ids = {r[1]: r[0] for r in project.conn.execute("SELECT id, ext_id FROM articles")}
    pars = {ext: [p.id for p in store.paragraphs(project, aid)] for ext, aid in ids.items()}
    c = LsCorpus(project, pars)
    s = c.spans
    b = pars["banjir-smg"]  # 0 headline, 1 mayor, 2 quote, 3 residents
    s["semarang_title"] = _mark(project, b[0], "GPE", "Semarang")
    s["flag_id"] = _mark(project, b[0], "GPE", "🇮🇩")
    s["role"] = _mark(project, b[1], "ROLE", "Wali Kota Semarang")
    s["semarang"] = _mark(project, b[1], "GPE", "Semarang")  # inside the ROLE span
    s["sari"] = _mark(project, b[1], "PERSON", "Sari Lestari")
    s["bpbd"] = _mark(project, b[1], "ORG", "tim BPBD 👷🏽\u200d♀️")  # ends on a ZWJ sequence
    s["quote_id"] = _mark(project, b[2], "QUOTE", "“Kami siapkan pompa tambahan malam ini,”", {"kind": "direct"})
    s["ujar"] = _mark(project, b[2], "CUE", "ujar")
    s["sari2"] = _mark(project, b[2], "PERSON", "Sari")
    s["warga"] = _mark(project, b[3], "NORP", "Warga 👩\u200d👩\u200d👧")
    s["bpbd_jateng"] = _mark(project, b[3], "ORG", "BPBD Jawa Tengah")
    s["claim_id"] = _mark(project, b[3], "CLAIM", "1.200 rumah tergenang", {"checkworthy": "yes"})
    annotate.link(project, s["quote_id"], "speaker", ANNOTATOR, target_id=s["sari2"])
    annotate.link(project, s["quote_id"], "cue", ANNOTATOR, target_id=s["ujar"])
    annotate.link(project, s["claim_id"], "claimant", ANNOTATOR, target_id=s["bpbd_jateng"])

    e = pars["pact-en"]  # 0 headline, 1 minister, 2 quote, 3 claim
    s["jakarta"] = _mark(project, e[0], "GPE", "Jakarta")
    s["flag_ph"] = _mark(project, e[0], "GPE", "🇵🇭")
    s["manila"] = _mark(project, e[0], "GPE", "Manila")
    s["minister"] = _mark(project, e[1], "ROLE", "Fisheries minister")
    s["rudi"] = _mark(project, e[1], "PERSON", "Rudi Hartono")
    s["said1"] = _mark(project, e[1], "CUE", "said")
    s["protect"] = _mark(project, e[1], "QUOTE", "\u201cprotect small fishers\u201d", {"kind": "mixed"})
    s["quote_en"] = _mark(project, e[2], "QUOTE", "\u201cThis is a good day for the coast 👨\u200d👩\u200d👦,\u201d",
                          {"kind": "direct"})
    s["said2"] = _mark(project, e[2], "CUE", "said")
    s["maria"] = _mark(project, e[2], "PERSON", "Maria Cruz")
    s["philippine"] = _mark(project, e[2], "NORP", "Philippine")
    s["greenpeace"] = _mark(project, e[3], "ORG", "Greenpeace Asia")
    s["claim_en"] = _mark(project, e[3], "CLAIM", "catches fell 30% since 2019",
                          {"checkworthy": "yes", "stance": "neutral"})
    s["officials"] = _mark(project, e[3], "QUOTE", "a figure officials dispute", {"kind": "indirect"})
    annotate.link(project, s["protect"], "speaker", ANNOTATOR, target_id=s["rudi"])
    annotate.link(project, s["protect"], "cue", ANNOTATOR, target_id=s["said1"])
    annotate.link(project, s["quote_en"], "speaker", ANNOTATOR, target_id=s["maria"])
    annotate.link(project, s["quote_en"], "cue", ANNOTATOR, target_id=s["said2"])
    annotate.link(project, s["claim_en"], "claimant", ANNOTATOR, target_id=s["greenpeace"])
    annotate.link(project, s["officials"], "speaker", ANNOTATOR, special="unnamed")
    for pid in b + e:
        annotate.set_status(project, pid, ANNOTATOR, "done")
    return c


SpanKey = tuple[str, int, int, int, str]  # article ext id, paragraph index, start, end, label


def span_set(project: Project, annotator: str) -> set[SpanKey]:
    """Every span of ``annotator`` in the project, by article id, paragraph index, offsets and label."""
    rows = project.conn.execute(
        "SELECT ar.ext_id, p.idx, a.start, a.end, a.label FROM annotations a "
        "JOIN paragraphs p ON p.id = a.paragraph_id JOIN articles ar ON ar.id = p.article_id "
        "JOIN annotators n ON n.id = a.annotator_id WHERE n.name = ?", (annotator,))
    return {(r[0], r[1], r[2], r[3], r[4]) for r in rows}
