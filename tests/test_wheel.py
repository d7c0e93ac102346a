"""A plain (non-editable) install works: the wheel carries every resource, installs into a fresh environment,
and its ``annotator`` imports the demo and opens the window (offscreen) from the installed copy alone."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ["labels.json", "guidelines.md", "icons/corpus-annotator.svg", "demo/harbour-bridge-id.txt",
             "demo/more-articles.jsonl", "demo/river-cleanup-en.txt"]
WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
import annotator
from annotator.ui.app import open_window
app = QApplication([])
window = open_window(Path(sys.argv[1]), "ana", QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
QTimer.singleShot(300, app.quit)
app.exec()
print(annotator.__file__, window.windowTitle())
"""


def _run(cmd: list[str | Path], **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False, timeout=600, **kw)
    assert done.returncode == 0, f"{cmd}: {done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", out, ROOT], cwd=out)
    (found,) = out.glob("corpus_annotator-*.whl")
    return found


def test_the_wheel_carries_every_resource_and_passes_twine(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [r for r in RESOURCES if f"annotator/resources/{r}" not in names]
    assert not missing, missing
    assert not [n for n in names if n.startswith(("tests/", "bench/", "resources/"))]
    _run([sys.executable, "-m", "twine", "check", "--strict", wheel])


def test_installed_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "fresh"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    _run([py, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel])
    # the dependencies (PySide6 ...) from this test's environment, without its editable corpus-annotator
    site = Path(_run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    exe = env_dir / "bin" / "annotator"
    assert _run([exe, "--version"], env=env, cwd=tmp_path).stdout.startswith("annotator, version ")
    where = _run([py, "-c", "from annotator.resources_path import resource; print(resource('demo'))"],
                 env=env, cwd=tmp_path).stdout.strip()
    assert Path(where).is_relative_to(site), where  # the installed copy, not this checkout
    done = _run([exe, "import", tmp_path / "demo.db", where], env=env, cwd=tmp_path)
    assert "imported" in done.stdout + done.stderr
    shown = _run([py, "-c", WINDOW, tmp_path / "demo.db", tmp_path / "settings.ini"], env=env, cwd=tmp_path)
    assert str(site) in shown.stdout and "demo.db" in shown.stdout
