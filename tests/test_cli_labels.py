"""annotator labels ...: the window's label schema editor on the command line (thin over the same service)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from annotator.cli import main
from annotator.services import annotate
from annotator.store.articles import paragraphs
from annotator.store.labels_store import load_schema
from annotator.store.project import open_project

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    src = tmp_path / "garut.txt"
    src.write_text("Bupati Rahmat Hidayat membuka pasar murah di Garut pada Sabtu pagi.\n", encoding="utf-8")
    path = tmp_path / "p.db"
    assert _run("import", path, src).exit_code == 0
    with open_project(path) as p:
        annotate.add_annotation(p, paragraphs(p, 1)[0].id, "ana", "PERSON", 7, 21)
    return path


def test_changes_in_order(db: Path) -> None:
    for args in (("rename", "PERSON", "TOKOH"), ("add", "LAW", "--layer", "entity", "--key", "7", "--position", "2"),
                 ("retire", "GPE"), ("colour", "ORG", "#112233"), ("move", "CLAIM", "1"), ("key", "NORP", ""),
                 ("describe", "LAW", "Undang-undang dan peraturan")):
        result = _run("labels", args[0], db, *args[1:])
        assert result.exit_code == 0, result.output
    with open_project(db) as p:
        schema = load_schema(p)
        assert [lab.name for lab in schema.labels][:4] == ["CLAIM", "TOKOH", "LAW", "ORG"]
        assert schema.get("GPE").retired and schema.get("ORG").color == "#112233" and schema.get("NORP").key == ""
        assert p.scalar("SELECT label FROM annotations") == "TOKOH"
    listed = _run("labels", "list", db).output.splitlines()
    assert listed[1].split() == ["TOKOH", "entity", "1", "#f4a261", "1"]
    assert any(line.split()[0] == "GPE" and line.endswith("retired") for line in listed)
    assert json.loads(_run("labels", "list", db, "--json").output)["labels"][0]["name"] == "CLAIM"


def test_add_like_takes_attributes_and_links(db: Path) -> None:
    assert _run("labels", "add", db, "KUTIPAN", "--layer", "quote", "--like", "QUOTE").exit_code == 0
    with open_project(db) as p:
        schema = load_schema(p)
        assert schema.get("KUTIPAN").links == schema.get("QUOTE").links
        assert schema.get("KUTIPAN").attributes == schema.get("QUOTE").attributes
    result = _run("labels", "add", db, "LAIN", "--layer", "quote", "--like", "NOPE")
    assert result.exit_code == 1 and "--like: unknown label 'NOPE'" in result.output


@pytest.mark.parametrize(("args", "fragment"), [
    (("delete", "PERSON"), "PERSON is on 1 annotation(s): it cannot be deleted; retire it instead"),
    (("layer", "PERSON", "claim"), "its layer cannot change"),
    (("key", "ORG", "s"), "the window's key for “Link speaker / claimant…”"),
    (("key", "ORG", "Q"), "already QUOTE's"),
    (("rename", "PERSON", "ORG"), "there is a label ORG already"),
    (("colour", "ORG", "merah"), "#a1b2c3"),
    (("delete", "NOPE"), "unknown label 'NOPE'"),
])
def test_refusals_are_one_line_and_change_nothing(db: Path, args: tuple[str, ...], fragment: str) -> None:
    before = db.read_bytes()
    result = _run("labels", args[0], db, *args[1:])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and fragment in result.output and "nothing was changed" in result.output
    assert db.read_bytes() == before


def test_labels_command_loads_no_qt(db: Path) -> None:
    code = ("import sys; from annotator.cli import main\n"
            "try:\n    main(['labels', 'key', sys.argv[1], 'ORG', 'o'])\nexcept SystemExit:\n    pass\n"
            "sys.stdout.write(str(sorted(m for m in sys.modules if m.startswith('PySide6'))))")
    out = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True, cwd=ROOT,
                         timeout=60, check=True)
    assert out.stdout == "[]"
    with open_project(db) as p:
        assert load_schema(p).get("ORG").key == "o"
