"""Who speaks at a cue: the subject before it (*Budi mengatakan*, *Whitfield told*), the name after it (*kata Budi*,
*said Paul Ortega*), a pronoun (*he said*, *Ia menambahkan*), a group (*sejumlah pengamat*, *officials*).

Names are runs of capitalised words; titles (the lexicon's ``titles``: *Menteri*, *Senator*) are kept out of the
name: the name is what follows the last title word (portfolios such as *Keuangan*, *Luar Negeri* are title words too),
without acronyms and Roman numerals right after it (*Ketua Komisi II DPR Andi Prasetyo* → *Andi Prasetyo*); when
a title is there and four or more words follow, the first of them is taken for a place. (The quote recommender
also drops a first word that the article uses as a place: *Gubernur Maluku Yohanes L.* → *Yohanes L.* when the
article says *di Maluku*.) A run that begins with an organisation word (*Partai*, *University*) and has no
title is an organisation (ORG).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from annotator.core.suggest.cue_lexicon import LangLexicon

SubjectKind = Literal["name", "pronoun", "group"]
MentionLabel = Literal["PERSON", "ORG"]


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    start: int = 0  # the name's span, for kind "name"
    end: int = 0
    label: MentionLabel = "PERSON"


PRONOUN = Subject("pronoun")
GROUP = Subject("group")

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TOKEN = re.compile(r"[^\W_](?:\w|['’\-](?=\w))*")
_PARTICLES = _wordset("bin binti van von de del der da al el la le dos di-")
_FUNCTION = _wordset(
    "the a an but and or so yet in on at of for to from with by as this that these those it its his her their our "
    "namun tetapi tapi dan atau sementara selain itu ini di ke dari pada dalam untuk dengan oleh saat ketika "
    "kemudian lalu juga adapun bahkan sedangkan sebelumnya")
_CALENDAR = _wordset(
    "senin selasa rabu kamis jumat jum'at sabtu minggu monday tuesday wednesday thursday friday saturday sunday "
    "januari februari maret april mei juni juli agustus september oktober november desember january february "
    "march may june july august october december")
_PREPOSITIONS = _wordset(
    "on in at to for from with by about during after before of into over under through via "
    "di ke dari kepada pada saat usai seusai ketika dalam untuk dengan sambil lagi melalui kemarin")
_ROMAN = re.compile(r"^[IVXLC]+$")
_ADVERBS = _wordset("juga pun lagi kembali sebelumnya kemarin also again earlier later yesterday today then "
                    "previously separately reportedly")
_TIME_PREPS = _wordset("on pada hari this last next tanggal")
_QUANTIFIERS = _wordset("para sejumlah beberapa banyak kalangan some many several most")


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [m.span() for m in _TOKEN.finditer(text, lo, hi)]


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _name_word(word: str, lex: LangLexicon) -> bool:
    low = word.lower()
    return _capital(word) and low not in _FUNCTION and low not in _CALENDAR and not lex.has("pronouns", low) \
        and not lex.has("groups", low)


def _strip_titles(text: str, run: list[tuple[int, int]], lex: LangLexicon) -> tuple[list[tuple[int, int]], bool]:
    """The name part of a run of capitalised words, and whether a title was there."""
    words = [text[s:e].lower().rstrip(".") for s, e in run]
    last = max((k for k, w in enumerate(words) if lex.has("titles", w)), default=-1)
    name = run[last + 1:]
    while name and ((text[name[0][0]:name[0][1]].isupper() and name[0][1] - name[0][0] >= 2)
                    or _ROMAN.match(text[name[0][0]:name[0][1]])):
        name = name[1:]
    if last >= 0 and len(name) >= 4:
        name = name[1:]
    return name, last >= 0


def _as_subject(text: str, run: list[tuple[int, int]], lex: LangLexicon, role_before: bool = False) -> Subject | None:
    """The subject a run of capitalised words makes; ``role_before``: a role word (*pers*, *sekretaris*) stands
    right before the run, which then counts as titled."""
    if not run:
        return None
    if all(text[s:e].isupper() and e - s >= 3 for s, e in run):
        return None  # a dateline or an acronym, no one's name
    name, titled = _strip_titles(text, run, lex)
    if role_before and not titled:
        titled = True
        if len(name) >= 4:
            name = name[1:]
    if not name:
        return PRONOUN if titled else None  # "the Minister said": the one just mentioned
    head = text[run[0][0]:run[0][1]].lower()
    label: MentionLabel = "ORG" if not titled and lex.has("org_heads", head) else "PERSON"
    return Subject("name", name[0][0], name[-1][1], label)


def _run_back(text: str, toks: list[tuple[int, int]], lex: LangLexicon) -> list[tuple[int, int]]:
    """The run of capitalised words ending with the last token."""
    run: list[tuple[int, int]] = []
    k = len(toks) - 1
    while k >= 0:
        s, e = toks[k]
        w = text[s:e]
        if run:
            gap = text[e:run[0][0]]
            if gap.strip() not in ("", ".") or "\n" in gap:
                break
        if _name_word(w, lex) or (run and w.lower() in _PARTICLES):
            run.insert(0, (s, e))
            k -= 1
            continue
        break
    while run and text[run[0][0]:run[0][1]].lower() in _PARTICLES:
        run = run[1:]
    return run


def _strip_adverbs(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Without adverbs and times between a subject and its verb: *juga*, *also*, *on Tuesday*, *pada hari Selasa*."""
    while toks:
        w = text[toks[-1][0]:toks[-1][1]].lower()
        if w in _ADVERBS:
            toks = toks[:-1]
            continue
        if w in _CALENDAR:
            toks = toks[:-1]
            while toks and text[toks[-1][0]:toks[-1][1]].lower() in _TIME_PREPS:
                toks = toks[:-1]
            continue
        break
    return toks


def classify_segment(text: str, lo: int, hi: int, lex: LangLexicon) -> Subject | None:
    """The subject in ``text[lo:hi]`` (the words before a cue), or None."""
    toks = _tokens(text, lo, hi)
    tail = text[toks[-1][1]:hi] if toks else ""
    toks = _strip_adverbs(text, toks)
    if not toks:
        return None
    words = [text[s:e].lower() for s, e in toks]
    last = words[-1]
    if lex.has("pronouns", last) or lex.has("pronoun_cues", last):
        return PRONOUN
    if lex.has("groups", last):
        return GROUP
    if not re.search(r"[\w,;:.!?]", tail):  # nothing but spaces, quote marks or emoji after the last word
        run = _run_back(text, toks, lex)
        k = len(toks) - len(run)
        if run and any(w in _QUANTIFIERS or (lex.has("groups", w) and w.endswith("s")) for w in words[:k]):
            return GROUP  # "para pejabat Eropa", "officials from Europe"
        role_before = k > 0 and not _capital(text[toks[k - 1][0]:toks[k - 1][1]]) and lex.has("titles", words[k - 1])
        subject = _as_subject(text, run, lex, role_before)
        if subject is not None:
            return subject
    if any(lex.has("groups", w) for w in words):
        return GROUP
    if len(words) >= 2 and lex.has("anaphora", last) and words[0] not in _FUNCTION:
        return PRONOUN
    if lex.has("anaphora", words[0]) and len(words) <= 3 and lex.has("titles", words[-1]):
        return PRONOUN  # "the minister": a role noun after "the" (not "the company")
    if lex.has("pronouns", words[0]):
        return PRONOUN
    return None


def subject_before(text: str, lo: int, hi: int, lex: LangLexicon) -> Subject | None:
    """The subject of a cue at ``hi``, in ``text[lo:hi]``: the clause right before the cue, else (for
    ``X, who ..., said`` and ``X, appositive, said``) up to two comma-separated segments further left."""
    cuts = [lo] + [m.end() for m in re.finditer(r"[,;(—–]|\s-\s", text[lo:hi])]
    cuts = [lo] + [lo + c for c in cuts[1:]]
    segments = [(cuts[k], (cuts[k + 1] - 1) if k + 1 < len(cuts) else hi) for k in range(len(cuts))]
    tried = 0
    for s, e in reversed(segments):
        if not _tokens(text, s, e):
            continue
        subject = classify_segment(text, s, e, lex)
        if subject is not None:
            return subject
        tried += 1
        if tried >= 3:
            break
    return None


def subject_after(text: str, lo: int, hi: int, lex: LangLexicon) -> Subject | None:
    """The subject right after an inverted cue (``kata Budi``, ``said Paul Ortega``, ``wrote tech blogger X``,
    ``ujar politikus itu``, ``said the minister``), in ``text[lo:hi]``."""
    toks = _tokens(text, lo, hi)
    if not toks:
        return None
    k = 0
    words = [text[s:e] for s, e in toks]
    first = words[0].lower()
    if lex.has("pronouns", first):
        return PRONOUN
    if lex.has("groups", first) or first in ("a", "an", "one", "seorang"):
        return GROUP
    definite = lex.has("anaphora", first)
    if definite:
        k = 1
    skipped = 0
    role = False
    while k < len(toks) and not _capital(words[k]) and skipped < 3:
        low = words[k].lower()
        if low in _PREPOSITIONS or lex.has("anaphora", low):
            break
        if lex.has("groups", low):
            return GROUP
        role = role or lex.has("titles", low)
        skipped += 1
        k += 1
    run: list[tuple[int, int]] = []
    while k < len(toks) and (_name_word(words[k], lex) or (run and words[k].lower() in _PARTICLES)):
        if run and text[run[-1][1]:toks[k][0]].strip() not in ("", "."):
            break
        run.append(toks[k])
        k += 1
    closing = k < len(toks) and (k + 1 == len(toks) or re.search(r"[^\w\s]", text[toks[k][1]:toks[k + 1][0]]))
    if closing and lex.has("anaphora", words[k].lower()) and (run or skipped):
        return PRONOUN  # "ujar politikus Partai X itu": the one spoken of before
    if run:
        return _as_subject(text, run, lex)
    if definite and role:
        return PRONOUN  # "said the minister"
    return None


def noun_phrase_subject(text: str, lo: int, hi: int, lex: LangLexicon) -> Subject | None:
    """The source after *menurut* / *according to* up to the comma: a name, a pronoun or a group."""
    toks = _tokens(text, lo, hi)
    if not toks:
        return None
    words = [text[s:e].lower() for s, e in toks]
    if lex.has("pronouns", words[0]) or words[0] in ("him", "her", "beliau", "dia", "ia", "mereka"):
        return PRONOUN if words[0] != "mereka" else GROUP
    run = _run_back(text, toks, lex)
    if run and run[-1][1] == toks[-1][1]:
        subject = _as_subject(text, run, lex)
        if subject is not None:
            return subject
    if any(lex.has("groups", w) for w in words):
        return GROUP
    return subject_after(text, lo, hi, lex)
