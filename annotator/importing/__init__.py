"""Importing: files into a project, as plain articles or as annotated JSONL.

Layout::

    importing/
      __init__.py         the public entry (this module re-exports it)
      entry.py            import_files: sorts the files, one transaction for all, removes a project it made
                          when the import fails (``annotator import``, File ▸ Import)
      articles.py         the way in for plain articles: import_paths, ImportSummary (duplicates, modes,
                          --skip-bad per file and per line)
      annotations.py      the way in for annotated lines: import_annotated, AnnotatedImportSummary (match
                          to articles and paragraphs in the project, write annotations, links, statuses)
      readers/
        registry.py       the input formats in two tables, suffixes, sniffing, expand_paths
        decode.py         reading a file as text: encodings, BOM, binary and blank files, streamed lines
        txt_articles.py   .txt: one article per file
        jsonl_articles.py .jsonl: one article per line
        lines.py          what readers of annotated lines produce (InArticle, InPiece, ...) and their checks
        annotated_jsonl.py  parse_file: an annotated file, each line to the reader of its kind
        native_lines.py   native export lines ("format": "corpus-annotator-native")
        spans_lines.py    spans lines (Prodigy's task shape: "text" and "spans")
        doccano_jsonl.py  doccano JSONL (its export and ours), read whole; offsets in UTF-16 unless told

Readers only read and check (no project); the two ways in write, each in the
caller's transaction. Progress is :data:`annotator.core.progress.Progress`.
This package may use ``annotator.core``, ``annotator.store``, ``annotator.io``
(atomic files, output checks), ``annotator.fileguard`` (every file is opened
through it) and ``annotator.errors``; never ``ui``, ``services`` or ``export``.

Adding an input format is one reader module and one registry entry:

- *Plain articles* (say ``.csv``): ``readers/csv_articles.py`` with
  ``read_articles(path, encoding, on_bad)`` yielding ``(ArticleIn, line number or
  None)`` (bad lines raise :class:`~annotator.errors.BadInputError`, or go to
  ``on_bad`` when it is given), its name added to ``readers.kinds.ArticleFormatName`` and one
  ``ArticleFormat("csv", ".csv", csv_articles.read_articles, match_ids=True)``
  in ``registry.ARTICLE_FORMATS``. Folders, sniffing, duplicates, ``--skip-bad``
  and the messages follow from the table.
- *Annotated lines* (say doccano's): ``readers/doccano_lines.py`` with
  ``recognise(obj) -> bool``, ``read_line(line, obj, groups, parsed)`` (adding
  :class:`~annotator.importing.readers.lines.InPiece` rows to an
  :class:`~annotator.importing.readers.lines.InArticle` in ``groups``) and a
  ``DESCRIPTION``, its name added to ``readers.kinds.LineKind`` and one ``LineFormat`` in
  ``registry.LINE_FORMATS`` (entries are tried in order).
"""

from __future__ import annotations

from annotator.importing.annotations import AnnotatedImportSummary, import_annotated
from annotator.importing.articles import ImportSummary, import_paths
from annotator.importing.entry import ProgressFactory, import_files
from annotator.importing.readers.registry import expand_paths, import_format_names, is_annotated_file

__all__ = [
    "AnnotatedImportSummary",
    "ImportSummary",
    "ProgressFactory",
    "expand_paths",
    "import_annotated",
    "import_files",
    "import_format_names",
    "import_paths",
    "is_annotated_file",
]
