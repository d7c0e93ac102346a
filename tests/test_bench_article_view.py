"""The article-view benchmark (bench/article_view.py) runs at a tiny size and gives results of the expected
shape. No timing is checked: this machine's speed is not a test result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _task(name: str, **args: object) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "bench.article_view", "--task", name, "--args", json.dumps(args)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_opening_a_long_article_is_measured() -> None:
    out = _task("open", paragraphs=105, rounds=2)
    assert out["paragraphs"] == 105 and out["annotations"] > 105 * 3  # every paragraph annotated and linked
    assert out["open_article"]["n"] == 4 and out["next_paragraph_in_article"]["n"] == 4
    assert 0 < out["open_article"]["median_ms"] <= out["open_article"]["max_ms"]
    assert out["rss_mb"] > 0


def test_memory_with_a_long_paragraph_is_measured() -> None:
    out = _task("memory", characters=6000)
    assert 5900 <= out["characters"] <= 6000 and out["annotations"] > 20
    assert out["scrolled"] is True  # selecting at its end scrolled the view there
    assert out["peak_rss_mb"] >= out["rss_after_open_mb"] > 0
