"""A spaCy model trained on the project (``annotator train``) and the ``model`` recommender that uses it.

spaCy is an optional extra (``pip install 'corpus-annotator[ml]'``; ``make run`` installs it). Nothing here
imports spaCy until a model is trained or loaded, so the package imports without it.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Collection
from pathlib import Path

from annotator.core.suggest.base import Recommender
from annotator.ml.train import MANIFEST, model_path

log = logging.getLogger(__name__)

ENABLE_HINT = "pip install 'corpus-annotator[ml]'"

__all__ = ["ENABLE_HINT", "model_path", "model_recommender", "unavailable_reason"]


def unavailable_reason(project_path: Path, model: str | None = None) -> str | None:
    """Why the model recommender cannot run for this project (one line for the GUI), or None when it can."""
    if importlib.util.find_spec("spacy") is None:
        return f"the model recommender needs spaCy, which is not installed: {ENABLE_HINT}"
    if model is None and not (model_path(project_path) / MANIFEST).is_file():
        return f"no model trained for this project yet: annotator train {project_path.name} --annotator NAME"
    return None


def model_recommender(project_path: Path, model: str | None = None,
                      labels: Collection[str] | None = None) -> Recommender | None:
    """The ``model`` recommender for a project: its trained model (``p.db.model/``), or ``model`` (a folder or
    an installed spaCy package) when given; None, with the reason logged, when spaCy or the model is missing.
    ``labels``: propose only these (the project's label schema). The pipeline loads on first use."""
    reason = unavailable_reason(project_path, model)
    if reason is not None:
        log.info("%s", reason)
        return None
    from annotator.ml.model import ModelRecommender

    return ModelRecommender(model if model is not None else model_path(project_path), labels)
