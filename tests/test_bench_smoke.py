"""The benchmark harness runs end to end at a tiny scale and writes results of the expected shape.

No timing is checked here, ever: this machine's speed is not a test result.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_smoke(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--scales", "200", "--quick", "--labels", "12", "--steps", "8",
         "--out", str(tmp_path / "out"), "--docs", str(tmp_path / "docs")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads((tmp_path / "docs" / "benchmarks.json").read_text(encoding="utf-8"))
    assert len(list((tmp_path / "out").glob("results-*.json"))) == 1
    assert {"machine", "scales", "targets", "growth", "command"} <= results.keys()
    assert {"cores", "python", "sqlite"} <= results["machine"].keys()
    (scale,) = results["scales"]
    assert scale["articles"] == 200 and scale["paragraphs"] > 1000 and scale["annotations"] > 5000
    assert scale["import"]["real"]["paragraphs"] == scale["import"]["baseline"]["paragraphs"] > 0
    assert scale["import"]["ratio"] is not None
    assert set(scale["export"]) == {"native", "spans", "bio", "doccano"}
    for fmt, e in scale["export"].items():
        assert e["real"]["spans"] > 0 and e["baseline"]["spans"] > 0 and e["ratio"] is not None, fmt
        assert e["real"]["peak_rss_mb"] > 0
    assert "baseline_tokens" in scale["export"]["spans"] and "baseline_tokens" in scale["export"]["bio"]
    gui = scale["gui"]
    assert gui["first_paint_s"] is not None and gui["peak_rss_mb"] > 0
    assert gui["labelling"]["n"] == 12 and gui["next_paragraph"]["n"] == 8 and gui["labels_committed"] == [12]
    assert gui["scroll"]["rows"] == 200
    assert scale["agreement"]["paragraphs"] > 1000 and scale["agreement"]["seconds"] is not None
    assert set(results["targets"]) >= {"import", "export", "interaction", "agreement"}
    assert "# Benchmarks" in (tmp_path / "docs" / "benchmarks.md").read_text(encoding="utf-8")
