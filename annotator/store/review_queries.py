"""Queries behind agreement figures and the reviewer's adjudication.

Set-based: the agreement of a whole project is read with two queries, never
one per paragraph. Annotations with origin "suggested" (not yet confirmed by
their annotator) are left out everywhere here. A reviewer is an annotator row
with ``is_reviewer = 1``; their annotations are the gold ones (origin
"adjudicated") and their status "done" on a paragraph means "adjudicated".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.store.project import Project

SEP = "\x1f"  # separates annotator names in group_concat


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


@dataclass(frozen=True)
class DoneParagraph:
    id: int
    article_id: int
    ext_id: str
    title: str | None
    idx: int
    text: str
    annotators: tuple[str, ...]  # of the names asked for, those who marked it done


@dataclass(frozen=True)
class SpanRow:
    """An annotation as agreement and review need it, with its speaker / claimant link."""

    id: int
    paragraph_id: int
    annotator: str
    layer: str
    label: str
    start: int
    end: int
    text: str
    attrs: str  # JSON
    entity: str | None
    special: str | None  # link to a special source
    target: tuple[int, int, int, int, str, str | None, str] | None  # (id, paragraph, start, end, label, entity, text)


# -- annotators -----------------------------------------------------------------------

def annotators(project: Project) -> list[tuple[str, bool]]:
    """(name, is reviewer) of every annotator row, by name."""
    return [(r[0], bool(r[1])) for r in project.conn.execute(
        "SELECT name, is_reviewer FROM annotators ORDER BY name")]


def active_annotators(project: Project) -> list[str]:
    """Annotators who are not reviewers and have marked at least one paragraph done."""
    return [r[0] for r in project.conn.execute(
        "SELECT n.name FROM annotators n WHERE n.is_reviewer = 0 AND EXISTS (SELECT 1 FROM paragraph_status s "
        "WHERE s.annotator_id = n.id AND s.status = 'done') ORDER BY n.name")]


def is_reviewer(project: Project, name: str) -> bool:
    return bool(project.scalar("SELECT is_reviewer FROM annotators WHERE name = ?", (name,)))


def set_reviewer(project: Project, name: str, value: bool = True) -> None:
    """Flag an existing annotator row; call inside ``project.write()``."""
    project.conn.execute("UPDATE annotators SET is_reviewer = ? WHERE name = ?", (int(value), name))


def own_work(project: Project, name: str) -> tuple[int, int]:
    """(annotations not adjudicated, paragraphs marked done) of one annotator."""
    row = project.conn.execute(
        "SELECT (SELECT count(*) FROM annotations a WHERE a.annotator_id = n.id AND a.origin != 'adjudicated'), "
        "(SELECT count(*) FROM paragraph_status s WHERE s.annotator_id = n.id AND s.status = 'done') "
        "FROM annotators n WHERE n.name = ?", (name,)).fetchone()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


# -- paragraphs done by several annotators ---------------------------------------------

_DONE_CTE = """
WITH sel AS (SELECT id, name FROM annotators WHERE name IN ({marks})),
done AS (SELECT s.paragraph_id, s.annotator_id FROM paragraph_status s JOIN sel ON sel.id = s.annotator_id
         WHERE s.status = 'done' {one}),
pars AS (SELECT paragraph_id FROM done GROUP BY paragraph_id HAVING count(*) >= ?)
"""


def _cte(names: Sequence[str], min_annotators: int, paragraph_id: int | None) -> tuple[str, list[Any]]:
    one = "AND s.paragraph_id = ?" if paragraph_id is not None else ""
    params: list[Any] = list(names) + ([paragraph_id] if paragraph_id is not None else []) + [min_annotators]
    return _DONE_CTE.format(marks=_marks(names), one=one), params


def done_paragraphs(project: Project, names: Sequence[str], min_annotators: int = 2,
                    paragraph_id: int | None = None) -> list[DoneParagraph]:
    """Paragraphs that at least ``min_annotators`` of ``names`` marked done, in article order."""
    if not names:
        return []
    cte, params = _cte(names, min_annotators, paragraph_id)
    sql = cte + (
        'SELECT p.id, p.article_id, a.ext_id, a.title, p.idx, substr(a.text, p.start + 1, p."end" - p.start), '
        f"(SELECT group_concat(sel.name, '{SEP}') FROM done JOIN sel ON sel.id = done.annotator_id "
        "  WHERE done.paragraph_id = p.id) "
        "FROM pars JOIN paragraphs p ON p.id = pars.paragraph_id JOIN articles a ON a.id = p.article_id "
        "ORDER BY p.article_id, p.idx")
    return [DoneParagraph(r[0], r[1], r[2], r[3], r[4], r[5], tuple(sorted(r[6].split(SEP))))
            for r in project.conn.execute(sql, params)]


_SPAN_SELECT = """
SELECT x.id, x.paragraph_id, sel.name, x.layer, x.label, x.start, x."end", x.text, x.attrs, x.entity,
       l.special, t.id, t.paragraph_id, t.start, t."end", t.label, t.entity, t.text
FROM annotations x
JOIN done ON done.paragraph_id = x.paragraph_id AND done.annotator_id = x.annotator_id
JOIN pars ON pars.paragraph_id = x.paragraph_id
JOIN sel ON sel.id = x.annotator_id
LEFT JOIN links l ON l.source_id = x.id
     AND l.kind = CASE x.layer WHEN 'quote' THEN 'speaker' WHEN 'claim' THEN 'claimant' END
LEFT JOIN annotations t ON t.id = l.target_id
WHERE x.origin != 'suggested' AND x.layer IN ({layers})
ORDER BY x.paragraph_id, sel.name, x.start, x."end", x.id
"""


def span_rows(project: Project, names: Sequence[str], layers: Sequence[str], min_annotators: int = 2,
              paragraph_id: int | None = None) -> Iterator[SpanRow]:
    """The annotations of ``names`` in the paragraphs they did (see :func:`done_paragraphs`).

    Only the annotations of annotators who marked the paragraph done; ordered by paragraph.
    """
    if not names or not layers:
        return
    cte, params = _cte(names, min_annotators, paragraph_id)
    sql = cte + _SPAN_SELECT.format(layers=_marks(layers))
    for r in project.conn.execute(sql, params + list(layers)):
        target = None if r[11] is None else (r[11], r[12], r[13], r[14], r[15], r[16], r[17])
        yield SpanRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], target)


# -- gold ------------------------------------------------------------------------------

def gold_keys(project: Project, paragraph_id: int, reviewer: str) -> dict[tuple[int, int, str], int]:
    """(start, end, label) -> id of the reviewer's gold annotations in a paragraph."""
    rows = project.conn.execute(
        'SELECT a.start, a."end", a.label, a.id FROM annotations a JOIN annotators n ON n.id = a.annotator_id '
        "WHERE a.paragraph_id = ? AND n.name = ? AND a.origin = 'adjudicated' ORDER BY a.id",
        (paragraph_id, reviewer)).fetchall()
    out: dict[tuple[int, int, str], int] = {}
    for s, e, label, ann_id in rows:
        out.setdefault((s, e, label), ann_id)
    return out


def adjudicated_paragraphs(project: Project, reviewer: str) -> set[int]:
    return {r[0] for r in project.conn.execute(
        "SELECT s.paragraph_id FROM paragraph_status s JOIN annotators n ON n.id = s.annotator_id "
        "WHERE n.name = ? AND s.status = 'done'", (reviewer,))}


def rejected_keys(project: Project, paragraph_id: int, reviewer: str) -> set[tuple[int, int, str]]:
    """Candidates whose latest decision in the event log is a rejection (and not reopened)."""
    rows = project.conn.execute(
        "SELECT action, payload FROM events WHERE annotator = ? AND action IN ('gold-accept', 'gold-reject', "
        "'gold-reopen') AND json_extract(payload, '$.paragraph') = ? ORDER BY id",
        (reviewer, paragraph_id)).fetchall()
    state: dict[tuple[int, int, str], str] = {}
    for action, payload in rows:
        for key in json.loads(payload).get("keys", []):
            state[(key[0], key[1], key[2])] = action
    return {k for k, action in state.items() if action == "gold-reject"}


def paragraph_article(project: Project, paragraph_id: int) -> int | None:
    return project.scalar("SELECT article_id FROM paragraphs WHERE id = ?", (paragraph_id,))
