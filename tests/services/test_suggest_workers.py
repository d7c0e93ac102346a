"""``annotator suggest`` with a worker process stores exactly what a one-process run stores (ids, rows, links)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.importing import import_files
from annotator.services import suggest as svc
from annotator.services import suggest_workers
from annotator.store.project import Project, open_project

TEXTS = [
    "Menteri Luar Negeri Budi Santoso tiba di Jakarta pada Senin.\n"
    "“Kami tidak akan mundur,” kata Budi Santoso kepada wartawan di Rusia.\n"
    "“Semua pihak harus menahan diri,” katanya. Menurut Sari Dewi, warga Ukraina sudah lama menunggu.\n",
    "Foreign Minister Paul Ortega arrived in Germany on Monday.\n"
    "“We will not back down,” Paul Ortega told reporters. He said that talks with Russia would go on.\n"
    "“Everyone must stay calm,” he said, according to officials.\n",
    "Gubernur Ahmad Fauzi tiba di Medan.\nAhmad Fauzi mengatakan bahwa anggaran naik 12 persen dibanding tahun lalu.\n"
    "Sejumlah pengamat menilai target itu “terlalu optimistis” di tengah pelemahan ekspor ke Tiongkok.\n",
]


def _rows(project: Project) -> tuple[list[tuple], list[tuple]]:
    anns = project.conn.execute('SELECT id, paragraph_id, annotator_id, layer, label, start, "end", text, attrs, '
                                "origin FROM annotations ORDER BY id").fetchall()
    links = project.conn.execute("SELECT source_id, kind, target_id, special FROM links ORDER BY 1, 2").fetchall()
    return anns, links


def test_worker_run_equals_one_process_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = []
    for k in range(9):
        src = tmp_path / f"berita{k}.txt"
        src.write_text(TEXTS[k % len(TEXTS)], encoding="utf-8")
        sources.append(src)
    import_files(tmp_path / "a.db", sources)
    shutil.copyfile(tmp_path / "a.db", tmp_path / "b.db")
    names = ["quotes", "memory", "places"]
    with open_project(tmp_path / "a.db") as project:
        one = svc.suggest_project(project, "ana", names)
        expected = _rows(project)
    used: list[bool] = []
    real_can_run = suggest_workers.can_run
    monkeypatch.setattr(suggest_workers, "PARALLEL_MIN_ARTICLES", 0)
    monkeypatch.setattr(suggest_workers, "cores", lambda: 2)
    monkeypatch.setattr(suggest_workers, "can_run", lambda recs, n: used.append(real_can_run(recs, n)) or used[-1])
    with open_project(tmp_path / "b.db") as project:
        two = svc.suggest_project(project, "ana", names)
        got = _rows(project)
    assert used == [True]
    assert one.suggestions > 20 and one.links > 10
    assert (two.suggestions, two.links, two.by_label, two.dropped) == (one.suggestions, one.links, one.by_label,
                                                                      one.dropped)
    assert got == expected
