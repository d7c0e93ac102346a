"""Import anything the readers read, in one go: plain articles and annotated JSONL.

The use case behind ``annotator import`` and the GUI's File ▸ Import. Files are
sorted by the registry (``readers.registry.import_path``) into plain articles
(``.txt``, JSONL articles) and annotated JSONL (native or spans exports,
recognised by their fields), then imported in one transaction: all of it, or
nothing. A project file this call created is removed again when the import
fails, so a failed first import leaves no empty project.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from annotator.core.offsets import OffsetUnit
from annotator.core.progress import Progress, no_progress
from annotator.errors import AnnotatorError
from annotator.importing.annotations import import_annotated
from annotator.importing.articles import import_paths
from annotator.importing.readers.registry import check_import_format, expand_paths, import_path
from annotator.store.project import open_project

ProgressFactory = Callable[[str], tuple[Progress, Callable[[], None]]]  # label -> (update, close)

__all__ = ["ProgressFactory", "import_files"]


def _no_progress(_label: str) -> tuple[Progress, Callable[[], None]]:
    return no_progress, (lambda: None)


def import_files(project_path: Path, paths: Iterable[str | Path], *, annotator: str | None = None,
                 encoding: str | None = None, skip_bad: bool = False, as_suggestions: bool = False,
                 progress: ProgressFactory = _no_progress, fmt: str | None = None,
                 offsets: OffsetUnit | None = None) -> list[str]:
    """Import ``paths`` into the project at ``project_path`` (created if missing); returns summary lines.

    ``fmt`` (``import --format``) reads every file with that reader instead of recognising each;
    ``offsets`` (``--offsets``) is the unit of a peer file's offsets (doccano: UTF-16 unless told)."""
    check_import_format(fmt, offsets)  # before anything is read or made
    paths = list(paths)
    files = expand_paths(paths)  # a missing input fails before the project file is created
    annotated = [f for f in files if import_path(f, encoding, fmt) == "annotated"]
    marked = set(annotated)
    plain = [f for f in files if f not in marked] if annotated else paths
    if annotated and not annotator:
        raise AnnotatorError(f"{annotated[0]}: holds annotations; name whose they are with --annotator NAME")
    if as_suggestions and not annotated:
        raise AnnotatorError("--as-suggestions needs annotated JSONL (native or spans lines)")
    if offsets is not None and not annotated:
        raise AnnotatorError("--offsets is for annotated files (doccano's); none of these holds annotations")
    existed = os.path.lexists(project_path)
    try:
        project = open_project(project_path)
    except BaseException:
        if not existed:  # it failed while making the file (a full disk): what it made goes
            _remove_if_empty(project_path, None)
        raise
    st = os.stat(project_path)
    created = None if existed else (st.st_dev, st.st_ino)  # the file this call made, by identity
    lines: list[str] = []
    try:
        with project, project.write():
            if plain:
                update, close = progress("importing")
                try:
                    lines += import_paths(project, plain, annotator=annotator, encoding=encoding,
                                          skip_bad=skip_bad, progress=update).lines()
                finally:
                    close()
            if annotated:
                update, close = progress("importing annotations")
                try:
                    lines += import_annotated(project, annotated, annotator=annotator,
                                              as_suggestions=as_suggestions, encoding=encoding,
                                              skip_bad=skip_bad, progress=update, fmt=fmt,
                                              offsets=offsets).lines()
                finally:
                    close()
    except BaseException:
        if created is not None:
            _remove_if_empty(project_path, created)
        raise
    return lines


def _remove_if_empty(project_path: Path, identity: tuple[int, int] | None) -> None:
    """Remove the project this import made, unless another program has put articles in it meanwhile.

    ``identity`` (device, inode) is the file it made: a file put under the name since is left alone. None:
    the making itself failed, and only a regular file that is not a project with articles goes."""
    try:
        st = os.stat(project_path)
        if not stat.S_ISREG(st.st_mode) or (identity is not None and (st.st_dev, st.st_ino) != identity):
            return
    except OSError:
        return
    try:
        with open_project(project_path, create=False) as project:
            if project.scalar("SELECT count(*) FROM articles"):
                return
    except AnnotatorError:
        pass  # not even a project yet: nothing of anyone's to keep
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{project_path}{suffix}").unlink(missing_ok=True)
