"""The export formats, one module each, and the one table that registers them.

A format is a class following :class:`~annotator.export.formats.base.ExportFormat` (most subclass
:class:`~annotator.export.formats.base.BaseFormat`); :data:`REGISTRY` maps the name given to ``--format`` to
that class. Everything else about formats (the choices shown, the default layer, the extra files, what is
read for them) is derived from the table and the classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.errors import AnnotatorError
from annotator.export.formats.base import BaseFormat, ExportFormat, ExtraFile, FormatContext, FormatState
from annotator.export.formats.bio import BioFormat
from annotator.export.formats.brat import BratFormat
from annotator.export.formats.citron import CitronFormat
from annotator.export.formats.conll import ConllFormat
from annotator.export.formats.docbin import DocBinFormat
from annotator.export.formats.doccano import DoccanoFormat
from annotator.export.formats.folder import FolderFormat
from annotator.export.formats.labelstudio import LabelStudioFormat
from annotator.export.formats.native import NativeFormat
from annotator.export.formats.spans import SpansFormat
from annotator.export.formats.webanno_tsv import WebannoTsvFormat
from annotator.export.formats.xmi import XmiFormat

# the one table: format name -> class (a new format adds its module and one line here)
REGISTRY: dict[str, type[ExportFormat]] = {
    "native": NativeFormat,
    "spans": SpansFormat,
    "bio": BioFormat,
    "doccano": DoccanoFormat,
    "labelstudio": LabelStudioFormat,
    "docbin": DocBinFormat,
    "conll": ConllFormat,
    "brat": BratFormat,
    "xmi": XmiFormat,
    "webanno-tsv": WebannoTsvFormat,
    "citron": CitronFormat,
}

FORMATS: tuple[str, ...] = tuple(REGISTRY)  # the choices, in the order shown

__all__ = ["FORMATS", "REGISTRY", "BaseFormat", "ExportFormat", "ExtraFile", "FormatContext", "FormatState",
           "OutputShape", "format_class", "output_shape"]


def format_class(name: str) -> type[ExportFormat]:
    """The registered class of format ``name``; one line naming the choices if there is none."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise AnnotatorError(f"unknown format {name!r} (one of {', '.join(REGISTRY)})") from None


@dataclass(frozen=True)
class OutputShape:
    """What OUT is for a format: a file with ``suffix``, or a folder (``folder``); ``article_only``: the format
    exports whole articles only (``--unit article``)."""

    folder: bool
    suffix: str
    article_only: bool


def output_shape(name: str) -> OutputShape:
    """The shape of format ``name``'s output, for a dialog that asks where to write it."""
    cls = format_class(name)
    folder = isinstance(cls, type) and issubclass(cls, FolderFormat)
    return OutputShape(folder=folder, suffix="" if folder else cls.suffix, article_only=folder)
