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
from typing import Any, NamedTuple

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


class SpanRow(NamedTuple):
    """An annotation as agreement and review need it, with its speaker / claimant link (``t_*``)."""

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
    special: str | None  # the link's special source
    t_id: int | None  # the link's target annotation
    t_paragraph_id: int | None
    t_start: int | None
    t_end: int | None
    t_label: str | None
    t_entity: str | None
    t_text: str | None


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

# The plans matter here: every filter below uses an index (paragraph_status's primary key,
# idx_annotations_par) whatever order SQLite joins in; a join on a CTE can be planned as
# a scan per row, which took minutes on 10k paragraphs.
# ``cand`` holds the paragraphs worth counting: every paragraph that ``min_annotators`` of the n chosen
# annotators did was done by at least one of any (n - min_annotators + 1) of them; those with the fewest
# done paragraphs are read, never the main annotator's million (see _candidates); each
# candidate is then counted through paragraph_status's primary key (CROSS JOIN keeps that order).
_SEL = "WITH sel AS (SELECT id, name FROM annotators WHERE name IN ({marks}))"
_CAND = (", cand AS MATERIALIZED (SELECT DISTINCT c.paragraph_id FROM paragraph_status c "
         "WHERE c.annotator_id IN ({few}) AND c.status = 'done')")
_ONE = ", cand AS (SELECT ? AS paragraph_id)"
_PARS = (", pars AS (SELECT s.paragraph_id FROM cand "
         "CROSS JOIN paragraph_status s ON s.paragraph_id = cand.paragraph_id JOIN sel ON sel.id = s.annotator_id "
         "WHERE s.status = 'done' GROUP BY s.paragraph_id HAVING count(*) >= ?)")
_FROM = """
FROM annotations x JOIN sel ON sel.id = x.annotator_id
LEFT JOIN links l ON l.source_id = x.id
     AND l.kind = CASE x.layer WHEN 'quote' THEN 'speaker' WHEN 'claim' THEN 'claimant' END
LEFT JOIN annotations t ON t.id = l.target_id
WHERE x.paragraph_id IN (SELECT paragraph_id FROM pars)
  AND EXISTS (SELECT 1 FROM paragraph_status s WHERE s.paragraph_id = x.paragraph_id
              AND s.annotator_id = x.annotator_id AND s.status = 'done')
  AND x.origin != 'suggested' AND x.layer IN ({layers})
"""


def _candidates(project: Project, names: Sequence[str], min_annotators: int,
                paragraph_id: int | None) -> tuple[str, list[Any]]:
    """The ``cand`` CTE and its parameters: one paragraph, or the paragraphs done by the annotators with
    the fewest done paragraphs (enough of them that any paragraph ``min_annotators`` did is among them)."""
    if paragraph_id is not None:
        return _ONE, [paragraph_id]
    counts = project.conn.execute(
        "SELECT n.id, (SELECT count(*) FROM paragraph_status s WHERE s.annotator_id = n.id AND s.status = 'done') "
        f"FROM annotators n WHERE n.name IN ({_marks(names)})", list(names)).fetchall()
    few = [r[0] for r in sorted(counts, key=lambda r: r[1])][:max(len(counts) - max(min_annotators, 1) + 1, 0)]
    return _CAND.format(few=_marks(few) or "NULL"), few


def done_paragraphs(project: Project, names: Sequence[str], min_annotators: int = 2,
                    paragraph_id: int | None = None) -> list[DoneParagraph]:
    """Paragraphs that at least ``min_annotators`` of ``names`` marked done, in article order."""
    if not names:
        return []
    cand, extra = _candidates(project, names, min_annotators, paragraph_id)
    sql = (_SEL.format(marks=_marks(names)) + cand +
           f", pars AS (SELECT s.paragraph_id, group_concat(sel.name, '{SEP}') AS names FROM cand "
           "CROSS JOIN paragraph_status s ON s.paragraph_id = cand.paragraph_id "
           "JOIN sel ON sel.id = s.annotator_id WHERE s.status = 'done' GROUP BY s.paragraph_id "
           "HAVING count(*) >= ?) "
           'SELECT p.id, p.article_id, a.ext_id, a.title, p.idx, substr(a.text, p.start + 1, p."end" - p.start), '
           "pars.names FROM pars JOIN paragraphs p ON p.id = pars.paragraph_id JOIN articles a ON a.id = p.article_id "
           "ORDER BY p.article_id, p.idx")
    return [DoneParagraph(r[0], r[1], r[2], r[3], r[4], r[5], tuple(sorted(r[6].split(SEP))))
            for r in project.conn.execute(sql, [*names, *extra, min_annotators])]


def _span_sql(project: Project, select: str, names: Sequence[str], layers: Sequence[str], min_annotators: int,
              paragraph_id: int | None, order: str) -> tuple[str, list[Any]]:
    cand, extra = _candidates(project, names, min_annotators, paragraph_id)
    sql = (_SEL.format(marks=_marks(names)) + cand + _PARS + select +
           _FROM.format(layers=_marks(layers)) + order)
    return sql, [*names, *extra, min_annotators, *layers]


# (paragraph id, annotator, start, end, label, layer, check-worthiness of a claim, link special,
#  link target's paragraph id, start, end, label, entity, text): speaker for quotes, claimant for claims
AGREEMENT_COLUMNS = ("paragraph_id", "annotator", "start", "end", "label", "layer", "checkworthy", "special",
                     "t_paragraph_id", "t_start", "t_end", "t_label", "t_entity", "t_text")
_AGREEMENT_SELECT = """
SELECT x.paragraph_id, sel.name, x.start, x."end", x.label, x.layer,
       CASE WHEN x.layer = 'claim' THEN json_extract(x.attrs, '$.checkworthy') END,
       l.special, t.paragraph_id, t.start, t."end", t.label, t.entity, t.text"""


def agreement_rows(project: Project, names: Sequence[str], layers: Sequence[str],
                   min_annotators: int = 2) -> list[tuple]:
    """Lean rows (see ``AGREEMENT_COLUMNS``) of the annotations of ``names`` in the paragraphs at least
    ``min_annotators`` of them did, only of annotators who marked the paragraph done; by paragraph id."""
    if not names or not layers:
        return []
    sql, params = _span_sql(project, _AGREEMENT_SELECT, names, layers, min_annotators, None, "ORDER BY x.paragraph_id")
    return project.conn.execute(sql, params).fetchall()


_SPAN_SELECT = """
SELECT x.id, x.paragraph_id, sel.name, x.layer, x.label, x.start, x."end", x.text, x.attrs, x.entity,
       l.special, t.id, t.paragraph_id, t.start, t."end", t.label, t.entity, t.text"""


def span_rows(project: Project, names: Sequence[str], layers: Sequence[str], min_annotators: int = 2,
              paragraph_id: int | None = None) -> Iterator[SpanRow]:
    """Like :func:`agreement_rows`, with everything the review needs; by paragraph, annotator, position."""
    if not names or not layers:
        return
    sql, params = _span_sql(project, _SPAN_SELECT, names, layers, min_annotators, paragraph_id,
                            'ORDER BY x.paragraph_id, sel.name, x.start, x."end", x.id')
    yield from map(SpanRow._make, project.conn.execute(sql, params))


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


def span_owners(project: Project, paragraph_id: int, start: int, end: int, label: str) -> list[str]:
    """Annotators (not reviewers) with their own annotation of exactly this span and label."""
    return [r[0] for r in project.conn.execute(
        "SELECT DISTINCT n.name FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
        'WHERE a.paragraph_id = ? AND a.start = ? AND a."end" = ? AND a.label = ? AND n.is_reviewer = 0 '
        "AND a.origin NOT IN ('suggested', 'adjudicated') ORDER BY n.name", (paragraph_id, start, end, label))]



def links_with_targets(project: Project, source_ids: Sequence[int]) -> list[tuple]:
    """(source id, kind, special, target id, paragraph, start, end, label, layer, text, entity) of every
    link from these annotations."""
    out: list[tuple] = []
    ids = list(source_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        out += project.conn.execute(
            'SELECT l.source_id, l.kind, l.special, t.id, t.paragraph_id, t.start, t."end", t.label, t.layer, '
            f"t.text, t.entity FROM links l LEFT JOIN annotations t ON t.id = l.target_id "
            f"WHERE l.source_id IN ({_marks(chunk)}) ORDER BY l.id", chunk).fetchall()
    return out
