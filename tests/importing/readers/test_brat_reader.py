"""brat .ann files in: offsets checked against the .txt (CRLF counted), fragments, attributes, relations, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers import brat_reader
from annotator.importing.readers.registry import document_format, expand_paths, is_annotated_file

TEXT = "Gubernur Olly Dondokambey 🇮🇩 berkata:\r\n“Bitung siap ekspor.”\r\n"


def _pair(folder: Path, ann: str, text: str = TEXT, stem: str = "manado") -> Path:
    (folder / f"{stem}.txt").write_bytes(text.encode("utf-8"))
    path = folder / f"{stem}.ann"
    path.write_text(ann, encoding="utf-8")
    return path


def _at(needle: str) -> str:
    s = TEXT.index(needle)
    return f"{s} {s + len(needle)}"


def test_reads_spans_attributes_and_links(tmp_path: Path) -> None:
    q1, q2 = TEXT.index("“"), TEXT.index("”") + 1
    ann = (f"T1\tPERSON {_at('Olly Dondokambey')}\tOlly Dondokambey\n"
           f"T2\tCUE {_at('berkata')}\tberkata\n"
           f"T3\tQUOTE {q1} {q2}\t{TEXT[q1:q2]}\n"
           f"T4\tGPE {_at('🇮🇩')}\t🇮🇩\n"
           "A1\tkind T3 direct\nA2\tNegated T4\n"
           "R1\tspeaker Arg1:T3 Arg2:T1\nR2\tcue Arg1:T3 Arg2:T2\nR3\tpart-of Arg1:T4 Arg2:T1\n"
           "#1\tAnnotatorNotes T1\tgubernur Sulawesi Utara\nN1\tReference T1 Wikidata:Q1 \tOlly\n")
    path = _pair(tmp_path, ann)
    assert brat_reader.recognise(path) and document_format(path) is not None and is_annotated_file(path)
    parsed = brat_reader.read(path)
    art = parsed.articles[0]
    assert art.text == TEXT and art.whole and art.ext_id == "manado"
    spans = {a.key: (a.label, TEXT[a.start:a.end], a.attrs) for a in art.pieces[0].annotations}
    assert spans["T3"] == ("QUOTE", "“Bitung siap ekspor.”", {"kind": "direct"})
    assert spans["T4"] == ("GPE", "🇮🇩", {"Negated": True})
    assert [(lk.source, lk.kind, lk.target) for lk in art.pieces[0].links] == [("T3", "speaker", "T1"),
                                                                               ("T3", "cue", "T2")]
    assert parsed.dropped_relations == 1


def test_fragments_become_one_span(tmp_path: Path) -> None:
    s1, e2 = TEXT.index("berkata"), TEXT.index("ekspor") + len("ekspor")
    e1, s2 = s1 + len("berkata:"), TEXT.index("“")
    path = _pair(tmp_path, f"T1\tQUOTE {s1} {e1};{s2} {e2}\tberkata: “Bitung siap ekspor\n")
    a = brat_reader.read(path).articles[0].pieces[0].annotations[0]
    assert (a.start, a.end) == (s1, e2)


@pytest.mark.parametrize(("ann", "message"), [
    ("T1\tPERSON 9 24\tOlly Dondokambey\n", r"manado\.ann:1: T1 \(PERSON\): manado\.txt has 'Olly Dondokamb"),
    ("T1\tPERSON 9 900\tOlly\n", r"manado\.ann:1: T1 \(PERSON\): offsets 9-900 lie outside"),
    ("T1\tPERSON 9 25\tOlly Dondokambey\nR1\tspeaker Arg1:T1 Arg2:T7\n", r"manado\.ann:2: R1: T7 is not a span"),
    ("T1\tPERSON 9 25\tOlly Dondokambey\nA1\tkind T9 direct\n", r"manado\.ann:2: A1: T9 is not a span"),
    ("\nE1\tSpeech:T1 Agent:T2\n", r"manado\.ann:2: events are not supported"),
    ("T1 PERSON 9 25 Olly\n", r"manado\.ann:1: not a brat line"),
    ("T1\tPERSON 9 25\tOlly Dondokambey\nT1\tGPE 26 30\t🇮🇩 b\n", r"manado\.ann:2: T1 is defined twice"),
])
def test_bad_lines_name_file_and_line(tmp_path: Path, ann: str, message: str) -> None:
    path = _pair(tmp_path, ann)
    with pytest.raises(BadInputError, match=message):
        brat_reader.read(path)


def test_offsets_count_the_carriage_return(tmp_path: Path) -> None:
    """Offsets that skip the \\r (as a reader translating line ends would write them) are refused."""
    s = TEXT.index("Bitung") - 1  # one short: as if "\r\n" were one character
    path = _pair(tmp_path, f"T1\tGPE {s} {s + 6}\tBitung\n")
    with pytest.raises(BadInputError, match="has '“Bitun'"):
        brat_reader.read(path)


def test_empty_ann_is_an_article_without_spans(tmp_path: Path) -> None:
    parsed = brat_reader.read(_pair(tmp_path, ""))
    assert parsed.articles[0].pieces[0].annotations == []


def test_missing_txt(tmp_path: Path) -> None:
    path = tmp_path / "lone.ann"
    path.write_text("T1\tPERSON 0 4\tOlly\n", encoding="utf-8")
    assert not brat_reader.recognise(path)
    with pytest.raises(BadInputError, match=r"lone\.ann: no lone\.txt beside it"):
        brat_reader.read(path)


def test_a_folder_lists_the_ann_not_its_txt(tmp_path: Path) -> None:
    _pair(tmp_path, "")
    (tmp_path / "plain.txt").write_text("Berita lain tanpa anotasi.\n", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["manado.ann", "plain.txt"]
