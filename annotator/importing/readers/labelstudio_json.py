"""Label Studio's JSON and JSON_MIN exports: a ``.json`` array of tasks, read whole.

**JSON** (full tasks, and what ``annotator export --format labelstudio`` writes)::

    [{"id": 3, "data": {"text": "...", "article_id": "a1", "paragraph": 2, "title": "..."},
      "annotations": [{"id": 7, "was_cancelled": false, "updated_at": "...", "result": [
          {"id": "r7", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 0, "end": 40, "text": "...", "labels": ["QUOTE"]}},
          {"id": "r7", "from_name": "QUOTE_kind", "type": "choices", "value": {..., "choices": ["direct"]}},
          {"from_id": "r7", "to_id": "r9", "type": "relation", "labels": ["speaker"]}]}],
      "predictions": [...]}, ...]

Which result list a task gives: its newest annotation that was not cancelled (skipped); without one, its
newest prediction (Label Studio's plain JSON export writes predictions as ids only: those cannot be
read, and are counted). The summary says how many tasks came from each, and what was left out.

**JSON_MIN** (one flat object per task: the data fields, the annotation's ids, and each control by its
name)::

    [{"text": "...", "article_id": "a1", "paragraph": 2, "id": 3, "annotation_id": 7,
      "label": [{"start": 0, "end": 40, "text": "...", "labels": ["QUOTE"]}], "QUOTE_kind": "direct"}, ...]

Spans are the lists of objects with ``start``, ``end`` and ``labels`` under any key (the ``Labels``
control's name). JSON_MIN has no region ids and no relations: a per-region choice is kept only when one
span of its label is in the task.

Offsets are code points (what Label Studio stores); a span's ``text`` must be what its offsets cover.
Tasks sharing ``data.article_id`` with a ``data.paragraph`` form one article in paragraph order; a task
without them is an article of its own (its text whole). A ``labels`` region gives one span per label; a
per-region ``choices`` result named ``LABEL_attribute`` (the labelling config we write) becomes that
attribute of the region; a ``relation`` labelled speaker / claimant / cue becomes that link from its
``from_id`` region. Paragraphs of tasks read from an annotation become done; from a prediction, their
status is left as it is.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.core.labels import LINK_KINDS
from annotator.core.model import Status
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable, read_text
from annotator.importing.readers.lines import Groups, InAnnotation, InArticle, InLink, InPiece, Line, ParsedFile

DESCRIPTION: Final = "a Label Studio JSON or JSON_MIN export (a .json array of tasks)"
SUFFIX: Final = ".json"
_HEAD_BYTES: Final = 1 << 16
_MIN_IDS: Final = ("annotation_id", "annotator", "lead_time")  # keys JSON_MIN adds to the data fields
_FULL_SIGN = re.compile(r'"(data|annotations|predictions)"\s*:')
_MIN_SIGN = re.compile(r'"(annotation_id|annotator)"\s*:|"labels"\s*:\s*\[')
_SPACE = re.compile(r"\s*")


def _first_task(head: str) -> object:
    """The first element of the array ``head`` begins, or None when it is cut off or not JSON."""
    m = _SPACE.match(head, 1)
    try:
        return json.JSONDecoder().raw_decode(head, m.end() if m else 1)[0]
    except (ValueError, RecursionError):
        return None


def recognise(path: Path, encoding: str | None = None) -> bool:
    """A ``.json`` file holding an array whose first task has Label Studio's shape (cheap: the first 64 KiB)."""
    if path.suffix.lower() != SUFFIX:
        return False
    raw = fileguard.read_head(path, _HEAD_BYTES)
    if raw is None:
        return False
    try:
        head = raw.decode(encoding or "utf-8-sig", errors="ignore").lstrip()
    except LookupError:
        return False
    if not head.startswith("[") or not head[1:].lstrip().startswith("{"):
        return False
    first = _first_task(head)
    if isinstance(first, dict):
        return is_task(first)
    return bool(_FULL_SIGN.search(head) or _MIN_SIGN.search(head))  # a first task longer than the head


def is_task(obj: dict[str, Any]) -> bool:
    """Whether ``obj`` is a Label Studio task: full (``data`` with its text) or JSON_MIN (``text`` and the
    annotation's ids, or a list of labelled regions)."""
    data = obj.get("data")
    if isinstance(data, dict):
        return "text" in data
    if not isinstance(obj.get("text"), str):
        return False
    return any(k in obj for k in _MIN_IDS) or any(_regions(v) for v in obj.values())


def _regions(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(
        isinstance(r, dict) and "labels" in r and "start" in r and "end" in r for r in value)


def _tasks(name: str, text: str) -> list[tuple[int, Any]]:
    """The array's elements with the line each begins on; raises :class:`BadInputError` naming the line."""
    decoder = json.JSONDecoder()
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]  # \s* always matches
    if not text.startswith("[", pos):
        raise BadInputError(name, "not a JSON array of tasks (Label Studio's JSON or JSON_MIN export)", 1)
    out: list[tuple[int, Any]] = []
    line, seen = 1, 0  # the line of offset ``seen``

    def line_at(offset: int) -> int:
        nonlocal line, seen
        line += text.count("\n", seen, offset)
        seen = offset
        return line

    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", pos):
        return out
    while True:
        at = line_at(pos)
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise BadInputError(name, f"not valid JSON ({exc.msg})", exc.lineno) from None
        except (ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
            raise BadInputError(name, f"not valid JSON ({reason})", at) from None
        out.append((at, obj))
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            continue
        if text.startswith("]", pos) and not text[pos + 1:].strip():
            return out
        raise BadInputError(name, "not valid JSON (expected ',' or ']' after a task, and nothing after the array)",
                            line_at(pos))


class _Task(Line):
    """One task of the file: its errors name the line it begins on and its number (an export is often one
    line), and its keys are its number."""

    def __init__(self, path: str, lineno: int, number: int) -> None:
        super().__init__(path, lineno)
        self.number = number  # 1-based

    def fail(self, message: str) -> BadInputError:
        return super().fail(f"task {self.number}: {message}")


def read(path: Path, encoding: str | None = None) -> ParsedFile:
    """Every task of the file, grouped into articles; raises :class:`BadInputError` naming file and line."""
    name = str(path)
    parsed = ParsedFile(name, [])
    groups: Groups = {}
    for number, (lineno, obj) in enumerate(_tasks(name, read_text(path, encoding)), 1):
        ln = _Task(name, lineno, number)
        if isinstance(obj, dict) and isinstance(obj.get("data"), dict) and "text" not in obj["data"]:
            raise ln.fail("data has no 'text' field (this reader takes tasks whose Text reads $text)")
        if not isinstance(obj, dict) or not is_task(obj):
            raise ln.fail("not a Label Studio task (an object with 'data' and its 'text', or JSON_MIN's 'text' "
                          "and annotation fields)")
        if isinstance(obj.get("data"), dict):
            _full_task(ln, obj, groups, parsed)
        else:
            _min_task(ln, obj, groups, parsed)
        parsed.lines += 1
    if parsed.lines == 0:
        raise BadInputError(name, "no task in file")
    for art in groups.values():
        seen: dict[int, int] = {}
        for piece in art.pieces:
            if piece.index is not None and piece.index in seen:
                raise BadInputError(name, printable(f"paragraph {piece.index} of article {art.ext_id} is in two "
                                                    f"tasks (one begins on line {seen[piece.index]})"), piece.line)
            if piece.index is not None:
                seen[piece.index] = piece.line
        art.pieces.sort(key=lambda p: -1 if p.index is None else p.index)
    parsed.articles = list(groups.values())
    return parsed


def _newest(items: list[dict[str, Any]]) -> dict[str, Any]:
    def when(item: dict[str, Any]) -> tuple[str, int]:
        stamp = item.get("updated_at") or item.get("created_at") or ""
        ident = item.get("id")
        return (stamp if isinstance(stamp, str) else "", ident if type(ident) is int else 0)

    return max(items, key=when)


def _full_task(ln: _Task, obj: dict[str, Any], groups: Groups, parsed: ParsedFile) -> None:
    data = obj["data"]
    text = ln.get(data, "text", str, where="data: ")
    if not text.strip():
        raise ln.fail("data.text is empty or blank")
    annotations = ln.get(obj, "annotations", list, optional=True) or []
    predictions = ln.get(obj, "predictions", list, optional=True) or []
    live = []
    for i, ann in enumerate(annotations):
        if not isinstance(ann, dict):
            raise ln.fail(f"annotation {i} is not an object")
        if ann.get("was_cancelled"):
            parsed.dropped["cancelled (skipped) annotation(s)"] += 1
        else:
            live.append(ann)
    whole = [p for p in predictions if isinstance(p, dict)]
    if len(whole) < len(predictions):
        parsed.dropped["prediction(s) exported as ids only (export a snapshot with full predictions)"] += \
            len(predictions) - len(whole)
    status: Status | None = None
    if live:
        chosen, status = _newest(live), "done"
        parsed.notes["task(s) read from their newest annotation"] += 1
        if len(live) > 1:
            parsed.dropped["older annotation(s) of a task (its newest one was taken)"] += len(live) - 1
        if whole:
            parsed.dropped["prediction(s) of a task that has an annotation"] += len(whole)
    elif whole:
        chosen = _newest(whole)
        parsed.notes["task(s) read from a prediction (they have no annotation)"] += 1
        if len(whole) > 1:
            parsed.dropped["older prediction(s) of a task (its newest one was taken)"] += len(whole) - 1
    else:
        chosen = {"result": []}
        parsed.notes["task(s) with neither annotation nor prediction (text only)"] += 1
    results = ln.get(chosen, "result", list, where="annotation: ")
    piece = InPiece(ln.lineno, None, text, status=status)
    _read_results(ln, text, results, piece, parsed)
    task_id = obj.get("id")
    _place(ln, data, piece, groups, None if type(task_id) is not int else task_id)


def _min_task(ln: _Task, obj: dict[str, Any], groups: Groups, parsed: ParsedFile) -> None:
    text = ln.get(obj, "text", str)
    if not text.strip():
        raise ln.fail("field 'text' is empty or blank")
    piece = InPiece(ln.lineno, None, text, status="done")
    labels_seen: dict[str, list[InAnnotation]] = {}
    for field_name, value in obj.items():
        if not _regions(value):
            continue
        for i, region in enumerate(value):
            for a in _region(ln, text, region, f"{field_name}[{i}]", f"{ln.number}:{field_name}:{i}"):
                piece.annotations.append(a)
                labels_seen.setdefault(a.label, []).append(a)
    for field_name, value in obj.items():  # per-region choices: "QUOTE_kind": "direct" (or ["direct"])
        label, sep, attribute = field_name.partition("_")
        if not sep or label not in labels_seen or _regions(value):
            continue
        choice = value[0] if isinstance(value, list) and len(value) == 1 else value
        targets = labels_seen[label]
        if len(targets) != 1 or not isinstance(choice, str):
            parsed.dropped["JSON_MIN per-region choice(s) that cannot be tied to one span"] += 1
            continue
        targets[0].attrs[attribute] = choice
    parsed.notes["task(s) read from JSON_MIN (it has no relations)"] += 1
    task_id = obj.get("id")
    _place(ln, obj, piece, groups, None if type(task_id) is not int else task_id)


def _region(ln: Line, text: str, value: Any, what: str, key: str) -> list[InAnnotation]:
    """The spans of one labelled region (one per label); ``key`` is the region's key in the file."""
    if not isinstance(value, dict):
        raise ln.fail(f"{what}: 'value' is not an object")
    labels = ln.get(value, "labels", list, where=f"{what}: ")
    if not labels or not all(isinstance(lab, str) for lab in labels):
        raise ln.fail(f"{what}: 'labels' must be a list of label names")
    ln.span(text, value.get("start"), value.get("end"), f"{what} ({', '.join(labels)})",
            ln.get(value, "text", str, optional=True, where=f"{what}: "))
    return [InAnnotation(key if i == 0 else f"{key}/{i}", None, None, lab, value["start"], value["end"], {}, None,
                         None) for i, lab in enumerate(labels)]


def _read_results(ln: _Task, text: str, results: list[Any], piece: InPiece, parsed: ParsedFile) -> None:
    """The spans, attributes and links of one annotation's (or prediction's) result list."""
    by_id: dict[str, InAnnotation] = {}  # region id -> its first span
    later: list[tuple[int, dict[str, Any]]] = []
    for i, res in enumerate(results):
        if not isinstance(res, dict):
            raise ln.fail(f"result {i} is not an object")
        kind = res.get("type")
        if kind == "labels":
            rid = res.get("id")
            key = f"{ln.number}:{rid}" if isinstance(rid, str) and rid else f"{ln.number}:#{i}"
            spans = _region(ln, text, res.get("value"), f"result {i}", key)
            piece.annotations += spans
            if isinstance(rid, str) and rid:
                by_id.setdefault(rid, spans[0])
        elif kind in ("choices", "relation"):
            later.append((i, res))
        else:
            parsed.dropped[f"result(s) of type {printable(str(kind), 40)} (not a span, choice or relation)"] += 1
    for i, res in later:
        if res["type"] == "choices":
            _choice(ln, res, i, by_id, parsed)
        else:
            _relation(ln, res, i, by_id, piece, parsed)


def _choice(ln: Line, res: dict[str, Any], i: int, by_id: dict[str, InAnnotation], parsed: ParsedFile) -> None:
    rid = res.get("id")
    target = by_id.get(rid) if isinstance(rid, str) else None
    control = res.get("from_name")
    value = res.get("value")
    choices = value.get("choices") if isinstance(value, dict) else None
    if target is None or not isinstance(control, str) or not control.startswith(target.label + "_"):
        parsed.dropped["choice(s) that are not an attribute of a span (LABEL_attribute per region)"] += 1
        return
    if not isinstance(choices, list) or len(choices) != 1 or not isinstance(choices[0], str):
        raise ln.fail(f"result {i} ({control}): 'choices' must be a list of one value")
    target.attrs[control[len(target.label) + 1:]] = choices[0]


def _relation(ln: Line, res: dict[str, Any], i: int, by_id: dict[str, InAnnotation], piece: InPiece,
              parsed: ParsedFile) -> None:
    source, target = res.get("from_id"), res.get("to_id")
    if not (isinstance(source, str) and source in by_id and isinstance(target, str) and target in by_id):
        raise ln.fail(f"result {i}: relation between {source!r} and {target!r}, not both regions of the task")
    labels = res.get("labels") or []
    kinds = [str(lab).lower() for lab in labels if str(lab).lower() in LINK_KINDS] if isinstance(labels, list) else []
    if len(kinds) != 1:
        parsed.dropped_relations += 1
        return
    piece.links.append(InLink(by_id[source].key, kinds[0], by_id[target].key, None))


def _place(ln: _Task, data: dict[str, Any], piece: InPiece, groups: Groups, task_id: int | None) -> None:
    """Put the task's piece into its article: by ``article_id`` and ``paragraph``, or as a whole article."""
    raw_id = data.get("article_id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
        raise ln.fail("data.article_id must be a string or an integer")
    para = data.get("paragraph")
    if para is not None and (isinstance(para, bool) or not isinstance(para, int) or para < 0):
        raise ln.fail("data.paragraph must be a whole number")
    head: dict[str, Any] = {key: data.get(key) if isinstance(data.get(key), str) else None
                            for key in ("title", "url", "lang", "source")}
    head["source"] = head["source"] or Path(ln.path).name
    head["meta"] = {} if task_id is None else {"labelstudio_task": task_id}
    if raw_id is None or para is None:  # every paragraph of a whole article becomes done
        groups[("labelstudio-task", str(ln.number))] = InArticle(
            ln.path, ln.lineno, "labelstudio", None if raw_id is None else str(raw_id), head, piece.text,
            whole=True, pieces=[piece])
        return
    piece.index = para
    art = groups.setdefault(("labelstudio", str(raw_id)),
                            InArticle(ln.path, ln.lineno, "labelstudio", str(raw_id), head))
    art.pieces.append(piece)
