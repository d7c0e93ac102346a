"""A small annotated project for the export / annotated-import tests.

The text is written for these tests: Indonesian and English news with CRLF line
ends, curly quotes, an ellipsis, emoji (with a skin tone and a ZWJ sequence),
flags, decomposed accents (combining marks), NBSP, a tab, double spaces, a time
stamp line, a trailer, and a quote whose speaker is named in an earlier paragraph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotator.services import annotate
from annotator.importing import import_paths
from annotator.store import articles as store
from annotator.store.project import Project

ID_TEXT = (
    "Surabaya Tuan Rumah Forum Pelabuhan 🇮🇩\r\n"
    "\r\n"
    "02:26\r\n"
    "\r\n"
    "Menteri Kelautan Ayu Pratiwi membuka forum pelabuhan di Surabaya pada Selasa (12/3), "
    "dihadiri delegasi dari 75 negara 🇮🇩🇲🇾.\r\n"
    "\r\n"
    "“Kerja sama Rusia-China dan ASEAN harus saling melengkapi,” katanya kepada wartawan 👍🏽.\r\n"
    "\r\n"
    "Harga sewa dermaga naik 5\u00a0persen  menurut\tdata Badan Pusat Statistik… 👨\u200d👩\u200d👧\r\n"
    "\r\n"
    "Leave a Reply\r\n"
)

EN_TEXT = (
    "SURABAYA \u2014 Port officials from Indonesia and Australia met on Monday to resume talks on shipping "
    "fees \U0001f6a2.\n"
    "Chief negotiator Dana Whitfield said the two sides had made \u201creal progress\u201d on tariffs.\n"
    "\u201cWe are not there yet, but the gap is closing,\u201d she said, adding that a deal could come by March.\n"
    "Jose\u0301 Rami\u0301rez, an analyst at Pelabuhan Watch, claimed that fees had risen 12% since 2021.\n"
    "An official who asked not to be named said the Australian side wanted \u201cfaster customs\u201d.\n"
)

TODO_TEXT = (
    "Kapal feri baru mulai berlayar dari Gresik.\n"
    "Penumpang menyambutnya dengan gembira, kata seorang petugas.\n"
)


@dataclass
class Corpus:
    project: Project
    annotator: str
    article_ids: dict[str, int]
    paragraphs: dict[str, list[int]]  # ext id -> paragraph ids by index
    spans: dict[str, int] = field(default_factory=dict)  # name -> annotation id


def _pars(project: Project, article_id: int) -> list[int]:
    return [p.id for p in store.paragraphs(project, article_id)]


def mark(project: Project, paragraph_id: int, annotator: str, label: str, needle: str, nth: int = 0,
         attrs: dict | None = None) -> int:
    """Annotate the ``nth`` occurrence of ``needle`` in the paragraph; returns the annotation id."""
    par = store.get_paragraph(project, paragraph_id)
    assert par is not None
    pos = -1
    for _ in range(nth + 1):
        pos = par.text.index(needle, pos + 1)
    return annotate.add_annotation(project, paragraph_id, annotator, label, pos, pos + len(needle),
                                   attrs=attrs).id


def build(project: Project, folder: Path, annotator: str = "ana") -> Corpus:
    """Import three articles and annotate two of them; every paragraph of those two is done."""
    (folder / "forum-id.txt").write_bytes(ID_TEXT.encode("utf-8"))
    with (folder / "more.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "port-en", "text": EN_TEXT, "title": "Harbour talks resume", "lang": "en",
                             "meta": {"desk": "economy", "tags": ["port", "trade"]}}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"id": "ferry-id", "text": TODO_TEXT, "lang": "id"}) + "\n")
    summary = import_paths(project, [folder / "forum-id.txt", folder / "more.jsonl"])
    assert summary.articles == 3
    ids = {r[1]: r[0] for r in project.conn.execute("SELECT id, ext_id FROM articles")}
    pars = {ext: _pars(project, aid) for ext, aid in ids.items()}
    c = Corpus(project, annotator, ids, pars)
    a = annotator
    fid = pars["forum-id"]  # 0 headline, 1 time stamp, 2 minister, 3 quote, 4 prices, 5 trailer
    s = c.spans
    s["surabaya_title"] = mark(project, fid[0], a, "GPE", "Surabaya")
    s["flag_title"] = mark(project, fid[0], a, "GPE", "🇮🇩")
    s["role"] = mark(project, fid[2], a, "ROLE", "Menteri Kelautan")
    s["ayu"] = mark(project, fid[2], a, "PERSON", "Ayu Pratiwi")
    s["surabaya"] = mark(project, fid[2], a, "GPE", "Surabaya")
    s["flags"] = mark(project, fid[2], a, "GPE", "🇮🇩🇲🇾")
    s["quote_id"] = mark(project, fid[3], a, "QUOTE",
                         "“Kerja sama Rusia-China dan ASEAN harus saling melengkapi,”", attrs={"kind": "direct"})
    s["rusia_china"] = mark(project, fid[3], a, "GPE", "Rusia-China")
    s["asean"] = mark(project, fid[3], a, "ORG", "ASEAN")
    s["katanya"] = mark(project, fid[3], a, "CUE", "katanya")
    s["bps"] = mark(project, fid[4], a, "ORG", "Badan Pusat Statistik")
    s["claim_id"] = mark(project, fid[4], a, "CLAIM", "Harga sewa dermaga naik 5\u00a0persen",
                         attrs={"checkworthy": "yes"})
    annotate.link(project, s["quote_id"], "speaker", a, target_id=s["ayu"])  # speaker one paragraph up
    annotate.link(project, s["quote_id"], "cue", a, target_id=s["katanya"])
    annotate.link(project, s["claim_id"], "claimant", a, target_id=s["bps"])

    en = pars["port-en"]
    s["indonesia"] = mark(project, en[0], a, "GPE", "Indonesia")
    s["australia"] = mark(project, en[0], a, "GPE", "Australia")
    s["dana_role"] = mark(project, en[1], a, "ROLE", "Chief negotiator")
    s["dana"] = mark(project, en[1], a, "PERSON", "Dana Whitfield")
    s["progress"] = mark(project, en[1], a, "QUOTE", "\u201creal progress\u201d", attrs={"kind": "mixed"})
    s["said1"] = mark(project, en[1], a, "CUE", "said")
    s["quote_en"] = mark(project, en[2], a, "QUOTE", "\u201cWe are not there yet, but the gap is closing,\u201d",
                         attrs={"kind": "direct"})
    s["said2"] = mark(project, en[2], a, "CUE", "said")
    s["jose"] = mark(project, en[3], a, "PERSON", "Jose\u0301 Rami\u0301rez")
    s["watch"] = mark(project, en[3], a, "ORG", "Pelabuhan Watch")
    s["analyst_org"] = mark(project, en[3], a, "ORG", "an analyst at Pelabuhan Watch")  # overlaps ORG above
    s["claim_en"] = mark(project, en[3], a, "CLAIM", "fees had risen 12% since 2021", attrs={"checkworthy": "yes"})
    s["quote_anon"] = mark(project, en[4], a, "QUOTE", "the Australian side wanted \u201cfaster customs\u201d",
                           attrs={"kind": "indirect"})
    s["australian"] = mark(project, en[4], a, "NORP", "Australian")
    annotate.link(project, s["progress"], "speaker", a, target_id=s["dana"])
    annotate.link(project, s["progress"], "cue", a, target_id=s["said1"])
    annotate.link(project, s["quote_en"], "speaker", a, target_id=s["dana"])  # named one paragraph earlier
    annotate.link(project, s["quote_en"], "cue", a, target_id=s["said2"])
    annotate.link(project, s["claim_en"], "claimant", a, target_id=s["jose"])
    annotate.link(project, s["quote_anon"], "speaker", a, special="unnamed")
    for pid in fid + en:
        annotate.set_status(project, pid, a, "done")
    return c


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
