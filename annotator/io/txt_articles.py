"""Plain-text articles: one article per ``.txt`` file."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import ArticleIn
from annotator.io.decode import read_text


def read_txt(path: Path, encoding: str | None = None) -> ArticleIn:
    """One article whose id is the file's stem; its title is found later from its paragraphs."""
    text = read_text(path, encoding)
    return ArticleIn(ext_id=path.stem, text=text, source=path.name, meta={"file": path.name})
