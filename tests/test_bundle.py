"""The standalone bundle (PyInstaller, ``make dist``) builds and starts: its command line works, it imports the
demo from its own copy of the resources, and its window starts (offscreen) on a project given to it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging"))

pytestmark = pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None or not sys.platform.startswith("linux"),
                                reason="PyInstaller is installed with the test extras; the smoke test runs on Linux")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from build_bundle import pyinstaller_args

    out = tmp_path_factory.mktemp("bundle")
    done = subprocess.run([sys.executable, "-m", "PyInstaller", *pyinstaller_args(out / "dist", out / "work")],
                          capture_output=True, text=True, check=False, timeout=900, cwd=out)
    assert done.returncode == 0, done.stderr[-3000:]
    exe = out / "dist" / "corpus-annotator" / "corpus-annotator"
    assert exe.is_file()
    return exe


def _env(tmp: Path) -> dict[str, str]:
    # no Python of ours on the way: only what the bundle carries
    return {"HOME": str(tmp), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
            "XDG_DATA_HOME": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config")}


def test_the_bundle_runs_the_command_line_and_the_window(bundle: Path, tmp_path: Path) -> None:
    env = _env(tmp_path)
    version = subprocess.run([bundle, "--version"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert version.returncode == 0 and "version" in version.stdout, version.stderr
    demo = bundle.parent / "_internal" / "annotator" / "resources" / "demo"
    done = subprocess.run([bundle, "import", tmp_path / "p.db", demo], capture_output=True, text=True, env=env,
                          timeout=120, check=False)
    assert done.returncode == 0 and "imported" in done.stdout + done.stderr, done.stderr
    settings = tmp_path / "config" / "corpus-annotator" / "corpus-annotator.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[General]\nannotator=ana\n", encoding="utf-8")  # as if the name had been asked once
    window = subprocess.Popen([bundle, tmp_path / "p.db"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)
    backups = tmp_path / "data" / "corpus-annotator" / "backups"
    deadline = time.monotonic() + 60
    try:
        while not (backups.is_dir() and any(backups.rglob("*.db"))):  # the window's start-up made its backup
            assert window.poll() is None, window.communicate()
            assert time.monotonic() < deadline, "the window did not start"
            time.sleep(0.2)
        time.sleep(1)
        assert window.poll() is None  # still up: the window is open
    finally:
        window.terminate()
        _, err = window.communicate(timeout=30)
    assert "Traceback" not in err and "error:" not in err, err
    assert os.path.getsize(tmp_path / "p.db") > 0
