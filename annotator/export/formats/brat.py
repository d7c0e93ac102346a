"""brat standoff: ``NAME.txt`` and ``NAME.ann`` per article, ``annotation.conf`` and ``visual.conf`` per folder.

``NAME.txt`` is the article text exactly as stored (UTF-8, line ends kept: CRLF stays CRLF). Offsets in
``NAME.ann`` count code points of that text, ``\\r`` included: brat reads the text file as it is, so a span
after an emoji, a flag or a ZWJ sequence lands on the same characters there. The lines::

    T1<TAB>PERSON 52 63<TAB>Ayu Lestari          a span (label, start, end, its text)
    T2<TAB>QUOTE 70 81;83 95<TAB>first line second   a span over a line break: one fragment per line
    A1<TAB>kind T2 direct                         an attribute (quote kind, check-worthiness, stance)
    R1<TAB>speaker Arg1:T2 Arg2:T1                a speaker / claimant / cue link, from quote or claim

Links to a special source (unnamed, journalist) have no span to point at and are counted as dropped, as are
suggestions nobody accepted. ``annotation.conf`` declares the project's labels as entity types, the links as
relations (overlapping spans allowed) and the attributes with their values; ``visual.conf`` the colours.
"""

from __future__ import annotations

from annotator.core.labels import LINK_KINDS, LabelSchema
from annotator.export.formats.folder import Document, FolderFormat, attrs_of, kept_annotations, kept_links
from annotator.export.formats.unit import Unit

_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits on: never inside a line


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``text[start:end]`` between line breaks (a span without a break is one piece)."""
    out: list[tuple[int, int]] = []
    pos = start
    for i in range(start, end):
        if text[i] in _BREAKS:
            if i > pos:
                out.append((pos, i))
            pos = i + 1
    if end > pos:
        out.append((pos, end))
    return out


def _token(value: str) -> str:
    """An attribute value as one brat token (brat splits the line on white space)."""
    return "_".join(value.split()) or "_"


class BratFormat(FolderFormat):
    name = "brat"
    suffixes = (".txt", ".ann", ".conf")

    def documents(self, unit: Unit, stem: str) -> list[Document]:
        text = unit.text
        kept = kept_annotations(unit, self.stats)
        lines: list[str] = []
        tid: dict[int, str] = {}
        for a in kept:
            frags = fragments(text, a.start, a.end)
            if not frags:  # a span of line breaks only
                self.stats.dropped["span of line breaks only"] += 1
                continue
            tid[a.id] = f"T{len(tid) + 1}"
            offsets = ";".join(f"{s} {e}" for s, e in frags)
            lines.append(f"{tid[a.id]}\t{a.label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}")
        n = 0
        for a in kept:
            if a.id not in tid:
                continue
            for key, value in sorted(attrs_of(a).items()):
                n += 1
                lines.append(f"A{n}\t{_token(key)} {tid[a.id]} {_token(value)}")
        written = [a for a in kept if a.id in tid]
        for n, (src, lk, tgt) in enumerate(kept_links(unit, written, self.stats), 1):
            lines.append(f"R{n}\t{lk.kind} Arg1:{tid[src.id]} Arg2:{tid[tgt.id]}")
        return [Document(f"{stem}.txt", text), Document(f"{stem}.ann", "".join(f"{line}\n" for line in lines))]

    def schema_files(self, schema: LabelSchema) -> list[Document]:
        return [Document("annotation.conf", annotation_conf(schema)), Document("visual.conf", visual_conf(schema))]


def annotation_conf(schema: LabelSchema) -> str:
    """The project's labels, links and attributes as brat's annotation configuration."""
    out = ["# the label schema of a corpus-annotator project (annotator export --format brat)", "[entities]"]
    out += [lab.name for lab in schema.labels]
    out.append("[relations]")
    for kind in LINK_KINDS:
        sources = [lab.name for lab in schema.labels if kind in lab.links]
        targets = list(dict.fromkeys(t for lab in schema.labels for t in lab.links.get(kind, ()) if t in schema))
        if sources and targets:
            out.append(f"{kind}\tArg1:{'|'.join(sources)}, Arg2:{'|'.join(targets)}")
    out.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    out += ["[events]", "[attributes]"]
    names = list(dict.fromkeys(k for lab in schema.labels for k in lab.attributes))
    for key in names:
        args = [lab.name for lab in schema.labels if key in lab.attributes]
        values = list(dict.fromkeys(_token(v) for lab in schema.labels for v in lab.attributes.get(key, ())))
        out.append(f"{_token(key)}\tArg:{'|'.join(args)}, Value:{'|'.join(values)}")
    return "\n".join(out) + "\n"


def visual_conf(schema: LabelSchema) -> str:
    """The labels' colours as brat's visual configuration."""
    out = ["[labels]"] + [f"{lab.name} | {lab.name}" for lab in schema.labels]
    out += ["[drawing]"] + [f"{lab.name}\tbgColor:{lab.color}" for lab in schema.labels]
    out += [f"{kind}\tcolor:#444444, dashArray:3-3, arrowHead:triangle-5" for kind in LINK_KINDS]
    return "\n".join(out) + "\n"
