"""Where the bundled resources live (label schema, demo corpus, guidelines)."""

from __future__ import annotations

from pathlib import Path

from annotator import fileguard


def resources_dir() -> Path:
    """The ``resources/`` folder of a source checkout, or the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "resources", here / "resources"):
        if (candidate / "labels.json").is_file():
            return candidate
    raise FileNotFoundError("the resources folder of corpus-annotator is missing")


def resource(name: str) -> Path:
    return resources_dir() / name


def resource_text(name: str) -> str:
    """The text (UTF-8) of a bundled resource file."""
    return fileguard.read_text(resource(name))
