"""Fixtures of the export / annotated-import tests (see ``corpus_builder``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.store.project import Project
from tests.io.corpus_builder import Corpus, build


@pytest.fixture()
def corpus(project: Project, tmp_path: Path) -> Corpus:
    """Three articles, two of them annotated by "ana" with every paragraph done."""
    src = tmp_path / "in"
    src.mkdir()
    return build(project, src)
