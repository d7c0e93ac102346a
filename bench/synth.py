"""Synthetic news projects for benchmarks: Indonesian and English paragraphs with quotes and emoji."""

from __future__ import annotations

import random
from pathlib import Path

from annotator.core.boilerplate import flag_paragraphs
from annotator.core.model import ArticleIn
from annotator.core.paragraphs import split_paragraphs
from annotator.store.articles import content_hash, insert_article
from annotator.store.project import open_project

NAMES = ["Sari Dewi", "Budi Santoso", "Amara Okafor", "Lena Marsh", "Hendrik Lamba", "Maria Seran", "Dale Rourke"]
PLACES = ["Jakarta", "Surabaya", "Palu", "Kupang", "Northport", "Riverside", "Medan"]
ORGS = ["Kementerian Perhubungan", "Harbour Workers Union", "DPRD", "Bank Indonesia", "City Council"]
ID_SENT = [
    "“Kami akan menyelesaikan proyek ini sebelum akhir tahun,” kata {name} di {place}.",
    "{org} menyatakan anggaran naik 12 persen dibanding tahun lalu. 📈",
    "Menurut {name}, warga {place} sudah lama menunggu keputusan itu.",
    "Pertemuan di {place} berlangsung tertutup selama tiga jam, katanya.",
]
EN_SENT = [
    "“We will not back down,” {name} told reporters in {place}. 🙄",
    "The {org} said costs rose by $85 million last year.",
    "According to {name}, residents of {place} were never consulted.",
    "The vote in {place} passed 7–2 after a long debate.",
]


def article_text(rng: random.Random, i: int, paragraphs: int = 10) -> tuple[str, str]:
    sents = ID_SENT if i % 2 == 0 else EN_SENT
    lines = []
    for _ in range(paragraphs):
        k = rng.randint(1, 3)
        lines.append(" ".join(rng.choice(sents).format(name=rng.choice(NAMES), place=rng.choice(PLACES),
                                                         org=rng.choice(ORGS)) for _ in range(k)))
    title = f"{rng.choice(PLACES)}: berita {i}" if i % 2 == 0 else f"{rng.choice(PLACES)} report {i}"
    return title, "\n".join(lines)


def write_jsonl(path: Path, n: int, seed: int = 1) -> None:
    import json

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            title, text = article_text(rng, i)
            fh.write(json.dumps({"id": f"syn-{i}", "title": title, "lang": "id" if i % 2 == 0 else "en",
                                 "text": text}, ensure_ascii=False) + "\n")


def make_project(path: Path, n: int, seed: int = 1) -> Path:
    """A project of ``n`` articles (about 10 paragraphs each), written in one transaction."""
    rng = random.Random(seed)
    with open_project(path) as project, project.write():
        for i in range(n):
            title, text = article_text(rng, i)
            mode, spans = split_paragraphs(text)
            pars = [text[s.start:s.end] for s in spans]
            insert_article(project, ArticleIn(f"syn-{i}", text, title=title), f"syn-{i}", content_hash(text),
                           mode, spans, flag_paragraphs(pars, title))
    return path
