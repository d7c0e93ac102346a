"""Tokens of the token formats: white space laid out as spaCy does, lines that every reader splits right."""

from __future__ import annotations

import json

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc
from spacy.vocab import Vocab

from annotator.core.tokenize import token_windows
from annotator.export.formats.common import dumps_line, spacy_tokens, trim_span, word_tokens

VOCAB = Vocab()

GAPS = ["a b", "a  b", "a\nb", "a \nb", "a\n b", "a\r\n\r\nb", "a\u00a0b", "a\tb", "a   b", " a", "a ", "a  ",
        "a\n", "\n a", "a \u00a0 b", "a\u2028b"]


@pytest.mark.parametrize("text", GAPS)
def test_white_space_tokens_match_spacy(text: str) -> None:
    nlp = spacy.blank("en")
    ours = [(text[s:e], " " if ws else "") for s, e, ws in spacy_tokens(text, word_tokens(text, set()))]
    theirs = [(t.text, t.whitespace_) for t in nlp(text)]
    assert ours == theirs


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ,.“”-\n\r\t\u00a0\u0301🇮🇩👍🏽\u200d")), max_size=40),
       st.lists(st.integers(0, 40), max_size=6))
def test_doc_from_tokens_has_the_text(text: str, cuts: list[int]) -> None:
    """Whatever the text and the span boundaries, Doc(words, spaces) gives back the text."""
    bounds = {c for c in cuts if c <= len(text)}
    toks = spacy_tokens(text, word_tokens(text, bounds))
    if not toks:
        assert not text.strip(" ") or text == ""
        return
    words = [text[s:e] for s, e, _ in toks]
    assert all(words)
    doc = Doc(VOCAB, words=words, spaces=[ws for _, _, ws in toks])
    assert doc.text == text
    # tokens tile the text: each starts where the one before ended (plus its one space)
    pos = 0
    for s, e, ws in toks:
        assert s == pos
        pos = e + (1 if ws else 0)
    assert pos == len(text)


def test_trim_span() -> None:
    assert trim_span("  ab  ", 0, 6) == (2, 4)
    assert trim_span("   ", 0, 3)[0] == trim_span("   ", 0, 3)[1]


def test_lines_never_contain_a_line_separator() -> None:
    line = dumps_line({"text": "a\u2028b\u2029c\x85d\r\ne"})
    assert line.count("\n") == 1 and line.endswith("\n")
    assert len(line.splitlines()) == 1
    assert json.loads(line)["text"] == "a\u2028b\u2029c\x85d\r\ne"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "bc", " ", "  ", "\n", "\r\n", "\t", "\u00a0", "\u2028", "“"]),
                max_size=30).map("".join),
       st.integers(min_value=1, max_value=6))
def test_spacy_tokens_window_by_window_are_those_of_the_whole_text(text: str, size: int) -> None:
    whole = spacy_tokens(text, word_tokens(text, set()))
    assert [t for lo, hi, words in token_windows(text, (), size) for t in spacy_tokens(text, words, lo, hi)] == whole
