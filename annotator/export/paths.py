"""Where an export goes: the file of each split part and each extra file of the format, checked first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from annotator.export.formats import format_class
from annotator.export.formats.base import ExtraFile
from annotator.export.options import ExportOptions
from annotator.io.atomic import OutputError, check_folder
from annotator.io.output_check import check_outputs
from annotator.store.project import Project


def _stem(base: Path, suffix: str = ".jsonl") -> str:
    return base.name[:-len(suffix)] if base.name.endswith(suffix) else base.name


def _part_paths(base: Path, parts: list[str], suffix: str = ".jsonl") -> list[Path]:
    if not parts:
        return [base]
    stem = _stem(base, suffix)
    return [base.with_name(f"{stem}.{p}{suffix}") for p in parts]


def _base_name(project: Project, opts: ExportOptions, folder: Path, parts: list[str], when: datetime,
               suffix: str = ".jsonl") -> Path:
    stem = f"{project.path.stem}_{opts.format}_{when:%Y-%m-%d}"
    for candidate in [stem, f"{stem}_{when:%H%M%S}"] + [f"{stem}_{when:%H%M%S}-{i}" for i in range(2, 100)]:
        base = folder / f"{candidate}{suffix}"
        if not any(p.exists() for p in _part_paths(base, parts, suffix)):
            return base
    raise OutputError(f"{folder}: too many exports named {stem}*")


def output_paths(project: Project, opts: ExportOptions, out: Path | None, *, exports_dir: Path | None = None,
                 when: datetime | None = None) -> tuple[dict[str, Path], dict[ExtraFile, Path]]:
    """The file for each part ("" without a split) and each extra file of the format (bio's label file),
    checked for writability and against :func:`~annotator.io.output_check.check_output` (an existing file
    needs ``opts.replace``)."""
    parts = [name for name, _ in opts.split]
    fmt = format_class(opts.format)
    suffix = fmt.suffix  # of the files written: .jsonl, or .json for a JSON array (labelstudio)
    when = when or datetime.now()
    try:
        if out is None:
            folder = exports_dir if exports_dir is not None else Path.cwd() / "exports"
            if exports_dir is None and not folder.exists():
                folder.mkdir()
            check_folder(folder)
            base = _base_name(project, opts, folder, parts, when, suffix)
        elif out.is_dir():
            check_folder(out)
            base = _base_name(project, opts, out, parts, when, suffix)
        else:
            check_folder(out.parent if str(out.parent) else Path("."))
            base = out
    except OSError as exc:  # a folder that cannot be made, or looked into
        raise OutputError(f"{exc.filename or out or 'exports'}: cannot write there ({exc.strerror or exc})") from None
    paths = dict(zip(parts or [""], _part_paths(base, parts, suffix)))
    extras = {extra: base.with_name(f"{_stem(base, suffix)}.{extra.suffix}") for extra in fmt.extra_files}
    check_outputs([*paths.values(), *extras.values()], inputs=[project.path], replace=opts.replace)
    return paths, extras
