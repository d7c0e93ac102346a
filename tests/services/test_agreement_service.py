"""annotator agreement on real project files: hand-computed figures, reference packages, CLI."""

from __future__ import annotations

import json
import math
import random
import shutil
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.core.tokenize import token_spans
from annotator.errors import AnnotatorError, NotFoundError
from annotator.services import annotate
from annotator.services.agreement import project_agreement
from annotator.services.merge import merge_files
from annotator.store import annotations as rows
from annotator.store.articles import get_paragraph
from annotator.store.project import Project, open_project
from tests.services.review_builder import add_article, annotate_article_1, done, mark, new_project, pids

krippendorff = pytest.importorskip("krippendorff")
np = pytest.importorskip("numpy")
metrics = pytest.importorskip("sklearn.metrics")


@pytest.fixture()
def review_pair(tmp_path: Path) -> Project:
    """ana and budi on ARTICLE_1 (budi's variant differs in three places), in one project."""
    proj = new_project(tmp_path / "pair.db")
    annotate_article_1(proj, "ana")
    annotate_article_1(proj, "budi", variant=1)
    yield proj
    proj.close()


def test_hand_computed_figures(review_pair: Project) -> None:
    data = project_agreement(review_pair)
    assert data["annotators"] == ["ana", "budi"] and data["paragraphs"] == 3
    (pair,) = data["pairs"]
    assert (pair["a"], pair["b"], pair["paragraphs"]) == ("ana", "budi", 3)
    # spans (all layers), 8 each. Exact matches: ROLE, GPE Kota Baru | QUOTE, CUE, PERSON Rina | CLAIM = 6
    # (ana: PERSON "Rina Sari", ORG "Harbour Group"; budi: PERSON "Rina", GPE "Harbour Group") -> 6/8
    assert pair["span_f1"] == pytest.approx(0.75)
    # overlap also matches PERSON Rina Sari / Rina (ORG / GPE differ in label): 7/8
    assert pair["span_f1_overlap"] == pytest.approx(0.875)
    # GPE: ana 1, budi 2, 1 matched: P = 1/2, R = 1 -> F1 = 2/3; ORG: ana 1, budi 0 -> 0
    assert pair["span_f1_by_label"] == pytest.approx(
        {"CLAIM": 1.0, "CUE": 1.0, "GPE": 2 / 3, "ORG": 0.0, "PERSON": 0.5, "QUOTE": 1.0, "ROLE": 1.0})
    # tokens labelled by entity spans; p0 13 tokens (differ at "Sari"), p1 15 (all agree),
    # p2 9 (differ at "Harbour", "Group"): n = 37, agree = 34.
    # ana: ROLE 2, PERSON 3, GPE 2, ORG 2, O 28; budi: ROLE 2, PERSON 2, GPE 4, O 29
    # S = 2*2 + 3*2 + 2*4 + 2*0 + 28*29 = 830; kappa = (37*34 - 830) / (37^2 - 830) = 428/539
    assert pair["tokens"] == 37
    assert pair["cohen_kappa"] == pytest.approx(428 / 539)
    # alpha: 74 values, n_c = ROLE 4, PERSON 5, GPE 6, ORG 2, O 57; 3 disagreeing units -> 3 * 2 / 1 = 6
    # expected = 74^2 - (16 + 25 + 36 + 4 + 3249) = 2146; alpha = 1 - 73 * 6 / 2146 = 1708/2146
    assert data["krippendorff_alpha"] == pytest.approx(1708 / 2146)
    # the quote's speaker: "Rina Sari" for ana, "Rina" for budi -> not the same; claimant ORG / GPE -> not same
    assert pair["quote_attribution"] == {"matched_quotes": 1, "agreement": 0.0}
    assert pair["claimant"] == {"matched_claims": 1, "agreement": 0.0}
    assert pair["checkworthiness"] == {"compared_claims": 1, "agreement": 0.0, "cohen_kappa": 0.0}


def test_speaker_named_paragraphs_earlier_is_the_same_entity(review_pair: Project) -> None:
    p0, p1, _p2 = pids(review_pair, "berita-1")
    # budi re-links the quote to his own mention "Rina" in the quote's paragraph; ana keeps "Rina Sari".
    # Different spans, so compare entity keys: give both mentions the same key.
    quote = review_pair.scalar("SELECT a.id FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                               "WHERE n.name = 'budi' AND a.label = 'QUOTE'")
    rina = review_pair.scalar("SELECT a.id FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                              "WHERE n.name = 'budi' AND a.label = 'PERSON' AND a.paragraph_id = ?", (p1,))
    annotate.link(review_pair, quote, "speaker", "budi", target_id=rina)
    assert project_agreement(review_pair)["pairs"][0]["quote_attribution"]["agreement"] == 0.0
    for name, par in (("ana", p0), ("budi", p1)):
        ann = review_pair.scalar("SELECT a.id FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
                                 "WHERE n.name = ? AND a.label = 'PERSON' AND a.paragraph_id = ?", (name, par))
        with review_pair.write():
            rows.update(review_pair, ann, entity="rina-sari")
    assert project_agreement(review_pair)["pairs"][0]["quote_attribution"]["agreement"] == 1.0


def test_pairs_use_only_paragraphs_both_did_and_alpha_treats_others_as_missing(review_pair: Project) -> None:
    p0, p1, p2 = pids(review_pair, "berita-1")
    mark(review_pair, p0, "citra", "PERSON", "Rina Sari")
    done(review_pair, "citra", p0)
    mark(review_pair, p2, "citra", "ORG", "Harbour Group")  # not marked done: not counted
    annotate.add_annotation(review_pair, p0, "citra", "GPE", 0, 7, origin="suggested")  # unconfirmed: left out
    data = project_agreement(review_pair)
    pairs = {(p["a"], p["b"]): p for p in data["pairs"]}
    assert data["annotators"] == ["ana", "budi", "citra"]
    assert pairs[("ana", "budi")]["paragraphs"] == 3
    assert pairs[("ana", "citra")]["paragraphs"] == 1 and pairs[("budi", "citra")]["paragraphs"] == 1
    # ana / citra on p0: citra has PERSON only; ana PERSON, ROLE, GPE -> exact 1 of 3 vs 1 of 1
    assert pairs[("ana", "citra")]["exact"]["micro"] == {
        "a_spans": 3, "b_spans": 1, "a_matched": 1, "b_matched": 1, "precision": 1.0, "recall": 1 / 3, "f1": 0.5}
    assert data["alpha_units"] == 37
    only = project_agreement(review_pair, ["ana", "budi"])
    assert only["annotators"] == ["ana", "budi"] and len(only["pairs"]) == 1


def test_reviewers_are_left_out_unless_named(review_pair: Project) -> None:
    p0, _p1, _p2 = pids(review_pair, "berita-1")
    mark(review_pair, p0, "rev", "PERSON", "Rina Sari")
    done(review_pair, "rev", p0)
    review_pair.conn.execute("UPDATE annotators SET is_reviewer = 1 WHERE name = 'rev'")
    assert project_agreement(review_pair)["annotators"] == ["ana", "budi"]
    assert project_agreement(review_pair, ["ana", "rev"])["pairs"][0]["paragraphs"] == 1


def test_layer_choice(review_pair: Project) -> None:
    ent = project_agreement(review_pair, layer="entity")
    assert ent["token_layer"] == "entity" and set(ent["labels"]) == {"GPE", "ORG", "PERSON", "ROLE"}
    claim = project_agreement(review_pair, layer="claim")
    assert claim["labels"] == ["CLAIM"] and claim["pairs"][0]["span_f1"] == 1.0
    assert claim["pairs"][0]["cohen_kappa"] == 1.0  # both marked the same claim tokens
    with pytest.raises(AnnotatorError, match="unknown layer"):
        project_agreement(review_pair, layer="everything")


def test_errors(review_pair: Project, project: Project) -> None:
    with pytest.raises(NotFoundError, match="zed"):
        project_agreement(review_pair, ["ana", "zed"])
    with pytest.raises(AnnotatorError, match="at least two annotators"):
        project_agreement(project)


# -- two files, merged, against the reference packages --------------------------------------

def _random_work(proj: Project, name: str, seed: int) -> None:
    """Random entity spans on token boundaries (and a few inside words) on every paragraph."""
    rng = random.Random(seed)
    for pid in [r[0] for r in proj.conn.execute("SELECT id FROM paragraphs ORDER BY id")]:
        text = get_paragraph(proj, pid).text
        toks = token_spans(text)
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(toks))
            j = min(len(toks), i + rng.randint(1, 3))
            start, end = toks[i][0], toks[j - 1][1]
            if rng.random() < 0.2:
                start = min(end - 1, start + 1)
            annotate.add_annotation(proj, pid, name, rng.choice(["PERSON", "ORG", "GPE"]), start, end)
        if rng.random() < 0.85:
            annotate.set_status(proj, pid, name, "done")


def _reference(proj: Project, names: list[str]) -> tuple[dict[tuple[str, str], float], float]:
    """Kappa per pair (scikit-learn) and alpha (krippendorff) from the rows, computed independently."""
    done = {}
    for pid, name in proj.conn.execute("SELECT s.paragraph_id, n.name FROM paragraph_status s JOIN annotators n "
                                       "ON n.id = s.annotator_id WHERE s.status = 'done'"):
        done.setdefault(pid, set()).add(name)
    spans: dict[tuple[int, str], list[tuple[int, int, str]]] = {}
    for pid, name, s, e, label in proj.conn.execute(
            'SELECT a.paragraph_id, n.name, a.start, a."end", a.label FROM annotations a '
            "JOIN annotators n ON n.id = a.annotator_id WHERE a.layer = 'entity'"):
        spans.setdefault((pid, name), []).append((s, e, label))
    pairs: dict[tuple[str, str], tuple[list[str], list[str]]] = {p: ([], []) for p in combinations(names, 2)}
    columns, code = [], {}
    for pid in sorted(done):
        who = [n for n in names if n in done[pid]]
        if len(who) < 2:
            continue
        text = get_paragraph(proj, pid).text
        toks = token_spans(text, {b for n in who for s in spans.get((pid, n), []) for b in s[:2]})
        labels = {}
        for n in who:
            row = []
            for ts, te in toks:
                cover = [s for s in spans.get((pid, n), []) if s[0] <= ts and te <= s[1]]
                row.append(max(cover, key=lambda s: (s[1] - s[0], s[0], s[2]))[2] if cover else "O")
            labels[n] = row
        for a, b in combinations(who, 2):
            pairs[(a, b)][0].extend(labels[a])
            pairs[(a, b)][1].extend(labels[b])
        for i in range(len(toks)):
            columns.append([code.setdefault(labels[n][i], len(code)) if n in labels else math.nan for n in names])
    kappas = {p: metrics.cohen_kappa_score(a, b) for p, (a, b) in pairs.items()}
    alpha = krippendorff.alpha(reliability_data=np.array(columns, dtype=float).T, level_of_measurement="nominal")
    return kappas, alpha


def test_merged_files_match_reference_packages(tmp_path: Path) -> None:
    base = tmp_path / "base.db"
    with new_project(base) as p:
        for i in range(6):
            add_article(p, f"x{i}", [f"Banjir ke-{i} merendam 30 rumah di Desa Lorong, kata Kepala Desa Budi Hartono.",
                                     "Tim SAR Tepian mengevakuasi warga dengan perahu karet pada Minggu malam.",
                                     f"The regency of Selatan pledged Rp {i},5 miliar for repairs, its head said."])
    files = []
    for k, name in enumerate(["ana", "budi", "citra"]):
        path = tmp_path / f"{name}.db"
        shutil.copy(base, path)
        with open_project(path) as p:
            _random_work(p, name, seed=100 + k)
        files.append(path)
    target = tmp_path / "merged.db"
    merge_files(target, files)
    with open_project(target, create=False) as proj:
        data = project_agreement(proj, layer="entity")
        kappas, alpha = _reference(proj, ["ana", "budi", "citra"])
    assert data["paragraphs"] > 10
    for pair in data["pairs"]:
        assert pair["cohen_kappa"] == pytest.approx(kappas[(pair["a"], pair["b"])], abs=1e-12)
    assert data["krippendorff_alpha"] == pytest.approx(alpha, abs=1e-12)


def test_cli_json_keys(review_pair: Project) -> None:
    res = CliRunner().invoke(main, ["agreement", str(review_pair.path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert {"pairs", "krippendorff_alpha", "annotators", "paragraphs", "layer"} <= set(data)
    pair = data["pairs"][0]
    assert {"a", "b", "paragraphs", "span_f1", "span_f1_by_label", "cohen_kappa", "span_f1_overlap",
            "quote_attribution", "checkworthiness"} <= set(pair)
    assert pair["cohen_kappa"] == pytest.approx(428 / 539)
    text = CliRunner().invoke(main, ["agreement", str(review_pair.path), "--annotators", "ana,budi",
                                     "--layer", "entity"])
    assert text.exit_code == 0 and "Krippendorff's alpha" in text.output and "ana / budi" in text.output
    bad = CliRunner().invoke(main, ["agreement", str(review_pair.path), "--annotators", "ana,zed"])
    assert bad.exit_code == 1 and bad.output.startswith("error: no annotator named zed")
