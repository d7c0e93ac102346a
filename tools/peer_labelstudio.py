"""Redo the Label Studio round trip against a running server: our export -> Label Studio -> its exports -> back.

Start Label Studio on this machine first (its own venv; it listens on 127.0.0.1 only with
``--internal-host``)::

    LABEL_STUDIO_USERNAME=me@example.org LABEL_STUDIO_PASSWORD=secret123 LATEST_VERSION_CHECK=false \\
        label-studio start --no-browser --internal-host 127.0.0.1 --host http://127.0.0.1:8080 --port 8080

then, from the repository root::

    .venv/bin/python tools/peer_labelstudio.py --url http://127.0.0.1:8080 --email me@example.org \\
        --password secret123 [--project P.db --annotator NAME] [--save-fixtures tests/importing/fixtures]

Without ``--project`` the project of the Label Studio tests is built
(``tests/export/formats/labelstudio_corpus.py``: emoji, flags, ZWJ sequences, CRLF). The script exports
it twice with ``--format labelstudio`` (spans as annotations, and as predictions), creates a Label Studio
project with the labelling config we write for each, uploads the ``.json`` file as a user would, downloads
Label Studio's JSON, JSON_MIN and CONLL2003 exports, imports the JSON and JSON_MIN ones back into a copy
of the project as another annotator and prints the span F1 against the original (exit status 1 below
1.000). ``--save-fixtures`` keeps the files the tests read. Nothing here goes beyond 127.0.0.1 unless
``--url`` says so.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# each run: (spans as, unit, {Label Studio export type: the fixture it is saved as}); JSON_FULL is the JSON
# export made as a snapshot with full predictions (the plain JSON export gives predictions as ids only)
RUNS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("annotations", "paragraph", {"JSON": "labelstudio-export.json", "JSON_MIN": "labelstudio-export-min.json",
                                  "CONLL2003": "labelstudio-export.conll"}),
    ("predictions", "paragraph", {"JSON_FULL": "labelstudio-export-predictions.json"}),
    ("annotations", "article", {"JSON": "labelstudio-export-article.json"}),
)


class LabelStudio:
    """A logged-in session with a Label Studio server (its web login: legacy API tokens are off by default)."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self.url = url.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))
        self.opener.open(f"{self.url}/user/login/").read()
        body = urlencode({"email": email, "password": password, "csrfmiddlewaretoken": self._csrf()}).encode()
        req = Request(f"{self.url}/user/login/", data=body, headers={"Referer": f"{self.url}/user/login/"})
        self.opener.open(req).read()
        if not any(c.name == "sessionid" for c in self.jar):
            raise SystemExit(f"{self.url}: login as {email} failed")

    def _csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json") -> bytes:
        headers = {"X-CSRFToken": self._csrf(), "Referer": self.url + "/"}
        if body is not None:
            headers["Content-Type"] = content_type
        try:
            with self.opener.open(Request(self.url + path, data=body, headers=headers, method=method)) as resp:
                data: bytes = resp.read()
                return data
        except HTTPError as exc:
            raise SystemExit(f"{method} {path}: HTTP {exc.code}: {exc.read()[:500].decode(errors='replace')}") from None

    def json(self, method: str, path: str, payload: Any = None) -> Any:
        raw = self.call(method, path, None if payload is None else json.dumps(payload).encode())
        return json.loads(raw) if raw else None

    def version(self) -> str:
        return str(self.json("GET", "/api/version").get("release", "?"))

    def create_project(self, title: str, config: str) -> int:
        return int(self.json("POST", "/api/projects", {"title": title, "label_config": config})["id"])

    def upload(self, project: int, path: Path) -> Any:
        """Upload a file as the import dialog does (multipart form, the file's own name)."""
        boundary = uuid.uuid4().hex
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n"
                "Content-Type: application/json\r\n\r\n")
        body = head.encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        raw = self.call("POST", f"/api/projects/{project}/import", body, f"multipart/form-data; boundary={boundary}")
        return json.loads(raw)

    def export(self, project: int, kind: str) -> bytes:
        """Label Studio's export of every task as ``kind`` (JSON, JSON_MIN, CONLL2003; JSON_FULL: JSON with
        whole predictions, through an export snapshot)."""
        if kind != "JSON_FULL":
            query = urlencode({"exportType": kind, "download_all_tasks": "true"})
            return self.call("GET", f"/api/projects/{project}/export?{query}")
        snap = self.json("POST", f"/api/projects/{project}/exports/", {
            "title": "full predictions", "serialization_options": {"predictions": {"only_id": False}},
            "task_filter_options": {"only_with_annotations": False}})
        for _ in range(120):
            status = self.json("GET", f"/api/projects/{project}/exports/{snap['id']}")["status"]
            if status == "completed":
                return self.call("GET", f"/api/projects/{project}/exports/{snap['id']}/download?exportType=JSON")
            if status == "failed":
                break
            time.sleep(0.5)
        raise SystemExit(f"Label Studio project {project}: the export snapshot did not complete")


def round_trip(ls: LabelStudio, db: Path, annotator: str | None, work: Path) -> tuple[dict[str, Path], dict[str, Path]]:
    """Export ``db`` as each of :data:`RUNS` says and put it through Label Studio; returns Label Studio's files
    and ours (what it was given, and the labelling config), by fixture name."""
    from annotator.export import ExportOptions, export_corpus
    from annotator.store.project import open_project

    got: dict[str, Path] = {}
    ours: dict[str, Path] = {}
    with open_project(db, create=False, upgrade=False) as project:
        for target, unit, kinds in RUNS:
            out = work / f"ours-{target}-{unit}.json"
            export_corpus(project, ExportOptions(format="labelstudio", annotator=annotator, jobs=1, unit=unit,
                                                 format_options=(("ls_as", target),)), out)
            ours[f"labelstudio-ours-{target}-{unit}.json"] = out
            ours["labelstudio-ours.config.xml"] = out.with_name(out.stem + ".config.xml")
            config = ours["labelstudio-ours.config.xml"].read_text(encoding="utf-8")
            pid = ls.create_project(f"round trip {target[:5]} {unit[:4]} {uuid.uuid4().hex[:6]}", config)  # <= 50
            answer = ls.upload(pid, out)
            print(f"Label Studio project {pid}: uploaded {out.name}: {answer.get('task_count')} task(s), "
                  f"{answer.get('annotation_count')} annotation(s), {answer.get('prediction_count')} prediction(s)")
            for kind, name in kinds.items():
                path = work / name
                path.write_bytes(ls.export(pid, kind))
                got[name] = path
    return got, ours


def check(db: Path, annotator: str, files: dict[str, Path], work: Path) -> bool:
    """Import each JSON file back into a copy of ``db`` and print the span F1 against ``annotator``'s spans."""
    from annotator.importing.entry import import_files
    from annotator.store.project import open_project
    from tests.export.formats.labelstudio_corpus import f1, span_set

    ok = True
    for name, path in files.items():
        if not name.endswith(".json"):
            continue
        copy = work / f"back-{name}.db"
        shutil.copyfile(db, copy)
        lines = import_files(copy, [path], annotator="ls-back")
        with open_project(copy, create=False, upgrade=False) as project:
            score = f1(span_set(project, annotator), span_set(project, "ls-back"))
        print(f"{name}: span F1 {score:.3f}")
        for line in lines:
            print("  " + line)
        ok = ok and score == 1.0
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--email", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--project", type=Path, help="a project file (default: the test project, built here)")
    ap.add_argument("--annotator", help="whose annotations to export (default: the only annotator)")
    ap.add_argument("--save-fixtures", type=Path, help="copy Label Studio's files into this folder")
    args = ap.parse_args()
    ls = LabelStudio(args.url, args.email, args.password)
    version = ls.version()
    print(f"Label Studio {version} at {args.url}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db, annotator = args.project, args.annotator
        if db is None:
            from annotator.store.project import open_project
            from tests.export.formats.labelstudio_corpus import ANNOTATOR, build_ls_corpus

            db, annotator = work / "corpus.db", ANNOTATOR
            (work / "src").mkdir()
            with open_project(db) as project:
                build_ls_corpus(project, work / "src")
        elif annotator is None:
            raise SystemExit("--annotator NAME: whose spans to compare with")
        files, ours = round_trip(ls, db, annotator, work)
        ok = check(db, annotator, files, work)
        if args.save_fixtures is not None:
            args.save_fixtures.mkdir(parents=True, exist_ok=True)
            for name, path in {**ours, **files}.items():
                shutil.copyfile(path, args.save_fixtures / name)
                print(f"saved {args.save_fixtures / name}")
    print("round trip: span F1 1.000 everywhere" if ok else "round trip: spans were lost or changed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
