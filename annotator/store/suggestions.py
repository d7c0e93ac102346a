"""The rows behind suggestions: what a recommender sees of an article, storing suggestions, rejections,
and what the project has learned (mentions, accepted and rejected suggestions) for one annotator.

Functions here do no transaction handling of their own; ``annotator.services.suggest`` wraps them in
``project.write()``.
"""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.model import Annotation
from annotator.store.project import Project, now

BATCH_ARTICLES = 400  # articles read per round of queries by :func:`article_batches`


@dataclass(frozen=True)
class ParRow:
    id: int
    idx: int
    text: str
    boilerplate: str | None
    status: str  # of the annotator: todo / done / skipped


@dataclass(frozen=True)
class AnnRow:
    id: int
    paragraph: int  # index in the article
    start: int
    end: int
    label: str
    text: str
    origin: str


@dataclass
class ArticleWork:
    """One article as the suggest use case needs it: paragraphs, the annotator's annotations, speaker links."""

    id: int
    ext_id: str
    lang: str | None
    paragraphs: list[ParRow] = field(default_factory=list)
    annotations: list[AnnRow] = field(default_factory=list)
    speakers: dict[int, int] = field(default_factory=dict)  # source annotation id -> target annotation id
    links: set[tuple[int, str]] = field(default_factory=set)  # (source id, kind) of every existing link


def _articles(project: Project, annotator_id: int, where: str, params: tuple) -> list[ArticleWork]:
    # CROSS JOIN: paragraphs of the articles first, then their annotations by paragraph (the planner would
    # otherwise scan every annotation of the annotator: 0.2 s an article at 600k annotations)
    q = project.conn.execute
    works: dict[int, ArticleWork] = {}
    texts: dict[int, str] = {}
    for aid, ext_id, lang, text in q(f"SELECT id, ext_id, lang, text FROM articles a WHERE {where} ORDER BY id",
                                     params).fetchall():
        works[aid] = ArticleWork(aid, ext_id, lang)
        texts[aid] = text
    if not works:
        return []
    pwhere = where.replace("a.id", "p.article_id")
    for pid, aid, idx, start, end, flag, status in q(
            f'SELECT p.id, p.article_id, p.idx, p.start, p."end", p.boilerplate, coalesce(s.status, \'todo\') '
            "FROM paragraphs p LEFT JOIN paragraph_status s ON s.paragraph_id = p.id AND s.annotator_id = ? "
            f"WHERE {pwhere} ORDER BY p.article_id, p.idx", (annotator_id, *params)).fetchall():
        works[aid].paragraphs.append(ParRow(pid, idx, texts[aid][start:end], flag, status))
    for aid, idx, ann_id, start, end, label, text, origin in q(
            'SELECT p.article_id, p.idx, x.id, x.start, x."end", x.label, x.text, x.origin FROM paragraphs p '
            "CROSS JOIN annotations x ON x.paragraph_id = p.id AND x.annotator_id = ? "
            f"WHERE {pwhere} ORDER BY p.article_id, p.idx, x.start, x.id", (annotator_id, *params)).fetchall():
        works[aid].annotations.append(AnnRow(ann_id, idx, start, end, label, text, origin))
    for aid, source, kind, target in q(
            "SELECT p.article_id, l.source_id, l.kind, l.target_id FROM paragraphs p "
            "CROSS JOIN annotations x ON x.paragraph_id = p.id AND x.annotator_id = ? "
            f"CROSS JOIN links l ON l.source_id = x.id WHERE {pwhere}", (annotator_id, *params)).fetchall():
        works[aid].links.add((source, kind))
        if kind == "speaker" and target is not None:
            works[aid].speakers[source] = target
    return list(works.values())


def article_batches(project: Project, annotator_id: int) -> Iterator[list[ArticleWork]]:
    """Every article in id order, ``BATCH_ARTICLES`` at a time, each batch read whole before it is handed out
    (no cursor stays open while the caller writes)."""
    lo, hi = project.conn.execute("SELECT min(id), max(id) FROM articles").fetchone()
    if lo is None:
        return
    start = lo
    while start <= hi:
        yield _articles(project, annotator_id, "a.id BETWEEN ? AND ?", (start, start + BATCH_ARTICLES - 1))
        start += BATCH_ARTICLES


def article_of_paragraph(project: Project, annotator_id: int, paragraph_id: int) -> ArticleWork | None:
    aid = project.scalar("SELECT article_id FROM paragraphs WHERE id = ?", (paragraph_id,))
    if aid is None:
        return None
    found = _articles(project, annotator_id, "a.id = ?", (aid,))
    return found[0] if found else None


def article_count(project: Project) -> int:
    return int(project.scalar("SELECT count(*) FROM articles"))


# -- what the project has learned ------------------------------------------------------------------------
def mentions(project: Project, annotator_id: int) -> dict[str, dict[str, int]]:
    """text -> label -> times the annotator labelled it (entities; suggestions only once accepted)."""
    out: dict[str, dict[str, int]] = {}
    for text, label, n in project.conn.execute(
            "SELECT text, label, count(*) FROM annotations WHERE annotator_id = ? AND layer = 'entity' "
            "AND origin != 'suggested' GROUP BY text, label", (annotator_id,)):
        out.setdefault(text, {})[label] = n
    return out


def accepted_counts(project: Project, annotator_id: int) -> dict[tuple[str, str], int]:
    """(text, label) -> accepted suggestions of the annotator with that text and label."""
    return {(t, lab): n for t, lab, n in project.conn.execute(
        "SELECT text, label, count(*) FROM annotations WHERE annotator_id = ? AND origin != 'suggested' "
        "AND json_extract(attrs, '$.recommender') IS NOT NULL GROUP BY text, label", (annotator_id,))}


def rejected_counts(project: Project, annotator_id: int) -> dict[tuple[str, str], int]:
    """(text, label) -> rejections by the annotator: deleted suggestions, and accepted ones whose label was
    changed (the suggested label was wrong)."""
    out: Counter[tuple[str, str]] = Counter()
    for t, lab, n in project.conn.execute(
            "SELECT text, label, count(*) FROM rejections WHERE annotator_id = ? GROUP BY text, label",
            (annotator_id,)):
        out[(t, lab)] += n
    for t, lab, n in project.conn.execute(
            "SELECT text, json_extract(attrs, '$.suggested_label'), count(*) FROM annotations "
            "WHERE annotator_id = ? AND json_extract(attrs, '$.suggested_label') IS NOT NULL GROUP BY 1, 2",
            (annotator_id,)):
        out[(t, lab)] += n
    return dict(out)


def rejected_by_article(project: Project, annotator_id: int,
                        article_id: int | None = None) -> dict[int, set[tuple[str, str]]]:
    """article id -> (text, label) the annotator rejected there (all articles, or one)."""
    out: dict[int, set[tuple[str, str]]] = {}
    where, params = ("", (annotator_id,)) if article_id is None else (" AND article_id = ?", (annotator_id, article_id))
    for aid, t, lab in project.conn.execute(f"SELECT article_id, text, label FROM rejections WHERE annotator_id = ?"
                                            f"{where}", params):
        out.setdefault(aid, set()).add((t, lab))
    # one article: its paragraphs first (CROSS JOIN keeps that order), not a scan of the annotator's annotations
    sql = ("SELECT p.article_id, x.text, json_extract(x.attrs, '$.suggested_label') FROM annotations x "
           "JOIN paragraphs p ON p.id = x.paragraph_id WHERE x.annotator_id = ? "
           "AND json_extract(x.attrs, '$.suggested_label') IS NOT NULL") if article_id is None else (
           "SELECT p.article_id, x.text, json_extract(x.attrs, '$.suggested_label') FROM paragraphs p "
           "CROSS JOIN annotations x ON x.paragraph_id = p.id AND x.annotator_id = ? WHERE p.article_id = ? "
           "AND json_extract(x.attrs, '$.suggested_label') IS NOT NULL")
    for aid, t, lab in project.conn.execute(sql, params):
        out.setdefault(aid, set()).add((t, lab))
    return out


def last_event(project: Project) -> int:
    """The id of the newest event: every change through the services logs one (a cache key)."""
    return int(project.scalar("SELECT coalesce(max(id), 0) FROM events"))


# -- writing ---------------------------------------------------------------------------------------------
class NewSuggestion(NamedTuple):
    """A suggestion to insert: made by :func:`new_suggestion` (no database needed: a worker process makes them)."""

    id: int  # > 0: the id; < 0: local, -1 for the first of a run's plan (see :func:`insert_suggestions`)
    uid: str
    paragraph_id: int
    layer: str
    label: str
    start: int
    end: int
    text: str
    attrs: str  # JSON


_ATTRS_MEMO_SIZE = 4096
_attrs_memo: dict[tuple[Any, ...], str] = {}


def _attrs_json(attrs: dict[str, Any]) -> str:
    try:
        key = tuple((k, type(v), v) for k, v in attrs.items())  # the type: True and 1 are equal keys
        hit = _attrs_memo.get(key)
    except TypeError:  # a value that cannot be a key (a list): no memo
        return json.dumps(attrs, ensure_ascii=False, sort_keys=True)
    if hit is None:
        if len(_attrs_memo) > _ATTRS_MEMO_SIZE:
            _attrs_memo.clear()
        hit = _attrs_memo[key] = json.dumps(attrs, ensure_ascii=False, sort_keys=True)
    return hit


def ordered_uid() -> str:
    """A UUID version 7 as 32 hex digits: time first, so a run's new rows go to the end of the uid index
    (random version-4 uids touch a page anywhere in it for every row: most of a large run's writes)."""
    ms = time.time_ns() // 1_000_000 & (2**48 - 1)
    bits = _random.getrandbits(74)
    # 48 bits of time, version 7, 12 random bits, the RFC 4122 variant, 62 random bits
    return f"{ms << 80 | 0x7 << 76 | (bits >> 62) << 64 | 0x2 << 62 | (bits & (2**62 - 1)):032x}"


_random = random.Random(os.urandom(16))  # seeded per process from the OS (a worker process has its own)


def new_suggestion(local_id: int, paragraph_id: int, layer: str, label: str, start: int, end: int, text: str,
                   attrs: dict[str, Any]) -> NewSuggestion:
    return NewSuggestion(local_id, ordered_uid(), paragraph_id, layer, label, start, end, text, _attrs_json(attrs))


def next_annotation_id(project: Project) -> int:
    """The id SQLite would give the next annotation (AUTOINCREMENT: past the largest ever given)."""
    return int(project.scalar(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'annotations'), 0), "
        "coalesce((SELECT max(id) FROM annotations), 0)) + 1"))


def insert_suggestions(project: Project, annotator_id: int, rows: list[NewSuggestion], stamp: str,
                       first: int = 0) -> None:
    """Insert suggestions (origin ``suggested``) in one statement; a local id ``-k`` becomes ``first + k - 1``."""
    if not rows:
        return
    project.conn.executemany(
        'INSERT INTO annotations (id, uid, paragraph_id, annotator_id, layer, label, start, "end", text, '
        "attrs, origin, entity, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'suggested',NULL,?,?)",
        [(r.id if r.id > 0 else first - r.id - 1, r.uid, r.paragraph_id, annotator_id, r.layer, r.label, r.start,
          r.end, r.text, r.attrs, stamp, stamp) for r in rows])


def insert_links(project: Project, links: list[tuple[int, str, int | None, str | None]], stamp: str) -> None:
    """(source id, kind, target id, special) rows; a source that has a link of that kind keeps it."""
    project.conn.executemany(
        "INSERT INTO links (source_id, kind, target_id, special, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(source_id, kind) DO NOTHING", [(*link, stamp) for link in links])


def record_rejection(project: Project, ann: Annotation, annotator_id: int) -> None:
    """Remember that the annotator rejected the suggestion ``ann`` (call before deleting it)."""
    project.conn.execute(
        "INSERT INTO rejections (article_id, annotator_id, label, text, recommender, uid, created_at) "
        "SELECT article_id, ?, ?, ?, ?, ?, ? FROM paragraphs WHERE id = ?",
        (annotator_id, ann.label, ann.text, ann.attrs.get("recommender"), ann.uid, now(), ann.paragraph_id))


def forget_rejection(project: Project, uid: str) -> None:
    """Undo of a rejection: the suggestion with this uid is back."""
    project.conn.execute("DELETE FROM rejections WHERE uid = ?", (uid,))


def suggestion_ids(project: Project, paragraph_id: int, annotator_id: int) -> list[int]:
    return [r[0] for r in project.conn.execute(
        "SELECT id FROM annotations WHERE paragraph_id = ? AND annotator_id = ? AND origin = 'suggested' "
        'ORDER BY start, "end" DESC, id', (paragraph_id, annotator_id))]


def linked_suggestions(project: Project, source_ids: list[int]) -> list[int]:
    """Suggested annotations the links of these annotations point to (their speaker, cue, claimant)."""
    if not source_ids:
        return []
    marks = ",".join("?" * len(source_ids))
    return [r[0] for r in project.conn.execute(
        f"SELECT DISTINCT x.id FROM links l JOIN annotations x ON x.id = l.target_id WHERE l.source_id IN ({marks}) "
        "AND x.origin = 'suggested' ORDER BY x.id", source_ids)]


def recommender_counts(project: Project) -> dict[str, dict[str, int]]:
    """recommender -> {accepted, rejected, edited} over every annotator (accepted: taken as suggested; edited:
    taken with another label; rejected: deleted)."""
    out: dict[str, dict[str, int]] = {}

    def at(name: str) -> dict[str, int]:
        return out.setdefault(name, {"accepted": 0, "rejected": 0, "edited": 0})

    for name, edited, n in project.conn.execute(
            "SELECT json_extract(attrs, '$.recommender'), json_extract(attrs, '$.suggested_label') IS NOT NULL, "
            "count(*) FROM annotations WHERE origin != 'suggested' AND json_extract(attrs, '$.recommender') "
            "IS NOT NULL GROUP BY 1, 2"):
        at(str(name))["edited" if edited else "accepted"] += n
    for name, n in project.conn.execute("SELECT recommender, count(*) FROM rejections WHERE recommender IS NOT NULL "
                                        "GROUP BY recommender"):
        at(str(name))["rejected"] += n
    return dict(sorted(out.items()))
