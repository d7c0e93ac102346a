"""Annotation use cases: each call is one committed transaction and one event.

Every mutating function returns what is needed to undo it, so the GUI's undo
commands call these same functions in both directions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from annotator.core.labels import LabelSchema
from annotator.core.model import STATUSES, Annotation, Link
from annotator.core.sources import SPECIAL_SOURCES
from annotator.errors import AnnotatorError, NotFoundError
from annotator.store import annotations as rows
from annotator.store import suggestions as suggestion_rows
from annotator.store.articles import get_paragraph
from annotator.store.labels_store import load_schema
from annotator.store.project import Project, now


@dataclass(frozen=True)
class Snapshot:
    """An annotation and every link from or to it, enough to put it back."""

    annotation: Annotation
    links: tuple[Link, ...]


def register_annotator(project: Project, name: str) -> int:
    """Add ``name`` to the project's annotators unless it is there already (one write transaction);
    returns its id. The window calls it when it opens, so progress queries count the annotator at once."""
    with project.write():
        return rows.ensure_annotator(project, name)


def _need(project: Project, annotation_id: int) -> Annotation:
    ann = rows.get(project, annotation_id)
    if ann is None:
        raise NotFoundError(f"annotation {annotation_id} does not exist")
    return ann


def add_annotation(project: Project, paragraph_id: int, annotator: str, label: str, start: int,
                   end: int, *, attrs: dict[str, Any] | None = None, origin: str = "manual",
                   schema: LabelSchema | None = None) -> Annotation:
    """Label ``paragraph[start:end]``; offsets are code points inside the paragraph.

    An identical annotation (same annotator, paragraph, span and label; suggestions aside) is never stored
    twice: that one is returned and nothing is written (:func:`identical` tells the two cases apart first).
    """
    schema = schema or load_schema(project)
    if label not in schema:
        raise AnnotatorError(f"unknown label {label!r}")
    lab = schema.get(label)
    par = get_paragraph(project, paragraph_id)
    if par is None:
        raise NotFoundError(f"paragraph {paragraph_id} does not exist")
    if not 0 <= start < end <= len(par.text):
        raise AnnotatorError(f"span {start}-{end} lies outside the paragraph (length {len(par.text)})")
    with project.write():  # the check and the insert in one transaction: two writers cannot both add it
        existing = identical(project, paragraph_id, annotator, label, start, end)
        if existing is not None:
            return existing
        new_id = rows.insert(project, paragraph_id=paragraph_id, annotator=annotator, layer=lab.layer,
                             label=label, start=start, end=end, text=par.text[start:end],
                             attrs=attrs, origin=origin)
        project.log_event("add", annotator, {"id": new_id, "label": label, "start": start, "end": end,
                                             "paragraph": paragraph_id})
    return _need(project, new_id)


def identical(project: Project, paragraph_id: int, annotator: str, label: str, start: int,
              end: int) -> Annotation | None:
    """The annotator's annotation of ``label`` on exactly ``paragraph[start:end]`` (not a suggestion), if any."""
    return next((a for a in rows.for_paragraph(project, paragraph_id, annotator)
                 if (a.start, a.end, a.label) == (start, end, label) and a.origin != "suggested"), None)


def delete_annotation(project: Project, annotation_id: int, annotator: str) -> Snapshot:
    """Delete an annotation with its links; a suggestion's deletion is remembered as a rejection
    (:func:`restore_annotation` forgets it again)."""
    ann = _need(project, annotation_id)
    snap = Snapshot(ann, tuple(rows.links_of(project, annotation_id)))
    with project.write():
        if ann.origin == "suggested":  # a rejected suggestion: not proposed again in this article
            suggestion_rows.record_rejection(project, ann, rows.ensure_annotator(project, ann.annotator))
        rows.delete(project, annotation_id)
        project.log_event("delete", annotator, {"id": annotation_id, "uid": ann.uid})
    return snap


def restore_annotation(project: Project, snap: Snapshot, annotator: str) -> Annotation:
    """Put back a deleted annotation with its id, uid and links (undo of delete)."""
    a = snap.annotation
    with project.write():
        project.conn.execute(
            'INSERT INTO annotations (id, uid, paragraph_id, annotator_id, layer, label, start, "end", '
            "text, attrs, origin, entity, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (a.id, a.uid, a.paragraph_id, rows.ensure_annotator(project, a.annotator), a.layer, a.label,
             a.start, a.end, a.text, json.dumps(a.attrs, ensure_ascii=False, sort_keys=True), a.origin,
             a.entity, now(), now()))
        for link in snap.links:
            if rows.get(project, link.source_id) and (link.target_id is None or rows.get(project, link.target_id)):
                rows.set_link(project, link)
        if a.origin == "suggested":
            suggestion_rows.forget_rejection(project, a.uid)
        project.log_event("restore", annotator, {"id": a.id, "uid": a.uid})
    return _need(project, a.id)


def relabel(project: Project, annotation_id: int, label: str, annotator: str,
            schema: LabelSchema | None = None) -> Snapshot:
    """Change an annotation's label (and layer); links that no longer fit are removed.

    Returns the snapshot from before, for :func:`revert`.
    """
    schema = schema or load_schema(project)
    lab = schema.get(label)
    ann = _need(project, annotation_id)
    before = Snapshot(ann, tuple(rows.links_of(project, annotation_id)))
    with project.write():
        rows.update(project, annotation_id, label=label, layer=lab.layer)
        if ann.origin != "suggested" and "recommender" in ann.attrs and "suggested_label" not in ann.attrs:
            rows.update(project, annotation_id, attrs={**ann.attrs, "suggested_label": ann.label})  # an edit
        for link in before.links:
            if (link.source_id == annotation_id and link.kind not in lab.links) or (
                link.target_id == annotation_id and lab.layer not in ("entity", "cue")
            ):
                rows.remove_link(project, link.source_id, link.kind)
        project.log_event("relabel", annotator, {"id": annotation_id, "from": ann.label, "to": label})
    return before


def revert(project: Project, before: Snapshot, annotator: str) -> None:
    """Put an annotation's label, span, attributes and links back as in ``before``."""
    a = before.annotation
    _need(project, a.id)
    with project.write():
        rows.update(project, a.id, label=a.label, layer=a.layer, start=a.start, end=a.end, text=a.text,
                    attrs=a.attrs, entity=a.entity, origin=a.origin)
        for link in rows.links_of(project, a.id):
            if link.source_id == a.id:
                rows.remove_link(project, link.source_id, link.kind)
        for link in before.links:
            if rows.get(project, link.source_id) and (link.target_id is None or rows.get(project, link.target_id)):
                rows.set_link(project, link)
        project.log_event("revert", annotator, {"id": a.id})


def set_attribute(project: Project, annotation_id: int, key: str, value: Any, annotator: str) -> Snapshot:
    attrs = dict(_need(project, annotation_id).attrs)
    if value is None:
        attrs.pop(key, None)
    else:
        attrs[key] = value
    return _change(project, annotation_id, annotator, "attribute", attrs=attrs)


def link(project: Project, source_id: int, kind: str, annotator: str, *, target_id: int | None = None,
         special: str | None = None) -> Link | None:
    """Set the speaker / claimant / cue of an annotation; returns the link it replaced."""
    if (target_id is None) == (special is None):
        raise AnnotatorError("a link needs either a target annotation or a special source")
    if special is not None and special not in SPECIAL_SOURCES:
        raise AnnotatorError(f"unknown special source {special!r}")
    src = _need(project, source_id)
    if target_id is not None:
        tgt = _need(project, target_id)
        if tgt.annotator != src.annotator:
            raise AnnotatorError("a link must stay within one annotator's annotations")
        same_article = project.scalar(
            "SELECT p1.article_id = p2.article_id FROM paragraphs p1, paragraphs p2 WHERE p1.id = ? AND p2.id = ?",
            (src.paragraph_id, tgt.paragraph_id))
        if not same_article:
            raise AnnotatorError("a link must stay within one article")
    old = rows.get_link(project, source_id, kind)
    with project.write():
        rows.set_link(project, Link(source_id, kind, target_id, special))
        project.log_event("link", annotator, {"source": source_id, "kind": kind, "target": target_id,
                                              "special": special})
    return old


def unlink(project: Project, source_id: int, kind: str, annotator: str, restore: Link | None = None) -> Link | None:
    """Remove a link (or put ``restore`` back in its place); returns the link that was there."""
    old = rows.get_link(project, source_id, kind)
    with project.write():
        rows.remove_link(project, source_id, kind)
        if restore is not None:
            rows.set_link(project, restore)
        project.log_event("unlink", annotator, {"source": source_id, "kind": kind})
    return old


def link_of(project: Project, source_id: int, kind: str) -> Link | None:
    """The ``kind`` link of annotation ``source_id`` (its speaker, claimant or cue), if it has one."""
    return rows.get_link(project, source_id, kind)


@dataclass(frozen=True)
class Linked:
    """An annotation added together with a link to it (:func:`add_linked`), and the link that one replaced."""

    annotation: Annotation
    link: Link
    replaced: Link | None


def add_linked(project: Project, paragraph_id: int, annotator: str, label: str, start: int, end: int, *,
               source_id: int, kind: str, origin: str = "manual", attrs: dict[str, Any] | None = None,
               schema: LabelSchema | None = None) -> Linked:
    """Label ``paragraph[start:end]`` and link annotation ``source_id`` to it (a quote to its new cue), in one
    transaction: both or neither. The link must be one the source's label takes to the new label."""
    schema = schema or load_schema(project)
    src = _need(project, source_id)
    allowed = schema.get(src.label).links.get(kind, ()) if src.label in schema else ()
    if label not in allowed:
        raise AnnotatorError(f"a {src.label} takes no {kind} link to a {label}")
    with project.write():
        if identical(project, paragraph_id, annotator, label, start, end) is not None:
            raise AnnotatorError(f"{label} {start}-{end} exists already; link it instead")
        ann = add_annotation(project, paragraph_id, annotator, label, start, end, attrs=attrs, origin=origin,
                             schema=schema)
        replaced = link(project, source_id, kind, annotator, target_id=ann.id)
    return Linked(ann, Link(source_id, kind, ann.id, None), replaced)


def remove_linked(project: Project, linked: Linked, annotator: str) -> Linked:
    """Undo of :func:`add_linked`, in one transaction: the annotation goes (its link with it) and the link it
    replaced comes back. Returns what :func:`restore_linked` puts back (the same annotation id again)."""
    with project.write():
        delete_annotation(project, linked.annotation.id, annotator)
        old = linked.replaced
        if old is not None and rows.get(project, old.source_id) is not None and (
                old.target_id is None or rows.get(project, old.target_id) is not None):
            rows.set_link(project, old)
    return linked


def restore_linked(project: Project, linked: Linked, annotator: str) -> Linked:
    """Redo of :func:`add_linked` after :func:`remove_linked`: the annotation with its id and uid, and the link
    to it (replacing the one it had replaced), in one transaction."""
    with project.write():
        ann = restore_annotation(project, Snapshot(linked.annotation, (linked.link,)), annotator)
    return Linked(ann, linked.link, linked.replaced)


def set_status(project: Project, paragraph_id: int, annotator: str, status: str) -> str:
    """Mark a paragraph todo / done / skipped for one annotator; returns the old status."""
    if status not in STATUSES:
        raise AnnotatorError(f"unknown status {status!r}")
    old = rows.status(project, paragraph_id, annotator)
    with project.write():
        rows.set_status(project, paragraph_id, annotator, status)
        project.log_event("status", annotator, {"paragraph": paragraph_id, "status": status})
    return old


def _change(project: Project, annotation_id: int, annotator: str, action: str, **fields: Any) -> Snapshot:
    ann = _need(project, annotation_id)
    before = Snapshot(ann, tuple(rows.links_of(project, annotation_id)))
    with project.write():
        rows.update(project, annotation_id, **fields)
        project.log_event(action, annotator, {"id": annotation_id, **fields})
    return before


def set_entity(project: Project, annotation_id: int, key: str | None, annotator: str) -> Snapshot:
    """Merge a mention into the entity ``key``, or (None) back to its default entity."""
    return _change(project, annotation_id, annotator, "entity", entity=key)


def set_origin(project: Project, annotation_id: int, origin: str, annotator: str) -> Snapshot:
    """Accept a suggestion (origin "manual") or mark an annotation's origin."""
    return _change(project, annotation_id, annotator, "origin", origin=origin)
