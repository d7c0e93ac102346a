"""Where the bundled resources live (label schema, demo corpus, guidelines)."""

from __future__ import annotations

from pathlib import Path

from annotator import fileguard


def resources_dir() -> Path:
    """The package's ``resources/`` folder (package data: in a checkout and in an installed wheel alike)."""
    folder = Path(__file__).resolve().parent / "resources"
    if (folder / "labels.json").is_file():
        return folder
    raise FileNotFoundError(f"{folder}: the resources folder of corpus-annotator is missing; reinstall it")


def resource(name: str) -> Path:
    return resources_dir() / name


def resource_text(name: str) -> str:
    """The text (UTF-8) of a bundled resource file."""
    return fileguard.read_text(resource(name))
