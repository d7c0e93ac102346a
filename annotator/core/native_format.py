"""The name and version of the native JSONL format, shared by its writer (export) and its reader (import)."""

from __future__ import annotations

from typing import Final

FORMAT_NAME: Final = "corpus-annotator-native"
FORMAT_VERSION: Final = 1
