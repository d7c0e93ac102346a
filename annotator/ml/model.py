"""The ``model`` recommender: a spaCy pipeline's entities and spans, proposed for a paragraph.

``ModelRecommender(path)`` takes the project's model folder (``p.db.model/``, written by ``annotator train``)
or any spaCy pipeline: a folder or an installed package name (``spacy.load``). The pipeline is loaded
once, on the first paragraph (or :meth:`ModelRecommender.load`).

Scores: a NER gives no probability per entity, so each proposal of the project's model scores the label's
precision on the held-out part (as ``annotator train`` measured it; a label it never got right scores 0),
and an entity of another pipeline :data:`NER_SCORE`. Spans of a span categorizer (``doc.spans``) score
what it predicted for them.

Offsets are code points of the paragraph text: spaCy's character offsets are indices into the Python
string, which counts code points (an emoji with a skin tone, a flag or a ZWJ sequence is several).
The project's own model reads Docs made by the project's tokenizer, as it was trained; another pipeline
tokenizes as it always does.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import fileguard
from annotator.core.suggest.base import ParagraphContext, Proposal
from annotator.errors import AnnotatorError
from annotator.ml.docs import make_doc
from annotator.ml.train import MANIFEST, MANIFEST_FORMAT

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

NAME = "model"
NER_SCORE = 0.5  # an entity of a pipeline that is not the project's own: no held-out precision to give
BARE_TOKENIZER = "annotator.bare_tokenizer.v1"
_registered = False


def _load_own(path: Path) -> Language:
    """One pipeline of the project's model, without spaCy's tokenizer: the Docs are made here, and building the
    Indonesian tokenizer's exceptions takes 1.5 s (twice: from the config, then from disk) against 0.05 s."""
    global _registered
    import spacy
    from spacy.tokenizer import Tokenizer

    if not _registered:
        def bare() -> Any:
            return lambda nlp: Tokenizer(nlp.vocab)

        spacy.registry.tokenizers.register(BARE_TOKENIZER, func=bare)
        _registered = True
    return spacy.load(path, exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": BARE_TOKENIZER}}})


class ModelRecommender:
    """Proposals of a spaCy pipeline (see the module docstring); ``labels``: only these are proposed."""

    name = NAME

    def __init__(self, path_or_name: str | Path, labels: Collection[str] | None = None) -> None:
        self.source = path_or_name
        self.labels = frozenset(labels) if labels is not None else None
        self._lock = threading.Lock()
        self._pipelines: list[Language] | None = None
        self._own = False  # the project's model: our tokenizer, held-out precision as score
        self._precision: dict[str, float] = {}

    def load(self) -> None:
        """Load the pipeline(s) now (else on the first paragraph); raises :class:`AnnotatorError`."""
        with self._lock:
            if self._pipelines is not None:
                return
            try:
                import spacy
            except ImportError:
                raise AnnotatorError("the model recommender needs spaCy: pip install 'corpus-annotator[ml]'") \
                    from None
            manifest_path = Path(self.source) / MANIFEST
            try:
                if manifest_path.is_file():
                    manifest = json.loads(fileguard.read_text(manifest_path))
                    if manifest.get("format") != MANIFEST_FORMAT:
                        raise AnnotatorError(f"{self.source}: a model of another version; train it again")
                    pipelines = [_load_own(Path(self.source) / name) for name in manifest["pipelines"]]
                    self._own = True
                    self._precision = {str(k): float(v) for k, v in manifest.get("precision", {}).items()}
                else:
                    pipelines = [spacy.load(self.source)]
            except (OSError, ValueError, KeyError) as exc:
                raise AnnotatorError(f"{self.source}: cannot load the spaCy model ({exc})") from None
            log.info("model recommender: loaded %s", self.source)
            self._pipelines = pipelines

    def _docs(self, texts: list[str]) -> list[list[Doc]]:
        """Per pipeline, the Docs of ``texts``."""
        self.load()
        assert self._pipelines is not None
        if self._own:
            return [list(nlp.pipe(make_doc(nlp.vocab, t) for t in texts)) for nlp in self._pipelines]
        return [list(nlp.pipe(texts)) for nlp in self._pipelines]

    def _proposals(self, text: str, docs: Iterable[Doc]) -> list[Proposal]:
        found: dict[tuple[int, int, str], float] = {}
        for doc in docs:
            for ent in doc.ents:
                score = self._precision.get(ent.label_, 0.0) if self._own else NER_SCORE
                found[(ent.start_char, ent.end_char, ent.label_)] = score
            for group in doc.spans.values():
                scores: Any = group.attrs.get("scores")
                for i, span in enumerate(group):
                    score = float(scores[i]) if scores is not None and i < len(scores) else NER_SCORE
                    key = (span.start_char, span.end_char, span.label_)
                    found[key] = max(score, found.get(key, 0.0))
        out = []
        for (s, e, label), score in sorted(found.items()):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s >= e or (self.labels is not None and label not in self.labels):
                continue
            out.append(Proposal(label=label, start=s, end=e, score=round(min(max(score, 0.0), 1.0), 4),
                                recommender=NAME))
        return out

    def suggest(self, ctx: ParagraphContext) -> list[Proposal]:
        if ctx.index in ctx.boilerplate or not ctx.text.strip():
            return []
        return self.suggest_texts([ctx.text])[0]

    def suggest_texts(self, texts: list[str]) -> list[list[Proposal]]:
        """Proposals for many paragraph texts at once (spaCy batches them: faster than one by one)."""
        per_pipeline = self._docs(texts)
        return [self._proposals(text, [docs[i] for docs in per_pipeline]) for i, text in enumerate(texts)]
