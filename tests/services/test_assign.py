"""annotator assign: shares with overlap, deterministic by seed, files that merge back."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.assignment import plan_assignment
from annotator.errors import AnnotatorError, ProjectError
from annotator.services.agreement import project_agreement
from annotator.services.assign import MANIFEST, assign_files, file_name
from annotator.services.merge import merge_files
from annotator.store.project import open_project
from tests.services.review_builder import add_article, annotate_article_1, new_project


def test_plan_is_deterministic_and_balanced() -> None:
    arts = [f"a{i:02d}" for i in range(50)]
    names = ["ana", "budi", "citra"]
    one = plan_assignment(arts, names, overlap=0.2, per_overlap=2, seed=7)
    assert one == plan_assignment(arts, names, overlap=0.2, per_overlap=2, seed=7)
    assert one != plan_assignment(arts, names, overlap=0.2, per_overlap=2, seed=8)
    seen = Counter(a for share in one.shares.values() for a in share)
    assert set(seen) == set(arts)  # every article goes to someone
    assert len(one.overlap) == 10 and all(seen[a] == 2 for a in one.overlap)
    assert all(seen[a] == 1 for a in arts if a not in one.overlap)
    loads = [len(s) for s in one.shares.values()]
    assert sum(loads) == 60 and max(loads) - min(loads) <= 1
    # every pair of annotators shares some overlap articles, so each pair's agreement can be measured
    for a, b in combinations(names, 2):
        assert set(one.shares[a]) & set(one.shares[b])
    # shares keep the given order
    assert all(s == sorted(s) for s in one.shares.values())


def test_plan_edge_cases() -> None:
    assert plan_assignment(["x", "y"], ["ana"], overlap=0.0).shares == {"ana": ["x", "y"]}
    full = plan_assignment(["x", "y", "z"], ["ana", "budi", "citra"], overlap=1.0, per_overlap=3)
    assert all(s == ["x", "y", "z"] for s in full.shares.values())
    with pytest.raises(ValueError, match="per-overlap"):
        plan_assignment(["x", "y"], ["ana", "budi"], overlap=0.5, per_overlap=3)
    with pytest.raises(ValueError, match="named twice"):
        plan_assignment(["x"], ["ana", "ana"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        plan_assignment(["x"], ["ana"], overlap=1.5)


@pytest.fixture()
def review_base(tmp_path: Path) -> Path:
    path = tmp_path / "base.db"
    with new_project(path) as p:
        for i in range(8):
            add_article(p, f"extra-{i}", [f"Paragraf tambahan nomor {i} tentang banjir di Lorong.",
                                          f"Warga ke-{i} mengungsi ke balai desa."])
    return path


def test_assign_writes_one_file_per_annotator(tmp_path: Path, review_base: Path) -> None:
    out = tmp_path / "out"
    summary = assign_files(review_base, ["ana", "budi", "citra"], out, overlap=0.3, per_overlap=2, seed=3)
    assert summary.total == 10 and summary.overlap == 3
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["seed"] == 3 and len(manifest["overlap_articles"]) == 3
    assert all(sum(a in share for share in manifest["shares"].values()) == 2 for a in manifest["overlap_articles"])
    with open_project(review_base, create=False) as src:
        labels = src.conn.execute("SELECT name, definition FROM labels ORDER BY position").fetchall()
        texts = dict(src.conn.execute("SELECT ext_id, text FROM articles").fetchall())
    for name in ("ana", "budi", "citra"):
        with open_project(out / f"{name}.db", create=False) as p:
            got = dict(p.conn.execute("SELECT ext_id, text FROM articles").fetchall())
            assert sorted(got) == sorted(manifest["shares"][name])
            assert all(texts[k] == v for k, v in got.items())
            assert [r[0] for r in p.conn.execute("SELECT name FROM annotators")] == [name]
            assert p.conn.execute("SELECT name, definition FROM labels ORDER BY position").fetchall() == labels
            assert json.loads(p.get_meta("assignment"))["annotator"] == name
    # the same seed gives the same shares
    again = assign_files(review_base, ["ana", "budi", "citra"], tmp_path / "again", overlap=0.3, seed=3)
    assert json.loads((tmp_path / "again" / MANIFEST).read_text())["shares"] == manifest["shares"]
    assert again.articles == summary.articles


def test_assigned_files_merge_back_and_give_agreement(tmp_path: Path, review_base: Path) -> None:
    out = tmp_path / "out"
    assign_files(review_base, ["ana", "budi"], out, overlap=1.0, seed=1)  # both get everything
    for name, variant in (("ana", 0), ("budi", 1)):
        with open_project(out / f"{name}.db") as p:
            annotate_article_1(p, name, variant)
    target = tmp_path / "merged.db"
    merge_files(target, [out / "ana.db", out / "budi.db"])
    with open_project(target, create=False) as p:
        assert p.scalar("SELECT count(*) FROM articles") == 10
        data = project_agreement(p)
    assert data["pairs"][0]["paragraphs"] == 3
    assert 0 < data["pairs"][0]["span_f1"] < 1


def test_assign_keeps_an_annotators_own_earlier_work(tmp_path: Path, review_base: Path) -> None:
    with open_project(review_base) as p:
        annotate_article_1(p, "ana")
        annotate_article_1(p, "budi")
    out = tmp_path / "out"
    assign_files(review_base, ["ana", "citra"], out, overlap=1.0)
    with open_project(out / "ana.db", create=False) as p:
        assert p.scalar("SELECT count(*) FROM annotations") == 8
        assert p.scalar("SELECT count(*) FROM links") == 3
        assert [r[0] for r in p.conn.execute("SELECT name FROM annotators")] == ["ana"]
    with open_project(out / "citra.db", create=False) as p:
        assert p.scalar("SELECT count(*) FROM annotations") == 0


def test_assign_refuses_to_overwrite_and_bad_options(tmp_path: Path, review_base: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "ana.db").write_bytes(b"")
    with pytest.raises(ProjectError, match="already exists"):
        assign_files(review_base, ["ana", "budi"], out)
    assert not (out / "budi.db").exists()
    with pytest.raises(AnnotatorError, match="per-overlap"):
        assign_files(review_base, ["ana", "budi"], tmp_path / "o2", overlap=0.5, per_overlap=3)
    assert not (tmp_path / "o2").exists()  # checked before anything is written
    with pytest.raises(AnnotatorError, match="same file name"):
        assign_files(review_base, ["ana b", "ana/b"], tmp_path / "o3")
    assert file_name("Ana Putri") == "Ana_Putri.db"


def test_cli_assign(tmp_path: Path, review_base: Path) -> None:
    out = tmp_path / "cli-out"
    res = CliRunner().invoke(main, ["assign", str(review_base), "--annotators", "ana,budi,citra", "--overlap", "0.2",
                                    "--per-overlap", "2", "--out", str(out), "--seed", "5"])
    assert res.exit_code == 0, res.output
    assert "10 article(s) shared among 3 annotator(s); 2 seen by more than one" in res.output
    assert {p.name for p in out.iterdir()} == {MANIFEST, "ana.db", "budi.db", "citra.db"}
    res = CliRunner().invoke(main, ["assign", str(review_base), "--annotators", "ana", "--out", str(out)])
    assert res.exit_code == 1 and res.output.startswith("error: ")
