"""A small annotated project for the doccano round trips, and span F1 between two sets of spans.

The texts are written for these tests (Indonesian and English, scraped-news style; the people are made
up): CRLF line ends, emoji with a skin tone, ZWJ sequences (👩‍👩‍👧, 👷🏽‍♀️), flags (🇮🇩, 🇵🇭), a span
right after an emoji, a span that is a flag, and overlapping spans (an ORG around a GPE, a QUOTE around
an ORG). ``python -m tests.importing.readers.doccano_corpus OUT.jsonl [utf16|graphemes|codepoints [paragraph|article]]``
writes its doccano export (how the fixtures in ``tests/importing/fixtures/`` were made).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project, open_project
from tests.f1 import span_f1 as f1

BANJIR_TEXT = (
    "Banjir Rob Rendam Pesisir Semarang 🇮🇩🌊\r\n"
    "\r\n"
    "Wali Kota Semarang Wulan Setyaningsih meninjau kawasan Tambak Lorok pada Kamis (7/11) bersama tim "
    "BPBD 👷🏽‍♀️ dan relawan.\r\n"
    "\r\n"
    "“Kami siapkan pompa tambahan di 12 titik dan dapur umum di Kelurahan Tanjung Mas,” ujar Wulan "
    "kepada wartawan 🙏.\r\n"
    "\r\n"
    "Sekitar 300 keluarga 👩‍👩‍👧 mengungsi ke balai RW sejak Rabu malam, menurut data BPBD Kota Semarang.\r\n"
)

FISH_TEXT = (
    "JAKARTA 🇮🇩 — Officials from Indonesia and the Philippines 🇵🇭 agreed on Friday to share fishing data 🐟.\n"
    "Fisheries minister Arief Santoso said the deal was “a first step” towards joint patrols in the "
    "Celebes Sea.\n"
    "“We will publish the catch numbers every month,” he told reporters 👨‍💻 in Manado.\n"
)

# (article, paragraph index, label, needle, nth occurrence)
SPANS: list[tuple[str, int, str, str, int]] = [
    ("banjir", 0, "GPE", "Semarang", 0),
    ("banjir", 0, "GPE", "🇮🇩", 0),
    ("banjir", 1, "ORG", "Wali Kota Semarang", 0),
    ("banjir", 1, "GPE", "Semarang", 0),  # inside the ORG above: overlapping
    ("banjir", 1, "PERSON", "Wulan Setyaningsih", 0),
    ("banjir", 1, "GPE", "Tambak Lorok", 0),
    ("banjir", 1, "ORG", "BPBD", 0),
    ("banjir", 1, "NORP", "relawan", 0),  # after the ZWJ worker with a skin tone
    ("banjir", 2, "QUOTE", "“Kami siapkan pompa tambahan di 12 titik dan dapur umum di Kelurahan Tanjung Mas,”", 0),
    ("banjir", 2, "GPE", "Kelurahan Tanjung Mas", 0),  # inside the QUOTE
    ("banjir", 2, "CUE", "ujar", 0),
    ("banjir", 2, "PERSON", "Wulan", 0),
    ("banjir", 3, "ORG", "BPBD Kota Semarang", 0),  # after the ZWJ family
    ("banjir", 3, "GPE", "Semarang", 0),
    ("fish", 0, "GPE", "JAKARTA", 0),
    ("fish", 0, "GPE", "Indonesia", 0),
    ("fish", 0, "GPE", "Philippines", 0),
    ("fish", 0, "GPE", "🇵🇭", 0),
    ("fish", 0, "EVENT", "Friday", 0),
    ("fish", 1, "ROLE", "Fisheries minister", 0),
    ("fish", 1, "PERSON", "Arief Santoso", 0),
    ("fish", 1, "CUE", "said", 0),
    ("fish", 1, "QUOTE", "“a first step”", 0),
    ("fish", 1, "GPE", "Celebes Sea", 0),
    ("fish", 2, "QUOTE", "“We will publish the catch numbers every month,”", 0),
    ("fish", 2, "CUE", "told", 0),
    ("fish", 2, "GPE", "Manado", 0),  # after the ZWJ technologist
]
OVERLAPPING = 6  # spans above that overlap another: three pairs

SpanKey = tuple[str, int, int, int, str]  # article ext id, paragraph, start, end (code points), label


@dataclass
class DoccanoCorpus:
    project: Project
    annotator: str
    spans: set[SpanKey]  # what was annotated, in code points


def build(project: Project, folder: Path, annotator: str = "ana") -> DoccanoCorpus:
    """Import the two articles, annotate them, mark every paragraph done."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "banjir.txt").write_bytes(BANJIR_TEXT.encode("utf-8"))
    (folder / "fish.jsonl").write_text(json.dumps({"id": "fish", "text": FISH_TEXT, "lang": "en"},
                                                  ensure_ascii=False) + "\n", encoding="utf-8")
    assert import_paths(project, [folder / "banjir.txt", folder / "fish.jsonl"]).articles == 2
    ids = {ext: aid for aid, ext in project.conn.execute("SELECT id, ext_id FROM articles")}
    ids["banjir"] = ids.pop(next(e for e in ids if e != "fish"))
    spans: set[SpanKey] = set()
    ext_of = {aid: ext for ext, aid in ids.items()}
    for art, index, label, needle, nth in SPANS:
        par = store.paragraphs(project, ids[art])[index]
        pos = -1
        for _ in range(nth + 1):
            pos = par.text.index(needle, pos + 1)
        annotate.add_annotation(project, par.id, annotator, label, pos, pos + len(needle))
        spans.add((_ext(project, ids[art]), index, pos, pos + len(needle), label))
    for aid in ext_of:
        for par in store.paragraphs(project, aid):
            annotate.set_status(project, par.id, annotator, "done")
    return DoccanoCorpus(project, annotator, spans)


def _ext(project: Project, article_id: int) -> str:
    return str(project.scalar("SELECT ext_id FROM articles WHERE id = ?", (article_id,)))


def project_spans(project: Project, annotator: str) -> set[SpanKey]:
    """Every span of ``annotator`` in the project, as :data:`SpanKey`."""
    rows = project.conn.execute(
        "SELECT a.ext_id, p.idx, n.start, n.\"end\", n.label FROM annotations n "
        "JOIN paragraphs p ON p.id = n.paragraph_id "
        "JOIN articles a ON a.id = p.article_id JOIN annotators u ON u.id = n.annotator_id WHERE u.name = ?",
        (annotator,))
    return {(str(r[0]), int(r[1]), int(r[2]), int(r[3]), str(r[4])) for r in rows}


def text_counts(path: Path) -> Counter[str]:
    """How often each text occurs in a doccano JSONL file (a check that the texts came back whole)."""
    return Counter(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line)


def write_export(out: Path, offsets: str = "utf16", unit: str = "paragraph") -> None:
    """Build the corpus in a project beside ``out`` and export it as doccano JSONL to ``out``."""
    work = out.parent / f".{out.stem}-work"
    work.mkdir()
    project = open_project(work / "p.db")
    try:
        build(project, work / "in")
        export_corpus(project, ExportOptions(format="doccano", format_options=(("offsets", offsets),), jobs=1,
                                             replace=True, unit="article" if unit == "article" else "paragraph"), out)
    finally:
        project.close()
        shutil.rmtree(work)


if __name__ == "__main__":
    write_export(Path(sys.argv[1]), *sys.argv[2:4])
