"""The ``labelstudio`` format: a JSON array of tasks Label Studio imports as it is, and its labelling config.

One task per paragraph (or article)::

    [{"data": {"text": "...", "article_id": "a1", "paragraph": 2, "title": "..."},
      "predictions": [{"model_version": "corpus-annotator", "result": [
          {"id": "r12", "from_name": "label", "to_name": "text", "type": "labels",
           "value": {"start": 0, "end": 4, "text": "Budi", "labels": ["PERSON"]}},
          {"id": "r12", "from_name": "QUOTE_kind", ...,  "type": "choices", "value": {..., "choices": ["direct"]}},
          {"from_id": "r13", "to_id": "r12", "type": "relation", "direction": "right", "labels": ["speaker"]}]}]},
     ...]

- Spans go into ``predictions`` (the default: Label Studio shows them as pre-annotations) or, with
  ``--ls-as annotations``, into ``annotations`` (they count as done work there).
- Offsets are code points, which is what Label Studio stores (measured with emoji, flags and ZWJ
  sequences): the stored offsets are written unchanged.
- A result's ``id`` is ``r`` and the annotation's id in the project, so exporting again gives the same ids.
- An attribute of a span (a quote's ``kind``, a claim's ``checkworthy``) is a per-region ``choices`` result
  with the span's id, named ``LABEL_attribute`` as in the labelling config.
- A speaker / claimant / cue link whose both ends are in the task is a ``relation`` result from the quote
  (claim) to its target; other links are counted as dropped. Suggestions nobody accepted are left out.
- ``NAME.config.xml`` beside the tasks (``NAME.json``) is the labelling config for the project's label schema, with
  ``from_name`` / ``to_name`` as the tasks use them (``--ls-from-name``, ``--ls-to-name``).

The array is written as it is made: the export writes ``[``, the tasks separated by ``,`` and ``]``
(the format's ``opening``, ``separator`` and ``closing``), one task per line, each after the first
beginning with its ``,``.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as esc  # the C one, as json.dumps uses
from typing import Any, ClassVar, Final, Literal, TextIO, get_args
from xml.sax.saxutils import quoteattr

from annotator.core.labels import LINK_KINDS, LabelSchema
from annotator.errors import AnnotatorError
from annotator.export.formats.base import BaseFormat, ExtraFile, FormatContext
from annotator.export.formats.common import dumps, finish_line
from annotator.export.formats.unit import Unit
from annotator.store.corpus_queries import AnnotationRow
from annotator.store.labels_store import load_schema
from annotator.store.project import Project

LsTarget = Literal["predictions", "annotations"]
LS_TARGETS: Final[tuple[LsTarget, ...]] = get_args(LsTarget)
DEFAULT_FROM_NAME: Final = "label"
DEFAULT_TO_NAME: Final = "text"
MODEL_VERSION: Final = "corpus-annotator"
CONFIG = ExtraFile(suffix="config.xml", what="Label Studio labelling config for the label schema")

# the option names in FormatContext.options
OPT_AS: Final = "ls_as"
OPT_FROM_NAME: Final = "ls_from_name"
OPT_TO_NAME: Final = "ls_to_name"


def attribute_control(label: str, attribute: str) -> str:
    """The name of the per-region ``Choices`` of a label's attribute: ``QUOTE_kind``."""
    return f"{label}_{attribute}"


def result_id(ann_id: int) -> str:
    """The stable id of an annotation's region."""
    return f"r{ann_id}"


def labelling_config(schema: LabelSchema, from_name: str = DEFAULT_FROM_NAME, to_name: str = DEFAULT_TO_NAME) -> str:
    """The labelling config XML for ``schema``: one ``Labels`` control with every label, the link kinds as
    ``Relations``, and a per-region ``Choices`` for each attribute of a label, shown when such a region is
    selected."""
    lines = ["<View>",
             f"  <Labels name={quoteattr(from_name)} toName={quoteattr(to_name)}>"]
    for lab in schema.labels:
        hint = f" hint={quoteattr(lab.description)}" if lab.description else ""
        lines.append(f"    <Label value={quoteattr(lab.name)} background={quoteattr(lab.color)}{hint}/>")
    lines.append("  </Labels>")
    lines.append("  <Relations>")
    lines += [f"    <Relation value={quoteattr(kind)}/>" for kind in LINK_KINDS]
    lines.append("  </Relations>")
    lines.append(f"  <Text name={quoteattr(to_name)} value=\"$text\"/>")
    for lab in schema.labels:
        for attribute, values in lab.attributes.items():
            lines.append(f"  <View visibleWhen=\"region-selected\" whenLabelValue={quoteattr(lab.name)}>")
            lines.append(f"    <Header value={quoteattr(f'{lab.name} {attribute}')}/>")
            lines.append(f"    <Choices name={quoteattr(attribute_control(lab.name, attribute))} "
                         f"toName={quoteattr(to_name)} perRegion=\"true\" choice=\"single\">")
            lines += [f"      <Choice value={quoteattr(v)}/>" for v in values]
            lines.append("    </Choices>")
            lines.append("  </View>")
    lines.append("</View>")
    return "\n".join(lines) + "\n"


class LabelStudioFormat(BaseFormat):
    name = "labelstudio"
    needs_links = True
    full_rows = True  # the attributes (quote kind, claim stance) are written as per-region choices
    extra_files: ClassVar[tuple[ExtraFile, ...]] = (CONFIG,)
    suffix: ClassVar[str] = ".json"
    opening: ClassVar[str] = "[\n"
    separator: ClassVar[str] = ","
    closing: ClassVar[str] = "]\n"

    def __init__(self, ctx: FormatContext | None = None) -> None:
        super().__init__(ctx)
        options = dict(self.ctx.options)
        target = options.get(OPT_AS, "predictions")
        if target not in LS_TARGETS:
            raise AnnotatorError(f"--ls-as: {target!r} is not one of {', '.join(LS_TARGETS)}")
        self.target: LsTarget = "annotations" if target == "annotations" else "predictions"
        self.from_name = options.get(OPT_FROM_NAME) or DEFAULT_FROM_NAME
        self.to_name = options.get(OPT_TO_NAME) or DEFAULT_TO_NAME
        if self.from_name == self.to_name:
            raise AnnotatorError(f"--ls-from-name and --ls-to-name must differ (both {self.from_name!r})")
        self._names = f'"from_name":{esc(self.from_name)},"to_name":{esc(self.to_name)}'

    def encode(self, unit: Unit) -> str:
        """The unit's task, one line (the export writes ``,`` before each task after the first)."""
        stats = self.stats
        kept = [a for a in unit.annotations if a.origin != "suggested"]
        if len(kept) < len(unit.annotations):
            stats.dropped["suggestion not yet accepted"] += len(unit.annotations) - len(kept)
        stats.count([a.label for a in kept])
        results = [self._region(unit.text, a) for a in kept]
        for a in kept:
            results += self._choices(unit.text, a)
        results += self._relations(unit, kept)
        if self.target == "predictions":
            outer = f'"predictions":[{{"model_version":"{MODEL_VERSION}","result":[{",".join(results)}]}}]'
        else:
            outer = f'"annotations":[{{"result":[{",".join(results)}]}}]'
        return finish_line(f'{{"data":{self._data(unit)},{outer}}}')

    def _region(self, text: str, a: AnnotationRow) -> str:
        return (f'{{"id":"{result_id(a.id)}",{self._names},"type":"labels","value":{{"start":{a.start},'
                f'"end":{a.end},"text":{esc(text[a.start:a.end])},"labels":[{esc(a.label)}]}}}}')

    def _choices(self, text: str, a: AnnotationRow) -> list[str]:
        if not a.attrs_json:
            return []
        attrs = json.loads(a.attrs_json)
        if not isinstance(attrs, dict):
            return []
        out = []
        for attribute, value in attrs.items():
            if not isinstance(value, str):
                self.stats.dropped[f"attribute {attribute} that is not a single value"] += 1
                continue
            control = esc(attribute_control(a.label, attribute))
            out.append(f'{{"id":"{result_id(a.id)}","from_name":{control},"to_name":{esc(self.to_name)},'
                       f'"type":"choices","value":{{"start":{a.start},"end":{a.end},'
                       f'"text":{esc(text[a.start:a.end])},"choices":[{esc(value)}]}}}}')
        return out

    def _relations(self, unit: Unit, kept: list[AnnotationRow]) -> list[str]:
        links = unit.links
        if not links:
            return []
        ids = {a.id for a in kept}
        out = []
        for a in kept:
            for lk in links.get(a.id, ()):
                if lk.target_id is None or lk.target_id not in ids:
                    self.stats.dropped[_why_not(unit, lk.kind, lk.special, lk.target_paragraph)] += 1
                    continue
                out.append(f'{{"from_id":"{result_id(a.id)}","to_id":"{result_id(lk.target_id)}",'
                           f'"type":"relation","direction":"right","labels":[{esc(lk.kind)}]}}')
                self.stats.relations += 1
        return out

    @staticmethod
    def _data(unit: Unit) -> str:
        art = unit.article
        data: dict[str, Any] = {"text": unit.text, "article_id": art.ext_id}
        if unit.paragraph is not None:
            data["paragraph"] = unit.paragraph
        for key, value in (("title", art.title), ("url", art.url), ("lang", art.lang), ("source", art.source)):
            if value is not None:
                data[key] = value
        return dumps(data)

    def write_extra(self, extra: ExtraFile, project: Project, out: TextIO) -> None:
        if extra != CONFIG:
            super().write_extra(extra, project, out)
            return
        out.write(labelling_config(load_schema(project), self.from_name, self.to_name))


def _why_not(unit: Unit, kind: str, special: str | None, target_paragraph: int | None) -> str:
    if special is not None:
        return f"{kind} link to '{special}' (no span to relate)"
    if unit.paragraph is not None and target_paragraph != unit.paragraph:
        return f"{kind} link to a span in another paragraph"
    return f"{kind} link to a span not exported"
