"""A new format is one class and one registry line: a toy format, defined here, exports through export_corpus.

``ToyFormat`` is all a format module would hold: it declares what it needs (links, an extra file, a count of
its own that each process keeps and the main process adds up) and encodes a unit. Registering it is the one
line ``REGISTRY["toy"] = ToyFormat`` (here through monkeypatch). Nothing else in ``annotator/export`` learns
about it, yet it is read, written, checked, split and run on two processes like the built-in formats.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar, TextIO

import pytest

from annotator.export import ExportOptions, default_layer, export_corpus, output_paths
from annotator.export.formats import REGISTRY, BaseFormat, ExtraFile, FormatState
from annotator.export.formats.choices import FormatName
from annotator.export.formats.common import dumps_line
from annotator.export.formats.unit import Unit
from annotator.store.project import Project
from tests.io.corpus_builder import Corpus, read_jsonl

_SUMMARY = ExtraFile(suffix="toy.json", what="units per process")


class ToyFormat(BaseFormat):
    """One line per unit: where it is, its labels, and its links' kinds; a toy.json file with the units counted
    in each process (per-process state, handed back by each worker and absorbed in range order)."""

    name = "toy"
    needs_links = True
    default_layer = "entity"
    extra_files: ClassVar[tuple[ExtraFile, ...]] = (_SUMMARY,)

    def __init__(self, ctx: Any = None) -> None:
        super().__init__(ctx)
        self.units = [0]  # units encoded by each process, in range order (this one first)

    def encode(self, unit: Unit) -> str:
        self.units[0] += 1
        self.stats.count([a.label for a in unit.annotations])
        kinds = sorted(lk.kind for links in unit.links.values() for lk in links)
        self.stats.relations += len(kinds)
        return dumps_line({"where": unit.where, "labels": [a.label for a in unit.annotations], "links": kinds})

    def state(self) -> FormatState:
        base = super().state()
        return FormatState(spans=base.spans, dropped=base.dropped, relations=base.relations, extra=list(self.units))

    def absorb(self, state: FormatState) -> None:
        super().absorb(state)
        self.units += state.extra

    def write_extra(self, extra: ExtraFile, project: Project, out: TextIO) -> None:
        out.write(json.dumps({"units": self.units, "annotator": self.ctx.annotator}) + "\n")


TOY: FormatName = "toy"  # type: ignore[assignment]  # registered by the test only


@pytest.fixture()
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "toy", ToyFormat)  # the one registry line


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_toy_format_exports_through_export_corpus(toy: None, corpus: Corpus, tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "toy.jsonl"
    summary = export_corpus(corpus.project, ExportOptions(format=TOY, jobs=jobs), out)
    rows = read_jsonl(out)
    assert summary.processes == jobs  # with 2, the worker process made the toy format from the class in the Job
    assert summary.lines_written == len(rows) == 11
    assert all(r["where"].startswith("article ") for r in rows)
    labels = [lab for r in rows for lab in r["labels"]]
    assert labels and set(labels) <= {"PERSON", "ORG", "GPE", "NORP", "EVENT", "ROLE"}  # default_layer: entity
    assert sum(summary.spans.values()) == len(labels)
    extra = tmp_path / "toy.toy.json"
    assert summary.extra_files == {extra: "units per process"} and summary.labels_file == extra
    units = json.loads(extra.read_text(encoding="utf-8"))
    assert units["annotator"] == "ana"
    assert len(units["units"]) == jobs and sum(units["units"]) == 11  # each process's count, absorbed
    assert f"  {extra}: units per process" in summary.lines()


def test_a_toy_format_with_links_split_and_article_units(toy: None, corpus: Corpus, tmp_path: Path) -> None:
    summary = export_corpus(corpus.project, ExportOptions(format=TOY, layer="all", unit="article",
                                                          split=(("a", 0.5), ("b", 0.5)), jobs=1), tmp_path / "t.jsonl")
    assert sorted(p.name for p in summary.files) == ["t.a.jsonl", "t.b.jsonl"]
    rows = [r for p in summary.files for r in read_jsonl(p)]
    assert summary.relations == sum(len(r["links"]) for r in rows) > 0  # needs_links: the links were read


def test_everything_else_follows_from_the_class(toy: None, corpus: Corpus, tmp_path: Path) -> None:
    assert default_layer("toy") == "entity"
    paths, extras = output_paths(corpus.project, ExportOptions(format=TOY), tmp_path / "x.jsonl")
    assert paths == {"": tmp_path / "x.jsonl"} and extras == {_SUMMARY: tmp_path / "x.toy.json"}


def test_the_registry_is_the_one_list_of_formats() -> None:
    from typing import get_args

    from annotator.export import FORMATS

    assert FORMATS == tuple(REGISTRY) == get_args(FormatName) == (
        "native", "spans", "bio", "doccano", "labelstudio", "docbin", "conll", "brat", "xmi", "webanno-tsv", "citron")
    assert all(cls.name == name for name, cls in REGISTRY.items())
