"""What one export process does with its units: encode each and write it to its part's file.

Shared by the main process (:mod:`annotator.export.run`) and each worker of a parallel export
(:mod:`annotator.export.worker`), so both write the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from annotator.export.formats.base import ExportFormat
from annotator.export.formats.unit import Unit


def write_units(units: Iterator[Unit], encoder: ExportFormat, assignment: dict[int, str] | None,
                handles: dict[str, TextIO], counts: dict[str, int], tick: Callable[[str], None] | None) -> None:
    """Encode and write each unit to the file of its article's part (``""`` without a split);
    ``tick`` is called once per unit (paragraph units only; article units tick as they read). A unit of
    the format's ``stream_from`` code points or more is written in pieces (the same line). The format's
    ``separator`` goes before each unit but the first of its file (``counts`` start at 0 in each process: a
    worker's part file starts without it, and the main process joins the parts with it)."""
    stream_from = encoder.stream_from
    separator = encoder.separator
    for unit in units:
        if tick is not None:
            tick(unit.article.ext_id)
        part = assignment.get(unit.article.id, "") if assignment is not None else ""
        if separator and counts[part]:
            handles[part].write(separator)
        if stream_from is not None and len(unit.text) >= stream_from:
            handles[part].writelines(encoder.chunks(unit))  # the same line, written as it is made
        else:
            handles[part].write(encoder.encode(unit))
        counts[part] += 1
