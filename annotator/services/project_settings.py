"""A project's own settings the window edits: its annotation guidelines, and the name of an annotator.

Each change is one transaction with an entry in the event log.
"""

from __future__ import annotations

from annotator.errors import AnnotatorError
from annotator.resources_path import resource_text
from annotator.store import annotations as rows
from annotator.store.annotators import rename_annotator as rename_rows
from annotator.store.project import Project

__all__ = ["GUIDELINES_META", "NameTakenError", "default_guidelines", "guidelines", "has_own_guidelines",
           "rename_annotator", "set_guidelines"]

GUIDELINES_META = "guidelines"
MAX_NAME = 64


class NameTakenError(AnnotatorError):
    """The new name belongs to another annotator of the project already."""

    def __init__(self, message: str, name: str) -> None:
        super().__init__(message)
        self.name = name


def default_guidelines() -> str:
    """The bundled guidelines (Markdown), what a project without its own shows."""
    return resource_text("guidelines.md")


def guidelines(project: Project) -> str:
    """The project's guidelines (Markdown): its own, else the bundled default."""
    own = project.get_meta(GUIDELINES_META)
    return own if own else default_guidelines()


def has_own_guidelines(project: Project) -> bool:
    return bool(project.get_meta(GUIDELINES_META))


def set_guidelines(project: Project, text: str, annotator: str | None = None) -> None:
    """Store ``text`` as the project's guidelines; empty (or the bundled text itself) goes back to the
    default. One transaction."""
    own = "" if not text.strip() or text == default_guidelines() else text
    with project.write():
        project.conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (GUIDELINES_META, own))
        project.log_event("guidelines", annotator, {"characters": len(own), "default": not own})


def check_name(name: str) -> str:
    """``name`` without surrounding white space, or a one-line error saying what is wrong with it."""
    clean = " ".join(name.split())
    if not clean:
        raise AnnotatorError("an annotator name cannot be empty")
    if len(clean) > MAX_NAME:
        raise AnnotatorError(f"an annotator name has at most {MAX_NAME} characters (got {len(clean)})")
    if not clean.isprintable():
        raise AnnotatorError("an annotator name cannot hold control characters")
    return clean


def rename_annotator(project: Project, old: str, new: str) -> str:
    """Rename the annotator ``old`` of the project to ``new`` (their annotations and statuses follow) in one
    transaction; returns the clean new name. A name another annotator has already raises
    :class:`NameTakenError` (the window then offers to switch to that annotator instead); an annotator not yet
    in the project is added under the new name."""
    new = check_name(new)
    if new == old:
        return new
    with project.write():
        if rows.annotator_id(project, new) is not None:
            raise NameTakenError(f"{project.path.name}: the name {new!r} belongs to another annotator of this "
                                 "project; nothing was changed", new)
        if not rename_rows(project, old, new):
            rows.ensure_annotator(project, new)
        project.log_event("rename_annotator", new, {"from": old, "to": new})
    return new
