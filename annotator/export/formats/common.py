"""What the formats share: JSON lines, tokens, the counters a format keeps for the summary.

The token formats call :func:`annotator.core.tokenize.token_spans` with every span start and end of the
unit as boundaries.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from annotator.core.tokenize import token_spans


@dataclass
class FormatStats:
    """What a format wrote and dropped, for the summary."""

    relations: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # written, but worth a word (doccano: overlapping spans)
    _counted: Counter[str] = field(default_factory=Counter)
    _pending: list[str] = field(default_factory=list)  # labels not yet counted: one Counter.update per
    # few thousand spans instead of one per line (a line costs a few microseconds of set-up each)

    def count(self, labels: list[str]) -> None:
        """Count these labels as written."""
        pending = self._pending
        pending += labels
        if len(pending) > 4096:
            self._counted.update(pending)
            pending.clear()

    @property
    def spans(self) -> Counter[str]:
        """Spans written, per label."""
        if self._pending:
            self._counted.update(self._pending)
            self._pending.clear()
        return self._counted


def _plain_dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _not_serializable(obj: Any) -> Any:
    raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")


def _fast_dumps() -> Callable[[Any], str]:
    """:func:`_plain_dumps` without the set-up ``json.dumps`` repeats on every call (an encoder object
    and a C encoder per call: a few microseconds, a line or more of every export). The C encoder is
    made once, without the circular-reference check (export objects are trees), and used only if it
    writes exactly what ``json.dumps`` writes; else this is ``json.dumps``."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _plain_dumps
    try:
        encoder = make(None, _not_serializable, json.encoder.encode_basestring, None, ":", ",", False, False, True)

        def fast(obj: Any) -> str:
            return "".join(encoder(obj, 0))

        probe: dict[str, Any] = {"a": [1, -2.5, 1e300, None, True, False, "é\n\"\u2028\\", {"b": [], "": {}}], "c": "x"}
        if fast(probe) == _plain_dumps(probe) and fast("x") == _plain_dumps("x"):
            return fast
    except Exception:  # noqa: BLE001 - another Python's private encoder: fall back to json.dumps
        pass
    return _plain_dumps


dumps = _fast_dumps()


def line_safe(text: str) -> str:
    """JSON text with the characters that some line readers split on escaped (one character at a time,
    so a line may be made safe piece by piece)."""
    if "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
    return text


def finish_line(line: str) -> str:
    """End a JSON line; characters that some line readers split on are escaped too."""
    return line_safe(line) + "\n"


def dumps_line(obj: Any) -> str:
    """One compact JSON line (UTF-8 text, not ASCII-escaped)."""
    return finish_line(dumps(obj))


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at its edges (may become empty)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def written_span(text: str, start: int, end: int, dropped: Counter[str]) -> tuple[int, int] | None:
    """The span a format writes: white space at its edges trimmed (counted in ``dropped``), None (counted) when
    nothing but white space is left."""
    if not (text[start].isspace() or text[end - 1].isspace()):
        return start, end
    start, end = trim_span(text, start, end)
    if start >= end:
        dropped["span of white space only"] += 1
        return None
    dropped["span edge on white space (trimmed, not dropped)"] += 1
    return start, end


def word_tokens(text: str, bounds: set[int]) -> list[tuple[int, int]]:
    """The shared tokenizer's tokens (no white space), split at ``bounds``."""
    return token_spans(text, bounds)


def spacy_tokens(text: str, words: list[tuple[int, int]], start: int = 0,
                 stop: int | None = None) -> list[tuple[int, int, bool]]:
    """Tokens with the white space between them laid out the way spaCy does it.

    spaCy's ``Doc(words, spaces)`` gives each token at most one trailing ``" "``.
    Any other gap (newline, CRLF, tab, NBSP, several spaces) becomes a white-space
    token, exactly as ``spacy.blank(...)`` tokenizes it, so the Doc's text equals
    ``text``. Returns ``(start, end, ws)`` triples. With ``start`` / ``stop``, those of a
    window of :func:`annotator.core.tokenize.token_windows` (``words`` are its words): the
    windows' tokens one after the other are those of the whole text.
    """
    out: list[tuple[int, int, bool]] = []
    append = out.append
    n = len(text) if stop is None else stop
    pos = start
    ps = pe = -1  # the word before, written once it is known whether one space follows it
    for s, e in words:
        if s > pos:  # white space before this word
            if ps < 0:  # before the first word: a white-space token
                append((pos, s, False))
            elif text[pos] == " ":  # the word before takes one space; any other white space is a token
                append((ps, pe, True))
                if pos + 1 < s:
                    append((pos + 1, s, False))
            else:
                append((ps, pe, False))
                append((pos, s, False))
        elif ps >= 0:
            append((ps, pe, False))
        ps, pe = s, e
        pos = e
    if ps < 0:
        if pos < n:  # no word at all
            append((pos, n, False))
    elif pos < n and text[pos] == " ":
        append((ps, pe, True))
        if pos + 1 < n:
            append((pos + 1, n, False))
    else:
        append((ps, pe, False))
        if pos < n:
            append((pos, n, False))
    return out
