"""The cue lexicon of the quote recommender: ``resources/cues.json``, optionally overridden per project.

Per language (``"id"``, ``"en"``) the lexicon holds lists of words (lower case; a phrase is words separated by one
space):

- ``reporting``: verbs that stand before or after a quote and introduce reported speech (*mengatakan, said*);
- ``inverted``: cue words that only follow a quote (“...,” *kata* Budi);
- ``pronoun_cues``: cue words that carry their own pronoun subject (*katanya, ujarnya*): they resolve to the last
  speaker; a cue whose subject is one of ``pronouns`` (*he said, dia mengatakan*) is a pronoun cue too;
- ``according``: *menurut X, ...*, *according to X, ...*;
- ``complementizers``: *bahwa*, *that*;
- ``groups``: words for an unnamed source (*sejumlah pengamat*, *officials*);
- ``titles``: words kept out of a speaker's name (*Menteri*, *Senator*);
- ``org_heads``: first words of an organisation's name (its speaker mention is proposed as ORG);
- ``anaphora``: *politikus itu*, *the minister*: the last speaker;
- ``objects``: listeners after *told* (*reporters*).

A project's override (a mapping of the same shape, e.g. stored in the project's meta) replaces the lists it names,
language by language; with ``"extend": true`` at its top level its lists are added to the bundled ones instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

from annotator.resources_path import resource_text

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")
ListName = Literal["reporting", "inverted", "pronoun_cues", "according", "complementizers", "pronouns", "groups",
                   "titles", "org_heads", "anaphora", "objects"]
LIST_NAMES: tuple[ListName, ...] = ("reporting", "inverted", "pronoun_cues", "according", "complementizers",
                                    "pronouns", "groups", "titles", "org_heads", "anaphora", "objects")
CueKind = Literal["reporting", "inverted", "pronoun", "according"]


class LexiconError(ValueError):
    """A cue lexicon that cannot be used; the message is one line."""


_CUE_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True)
class LangLexicon:
    lists: Mapping[str, frozenset[str]]
    cue_kinds: Mapping[str, CueKind]  # cue word or phrase -> its kind
    firsts: Mapping[str, tuple[tuple[str, ...], ...]]  # first word -> the cues' words, longest first
    first_re: re.Pattern[str]  # the first words (lower case), each where a token starts and ends
    first_re_ic: re.Pattern[str]  # the same, case ignored
    longest: int  # words of the longest cue

    def has(self, name: ListName, word: str) -> bool:
        return word.lower() in self.lists[name]

    def find_cues(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, cue)`` of every cue in ``text``, whole words only (``kata-kata`` holds none).

        One regex search for the cues' first words at token starts (C speed); Python runs only at a hit."""
        out: list[tuple[int, int, str]] = []
        after = 0
        low = text.lower()
        # the lexicon is lower case: searching the lowered text is twice as fast as ignoring case (when lowering
        # keeps every offset; a hit is checked against ``text`` itself below)
        hits = self.first_re.finditer(low) if len(low) == len(text) else self.first_re_ic.finditer(text)
        for m in hits:
            p = m.start()
            if p < after:
                continue
            if p > 0 and (_WORD_CHAR.match(text, p - 1) or (
                    p > 1 and text[p - 1] in "'’-" and _WORD_CHAR.match(text, p - 2))):
                continue  # not where a token starts in ``text``
            tok = _CUE_TOKEN.match(text, p)
            options = self.firsts.get(tok.group().lower()) if tok is not None else None
            if not options or tok is None:
                continue
            rest: list[re.Match[str]] | None = None
            for words in options:
                n = len(words)
                if n == 1:
                    out.append((p, tok.end(), words[0]))
                    after = tok.end()
                    break
                if rest is None:
                    rest = list(islice(_CUE_TOKEN.finditer(text, tok.end()), self.longest - 1))
                toks = [tok, *rest[:n - 1]]
                if len(toks) == n and all(t.group().lower() == w for t, w in zip(toks, words, strict=True)) \
                        and all(not text[toks[j].end():toks[j + 1].start()].strip() for j in range(n - 1)):
                    out.append((p, toks[-1].end(), " ".join(words)))
                    after = toks[-1].end()
                    break
        return out


def find_cues_by_tokens(lex: LangLexicon, text: str) -> list[tuple[int, int, str]]:
    """:meth:`LangLexicon.find_cues` token by token in Python (the reference the tests compare it with)."""
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _CUE_TOKEN.finditer(text)]
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(tokens):
        options = lex.firsts.get(tokens[k][2])
        if options:
            for words in options:
                n = len(words)
                if tuple(t[2] for t in tokens[k:k + n]) == words and all(
                        not text[tokens[j][1]:tokens[j + 1][0]].strip() for j in range(k, k + n - 1)):
                    out.append((tokens[k][0], tokens[k + n - 1][1], " ".join(words)))
                    k += n - 1
                    break
        k += 1
    return out


@dataclass(frozen=True)
class CueLexicon:
    langs: Mapping[str, LangLexicon]

    def lang(self, lang: Lang) -> LangLexicon:
        return self.langs[lang]


def _words(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"cue lexicon: {where} must be a list of words")
    return [" ".join(v.lower().split()) for v in value]


def _build(lists: dict[str, list[str]]) -> LangLexicon:
    kinds: dict[str, CueKind] = {}
    for name, kind in (("reporting", "reporting"), ("inverted", "inverted"), ("according", "according"),
                       ("pronoun_cues", "pronoun")):
        for w in lists[name]:
            kinds[w] = kind  # type: ignore[assignment]
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for w in kinds:
        words = tuple(w.split(" "))
        firsts.setdefault(words[0], []).append(words)
    alternation = "|".join(re.escape(w) for w in sorted(firsts, key=len, reverse=True)) or "(?!)"
    # a token (_CUE_TOKEN) starts where no word character or word character + apostrophe/hyphen comes before
    first = rf"(?<!\w)(?<!\w['’-])(?:{alternation})(?!\w)(?!['’-]\w)"
    return LangLexicon({k: frozenset(v) for k, v in lists.items()}, kinds,
                       {k: tuple(sorted(v, key=len, reverse=True)) for k, v in firsts.items()},
                       re.compile(first), re.compile(first, re.IGNORECASE),
                       max((len(w.split(" ")) for w in kinds), default=1))


def load_lexicon(override: Mapping[str, Any] | None = None) -> CueLexicon:
    """The bundled lexicon, with a project's override applied (see the module's doc)."""
    data = json.loads(resource_text("cues.json"))
    extend = bool(override.get("extend", False)) if override is not None else False
    if override is not None and not isinstance(override, Mapping):
        raise LexiconError("cue lexicon: the override must be an object")
    langs: dict[str, LangLexicon] = {}
    for lang in LANGS:
        base = data.get(lang, {})
        extra = override.get(lang, {}) if override is not None else {}
        if not isinstance(extra, Mapping):
            raise LexiconError(f"cue lexicon: {lang} must be an object")
        unknown = set(extra) - set(LIST_NAMES)
        if unknown:
            raise LexiconError(f"cue lexicon: unknown list {sorted(unknown)[0]!r} in {lang}")
        lists: dict[str, list[str]] = {}
        for name in LIST_NAMES:
            words = _words(base.get(name, []), f"{lang}.{name}")
            if name in extra:
                mine = _words(extra[name], f"{lang}.{name}")
                words = words + mine if extend else mine
            lists[name] = words
        langs[lang] = _build(lists)
    return CueLexicon(langs)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ID_WORDS = _wordset("yang dan di dari untuk dengan itu ini tidak akan juga dalam pada ke kata bahwa sudah ada "
                      "oleh karena atau mereka kami kita saat tersebut menurut adalah")
_EN_WORDS = _wordset("the and of to in that is was for on with as by at it from said has have be are this "
                      "would not but which were will an")
_WORD = re.compile(r"[^\W\d_]+")


def detect_lang(texts: tuple[str, ...]) -> Lang:
    """Indonesian or English, by counting function words (cheap; English when neither is seen)."""
    id_n = en_n = 0
    for text in texts:
        for m in _WORD.finditer(text[:4000]):
            w = m.group().lower()
            id_n += w in _ID_WORDS
            en_n += w in _EN_WORDS
    return "id" if id_n > en_n else "en"
