"""One rule for every file a command writes: never onto something it would destroy.

An output path is refused, with one line naming it, when it is

- a project open in this program, or its ``-wal`` / ``-shm`` / ``-journal``;
- an input of the same command (the project read, an imported file), or the journal of one;
- an SQLite file (a project, a backup) or the journal beside one: not even with ``--force``
  (``annotator backup --force`` may replace an older backup: ``sqlite_ok``);
- a folder, a device, a pipe or a socket;
- any other existing file, unless the user said to replace it (``--force``; the GUI asks).

    check_output(Path("corpus.jsonl"), inputs=[project.path], replace=opts.replace)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from annotator import fileguard
from annotator.io.atomic import OutputError

__all__ = ["OutputExistsError", "check_output", "check_outputs"]

_SQLITE_MAGIC = b"SQLite format 3\x00"


class OutputExistsError(OutputError):
    """Output files exist and the user did not say to replace them (``--force``); the GUI asks instead."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        more = f" (and {len(paths) - 1} more)" if len(paths) > 1 else ""
        super().__init__(f"{paths[0]}: exists already{more}; choose another name, or replace it with --force")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return os.path.abspath(a) == os.path.abspath(b)


def _journal_of(path: Path) -> Path | None:
    """The file ``path`` would be the journal of, by name, if that file exists."""
    name = str(path)
    for suffix in fileguard.SIDE_FILES:
        if name.endswith(suffix) and os.path.exists(name[: -len(suffix)]):
            return Path(name[: -len(suffix)])
    return None


def _is_sqlite(path: Path) -> bool:
    try:
        head = fileguard.read_head(path, len(_SQLITE_MAGIC))
    except OSError:
        return False
    return head is None or head == _SQLITE_MAGIC  # None: held open in SQLite here


def check_output(path: Path, *, inputs: Iterable[Path] = (), replace: bool = False, sqlite_ok: bool = False) -> bool:
    """Refuse ``path`` as an output (see the module docstring); True if it exists and will be replaced.

    Raises :class:`OutputError` (or :class:`OutputExistsError` when only ``replace`` is missing)."""
    if fileguard.is_held(path):
        raise OutputError(f"{path}: is a project file open in this program (or its journal); choose another name")
    base = _journal_of(path)
    for inp in inputs:
        if _same(path, inp) or (base is not None and _same(base, inp)):
            what = "an input" if base is None or not _same(base, inp) else "the journal of an input"
            raise OutputError(f"{path}: is {what} of this command ({inp}); choose another name")
    if base is not None and _is_sqlite(base):
        raise OutputError(f"{path}: is the journal of the SQLite file {base}; not replaced, choose another name")
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(f"{path}: cannot look at it ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path}: is a folder")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{path}: is not a regular file (a device, pipe or socket); not replaced")
    if not sqlite_ok and _is_sqlite(path):
        raise OutputError(f"{path}: is an SQLite file (a project or a backup); not replaced, choose another name")
    if not replace:
        raise OutputExistsError([path])
    return True


def check_outputs(paths: Iterable[Path], *, inputs: Iterable[Path] = (), replace: bool = False) -> list[Path]:
    """:func:`check_output` for several files; every refusal before any existing file is reported,
    then all the existing ones at once. Returns those that will be replaced."""
    ins = list(inputs)
    existing: list[Path] = []
    for path in paths:
        try:
            if check_output(path, inputs=ins, replace=replace):
                existing.append(path)
        except OutputExistsError as exc:
            existing += exc.paths
    if existing and not replace:
        raise OutputExistsError(existing)
    return existing
