"""Queries that move an annotator through a project: next paragraph to do, article lists."""

from __future__ import annotations

import json
from dataclasses import dataclass

from annotator.store.project import Project

STATUS_FILTERS = ("todo", "done", "all")


@dataclass(frozen=True)
class ArticleItem:
    id: int
    title: str
    done: int | None  # paragraphs done or skipped by the annotator (boilerplate not counted); None: not counted yet
    total: int | None  # paragraphs that are not boilerplate; None: not counted yet


def _where(status: str, search: str) -> tuple[str, dict[str, str]]:
    clauses, params = [], {}
    if search:
        clauses.append("(a.raw_title LIKE :pat ESCAPE '\\' OR a.text LIKE :pat ESCAPE '\\')")
        params["pat"] = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if status == "todo":
        clauses.append("done < total")
    elif status == "done":
        clauses.append("done >= total")
    return (" AND ".join(clauses) or "1"), params


# "done" walks the article's few paragraphs and looks each one up by paragraph_status's primary key.
# (Written as a join, SQLite chose to read every status of the annotator for every article listed:
# 30 seconds for a page of 200 when the annotator had done a million paragraphs.)
_TOTAL = "(SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id AND p.boilerplate IS NULL)"
_DONE = ("(SELECT count(*) FROM paragraphs p WHERE p.article_id = a.id AND p.boilerplate IS NULL AND EXISTS "
         "(SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id AND s.annotator_id = :ann))")
_ARTICLE_SQL = f"""
SELECT * FROM (
  SELECT a.id AS id, coalesce(a.title, a.ext_id) AS title, a.text AS text, a.title AS raw_title,
    {_TOTAL} AS total, {_DONE} AS done
  FROM articles a WHERE a.id > :after ORDER BY a.id
) AS a WHERE {{where}} LIMIT :limit
"""


# Articles still to do, found from their paragraphs (the first paragraph without a status), so the
# articles an annotator has finished are skipped without counting each: a page of the "to do" list
# of an annotator who has done 90 % of a 100k project reads in a fraction of a second, not seconds.
_TODO_SQL = f"""
SELECT a.id, coalesce(a.title, a.ext_id), NULL, NULL, {_TOTAL}, {_DONE} FROM articles a WHERE a.id IN (
  SELECT DISTINCT p.article_id FROM paragraphs p WHERE p.article_id > :after AND p.boilerplate IS NULL
    AND NOT EXISTS (SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id AND s.annotator_id = :ann)
  ORDER BY p.article_id LIMIT :limit
) ORDER BY a.id
"""


def article_page(project: Project, annotator_id: int | None, after_id: int, limit: int,
                 status: str = "all", search: str = "") -> list[ArticleItem]:
    """Up to ``limit`` articles with id > ``after_id`` (keyset paging: constant cost at any depth)."""
    where, params = _where(status, search)
    named = {"ann": annotator_id or -1, "after": after_id, "limit": limit, **params}
    sql = _TODO_SQL if status == "todo" and not search else _ARTICLE_SQL.format(where=where)
    rows = project.conn.execute(sql, named).fetchall()
    return [ArticleItem(r[0], r[1], r[5], r[4]) for r in rows]


def article_titles(project: Project, after_id: int, upto_id: int) -> list[ArticleItem]:
    """Every article with ``after_id < id <= upto_id``, its title only (``done``/``total`` None): the rows an
    unfiltered list passes over on the way to an article far down, without counting their paragraphs."""
    rows = project.conn.execute(
        "SELECT id, coalesce(title, ext_id) FROM articles WHERE id > ? AND id <= ? ORDER BY id",
        (after_id, upto_id)).fetchall()
    return [ArticleItem(r[0], r[1], None, None) for r in rows]


def article_counts(project: Project, annotator_id: int | None, ids: list[int]) -> dict[int, tuple[int, int]]:
    """(done, total) of these articles, counted as :func:`article_page` counts them."""
    if not ids:
        return {}
    rows = project.conn.execute(
        f"SELECT a.id, {_DONE}, {_TOTAL} FROM articles a WHERE a.id IN (SELECT value FROM json_each(:ids))",
        {"ann": annotator_id or -1, "ids": json.dumps(ids)}).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def article_item(project: Project, annotator_id: int | None, article_id: int) -> ArticleItem | None:
    page = article_page(project, annotator_id, article_id - 1, 1)
    return page[0] if page and page[0].id == article_id else None


def first_article(project: Project) -> int | None:
    return project.scalar("SELECT min(id) FROM articles")


def next_todo(project: Project, annotator_id: int | None, article_id: int, after_idx: int,
              include_boilerplate: bool = False) -> tuple[int, int] | None:
    """(article id, paragraph idx) of the next paragraph still to do, this article first, then later ones."""
    bp = "" if include_boilerplate else "AND p.boilerplate IS NULL"
    sql = f"""
      SELECT p.article_id, p.idx FROM paragraphs p
      WHERE ((p.article_id = :art AND p.idx > :idx) OR p.article_id > :art) {bp}
        AND NOT EXISTS (SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id AND s.annotator_id = :ann)
      ORDER BY p.article_id, p.idx LIMIT 1"""
    row = project.conn.execute(sql, {"art": article_id, "idx": after_idx, "ann": annotator_id or -1}).fetchone()
    return None if row is None else (row[0], row[1])


def first_todo_in(project: Project, annotator_id: int | None, article_id: int) -> int:
    """Index of the first paragraph of an article still to do (else its first non-boilerplate one)."""
    row = project.conn.execute(
        "SELECT p.idx FROM paragraphs p WHERE p.article_id = ? AND p.boilerplate IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = p.id AND s.annotator_id = ?) "
        "ORDER BY p.idx LIMIT 1", (article_id, annotator_id or -1)).fetchone()
    if row:
        return int(row[0])
    row = project.conn.execute("SELECT min(idx) FROM paragraphs WHERE article_id = ? AND boilerplate IS NULL",
                               (article_id,)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def step(project: Project, article_id: int, idx: int, direction: int, include_boilerplate: bool = False) -> int | None:
    """The index of the next (direction 1) or previous (-1) paragraph of the article, skipping boilerplate."""
    bp = "" if include_boilerplate else "AND boilerplate IS NULL"
    if direction > 0:
        sql = f"SELECT min(idx) FROM paragraphs WHERE article_id = ? AND idx > ? {bp}"
    else:
        sql = f"SELECT max(idx) FROM paragraphs WHERE article_id = ? AND idx < ? {bp}"
    return project.scalar(sql, (article_id, idx))


def paragraph_id(project: Project, article_id: int, idx: int) -> int | None:
    return project.scalar("SELECT id FROM paragraphs WHERE article_id = ? AND idx = ?", (article_id, idx))
