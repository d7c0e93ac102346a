"""``annotator install-desktop``: a valid Desktop Entry, its icon and a MIME type found by content; removed again."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from annotator.services.desktop import APP_ID, MIME_TYPE, desktop_entry, install_desktop, uninstall_desktop
from annotator.store.project import open_project


def test_install_writes_entry_icon_and_mime_type_and_uninstall_removes_them(tmp_path: Path) -> None:
    home = tmp_path / "share"
    (home / "applications").mkdir(parents=True)
    other = home / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n", encoding="utf-8")
    done = install_desktop(home, refresh=False)
    entry = home / "applications" / f"{APP_ID}.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    mime = home / "mime" / "packages" / f"{APP_ID}.xml"
    assert done.files == [entry, icon, mime]
    text = entry.read_text(encoding="utf-8")
    assert "\nExec=" in text and " gui %f\n" in text and f"MimeType={MIME_TYPE};" in text
    assert icon.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<svg" in icon.read_text(encoding="utf-8")
    assert "0x43414e4e" in mime.read_text(encoding="utf-8")  # the projects' application_id, at offset 68
    assert install_desktop(home, refresh=False).files == [entry, icon, mime]  # again: replaced, not doubled
    removed = uninstall_desktop(home, refresh=False)
    assert removed.files == [entry, icon, mime]
    assert not entry.exists() and not icon.exists() and not mime.exists() and other.exists()
    assert uninstall_desktop(home, refresh=False).files == []


def test_exec_line_quotes_a_path_with_spaces() -> None:
    text = desktop_entry('"/home/ana/my tools/bin/annotator"')
    assert 'Exec="/home/ana/my tools/bin/annotator" gui %f' in text
    assert "TryExec=/home/ana/my tools/bin/annotator" in text


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_entry_is_valid(tmp_path: Path) -> None:
    install_desktop(tmp_path, refresh=False)
    done = subprocess.run(["desktop-file-validate", str(tmp_path / "applications" / f"{APP_ID}.desktop")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout


@pytest.mark.skipif(shutil.which("update-mime-database") is None or shutil.which("xdg-mime") is None,
                    reason="shared-mime-info or xdg-utils not installed")
def test_a_project_is_recognised_by_content(tmp_path: Path) -> None:
    home = tmp_path / "share"
    install_desktop(home)
    with open_project(tmp_path / "team.db"):
        pass
    plain = tmp_path / "other.db"
    import sqlite3

    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    env = {**os.environ, "XDG_DATA_HOME": str(home)}

    def kind(path: Path) -> str:
        return subprocess.run(["xdg-mime", "query", "filetype", str(path)], capture_output=True, text=True,
                              check=False, env=env).stdout.strip()

    assert kind(tmp_path / "team.db") == MIME_TYPE
    assert kind(plain) != MIME_TYPE
