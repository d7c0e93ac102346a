"""Read an annotated JSONL file whole: each line goes to the reader of its kind (see ``registry.LINE_FORMATS``).

The lines are grouped into articles by their readers; here the file as a whole
is checked (a line of no known kind, no line at all, a paragraph given twice)
and each article's pieces are put in paragraph order.
"""

from __future__ import annotations

from pathlib import Path

from annotator.errors import BadInputError
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.lines import Groups, Line, ParsedFile, json_line, order_pieces
from annotator.importing.readers.registry import line_format, no_line_kind


def parse_file(path: Path, encoding: str | None = None) -> ParsedFile:
    """Every annotated line of a file, grouped into articles; raises :class:`BadInputError`."""
    name = str(path)
    groups: Groups = {}
    parsed = ParsedFile(name, [])
    for lineno, raw in iter_lines(path, encoding):
        ln = Line(name, lineno)
        obj = json_line(ln, raw)
        fmt = line_format(obj)
        if fmt is None:
            raise ln.fail(no_line_kind())
        fmt.read(ln, obj, groups, parsed)
        parsed.lines += 1
    if parsed.lines == 0:
        raise BadInputError(name, "no line in file")
    parsed.articles = list(groups.values())
    order_pieces(parsed, "line")
    return parsed
