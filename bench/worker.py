"""Run one measurement in this (fresh) process and print its result as one JSON line.

    python -m bench.worker '{"task": "export_real", "args": {...}, "spawned": 1700000000.0}'

The result gets the process's peak resident memory (``ru_maxrss``) and its
resident memory before the task started, so figures of different
measurements never mix.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any


def _rss_mb() -> float:
    """Resident memory now (Linux ``/proc``; elsewhere the peak so far)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def run(spec: dict[str, Any]) -> dict[str, Any]:
    task, args = spec["task"], spec.get("args", {})
    if task.startswith("gui"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from bench import gui_bench  # noqa: PLC0415

        result = gui_bench.run(spawned=spec.get("spawned"), **args)
    else:
        from bench import tasks  # noqa: PLC0415

        start = _rss_mb()
        result = getattr(tasks, task)(**args)
        result["start_rss_mb"] = round(start, 1)
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return result


def main() -> None:
    spec = json.loads(sys.argv[1])
    t = time.perf_counter()
    result = run(spec)
    result["process_s"] = round(time.perf_counter() - t, 3)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(0)  # skip interpreter (and Qt) teardown: nothing is left to flush


if __name__ == "__main__":
    main()
