"""The special sources a quote's speaker or a claim's claimant can be instead of an entity mention.

The one definition of their names (stored in ``links.special``) and of the words the window shows for them.
"""

from __future__ import annotations

from typing import Final, Literal

SpecialSource = Literal["unnamed", "journalist"]

# name in the project file -> what the window shows (the source picker, the annotation list, review mode)
SPECIAL_SOURCES: Final[dict[str, str]] = {
    "unnamed": "unnamed source",
    "journalist": "the journalist / outlet",
}


def special_source_text(special: str) -> str:
    """What the window shows for a special source (the name itself for one it does not know)."""
    return SPECIAL_SOURCES.get(special, special)
