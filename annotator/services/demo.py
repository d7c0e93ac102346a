"""The demo project: built from ``annotator/resources/demo`` in the user data folder on first use."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from annotator.importing import import_paths
from annotator.resources_path import resource, resource_text
from annotator.store.project import open_project


def demo_path() -> Path:
    return Path(user_data_dir("corpus-annotator", appauthor=False)) / "demo.db"


def ensure_demo(path: Path | None = None) -> Path:
    """Create the demo project if it is missing; return its path."""
    path = path or demo_path()
    if path.exists() and path.stat().st_size > 0:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".new")
    tmp.unlink(missing_ok=True)
    with open_project(tmp) as project:
        import_paths(project, [resource("demo")])
        project.set_meta("guidelines", resource_text("guidelines.md"))
        project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(path)
    return path
