"""spaCy Docs made with the project's own tokenizer, for training and for prediction alike.

Training and prediction tokenize the same way (:func:`annotator.core.tokenize.token_spans`, white space laid
out as spaCy does by :func:`~annotator.export.formats.common.spacy_tokens`), so the Doc's text is exactly
the paragraph and its character offsets are the paragraph's code points. For training the tokens are also
split at every span boundary, so each span lies on tokens and none is lost to alignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from annotator.core.tokenize import token_spans
from annotator.export.formats.common import spacy_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab


def make_doc(vocab: Vocab, text: str, bounds: Iterable[int] = ()) -> Doc:
    from spacy.tokens import Doc

    toks = spacy_tokens(text, token_spans(text, set(bounds)))
    return Doc(vocab, words=[text[s:e] for s, e, _ in toks], spaces=[ws for _, _, ws in toks])
