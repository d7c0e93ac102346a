"""A model folder built under a hidden temporary name and renamed into place when complete.

The temporary folder follows :mod:`annotator.leftovers`' naming: ``.NAME.PID-XXXX.part`` beside ``NAME``, so
a kill leaves no half model under the real name, and the next training of the same name removes the folders
an interrupted one left (those whose process is gone, or a day old). An existing model is moved aside under
such a name, the new one renamed into place, and the old one removed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from annotator.leftovers import STALE_AFTER_S, fsync_dir, part_prefix, process_gone

log = logging.getLogger(__name__)


def remove_stale_folders(target: Path) -> list[Path]:
    """Remove the hidden part folders that interrupted builds of ``target`` left; returns them."""
    pattern = re.compile(r"^\." + re.escape(target.name) + r"\.(\d+)-[^.]*\.part$")
    removed: list[Path] = []
    try:
        candidates = sorted(p for p in target.parent.iterdir() if pattern.match(p.name))
    except OSError:
        return removed
    now = time.time()
    for part in candidates:
        m = pattern.match(part.name)
        if m is None or not part.is_dir() or part.is_symlink():
            continue
        pid = int(m.group(1))
        try:
            if (pid != os.getpid() and process_gone(pid)) or now - part.lstat().st_mtime > STALE_AFTER_S:
                shutil.rmtree(part)
                removed.append(part)
                log.info("removed %s, left by an interrupted training", part)
        except OSError:
            continue
    return removed


def _part_name(target: Path) -> Path:
    return target.with_name(f"{part_prefix(target)}{secrets.token_hex(4)}.part")


@contextlib.contextmanager
def building(target: Path) -> Iterator[Path]:
    """A fresh hidden folder to build ``target`` in; renamed to ``target`` when the block ends normally,
    removed when it raises (a kill leaves it for :func:`remove_stale_folders`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(target)
    tmp = _part_name(target)
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old: Path | None = None
    if target.is_dir() and not target.is_symlink():
        old = _part_name(target)
        os.rename(target, old)
    try:
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            os.rename(old, target)  # the model that was there stays
        raise
    fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
