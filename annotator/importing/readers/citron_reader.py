"""Citron JSON in: one article per ``.json`` file (what ``export --format citron`` writes, and Citron's data).

Each quote's contents become QUOTE spans (their ``kind``, when given, an attribute), its cue a CUE span
linked from each content as its cue, and its first source the speaker of each content (further sources
are imported as spans and counted as links not taken: a quote has one speaker here). Sources and the
members of ``coreference_groups`` are entity spans labelled by their ``label`` (written by our export),
else (group members) by the label of a member of their group, else by the label of a group member at the
same offsets, else PERSON; a group whose members are not
already one entity by label and text becomes an explicit entity cluster. Offsets are code points of
``text`` (checked against each span's ``text`` when given). The article's id is the file name's stem;
its paragraphs become done for the annotator.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable, read_text
from annotator.importing.readers.lines import InAnnotation, InArticle, InLink, InPiece, ParsedFile

DESCRIPTION: Final = 'a Citron JSON file ("text" and "quotes")'
DEFAULT_SOURCE_LABEL: Final = "PERSON"
_HEAD = 1 << 20
_QUOTES = re.compile(rb'"quotes"\s*:')
_TEXT_FIRST = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"text"\s*:')


def recognise(path: Path, _encoding: str | None = None) -> bool:
    """A ``.json`` file holding one object with ``"quotes"`` (or, when its head is all text, beginning with
    ``"text"``)."""
    if path.suffix.lower() != ".json":
        return False
    try:
        head = fileguard.read_head(path, _HEAD)
    except OSError:
        return False
    if not head or not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    return _QUOTES.search(head) is not None or (len(head) == _HEAD and _TEXT_FIRST.match(head) is not None)


class _Doc:
    """One file's spans and links while it is read."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.piece = InPiece(1, None, text, status="done")
        self.by_key: dict[tuple[int, int, str], InAnnotation] = {}

    def fail(self, message: str) -> BadInputError:
        return BadInputError(self.name, printable(message))

    def offsets(self, obj: Any, what: str) -> tuple[int, int]:
        if not isinstance(obj, dict):
            raise self.fail(f"{what} is not a span object (start, end, text)")
        s, e = obj.get("start"), obj.get("end")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (s, e)):
            raise self.fail(f"{what}: start and end must be integers")
        assert isinstance(s, int) and isinstance(e, int)
        if not 0 <= s < e <= len(self.text):
            raise self.fail(f"{what}: offsets {s}-{e} lie outside the text (length {len(self.text)})")
        stored = obj.get("text")
        if stored is not None and stored != self.text[s:e]:
            raise self.fail(f"{what}: offsets {s}-{e} cover {self.text[s:e]!r}, not its text {stored!r}")
        return s, e

    def add(self, s: int, e: int, label: str, attrs: dict[str, Any] | None = None) -> InAnnotation:
        key = (s, e, label)
        ann = self.by_key.get(key)
        if ann is None:
            ann = self.by_key[key] = InAnnotation(f"{s}:{e}:{label}", None, None, label, s, e, {}, None, None)
            self.piece.annotations.append(ann)
        if attrs:
            ann.attrs.update(attrs)
        return ann


def _label(doc: _Doc, obj: dict[str, Any], what: str, known: dict[tuple[int, int], str],
           group: str | None = None) -> str:
    """A span's label: its own, else its group's, else that of a group member at its offsets, else PERSON."""
    label = obj.get("label")
    if label is None:
        return group or known.get((obj["start"], obj["end"]), DEFAULT_SOURCE_LABEL)
    if not isinstance(label, str) or not label:
        raise doc.fail(f"{what}: label must be a non-empty string")
    return label


def read(path: Path, encoding: str | None = None) -> ParsedFile:
    """The file's article; raises :class:`BadInputError` naming the file (and the line of a JSON error)."""
    name = str(path)
    raw = read_text(path, encoding)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadInputError(name, f"not valid JSON ({exc.msg} at column {exc.colno})", exc.lineno) from None
    except (ValueError, RecursionError):
        raise BadInputError(name, "not valid JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise BadInputError(name, "a Citron file is one object with a 'text' string")
    text = data["text"]
    if not text.strip():
        raise BadInputError(name, "field 'text' is empty or blank")
    doc = _Doc(name, text)
    quotes, groups = data.get("quotes"), data.get("coreference_groups") or []
    if not isinstance(quotes, list) or not isinstance(groups, list):
        raise doc.fail("'quotes' and 'coreference_groups' must be lists")
    parsed = ParsedFile(name, [], lines=raw.count("\n") + (not raw.endswith("\n")))
    known: dict[tuple[int, int], str] = {}  # offsets -> the label a group member gives them
    members: list[list[tuple[int, int, dict[str, Any]]]] = []
    for g, group in enumerate(groups):
        if not isinstance(group, list):
            raise doc.fail(f"coreference group {g} is not a list of spans")
        spans = []
        for m, member in enumerate(group):
            s, e = doc.offsets(member, f"coreference group {g} member {m}")
            spans.append((s, e, member))
            if isinstance(member.get("label"), str):
                known.setdefault((s, e), member["label"])
        members.append(spans)
    for q, quote in enumerate(quotes):
        _quote(doc, quote, f"quote {q}", known, parsed)
    for g, spans in enumerate(members):
        given = next((obj["label"] for _, _, obj in spans if isinstance(obj.get("label"), str)), None)
        anns = [doc.add(s, e, _label(doc, obj, f"coreference group {g}", known, given)) for s, e, obj in spans]
        if len({(a.label, text[a.start:a.end].casefold()) for a in anns}) > 1:
            for a in anns:
                a.entity = a.entity or f"citron:{path.stem}:{g + 1}"
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": path.name, "meta": {}}
    parsed.articles.append(InArticle(name, 1, "citron", path.stem, head, text, whole=True, pieces=[doc.piece]))
    return parsed


def _quote(doc: _Doc, quote: Any, what: str, known: dict[tuple[int, int], str], parsed: ParsedFile) -> None:
    if not isinstance(quote, dict):
        raise doc.fail(f"{what} is not an object")
    sources, contents = quote.get("sources", []), quote.get("contents")
    if not isinstance(contents, list) or not contents or not isinstance(sources, list):
        raise doc.fail(f"{what} needs a 'contents' list of spans (and 'sources' as a list)")
    cue_s, cue_e = doc.offsets(quote.get("cue"), f"{what} cue")
    cue = doc.add(cue_s, cue_e, "CUE").key
    speakers = []
    for i, src in enumerate(sources):
        s, e = doc.offsets(src, f"{what} source {i}")
        speakers.append(doc.add(s, e, _label(doc, src, f"{what} source {i}", known)).key)
    for i, content in enumerate(contents):
        s, e = doc.offsets(content, f"{what} content {i}")
        kind = content.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise doc.fail(f"{what} content {i}: kind must be a string")
        key = doc.add(s, e, "QUOTE", {"kind": kind} if kind else None).key
        doc.piece.links.append(InLink(key, "cue", cue, None))
        if speakers:
            doc.piece.links.append(InLink(key, "speaker", speakers[0], None))
            parsed.dropped_relations += len(speakers) - 1
