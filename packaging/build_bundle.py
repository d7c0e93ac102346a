"""Build the standalone one-folder bundle with PyInstaller (``make dist``).

    python packaging/build_bundle.py [--dist dist] [--work build/pyinstaller]

The result, ``DIST/corpus-annotator/``, holds ``corpus-annotator`` (the program) and ``_internal/`` (Python,
Qt and the package with its resources); copy the whole folder. The same command builds the bundle on
Windows (``corpus-annotator.exe``) and macOS, on that system: PyInstaller does not cross-build.
"""

from __future__ import annotations

import argparse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pyinstaller_args(dist: Path, work: Path) -> list[str]:
    return ["--noconfirm", "--clean", "--onedir", "--name", "corpus-annotator",
            "--distpath", str(dist), "--workpath", str(work), "--specpath", str(work),
            "--paths", str(ROOT), "--collect-data", "annotator", "--collect-submodules", "annotator",
            # sqlite-utils imports them when present; the tool needs neither (they double the bundle)
            "--exclude-module", "pandas", "--exclude-module", "numpy", "--exclude-module", "tkinter",
            str(ROOT / "packaging" / "launcher.py")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", type=Path, default=ROOT / "dist")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    args = ap.parse_args()
    import PyInstaller.__main__  # noqa: PLC0415 - only when building

    PyInstaller.__main__.run(pyinstaller_args(args.dist, args.work))


if __name__ == "__main__":
    main()
