"""WebAnno TSV 3 in (INCEpTION's "WebAnno TSV v3.x" export, and ``export --format webanno-tsv``).

The header's ``#T_SP`` / ``#T_CH`` / ``#T_RL`` lines say which columns follow the first three; the span
layers of :mod:`annotator.core.inception` are read (``NamedEntity``: label in ``value``, entity cluster in
``identifier``; ``webanno.custom.Quote`` / ``Cue`` / ``Claim``: label in ``label``, else QUOTE / CUE / CLAIM,
other features attributes) and so are the ``Speaker`` / ``Claimant`` / ``QuoteCue`` relations (on the
dependent's token, naming the governor's token and both span numbers); other layers are skipped.

Offsets in the file count UTF-16 code units; the text is rebuilt from the ``#Text=`` lines at the offsets
their tokens give (the lines of one sentence joined by ``\\n``, a line's ``\\r`` escape being the CR of a CRLF as
INCEpTION writes it, or by ``\\r\\n`` where the offsets say so in a file without those escapes; the
white space between sentences, which TSV does not keep, as line breaks), then every offset is converted to
code points through :mod:`annotator.core.offsets` and every token is checked against the text. Each
sentence is a paragraph (matched by its text to the article's paragraphs when the article, by the file
name's stem or its text, is in the project already). The paragraphs become done for the annotator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.core.inception import CLUSTER_FEATURE, DEFAULT_LABELS, label_feature, layer_of_type, link_of_type
from annotator.core.offsets import OffsetMap
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable, read_text
from annotator.importing.readers.lines import InAnnotation, InArticle, InLink, InPiece, Layout, ParsedFile

DESCRIPTION: Final = "a WebAnno TSV 3 file (INCEpTION)"
_FORMAT = re.compile(r"^#FORMAT=WebAnno TSV 3(\.\d+)*$")
_TOKEN = re.compile(r"^(\d+)-(\d+)(\.\d+)?$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")
_ITEM = re.compile(r"^(.*?)(?:\[(\d+)\])?$", re.S)
_REL = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r"}


def recognise(path: Path, _encoding: str | None = None) -> bool:
    if path.suffix.lower() != ".tsv":
        return False
    try:
        head = fileguard.read_head(path, 64)
    except OSError:
        return False
    return head is not None and head.lstrip(b"\xef\xbb\xbf").startswith(b"#FORMAT=WebAnno TSV 3")


def _split(cell: str, sep: str = "|") -> list[str]:
    """``cell`` split at unescaped ``sep``; escapes are kept (see :func:`_unescape`)."""
    out, cur, i = [], [], 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            cur.append(cell[i:i + 2])
            i += 2
            continue
        if ch == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append(_UNESCAPE.get(nxt, nxt))
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


@dataclass
class _Column:
    kind: str  # "span", "chain", "relation"
    type_name: str
    feature: str  # for a relation's base column: "BT_..."


@dataclass
class _Token:
    line: int
    sentence: int
    address: str
    u16: tuple[int, int]
    text: str
    cells: list[str]
    sub: bool
    cp: tuple[int, int] = (0, 0)


@dataclass
class _Sentence:
    line: int
    lines: list[str]
    tokens: list[_Token] = field(default_factory=list)
    text: str = ""
    start: int = 0  # code points, in the rebuilt text


@dataclass
class _Span:
    type_name: str
    number: int | None
    cp: list[tuple[int, int]] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    line: int = 0
    first: str = ""  # the address of its first token


class _Reader:
    def __init__(self, path: Path, raw: str) -> None:
        self.path, self.name = path, str(path)
        self.lines = [line[:-1] if line.endswith("\r") else line for line in raw.split("\n")]
        self.columns: list[_Column] = []
        self.sentences: list[_Sentence] = []
        self.parsed = ParsedFile(self.name, [], lines=len(self.lines))

    def fail(self, message: str, line: int | None) -> BadInputError:
        return BadInputError(self.name, printable(message), line)

    # -- the file's structure ---------------------------------------------------------------
    def parse(self) -> None:
        if not self.lines or not _FORMAT.match(self.lines[0].lstrip("\ufeff")):
            raise self.fail("not a WebAnno TSV 3 file (no '#FORMAT=WebAnno TSV 3...' line)", 1)
        sentence: _Sentence | None = None
        for lineno, line in enumerate(self.lines[1:], 2):
            if line.startswith(("#T_SP=", "#T_CH=", "#T_RL=")):
                if self.sentences:
                    raise self.fail("a layer declared after the first sentence", lineno)
                kind = {"#T_SP=": "span", "#T_CH=": "chain", "#T_RL=": "relation"}[line[:6]]
                type_name, *features = line[6:].split("|")
                self.columns += [_Column(kind, type_name, f) for f in (features or [""])]
            elif line.startswith("#Text="):
                if sentence is None or sentence.tokens:
                    sentence = _Sentence(lineno, [])
                    self.sentences.append(sentence)
                sentence.lines.append(_unescape(line[6:]))
            elif not line.strip() or line.startswith("#"):
                continue
            else:
                if sentence is None:
                    raise self.fail("a token line before any '#Text=' line", lineno)
                sentence.tokens.append(self._token(lineno, line, len(self.sentences)))

    def _token(self, lineno: int, line: str, sentence: int) -> _Token:
        cells = line.split("\t")
        if len(cells) > 3 and cells[-1] == "":
            cells.pop()  # the tab WebAnno TSV 3.2 ends each line with (an empty cell is written "_")
        if len(cells) != len(self.columns) + 3:
            raise self.fail(f"{len(cells)} columns where the header declares {len(self.columns) + 3}", lineno)
        m, o = _TOKEN.match(cells[0]), _OFFSETS.match(cells[1])
        if m is None or o is None:
            raise self.fail(f"not a token line (expected 'SENTENCE-TOKEN<TAB>START-END<TAB>token'): "
                            f"{printable(line, 60)}", lineno)
        start, end = int(o.group(1)), int(o.group(2))
        if start >= end:
            raise self.fail(f"token offsets {start}-{end} are empty or reversed", lineno)
        return _Token(lineno, sentence, cells[0], (start, end), _unescape(cells[2]), cells[3:], m.group(3) is not None)

    # -- the text -----------------------------------------------------------------------------------
    def rebuild_text(self) -> str:
        found: list[tuple[str, int]] = []  # each sentence's text and where it begins (UTF-16)
        for sent in self.sentences:
            words = [t for t in sent.tokens if not t.sub]
            if not words:
                raise self.fail("a sentence without tokens", sent.line)
            fits = [(join.join(sent.lines), self._fit(join.join(sent.lines), words)) for join in ("\n", "\r\n")]
            text, begin = next(((t, b) for t, b in fits if b is not None), ("", None))
            if begin is None:
                raise self.fail("the offsets of the sentence's tokens do not fit its '#Text=' text", sent.line)
            found.append((text, begin))
        crlf = any("\r\n" in text for text, _ in found)
        parts: list[str] = []
        u16_len = cp_len = 0
        for sent, (text, begin) in zip(self.sentences, found):
            gap = begin - u16_len
            if gap < 0:
                raise self.fail(f"the sentence begins at {begin}, inside the sentence before it", sent.line)
            filler = "\r\n" * (gap // 2) + "\n" * (gap % 2) if crlf else "\n" * gap
            parts += [filler, text]
            sent.text, sent.start = text, cp_len + len(filler)
            cp_len = sent.start + len(text)
            u16_len = begin + OffsetMap(text).utf16_length()
        full = "".join(parts) + ("\r\n" if crlf else "\n")  # a text file's last line ends too
        cp = OffsetMap(full)
        for sent in self.sentences:
            for tok in sent.tokens:
                s, e = cp.to_codepoint(tok.u16[0]), cp.to_codepoint(tok.u16[1])
                if full[s:e] != tok.text:
                    raise self.fail(f"token {tok.address} at {tok.u16[0]}-{tok.u16[1]} is {tok.text!r} but the "
                                    f"text there is {full[s:e]!r}", tok.line)
                tok.cp = (s, e)
        return full

    @staticmethod
    def _fit(text: str, words: list[_Token]) -> int | None:
        """Where (UTF-16) the sentence ``text`` begins if its tokens lie in it at their offsets, else None."""
        m = OffsetMap(text)
        pos = text.find(words[0].text)
        if pos < 0:
            return None
        begin = words[0].u16[0] - m.to_utf16(pos)
        for tok in words:
            pos = text.find(tok.text, pos)
            if pos < 0 or begin + m.to_utf16(pos) != tok.u16[0]:
                return None
            pos += len(tok.text)
        return begin

    # -- annotations ----------------------------------------------------------------------------
    def spans(self) -> dict[tuple[str, Any], _Span]:
        spans: dict[tuple[str, Any], _Span] = {}
        for sent in self.sentences:
            for tok in sent.tokens:
                for col, cell in zip(self.columns, tok.cells):
                    if col.kind != "span" or cell == "_" or layer_of_type(col.type_name) is None:
                        continue
                    for i, item in enumerate(_split(cell)):
                        m = _ITEM.match(item)
                        assert m is not None  # the pattern matches any text
                        value, number = m.group(1), m.group(2)
                        key: tuple[str, Any] = ((col.type_name, int(number)) if number is not None
                                                else (col.type_name, (tok.address, i)))
                        span = spans.get(key)
                        if span is None:
                            span = spans[key] = _Span(col.type_name, int(number) if number else None,
                                                      line=tok.line, first=tok.address)
                        if not span.cp or span.cp[-1] != tok.cp:
                            span.cp.append(tok.cp)
                        if value not in ("*", "") and col.feature:
                            span.values[col.feature] = _unescape(value)
        return spans

    def relations(self, spans: dict[tuple[str, Any], _Span]) -> list[tuple[str, _Span, _Span, int]]:
        by_number: dict[int, list[_Span]] = {}
        at: dict[str, list[_Span]] = {}
        for span in spans.values():
            if span.number is not None:
                by_number.setdefault(span.number, []).append(span)
            at.setdefault(span.first, []).append(span)
        out = []
        for sent in self.sentences:
            for tok in sent.tokens:
                for col, cell in zip(self.columns, tok.cells):
                    if col.kind != "relation" or not col.feature.startswith("BT_") or cell == "_":
                        continue
                    kind = link_of_type(col.type_name)
                    for item in _split(cell):
                        m = _REL.match(item)
                        if m is None:
                            raise self.fail(f"relation {item!r} is not 'TOKEN' or 'TOKEN[GOV_DEP]'", tok.line)
                        if kind is None:
                            self.parsed.dropped_relations += 1
                            continue
                        base = col.feature[3:]
                        gov = self._end(by_number, at, m.group(1), int(m.group(2) or 0), base)
                        dep = self._end(by_number, at, tok.address, int(m.group(3) or 0), None)
                        if gov is None or dep is None:
                            raise self.fail(f"relation {item!r}: no span there to relate", tok.line)
                        out.append((kind, gov, dep, tok.line))
        return out

    @staticmethod
    def _end(by_number: dict[int, list[_Span]], at: dict[str, list[_Span]], address: str, number: int,
             prefer: str | None) -> _Span | None:
        found = by_number.get(number, []) if number else at.get(address, [])
        found = sorted(found, key=lambda s: (s.first != address, s.type_name != prefer))
        return found[0] if found else None


def read(path: Path, encoding: str | None = None) -> ParsedFile:
    """The file's article, one paragraph per sentence; raises :class:`BadInputError` naming file and line."""
    r = _Reader(path, read_text(path, encoding))
    r.parse()
    if not r.sentences:
        raise BadInputError(r.name, "no sentence ('#Text=' line) in the file")
    text = r.rebuild_text()
    pieces = [InPiece(s.line, i, s.text, s.start, s.start + len(s.text), "done") for i, s in enumerate(r.sentences)]
    spans = r.spans()
    keys: dict[int, str] = {}
    for n, span in enumerate(spans.values(), 1):
        layer = layer_of_type(span.type_name)
        assert layer is not None  # only our layers are read
        begin, end = min(s for s, _ in span.cp), max(e for _, e in span.cp)
        piece = next((p for p in pieces if p.start is not None and p.start <= begin < (p.end or 0)), None)
        if piece is None or piece.start is None or end > (piece.end or 0):
            raise r.fail(f"a {span.type_name.rsplit('.', 1)[-1]} span crosses sentences", span.line)
        values = dict(span.values)
        label = values.pop(label_feature(layer), None) or DEFAULT_LABELS.get(layer)
        if label is None:
            raise r.fail(f"a {span.type_name.rsplit('.', 1)[-1]} span without '{label_feature(layer)}'", span.line)
        entity = values.pop(CLUSTER_FEATURE, None) if layer == "entity" else None
        key = f"tsv:{n}"
        keys[id(span)] = key
        piece.annotations.append(InAnnotation(key, None, layer, label, begin - piece.start, end - piece.start,
                                              values, None, entity))
    for kind, gov, dep, _line in r.relations(spans):
        pieces[0].links.append(InLink(keys[id(gov)], kind, keys[id(dep)], None))
    layout: Layout = []
    for p in pieces:
        core_start = (p.start or 0) + len(p.text) - len(p.text.lstrip())
        layout.append((core_start, core_start + len(p.text.strip()), None))
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": path.name, "meta": {}}
    r.parsed.articles.append(InArticle(r.name, 1, "webanno-tsv", path.stem, head, text, layout, pieces=pieces))
    return r.parsed
