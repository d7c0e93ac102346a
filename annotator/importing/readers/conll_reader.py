"""CoNLL-2003 / IOB files (``.conll``): ours (``annotator export --format conll``) and Label Studio's CONLL2003.

A ``-DOCSTART-`` line opens an article; blank lines separate blocks (a paragraph, or a whole article);
comment lines ``# article_id = ...``, ``# paragraph = N`` and ``# text = "..."`` (a JSON string) say
where a block is from. A token line is the token, any middle columns, and the tag last (IOB2, IOB1 or
BIOES; see :func:`~annotator.importing.readers.bio_lines.tag_spans`); a middle column ``START-END``
gives the token's offsets in the block's text (code points), ``_`` none.

Tags map back to characters through the block's text: with ``# text``, each token must be that text at
its offsets (or, without offsets, the next non-blank characters); without ``# text``, the text is
rebuilt from the offsets (gaps become spaces) or, with neither (Label Studio's export), from the tokens
joined by single spaces. A token that does not match is refused with file and line. Each tag's label
takes its layer from the project's label schema (Label Studio writes quotes and cues as tags too). A block with an
``article_id`` and a ``paragraph`` is that paragraph of that article (matched in the project by id and
text); any other block is an article of its own, matched by its text or added.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from annotator.errors import BadInputError
from annotator.importing.readers.bio_lines import TAG, tag_spans
from annotator.importing.readers.decode import printable, read_text
from annotator.importing.readers.lines import InAnnotation, InArticle, InPiece, Line, ParsedFile, order_pieces

DESCRIPTION: Final = "a CoNLL-2003 file (-DOCSTART-, one token and its tag per line)"
SUFFIXES: Final = (".conll",)
_COMMENT = re.compile(r"^#\s*([A-Za-z_][\w.-]*)\s*=\s?(.*)$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")


def recognise(path: Path, _encoding: str | None = None) -> bool:
    """A ``.conll`` file (by its suffix: the content is checked as it is read)."""
    return path.suffix.lower() in SUFFIXES


@dataclass
class _Block:
    line: int  # of its first line
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)  # comment key -> (value, line)
    rows: list[tuple[int, str, tuple[int, int] | None, str]] = field(default_factory=list)  # line, token, offsets, tag


def read(path: Path, encoding: str | None = None) -> ParsedFile:
    """The file's blocks as articles and paragraphs; raises :class:`BadInputError` naming file and line."""
    name = str(path)
    parsed = ParsedFile(name, [])
    docs: list[list[_Block]] = []
    block: _Block | None = None
    for lineno, raw in enumerate(read_text(path, encoding).split("\n"), 1):
        line = raw.rstrip("\r")
        if not line.strip():
            block = None
            continue
        parsed.lines += 1
        if line.startswith("-DOCSTART-"):
            docs.append([])
            block = None
            continue
        if block is None:
            if not docs:
                docs.append([])
            block = _Block(lineno)
            docs[-1].append(block)
        comment = _COMMENT.match(line)
        if comment is not None:
            if block.rows:
                raise BadInputError(name, "a comment line inside a block of tokens (a blank line must come first)",
                                    lineno)
            block.meta[comment.group(1)] = (comment.group(2), lineno)
            continue
        block.rows.append(_token_row(Line(name, lineno), line))
    for doc in docs:
        article: InArticle | None = None
        for blk in doc:
            if not blk.rows:
                continue  # comments only: a block of no token
            art = _article(name, blk, article)
            if art is not article:
                parsed.articles.append(art)
            article = art if art.ext_id is not None and not art.whole else None
    if not parsed.articles:
        raise BadInputError(name, "no token line in file")
    order_pieces(parsed, "line")
    return parsed


def _token_row(ln: Line, line: str) -> tuple[int, str, tuple[int, int] | None, str]:
    cols = line.split()
    if len(cols) < 2:
        raise ln.fail("a token line needs the token and its tag (at least two columns)")
    offsets = None
    if len(cols) >= 3:
        m = _OFFSETS.match(cols[-2])
        if m is not None:
            offsets = (int(m.group(1)), int(m.group(2)))
    if TAG.match(cols[-1]) is None:
        raise ln.fail(f"{cols[-1]!r} is not a tag (O, B-X, I-X, E-X, S-X) in the last column")
    return ln.lineno, cols[0], offsets, cols[-1]


def _article(name: str, blk: _Block, current: InArticle | None) -> InArticle:
    """The article a block goes to: ``current`` when it is that article's next paragraph, else a new one."""
    ext_id = blk.meta["article_id"][0].strip() if "article_id" in blk.meta else None
    para = None
    if "paragraph" in blk.meta:
        value, lineno = blk.meta["paragraph"]
        if not value.strip().isdigit():
            raise BadInputError(name, printable(f"# paragraph must be a whole number, not {value!r}"), lineno)
        para = int(value)
    text, offsets = _text_and_offsets(name, blk)
    piece = InPiece(blk.line, para, text, status="done")
    tags = [tag for _, _, _, tag in blk.rows]
    ln = Line(name, blk.rows[0][0])
    for i, (first, last, label) in enumerate(tag_spans(ln, tags, "tag")):
        piece.annotations.append(InAnnotation(f"{blk.line}:{i}", None, None, label, offsets[first][0],
                                              offsets[last][1], {}, None, None))
    head: dict[str, Any] = {"title": None, "url": None, "lang": None, "source": Path(name).name, "meta": {}}
    if ext_id and para is not None:
        if current is not None and current.ext_id == ext_id:
            current.pieces.append(piece)
            return current
        return InArticle(name, blk.line, "conll", ext_id, head, pieces=[piece])
    guessed = "text" not in blk.meta and all(r[2] is None for r in blk.rows)  # tokens joined by spaces
    return InArticle(name, blk.line, "conll", ext_id or None, head, text, whole=True, pieces=[piece],
                     spacing_known=not guessed)


def _text_and_offsets(name: str, blk: _Block) -> tuple[str, list[tuple[int, int]]]:
    """The block's text and each token's offsets in it."""
    have = [r[2] is not None for r in blk.rows]
    if any(have) and not all(have):
        lineno = blk.rows[have.index(False) if have[0] else have.index(True)][0]
        raise BadInputError(name, "some token lines of this block have offsets and some do not", lineno)
    if "text" in blk.meta:
        value, lineno = blk.meta["text"]
        try:
            text = json.loads(value)
        except ValueError:
            text = None
        if not isinstance(text, str):
            raise BadInputError(name, "# text must be a JSON string", lineno)
        if all(have):
            return text, _checked(name, blk, text)
        return text, _aligned(name, blk, text)
    if all(have):
        offsets = [r[2] for r in blk.rows if r[2] is not None]
        chars: list[str] = []
        for lineno, tok, (s, e), _ in ((r[0], r[1], r[2], r[3]) for r in blk.rows if r[2] is not None):
            if s < len(chars) or e - s != len(tok):
                raise BadInputError(name, printable(f"token {tok!r}: offsets {s}-{e} overlap the token before "
                                                    "or do not fit it"), lineno)
            chars += [" "] * (s - len(chars))
            chars += list(tok)
        return "".join(chars), offsets
    text = " ".join(r[1] for r in blk.rows)
    out: list[tuple[int, int]] = []
    pos = 0
    for _, tok, _, _ in blk.rows:
        out.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return text, out


def _checked(name: str, blk: _Block, text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    prev = 0
    for lineno, tok, pair, _ in blk.rows:
        s, e = pair if pair is not None else (-1, -1)
        if not prev <= s < e <= len(text):
            raise BadInputError(name, printable(f"token {tok!r}: offsets {s}-{e} are out of order or outside the "
                                                f"text (length {len(text)})"), lineno)
        if text[s:e] != tok:
            raise BadInputError(name, printable(f"token {tok!r} is not the text at its offsets {s}-{e} "
                                                f"({text[s:e]!r})"), lineno)
        out.append((s, e))
        prev = e
    return out


def _aligned(name: str, blk: _Block, text: str) -> list[tuple[int, int]]:
    """Offsets of tokens without an offsets column: each is the text's next characters after white space."""
    out: list[tuple[int, int]] = []
    pos = 0
    for lineno, tok, _, _ in blk.rows:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text[pos:pos + len(tok)] != tok:
            raise BadInputError(name, printable(f"token {tok!r} is not the text at offset {pos} "
                                                f"({text[pos:pos + len(tok)]!r})"), lineno)
        out.append((pos, pos + len(tok)))
        pos += len(tok)
    return out
