"""Write files so that a reader never sees half of one.

Each file is written to a temporary file in its own folder, flushed and
fsync'ed, then renamed over the final name with ``os.replace``. If anything
fails before that (an error, Ctrl+C, a full disk), the temporary files are
removed and no file exists under a final name that was not there before.
A hard crash (kill -9, power loss) leaves a hidden ``.NAME.PID-XXXX.part``;
the next write of ``NAME`` removes it (see :mod:`annotator.leftovers`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO

from annotator import fileguard
from annotator.errors import AnnotatorError
from annotator.leftovers import fsync_dir, part_prefix, remove_stale_parts

log = logging.getLogger(__name__)

# errors of the disk or the folder, reported as "cannot write" instead of as a crash
_DISK_ERRORS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG, errno.EIO, errno.EROFS,
                errno.EACCES, errno.EPERM}


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
                if fileguard.is_held(path):  # the project open here, or its -wal / -shm: never replaced
                    raise OutputError(f"{path}: is a project file open in this program (or its journal); "
                                      "choose another name")
                if path.is_dir():
                    raise OutputError(f"{path}: is a folder")
                remove_stale_parts(path)
                try:
                    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=part_prefix(path), suffix=".part")
                except OSError as exc:
                    raise OutputError(f"{path.parent}: cannot write there ({exc.strerror or exc})") from None
                self._tmp[path] = Path(tmp)
                usual_mode(fd)
                self._fh[path] = _text_file(fd, self.encoding)
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
            if isinstance(exc, OSError) and exc.errno in _DISK_ERRORS:
                raise self._disk_error(exc) from exc
            return
        try:
            for fh in self._fh.values():
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()
        except BaseException as err:
            self._discard()
            if isinstance(err, OSError) and err.errno in _DISK_ERRORS:
                raise self._disk_error(err) from err
            raise
        try:
            for path, tmp in list(self._tmp.items()):
                os.replace(tmp, path)
                del self._tmp[path]
        except OSError as err:
            self._fh.clear()
            self._discard()
            raise OutputError(f"{path}: cannot put the file in place ({err.strerror or err})") from err
        for folder in {p.parent for p in self.paths}:
            fsync_dir(folder)
        self._tmp.clear()
        self._fh.clear()

    def _disk_error(self, exc: OSError) -> OutputError:
        folders = sorted({str(p.parent) for p in self.paths})
        names = ", ".join(p.name for p in self.paths)
        return OutputError(f"{folders[0] if len(folders) == 1 else ', '.join(folders)}: cannot write {names} "
                           f"({exc.strerror or exc}); nothing was written")

    def _discard(self) -> None:
        for fh in self._fh.values():
            with contextlib.suppress(OSError):
                fh.close()
        for tmp in self._tmp.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._tmp.clear()
        self._fh.clear()


def _text_file(fd: int, encoding: str) -> TextIO:
    """The temporary file's descriptor as a buffered text file (its own name: the disk tests replace it)."""
    return os.fdopen(fd, "w", encoding=encoding, newline="\n", buffering=1 << 20)


def _umask() -> int:
    try:  # Linux tells it without changing it
        for line in fileguard.read_text("/proc/self/status").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere: set it, and put it back at once
    os.umask(mask)
    return mask


_UMASK = _umask()  # once, at import: os.umask is process-wide


def usual_mode(fd: int) -> None:
    """Give a temporary file the permissions a new file gets (mkstemp makes it private: 0600)."""
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o666 & ~_UMASK)


def write_text_atomic(path: Path, text: str) -> None:
    with AtomicFiles([path]) as files:
        files[path].write(text)
