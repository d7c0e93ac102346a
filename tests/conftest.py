"""Shared fixtures. Qt runs offscreen; Qt warnings fail tests (see pyproject)."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from annotator.store.project import Project, open_project



@pytest.fixture()
def project(tmp_path: Path) -> Project:
    """A new, empty project file."""
    p = open_project(tmp_path / "p.db")
    yield p
    p.close()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and the demo project go to a temporary home, never the real one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


@pytest.fixture()
def corpus(project: Project, tmp_path: Path):
    """Three articles, two of them annotated by "ana" with every paragraph done (export and import tests)."""
    from tests.io.corpus_builder import build

    src = tmp_path / "in"
    src.mkdir()
    return build(project, src)
