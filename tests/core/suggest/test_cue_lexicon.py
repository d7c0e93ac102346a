"""The cue lexicon's regex search finds exactly what the token-by-token reference finds."""

from __future__ import annotations

import random

from annotator.core.suggest.cue_lexicon import find_cues_by_tokens, load_lexicon


def test_regex_search_equals_token_by_token() -> None:
    lexicon = load_lexicon({"extend": True, "en": {"reporting": ["u.s. said", "said that"]}})
    rng = random.Random(7)
    pieces = ["kata", "katanya", "Kata", "KATA", "kata-kata", "ujar", "ujarnya", "menurut", "Menurut", "dia",
              "said", "Said", "says", "according", "to", "According to", "he", "added", "told", "u.s.", "that",
              "Budi", "ʼ", "'", "’", "-", ",", ".", "“", "”", " ", "  ", "\n", "\t", "K", "ſaid", "İ", "x", "2",
              "_", "kata_", "rock’n’roll", "said’s", "’said", "-said", "said-", "mengatakan", "menyatakan bahwa"]
    for lang in ("id", "en"):
        lex = lexicon.lang(lang)
        for _ in range(3000):
            text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", ", "]) for _ in range(rng.randint(0, 14)))
            assert lex.find_cues(text) == find_cues_by_tokens(lex, text), text
