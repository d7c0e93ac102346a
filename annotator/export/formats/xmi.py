"""UIMA CAS XMI for INCEpTION: one ``NAME.xmi`` per article and ``TypeSystem.xml`` in OUT, via dkpro-cassis.

The layers are named as :mod:`annotator.core.inception` says (DKPro ``NamedEntity``; ``webanno.custom.Quote``,
``Cue``, ``Claim`` with ``label`` and the schema's attributes; ``webanno.custom.Speaker``, ``Claimant`` and
``QuoteCue`` relations from ``Governor`` to ``Dependent``). Each article also gets DKPro's
``DocumentMetaData`` (its id and title), a ``Sentence`` per paragraph and ``Token`` annotations (the
shared tokenizer, split at every span edge), so INCEpTION shows it without segmenting it again.

Offsets: XMI counts UTF-16 code units; cassis writes them so from our code points and reads them back
(a span after an emoji or a flag moves by one unit per astral character). The text keeps its CRLF (XML
escapes the ``\\r`` as ``&#13;``). dkpro-cassis is the optional extra ``peers``; without it this format
stops with one line saying what to install.
"""

from __future__ import annotations

from typing import Any

from annotator.core.inception import (
    CLUSTER_FEATURE,
    DEPENDENT,
    DOCUMENT_METADATA,
    GOVERNOR,
    RELATION_TYPES,
    SENTENCE,
    SPAN_TYPES,
    TOKEN,
    attribute_features,
    label_feature,
)
from annotator.core.labels import LabelSchema
from annotator.errors import AnnotatorError
from annotator.export.formats.common import word_tokens
from annotator.export.formats.folder import Document, FolderFormat, attrs_of, kept_annotations, kept_links
from annotator.export.formats.unit import Unit

NEEDS = "dkpro-cassis (a dependency of corpus-annotator: reinstall it, or pip install dkpro-cassis)"
TYPE_SYSTEM_FILE = "TypeSystem.xml"


def cassis_module() -> Any:
    """dkpro-cassis, imported when first used; one line naming the extra when it is not installed."""
    try:
        import cassis
    except ImportError:
        raise AnnotatorError(f"UIMA CAS XMI needs {NEEDS}") from None
    return cassis


def type_system(schema: LabelSchema) -> Any:
    """The cassis TypeSystem of our layers for ``schema``."""
    cassis = cassis_module()
    ts = cassis.TypeSystem()
    meta = ts.create_type(DOCUMENT_METADATA, supertypeName="uima.tcas.DocumentAnnotation")
    for feature in ("documentTitle", "documentId"):
        ts.create_feature(meta, feature, "uima.cas.String")
    ts.create_type(SENTENCE)
    ts.create_type(TOKEN)
    for layer, name in SPAN_TYPES.items():
        t = ts.create_type(name)
        ts.create_feature(t, label_feature(layer), "uima.cas.String")
        if layer == "entity":
            ts.create_feature(t, CLUSTER_FEATURE, "uima.cas.String")
        for feature in attribute_features(schema, layer):
            ts.create_feature(t, feature, "uima.cas.String")
    for name in RELATION_TYPES.values():
        t = ts.create_type(name)
        ts.create_feature(t, GOVERNOR, "uima.tcas.Annotation")
        ts.create_feature(t, DEPENDENT, "uima.tcas.Annotation")
    return ts


class XmiFormat(FolderFormat):
    name = "xmi"
    suffixes = (".xmi", ".xml")

    def start(self, schema: LabelSchema) -> None:
        self.ts = type_system(schema)
        self.features = {layer: set(attribute_features(schema, layer)) for layer in SPAN_TYPES}

    def schema_files(self, schema: LabelSchema) -> list[Document]:
        return [Document(TYPE_SYSTEM_FILE, self.ts.to_xml())]

    def documents(self, unit: Unit, stem: str) -> list[Document]:
        cas = self.cas(unit)
        return [Document(f"{stem}.xmi", cas.to_xmi(pretty_print=True))]

    def cas(self, unit: Unit) -> Any:
        """The article as a cassis CAS."""
        cassis = cassis_module()
        ts, text, stats = self.ts, unit.text, self.stats
        cas = cassis.Cas(typesystem=ts)
        cas.sofa_string = text
        art = unit.article
        cas.add(ts.get_type(DOCUMENT_METADATA)(begin=0, end=len(text), documentId=art.ext_id,
                                               documentTitle=art.title))
        kept = kept_annotations(unit, stats)
        sentence, token = ts.get_type(SENTENCE), ts.get_type(TOKEN)
        edges = {a.start for a in kept} | {a.end for a in kept}
        for part in unit.parts or []:
            cas.add(sentence(begin=part.start, end=part.end))
            inner = {e - part.start for e in edges if part.start < e < part.end}
            for s, e in word_tokens(text[part.start:part.end], inner):
                cas.add(token(begin=part.start + s, end=part.start + e))
        made: dict[int, Any] = {}
        for a in kept:
            values: dict[str, Any] = {label_feature(a.layer): a.label}
            if a.layer == "entity" and a.entity:
                values[CLUSTER_FEATURE] = a.entity
            for key, value in attrs_of(a).items():
                if key in self.features[a.layer]:
                    values[key] = value
                else:
                    stats.dropped[f"attribute {key!r} of {a.label} (not in the label schema)"] += 1
            fs = ts.get_type(SPAN_TYPES[a.layer])(begin=a.start, end=a.end, **values)
            cas.add(fs)
            made[a.id] = fs
        for src, lk, tgt in kept_links(unit, kept, stats):
            rel = ts.get_type(RELATION_TYPES[lk.kind])
            cas.add(rel(begin=tgt.start, end=tgt.end, **{GOVERNOR: made[src.id], DEPENDENT: made[tgt.id]}))
        return cas
