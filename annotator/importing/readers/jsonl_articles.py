"""JSONL articles: one JSON object per line with ``id``, ``text`` and optional fields.

A line that carries labels (``label``, ``labels``, ``annotations``, ``predictions``, ``spans``, ``entities``,
``ner_tags``, ``tokens`` with ``tags``) is never an article: importing its text would drop its labels
without a word. Such a line is refused naming what it looks like and the ``--format`` that reads it
(:func:`looks_like`); a file whose first line a reader of annotated files recognises never comes here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import ArticleIn
from annotator.errors import BadInputError
from annotator.importing.readers.decode import iter_lines
from annotator.importing.readers.kinds import OnBadLine

_OPTIONAL_STR = ("title", "url", "lang", "source")
# fields that hold labels in some tool's lines; also "tokens" with "tags" (a news article's "tags" alone is metadata)
LABEL_FIELDS = ("label", "labels", "annotations", "predictions", "spans", "entities", "ner_tags")


def _spans_like(value: Any) -> bool:
    """A list of spans: ``[start, end, label]`` lists or objects with offsets."""
    return isinstance(value, list) and any(
        (isinstance(x, list) and len(x) == 3 and all(type(v) is int for v in x[:2]))
        or (isinstance(x, dict) and ({"start", "end"} <= x.keys() or {"start_offset", "end_offset"} <= x.keys()))
        for x in value)


def looks_like(obj: dict[str, Any]) -> str | None:
    """What a line that carries labels looks like and how to import it, for the one-line refusal; None for
    a line without labels (an article)."""
    present = [k for k in LABEL_FIELDS if k in obj] + (["tags"] if "tokens" in obj and "tags" in obj else [])
    if not present:
        return None
    for key in ("label", "labels", *(k for k in obj if k not in LABEL_FIELDS)):
        value = obj.get(key)
        if isinstance(value, list) and any(isinstance(x, dict) and "labels" in x and "start" in x for x in value):
            return (f"a Label Studio JSON_MIN task (field '{key}'); import Label Studio's .json export with "
                    "--format labelstudio")
    if "annotations" in obj or "predictions" in obj:
        return "a Label Studio task ('annotations' / 'predictions'); import it with --format labelstudio"
    if "spans" in obj:
        return "a spans line (Prodigy task) without a 'text' string; give 'text', or import it with --format spans"
    if "ner_tags" in obj or ("tokens" in obj and "tags" in obj):
        return "a token-tagged line (Hugging Face / bio: 'tokens' with tags); import it with --format bio"
    for key in ("label", "labels", "entities"):
        if _spans_like(obj.get(key)):
            return f"a doccano sequence-labelling line (field '{key}'); import it with --format doccano"
    key = present[0]
    return (f"a labelled line (field '{key}': labels of the whole text, which this tool cannot import); "
            f"rename the field or move it into 'meta' to import the text as an article")


def parse_article(name: str, lineno: int, raw: str, source: str | None = None) -> ArticleIn:
    """One line of a JSONL article file, validated; raises :class:`BadInputError`. An article without a
    ``source`` gets ``source`` (by default the file's name)."""
    try:
        obj: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadInputError(name, f"not valid JSON ({exc.msg} at column {exc.colno})", lineno) from None
    except (ValueError, RecursionError) as exc:  # nested too deeply, an integer too long
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).splitlines()[0]
        raise BadInputError(name, f"not valid JSON ({reason})", lineno) from None
    if not isinstance(obj, dict):
        raise BadInputError(name, f"expected a JSON object, got {type(obj).__name__}", lineno)
    labelled = looks_like(obj)
    if labelled is not None:
        raise BadInputError(name, f"carries labels, not a plain article: looks like {labelled}", lineno)
    ident = obj.get("id")
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise BadInputError(name, "field 'id' must be a string or an integer", lineno)
    ident = str(ident)
    if not ident.strip():
        raise BadInputError(name, "field 'id' is empty", lineno)
    text = obj.get("text")
    if not isinstance(text, str):
        raise BadInputError(name, "field 'text' must be a string", lineno)
    if not text.strip():
        raise BadInputError(name, "field 'text' is empty or blank", lineno)
    for key in _OPTIONAL_STR:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise BadInputError(name, f"field '{key}' must be a string", lineno)
    meta = obj.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise BadInputError(name, "field 'meta' must be an object", lineno)
    for field_name in ("id", "text", *_OPTIONAL_STR):
        value = ident if field_name == "id" else obj.get(field_name)
        if value is None:
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInputError(name, f"field '{field_name}' holds an unpaired surrogate (\\ud8xx)", lineno) from None
    if "\x00" in text:
        raise BadInputError(name, "field 'text' contains a NUL character", lineno)
    if meta:
        try:
            json.dumps(meta, ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (UnicodeEncodeError, ValueError, RecursionError):
            raise BadInputError(name, "field 'meta' cannot be stored (unpaired surrogate, NaN or too deep)",
                                lineno) from None
    return ArticleIn(ext_id=ident, text=text, title=obj.get("title"), url=obj.get("url"),
                     lang=obj.get("lang"), source=obj.get("source") or source or Path(name).name, meta=meta or {})


def read_articles(path: Path, encoding: str | None,
                  on_bad: OnBadLine | None) -> Iterator[tuple[ArticleIn, int | None]]:
    """Every article of the file with its line number, read as a stream. A bad line raises
    :class:`BadInputError`, or goes to ``on_bad`` (``--skip-bad``) and the next line is read."""
    name, source = str(path), path.name
    for lineno, raw in iter_lines(path, encoding):
        try:
            yield parse_article(name, lineno, raw, source), lineno
        except BadInputError as exc:
            if on_bad is None:
                raise
            on_bad(exc)
