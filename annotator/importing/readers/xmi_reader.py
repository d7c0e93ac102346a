"""UIMA CAS XMI in (INCEpTION's export, and ``export --format xmi``), read by dkpro-cassis.

The type system is ``TypeSystem.xml`` (or ``typesystem.xml``) beside the ``.xmi``, as INCEpTION's
"UIMA CAS XMI" export writes it. The layers are those of :mod:`annotator.core.inception`: ``NamedEntity``
spans (label in ``value``, an explicit entity cluster in ``identifier``), ``webanno.custom.Quote``, ``Cue``
and ``Claim`` spans (label in ``label``, else QUOTE / CUE / CLAIM; every other String feature an
attribute) and the ``Speaker``, ``Claimant`` and ``QuoteCue`` relations (``Governor`` -> ``Dependent``).
Other types (tokens, sentences, POS, ...) are left out. cassis turns XMI's UTF-16 offsets into code
points. The article's id is ``DocumentMetaData.documentId`` when there is one, else the file name's stem;
its paragraphs become done for the annotator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from annotator import fileguard
from annotator.core.inception import (
    CLUSTER_FEATURE,
    DEFAULT_LABELS,
    DEPENDENT,
    DOCUMENT_METADATA,
    GOVERNOR,
    label_feature,
    layer_of_type,
    link_of_type,
)
from annotator.errors import BadInputError
from annotator.importing.readers.decode import printable
from annotator.importing.readers.lines import InAnnotation, InArticle, InLink, InPiece, ParsedFile

DESCRIPTION: Final = "a UIMA CAS XMI file (with TypeSystem.xml beside it)"
NEEDS: Final = "dkpro-cassis (a dependency of corpus-annotator: reinstall it, or pip install dkpro-cassis)"
TYPE_SYSTEM_NAMES: Final = ("TypeSystem.xml", "typesystem.xml")
_BUILTIN = {"begin", "end", "sofa"}


def recognise(path: Path, _encoding: str | None = None) -> bool:
    if path.suffix.lower() != ".xmi":
        return False
    try:
        head = fileguard.read_head(path, 4096)
    except OSError:
        return False
    return head is not None and b"http://www.omg.org/XMI" in head


def _type_system_path(path: Path) -> Path | None:
    return next((path.parent / n for n in TYPE_SYSTEM_NAMES if (path.parent / n).is_file()), None)


def _load(path: Path) -> Any:
    name = str(path)
    try:
        import cassis
    except ImportError:
        raise BadInputError(name, f"reading UIMA CAS XMI needs {NEEDS}") from None
    ts_path = _type_system_path(path)
    if ts_path is None:
        raise BadInputError(name, "no TypeSystem.xml beside it (export it from INCEpTION with the XMI)")
    try:
        with fileguard.open_file(ts_path, "rb") as fh:
            ts = cassis.load_typesystem(fh)
    except Exception as exc:  # noqa: BLE001 - lxml and cassis raise many kinds; each becomes one line
        raise BadInputError(str(ts_path), printable(f"not a UIMA type system ({exc})"),
                            getattr(exc, "lineno", None)) from None
    try:
        with fileguard.open_file(path, "rb") as fh:
            return cassis.load_cas_from_xmi(fh, typesystem=ts)
    except Exception as exc:  # noqa: BLE001 - lxml and cassis raise many kinds; each becomes one line
        raise BadInputError(name, printable(f"not a UIMA CAS XMI file ({exc})"),
                            getattr(exc, "lineno", None)) from None


def _features(fs: Any) -> dict[str, Any]:
    """The String / primitive features of a feature structure that are set, by name."""
    out = {}
    for feature in fs.type.all_features:
        if feature.name in _BUILTIN:
            continue
        value = fs.get(feature.name)
        if value is not None and isinstance(value, (str, int, float, bool)):
            out[feature.name] = value
    return out


def read(path: Path, _encoding: str | None = None) -> ParsedFile:
    """The file's article; raises :class:`BadInputError` naming the file."""
    name = str(path)
    cas = _load(path)
    text = cas.sofa_string
    if not isinstance(text, str) or not text.strip():
        raise BadInputError(name, "the document text (sofa) is empty")
    piece = InPiece(1, None, text, status="done")
    keys: dict[int, str] = {}
    parsed = ParsedFile(name, [], lines=1)
    ext_id, title = path.stem, None
    for fs in cas.select_all_annotations():
        type_name = fs.type.name
        if type_name == DOCUMENT_METADATA:
            ext_id = fs.get("documentId") or ext_id
            title = fs.get("documentTitle")
            continue
        layer = layer_of_type(type_name)
        if layer is None:
            continue
        values = _features(fs)
        label = values.pop(label_feature(layer), None) or DEFAULT_LABELS.get(layer)
        if not isinstance(label, str) or not label:
            raise BadInputError(name, f"{type_name.rsplit('.', 1)[-1]} {fs.xmiID} at {fs.begin}-{fs.end} has no "
                                      f"{label_feature(layer)}")
        if not 0 <= fs.begin < fs.end <= len(text):
            raise BadInputError(name, f"{label} {fs.xmiID}: offsets {fs.begin}-{fs.end} lie outside the text")
        entity = values.pop(CLUSTER_FEATURE, None) if layer == "entity" else None
        key = f"xmi:{fs.xmiID}"
        keys[fs.xmiID] = key
        piece.annotations.append(InAnnotation(key, None, layer, label, fs.begin, fs.end,
                                              {k: v for k, v in values.items()}, None, entity))
    for fs in cas.select_all_annotations():
        kind = link_of_type(fs.type.name)
        if kind is None:
            continue
        gov, dep = fs.get(GOVERNOR), fs.get(DEPENDENT)
        if gov is None or dep is None or gov.xmiID not in keys or dep.xmiID not in keys:
            parsed.dropped_relations += 1
            continue
        piece.links.append(InLink(keys[gov.xmiID], kind, keys[dep.xmiID], None))
    head: dict[str, Any] = {"title": title, "url": None, "lang": None, "source": path.name, "meta": {}}
    parsed.articles.append(InArticle(name, 1, "xmi", str(ext_id), head, text, whole=True, pieces=[piece]))
    return parsed
