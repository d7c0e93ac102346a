"""WebAnno TSV 3.3 (INCEpTION's "WebAnno TSV v3.3" format): one ``NAME.tsv`` per article in OUT.

The layers of :mod:`annotator.core.inception`, declared in the header and written one column per feature::

    #FORMAT=WebAnno TSV 3.3
    #T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value|identifier
    #T_SP=webanno.custom.Claim|checkworthy|label|stance
    #T_SP=webanno.custom.Cue|label
    #T_SP=webanno.custom.Quote|kind|label
    #T_RL=webanno.custom.Claimant|BT_webanno.custom.Claim
    #T_RL=webanno.custom.QuoteCue|BT_webanno.custom.Quote
    #T_RL=webanno.custom.Speaker|BT_webanno.custom.Quote


    #Text=Wali Kota Bitung Maurits Rondonuwu meresmikan ...
    1-1	0-4	Wali	_	_	_	_	_	_	ROLE[1]	*[1]	...

Each paragraph is one sentence block (a paragraph with line breaks has one ``#Text=`` line per line, split
at ``\\n``; a CR is written ``\\r`` as INCEpTION writes it, so CRLF text keeps its offsets); its
tokens are the shared tokenizer's, split at every span edge, so every span covers whole tokens. Token
offsets count UTF-16 code units of the article text, as WebAnno TSV does (converted through
:mod:`annotator.core.offsets`: a token after an emoji or a flag starts one unit later per astral character).
Every span carries its number (``PERSON[3]``), also on one token, so a relation names both ends: a
relation is written on the first token of its dependent (the speaker, claimant or cue) as the address of
its governor's first token and the two numbers, ``1-5[4_3]``. Reserved characters (``\\ [ ] | _ -> ; *``,
tab, line break) are escaped with a backslash. White space at a span's edge is not on any token: such a
span is trimmed (counted). TSV keeps no white space between sentences: the text comes back with the
sentences where they were, and line breaks between them (see the reader).
"""

from __future__ import annotations

import re

from annotator.core.inception import (
    CLUSTER_FEATURE,
    RELATION_TYPES,
    SPAN_TYPES,
    attribute_features,
    label_feature,
)
from annotator.core.labels import LabelSchema
from annotator.core.offsets import OffsetMap
from annotator.export.formats.common import word_tokens, written_span
from annotator.export.formats.folder import Document, FolderFormat, attrs_of, kept_annotations, kept_links
from annotator.export.formats.unit import Unit
from annotator.store.corpus_queries import AnnotationRow

FORMAT_LINE = "#FORMAT=WebAnno TSV 3.3"
_RESERVED = re.compile(r"\\|\[|\]|\||_|->|;|\t|\n|\r|\*")
_CONTROL = {"\t": "t", "\n": "n", "\r": "r"}


def escape(value: str) -> str:
    """A token or feature value with WebAnno TSV's reserved characters escaped."""
    return _RESERVED.sub(lambda m: "\\" + _CONTROL.get(m.group(0), m.group(0)), value)


def escape_text(line: str) -> str:
    """A ``#Text=`` line: backslashes, tabs and carriage returns escaped (``\\r``: INCEpTION's CRLF lines)."""
    return line.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r")


def span_layers(schema: LabelSchema) -> list[tuple[str, str, list[str]]]:
    """(our layer, type name, features in column order) of each span layer, in header order."""
    out = []
    for layer, type_name in SPAN_TYPES.items():
        if layer == "entity":
            features = ["value", CLUSTER_FEATURE, *attribute_features(schema, layer)]
        else:
            features = sorted([label_feature(layer), *attribute_features(schema, layer)])
        out.append((layer, type_name, features))
    return sorted(out, key=lambda t: t[1])


def relation_layers() -> list[tuple[str, str, str]]:
    """(link kind, type name, the span type its BT column names) of each relation layer, in header order."""
    base = {"speaker": SPAN_TYPES["quote"], "cue": SPAN_TYPES["quote"], "claimant": SPAN_TYPES["claim"]}
    return sorted(((kind, name, base[kind]) for kind, name in RELATION_TYPES.items()), key=lambda t: t[1])


def header(schema: LabelSchema) -> list[str]:
    lines = [FORMAT_LINE]
    lines += [f"#T_SP={name}|{'|'.join(features)}" for _, name, features in span_layers(schema)]
    lines += [f"#T_RL={name}|BT_{base}" for _, name, base in relation_layers()]
    return lines


class WebannoTsvFormat(FolderFormat):
    name = "webanno-tsv"
    suffixes = (".tsv",)

    def start(self, schema: LabelSchema) -> None:
        self.layers = span_layers(schema)
        self.relations = relation_layers()
        self.head = "\n".join(header(schema)) + "\n\n"
        self.known = {layer: set(features) for layer, _, features in self.layers}

    def documents(self, unit: Unit, stem: str) -> list[Document]:
        return [Document(f"{stem}.tsv", self.tsv(unit))]

    def _spans(self, unit: Unit) -> list[tuple[AnnotationRow, int, int]]:
        """(annotation, start, end) of each written span, white space at its edges trimmed."""
        text, stats = unit.text, self.stats
        out = []
        for a in kept_annotations(unit, stats):
            span = written_span(text, a.start, a.end, stats.dropped)
            if span is not None:
                out.append((a, span[0], span[1]))
        return out

    def tsv(self, unit: Unit) -> str:
        """The article as one WebAnno TSV document."""
        text, stats = unit.text, self.stats
        u16 = OffsetMap(text)
        spans = self._spans(unit)
        number = {a.id: i for i, (a, _, _) in enumerate(spans, 1)}
        edges = {s for _, s, _ in spans} | {e for _, _, e in spans}
        # every token of the article: (sentence, index in it, start, end)
        tokens: list[tuple[int, int, int, int]] = []
        blocks: list[tuple[str, int, int]] = []  # each sentence's text and its first and last token + 1
        for n, part in enumerate(unit.parts or [], 1):
            first = len(tokens)
            inner = {e - part.start for e in edges if part.start < e < part.end}
            for i, (s, e) in enumerate(word_tokens(text[part.start:part.end], inner), 1):
                tokens.append((n, i, part.start + s, part.start + e))
            if len(tokens) > first:
                blocks.append((text[part.start:part.end], first, len(tokens)))
        starts = {t[2]: k for k, t in enumerate(tokens)}
        covering: dict[int, list[tuple[AnnotationRow, int]]] = {}  # token -> (annotation, number)
        first_token: dict[int, int] = {}
        for a, s, e in spans:
            k = starts[s]
            first_token[a.id] = k
            while k < len(tokens) and tokens[k][3] <= e:
                covering.setdefault(k, []).append((a, number[a.id]))
                k += 1
        rel: dict[tuple[str, int], list[str]] = {}  # (kind, token of the dependent) -> BT cells
        kept = [a for a, _, _ in spans]
        for src, lk, tgt in kept_links(unit, kept, stats):
            g = tokens[first_token[src.id]]
            rel.setdefault((lk.kind, first_token[tgt.id]), []).append(
                f"{g[0]}-{g[1]}[{number[src.id]}_{number[tgt.id]}]")
        values = {a.id: self._values(a) for a in kept}
        out = [self.head]
        for sentence, lo, hi in blocks:
            out.append("\n" + "".join(f"#Text={escape_text(line)}\n" for line in sentence.split("\n")))
            for k in range(lo, hi):
                n, i, s, e = tokens[k]
                cells = [f"{n}-{i}", f"{u16.to_utf16(s)}-{u16.to_utf16(e)}", escape(text[s:e])]
                here = covering.get(k, [])
                for layer, _, features in self.layers:
                    mine = [(a, num) for a, num in here if a.layer == layer]
                    for feature in features:
                        cells.append("|".join(f"{escape(values[a.id].get(feature, '')) or '*'}[{num}]"
                                              for a, num in mine) or "_")
                for kind, _, _ in self.relations:
                    cells.append("|".join(rel.get((kind, k), [])) or "_")
                out.append("\t".join(cells) + "\n")
        return "".join(out)

    def _values(self, a: AnnotationRow) -> dict[str, str]:
        """The feature values of an annotation's span layer."""
        out = {label_feature(a.layer): a.label}
        if a.layer == "entity" and a.entity:
            out[CLUSTER_FEATURE] = a.entity
        for key, value in attrs_of(a).items():
            if key in self.known[a.layer]:
                out[key] = value
            else:
                self.stats.dropped[f"attribute {key!r} of {a.label} (not in the label schema)"] += 1
        return out

