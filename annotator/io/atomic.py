"""Write files so that a reader never sees half of one.

Each file is written to a temporary file in its own folder, flushed and
fsync'ed, then renamed over the final name with ``os.replace``. If anything
fails before that (an error, Ctrl+C, a full disk), the temporary files are
removed and no file exists under a final name that was not there before.
A hard crash (kill -9, power loss) leaves a hidden ``.NAME.PID-XXXX.part``;
the next write of ``NAME`` removes such leftovers once their process is gone
(or, where that cannot be checked, once they are a day old).
"""

from __future__ import annotations

import contextlib
import errno
import glob
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import TextIO

from annotator import fileguard
from annotator.errors import AnnotatorError

log = logging.getLogger(__name__)

_STALE_AFTER_S = 24 * 3600
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
                    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}-",
                                               suffix=".part")
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
            _fsync_dir(folder)
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


def _process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs here (False where that cannot be told safely)."""
    if os.name != "posix":
        return False  # os.kill would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, and belongs to somebody else
        return False
    return False


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove temporary files a crashed write of ``path`` left behind; returns them.

    A part file whose writing process still runs is left alone, so two
    programs writing the same name at once do not disturb each other.
    """
    pattern = re.compile(r"^\." + re.escape(path.name) + r"\.(\d+)-[^.]*\.part$")
    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f".{glob.escape(path.name)}.*.part"))
    except OSError:
        return removed
    now = time.time()
    for part in candidates:
        m = pattern.match(part.name)
        if m is None:
            continue
        try:
            old = now - part.stat().st_mtime > _STALE_AFTER_S
            if (int(m.group(1)) != os.getpid() and _process_gone(int(m.group(1)))) or old:
                part.unlink()
                removed.append(part)
                log.info("removed %s, left by an interrupted write", part)
        except OSError:
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    """Make the renames durable; not every platform can open a folder."""
    try:
        fd = fileguard.os_open(folder, os.O_RDONLY)
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
