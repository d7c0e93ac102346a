"""``annotator install-desktop``: the tool in the desktop's applications menu (freedesktop.org, user scope).

Writes, under ``$XDG_DATA_HOME`` (``~/.local/share``):

- ``applications/corpus-annotator.desktop``: a Desktop Entry that runs this installation's
  ``annotator gui %f``, so a project file given to it (double-click, "Open with") opens in the window;
- ``icons/hicolor/scalable/apps/corpus-annotator.svg``: its icon;
- ``mime/packages/corpus-annotator.xml``: the MIME type ``application/x-corpus-annotator-project``,
  recognised by content (an SQLite file whose ``application_id`` says it is a project) rather than by
  its ``.db`` name, which any SQLite file may have.

Then it runs ``update-mime-database`` and ``update-desktop-database`` where they exist (without them the
desktop picks the files up on its next scan). ``uninstall_desktop`` removes exactly these files.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from annotator.io.atomic import OutputError, write_text_atomic
from annotator.resources_path import resource_text
from annotator.store.schema import APPLICATION_ID

log = logging.getLogger(__name__)

APP_ID = "corpus-annotator"
MIME_TYPE = "application/x-corpus-annotator-project"

__all__ = ["APP_ID", "MIME_TYPE", "DesktopFiles", "desktop_entry", "install_desktop", "uninstall_desktop"]


@dataclass
class DesktopFiles:
    """What was written or removed, for the summary."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [str(p) for p in self.files] + self.notes


def _data_home(data_home: Path | None) -> Path:
    if data_home is not None:
        return data_home
    # user_data_dir("") is $XDG_DATA_HOME itself; appauthor=False keeps it out of a vendor folder
    return Path(user_data_dir("", appauthor=False))


def _paths(home: Path) -> dict[str, Path]:
    return {"entry": home / "applications" / f"{APP_ID}.desktop",
            "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            "mime": home / "mime" / "packages" / f"{APP_ID}.xml"}


def _launcher() -> str:
    """The command that starts this installation, quoted for a Desktop Entry's Exec key."""
    found = shutil.which("annotator")
    here = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "annotator" else None
    exe = str(here or found or f"{sys.executable} -m annotator")
    if " " in exe and not exe.endswith(" -m annotator"):
        exe = '"' + exe.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return exe


def _program(exec_line: str) -> str:
    """The program of an Exec value (its first, possibly quoted, word), unquoted."""
    if exec_line.startswith('"'):
        end = exec_line.index('"', 1)
        while exec_line[end - 1] == "\\":
            end = exec_line.index('"', end + 1)
        return exec_line[1:end].replace('\\"', '"').replace("\\\\", "\\")
    return exec_line.split(" ")[0]


def desktop_entry(exec_line: str) -> str:
    """The Desktop Entry (Desktop Entry Specification 1.4: what desktop-file-validate of Debian 12 knows)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=corpus-annotator",
        "GenericName=News text annotator",
        "Comment=Label entities, quotes with their speakers, and claims in news articles",
        f"Exec={exec_line} gui %f",
        f"TryExec={_program(exec_line)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Utility;TextTools;",
        f"MimeType={MIME_TYPE};",
        "Keywords=annotation;NLP;corpus;quotes;entities;",
        "StartupWMClass=corpus-annotator",
        "",
    ])


def _mime_xml() -> str:
    app_id = APPLICATION_ID.to_bytes(4, "big")
    value = "0x" + app_id.hex()
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">',
        f'  <mime-type type="{MIME_TYPE}">',
        "    <comment>corpus-annotator project</comment>",
        '    <sub-class-of type="application/vnd.sqlite3"/>',
        f"    <generic-icon name=\"{APP_ID}\"/>",
        '    <magic priority="80">',
        '      <match type="string" offset="0" value="SQLite format 3\\000">',
        f'        <match type="big32" offset="68" value="{value}"/>',
        "      </match>",
        "    </magic>",
        "  </mime-type>",
        "</mime-info>",
        "",
    ])


def _refresh(home: Path, result: DesktopFiles) -> None:
    for tool, folder in (("update-mime-database", home / "mime"), ("update-desktop-database", home / "applications")):
        if shutil.which(tool) is None or not folder.is_dir():
            result.notes.append(f"({tool} not found: the desktop reads the files on its next scan)")
            continue
        done = subprocess.run([tool, str(folder)], capture_output=True, text=True, check=False, timeout=60)
        if done.returncode != 0:
            log.warning("%s %s: %s", tool, folder, done.stderr.strip())


def install_desktop(data_home: Path | None = None, *, refresh: bool = True) -> DesktopFiles:
    """Write the desktop entry, icon and MIME type for this user; returns what was written."""
    home = _data_home(data_home)
    paths = _paths(home)
    contents = {"entry": desktop_entry(_launcher()), "icon": resource_text("icons/corpus-annotator.svg"),
                "mime": _mime_xml()}
    result = DesktopFiles()
    for key, path in paths.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path.parent}: cannot make the folder ({exc.strerror or exc})") from None
        write_text_atomic(path, contents[key])
        result.files.append(path)
    if refresh:
        _refresh(home, result)
    return result


def uninstall_desktop(data_home: Path | None = None, *, refresh: bool = True) -> DesktopFiles:
    """Remove what :func:`install_desktop` wrote (nothing else); returns what was removed."""
    home = _data_home(data_home)
    result = DesktopFiles()
    for path in _paths(home).values():
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"{path}: cannot remove it ({exc.strerror or exc})") from None
        result.files.append(path)
    if refresh:
        _refresh(home, result)
    return result
