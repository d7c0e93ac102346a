"""Plain-text articles: one article per ``.txt`` file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from annotator.core.model import ArticleIn
from annotator.importing.readers.decode import read_text
from annotator.importing.readers.kinds import OnBadLine


def read_txt(path: Path, encoding: str | None = None) -> ArticleIn:
    """One article whose id is the file's stem; its title is found later from its paragraphs."""
    text = read_text(path, encoding)
    return ArticleIn(ext_id=path.stem, text=text, source=path.name, meta={"file": path.name})


def read_articles(path: Path, encoding: str | None,
                  _on_bad: OnBadLine | None) -> Iterator[tuple[ArticleIn, int | None]]:
    """The file's one article (no line number: the file is the article; a bad file fails whole)."""
    yield read_txt(path, encoding), None
