"""The way in for plain articles: ``.txt`` and JSONL article files and folders.

Each file is read by the reader of its format (``readers.registry.ARTICLE_FORMATS``).
Without ``skip_bad`` the whole import is one transaction: any bad file or line
stops it and the project is exactly as before. With ``skip_bad`` each file is
its own transaction; bad files are skipped, and the good lines of a JSONL file
go in while its bad lines are listed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.boilerplate import flag_paragraphs, guess_title
from annotator.core.model import ArticleIn
from annotator.core.paragraphs import split_paragraphs
from annotator.core.progress import Progress, no_progress
from annotator.errors import AnnotatorError, BadInputError
from annotator.importing.readers.registry import article_format, expand_paths, suffix_names
from annotator.store import articles as store
from annotator.store.project import Project

log = logging.getLogger(__name__)

__all__ = ["ImportSummary", "expand_paths", "import_paths"]


@dataclass
class ImportSummary:
    files: int = 0
    articles: int = 0
    paragraphs: int = 0
    duplicates: int = 0
    boilerplate: int = 0
    modes: dict[str, str] = field(default_factory=dict)  # file -> paragraph mode(s)
    skipped: list[str] = field(default_factory=list)  # one-line errors, with --skip-bad
    article_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.articles} article(s), {self.paragraphs} paragraph(s) imported from "
               f"{self.files} file(s); {self.duplicates} duplicate(s) skipped; "
               f"{self.boilerplate} boilerplate paragraph(s) flagged"]
        out += [f"  {name}: {mode}" for name, mode in self.modes.items()]
        out += [f"  skipped {err}" for err in self.skipped]
        return out

    def mark(self, path: Path) -> _Mark:
        """What a rollback of the file ``path`` needs to undo its counts (constant size: no copy of the lists)."""
        key = str(path)
        return _Mark(self.files, self.articles, self.paragraphs, self.duplicates, self.boilerplate,
                     len(self.article_ids), key, key in self.modes, self.modes.get(key, ""))

    def roll_back(self, mark: _Mark) -> None:
        """The counts as they were at ``mark``; ``skipped`` keeps what was listed since."""
        self.files, self.articles, self.paragraphs = mark.files, mark.articles, mark.paragraphs
        self.duplicates, self.boilerplate = mark.duplicates, mark.boilerplate
        del self.article_ids[mark.article_ids:]
        if mark.had_mode:
            self.modes[mark.mode_key] = mark.mode
        else:
            self.modes.pop(mark.mode_key, None)


@dataclass(frozen=True)
class _Mark:
    """The counts of an :class:`ImportSummary` before one file of a ``skip_bad`` import."""

    files: int
    articles: int
    paragraphs: int
    duplicates: int
    boilerplate: int
    article_ids: int  # length of the list
    mode_key: str  # the file's entry in ``modes``, the only one a file changes
    had_mode: bool
    mode: str


CHUNK = 500  # articles checked for duplicates with two queries, instead of three queries each


def _chunks(items: Iterator[tuple[ArticleIn, int | None]],
            size: int) -> Iterator[tuple[list[tuple[ArticleIn, int | None]], BadInputError | None]]:
    """Articles ``size`` at a time; a bad line ends the last chunk, and is raised after the articles
    before it were handled, as one article at a time would."""
    chunk: list[tuple[ArticleIn, int | None]] = []
    try:
        for item in items:
            chunk.append(item)
            if len(chunk) == size:
                yield chunk, None
                chunk = []
    except BadInputError as exc:
        yield chunk, exc
        return
    yield chunk, None


def _add_chunk(project: Project, chunk: list[tuple[ArticleIn, int | None]], summary: ImportSummary,
               source: str, modes: set[str], match_ids: bool) -> None:
    """Insert the articles of a chunk that are not already there.

    A JSONL article is the same article when its id or its text is; a ``.txt``
    article only when its text is (its id is just the file name, and two
    folders may each hold a different ``berita.txt``): the format's
    ``match_ids``. An article is checked against the project and against the
    articles before it in this import.
    """
    digests = [store.content_hash(art.text) for art, _ in chunk]
    wanted = [art.ext_id or digest[:16] for (art, _), digest in zip(chunk, digests)]
    ids_taken, hashes_taken = store.taken(project, wanted, digests)
    batch: list[store.NewArticle] = []
    for (art, lineno), digest, want in zip(chunk, digests, wanted):
        if (match_ids and art.ext_id in ids_taken) or digest in hashes_taken:
            summary.duplicates += 1
            continue
        mode, spans = split_paragraphs(art.text)
        if not spans:
            raise BadInputError(source, "no paragraph with text", lineno)
        text = art.text
        pars = [text[s:e] for s, e in spans]
        flags = flag_paragraphs(pars, art.title)
        if art.title is None:
            art.title = guess_title(pars, flags) or next(
                (p for p, f in zip(pars, flags) if f is None), pars[0])[:200]
        ext_id = want if want not in ids_taken else store.suffixed_ext_id(want, digest)
        ids_taken.add(ext_id)
        hashes_taken.add(digest)
        batch.append(store.NewArticle(art, ext_id, digest, mode, spans, flags))
        summary.articles += 1
        summary.paragraphs += len(spans)
        summary.boilerplate += len(flags) - flags.count(None)  # a flag is a reason or None
        modes.add(mode)
    summary.article_ids += store.insert_articles(project, batch)


def _import_file(project: Project, path: Path, encoding: str | None, skip_bad: bool,
                 summary: ImportSummary) -> None:
    fmt = article_format(path)
    modes: set[str] = set()
    count = 0
    on_bad = (lambda exc: summary.skipped.append(str(exc))) if skip_bad else None
    for chunk, error in _chunks(fmt.read(path, encoding, on_bad), CHUNK):
        count += len(chunk)
        _add_chunk(project, chunk, summary, str(path), modes, fmt.match_ids)
        if error is not None:
            raise error
    if count == 0 and not skip_bad:
        raise BadInputError(str(path), "no article in file")
    summary.modes[str(path)] = "/".join(sorted(modes)) + " mode" if modes else "nothing new"
    summary.files += 1


def import_paths(project: Project, paths: Iterable[str | Path], *, annotator: str | None = None,
                 encoding: str | None = None, skip_bad: bool = False,
                 progress: Progress = no_progress) -> ImportSummary:
    """Import files and folders; see the module docstring for what happens on bad input."""
    files = expand_paths(paths)
    if not files:
        raise BadInputError(", ".join(str(p) for p in paths) or "(no path)", f"no {suffix_names()} file found")
    summary = ImportSummary()
    if skip_bad:
        for i, path in enumerate(files):
            before = summary.mark(path)  # not a copy of the summary: that grows with every file (quadratic)
            try:
                with project.write():
                    _import_file(project, path, encoding, True, summary)
                    _log(project, annotator, path, summary)
            except AnnotatorError as exc:
                summary.roll_back(before)
                summary.skipped.append(str(exc))
            progress(i + 1, len(files), str(path))
        return summary
    with project.write():
        for i, path in enumerate(files):
            _import_file(project, path, encoding, False, summary)
            _log(project, annotator, path, summary)
            progress(i + 1, len(files), str(path))
    return summary


def _log(project: Project, annotator: str | None, path: Path, summary: ImportSummary) -> None:
    project.log_event("import", annotator, {"file": str(path), "articles_total": summary.articles})
