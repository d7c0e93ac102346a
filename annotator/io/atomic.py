"""Write files so that a reader never sees half of one.

Each file is written to a temporary file in its own folder, flushed and
fsync'ed, then renamed over the final name with ``os.replace``. If anything
fails before that (an error, Ctrl+C, a crash), the temporary files are
removed (or, after a hard crash, left under a hidden ``.NAME.*.part`` name)
and no file exists under a final name that was not there before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO

from annotator.errors import AnnotatorError

log = logging.getLogger(__name__)


class OutputError(AnnotatorError):
    """An output file that cannot be written where it was asked for."""


def check_folder(folder: Path) -> None:
    """Refuse a missing, non-folder or unwritable output folder with one line."""
    if not folder.exists():
        raise OutputError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: cannot write there (permission denied)")


class AtomicFiles:
    """Several output files that appear together, or not at all.

    >>> with AtomicFiles([Path("a.jsonl")]) as files:
    ...     files[Path("a.jsonl")].write("...")
    """

    def __init__(self, paths: list[Path], *, encoding: str = "utf-8") -> None:
        self.paths = [Path(p) for p in paths]
        self.encoding = encoding
        self._tmp: dict[Path, Path] = {}
        self._fh: dict[Path, TextIO] = {}

    def __enter__(self) -> AtomicFiles:
        try:
            for path in self.paths:
                check_folder(path.parent)
                if path.is_dir():
                    raise OutputError(f"{path}: is a folder")
                try:
                    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
                except OSError as exc:
                    raise OutputError(f"{path.parent}: cannot write there ({exc.strerror or exc})") from None
                self._tmp[path] = Path(tmp)
                self._fh[path] = open(fd, "w", encoding=self.encoding, newline="\n",  # noqa: SIM115
                                      buffering=1 << 20)
        except BaseException:
            self._discard()
            raise
        return self

    def __getitem__(self, path: Path) -> TextIO:
        return self._fh[Path(path)]

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            for fh in self._fh.values():
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
        except BaseException:
            self._discard()
            raise
        for path, tmp in self._tmp.items():
            os.replace(tmp, path)
        for folder in {p.parent for p in self._tmp}:
            _fsync_dir(folder)
        self._tmp.clear()
        self._fh.clear()

    def _discard(self) -> None:
        for fh in self._fh.values():
            with contextlib.suppress(OSError):
                fh.close()
        for tmp in self._tmp.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._tmp.clear()
        self._fh.clear()


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable; not every platform can open a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        log.debug("cannot fsync folder %s", folder)
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str) -> None:
    with AtomicFiles([path]) as files:
        files[path].write(text)
