"""Read-only queries behind corpus export and annotated import.

Export streams: paragraphs come from one ordered cursor in batches
(:func:`iter_paragraph_batches`); the annotations, links and articles of a batch
come from one query each, so the number of queries grows with the number of
batches, never with the number of paragraphs.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from annotator.store.project import Project

BATCH = 500
_MAX_IN = 900  # values in one IN (...): old SQLite builds allow 999 parameters

# -- rows -----------------------------------------------------------------------------


class ArticleInfo(NamedTuple):
    id: int
    ext_id: str
    title: str | None
    url: str | None
    lang: str | None
    source: str | None
    meta: dict[str, Any]
    text: str


class ParagraphRow(NamedTuple):
    id: int
    article_id: int
    idx: int
    start: int
    end: int
    boilerplate: str | None
    status: str


class AnnotationRow(NamedTuple):
    id: int
    uid: str | None  # None (as attrs_json and entity) when read without ``full`` (see annotations_for)
    paragraph_id: int
    layer: str
    label: str
    start: int
    end: int
    text: str
    attrs_json: str | None  # the stored JSON object, parsed only by the formats that write it
    origin: str
    entity: str | None


class LinkRow(NamedTuple):
    source_id: int
    kind: str
    special: str | None
    target_id: int | None
    target_uid: str | None
    target_paragraph_id: int | None
    target_paragraph: int | None  # the target's paragraph index in its article
    target_text: str | None


@dataclass(frozen=True)
class Selection:
    """Whose annotations, which paragraphs, which layers.

    ``annotator_id`` selects one annotator's annotations and paragraph status;
    ``gold`` selects annotations with origin ``adjudicated`` (of any annotator),
    and a paragraph counts as done when a reviewer (``annotators.is_reviewer``)
    marked it done, as adjudication does. ``layers`` empty means every layer.
    """

    annotator_id: int | None = None
    gold: bool = False
    status: str = "done"  # done | any
    layers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.gold == (self.annotator_id is not None):
            raise ValueError("select either one annotator or gold")
        if self.status not in ("done", "any"):
            raise ValueError(f"unknown status filter {self.status!r}")


# -- selection pieces -------------------------------------------------------------------

_GOLD_STATUS = (
    "CASE WHEN EXISTS (SELECT 1 FROM paragraph_status s JOIN annotators n ON n.id = s.annotator_id "
    "WHERE s.paragraph_id = p.id AND n.is_reviewer = 1 AND s.status = 'done') THEN 'done' ELSE 'todo' END"
)


ArticleRange = tuple[int, int | None]  # article ids from the first (inclusive) to the second (exclusive; None: on)


def _paragraph_sql(sel: Selection, *, all_status: bool, articles: ArticleRange | None = None) -> tuple[str, list[Any]]:
    """SELECT of paragraphs (with status) in article and paragraph order, of the ``articles`` range if given."""
    cols = 'p.id, p.article_id, p.idx, p.start, p."end", p.boilerplate'
    only_done = sel.status == "done" and not all_status
    where: list[str] = []
    params: list[Any] = []
    if sel.gold:
        sql = f"SELECT {cols}, {_GOLD_STATUS} AS st FROM paragraphs p"
        if only_done:
            where.append(f"{_GOLD_STATUS} = 'done'")
    elif only_done:
        # EXISTS rather than a join: SQLite then walks the paragraphs in order (the export streams)
        # instead of collecting the annotator's done paragraphs and sorting all of them first
        sql = f"SELECT {cols}, 'done' AS st FROM paragraphs p"
        where.append("EXISTS (SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id AND s.annotator_id = ? "
                     "AND s.status = 'done')")
        params.append(sel.annotator_id)
    else:
        sql = (f"SELECT {cols}, COALESCE(s.status, 'todo') AS st FROM paragraphs p "
               "LEFT JOIN paragraph_status s ON s.paragraph_id = p.id AND s.annotator_id = ?")
        params.append(sel.annotator_id)
    if articles is not None:
        where.append("p.article_id >= ?")
        params.append(articles[0])
        if articles[1] is not None:
            where.append("p.article_id < ?")
            params.append(articles[1])
    return (f"{sql} WHERE {' AND '.join(where)}" if where else sql), params


def _annotation_filter(sel: Selection, alias: str = "a") -> tuple[str, list[Any]]:
    params: list[Any]
    if sel.gold:
        sql, params = f"{alias}.origin = 'adjudicated'", []
    else:
        sql, params = f"{alias}.annotator_id = ?", [sel.annotator_id]
    if sel.layers:
        sql += f" AND {alias}.layer IN ({','.join('?' * len(sel.layers))})"
        params += list(sel.layers)
    return sql, params


# -- queries ------------------------------------------------------------------------------


def count_paragraphs(project: Project, sel: Selection, *, all_status: bool = False) -> int:
    sql, params = _paragraph_sql(sel, all_status=all_status)
    return int(project.scalar(f"SELECT count(*) FROM ({sql})", params))


def count_articles(project: Project, sel: Selection) -> int:
    """The articles an export by article writes: with status ``done``, those whose every paragraph is done or
    boilerplate and at least one is done (as :func:`annotator.export.source.article_units` judges them)."""
    sql, params = _paragraph_sql(sel, all_status=True)
    if sel.status != "done":
        return int(project.scalar(f"SELECT count(DISTINCT article_id) FROM ({sql})", params))
    return int(project.scalar(
        f"SELECT count(*) FROM (SELECT article_id FROM ({sql}) GROUP BY article_id "
        "HAVING min(st = 'done' OR COALESCE(boilerplate, '') != '') = 1 AND max(st = 'done') = 1)", params))


def total_paragraphs(project: Project) -> int:
    return int(project.scalar("SELECT count(*) FROM paragraphs"))


def per_article_counts(project: Project, sel: Selection, *, all_status: bool = False) -> list[tuple[int, int]]:
    """(article id, selected paragraphs) of every article with any, in article order."""
    sql, params = _paragraph_sql(sel, all_status=all_status)
    return [(int(r[0]), int(r[1])) for r in project.conn.execute(
        f"SELECT article_id, count(*) FROM ({sql}) GROUP BY article_id ORDER BY article_id", params)]


def iter_paragraph_batches(project: Project, sel: Selection, *, all_status: bool = False,
                           batch: int = BATCH, articles: ArticleRange | None = None) -> Iterator[list[ParagraphRow]]:
    """Selected paragraphs ordered by article and index, ``batch`` at a time.

    ``all_status`` ignores the status filter (the caller judges whole articles); ``articles``
    keeps the paragraphs of a range of article ids.
    """
    sql, params = _paragraph_sql(sel, all_status=all_status, articles=articles)
    cur = project.conn.execute(sql + " ORDER BY p.article_id, p.idx", params)
    new = tuple.__new__  # what ParagraphRow._make does, without a Python call per row
    try:
        while True:
            rows = cur.fetchmany(batch)
            if not rows:
                return
            yield [new(ParagraphRow, r) for r in rows]
    finally:
        with contextlib.suppress(sqlite3.ProgrammingError):  # the project may be closed already
            cur.close()


def selected_articles(project: Project, sel: Selection) -> list[tuple[int, str]]:
    """(id, external id) of the articles with at least one selected paragraph."""
    sql, params = _paragraph_sql(sel, all_status=False)
    rows = project.conn.execute(
        f"SELECT DISTINCT a.id, a.ext_id FROM articles a JOIN ({sql}) q ON q.article_id = a.id "
        "ORDER BY a.id", params).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def articles_by_id(project: Project, ids: Sequence[int]) -> dict[int, ArticleInfo]:
    if not ids:
        return {}
    rows = project.conn.execute(
        "SELECT id, ext_id, title, url, lang, source, meta, text FROM articles "
        f"WHERE id IN ({','.join('?' * len(ids))})", list(ids)).fetchall()
    return {r[0]: ArticleInfo(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]), r[7]) for r in rows}


_FULL_COLUMNS = 'a.id, a.uid, a.paragraph_id, a.layer, a.label, a.start, a."end", a.text, a.attrs, a.origin, a.entity'
_LEAN_COLUMNS = 'a.id, NULL, a.paragraph_id, a.layer, a.label, a.start, a."end", a.text, NULL, a.origin, NULL'

def annotations_for(project: Project, sel: Selection, paragraph_ids: Sequence[int], *,
                    full: bool = True) -> dict[int, list[AnnotationRow]]:
    """The selected annotations of these paragraphs, in a stable order (start, end, layer, label, uid).

    Without ``full``, ``uid``, ``attrs_json`` and ``entity`` are ``None``: the formats that do not write
    them read a tenth faster (a Python string less per column and row)."""
    out: dict[int, list[AnnotationRow]] = {}
    if not paragraph_ids:
        return out
    flt, params = _annotation_filter(sel)
    cols = _FULL_COLUMNS if full else _LEAN_COLUMNS
    rows = project.conn.execute(
        f"SELECT {cols} FROM annotations a WHERE a.paragraph_id IN ({','.join('?' * len(paragraph_ids))}) "
        f'AND {flt} ORDER BY a.paragraph_id, a.start, a."end", a.layer, a.label, a.uid',
        [*paragraph_ids, *params])
    new = tuple.__new__  # what AnnotationRow._make does, without a Python call per row
    last = None
    group: list[AnnotationRow] = []
    for r in rows:  # ordered by paragraph
        if r[2] != last:
            last = r[2]
            group = out[last] = []
        group.append(new(AnnotationRow, r))
    return out


_LINK_SQL = (
    "SELECT l.source_id, l.kind, l.special, t.id, t.uid, t.paragraph_id, tp.idx, t.text "
    "FROM links l LEFT JOIN annotations t ON t.id = l.target_id "
    "LEFT JOIN paragraphs tp ON tp.id = t.paragraph_id WHERE {where} ORDER BY l.source_id, l.kind")


def links_for(project: Project, sel: Selection, annotation_ids: Sequence[int]) -> dict[int, list[LinkRow]]:
    """Links from these annotations (the selected ones of a batch, as :func:`annotations_for` gives them),
    keyed by source annotation id; each source's links by kind.

    When the ids are close together (as those of a batch mostly are) one range of the links index is
    read: cheaper than looking up each id. Links there from annotations outside the selection are left
    out by SQLite before it looks up their targets; those of other selected annotations, here. The
    range is at most 4 times the number of ids, so that work stays in proportion.
    """
    out: dict[int, list[LinkRow]] = {}
    if not annotation_ids:
        return out
    ids = sorted(annotation_ids)
    if ids[-1] - ids[0] < 4 * len(ids):
        wanted: set[int] | None = set(ids)
        flt, params = _annotation_filter(sel, "s")
        where = (
            "l.source_id BETWEEN ? AND ? AND EXISTS "
            f"(SELECT 1 FROM annotations s WHERE s.id = l.source_id AND {flt})"
        )
        queries = [(_LINK_SQL.format(where=where), [ids[0], ids[-1], *params])]
    else:
        wanted = None
        queries = [(_LINK_SQL.format(where=f"l.source_id IN ({','.join('?' * len(chunk))})"), chunk)
                   for chunk in (ids[i:i + _MAX_IN] for i in range(0, len(ids), _MAX_IN))]
    new = tuple.__new__  # what LinkRow._make does, without a Python call per row
    for sql, params in queries:
        for r in project.conn.execute(sql, params):
            if wanted is None or r[0] in wanted:
                out.setdefault(r[0], []).append(new(LinkRow, r))
    return out


def layouts_for(project: Project, article_ids: Sequence[int]) -> dict[int, list[list[Any]]]:
    """Every paragraph's ``[start, end, boilerplate]`` of these articles, in order."""
    out: dict[int, list[list[Any]]] = {}
    if not article_ids:
        return out
    rows = project.conn.execute(
        f'SELECT article_id, start, "end", boilerplate FROM paragraphs WHERE article_id IN '
        f"({','.join('?' * len(article_ids))}) ORDER BY article_id, idx", list(article_ids))
    for r in rows:
        out.setdefault(r[0], []).append([r[1], r[2], r[3]])
    return out


# -- import helpers ------------------------------------------------------------------------


def article_paragraphs(project: Project, article_id: int) -> list[tuple[int, int, int, int, str]]:
    """(paragraph id, index, start, end, text) of one article."""
    rows = project.conn.execute(
        'SELECT p.id, p.idx, p.start, p."end", substr(a.text, p.start + 1, p."end" - p.start) '
        "FROM paragraphs p JOIN articles a ON a.id = p.article_id WHERE p.article_id = ? ORDER BY p.idx",
        (article_id,)).fetchall()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def all_paragraphs(project: Project) -> Iterator[tuple[int, str]]:
    """(paragraph id, text) of every paragraph of the project, streamed in article order."""
    yield from project.conn.execute(
        'SELECT p.id, substr(a.text, p.start + 1, p."end" - p.start) FROM paragraphs p '
        "JOIN articles a ON a.id = p.article_id ORDER BY p.article_id, p.idx")


def article_text(project: Project, article_id: int) -> str:
    return str(project.scalar("SELECT text FROM articles WHERE id = ?", (article_id,)))


def find_same_annotation(project: Project, paragraph_id: int, annotator_id: int, start: int, end: int,
                         label: str) -> int | None:
    """The id of an annotation with this paragraph, annotator, span and label, if any."""
    return project.scalar(
        'SELECT id FROM annotations WHERE paragraph_id = ? AND annotator_id = ? AND start = ? AND "end" = ? '
        "AND label = ? ORDER BY id LIMIT 1", (paragraph_id, annotator_id, start, end, label))


def annotation_keys(project: Project, paragraph_id: int, annotator_id: int) -> dict[tuple[int, int, str], int]:
    """(start, end, label) -> id of one annotator's annotations in a paragraph (the lowest id of each key),
    read in one query: what :func:`find_same_annotation` answers for one key, for all of them at once."""
    out: dict[tuple[int, int, str], int] = {}
    for ann_id, start, end, label in project.conn.execute(
            'SELECT id, start, "end", label FROM annotations WHERE paragraph_id = ? AND annotator_id = ? '
            "ORDER BY id", (paragraph_id, annotator_id)):
        out.setdefault((start, end, label), ann_id)
    return out


def uid_taken(project: Project, uid: str) -> bool:
    return project.scalar("SELECT 1 FROM annotations WHERE uid = ?", (uid,)) is not None


def annotator_id(project: Project, name: str) -> int | None:
    return project.scalar("SELECT id FROM annotators WHERE name = ?", (name,))
