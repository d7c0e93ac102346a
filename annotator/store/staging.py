"""Build a new project file under a hidden temporary name, and put it under its name when complete.

A command that makes a new project file (``annotator merge`` into a new target) builds it as
``.NAME.PID-XXXX.part`` in the target's folder, the convention of the exports' temporary files
(:mod:`annotator.io.atomic`). When the work is committed the file is made self-contained (its
``-wal`` checkpointed into it and removed) and linked under its name, which must still be free.
Killed at any moment, the command leaves either no file under the name or the complete one;
the hidden files it left (with their ``-wal`` / ``-shm`` / ``-journal``) are removed by the next
run for that name, once the process that made them is gone (or after a day, where that cannot be
told).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
from pathlib import Path

from annotator.errors import ProjectError
from annotator.leftovers import SIDE_FILES, fsync_dir, part_prefix, remove_stale_parts
from annotator.store.project import Project

log = logging.getLogger(__name__)



def staging_path(target: Path) -> Path:
    """A fresh hidden name beside ``target`` for building it."""
    return target.parent / f"{part_prefix(target)}{secrets.token_hex(4)}.part"


def remove_stale(target: Path) -> list[Path]:
    """Remove what an interrupted build of ``target`` left (see :mod:`annotator.leftovers`); returns it."""
    return remove_stale_parts(target)


def discard(path: Path) -> None:
    """Remove a temporary project and its side files (after its connection is closed)."""
    for p in (path, *(Path(f"{path}{s}") for s in SIDE_FILES)):
        with contextlib.suppress(OSError):
            p.unlink()


def seal(project: Project) -> None:
    """Make the project's main file complete in itself: the ``-wal`` checkpointed into it and removed.

    Call outside a transaction, as the file's only user; the next open switches it back to WAL.
    """
    mode = project.scalar("PRAGMA journal_mode = DELETE")
    if str(mode).lower() != "delete":
        raise ProjectError(f"{project.path}: could not finish the new project file (journal mode {mode}); "
                           "nothing was changed; run it again")


def publish(built: Path, target: Path, *, replace: bool = False) -> None:
    """Put the sealed file ``built`` under the name ``target``, which must be free (or, with ``replace``,
    an empty regular file). Raises :class:`ProjectError` when another program took the name meanwhile."""
    for suffix in SIDE_FILES:
        if Path(f"{built}{suffix}").exists():
            raise ProjectError(f"{built}: not complete in itself ({suffix} beside it); nothing was changed; "
                               "run it again")
    taken = ProjectError(f"{target}: another program made this file while the merge ran; nothing was changed; "
                         "run it again")
    if replace:
        st = target.lstat()  # still the empty file we were asked to fill
        if not (os.path.isfile(target) and not os.path.islink(target) and st.st_size == 0):
            raise taken
        os.replace(built, target)
    else:
        try:
            os.link(built, target)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise taken from None
        except OSError as exc:  # a file system without hard links
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
                raise
            if os.path.lexists(target):
                raise taken from None
            os.replace(built, target)
        else:
            built.unlink()
    fsync_dir(target.parent)
