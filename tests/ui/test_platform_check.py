"""Before Qt starts: missing system libraries and a missing display are named, with the install command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.ui import platform_check
from annotator.ui.platform_check import missing_libraries, platform_problems

LDD = ("\tlinux-vdso.so.1 (0x00007ffd)\n"
       "\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)\n"
       "\tlibxcb-cursor.so.0 => not found\n"
       "\tlibxcb-icccm.so.4 => not found\n"
       "\tlibxcb-keysyms.so.1 => not found\n"
       "\tlibxcb-icccm.so.4 => not found\n"
       "\tlibmystery.so.7 => not found\n"
       "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n")
X11 = {"DISPLAY": ":0"}


def _ldd(output: str):
    return lambda cmd: output if cmd[0] == "ldd" else ""


def test_missing_libraries_are_read_from_the_linker(tmp_path: Path) -> None:
    assert missing_libraries(tmp_path / "libqxcb.so", _ldd(LDD)) == [
        "libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libmystery.so.7"]


def test_one_line_per_library_and_the_install_commands(tmp_path: Path) -> None:
    lines = platform_problems(X11, _ldd(LDD), tmp_path / "libqxcb.so", "linux")
    assert lines[0].startswith("error: the window cannot start: Qt needs 4 system libraries")
    assert lines[1:5] == ["  libxcb-cursor.so.0  (Debian/Ubuntu: libxcb-cursor0; Fedora: xcb-util-cursor)",
                          "  libxcb-icccm.so.4  (Debian/Ubuntu: libxcb-icccm4; Fedora: xcb-util-wm)",
                          "  libxcb-keysyms.so.1  (Debian/Ubuntu: libxcb-keysyms1; Fedora: xcb-util-keysyms)",
                          "  libmystery.so.7"]
    assert "  Debian / Ubuntu:  sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in lines
    assert "  Fedora:           sudo dnf install xcb-util-cursor xcb-util-keysyms xcb-util-wm" in lines
    assert any("libmystery.so.7" in line for line in lines[5:])


@pytest.mark.parametrize(("env", "platform", "says"), [
    ({}, "linux", "no display"),
    (X11, "linux", ""),  # every library found
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", ""),  # Qt's Wayland plugin comes with PySide6
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", ""),
    ({}, "darwin", ""),
    ({}, "win32", ""),
])
def test_when_nothing_is_missing_or_there_is_no_screen(tmp_path: Path, env: dict[str, str], platform: str,
                                                       says: str) -> None:
    lines = platform_problems(env, _ldd("\tlibc.so.6 => /lib/libc.so.6\n"), tmp_path / "libqxcb.so", platform)
    assert (says in lines[0] and len(lines) == 1) if says else lines == []


def test_every_known_library_names_both_packages() -> None:
    for soname, (debian, fedora) in platform_check.PACKAGES.items():
        assert soname.startswith("lib") and ".so." in soname and debian and fedora


@pytest.mark.parametrize("command", [["gui", "p.db"], ["demo"]])
def test_the_window_commands_stop_before_qt_starts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                   command: list[str]) -> None:
    monkeypatch.setattr(platform_check, "platform_problems", lambda: ["error: no display: (test)"])
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1 and "no display" in result.output
    assert not (tmp_path / "p.db").exists()
