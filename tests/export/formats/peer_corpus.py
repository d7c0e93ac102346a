"""A small annotated project for the peer-format tests (brat, XMI, WebAnno TSV, Citron), and span F1.

The texts are written for these tests in the style of scraped news: an Indonesian article with CRLF line
ends, emoji (a skin tone, a ZWJ family), flags (🇮🇩, 🇯🇵) before and inside spans, a quote over two lines
(two paragraphs), and an English article with LF line ends, curly quotes and a decomposed accent.
Entities, quotes (kind), cues, claims (check-worthiness, stance), speaker / cue / claimant links, an
explicit entity cluster and a link to a special source (which peer formats cannot carry) are all there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project
from tests.f1 import span_f1

ID_TEXT = (
    "Nelayan Bitung Sambut Kapal Baru 🇮🇩🚢\r\n"
    "\r\n"
    "BITUNG 🇮🇩 — Wali Kota Bitung Maurits Rondonuwu meresmikan dermaga ikan baru pada Kamis pagi 👍🏽.\r\n"
    "\r\n"
    "“Dermaga ini untuk nelayan kecil,\r\n"
    "bukan untuk kapal asing,” ujar Maurits kepada wartawan 👩\u200d👩\u200d👧.\r\n"
    "\r\n"
    "Menurut Dinas Perikanan, hasil tangkapan naik 20 persen sejak Januari 🇯🇵🇮🇩.\r\n"
)

EN_TEXT = (
    "Fishers in Bitung welcome new pier \U0001f6a2\n"
    "Mayor Maurits Rondonuwu opened the pier on Thursday, officials said.\n"
    "\u201cThis is for small boats,\u201d the mayor told reporters, as Jose\u0301 Lim of Sea Watch looked on.\n"
    "Sea Watch says catches rose 20% since January, a figure the ministry disputes.\n"
)


@dataclass
class PeerCorpus:
    project: Project
    annotator: str
    spans: dict[str, int] = field(default_factory=dict)  # name -> annotation id


def _mark(project: Project, pid: int, annotator: str, label: str, needle: str, nth: int = 0,
          attrs: dict | None = None) -> int:
    par = store.get_paragraph(project, pid)
    assert par is not None
    pos = -1
    for _ in range(nth + 1):
        pos = par.text.index(needle, pos + 1)
    return annotate.add_annotation(project, pid, annotator, label, pos, pos + len(needle), attrs=attrs).id


def build(project: Project, folder: Path, annotator: str = "ana") -> PeerCorpus:
    """Import the two articles and annotate them; every paragraph is done."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bitung-id.txt").write_bytes(ID_TEXT.encode("utf-8"))
    (folder / "bitung-en.txt").write_bytes(EN_TEXT.encode("utf-8"))
    import_paths(project, [folder / "bitung-id.txt", folder / "bitung-en.txt"])
    ids = {r[1]: r[0] for r in project.conn.execute("SELECT id, ext_id FROM articles")}
    c = PeerCorpus(project, annotator)
    s, a = c.spans, annotator
    pid = [p.id for p in store.paragraphs(project, ids["bitung-id"])]
    s["bitung_title"] = _mark(project, pid[0], a, "GPE", "Bitung")
    s["flag_title"] = _mark(project, pid[0], a, "GPE", "🇮🇩")
    s["bitung_flag"] = _mark(project, pid[1], a, "GPE", "BITUNG 🇮🇩")
    s["role"] = _mark(project, pid[1], a, "ROLE", "Wali Kota Bitung")
    s["bitung_inner"] = _mark(project, pid[1], a, "GPE", "Bitung")
    s["maurits"] = _mark(project, pid[1], a, "PERSON", "Maurits Rondonuwu")
    s["quote"] = _mark(project, pid[2], a, "QUOTE", "“Dermaga ini untuk nelayan kecil,", attrs={"kind": "direct"})
    s["quote2"] = _mark(project, pid[3], a, "QUOTE", "bukan untuk kapal asing,”", attrs={"kind": "direct"})
    s["ujar"] = _mark(project, pid[3], a, "CUE", "ujar")
    s["maurits2"] = _mark(project, pid[3], a, "PERSON", "Maurits")
    s["family"] = _mark(project, pid[3], a, "NORP", "👩\u200d👩\u200d👧")
    s["dinas"] = _mark(project, pid[4], a, "ORG", "Dinas Perikanan")
    s["claim"] = _mark(project, pid[4], a, "CLAIM", "hasil tangkapan naik 20 persen sejak Januari 🇯🇵🇮🇩",
                       attrs={"checkworthy": "yes", "stance": "neutral"})
    s["flags"] = _mark(project, pid[4], a, "GPE", "🇯🇵🇮🇩")
    annotate.link(project, s["quote"], "speaker", a, target_id=s["maurits"])  # one paragraph up
    annotate.link(project, s["quote"], "cue", a, target_id=s["ujar"])
    annotate.link(project, s["quote2"], "speaker", a, target_id=s["maurits2"])
    annotate.link(project, s["claim"], "claimant", a, target_id=s["dinas"])
    project.conn.execute("UPDATE annotations SET entity = 'maurits' WHERE id IN (?, ?)", (s["maurits"], s["maurits2"]))

    pen = [p.id for p in store.paragraphs(project, ids["bitung-en"])]
    s["en_bitung"] = _mark(project, pen[0], a, "GPE", "Bitung")
    s["en_mayor"] = _mark(project, pen[1], a, "PERSON", "Maurits Rondonuwu")
    s["en_said"] = _mark(project, pen[1], a, "CUE", "said")
    s["en_quote"] = _mark(project, pen[2], a, "QUOTE", "\u201cThis is for small boats,\u201d", attrs={"kind": "direct"})
    s["en_told"] = _mark(project, pen[2], a, "CUE", "told")
    s["en_jose"] = _mark(project, pen[2], a, "PERSON", "Jose\u0301 Lim")
    s["en_watch"] = _mark(project, pen[2], a, "ORG", "Sea Watch")
    s["en_watch2"] = _mark(project, pen[3], a, "ORG", "Sea Watch")
    s["en_claim"] = _mark(project, pen[3], a, "CLAIM", "catches rose 20% since January",
                          attrs={"checkworthy": "yes", "stance": "oppose"})
    s["en_anon"] = _mark(project, pen[1], a, "QUOTE", "opened the pier on Thursday", attrs={"kind": "indirect"})
    annotate.link(project, s["en_quote"], "speaker", a, target_id=s["en_mayor"])
    annotate.link(project, s["en_quote"], "cue", a, target_id=s["en_told"])
    annotate.link(project, s["en_claim"], "claimant", a, target_id=s["en_watch2"])
    annotate.link(project, s["en_anon"], "speaker", a, special="unnamed")  # no span: dropped by peer formats
    for p in pid + pen:
        annotate.set_status(project, p, a, "done")
    project.conn.commit()
    return c


Span = tuple[str, int, int, str]  # article text's hash key, start, end, label (article offsets)


def article_spans(project: Project, annotator: str, *, special_links: bool = False) -> dict[str, set[tuple]]:
    """Per article text: its spans ``(start, end, label, attrs)`` in article offsets and its links
    ``(source span, kind, target span)``, read from the project."""
    rows = project.conn.execute(
        "SELECT ar.text, p.start, an.start, an.end, an.label, an.attrs, an.id FROM annotations an "
        "JOIN paragraphs p ON p.id = an.paragraph_id JOIN articles ar ON ar.id = p.article_id "
        "JOIN annotators u ON u.id = an.annotator_id WHERE u.name = ? AND an.origin != 'suggested'",
        (annotator,)).fetchall()
    out: dict[str, set[tuple]] = {}
    where: dict[int, tuple] = {}
    for text, pstart, s, e, label, attrs, ann_id in rows:
        span = (pstart + s, pstart + e, label)
        where[ann_id] = (text, span)
        out.setdefault(text, set()).add(("span", *span, tuple(sorted(json.loads(attrs or "{}").items()))))
    for src, kind, tgt, special in project.conn.execute(
            "SELECT l.source_id, l.kind, l.target_id, l.special FROM links l"):
        if src not in where:
            continue
        text, span = where[src]
        if tgt is None:
            if special_links:
                out[text].add(("link", span, kind, special))
            continue
        out[text].add(("link", span, kind, where[tgt][1]))
    return out
