"""Changes to a project's label schema, one at a time, each with the change that undoes it.

The rule: no change may lose or orphan an annotation. A label in use can be renamed (its annotations go
with it), recoloured, rekeyed, moved and retired (hidden from the label bar and the keys, kept on its
annotations), never removed or moved to another layer. How many annotations use each label is given by the
caller (``uses``); so are the keys the window keeps for its own commands (``reserved``: key -> what it does),
which a label may not take.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from annotator.core.labels import _NAME, LAYERS, Label, LabelSchema, SchemaError, key_id

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class AddLabel:
    label: Label
    position: int | None = None  # None: at the end


@dataclass(frozen=True)
class RemoveLabel:
    name: str


@dataclass(frozen=True)
class RenameLabel:
    name: str
    new_name: str


@dataclass(frozen=True)
class SetColour:
    name: str
    colour: str


@dataclass(frozen=True)
class SetKey:
    name: str
    key: str  # "": no key


@dataclass(frozen=True)
class MoveLabel:
    name: str
    position: int  # the index it gets, 0 = first


@dataclass(frozen=True)
class SetRetired:
    name: str
    retired: bool
    key: str = ""  # the key a restored label gets back ("" : none)


@dataclass(frozen=True)
class SetLayer:
    name: str
    layer: str


@dataclass(frozen=True)
class SetDescription:
    name: str
    description: str


SchemaEdit = AddLabel | RemoveLabel | RenameLabel | SetColour | SetKey | MoveLabel | SetRetired | SetLayer \
    | SetDescription


@dataclass(frozen=True)
class Applied:
    """The schema after an edit, the edit that undoes it, and the label renamed on the annotations (if any)."""

    schema: LabelSchema
    undo: SchemaEdit
    renamed: tuple[str, str] | None = None
    summary: str = ""


def describe(edit: SchemaEdit) -> str:
    """The edit in a few words, for a confirmation, the log and an undo button."""
    match edit:
        case AddLabel(label=lab):
            return f"add {lab.name} ({lab.layer})"
        case RemoveLabel(name=name):
            return f"delete {name}"
        case RenameLabel(name=name, new_name=new):
            return f"rename {name} to {new}"
        case SetColour(name=name, colour=colour):
            return f"colour of {name}: {colour}"
        case SetKey(name=name, key=key):
            return f"key of {name}: {key}" if key else f"no key for {name}"
        case MoveLabel(name=name, position=pos):
            return f"move {name} to place {pos + 1}"
        case SetRetired(name=name, retired=retired):
            return f"retire {name}" if retired else f"restore {name}"
        case SetLayer(name=name, layer=layer):
            return f"layer of {name}: {layer}"
        case SetDescription(name=name):
            return f"description of {name}"
    raise AssertionError(edit)  # pragma: no cover - the match covers SchemaEdit


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise SchemaError(f"a label name is a letter then up to 31 letters, digits, _ or - (got {name!r})")
    return name


def check_colour(colour: str) -> str:
    if not _COLOUR.match(colour):
        raise SchemaError(f"a colour looks like #a1b2c3 (got {colour!r})")
    return colour.lower()


def check_key(schema: LabelSchema, name: str, key: str, reserved: Mapping[str, str]) -> str:
    """``key`` when ``name`` may have it: one printable character that no other label and no command has."""
    if not key:
        return ""
    if len(key) != 1 or not key.isprintable() or key.isspace():
        raise SchemaError(f"a label key is one printable character, not white space (got {key!r})")
    for lab in schema.labels:
        if lab.name != name and lab.key and key_id(lab.key) == key_id(key):
            raise SchemaError(f"key {key} is already {lab.name}'s; give {lab.name} another key first")
    for other, what in reserved.items():
        if key_id(other) == key_id(key):
            raise SchemaError(f"key {key} is the window's key for “{what}”; choose another")
    return key


def _in_use(name: str, uses: Mapping[str, int], instead: str) -> None:
    n = uses.get(name, 0)
    if n:
        raise SchemaError(f"{name} is on {n} annotation(s): {instead}")


def _replace_label(schema: LabelSchema, name: str, **changes: object) -> LabelSchema:
    i = schema.index(name)
    labels = list(schema.labels)
    labels[i] = replace(labels[i], **changes)  # type: ignore[arg-type]
    return LabelSchema(tuple(labels))


def _linked_from(schema: LabelSchema, name: str) -> list[str]:
    return [f"{lab.name} ({kind})" for lab in schema.labels for kind, targets in lab.links.items()
            if name in targets and lab.name != name]


def apply_edit(schema: LabelSchema, edit: SchemaEdit, uses: Mapping[str, int] | None = None,
               reserved: Mapping[str, str] | None = None) -> Applied:
    """``edit`` applied to ``schema``, or :class:`SchemaError` (one line) when it cannot be done or would
    lose or orphan annotations (``uses``: label -> how many annotations have it)."""
    uses = uses or {}
    reserved = reserved or {}
    match edit:
        case AddLabel(label=lab, position=pos):
            check_name(lab.name)
            if lab.name in schema:
                raise SchemaError(f"there is a label {lab.name} already")
            if lab.layer not in LAYERS:
                raise SchemaError(f"layer must be one of {', '.join(LAYERS)} (got {lab.layer!r})")
            lab = replace(lab, color=check_colour(lab.color), key=check_key(schema, lab.name, lab.key, reserved))
            labels = list(schema.labels)
            at = len(labels) if pos is None else max(0, min(pos, len(labels)))
            labels.insert(at, lab)
            return Applied(LabelSchema(tuple(labels)), RemoveLabel(lab.name), summary=describe(edit))
        case RemoveLabel(name=name):
            lab = schema.get(name)
            _in_use(name, uses, "it cannot be deleted; retire it instead (hidden, kept on its annotations)")
            linked = _linked_from(schema, name)
            if linked:
                raise SchemaError(f"{name} is linked to from {', '.join(linked)}: it cannot be deleted; retire it")
            at = schema.index(name)
            rest = tuple(x for x in schema.labels if x.name != name)
            return Applied(LabelSchema(rest), AddLabel(lab, at), summary=describe(edit))
        case RenameLabel(name=name, new_name=new):
            schema.get(name)
            check_name(new)
            if new == name:
                raise SchemaError(f"{name} is called {new} already")
            if new in schema:
                raise SchemaError(f"there is a label {new} already; labels cannot be merged here")
            labels = []
            for lab in schema.labels:
                links = {kind: tuple(new if t == name else t for t in targets) for kind, targets in lab.links.items()}
                labels.append(replace(lab, name=new if lab.name == name else lab.name, links=links))
            return Applied(LabelSchema(tuple(labels)), RenameLabel(new, name), (name, new), describe(edit))
        case SetColour(name=name, colour=colour):
            old = schema.get(name).color
            return Applied(_replace_label(schema, name, color=check_colour(colour)), SetColour(name, old),
                           summary=describe(edit))
        case SetKey(name=name, key=key):
            lab = schema.get(name)
            if lab.retired and key:
                raise SchemaError(f"{name} is retired: restore it before giving it a key")
            return Applied(_replace_label(schema, name, key=check_key(schema, name, key, reserved)),
                           SetKey(name, lab.key), summary=describe(edit))
        case MoveLabel(name=name, position=pos):
            at = schema.index(name)
            labels = list(schema.labels)
            lab = labels.pop(at)
            labels.insert(max(0, min(pos, len(labels))), lab)
            return Applied(LabelSchema(tuple(labels)), MoveLabel(name, at), summary=describe(edit))
        case SetRetired(name=name, retired=retired, key=key):
            lab = schema.get(name)
            if lab.retired == retired:
                raise SchemaError(f"{name} is {'retired' if retired else 'in use'} already")
            if retired:
                return Applied(_replace_label(schema, name, retired=True, key=""), SetRetired(name, False, lab.key),
                               summary=describe(edit))
            key = check_key(schema, name, key, reserved)
            return Applied(_replace_label(schema, name, retired=False, key=key), SetRetired(name, True),
                           summary=describe(edit))
        case SetLayer(name=name, layer=layer):
            lab = schema.get(name)
            if layer not in LAYERS:
                raise SchemaError(f"layer must be one of {', '.join(LAYERS)} (got {layer!r})")
            if layer == lab.layer:
                raise SchemaError(f"{name} is on the {layer} layer already")
            _in_use(name, uses, "its layer cannot change (add a new label on the other layer instead)")
            return Applied(_replace_label(schema, name, layer=layer), SetLayer(name, lab.layer),
                           summary=describe(edit))
        case SetDescription(name=name, description=text):
            old = schema.get(name).description
            return Applied(_replace_label(schema, name, description=" ".join(text.split())),
                           SetDescription(name, old), summary=describe(edit))
    raise AssertionError(edit)  # pragma: no cover - the match covers SchemaEdit
