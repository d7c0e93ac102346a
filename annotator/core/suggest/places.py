"""Country and territory names from CLDR (Babel's locale data), proposed as GPE.

Names: ``babel.Locale(lang).territories`` for every two-letter territory code that CLDR gives languages for
(``babel.core.get_global("territory_languages")``: this leaves out the groupings EU, EZ (euro area) and UN,
the pseudo-territories QO, XA and XB; ``ZZ``, "unknown region", is left out too; the numeric codes are
continents and regions, not places with a government). Alternative names come from CLDR only:

- the same code's name in the language's regional locales in Latin script (English: en_GB, en_AU, ... give
  "St Lucia", "Saint Lucia", "Bosnia and Herzegovina" beside "St. Lucia", "Bosnia & Herzegovina");
- a name with a parenthesis also without it ("Myanmar (Burma)" gives "Myanmar");
- a special administrative region named "<name> <ABBR> <China's name>" also as "<name>" ("Hong Kong SAR
  China" gives "Hong Kong"; Indonesian "Hong Kong DAK Tiongkok" gives "Hong Kong", "Makau DAK Tiongkok"
  gives "Makau").

Skipped: names shorter than :data:`MIN_LENGTH` code points, and :data:`AMBIGUOUS` — country names that are
also common given names or words written with a capital ("Chad", "Jordan" as people; "Jersey" is mostly
the garment or part of "New Jersey", which CLDR does not list; "Guernsey" the breed or garment).

Language: ``ctx.lang`` ("id", "en"; a regional tag such as "en-GB" counts as its language; another language
Babel knows gives that language's names); without a language, the Indonesian and English names together.
Matching as :mod:`annotator.core.suggest.tokenmatch` describes: at token boundaries, case-sensitive,
longest first ("Korea Selatan" before "Korea"? CLDR has no plain "Korea"; "Papua Nugini" before "Guinea"),
nothing over an entity span the annotator has in the paragraph (ctx.known; quotes and claims do not block).

Score: :data:`SCORE` (0.7), fixed: a CLDR country name is almost always a GPE, but a name inside an
organisation's name ("Bank of China") or used as a language ("bahasa Inggris") is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, localedata
from babel.core import get_global

from annotator.core.suggest.base import ParagraphContext, Proposal
from annotator.core.suggest.tokenmatch import Candidate, TokenTrie, covered_tokens, entity_known, select, tokens

SCORE = 0.7
LABEL = "GPE"
MIN_LENGTH = 4
AMBIGUOUS = frozenset({"Chad", "Jordan", "Jersey", "Guernsey"})
DEFAULT_LANGS = ("en", "id")
_UNKNOWN_REGION = "ZZ"
_PAREN = re.compile(r"^(.*?\S)\s*\([^()]*\)$")


def _locales(lang: str) -> list[Locale]:
    """The language's locale and its regional locales written in Latin script."""
    out = []
    for ident in localedata.locale_identifiers():
        if ident == lang or ident.startswith(lang + "_"):
            loc = Locale.parse(ident)
            if loc.script in (None, "Latn"):
                out.append(loc)
    return out


@lru_cache(maxsize=16)
def place_names(lang: str) -> frozenset[str]:
    """The country and territory names proposed for ``lang`` (see the module's doc)."""
    codes = {c for c in get_global("territory_languages")
             if len(c) == 2 and c.isalpha() and c != _UNKNOWN_REGION}
    china = Locale.parse(lang).territories.get("CN")
    names: set[str] = set()
    for loc in _locales(lang):
        territories = loc.territories
        for code in codes:
            name = territories.get(code)
            if not name:
                continue
            names.add(name)
            m = _PAREN.match(name)
            if m:
                names.add(m.group(1))
            if china and name.endswith(" " + china) and code != "CN":
                head, _, abbr = name[: -len(china) - 1].rpartition(" ")
                if head and len(abbr) >= 2 and abbr.isupper():
                    names.add(head)
    return frozenset(n for n in names if len(n) >= MIN_LENGTH and n not in AMBIGUOUS)


@lru_cache(maxsize=16)
def _trie(langs: tuple[str, ...]) -> TokenTrie[str]:
    trie: TokenTrie[str] = TokenTrie()
    for name in sorted(set().union(*(place_names(lang) for lang in langs))):
        trie.add(name, name)
    return trie


def languages(lang: str | None) -> tuple[str, ...]:
    """The languages whose names are proposed for an article in ``lang``."""
    if not lang:
        return DEFAULT_LANGS
    base = lang.replace("-", "_").split("_")[0].lower()
    return (base,) if localedata.exists(base) else DEFAULT_LANGS


class PlacesRecommender:
    """Proposes CLDR country and territory names as GPE (see the module's doc)."""

    name = "places"

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        if ctx.index in ctx.boilerplate:
            return []
        text = ctx.text
        spans = tokens(text)
        matches = _trie(languages(ctx.lang)).find(text, spans)
        if not matches:
            return []
        candidates = [Candidate(m.first, m.last, spans[m.first][0], spans[m.last - 1][1], LABEL, SCORE)
                      for m in matches]
        occupied = covered_tokens(spans, entity_known(ctx.known, ctx.index))
        return [Proposal(c.label, c.start, c.end, c.score, self.name) for c in select(candidates, occupied)]
