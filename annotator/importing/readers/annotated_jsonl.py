"""Read an annotated JSONL file whole: each line goes to the reader of its kind (see ``registry.LINE_FORMATS``).

The lines are grouped into articles by their readers; here the file as a whole
is checked (a line of no known kind, no line at all, a paragraph given twice)
and each article's pieces are put in paragraph order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from annotator.errors import BadInputError
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.lines import Groups, Line, ParsedFile, order_pieces
from annotator.importing.readers.registry import line_format, no_line_kind

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _encodable(obj: Any) -> bool:
    """Whether every string in a parsed line (keys too) can be stored, i.e. encoded as UTF-8."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    except (ValueError, RecursionError):  # NaN is fine here; too deep was refused by json.loads
        return True
    return True


def parse_file(path: Path, encoding: str | None = None) -> ParsedFile:
    """Every annotated line of a file, grouped into articles; raises :class:`BadInputError`."""
    name = str(path)
    groups: Groups = {}
    parsed = ParsedFile(name, [])
    for lineno, raw in iter_lines(path, encoding):
        ln = Line(name, lineno)
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ln.fail(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except (ValueError, RecursionError) as exc:  # nested too deeply, an integer too long
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
            raise ln.fail(f"not valid JSON ({reason})") from None
        if _SURROGATE_ESCAPE.search(raw) and not _encodable(obj):
            raise ln.fail("holds an unpaired surrogate (an escape like \\ud800 that is not text)")
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
