"""The project-trained ``model`` recommender for the suggest service and the window: made (and loaded) once per
model, retrained in a process of its own.

- :func:`model_for` gives the ``model`` recommender of a project (its ``p.db.model/``) or of ``--model
  PATH_OR_PACKAGE``, loaded; it is kept per process, keyed by the model and the modification time of the
  model folder's manifest, so a model that ``annotator train`` wrote again is loaded again, once.
- :func:`train_command` is the command line the window runs, in a process of its own, to retrain the model
  (``annotator train PROJECT --annotator NAME --json``); :func:`train_outcome` turns what it printed into a
  line for the status bar.
- :func:`training_unavailable` says why the window cannot train (spaCy is missing: how to enable it).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import threading
from collections.abc import Collection
from pathlib import Path

from annotator.core.suggest.base import Recommender
from annotator.errors import AnnotatorError, one_line
from annotator.ml import ENABLE_HINT, model_path, model_recommender, unavailable_reason
from annotator.ml.train import MANIFEST
from annotator.store import annotations as rows
from annotator.store.project import Project

log = logging.getLogger(__name__)

MODEL = "model"  # the recommender's name

__all__ = ["ENABLE_HINT", "MODEL", "done_count", "model_for", "model_unavailable", "train_command",
           "train_outcome", "training_unavailable"]

_Key = tuple[str, str | None, frozenset[str] | None]
_cache: dict[_Key, tuple[tuple[int, int] | None, Recommender]] = {}
_cache_lock = threading.Lock()


def model_unavailable(project_path: Path, model: str | None = None) -> str | None:
    """Why the ``model`` recommender cannot run for this project (one line), or None when it can."""
    return unavailable_reason(project_path, model)


def training_unavailable(project_path: Path) -> str | None:
    """Why a model cannot be trained here (spaCy is missing, and how to install it), or None."""
    return unavailable_reason(project_path, str(model_path(project_path)))  # a model given: spaCy is all it checks


def _stamp(source: Path | str) -> tuple[int, int] | None:
    """(mtime, inode) of the model folder's manifest; None for an installed package or a plain pipeline."""
    try:
        st = os.stat(Path(source) / MANIFEST)
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_ino


def model_for(project_path: Path, model: str | None = None, labels: Collection[str] | None = None) -> Recommender:
    """The ``model`` recommender, loaded (once per model and manifest version in this process); raises
    :class:`AnnotatorError` with the reason (one line) when it cannot run."""
    reason = model_unavailable(project_path, model)
    if reason is not None:
        raise AnnotatorError(reason)
    source = model if model is not None else str(model_path(project_path))
    key: _Key = (str(project_path.resolve()), model, frozenset(labels) if labels is not None else None)
    stamp = _stamp(source)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    rec = model_recommender(project_path, model, labels)
    if rec is None:  # pragma: no cover - unavailable_reason said it could run a moment ago
        raise AnnotatorError(model_unavailable(project_path, model) or "the model recommender cannot run here")
    load = getattr(rec, "load", None)
    if load is not None:
        load()  # raises AnnotatorError (one line) for a model that cannot be loaded
    with _cache_lock:
        _cache[key] = (stamp, rec)
    return rec


def done_count(project: Project, annotator: str) -> int:
    """How many paragraphs ``annotator`` has marked done (the window retrains every N of them)."""
    return rows.done_count(project, annotator)


def train_command(project_path: Path, annotator: str) -> list[str]:
    """The command line that retrains the project's model on ``annotator``'s done paragraphs (JSON on stdout).

    The standalone bundle is the command line itself; otherwise this Python runs the package."""
    prefix = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "annotator"]
    return [*prefix, "train", str(project_path), "--annotator", annotator, "--json"]


def train_outcome(exit_code: int, stdout: str, stderr: str) -> str:
    """One status-bar line from what a :func:`train_command` process printed."""
    if exit_code != 0:
        lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
        why = lines[-1] if lines else f"exit status {exit_code}"
        return one_line(f"model not retrained: {why.removeprefix('error: ')}")
    try:
        report = json.loads(stdout.strip().splitlines()[-1])
        last = report["curve"][-1]
        f1, paragraphs = float(last["f1"]), int(report["train_paragraphs"])
        held = int(report["held_out"])
    except (ValueError, KeyError, IndexError, TypeError):
        return "model retrained"
    return f"model retrained: F1 {f1:.2f} on {held} held-out paragraph(s), trained on {paragraphs}"
