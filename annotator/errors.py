"""Errors that reach the user as one line of text (the CLI and GUI show ``str(err)``)."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base class: an expected failure with a message fit for the user."""


class BadInputError(AnnotatorError):
    """An input file that cannot be imported; names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


class ProjectError(AnnotatorError):
    """A project file that cannot be opened or changed."""


class NotFoundError(AnnotatorError):
    """Something the caller named does not exist in the project."""
