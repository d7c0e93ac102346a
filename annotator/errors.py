"""Errors that reach the user as one line of text (the CLI and GUI show ``str(err)``)."""

from __future__ import annotations

import unicodedata
from typing import Any

# line breaks, controls, invisible format marks (RTL / LTR marks, zero-width joiners) and lone surrogates
# (undecodable bytes of a file name): shown escaped, so a message stays one line that says what is there
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """``text`` with every line break, control character, invisible mark and lone surrogate written as
    a Python-style escape (``\\n``, ``\\u200f``); everything else, any script or emoji, as it is."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if unicodedata.category(ch) not in _ESCAPED_CATEGORIES:
            out.append(ch)
        elif ch in _SHORT:
            out.append(_SHORT[ch])
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


class AnnotatorError(Exception):
    """Base class: an expected failure with a message fit for the user, always one line (see :func:`one_line`)."""

    def __init__(self, *args: Any) -> None:
        if args and isinstance(args[0], str):
            args = (one_line(args[0]), *args[1:])
        super().__init__(*args)


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
