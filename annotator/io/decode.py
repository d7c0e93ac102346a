"""Read an input file as text, refusing binary or undecodable files with a clear error."""

from __future__ import annotations

import codecs
from pathlib import Path

from annotator.errors import BadInputError

_SNIFF = 8192


def printable(text: str, limit: int = 200) -> str:
    """``text`` fit for a one-line message: line breaks, control and format characters escaped, cut short."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text; a UTF-8 BOM is dropped. Raises :class:`BadInputError`."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    return decode_bytes(str(path), data, encoding)


def decode_bytes(name: str, data: bytes, encoding: str | None = None) -> str:
    if not data:
        raise BadInputError(name, "empty file")
    if encoding is None and b"\x00" in data[:_SNIFF] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BadInputError(name, "binary file (contains NUL bytes), not text")
    enc = encoding or "utf-8-sig"
    try:
        info = codecs.lookup(enc)
    except LookupError:
        raise BadInputError(name, f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib ...
        raise BadInputError(name, f"{encoding!r} is not a text encoding")
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "" if encoding else "; give the right one with --encoding"
        raise BadInputError(name, f"not valid {enc if encoding else 'UTF-8'} "
                            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}){hint}", line) from None
    if enc.lower().replace("_", "-") not in ("utf-8-sig",) and text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise BadInputError(name, "binary file (contains NUL characters), not text",
                            text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise BadInputError(name, "blank file (only white space)")
    return text
