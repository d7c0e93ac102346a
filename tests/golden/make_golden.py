"""Write the golden project and its exports (run once, with the code whose bytes every later version must keep).

    python -m tests.golden.make_golden

The project is the export tests' corpus (``tests/io/corpus_builder.py``: Indonesian and English, CRLF,
emoji, flags, ZWJ, combining marks, links) plus gold annotations; every export of it, in every format,
unit, layer and split that ``tests/golden/test_golden_exports.py`` asks for, is kept in ``expected/``.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import open_project
from tests.golden.cases import CASES, export_case
from tests.io.corpus_builder import build


def main() -> None:
    work = HERE / "_work"
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    project = open_project(work / "golden.db")
    build(project, work / "in")
    for par in store.paragraphs(project, 1)[:3]:  # some gold, as a reviewer would leave it
        annotate.add_annotation(project, par.id, "rev", "PERSON", 0, min(4, len(par.text)), origin="adjudicated")
        annotate.set_status(project, par.id, "rev", "done")
    project.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    target = HERE / "golden.db"
    shutil.copyfile(work / "golden.db", target)
    expected = HERE / "expected"
    shutil.rmtree(expected, ignore_errors=True)
    expected.mkdir()
    with open_project(target, create=False) as p:
        for case in CASES:
            export_case(p, case, expected)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
