"""Hidden temporary files of interrupted writes: removed by the next write of the same name.

Every command that builds a file under a temporary name (exports, backups, a new
merge target) names it ``.NAME.PID-XXXX.part`` in the folder of ``NAME``; an
SQLite file built so may have ``-wal``, ``-shm`` or ``-journal`` beside it. A
hard crash (kill -9, power loss) leaves them; the next write of ``NAME`` removes
those whose process is gone (or, where that cannot be checked, that are a day
old), never one still being written or held open here.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import time
from pathlib import Path

from annotator import fileguard

log = logging.getLogger(__name__)

STALE_AFTER_S = 24 * 3600
SIDE_FILES = fileguard.SIDE_FILES

__all__ = ["SIDE_FILES", "fsync_dir", "part_prefix", "process_gone", "remove_stale_parts"]


def part_prefix(target: Path) -> str:
    """The start of this process's temporary names for ``target`` (the rest: random, then ``.part``)."""
    return f".{target.name}.{os.getpid()}-"


def process_gone(pid: int) -> bool:
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


def remove_stale_parts(target: Path) -> list[Path]:
    """Remove the temporary files (and their SQLite side files) that interrupted writes of ``target``
    left; returns them. Those of a process that still runs are left alone, so two programs writing
    the same name at once do not disturb each other."""
    pattern = re.compile(r"^\." + re.escape(target.name) + r"\.(\d+)-[^.]*\.part(-wal|-shm|-journal)?$")
    try:
        candidates = sorted(target.parent.glob(f".{glob.escape(target.name)}.*.part*"))
    except OSError:
        return []
    removed: list[Path] = []
    now = time.time()
    for part in candidates:
        m = pattern.match(part.name)
        if m is None or fileguard.is_held(part):
            continue
        pid = int(m.group(1))
        try:
            if (pid != os.getpid() and process_gone(pid)) or now - part.lstat().st_mtime > STALE_AFTER_S:
                part.unlink()
                removed.append(part)
                log.info("removed %s, left by an interrupted write", part)
        except OSError:
            continue
    return removed


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable; not every platform can open a folder."""
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
