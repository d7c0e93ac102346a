"""Small made-up news projects for the merge, assign, agreement and adjudication tests."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import ArticleIn
from annotator.core.paragraphs import Span as ParSpan
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project, open_project

ARTICLE_1 = [
    "Menteri Perhubungan Rina Sari meresmikan pelabuhan baru di Kota Baru pada Selasa.",
    "\u201cPelabuhan ini akan membuka 1.200 lapangan kerja,\u201d kata Rina kepada wartawan.",
    "Harbour Group menyebut investasi mencapai 1,2 triliun rupiah.",
]
ARTICLE_2 = [
    "The river ferry between Lorong and Tepian stopped on Monday after a storm.",
    "Ferry operator Nusa Lines said repairs would take two weeks.",
]
ARTICLE_3 = ["Warga Desa Sukamaju menanam 500 pohon mangrove di pantai utara."]


def add_article(project: Project, ext_id: str, paragraphs: list[str]) -> list[int]:
    """Insert an article whose paragraphs are the given lines; returns the paragraph ids."""
    text = "\n".join(paragraphs)
    spans, pos = [], 0
    for par in paragraphs:
        spans.append(ParSpan(pos, pos + len(par)))
        pos += len(par) + 1
    with project.write():
        art = store.insert_article(project, ArticleIn(ext_id, text, title=paragraphs[0][:40]), ext_id,
                                   store.content_hash(text), "line", spans, [None] * len(spans))
    return [p.id for p in store.paragraphs(project, art)]


def new_project(path: Path, articles: dict[str, list[str]] | None = None) -> Project:
    proj = open_project(path)
    for ext_id, pars in (articles or {"berita-1": ARTICLE_1, "news-2": ARTICLE_2}).items():
        add_article(proj, ext_id, pars)
    return proj


def pids(project: Project, ext_id: str) -> list[int]:
    art = project.scalar("SELECT id FROM articles WHERE ext_id = ?", (ext_id,))
    return [p.id for p in store.paragraphs(project, art)]


def where(project: Project, paragraph_id: int, phrase: str) -> tuple[int, int]:
    text = store.get_paragraph(project, paragraph_id).text
    start = text.index(phrase)
    return start, start + len(phrase)


def mark(project: Project, paragraph_id: int, annotator: str, label: str, phrase: str, **attrs: object) -> int:
    start, end = where(project, paragraph_id, phrase)
    ann = annotate.add_annotation(project, paragraph_id, annotator, label, start, end, attrs=dict(attrs) or None)
    return ann.id


def done(project: Project, annotator: str, *paragraph_ids: int) -> None:
    for pid in paragraph_ids:
        annotate.set_status(project, pid, annotator, "done")


def annotate_article_1(project: Project, annotator: str, variant: int = 0) -> dict[str, int]:
    """One annotator's work on ARTICLE_1; ``variant`` 1 differs on purpose in a few places."""
    p0, p1, p2 = pids(project, "berita-1")
    ids = {
        "rina": mark(project, p0, annotator, "PERSON", "Rina Sari" if variant == 0 else "Rina"),
        "role": mark(project, p0, annotator, "ROLE", "Menteri Perhubungan"),
        "kota": mark(project, p0, annotator, "GPE", "Kota Baru"),
        "quote": mark(project, p1, annotator, "QUOTE",
                      "\u201cPelabuhan ini akan membuka 1.200 lapangan kerja,\u201d", kind="direct"),
        "cue": mark(project, p1, annotator, "CUE", "kata"),
        "rina2": mark(project, p1, annotator, "PERSON", "Rina"),
        "harbour": mark(project, p2, annotator, "ORG" if variant == 0 else "GPE", "Harbour Group"),
        "claim": mark(project, p2, annotator, "CLAIM", "investasi mencapai 1,2 triliun rupiah",
                      checkworthy="yes" if variant == 0 else "no"),
    }
    annotate.link(project, ids["quote"], "speaker", annotator, target_id=ids["rina"])
    annotate.link(project, ids["quote"], "cue", annotator, target_id=ids["cue"])
    annotate.link(project, ids["claim"], "claimant", annotator, target_id=ids["harbour"])
    done(project, annotator, p0, p1, p2)
    return ids
