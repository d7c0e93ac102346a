"""A scraped news article end to end: our own (tests/data), and the real one in ../shared/samples when present.

Dozens of spans are placed by rule (names, places, every quoted passage, cues), each
quote linked to the nearest person named before it, often paragraphs earlier; one
claim per paragraph with a number. Then every format goes out, loads in spaCy and
datasets with every span intact, and native and spans come back in unchanged.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from annotator.export import ExportOptions, export_corpus
from annotator.importing import import_annotated, import_paths
from annotator.services import annotate
from annotator.store import articles as store
from annotator.store.project import Project, open_project
from tests.io.corpus_builder import read_jsonl
from tests.samples import Sample, samples

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"

QUOTES = re.compile(r"“[^”]+”")
CUES = re.compile(r"\b(katanya|kata|mengatakan)\b")
NUMBER_SENTENCE = re.compile(r"[^.]*\d[^.]*\.")


def _annotate(p: Project, article_id: int, sample: Sample) -> int:
    n = 0
    last_person = None
    for par in store.paragraphs(p, article_id):
        if par.boilerplate:
            annotate.set_status(p, par.id, "ana", "done")
            continue
        events = sorted([(m.start(), "PERSON", m) for m in sample.people.finditer(par.text)]
                        + [(m.start(), "GPE", m) for m in sample.places.finditer(par.text)]
                        + [(m.start(), "QUOTE", m) for m in QUOTES.finditer(par.text)]
                        + [(m.start(), "CUE", m) for m in CUES.finditer(par.text)], key=lambda e: e[0])
        for _, label, m in events:
            attrs = {"kind": "direct"} if label == "QUOTE" else None
            ann = annotate.add_annotation(p, par.id, "ana", label, m.start(), m.end(), attrs=attrs)
            n += 1
            if label == "PERSON":
                last_person = ann.id
            elif label == "QUOTE" and last_person is not None:
                annotate.link(p, ann.id, "speaker", "ana", target_id=last_person)
        claim = NUMBER_SENTENCE.search(par.text)
        if claim and claim.group().strip():
            s = claim.start() + len(claim.group()) - len(claim.group().lstrip())
            annotate.add_annotation(p, par.id, "ana", "CLAIM", s, claim.end(), attrs={"checkworthy": "yes"})
            n += 1
        annotate.set_status(p, par.id, "ana", "done")
    return n


@pytest.mark.parametrize("sample", samples())
def test_scraped_article_every_format(tmp_path: Path, sample: Sample) -> None:
    import datasets
    import spacy
    from spacy.tokens import Doc, DocBin

    with open_project(tmp_path / "p.db") as p:
        (article_id,) = import_paths(p, [sample.path]).article_ids
        n = _annotate(p, article_id, sample)
        assert n >= sample.min_spans
        links = p.scalar("SELECT count(*) FROM links l JOIN annotations s ON s.id = l.source_id "
                         "JOIN annotations t ON t.id = l.target_id WHERE s.paragraph_id != t.paragraph_id")
        assert links >= 1  # a quote whose speaker is named in an earlier paragraph
        out = {fmt: tmp_path / f"{fmt}.jsonl" for fmt in ("native", "spans", "bio", "doccano")}
        for fmt, path in out.items():
            summary = export_corpus(p, ExportOptions(format=fmt, layer="all"), path)
            assert summary.lines_written == sample.paragraphs
        for unit in ("paragraph", "article"):
            export_corpus(p, ExportOptions(format="spans", unit=unit), tmp_path / f"spans-{unit}.jsonl")

    spans_total = 0
    for unit in ("paragraph", "article"):
        for lang in ("id", "en"):
            nlp = spacy.blank(lang)
            docs = []
            for row in read_jsonl(tmp_path / f"spans-{unit}.jsonl"):
                doc = Doc(nlp.vocab, words=[t["text"] for t in row["tokens"]],
                          spaces=[t["ws"] for t in row["tokens"]])
                assert doc.text == row["text"]
                doc.spans["sc"] = [doc.char_span(s["start"], s["end"], label=s["label"]) for s in row["spans"]]
                assert all(doc.spans["sc"])
                docs.append(doc)
            back = list(DocBin(docs=docs).from_bytes(DocBin(docs=docs).to_bytes()).get_docs(nlp.vocab))
            assert sum(len(d.spans["sc"]) for d in back) == sum(len(d.spans["sc"]) for d in docs) == n
            spans_total = n
    assert spans_total == n

    ds = datasets.load_dataset("json", data_files=str(out["bio"]), split="train", cache_dir=str(tmp_path / "hf"))
    assert ds.num_rows == sample.paragraphs
    assert all(len(r["tokens"]) == len(r[c]) for r in ds for c in ("ner_tags", "quote_tags", "claim_tags"))

    native_rows = read_jsonl(out["native"])
    for row in read_jsonl(out["doccano"]):
        for s, e, _lab in row["label"]:
            assert row["text"][s:e]
    assert sum(len(r["annotations"]) for r in native_rows) == n

    # back in: native and spans, each into an empty project, then out again unchanged
    for fmt in ("native", "spans"):
        with open_project(tmp_path / f"back-{fmt}.db") as q:
            import_annotated(q, [out[fmt]], annotator="ana")
            again = tmp_path / f"again-{fmt}.jsonl"
            export_corpus(q, ExportOptions(format=fmt, layer="all"), again)
        strip = re.compile(r'"exported_at":"[^"]*"')
        assert strip.sub("", again.read_text(encoding="utf-8")) == strip.sub("", out[fmt].read_text(encoding="utf-8"))
