"""Annotations, links, annotators and paragraph status: the rows behind every user action.

Functions here do no transaction handling of their own; the services wrap
them in ``project.write()``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from annotator.core.model import Annotation, Link
from annotator.store.project import Project, now

_COLS = 'a.id, a.uid, a.paragraph_id, n.name, a.layer, a.label, a.start, a."end", a.text, a.attrs, a.origin, a.entity'


def _row(r: tuple) -> Annotation:
    return Annotation(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], json.loads(r[9]), r[10], r[11])


def annotator_id(project: Project, name: str) -> int | None:
    """The id of the annotator called ``name``, or None when the project has none by that name (reads only)."""
    found = project.scalar("SELECT id FROM annotators WHERE name = ?", (name,))
    return None if found is None else int(found)


def ensure_annotator(project: Project, name: str) -> int:
    """The id of the annotator called ``name``, added to the project first when missing (a write: call it
    inside ``project.write()``)."""
    found = annotator_id(project, name)
    if found is not None:
        return found
    cur = project.conn.execute("INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, now()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def annotator_names(project: Project) -> list[str]:
    return [r[0] for r in project.conn.execute("SELECT name FROM annotators ORDER BY name")]


def insert(project: Project, *, paragraph_id: int, annotator: str, layer: str, label: str,
           start: int, end: int, text: str, attrs: dict[str, Any] | None = None,
           origin: str = "manual", uid: str | None = None, entity: str | None = None,
           created_at: str | None = None) -> int:
    ann_id = ensure_annotator(project, annotator)
    stamp = now()
    cur = project.conn.execute(
        'INSERT INTO annotations (uid, paragraph_id, annotator_id, layer, label, start, "end", text, '
        "attrs, origin, entity, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (uid or uuid.uuid4().hex, paragraph_id, ann_id, layer, label, start, end, text,
         json.dumps(attrs or {}, ensure_ascii=False, sort_keys=True), origin, entity,
         created_at or stamp, stamp),
    )
    assert cur.lastrowid is not None  # set by the INSERT just run
    return cur.lastrowid


def get(project: Project, annotation_id: int) -> Annotation | None:
    r = project.conn.execute(
        f"SELECT {_COLS} FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE a.id = ?",
        (annotation_id,)).fetchone()
    return None if r is None else _row(r)


def for_paragraph(project: Project, paragraph_id: int, annotator: str | None = None) -> list[Annotation]:
    sql = f"SELECT {_COLS} FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE a.paragraph_id = ?"
    params: list[Any] = [paragraph_id]
    if annotator is not None:
        sql += " AND n.name = ?"
        params.append(annotator)
    sql += ' ORDER BY a.start, a."end" DESC, a.id'
    return [_row(r) for r in project.conn.execute(sql, params)]


def for_article(
    project: Project, article_id: int, annotator: str, layers: tuple[str, ...] = ()
) -> list[tuple[int, Annotation]]:
    """(paragraph index, annotation) for one annotator's annotations in an article."""
    sql = (f"SELECT p.idx, {_COLS} FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
           "JOIN paragraphs p ON p.id = a.paragraph_id WHERE p.article_id = ? AND n.name = ?")
    params: list[Any] = [article_id, annotator]
    if layers:
        sql += f" AND a.layer IN ({','.join('?' * len(layers))})"
        params += list(layers)
    sql += " ORDER BY p.idx, a.start, a.id"
    return [(r[0], _row(r[1:])) for r in project.conn.execute(sql, params)]


def update(project: Project, annotation_id: int, **fields: Any) -> None:
    allowed = {"label", "layer", "start", "end", "text", "attrs", "origin", "entity"}
    sets, params = [], []
    for key, value in fields.items():
        if key not in allowed:
            raise ValueError(f"cannot update {key}")
        if key == "attrs":
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        sets.append(f'"{key}" = ?')
        params.append(value)
    sets.append("updated_at = ?")
    params += [now(), annotation_id]
    project.conn.execute(f"UPDATE annotations SET {', '.join(sets)} WHERE id = ?", params)


def delete(project: Project, annotation_id: int) -> None:
    project.conn.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))


def links_of(project: Project, annotation_id: int) -> list[Link]:
    """Links from and to an annotation."""
    rows = project.conn.execute(
        "SELECT source_id, kind, target_id, special FROM links WHERE source_id = ? OR target_id = ? "
        "ORDER BY id", (annotation_id, annotation_id)).fetchall()
    return [Link(*r) for r in rows]


def links_from(project: Project, source_ids: list[int]) -> list[Link]:
    if not source_ids:
        return []
    rows = project.conn.execute(
        f"SELECT source_id, kind, target_id, special FROM links WHERE source_id IN "
        f"({','.join('?' * len(source_ids))}) ORDER BY id", source_ids).fetchall()
    return [Link(*r) for r in rows]


def set_link(project: Project, link: Link) -> None:
    project.conn.execute(
        "INSERT INTO links (source_id, kind, target_id, special, created_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(source_id, kind) DO UPDATE SET target_id = excluded.target_id, "
        "special = excluded.special",
        (link.source_id, link.kind, link.target_id, link.special, now()))


def remove_link(project: Project, source_id: int, kind: str) -> None:
    project.conn.execute("DELETE FROM links WHERE source_id = ? AND kind = ?", (source_id, kind))


def get_link(project: Project, source_id: int, kind: str) -> Link | None:
    r = project.conn.execute("SELECT source_id, kind, target_id, special FROM links "
                             "WHERE source_id = ? AND kind = ?", (source_id, kind)).fetchone()
    return None if r is None else Link(*r)


def status(project: Project, paragraph_id: int, annotator: str) -> str:
    value = project.scalar(
        "SELECT s.status FROM paragraph_status s JOIN annotators n ON n.id = s.annotator_id "
        "WHERE s.paragraph_id = ? AND n.name = ?", (paragraph_id, annotator))
    return value or "todo"


def done_count(project: Project, annotator: str) -> int:
    """How many paragraphs ``annotator`` marked done (idx_status_annotator covers it: no table rows read)."""
    return int(project.scalar(
        "SELECT count(*) FROM paragraph_status s JOIN annotators n ON n.id = s.annotator_id "
        "WHERE n.name = ? AND s.status = 'done'", (annotator,)) or 0)


def set_status(project: Project, paragraph_id: int, annotator: str, value: str) -> None:
    ann_id = ensure_annotator(project, annotator)
    if value == "todo":
        project.conn.execute("DELETE FROM paragraph_status WHERE paragraph_id = ? AND annotator_id = ?",
                             (paragraph_id, ann_id))
        return
    project.conn.execute(
        "INSERT INTO paragraph_status (paragraph_id, annotator_id, status, updated_at) VALUES (?,?,?,?) "
        "ON CONFLICT(paragraph_id, annotator_id) DO UPDATE SET status = excluded.status, "
        "updated_at = excluded.updated_at", (paragraph_id, ann_id, value, now()))
