"""The exports the golden test compares, byte for byte (``exported_at`` aside)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from annotator.export import ExportOptions, ExportSummary, export_corpus
from annotator.store.project import Project

_STAMP = re.compile(r'"exported_at": ?"[^"]*"')


class Case(NamedTuple):
    name: str
    opts: ExportOptions


CASES: list[Case] = []
# doccano writes UTF-16 offsets by default since issue 17; its golden files hold the code points it wrote before
_OPTIONS: dict[str, tuple[tuple[str, str], ...]] = {"doccano": (("offsets", "codepoints"),)}
for fmt in ("native", "spans", "bio", "doccano"):
    for unit in ("paragraph", "article"):
        for who in ("ana", "gold"):
            for layer in ((None, "all") if fmt in ("spans", "bio") else (None,)):
                for status in ("done", "any"):
                    name = f"{fmt}-{unit}-{who}-{layer or 'default'}-{status}"
                    CASES.append(Case(name, ExportOptions(
                        format=fmt, unit=unit, annotator=None if who == "gold" else who, gold=who == "gold",
                        layer=layer, status=status, jobs=1, format_options=_OPTIONS.get(fmt, ()))))
    CASES.append(Case(f"{fmt}-split", ExportOptions(format=fmt, annotator="ana", status="any", jobs=1,
                                                     split=(("train", 0.5), ("dev", 0.5)), seed=7,
                                                     format_options=_OPTIONS.get(fmt, ()))))


def export_case(project: Project, case: Case, folder: Path) -> list[Path]:
    """Export ``case`` into ``folder`` as ``<name>.jsonl`` (and its parts / label file); the files written."""
    return export_case_summary(project, case, folder)[0]


def export_case_summary(project: Project, case: Case, folder: Path) -> tuple[list[Path], ExportSummary]:
    """:func:`export_case`, and the export's summary (how many processes wrote it, among others)."""
    summary = export_corpus(project, replace(case.opts, replace=True), folder / f"{case.name}.jsonl")
    files = sorted([*summary.files, *([summary.labels_file] if summary.labels_file else [])])
    for path in files:
        path.write_text(normalise(path.read_text(encoding="utf-8")), encoding="utf-8", newline="\n")
    return files, summary


def normalise(text: str) -> str:
    return _STAMP.sub('"exported_at":"-"', text)
