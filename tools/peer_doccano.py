"""Redo the doccano round trip against a running server: our export -> doccano -> its JSONL export -> back.

Install and start doccano on this machine first (its own venv, never the project's; bound to 127.0.0.1,
see ``../shared/peers/README.md``)::

    python3 -m venv /tmp/doccano-venv
    /tmp/doccano-venv/bin/pip install doccano==1.8.4 'marshmallow<3.20' 'numpy<2'
    export DOCCANO_HOME=/tmp/doccano-home
    /tmp/doccano-venv/bin/doccano init
    /tmp/doccano-venv/bin/doccano createuser --username admin --password secret123
    /tmp/doccano-venv/bin/python tools/doccano_serve.py 8000 &    # doccano's WSGI app on 127.0.0.1:8000
    /tmp/doccano-venv/bin/doccano task --concurrency 1 &          # the worker that runs uploads and exports

then, from the repository root::

    .venv/bin/python tools/peer_doccano.py --url http://127.0.0.1:8000 --user admin --password secret123 \\
        [--save-fixtures tests/importing/fixtures]

The project of the doccano tests is built (``tests/importing/readers/doccano_corpus.py``: emoji, flags, ZWJ
sequences, CRLF, overlapping spans) and exported with ``--format doccano`` once per run below. Each file is
uploaded into a new sequence-labelling project (``allow_overlapping`` on: with it off doccano drops the
overlapping spans without a word; ``grapheme_mode`` on for the graphemes run) the way its upload page does
(``/v1/fp/process/``, then ``/v1/projects/N/upload``), doccano's JSONL export is downloaded, imported
back into a copy of the project as annotator ``doccano`` (``import --format doccano --offsets ...``), and
the span F1 against the original annotator is printed; the exit status is 1 below 1.000.
``--save-fixtures`` keeps doccano's exports as the fixtures the tests read.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# (offsets, unit, the fixture doccano's export is saved as)
RUNS: tuple[tuple[str, str, str], ...] = (
    ("utf16", "paragraph", "doccano-1.8.4-utf16.jsonl"),
    ("utf16", "article", "doccano-1.8.4-utf16-article.jsonl"),  # whole articles: CRLF inside the text
    ("graphemes", "paragraph", "doccano-1.8.4-graphemes.jsonl"),
)


class Doccano:
    """A logged-in session with a doccano 1.8 server (its REST API with a token)."""

    def __init__(self, url: str, user: str, password: str) -> None:
        self.url = url.rstrip("/")
        self.token = ""
        self.token = self.call("POST", "/v1/auth/login/", {"username": user, "password": password})["key"]

    def call(self, method: str, path: str, body: Any = None, *, raw: bool = False,
             data: bytes | None = None, content_type: str = "application/json") -> Any:
        headers = {"Accept": "*/*" if raw else "application/json"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None:
            headers["Content-Type"] = content_type
        try:
            with urlopen(Request(self.url + path, data=data, method=method, headers=headers), timeout=120) as resp:
                payload = resp.read()
        except HTTPError as exc:
            raise SystemExit(f"{method} {path}: HTTP {exc.code}: {exc.read()[:500]!r}") from None
        return payload if raw else (json.loads(payload) if payload else None)

    def create_project(self, name: str, grapheme_mode: bool) -> int:
        project = self.call("POST", "/v1/projects", {
            "name": name, "description": "corpus-annotator round trip", "guideline": "",
            "project_type": "SequenceLabeling", "resourcetype": "SequenceLabelingProject",
            "allow_overlapping": True, "grapheme_mode": grapheme_mode, "use_relation": False,
            "random_order": False, "collaborative_annotation": False, "tags": []})
        return int(project["id"])

    def upload(self, project: int, path: Path) -> None:
        """The upload page's two steps: the file to filepond, then the import task; waits for it."""
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"filepond\"; filename=\"{path.name}\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + \
            f"\r\n--{boundary}--\r\n".encode()
        upload_id = self.call("POST", "/v1/fp/process/", raw=True, data=body,
                              content_type=f"multipart/form-data; boundary={boundary}").decode().strip()
        task = self.call("POST", f"/v1/projects/{project}/upload", {
            "uploadIds": [upload_id], "format": "JSONL", "task": "SequenceLabeling", "column_data": "text",
            "column_label": "label", "delimiter": ",", "encoding": "utf_8"})["task_id"]
        result = self.wait(task)
        errors = (result or {}).get("error") if isinstance(result, dict) else None
        if errors:
            raise SystemExit(f"doccano refused {path.name}: {errors}")

    def wait(self, task: str) -> Any:
        for _ in range(600):
            status = self.call("GET", f"/v1/tasks/status/{task}")
            if status.get("ready"):
                if status.get("error"):
                    raise SystemExit(f"doccano task {task} failed: {status['error']}")
                return status.get("result")
            time.sleep(0.5)
        raise SystemExit(f"doccano task {task} did not finish in 5 minutes (is `doccano task` running?)")

    def export_jsonl(self, project: int) -> bytes:
        """doccano's JSONL export (the Export page's, every example): the one file in its zip."""
        task = self.call("POST", f"/v1/projects/{project}/download", {"format": "JSONL", "exportApproved": False})
        self.wait(task["task_id"])
        data = self.call("GET", f"/v1/projects/{project}/download?taskId={task['task_id']}", raw=True)
        if data[:2] != b"PK":
            return bytes(data)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [n for n in zf.namelist() if n.endswith(".jsonl")]
            if len(names) != 1:
                raise SystemExit(f"doccano's export holds {names}, expected one .jsonl file")
            return zf.read(names[0])


def round_trip(server: Doccano, offsets: str, unit: str, work: Path, save: Path | None, fixture: str) -> float:
    from annotator.importing import import_files
    from annotator.store.project import open_project
    from tests.importing.readers.doccano_corpus import build, f1, project_spans, write_export

    ours = work / f"ours-{offsets}-{unit}.jsonl"
    write_export(ours, offsets, unit)
    project = server.create_project(f"corpus-annotator {offsets} {unit} {uuid.uuid4().hex[:6]}",
                                    grapheme_mode=offsets == "graphemes")
    server.upload(project, ours)
    theirs = work / fixture
    theirs.write_bytes(server.export_jsonl(project))
    copy = work / f"copy-{offsets}-{unit}"
    copy.mkdir()
    with open_project(copy / "p.db") as proj:
        build(proj, copy / "in")
    import_files(copy / "p.db", [theirs], annotator="doccano", fmt="doccano", offsets=offsets)  # type: ignore[arg-type]
    with open_project(copy / "p.db", create=False) as proj:
        score = f1(project_spans(proj, "ana"), project_spans(proj, "doccano"))
    print(f"{offsets:9} {unit:9} doccano project {project}: span F1 {score:.3f} ({theirs.name})")
    if save is not None:
        shutil.copyfile(theirs, save / fixture)
        (save / fixture.replace(".jsonl", ".uploaded.jsonl")).write_bytes(ours.read_bytes())
    return score


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--save-fixtures", type=Path, help="folder to keep doccano's exports in (the tests' fixtures)")
    args = ap.parse_args()
    server = Doccano(args.url, args.user, args.password)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for offsets, unit, fixture in RUNS:
            scores.append(round_trip(server, offsets, unit, Path(tmp), args.save_fixtures, fixture))
    print("every run: span F1 1.000" if min(scores) == 1.0 else "a run is BELOW span F1 1.000")
    return 0 if min(scores) == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
