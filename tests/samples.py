"""The scraped news articles the end-to-end tests read: our own, always, and the real one, when present.

``tests/data/scraped-id-news.txt`` is written for these tests, in the style of a scraped Indonesian news
page (a lead, a time stamp line, the headline twice, one cut in the middle, quotes whose speaker is named
paragraphs earlier, "Baca juga" and "Leave a Reply" trailers). ``../shared/samples/`` (outside the
repository) may hold a real scraped article; it is optional, read and never copied, and the same checks
run on it when it is there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared" / "samples"


@dataclass(frozen=True)
class Sample:
    path: Path
    paragraphs: int
    timestamp_idx: int
    trailer_idx: int  # the last paragraph, a trailer
    people: re.Pattern[str]
    places: re.Pattern[str]
    min_spans: int  # what the rule-based annotation of the export test places at least
    optional: bool = False


OWN = Sample(HERE / "data" / "scraped-id-news.txt", 16, 1, 15,
             re.compile(r"\b(Rina Kusuma|Miguel Santos|Hendra Wijaya)\b"),
             re.compile(r"\b(Indonesia|Filipina|Davao|Manado|Surabaya|Bitung|Mindanao|Sulawesi Utara)\b"), 20)
REAL = Sample(SHARED / "id-news-lavrov-wang.txt", 27, 1, 26,
              re.compile(r"\b(Lavrov|Putin|Wang Yi|Wang|Xi)\b"),
              re.compile(r"\b(Rusia|China|Cina|Moskow|Beijing|Ukraina|Saudi)\b"), 36, optional=True)


def samples() -> list[object]:
    """Parameters for a test over both: ours always runs; the real one is skipped, saying why, when absent."""
    return [pytest.param(OWN, id="own-sample"),
            pytest.param(REAL, id="real-sample", marks=pytest.mark.skipif(
                not REAL.path.is_file(),
                reason=f"optional: the real scraped article {REAL.path} is not on this machine (it is kept outside "
                       f"the repository); the same checks ran on {OWN.path.relative_to(HERE.parent)}"))]
