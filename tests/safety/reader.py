"""Another program reading a project now and then, as ``annotator stats`` or any SQLite tool would.

    python -m tests.safety.reader PROJECT --seed 3

Until killed: wait a random moment (0-40 ms), open the file with SQLite, count the
annotations, close it. Closing as the last connection it can see checkpoints and
deletes the ``-wal``; that is harmless unless a writer's locks were dropped.
Prints one line per read.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    while True:
        time.sleep(rng.uniform(0, 0.04))
        try:
            conn = sqlite3.connect(args.project, timeout=10)
            try:
                count = conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.Error as exc:  # a project being created: not ours to judge
            sys.stdout.write(f"error {exc}\n")
        else:
            sys.stdout.write(f"read {count}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
