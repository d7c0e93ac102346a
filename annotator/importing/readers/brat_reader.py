"""brat standoff in: ``NAME.ann`` with the ``NAME.txt`` beside it (what ``export --format brat`` writes, and brat).

The ``.txt`` is the article, read exactly (CRLF kept: brat's offsets count its ``\\r`` too); each ``T`` line
is a span whose text must be the ``.txt``'s at its offsets (a span in several fragments, split at line
breaks, becomes one span from its first start to its last end); ``A`` / ``M`` lines are attributes; ``R``
lines whose type is speaker, claimant or cue are links (other relation types are counted and dropped).
Notes (``#``) and normalisations (``N``) are left out; events (``E``) and equivalences (``*``) are refused,
naming the line. The article's id is the file name's stem; its paragraphs become done for the annotator.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.core.labels import LINK_KINDS
from annotator.errors import BadInputError
from annotator.importing.readers.decode import decode_bytes, printable, read_text
from annotator.importing.readers.lines import InAnnotation, InArticle, InLink, InPiece, ParsedFile

DESCRIPTION: Final = "a brat standoff .ann file (with its .txt)"
_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_A = re.compile(r"^([AM]\d+)\t(\S+) (T\d+)(?: (\S+))?$")
_R = re.compile(r"^(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)$")


def text_path(path: Path) -> Path:
    """The ``.txt`` an ``.ann`` annotates."""
    return path.with_suffix(".txt")


def recognise(path: Path, _encoding: str | None = None) -> bool:
    return path.suffix.lower() == ".ann" and text_path(path).is_file()


def companions(path: Path) -> tuple[Path, ...]:
    """Files that belong to ``path`` and are not inputs of their own: the ``.txt`` of an ``.ann``."""
    return (text_path(path),) if path.suffix.lower() == ".ann" else ()


def read(path: Path, encoding: str | None = None) -> ParsedFile:
    """The ``.ann`` and its ``.txt`` as one article; raises :class:`BadInputError` naming the file and line."""
    name = str(path)
    txt = text_path(path)
    if not txt.is_file():
        raise BadInputError(name, f"no {txt.name} beside it (brat keeps the text in NAME.txt)")
    text = read_text(txt, encoding)
    if not text.strip():
        raise BadInputError(str(txt), "the text is empty or blank")
    try:
        data = fileguard.read_bytes(path)
    except OSError as exc:
        raise BadInputError(name, f"cannot read it ({exc.strerror or exc})") from None
    ann = decode_bytes(name, data, encoding) if data else ""
    piece = InPiece(1, None, text, status="done")
    spans: dict[str, InAnnotation] = {}
    later: list[tuple[int, str]] = []
    lines = ann.split("\n")
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line[0] in "#N":
            continue
        if line[0] in "AMR":
            later.append((lineno, line))
            continue
        if line[0] in "E*":
            raise BadInputError(name, f"{'events' if line[0] == 'E' else 'equivalences'} are not supported "
                                f"({printable(line, 60)})", lineno)
        m = _T.match(line)
        if m is None:
            raise BadInputError(name, f"not a brat line: {printable(line, 60)}", lineno)
        key, label, offsets, covered = m.groups()
        if key in spans:
            raise BadInputError(name, f"{key} is defined twice", lineno)
        frags = [tuple(int(x) for x in f.split(" ")) for f in offsets.split(";")]
        got = []
        for s, e in frags:
            if not 0 <= s < e <= len(text):
                raise BadInputError(name, f"{key} ({label}): offsets {s}-{e} lie outside {txt.name} "
                                    f"(length {len(text)})", lineno)
            got.append(text[s:e])
        if " ".join(got) != covered:
            raise BadInputError(name, printable(f"{key} ({label}): {txt.name} has {' '.join(got)!r} at "
                                                f"{offsets}, not {covered!r}"), lineno)
        spans[key] = InAnnotation(key, None, None, label, frags[0][0], frags[-1][1], {}, None, None)
    parsed = ParsedFile(name, [], lines=sum(1 for x in lines if x.strip()))
    for lineno, line in later:
        _relation_or_attribute(name, lineno, line, spans, piece, parsed)
    piece.annotations = list(spans.values())
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": path.name, "meta": {}}
    parsed.articles.append(InArticle(name, 1, "brat", path.stem, head, text, whole=True, pieces=[piece]))
    return parsed


def _relation_or_attribute(name: str, lineno: int, line: str, spans: dict[str, InAnnotation], piece: InPiece,
                           parsed: ParsedFile) -> None:
    if line[0] == "R":
        m = _R.match(line)
        if m is None:
            raise BadInputError(name, f"not a brat relation line: {printable(line, 60)}", lineno)
        _, kind, src, tgt = m.groups()
        for ref in (src, tgt):
            if ref not in spans:
                raise BadInputError(name, f"{m.group(1)}: {ref} is not a span of this file", lineno)
        if kind.lower() not in LINK_KINDS:
            parsed.dropped_relations += 1
            return
        piece.links.append(InLink(src, kind.lower(), tgt, None))
        return
    m = _A.match(line)
    if m is None:
        raise BadInputError(name, f"not a brat attribute line: {printable(line, 60)}", lineno)
    _, key, ref, value = m.groups()
    if ref not in spans:
        raise BadInputError(name, f"{m.group(1)}: {ref} is not a span of this file", lineno)
    spans[ref].attrs[key] = True if value is None else value
