"""Synthetic news projects for benchmarks: Indonesian and English paragraphs with quotes and emoji.

Every sentence comes from a template that knows where its spans are, so an
article comes with its annotations (entities, quotes with cues and speakers,
claims with claimants): about 10 paragraphs an article, about 5 annotations a
paragraph. Some articles carry scraped boilerplate (a time stamp line, a
"Baca juga" trailer), which the importer flags.

``make_project`` writes a whole project (articles, paragraphs, the main
annotator's annotations, links and "done" statuses, and two more annotators on
the first 1,000 articles for agreement) with direct SQL in one transaction;
``write_jsonl`` writes the same articles as an importable JSONL file.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from annotator.core.boilerplate import flag_paragraphs
from annotator.store.project import now, open_project

NAMES = ["Sari Dewi", "Budi Santoso", "Amara Okafor", "Lena Marsh", "Hendrik Lamba", "Maria Seran",
         "Dale Rourke", "Wang Yi", "Siti Nurhaliza", "Joko Widodo", "Retno Marsudi", "Ahmad Fauzi"]
PLACES = ["Jakarta", "Surabaya", "Palu", "Kupang", "Northport", "Riverside", "Medan", "Makassar",
          "Yogyakarta", "Denpasar", "Brisbane", "Washington"]
ORGS = ["Kementerian Perhubungan", "Harbour Workers Union", "DPRD", "Bank Indonesia", "City Council",
        "Komisi Pemberantasan Korupsi", "World Bank", "Badan Pusat Statistik", "ASEAN"]
ROLES_ID = ["Menteri Perdagangan", "Gubernur", "juru bicara", "Wali Kota", "Kepala Dinas"]
ROLES_EN = ["Mayor", "the union's spokeswoman", "Finance Minister", "Police Commissioner", "the senator"]
NORPS = ["Indonesian", "Australian", "Muslim", "Javanese", "Chinese"]
EMOJI = ["📈", "🙄", "👍🏽", "🇮🇩", "😀", "🔥", "🙏", "👨\u200d👩\u200d👧"]
QUOTES_ID = ["Kami akan menyelesaikan proyek ini sebelum akhir tahun",
             "Tidak ada kenaikan tarif sandar tahun ini",
             "Warga berhak tahu ke mana uang itu pergi",
             "Kami sudah bekerja keras, tetapi hasilnya belum terlihat"]
QUOTES_EN = ["We will not back down", "The numbers simply don't add up",
             "Nobody asked the people who live here", "This is the best deal we could get"]
CLAIMS_ID = ["anggaran naik 12 persen dibanding tahun lalu", "inflasi turun menjadi 2,8 persen pada Oktober",
             "jumlah penumpang mencapai 1.200.000 orang", "harga beras naik Rp 1.500 per kilogram"]
CLAIMS_EN = ["costs rose by $85 million last year", "unemployment fell to 3.9% in March",
             "the port handled 1.2 million containers", "crime dropped 7% since 2021"]
STAMPS = ["Senin, 27/11/2026 10.15 WIB", "02:26", "Selasa, 28 Nov 2026 | 08:15 WIB"]
TRAILERS = ["Baca juga: {title}", "Leave a Reply", "Share this"]

Span = tuple[int, int, str, str, str]  # start, end, label, layer, attrs (JSON)
LinkSpec = tuple[int, str, int | None, str | None]  # source span index, kind, target span index, special


class _Builder:
    """A sentence under construction: text pieces and the spans laid on them."""

    __slots__ = ("parts", "pos", "spans", "links")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: list[Span] = []
        self.links: list[LinkSpec] = []

    def t(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def span(self, s: str, label: str, layer: str = "entity", attrs: str = "{}") -> int:
        start = self.pos
        self.t(s)
        self.spans.append((start, self.pos, label, layer, attrs))
        return len(self.spans) - 1

    def around(self, start: int, label: str, layer: str, attrs: str = "{}") -> int:
        self.spans.append((start, self.pos, label, layer, attrs))
        return len(self.spans) - 1

    def link(self, source: int, kind: str, target: int | None = None, special: str | None = None) -> None:
        self.links.append((source, kind, target, special))


_DIRECT = '{"kind":"direct"}'
_INDIRECT = '{"kind":"indirect"}'
_CW_YES = '{"checkworthy":"yes"}'
_CW_NO = '{"checkworthy":"no"}'


def _reported(b: _Builder, r: random.Random, cue_word: str, before: str, after: str) -> None:
    """"<cue> <PERSON>, <before><GPE><after>.": an indirect quote whose speaker and cue come first."""
    cue = b.span(cue_word, "CUE", "cue")
    b.t(" ")
    who = b.span(r.choice(NAMES), "PERSON")
    b.t(", ")
    q0 = b.pos
    b.t(before)
    b.span(r.choice(PLACES), "GPE")
    b.t(after)
    q = b.around(q0, "QUOTE", "quote", _INDIRECT)
    b.t(".")
    b.link(q, "speaker", who)
    b.link(q, "cue", cue)


def _sentence_id(b: _Builder, r: random.Random) -> None:
    k = r.randrange(5)
    if k == 0:
        q0 = b.pos
        b.t(f"“{r.choice(QUOTES_ID)},”")
        q = b.around(q0, "QUOTE", "quote", _DIRECT)
        b.t(" ")
        cue = b.span("kata", "CUE", "cue")
        b.t(" ")
        who = b.span(r.choice(NAMES), "PERSON")
        b.t(" di ")
        b.span(r.choice(PLACES), "GPE")
        b.t(".")
        b.link(q, "speaker", who)
        b.link(q, "cue", cue)
    elif k == 1:
        org = b.span(r.choice(ORGS), "ORG")
        b.t(" menyatakan ")
        c = b.span(r.choice(CLAIMS_ID), "CLAIM", "claim", _CW_YES if r.random() < 0.7 else _CW_NO)
        b.t(f". {r.choice(EMOJI)}")
        b.link(c, "claimant", org)
    elif k == 2:
        _reported(b, r, "Menurut", "warga ", " sudah lama menunggu keputusan itu")
    elif k == 3:
        b.span(r.choice(ROLES_ID), "ROLE")
        b.t(" ")
        b.span(r.choice(NAMES), "PERSON")
        b.t(" tiba di ")
        b.span(r.choice(PLACES), "GPE")
        b.t(f" pada Senin untuk bertemu pejabat {r.choice(ORGS)}.")
    else:
        q0 = b.pos
        b.t("Pertemuan di ")
        b.span(r.choice(PLACES), "GPE")
        b.t(" berlangsung tertutup selama tiga jam")
        q = b.around(q0, "QUOTE", "quote", _INDIRECT)
        b.t(", ")
        cue = b.span("katanya", "CUE", "cue")
        b.t(f". {r.choice(EMOJI)}" if r.random() < 0.3 else ".")
        b.link(q, "speaker", None, "unnamed")
        b.link(q, "cue", cue)


def _sentence_en(b: _Builder, r: random.Random) -> None:
    k = r.randrange(5)
    if k == 0:
        q0 = b.pos
        b.t(f"“{r.choice(QUOTES_EN)},”")
        q = b.around(q0, "QUOTE", "quote", _DIRECT)
        b.t(" ")
        who = b.span(r.choice(NAMES), "PERSON")
        b.t(" ")
        cue = b.span("told", "CUE", "cue")
        b.t(" reporters in ")
        b.span(r.choice(PLACES), "GPE")
        b.t(f". {r.choice(EMOJI)}")
        b.link(q, "speaker", who)
        b.link(q, "cue", cue)
    elif k == 1:
        b.t("The ")
        org = b.span(r.choice(ORGS), "ORG")
        b.t(" said ")
        c = b.span(r.choice(CLAIMS_EN), "CLAIM", "claim", _CW_YES if r.random() < 0.7 else _CW_NO)
        b.t(".")
        b.link(c, "claimant", org)
    elif k == 2:
        _reported(b, r, "According to", "residents of ", " were never consulted")
    elif k == 3:
        b.span(r.choice(NORPS), "NORP")
        b.t(" officials met ")
        b.span(r.choice(ROLES_EN), "ROLE")
        b.t(" ")
        b.span(r.choice(NAMES), "PERSON")
        b.t(f" in {r.choice(PLACES)} on Monday, a day after the vote passed 7–2.")
    else:
        b.t("The vote in ")
        b.span(r.choice(PLACES), "GPE")
        b.t(" passed after a long debate over the Rusia-China deal, worth $1,200,000.")


def _paragraph(r: random.Random, indonesian: bool) -> tuple[str, list[Span], list[LinkSpec]]:
    b = _Builder()
    sentence = _sentence_id if indonesian else _sentence_en
    for j in range(r.choice((1, 1, 2, 2, 3))):
        if j:
            b.t(" ")
        sentence(b, r)
    return "".join(b.parts), b.spans, b.links


class Article:
    __slots__ = ("ext_id", "title", "lang", "text", "paragraphs")

    def __init__(self, ext_id: str, title: str, lang: str, text: str,
                 paragraphs: list[tuple[int, int, list[Span], list[LinkSpec]]]) -> None:
        self.ext_id, self.title, self.lang, self.text = ext_id, title, lang, text
        self.paragraphs = paragraphs  # (start, end, spans, links); spans are offsets in the paragraph


def article(r: random.Random, i: int, paragraphs: int = 10) -> Article:
    """Article ``i``: even ones Indonesian, odd ones English; one paragraph per line."""
    indonesian = i % 2 == 0
    place = r.choice(PLACES)
    title = f"{place}: berita {i}" if indonesian else f"{place} report {i}"
    lines: list[tuple[str, list[Span], list[LinkSpec]]] = []
    if r.random() < 0.2:
        lines.append((r.choice(STAMPS), [], []))
    n = paragraphs + r.choice((-1, 0, 0, 1))
    lines += [_paragraph(r, indonesian) for _ in range(n)]
    if r.random() < 0.2:
        lines.append((r.choice(TRAILERS).format(title=title), [], []))
    pars = []
    pos = 0
    for text, spans, links in lines:
        pars.append((pos, pos + len(text), spans, links))
        pos += len(text) + 1
    return Article(f"syn-{i}", title, "id" if indonesian else "en", "\n".join(t for t, _, _ in lines), pars)


def articles(n: int, seed: int = 1) -> Iterator[Article]:
    r = random.Random(seed)
    for i in range(n):
        yield article(r, i)


def write_jsonl(path: Path, n: int, seed: int = 1) -> int:
    """The articles as an importable JSONL file; returns the number of paragraphs."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for art in articles(n, seed):
            count += len(art.paragraphs)
            fh.write(json.dumps({"id": art.ext_id, "title": art.title, "lang": art.lang, "text": art.text},
                                ensure_ascii=False) + "\n")
    return count


MAIN = "ana"
OTHERS = ("budi", "citra")  # the agreement annotators, on the first AGREE_ARTICLES articles
AGREE_ARTICLES = 1000


def _variant(r: random.Random, spans: list[Span], links: list[LinkSpec],
             text: str) -> tuple[list[Span], list[LinkSpec]]:
    """Another annotator's take: most spans the same, some dropped, relabelled or cut short."""
    keep: dict[int, int] = {}
    out: list[Span] = []
    for k, (s, e, label, layer, attrs) in enumerate(spans):
        x = r.random()
        if x < 0.08:
            continue
        if x < 0.12 and layer == "entity":
            label = "ORG" if label != "ORG" else "NORP"
        elif x < 0.16:
            cut = text.rfind(" ", s, e)
            if cut > s:
                e = cut
        keep[k] = len(out)
        out.append((s, e, label, layer, attrs))
    out_links = [(keep[src], kind, keep.get(t) if t is not None else None, sp) for src, kind, t, sp in links
                 if src in keep and (t is None or t in keep)]
    return out, out_links


def make_project(path: Path, n: int, seed: int = 1) -> dict[str, int]:
    """Write a project of ``n`` articles in one transaction; returns row counts."""
    stamp = now()
    counts: dict[str, int] = {}
    with open_project(path) as project, project.write():
        conn = project.conn
        for aid, name in enumerate((MAIN, *OTHERS), 1):
            conn.execute("INSERT INTO annotators (id, name, created_at) VALUES (?, ?, ?)", (aid, name, stamp))
        r_var = random.Random(seed + 7)
        par_id = ann_id = 0
        art_rows: list[tuple] = []
        par_rows: list[tuple] = []
        ann_rows: list[tuple] = []
        link_rows: list[tuple] = []
        status_rows: list[tuple] = []

        def flush() -> None:
            conn.executemany("INSERT INTO articles (id, ext_id, title, source, url, lang, meta, text, content_hash, "
                             "split_mode, imported_at) VALUES (?, ?, ?, 'synthetic.jsonl', NULL, ?, '{}', ?, ?, "
                             "'line', ?)", art_rows)
            conn.executemany('INSERT INTO paragraphs (id, article_id, idx, start, "end", boilerplate) '
                             "VALUES (?, ?, ?, ?, ?, ?)", par_rows)
            conn.executemany('INSERT INTO annotations (id, uid, paragraph_id, annotator_id, layer, label, start, '
                             '"end", text, attrs, origin, entity, created_at, updated_at) '
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', NULL, ?, ?)", ann_rows)
            conn.executemany("INSERT INTO links (source_id, kind, target_id, special, created_at) "
                             "VALUES (?, ?, ?, ?, ?)", link_rows)
            conn.executemany("INSERT INTO paragraph_status (paragraph_id, annotator_id, status, updated_at) "
                             "VALUES (?, ?, 'done', ?)", status_rows)
            for key, rows in (("articles", art_rows), ("paragraphs", par_rows), ("annotations", ann_rows),
                              ("links", link_rows), ("statuses", status_rows)):
                counts[key] = counts.get(key, 0) + len(rows)
                rows.clear()

        for i, art in enumerate(articles(n, seed), 1):
            texts = [art.text[s:e] for s, e, _, _ in art.paragraphs]
            flags = flag_paragraphs(texts, art.title)
            art_rows.append((i, art.ext_id, art.title, art.lang, art.text, f"synthetic-{seed}-{i}", stamp))
            for idx, ((s, e, spans, links), flag) in enumerate(zip(art.paragraphs, flags)):
                par_id += 1
                par_rows.append((par_id, i, idx, s, e, flag))
                if flag is not None:
                    continue
                text = texts[idx]
                takes = [(1, spans, links)]
                if i <= AGREE_ARTICLES:
                    takes += [(k, *_variant(r_var, spans, links, text)) for k in (2, 3)]
                for who, sp, lk in takes:
                    base = ann_id
                    for s2, e2, label, layer, attrs in sp:
                        ann_id += 1
                        ann_rows.append((ann_id, f"{who}-{ann_id:x}", par_id, who, layer, label, s2, e2,
                                         text[s2:e2], attrs, stamp, stamp))
                    link_rows.extend((base + 1 + src, kind, None if t is None else base + 1 + t, sp_, stamp)
                                     for src, kind, t, sp_ in lk)
                    status_rows.append((par_id, who, stamp))
            if len(ann_rows) > 200_000:
                flush()
        flush()
    return counts
