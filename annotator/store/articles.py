"""Articles and paragraphs: insert, look up, list."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from annotator.core.model import ArticleIn, Paragraph
from annotator.core.paragraphs import Span
from annotator.store.project import Project, now


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ArticleRow:
    id: int
    ext_id: str
    title: str | None
    lang: str | None
    url: str | None
    source: str | None
    meta: dict
    text: str
    split_mode: str


def suffixed_ext_id(wanted: str, digest: str) -> str:
    """The external id an article gets when another article has ``wanted``: its content hash appended."""
    return f"{wanted}-{digest[:10]}"


def free_ext_id(project: Project, wanted: str, digest: str) -> str:
    """``wanted``, or ``wanted`` with a hash suffix when another article has it."""
    if project.scalar("SELECT 1 FROM articles WHERE ext_id = ?", (wanted,)) is None:
        return wanted
    return suffixed_ext_id(wanted, digest)


class NewArticle(NamedTuple):
    """An article to insert, with what the import worked out for it."""
    art: ArticleIn
    ext_id: str
    digest: str
    mode: str
    spans: Sequence[Span]
    flags: Sequence[str | None]


def insert_articles(project: Project, batch: Sequence[NewArticle]) -> list[int]:
    """Insert articles and their paragraphs with two statements for the whole batch, and return their
    ids; call inside ``project.write()``, which holds the write lock, so the ids after the highest one
    are free (``articles.id`` is a plain rowid: SQLite would choose the same)."""
    if not batch:
        return []
    first = int(project.scalar("SELECT coalesce(max(id), 0) FROM articles")) + 1
    stamp = now()
    ids = list(range(first, first + len(batch)))
    project.conn.executemany(
        "INSERT INTO articles (id, ext_id, title, source, url, lang, meta, text, content_hash, "
        "split_mode, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(article_id, new.ext_id, new.art.title, new.art.source, new.art.url, new.art.lang,
          json.dumps(new.art.meta, ensure_ascii=False, sort_keys=True) if new.art.meta else "{}",
          new.art.text, new.digest, new.mode, stamp) for article_id, new in zip(ids, batch)],
    )
    project.conn.executemany(
        'INSERT INTO paragraphs (article_id, idx, start, "end", boilerplate) VALUES (?, ?, ?, ?, ?)',
        [(article_id, i, s[0], s[1], f) for article_id, new in zip(ids, batch)
         for i, (s, f) in enumerate(zip(new.spans, new.flags, strict=True))],
    )
    return ids


def insert_article(project: Project, art: ArticleIn, ext_id: str, digest: str, mode: str,
                   spans: Sequence[Span], flags: Sequence[str | None]) -> int:
    """Insert one article and its paragraphs; call inside ``project.write()``."""
    return insert_articles(project, [NewArticle(art, ext_id, digest, mode, spans, flags)])[0]


def taken(project: Project, ext_ids: Iterable[str], digests: Iterable[str]) -> tuple[set[str], set[str]]:
    """Which of these external ids, and which of these content hashes, articles of the project have
    (a query per 500 of each, for a whole batch of articles)."""
    ids, hashes = list(set(ext_ids)), list(set(digests))
    found_ids: set[str] = set()
    found_hashes: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found_ids.update(r[0] for r in project.conn.execute(
            f"SELECT ext_id FROM articles WHERE ext_id IN ({','.join('?' * len(chunk))})", chunk))
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        found_hashes.update(r[0] for r in project.conn.execute(
            f"SELECT content_hash FROM articles WHERE content_hash IN ({','.join('?' * len(chunk))})", chunk))
    return found_ids, found_hashes


def get_article(project: Project, article_id: int) -> ArticleRow | None:
    row = project.conn.execute(
        "SELECT id, ext_id, title, lang, url, source, meta, text, split_mode FROM articles WHERE id = ?",
        (article_id,)).fetchone()
    if row is None:
        return None
    return ArticleRow(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]), row[7], row[8])


def paragraphs(project: Project, article_id: int) -> list[Paragraph]:
    """All paragraphs of one article, with their text cut from the article."""
    rows = project.conn.execute(
        'SELECT p.id, p.idx, p.start, p."end", p.boilerplate, substr(a.text, p.start + 1, p."end" - p.start) '
        "FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE p.article_id = ? ORDER BY p.idx",
        (article_id,)).fetchall()
    return [Paragraph(r[0], article_id, r[1], r[2], r[3], r[5], r[4]) for r in rows]


def get_paragraph(project: Project, paragraph_id: int) -> Paragraph | None:
    r = project.conn.execute(
        'SELECT p.id, p.article_id, p.idx, p.start, p."end", p.boilerplate, '
        'substr(a.text, p.start + 1, p."end" - p.start) '
        "FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE p.id = ?",
        (paragraph_id,)).fetchone()
    return None if r is None else Paragraph(r[0], r[1], r[2], r[3], r[4], r[6], r[5])


def article_count(project: Project) -> int:
    return int(project.scalar("SELECT count(*) FROM articles"))
