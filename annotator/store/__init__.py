"""The project file: one SQLite database per project, opened through sqlite-utils."""

import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils with pandas and numpy hidden from it.

    sqlite-utils imports both when they are installed (the ``[test]`` extra brings them), only to store
    their scalar types; this program never hands it any. Importing them cost every process about 0.45 s
    and 140 MB: every CLI command's start and half of the window's first paint. They are hidden only
    while sqlite-utils is imported; anything may import them afterwards.
    """
    if "sqlite_utils" in sys.modules:
        return
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # an ImportError for whoever asks
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


_import_sqlite_utils()

from annotator.store.project import Project, open_project  # noqa: E402

__all__ = ["Project", "open_project"]
