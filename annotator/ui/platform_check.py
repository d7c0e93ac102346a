"""Before Qt starts: can its platform plugin load here? If not, say what to install, in a few lines.

Qt's own failure ("could not load the Qt platform plugin "xcb"") aborts the process with a core dump
and names one library at best. On Linux this module asks the dynamic linker (``ldd``) which shared
libraries Qt's X11 plugin ``libqxcb.so`` (and everything it loads) cannot find, and names the system
packages that provide them on Debian/Ubuntu and Fedora. It also notices a session without any display.
It imports no Qt module, so it runs before anything can abort.

    problems = platform_problems()
    if problems:
        click.echo("\\n".join(problems), err=True); sys.exit(1)
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["PACKAGES", "missing_libraries", "platform_problems"]

# soname -> (Debian/Ubuntu package, Fedora package); the libraries Qt 6's xcb plugin needs beyond glibc
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
}

Runner = Callable[[list[str]], str]  # a command line -> its standard output


def _run(cmd: list[str]) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=30).stdout


def xcb_plugin() -> Path | None:
    """PySide6's X11 platform plugin, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_libraries(plugin: Path, run: Runner = _run) -> list[str]:
    """The shared libraries ``plugin`` (or a library it loads) needs and the linker cannot find, by soname."""
    missing = []
    for line in run(["ldd", str(plugin)]).splitlines():
        name, _, where = line.strip().partition(" => ")
        if where.strip() == "not found" and name not in missing:
            missing.append(name)
    return missing


def _install_lines(missing: list[str]) -> list[str]:
    debian = sorted({PACKAGES[m][0] for m in missing if m in PACKAGES})
    fedora = sorted({PACKAGES[m][1] for m in missing if m in PACKAGES})
    unknown = [m for m in missing if m not in PACKAGES]
    lines = []
    if debian:
        lines.append(f"  Debian / Ubuntu:  sudo apt-get install {' '.join(debian)}")
        lines.append(f"  Fedora:           sudo dnf install {' '.join(fedora)}")
    if unknown:
        lines.append(f"  and the packages that provide: {', '.join(unknown)}")
    return lines


def platform_problems(env: Mapping[str, str] | None = None, run: Runner = _run,
                      plugin: Path | None = None, platform: str = sys.platform) -> list[str]:
    """Lines saying why the window cannot start here (empty: it can). Linux only; elsewhere Qt's
    platform plugins come with PySide6 and need nothing from the system."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return []
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return []  # offscreen, wayland, vnc ...: not the X11 plugin
    if not chosen and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return ["error: no display: DISPLAY and WAYLAND_DISPLAY are not set, so there is no screen to open the "
                "window on (log in to a desktop session; for scripted use without a screen, "
                "QT_QPA_PLATFORM=offscreen)"]
    if not chosen and env.get("WAYLAND_DISPLAY") and not env.get("DISPLAY"):
        return []  # Qt uses its Wayland plugin, which comes with PySide6
    plugin = plugin or xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        log.info("cannot check Qt's system libraries (plugin %s, ldd %s)", plugin, shutil.which("ldd"))
        return []
    missing = missing_libraries(plugin, run)
    if not missing:
        return []
    listed = [f"  {m}  (Debian/Ubuntu: {PACKAGES[m][0]}; Fedora: {PACKAGES[m][1]})" if m in PACKAGES
              else f"  {m}" for m in missing]
    return [f"error: the window cannot start: Qt needs {len(missing)} system "
            f"librar{'y' if len(missing) == 1 else 'ies'} that {'is' if len(missing) == 1 else 'are'} not installed:",
            *listed, "install them with:", *_install_lines(missing), "then run the same command again"]
