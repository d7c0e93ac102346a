"""The export formats, one module each, and the one table that registers them.

A format is a class following :class:`~annotator.export.formats.base.ExportFormat` (most subclass
:class:`~annotator.export.formats.base.BaseFormat`); :data:`REGISTRY` maps the name given to ``--format`` to
that class. Everything else about formats (the choices shown, the default layer, the extra files, what is
read for them) is derived from the table and the classes.
"""

from __future__ import annotations

from annotator.errors import AnnotatorError
from annotator.export.formats.base import BaseFormat, ExportFormat, ExtraFile, FormatContext, FormatState
from annotator.export.formats.bio import BioFormat
from annotator.export.formats.doccano import DoccanoFormat
from annotator.export.formats.native import NativeFormat
from annotator.export.formats.spans import SpansFormat

# the one table: format name -> class (a new format adds its module and one line here)
REGISTRY: dict[str, type[ExportFormat]] = {
    "native": NativeFormat,
    "spans": SpansFormat,
    "bio": BioFormat,
    "doccano": DoccanoFormat,
}

FORMATS: tuple[str, ...] = tuple(REGISTRY)  # the choices, in the order shown

__all__ = ["FORMATS", "REGISTRY", "BaseFormat", "ExportFormat", "ExtraFile", "FormatContext", "FormatState",
           "format_class"]


def format_class(name: str) -> type[ExportFormat]:
    """The registered class of format ``name``; one line naming the choices if there is none."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise AnnotatorError(f"unknown format {name!r} (one of {', '.join(REGISTRY)})") from None
