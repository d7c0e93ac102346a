"""The project file: one SQLite database per project, opened through sqlite-utils."""

from annotator.store.project import Project, open_project

__all__ = ["Project", "open_project"]
