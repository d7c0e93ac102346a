"""What a round trip compares: an annotator's spans and links in a project, and span F1 between two sets."""

from __future__ import annotations

from annotator.store.project import Project
from tests.f1 import span_f1 as f1

Span = tuple[str, int, int, int, str, str]  # article ext id, paragraph index, start, end, layer, label
LinkKey = tuple[Span, str, Span | str]  # source, kind, target span or special source


def spans_of(project: Project, annotator: str, layers: tuple[str, ...] | None = None,
             origin: str | None = None) -> set[Span]:
    rows = project.conn.execute(
        'SELECT ar.ext_id, p.idx, a.start, a."end", a.layer, a.label, a.origin FROM annotations a '
        "JOIN paragraphs p ON p.id = a.paragraph_id JOIN articles ar ON ar.id = p.article_id "
        "JOIN annotators n ON n.id = a.annotator_id WHERE n.name = ?", (annotator,)).fetchall()
    return {tuple(r[:6]) for r in rows if (layers is None or r[4] in layers) and (origin is None or r[6] == origin)}


def links_of(project: Project, annotator: str) -> set[LinkKey]:
    def key(ann_id: int) -> Span:
        r = project.conn.execute(
            'SELECT ar.ext_id, p.idx, a.start, a."end", a.layer, a.label FROM annotations a '
            "JOIN paragraphs p ON p.id = a.paragraph_id JOIN articles ar ON ar.id = p.article_id WHERE a.id = ?",
            (ann_id,)).fetchone()
        return tuple(r)

    rows = project.conn.execute(
        "SELECT l.source_id, l.kind, l.target_id, l.special FROM links l JOIN annotations a ON a.id = l.source_id "
        "JOIN annotators n ON n.id = a.annotator_id WHERE n.name = ?", (annotator,)).fetchall()
    return {(key(s), kind, key(t) if t is not None else special) for s, kind, t, special in rows}
