"""Export a project as a JSONL training corpus: the use case behind ``annotator export`` and the GUI's
export dialog.

    summary = export_corpus(project, ExportOptions(format="spans", annotator="ana"),
                            out=Path("corpus.jsonl"), progress=callback)

``progress(done, total, current)`` (:data:`annotator.core.progress.Progress`) is called every few hundred
paragraphs with the number of paragraphs handled so far; raise from it (e.g. :class:`ExportCancelled`) to
stop: nothing is written then. The export reads from one snapshot of the project (a read transaction),
streams it, checks every span against the text, and writes every output file atomically. A GUI should run
it in a worker thread on a project opened in that thread.

The package, top down:

- ``run.py``: :func:`export_corpus` (the options checked into a selection, the snapshot, the files);
  ``count.py``: :func:`count_units`, the lines an export would write, read without writing;
- ``options.py``: :class:`ExportOptions`, :class:`ExportSummary`, :func:`parse_split`, the split of
  articles into parts; ``paths.py``: :func:`output_paths`;
- ``source.py``: the selection read as units, as the format's declarations say (:class:`ReadPlan`);
- ``write.py``: units encoded into the part files, shared by every process;
- ``parallel.py`` (main process) and ``worker.py`` (each worker): a large export on several cores,
  talking in the typed messages of ``messages.py``;
- ``formats/`` (the layer below, which imports nothing above it): ``base.py`` (the
  :class:`~annotator.export.formats.base.ExportFormat` protocol and its defaults), ``unit.py`` (the unit
  record formats encode), ``choices.py`` (the format, unit, status and layer vocabularies), ``common.py``
  (JSON lines, tokens, counters), one module per format, and the registry in ``__init__.py``.

**Adding a format is one module in formats/ plus one line in the registry:** write
``formats/myformat.py`` with a class that subclasses
:class:`~annotator.export.formats.base.BaseFormat`, sets ``name`` and whatever it needs (``needs_links``,
``full_rows``, ``default_layer``, ``extra_files`` with ``write_extra``, ``stream_from`` with ``chunks``,
``state`` / ``absorb`` for counts of its own) and implements ``encode(unit)``; then add
``"myformat": MyFormat,`` to ``REGISTRY`` in ``formats/__init__.py``. The choices offered, what is read,
the extra files, one or several processes: all follow from the class (``tests/export/test_toy_format.py``
does exactly this). For users to choose it, the CLI's ``--format`` choices and the ``FormatName`` literal
in ``formats/choices.py`` name it too.

Layers: this package uses ``annotator.store``, ``annotator.core``, ``annotator.io`` (atomic files, the
output check), ``annotator.fileguard``, ``annotator.errors`` and ``annotator.leftovers``; never
``annotator.services`` or ``annotator.ui``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when first used (below): a worker process loads only what it runs
    from annotator.core.progress import Progress
    from annotator.export.count import count_units
    from annotator.export.formats import FORMATS, REGISTRY, OutputShape, output_shape
    from annotator.export.formats.choices import LAYER_CHOICES, FormatName, LayerChoice, StatusFilter, UnitKind
    from annotator.export.options import (
        ExportCancelled,
        ExportOptions,
        ExportSummary,
        assign_splits,
        default_layer,
        parse_split,
    )
    from annotator.export.paths import output_paths
    from annotator.export.run import export_corpus
    from annotator.export.source import ExportError
    from annotator.io.atomic import OutputError
    from annotator.io.output_check import OutputExistsError

_WHERE = {
    "Progress": "annotator.core.progress", "count_units": "annotator.export.count",
    "FORMATS": "annotator.export.formats", "REGISTRY": "annotator.export.formats",
    "OutputShape": "annotator.export.formats", "output_shape": "annotator.export.formats",
    "LAYER_CHOICES": "annotator.export.formats.choices", "FormatName": "annotator.export.formats.choices",
    "LayerChoice": "annotator.export.formats.choices", "StatusFilter": "annotator.export.formats.choices",
    "UnitKind": "annotator.export.formats.choices",
    "ExportCancelled": "annotator.export.options", "ExportOptions": "annotator.export.options",
    "ExportSummary": "annotator.export.options", "assign_splits": "annotator.export.options",
    "default_layer": "annotator.export.options", "parse_split": "annotator.export.options",
    "output_paths": "annotator.export.paths", "export_corpus": "annotator.export.run",
    "ExportError": "annotator.export.source", "OutputError": "annotator.io.atomic",
    "OutputExistsError": "annotator.io.output_check",
}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: the spawned worker processes of a parallel export import
    ``annotator.export.worker`` (and so this package) without the main process's side of the export."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FORMATS",
    "LAYER_CHOICES",
    "REGISTRY",
    "ExportCancelled",
    "ExportError",
    "ExportOptions",
    "ExportSummary",
    "FormatName",
    "LayerChoice",
    "OutputError",
    "OutputExistsError",
    "OutputShape",
    "Progress",
    "StatusFilter",
    "UnitKind",
    "assign_splits",
    "count_units",
    "default_layer",
    "export_corpus",
    "output_paths",
    "output_shape",
    "parse_split",
]
