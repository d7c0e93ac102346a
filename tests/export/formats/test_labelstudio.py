"""The labelstudio export: a JSON array of tasks Label Studio imports as it is, and the labelling config."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats import FormatContext
from annotator.export.formats.labelstudio import LabelStudioFormat, labelling_config
from annotator.store.labels_store import load_schema
from annotator.store.project import Project
from tests.export.formats.labelstudio_corpus import ANNOTATOR, LsCorpus, build_ls_corpus

FIXTURES = Path(__file__).resolve().parents[2] / "importing" / "fixtures"


@pytest.fixture()
def ls(project: Project, tmp_path: Path) -> LsCorpus:
    src = tmp_path / "src"
    src.mkdir()
    return build_ls_corpus(project, src)


def _export(c: LsCorpus, out: Path, **options: str) -> list[dict[str, Any]]:
    export_corpus(c.project, ExportOptions(format="labelstudio", jobs=1, format_options=tuple(options.items())), out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(tasks, list)
    return tasks


def _task(tasks: list[dict[str, Any]], article: str, paragraph: int) -> dict[str, Any]:
    return next(t for t in tasks if t["data"]["article_id"] == article and t["data"].get("paragraph") == paragraph)


def test_tasks_hold_every_span_with_code_point_offsets(ls: LsCorpus, tmp_path: Path) -> None:
    tasks = _export(ls, tmp_path / "t.json")
    assert len(tasks) == 8
    regions = []
    for t in tasks:
        assert set(t) == {"data", "predictions"}
        [pred] = t["predictions"]
        assert pred["model_version"] == "corpus-annotator"
        for r in pred["result"]:
            if r["type"] == "labels":
                v = r["value"]
                assert t["data"]["text"][v["start"]:v["end"]] == v["text"]
                regions.append((t["data"]["article_id"], v["text"], v["labels"][0]))
    assert len(regions) == 26
    title = _task(tasks, "banjir-smg", 0)
    flag = next(r["value"] for r in title["predictions"][0]["result"] if r["value"]["text"] == "🇮🇩")
    assert (flag["start"], flag["end"]) == (36, 38)  # 🌊 is one code point, the flag two (UTF-16 would say 38-42)
    assert ("banjir-smg", "tim BPBD 👷🏽\u200d♀️", "ORG") in regions
    assert title["data"]["title"] == "Banjir Rob Rendam Pesisir Semarang" and title["data"]["lang"] == "id"


def test_annotations_instead_of_predictions(ls: LsCorpus, tmp_path: Path) -> None:
    tasks = _export(ls, tmp_path / "t.json", ls_as="annotations")
    assert all(set(t) == {"data", "annotations"} and len(t["annotations"]) == 1 for t in tasks)
    assert sum(r["type"] == "labels" for t in tasks for r in t["annotations"][0]["result"]) == 26


def test_attributes_are_per_region_choices_and_links_are_relations(ls: LsCorpus, tmp_path: Path) -> None:
    out = tmp_path / "t.json"
    summary = export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1), out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    result = _task(tasks, "banjir-smg", 2)["predictions"][0]["result"]
    s = ls.spans
    quote, sari, ujar = (f"r{s[k]}" for k in ("quote_id", "sari2", "ujar"))
    assert {"from_id": quote, "to_id": sari, "type": "relation", "direction": "right", "labels": ["speaker"]} in result
    assert {"from_id": quote, "to_id": ujar, "type": "relation", "direction": "right", "labels": ["cue"]} in result
    kind = next(r for r in result if r["type"] == "choices")
    assert (kind["id"], kind["from_name"], kind["value"]["choices"]) == (quote, "QUOTE_kind", ["direct"])
    claim = _task(tasks, "pact-en", 3)["predictions"][0]["result"]
    assert {(r["from_name"], r["value"]["choices"][0]) for r in claim if r["type"] == "choices"} == {
        ("CLAIM_checkworthy", "yes"), ("CLAIM_stance", "neutral"), ("QUOTE_kind", "indirect")}
    assert summary.relations == 8
    assert summary.dropped["speaker link to 'unnamed' (no span to relate)"] == 1


def test_names_are_settable_and_the_config_uses_them(ls: LsCorpus, tmp_path: Path) -> None:
    tasks = _export(ls, tmp_path / "t.json", ls_from_name="ner", ls_to_name="berita")
    assert {(r["from_name"], r["to_name"]) for t in tasks for r in t["predictions"][0]["result"]
            if r["type"] == "labels"} == {("ner", "berita")}
    config = ET.fromstring((tmp_path / "t.config.xml").read_text(encoding="utf-8"))
    labels = config.find("Labels")
    assert labels is not None and (labels.get("name"), labels.get("toName")) == ("ner", "berita")
    assert config.find("Text").get("name") == "berita"  # type: ignore[union-attr]


def test_bad_options_are_refused(ls: LsCorpus, tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="--ls-as"):
        _export(ls, tmp_path / "t.json", ls_as="drafts")
    with pytest.raises(AnnotatorError, match="must differ"):
        _export(ls, tmp_path / "u.json", ls_from_name="text")
    with pytest.raises(AnnotatorError, match="must differ"):
        LabelStudioFormat(FormatContext(options=(("ls_from_name", "x"), ("ls_to_name", "x"))))
    assert not (tmp_path / "t.json").exists() and not (tmp_path / "u.json").exists()


def test_the_config_names_every_label_relation_and_attribute(project: Project) -> None:
    schema = load_schema(project)
    root = ET.fromstring(labelling_config(schema))
    assert [lab.get("value") for lab in root.iter("Label")] == [lab.name for lab in schema.labels]
    assert [r.get("value") for r in root.iter("Relation")] == ["speaker", "claimant", "cue"]
    choices = {c.get("name"): [x.get("value") for x in c.iter("Choice")] for c in root.iter("Choices")}
    assert choices == {f"{lab.name}_{attr}": list(values) for lab in schema.labels
                       for attr, values in lab.attributes.items()}
    assert all(c.get("perRegion") == "true" and c.get("toName") == "text" for c in root.iter("Choices"))
    text = root.find("Text")
    assert text is not None and text.get("value") == "$text"


def test_the_export_is_what_label_studio_was_given(ls: LsCorpus, tmp_path: Path) -> None:
    """The files the fixtures were made from are what the exporter writes today (else: make them again with
    tools/peer_labelstudio.py, see tests/importing/fixtures/labelstudio-README.md)."""
    for target, unit in (("annotations", "paragraph"), ("predictions", "paragraph"), ("annotations", "article")):
        out = tmp_path / f"{target}-{unit}.json"
        export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1, unit=unit, annotator=ANNOTATOR,
                                                format_options=(("ls_as", target),)), out)
        assert out.read_bytes() == (FIXTURES / f"labelstudio-ours-{target}-{unit}.json").read_bytes()
    assert (tmp_path / "annotations-article.config.xml").read_bytes() == \
        (FIXTURES / "labelstudio-ours.config.xml").read_bytes()


def test_article_tasks_keep_crlf(ls: LsCorpus, tmp_path: Path) -> None:
    out = tmp_path / "a.json"
    export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1, unit="article"), out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    banjir = next(t for t in tasks if t["data"]["article_id"] == "banjir-smg")
    assert "paragraph" not in banjir["data"] and "\r\n\r\n" in banjir["data"]["text"]
    for r in banjir["predictions"][0]["result"]:
        if r["type"] == "labels":
            assert banjir["data"]["text"][r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]


def test_several_processes_and_a_split_write_valid_arrays(ls: LsCorpus, tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1), one)
    two = tmp_path / "two.json"
    summary = export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=2), two)
    assert summary.processes == 2
    assert two.read_bytes() == one.read_bytes()
    halves = (("train", 0.5), ("test", 0.5))
    split = export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=2, split=halves), tmp_path / "s.json")
    names = sorted(p.name for p in split.files)
    assert names == ["s.test.json", "s.train.json"]
    parts = [json.loads(p.read_text(encoding="utf-8")) for p in split.files]
    assert sorted(len(p) for p in parts) == [4, 4]  # whole articles: one each
    assert (tmp_path / "s.config.xml").is_file()


def test_an_empty_selection_is_an_empty_array(ls: LsCorpus, tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1, layer="claim"), out)
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 8  # every done paragraph, with its claims only
    assert {r["value"]["labels"][0] for t in tasks for r in t["predictions"][0]["result"]
            if r["type"] == "labels"} == {"CLAIM"}
    ls.project.conn.execute("UPDATE paragraph_status SET status = 'todo'")
    export_corpus(ls.project, ExportOptions(format="labelstudio", jobs=1, replace=True), out)
    assert json.loads(out.read_text(encoding="utf-8")) == []


def test_cli_options(ls: LsCorpus, tmp_path: Path) -> None:
    db = str(ls.project.path)
    ls.project.close()
    out = tmp_path / "c.json"
    res = CliRunner().invoke(main, ["export", db, str(out), "--format", "labelstudio", "--ls-as", "annotations",
                                    "--ls-to-name", "berita"])
    assert res.exit_code == 0, res.output
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert tasks[0]["annotations"][0]["result"][0]["to_name"] == "berita"
    assert (tmp_path / "c.config.xml").is_file()
    res = CliRunner().invoke(main, ["export", db, str(tmp_path / "d.jsonl"), "--ls-as", "annotations"])
    assert res.exit_code != 0 and "--ls-as: only with --format labelstudio" in res.output
