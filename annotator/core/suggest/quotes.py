"""Quotes, their cues and speakers, by rules (Indonesian and English).

What it proposes, per paragraph (the whole article is analysed once, in order, and cached per article):

- QUOTE spans from paired quote marks (:mod:`.quote_marks`): the text between the marks, trimmed of white space and
  of a trailing comma. A quote left open runs on into the next paragraph when that one opens with a quote mark; each
  part is proposed, all with the same speaker.
- ``kind``: *direct* when the quote stands as a sentence of its own (it opens the paragraph, follows a sentence's
  end, or follows ``:`` / ``,`` after a cue); *mixed* when it sits inside the writer's sentence (a word right before
  its opening mark); *indirect* for reported speech without marks: ``X mengatakan (bahwa) ...``, ``X said (that)
  ...``, ``Ia menambahkan, ...``, ``menurut X, ...``, ``according to X, ...``, ``..., according to X.``,
  ``..., katanya.``: the reported clause (to the sentence's end, without its final stop) is the span.
- CUE: the cue word or phrase (lexicon ``resources/cues.json``, see :mod:`.cue_lexicon`), linked from its quote
  (link ``cue``). Cues inside quotes are never cues.
- speaker (link ``speaker``): the name at the cue (:mod:`.speakers`), as an existing PERSON/ORG/NORP annotation
  (one overlapping the name, else one with the same text in the article) or a PERSON (ORG for an organisation) that
  is proposed too, in the paragraph of the name. A pronoun cue (*katanya*, *he said*, *Ia mengatakan*, *politikus
  itu*, *the minister*) is the most recent speaker of the article: the subject of the last cue before it (the
  annotator's quotes with a speaker count too), not the nearest name. A quote without cue right after a quote (or
  after reported speech in its paragraph) continues that speaker. A group (*sejumlah pengamat*, *officials*, *a
  spokesperson*) or no one found gives the special source ``unnamed``.

Annotations with origin ``suggested`` (proposals not yet accepted) are not taken as the annotator's: the whole
article is analysed once per text and set of other annotations (cached), and the proposals of each paragraph are
the same whichever order paragraphs are asked in.

Links only point to this paragraph or an earlier one: the first part of a quote running over paragraphs links to
an earlier mention of its speaker's name if there is one, and has no cue link when its cue is in a later paragraph.

Scores are fixed per rule (:data:`SCORES`): a QUOTE gets its rule's score, a CUE ``cue``, a speaker mention
``speaker_name`` (``speaker_org`` for an organisation).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from annotator.core.suggest.base import KnownSpan, ParagraphContext, Proposal, ProposedLink, SpanRef
from annotator.core.suggest.cue_lexicon import CueLexicon, Lang, LangLexicon, detect_lang, load_lexicon
from annotator.core.suggest.quote_marks import MarkedQuote, find_quotes
from annotator.core.suggest.sentences import (
    WORD,
    find_comma,
    sentence_bounds,
    sentence_of,
    sentences_inside,
    trim_clause,
    words_between,
)
from annotator.core.suggest.speakers import (
    Subject,
    classify_segment,
    noun_phrase_subject,
    subject_after,
    subject_before,
)

Rule = Literal["direct_cue", "direct_cue_before", "direct_continued", "direct_bare", "mixed_cue", "mixed_bare",
               "indirect_that", "indirect_according", "indirect_comma", "indirect_bare", "indirect_final",
               "cue", "speaker_name", "speaker_org"]
Kind = Literal["direct", "indirect", "mixed"]

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


SCORES: dict[Rule, float] = {
    "direct_cue": 0.9,  # marked quote standing alone, cue after it (“...,” kata Budi)
    "direct_cue_before": 0.85,  # cue before it (Budi mengatakan: “...”)
    "direct_continued": 0.7,  # no cue, right after a quote: the same speaker
    "direct_bare": 0.45,  # no cue, no quote before: unnamed
    "mixed_cue": 0.75,  # quoted phrase in the writer's sentence, with a cue in that sentence
    "mixed_bare": 0.35,  # a quoted phrase without a cue (may be a title or scare quote)
    "indirect_that": 0.7,  # X mengatakan bahwa ..., X said (on Tuesday) that ...
    "indirect_according": 0.7,  # menurut X, ... / according to X, ... / ..., according to X.
    "indirect_comma": 0.55,  # Ia menambahkan, ...
    "indirect_bare": 0.5,  # X said the ..., X told Y the ...
    "indirect_final": 0.45,  # ..., katanya. / ..., he said.
    "cue": 0.85,
    "speaker_name": 0.8,
    "speaker_org": 0.7,
}
MENTION_LABELS = frozenset({"PERSON", "ORG", "NORP"})
_NAME = "quotes"
_MAX_WORDS_TO_CUE = 6
_CACHE_SIZE = 8
_COMPLEMENT_WINDOW = 6
_NO_CLAUSE = frozenset({"called", "described", "menulis", "wrote", "writes", "confirmed", "denied", "announced",
                        "membantah"})
# directive verbs: reported speech only with "bahwa" / "that" (not "meminta X untuk ...", "urged X to ...")
_THAT_ONLY = frozenset({"mendesak", "meminta", "memperingatkan", "mengimbau", "menyerukan", "urged", "asked", "warned",
                        "cautioned"})
_OBJECT_CUES = frozenset({"told", "tells", "telling"})
_STOP_START = _wordset(
    "on in at to for from with by about during after before of into over kepada di ke dari pada saat usai seusai "
    "ketika dalam untuk dengan sambil lagi melalui")


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    kind: str  # CueKind
    word: str


@dataclass
class _Item:
    """A speech event of one paragraph: a marked quote (or a chain of parts) or reported speech."""

    pos: int  # where it happens, for the order of speakers (the cue, else the quote)
    parts: list[tuple[int, int, int]]  # (paragraph, start, end) of each span
    kind: Kind
    rule: Rule
    cue: tuple[int, _Cue] | None = None
    subject: Subject | None = None
    subject_para: int = 0
    from_pronoun: bool = False
    sentence: tuple[int, int] = (0, 0)
    last_cue: tuple[int, _Cue] | None = None  # a quote over paragraphs with cues before and after: the one after


@dataclass
class _Article:
    paragraphs: tuple[str, ...]
    lex: LangLexicon
    known: tuple[KnownSpan, ...]
    boilerplate: frozenset[int]
    out: dict[int, dict[tuple[str, int, int], Proposal]] = field(default_factory=dict)
    events: list[tuple[int, int, SpanRef | None]] = field(default_factory=list)  # (para, pos, speaker)

    _bounds: dict[int, list[int]] = field(default_factory=dict)
    places: dict[str, bool] = field(default_factory=dict)  # word -> whether the article uses it as a place

    def bounds(self, para: int, quotes: list[MarkedQuote]) -> list[int]:
        """Where the sentences of a paragraph start (computed once)."""
        found = self._bounds.get(para)
        if found is None:
            found = self._bounds[para] = sentence_bounds(self.paragraphs[para], quotes)
        return found

    def emit(self, para: int, proposal: Proposal) -> None:
        self.out.setdefault(para, {}).setdefault((proposal.label, proposal.start, proposal.end), proposal)


class QuoteRecommender:
    """Quotes, cues and speakers by rules (see the module's doc).

    ``lexicon``: a project's override of the bundled cue lexicon (``resources/cues.json``), e.g. one stored in the
    project's meta: ``{"id": {"inverted": [...]}, "en": {...}}`` replaces the named lists; with ``"extend": true``
    they are added to the bundled ones (:func:`~annotator.core.suggest.cue_lexicon.load_lexicon`).
    """

    name = _NAME

    def __init__(self, lexicon: Mapping[str, Any] | None = None) -> None:
        self.lexicon: CueLexicon = load_lexicon(lexicon)
        self._cache: OrderedDict[tuple[Any, ...], dict[int, list[Proposal]]] = OrderedDict()

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        if ctx.index in ctx.boilerplate:
            return []
        lang: Lang = ctx.lang if ctx.lang in ("id", "en") else detect_lang(ctx.paragraphs)  # type: ignore[assignment]
        # suggestions not yet accepted (origin "suggested": this recommender's own among them, which the service
        # adds paragraph by paragraph) are left out, so the article is analysed once and proposals stay the same
        known = tuple(k for k in ctx.known if k.origin != "suggested")
        key = (ctx.paragraphs, lang, known, ctx.boilerplate)
        result = self._cache.get(key)
        if result is None:
            result = analyse(ctx.paragraphs, self.lexicon.lang(lang), known, ctx.boilerplate)
            self._cache[key] = result
            while len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return list(result.get(ctx.index, []))


def analyse(paragraphs: tuple[str, ...], lex: LangLexicon, known: tuple[KnownSpan, ...] = (),
            boilerplate: frozenset[int] = frozenset()) -> dict[int, list[Proposal]]:
    """The proposals of every paragraph of an article."""
    art = _Article(paragraphs, lex, known, boilerplate)
    for k in known:
        if k.label == "QUOTE" and k.speaker is not None:
            art.events.append((k.paragraph, k.start, k.speaker))
    marked: list[list[MarkedQuote]] = []
    carry: str | None = None
    for i, text in enumerate(paragraphs):
        if i in boilerplate:
            marked.append([])
            carry = None
            continue
        qs, carry = find_quotes(text, carry)
        marked.append(qs)
    # chains of parts: a quote left open, and the continuations after it
    chain_of: dict[tuple[int, int], list[tuple[int, MarkedQuote]]] = {}
    i = 0
    while i < len(paragraphs):
        if marked[i] and marked[i][-1].unclosed:
            chain = [(i, marked[i][-1])]
            j = i + 1
            while j < len(paragraphs) and marked[j] and marked[j][0].continued:
                chain.append((j, marked[j][0]))
                if not marked[j][0].unclosed or len(marked[j]) > 1:
                    break
                j += 1
            if len(chain) > 1:
                for p, q in chain:
                    chain_of[(p, q.start)] = chain
            i = max(i + 1, j if len(chain) > 1 else i + 1)
            continue
        i += 1
    used_cues: set[tuple[int, int]] = set()
    done: set[tuple[int, int]] = set()
    for i, text in enumerate(paragraphs):
        if i in boilerplate:
            continue
        items = _paragraph_items(art, i, text, marked, chain_of, used_cues, done)
        items.sort(key=lambda it: it.pos)
        for item in items:
            _resolve(art, i, item)
    return {p: list(props.values()) for p, props in art.out.items()}


def _cues(text: str, lex: LangLexicon, quotes: list[MarkedQuote]) -> list[_Cue]:
    inside = [(q.open if q.open >= 0 else 0, q.close if q.close is not None else len(text)) for q in quotes]
    out: list[_Cue] = []
    for start, end, word in lex.find_cues(text):
        if any(o <= start < c for o, c in inside):
            continue
        out.append(_Cue(start, end, lex.cue_kinds[word], word))
    return out


def _paragraph_items(art: _Article, i: int, text: str, marked: list[list[MarkedQuote]],
                     chain_of: dict[tuple[int, int], list[tuple[int, MarkedQuote]]],
                     used_cues: set[tuple[int, int]], done: set[tuple[int, int]]) -> list[_Item]:
    lex = art.lex
    quotes = marked[i]
    bounds = art.bounds(i, quotes)
    cues = _cues(text, lex, quotes)
    n = len(text)
    items: list[_Item] = []
    for qi, q in enumerate(quotes):
        if (i, q.start) in done:
            continue
        sent = sentence_of(bounds, max(q.open, 0), n)
        chain = chain_of.get((i, q.start))
        last_p, last_q = chain[-1] if chain else (i, q)
        # the cue after the (last part's) closing mark
        after: _Cue | None = None
        if last_q.close is not None:
            ltext = art.paragraphs[last_p]
            lquotes = marked[last_p]
            lbounds = art.bounds(last_p, lquotes)
            lsent_end = sentence_of(lbounds, last_q.close + 1, len(ltext))[1] if last_q.close + 1 < len(ltext) \
                else len(ltext)
            nxt_open = min((o.open for o in lquotes if o.open > last_q.close), default=len(ltext))
            limit = min(lsent_end, nxt_open)
            lcues = cues if last_p == i else _cues(ltext, lex, lquotes)
            for c in lcues:
                if last_q.close < c.start < limit and (last_p, c.start) not in used_cues \
                        and words_between(ltext, last_q.close + 1, c.start) <= _MAX_WORDS_TO_CUE:
                    after = c
                    break
        before_text = text[sent[0]:max(q.open, 0)].rstrip()
        standalone = q.open <= 0 or not before_text or before_text[-1] in ".!?…:,;”»\"—–-"
        if q.continued:
            standalone = True
        before: _Cue | None = None
        if q.open > 0:
            prior = [c for c in cues if sent[0] <= c.start < q.open and (i, c.start) not in used_cues
                     and not any(o.close is not None and c.start < o.close < q.open for o in quotes)]
            if prior and (not standalone or before_text[-1:] in (":", ",")):
                before = prior[-1]
        if not standalone and after is not None and not chain and sentences_inside(text, q):
            standalone = True  # "... Moskow “Long. Two sentences,” katanya": a quote of its own, not a phrase
        if not standalone:
            kind: Kind = "mixed"
            cue_at = (i, before) if before else ((last_p, after) if after else None)
            rule: Rule = "mixed_cue" if cue_at else "mixed_bare"
        elif after is not None:
            kind, cue_at, rule = "direct", (last_p, after), "direct_cue"
        elif before is not None:
            kind, cue_at, rule = "direct", (i, before), "direct_cue_before"
        else:
            kind, cue_at, rule = "direct", None, "direct_bare"
            after_close = text[q.close + 1:q.close + 3].strip() if q.close is not None else ""
            if after_close[:1].islower() and not chain:
                kind, rule = "mixed", "mixed_bare"
        parts = [(p, pq.start, pq.end) for p, pq in (chain or [(i, q)])]
        for p, pq in chain or [(i, q)]:
            done.add((p, pq.start))
        item = _Item(cue_at[1].start if cue_at and cue_at[0] == i else max(q.open, 0), parts, kind, rule,
                     cue_at, sentence=sent)
        if chain and before is not None and cue_at is not None and cue_at[1] is not before:
            item.last_cue = cue_at  # the cue before the first part names the speaker; the last part links this one
            item.cue = cue_at = (i, before)
            item.pos = before.start
            used_cues.add((item.last_cue[0], item.last_cue[1].start))
        if cue_at:
            used_cues.add((cue_at[0], cue_at[1].start))
            _subject_for(art, item, qi, marked)
        items.append(item)
    items.extend(_indirect_items(art, i, text, bounds, cues, quotes, used_cues))
    return items


def _subject_for(art: _Article, item: _Item, qi: int, marked: list[list[MarkedQuote]]) -> None:
    """The subject at a marked quote's cue."""
    assert item.cue is not None
    p, cue = item.cue
    text = art.paragraphs[p]
    lex = art.lex
    item.subject_para = p
    quotes = marked[p]
    bounds = art.bounds(p, quotes)
    sent = sentence_of(bounds, cue.start, len(text))
    closes = [q.close for q in quotes if q.close is not None and q.close < cue.start]
    lo = max([sent[0], *[c + 1 for c in closes]])
    if cue.kind == "pronoun":
        # "Para pejabat Eropa menyebutnya ...": a subject right before the cue (no comma between) is the speaker
        near = max(lo, text.rfind(",", lo, cue.start) + 1)
        subject = classify_segment(text, near, cue.start, lex) if near == lo else None
        if subject is not None and subject.kind != "pronoun":
            item.subject = subject
        else:
            item.from_pronoun = True
        return
    subject = subject_before(text, lo, cue.start, lex)
    if subject is None and cue.kind in ("inverted", "reporting"):
        nxt = min((q.open for q in quotes if q.open > cue.end), default=len(text))
        subject = subject_after(text, cue.end, min(sent[1], nxt), lex)
    item.subject = subject


def _indirect_items(art: _Article, i: int, text: str, bounds: list[int], cues: list[_Cue],
                    quotes: list[MarkedQuote], used_cues: set[tuple[int, int]]) -> list[_Item]:
    lex = art.lex
    n = len(text)
    items: list[_Item] = []
    opens = [q.open for q in quotes if q.open >= 0]
    taken: list[tuple[int, int]] = []  # clauses found: a cue inside one reports nothing of its own
    for c in cues:
        if (i, c.start) in used_cues or any(s <= c.start < e for s, e in taken):
            continue
        sent = sentence_of(bounds, c.start, n)
        end_lim = min([sent[1], *[o for o in opens if o > c.end]])
        clause: tuple[int, int] | None = None
        subject: Subject | None = None
        rule: Rule = "indirect_bare"
        pronoun = False
        closes = [q.close for q in quotes if q.close is not None and q.close < c.start]
        lo = max([sent[0], *[x + 1 for x in closes]])
        pre = text[lo:c.start].rstrip()
        if c.kind == "according":
            comma = find_comma(text, c.end, end_lim)
            if comma > 0 and words_between(text, c.end, comma) <= 8:
                subject = noun_phrase_subject(text, c.end, comma, lex)
                s = comma + 1
                nxt = find_comma(text, s, end_lim)
                if nxt > 0 and words_between(text, s, nxt) <= 4 and text[s:nxt].strip()[:1].islower():
                    s = nxt + 1  # "menurut X, salah satu pengunjung, ..."
                clause = (s, end_lim)
            elif pre.endswith(","):
                subject = noun_phrase_subject(text, c.end, end_lim, lex)
                clause = (lo, lo + len(pre) - 1)  # "..., according to X."
            rule = "indirect_according"
        elif c.kind in ("pronoun", "inverted"):
            if pre.endswith(",") and words_between(text, c.end, end_lim) <= 4:
                clause = (lo, lo + len(pre) - 1)
                rule = "indirect_final"
                if c.kind == "pronoun":
                    pronoun = True
                else:
                    subject = subject_after(text, c.end, end_lim, lex)
        elif c.word not in _NO_CLAUSE:
            subject = subject_before(text, lo, c.start, lex)
            rest = text[c.end:end_lim]
            words = list(WORD.finditer(rest))
            comp = next((k for k, w in enumerate(words[:_COMPLEMENT_WINDOW])
                         if lex.has("complementizers", w.group())), None)
            if comp is not None and "," not in rest[:words[comp].start()]:
                clause, rule = (c.end + words[comp].end(), end_lim), "indirect_that"
            elif c.word in _THAT_ONLY:
                pass
            elif rest.lstrip().startswith(","):
                clause, rule = (c.end + rest.index(",") + 1, end_lim), "indirect_comma"
            elif words:
                k = 0
                if c.word in _OBJECT_CUES:
                    k = _skip_object(rest, words, lex)
                if k < len(words) and words[k].group().lower() not in _STOP_START \
                        and not lex.has("complementizers", words[k].group()) and len(words) - k >= 3:
                    clause, rule = (c.end + words[k].start(), end_lim), "indirect_bare"
            if clause is None:
                seg_start = text.rfind(",", lo, c.start)
                if seg_start > lo and words_between(text, c.end, end_lim) <= 3 and subject is not None:
                    clause, rule = (lo, seg_start), "indirect_final"
        if clause is None:
            continue
        s, e = trim_clause(text, *clause)
        if words_between(text, s, e) < 3:
            continue
        used_cues.add((i, c.start))
        taken.append((s, e))
        item = _Item(c.start, [(i, s, e)], "indirect", rule, (i, c), subject, i, pronoun, sentence=sent)
        items.append(item)
    return items


def _skip_object(rest: str, words: list[re.Match[str]], lex: LangLexicon) -> int:
    """The index of the first word after the listener of *told* (reporters, the Daily Courier, Budi)."""
    k = 0
    low = rest.lower()
    for obj in sorted(lex.lists["objects"], key=len, reverse=True):
        m = re.match(rf"\s*{re.escape(obj)}\b", low)
        if m:
            return sum(1 for w in words if w.start() < m.end())
    if k < len(words) and words[k].group().lower() in ("the", "a", "an"):
        k += 1
    start = k
    while k < len(words) and words[k].group()[:1].isupper():
        k += 1
    return k if k > start else 0


def _last_speaker(art: _Article, para: int, pos: int) -> tuple[bool, SpanRef | None]:
    best: tuple[int, int, SpanRef | None] | None = None
    for ev in art.events:
        if (ev[0], ev[1]) < (para, pos) and (best is None or (ev[0], ev[1]) >= (best[0], best[1])):
            best = ev
    return (best is not None), (best[2] if best else None)


def _without_place(art: _Article, para: int, subject: Subject) -> Subject:
    """A name of three or more words without its first word when the article uses that word as a place (*di
    Maluku*, *ke China*, *Rusia-China*, an annotated GPE/NORP): *Gubernur Maluku Yohanes Latuconsina*."""
    text = art.paragraphs[para]
    words = list(WORD.finditer(text, subject.start, subject.end))
    if len(words) < 3 or subject.label != "PERSON":
        return subject
    first = words[0].group()
    if first not in art.places:
        w = re.escape(first)
        pattern = rf"\b(?:di|ke|dari|dengan|in|to|from|of|at|near|with)\s+{w}\b|\b{w}-[A-Z]|[A-Z]\w*-{w}\b"
        art.places[first] = any(re.search(pattern, p) for p in art.paragraphs) or any(
            k.label in ("GPE", "NORP") and k.text == first for k in art.known)
    if art.places[first]:
        return Subject("name", words[1].start(), subject.end, subject.label)
    return subject


def _mention(art: _Article, para: int, subject: Subject) -> SpanRef:
    """The mention a speaker link targets: an annotation at the name, else one with its text, else a proposal."""
    subject = _without_place(art, para, subject)
    s, e = subject.start, subject.end
    name = art.paragraphs[para][s:e]
    for k in art.known:
        if k.label in MENTION_LABELS and k.paragraph == para and k.start < e and s < k.end:
            return SpanRef(k.paragraph, k.start, k.end, k.label)
    same = [k for k in art.known if k.label in MENTION_LABELS and k.text == name]
    if same:
        earlier = [k for k in same if k.paragraph <= para]
        k = max(earlier, key=lambda x: (x.paragraph, x.start)) if earlier else same[0]
        return SpanRef(k.paragraph, k.start, k.end, k.label)
    rule: Rule = "speaker_org" if subject.label == "ORG" else "speaker_name"
    if para not in art.boilerplate:
        art.emit(para, Proposal(subject.label, s, e, SCORES[rule], _NAME))
    return SpanRef(para, s, e, subject.label)


def _earlier_mention(art: _Article, ref: SpanRef, upto: int) -> SpanRef | None:
    """A mention of the same name in paragraph ``upto`` or before (for a link that may not point forward)."""
    name = art.paragraphs[ref.paragraph][ref.start:ref.end]
    for p in range(upto, -1, -1):
        if p in art.boilerplate:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?:\s+[A-Z][\w'’-]*)*(?!\w)", art.paragraphs[p]):
            for (label, s, e) in art.out.get(p, {}):  # inside a mention proposed already ("Tulus" of "Tulus Abadi")
                if label in MENTION_LABELS and s <= m.start() and m.end() <= e:
                    return SpanRef(p, s, e, label)
            return _mention(art, p, Subject("name", m.start(), m.end(), "ORG" if ref.label == "ORG" else "PERSON"))
    return None


def _cue_ref(art: _Article, at: tuple[int, _Cue] | None) -> SpanRef | None:
    """The CUE a quote links to: the annotator's over the cue word, else a proposal."""
    if at is None:
        return None
    cp, cue = at
    for k in art.known:
        if k.label == "CUE" and k.paragraph == cp and k.start < cue.end and cue.start < k.end:
            return SpanRef(cp, k.start, k.end, "CUE")
    art.emit(cp, Proposal("CUE", cue.start, cue.end, SCORES["cue"], _NAME))
    return SpanRef(cp, cue.start, cue.end, "CUE")


def _resolve(art: _Article, i: int, item: _Item) -> None:
    """Speaker, cue and proposals of one item; the running speaker goes on from it."""
    first_p = item.parts[0][0]
    pos = item.pos if item.cue and item.cue[0] == i else item.parts[0][1]
    speaker: SpanRef | None = None
    update = True
    if item.cue is None:
        prev = [ev for ev in art.events if ev[0] == first_p and ev[1] < item.parts[0][1]]
        prev_para = [k for k in art.known if k.label == "QUOTE" and k.paragraph == first_p - 1]
        had_quote = bool(prev) or bool(prev_para) or any(
            p == first_p - 1 for p, props in art.out.items() for pr in props.values() if pr.label == "QUOTE")
        if had_quote and item.kind == "direct":
            _, speaker = _last_speaker(art, first_p, item.parts[0][1])
            item.rule = "direct_continued"
        update = item.kind == "direct" and had_quote
    elif item.from_pronoun or (item.subject is not None and item.subject.kind == "pronoun"):
        _, speaker = _last_speaker(art, i, pos)
    elif item.subject is not None and item.subject.kind == "name":
        speaker = _mention(art, item.subject_para, item.subject)
    elif item.subject is None:
        same = [ev for ev in art.events if ev[0] == i and item.sentence[0] <= ev[1] < pos]
        if same:
            speaker = same[-1][2]  # "X called it «...», but warned that ...": the same subject
        else:
            update = False
    # the annotator's quote over the same text decides the speaker
    for k in art.known:
        if k.label == "QUOTE" and k.speaker is not None and any(
                k.paragraph == p and k.start < e and s < k.end for p, s, e in item.parts):
            speaker = k.speaker
    cue_ref = _cue_ref(art, item.cue)
    last_cue_ref = _cue_ref(art, item.last_cue)
    if speaker is not None and speaker.paragraph > item.parts[0][0]:
        # a quote over paragraphs: every part links to one mention, at or before its first part if there is one
        speaker = _earlier_mention(art, speaker, item.parts[0][0]) or speaker
    for p, s, e in item.parts:
        if any(k.label == "QUOTE" and k.paragraph == p and k.start < e and s < k.end for k in art.known):
            continue
        links: list[ProposedLink] = []
        target = speaker
        if target is not None and target.paragraph > p:
            target = _earlier_mention(art, target, p)
        if target is not None:
            links.append(ProposedLink("speaker", target))
        elif speaker is None:
            links.append(ProposedLink("speaker", special="unnamed"))
        if last_cue_ref is not None and last_cue_ref.paragraph <= p:
            links.append(ProposedLink("cue", last_cue_ref))
        elif cue_ref is not None and cue_ref.paragraph <= p:
            links.append(ProposedLink("cue", cue_ref))
        art.emit(p, Proposal("QUOTE", s, e, SCORES[item.rule], _NAME, {"kind": item.kind}, tuple(links)))
    if update:
        art.events.append((i, pos, speaker))
