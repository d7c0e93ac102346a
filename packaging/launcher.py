"""Entry point of the standalone bundle (PyInstaller): the ``annotator`` command line, and for people who
start it from a file manager or with a project file, the window.

    corpus-annotator                 the window on the last project used (or the demo, the first time)
    corpus-annotator team.db         the window on team.db (what the desktop's "Open with" runs)
    corpus-annotator export ...      any other annotator command, as the CLI
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.cli import main


def arguments(argv: list[str]) -> list[str]:
    if not argv:
        return ["gui"]
    if len(argv) == 1 and not argv[0].startswith("-") and Path(argv[0]).suffix == ".db":
        return ["gui", argv[0]]
    return argv


if __name__ == "__main__":
    main(args=arguments(sys.argv[1:]), prog_name="corpus-annotator")
