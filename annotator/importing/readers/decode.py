"""Read an input file as text, refusing binary or undecodable files with a clear error (every reader uses it)."""

from __future__ import annotations

import codecs
import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from annotator import fileguard
from annotator.errors import BadInputError

_SNIFF = 8192


def printable(text: str, limit: int = 200) -> str:
    """``text`` fit for a one-line message: line breaks, control and format characters escaped, cut short."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _encoding_for(name: str, head: bytes, encoding: str | None) -> str:
    """The codec to read a file with, judged from its first bytes; raises :class:`BadInputError` for an
    empty or binary file or an unknown or non-text encoding."""
    if not head:
        raise BadInputError(name, "empty file")
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if encoding is None and b"\x00" in head[:_SNIFF] and not utf16:
        raise BadInputError(name, "binary file (contains NUL bytes), not text")
    enc = encoding or "utf-8-sig"
    try:
        info = codecs.lookup(enc)
    except LookupError:
        raise BadInputError(name, f"unknown encoding {encoding!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib ...
        raise BadInputError(name, f"{encoding!r} is not a text encoding")
    return enc


def _looks_misdecoded(head: bytes, enc: str) -> bool:
    """Whether ``head``, read with the encoding the user named, gives mostly CJK, unassigned or private
    characters while its bytes are plain ASCII text: UTF-16 (or another wide codec) named for an ASCII
    or UTF-8 file. A real UTF-16 file has NUL bytes or a byte order mark, and is not flagged."""
    sample = head[:_SNIFF]
    if not sample or b"\x00" in sample or sum(b < 0x80 for b in sample) < 0.95 * len(sample):
        return False
    try:
        text = sample.decode(enc, errors="ignore")
    except (LookupError, ValueError):
        return False
    letters = [c for c in text if not c.isspace()]
    odd = sum(1 for c in letters if "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"
              or unicodedata.category(c) in ("Cn", "Co"))
    return len(letters) >= 8 and odd >= 0.5 * len(letters)


def _refuse_misdecoded(name: str, head: bytes, enc: str, encoding: str | None) -> None:
    if encoding is not None and _looks_misdecoded(head, enc):
        raise BadInputError(name, f"read as {encoding} it gives mostly CJK or unassigned characters, but its bytes "
                            "are plain ASCII text: the file is not " + encoding + "; leave out --encoding "
                            "(UTF-8) or name the right one (a real UTF-16 file needs its byte order mark)")


def _drops_bom(enc: str) -> bool:
    """Whether the codec leaves a leading BOM in the text for us to drop (utf-8-sig drops it itself)."""
    return enc.lower().replace("_", "-") != "utf-8-sig"


def read_text(path: Path, encoding: str | None = None) -> str:
    """The file's text; a UTF-8 BOM is dropped. Raises :class:`BadInputError`."""
    try:
        data = fileguard.read_bytes(path)
    except OSError as exc:
        raise BadInputError(str(path), f"cannot read ({exc.strerror or exc})") from None
    return decode_bytes(str(path), data, encoding)


def decode_bytes(name: str, data: bytes, encoding: str | None = None) -> str:
    enc = _encoding_for(name, data, encoding)
    _refuse_misdecoded(name, data, enc, encoding)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "" if encoding else "; give the right one with --encoding"
        raise BadInputError(name, f"not valid {enc if encoding else 'UTF-8'} "
                            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}){hint}", line) from None
    if _drops_bom(enc) and text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise BadInputError(name, "binary file (contains NUL characters), not text",
                            text[: text.index("\x00")].count("\n") + 1)
    if not text.strip():
        raise BadInputError(name, "blank file (only white space)")
    return text


def iter_lines(path: Path, encoding: str | None = None) -> Iterator[tuple[int, str]]:
    """The file's non-blank lines (split at ``\n`` only, without it) with their 1-based numbers, read as
    a stream: memory stays flat however big the file. The same checks and one-line errors as
    :func:`read_text`; a file that turns out undecodable part-way is read again whole for the error."""
    name = str(path)
    try:
        fh = fileguard.open_file(path, "rb")
    except OSError as exc:
        raise BadInputError(name, f"cannot read ({exc.strerror or exc})") from None
    with fh:
        try:
            head = fh.read(_SNIFF)
            enc = _encoding_for(name, head, encoding)
            _refuse_misdecoded(name, head, enc, encoding)
            fh.seek(0)
            stream = io.TextIOWrapper(fh, encoding=enc, errors="strict", newline="\n")
            drop_bom = _drops_bom(enc)
            seen = False
            for lineno, line in enumerate(stream, 1):
                if line.endswith("\n"):
                    line = line[:-1]
                if lineno == 1 and drop_bom and line.startswith("\ufeff"):
                    line = line[1:]
                if "\x00" in line:
                    raise BadInputError(name, "binary file (contains NUL characters), not text", lineno)
                if line.strip():
                    seen = True
                    yield lineno, line
        except UnicodeDecodeError:
            read_text(path, encoding)  # raises the error naming the line
            raise BadInputError(name, "cannot be decoded") from None
        except OSError as exc:
            raise BadInputError(name, f"cannot read ({exc.strerror or exc})") from None
    if not seen:
        raise BadInputError(name, "blank file (only white space)")
