"""WebAnno TSV 3 in: a file written as INCEpTION writes it (3.2, trailing tabs, spans without numbers, a
sentence over two lines, a sub-token, a relation), the text rebuilt from UTF-16 offsets, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers import webanno_tsv_reader as r
from annotator.importing.readers.registry import document_format

HEAD = ("#FORMAT=WebAnno TSV 3.2\n"
        "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value|identifier\n"
        "#T_SP=webanno.custom.Quote|kind\n"
        "#T_RL=webanno.custom.Speaker|BT_webanno.custom.Quote\n\n\n")
BODY = ("#Text=“Kapal 🚢 tiba,”\n#Text=kata Budi.\n"
        "1-1\t0-1\t“\t_\t_\tdirect[1]\t_\t\n"
        "1-2\t1-6\tKapal\t_\t_\tdirect[1]\t_\t\n"
        "1-3\t7-9\t🚢\t_\t_\tdirect[1]\t_\t\n"
        "1-4\t10-14\ttiba\t_\t_\tdirect[1]\t_\t\n"
        "1-5\t14-15\t,\t_\t_\tdirect[1]\t_\t\n"
        "1-6\t15-16\t”\t_\t_\tdirect[1]\t_\t\n"
        "1-7\t17-21\tkata\t_\t_\t_\t_\t\n"
        "1-8\t22-26\tBudi\tPERSON\tbudi\t_\t1-1[1_0]\t\n"
        "1-9\t26-27\t.\t_\t_\t_\t_\t\n"
        "\n#Text=Pelabuhan-Bitung ramai.\n"
        "2-1\t29-45\tPelabuhan-Bitung\t_\t_\t_\t_\t\n"
        "2-1.1\t39-45\tBitung\tGPE\t*\t_\t_\t\n"
        "2-2\t46-51\tramai\t_\t_\t_\t_\t\n"
        "2-3\t51-52\t.\t_\t_\t_\t_\t\n")
TEXT = "“Kapal 🚢 tiba,”\nkata Budi.\n\nPelabuhan-Bitung ramai.\n"


def _write(tmp_path: Path, content: str, name: str = "bitung.tsv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_reads_an_inception_style_file(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + BODY)
    assert r.recognise(path) and document_format(path).name == "webanno-tsv"  # type: ignore[union-attr]
    art = r.read(path).articles[0]
    assert art.text == TEXT  # the lines of a sentence joined by \n, the gap between sentences line breaks
    assert [p.text for p in art.pieces] == ["“Kapal 🚢 tiba,”\nkata Budi.", "Pelabuhan-Bitung ramai."]
    assert art.layout == [(0, 26, None), (28, 51, None)]
    spans = {(a.label, p.text[a.start:a.end], a.entity, tuple(a.attrs.items()))
             for p in art.pieces for a in p.annotations}
    assert spans == {("QUOTE", "“Kapal 🚢 tiba,”", None, (("kind", "direct"),)), ("PERSON", "Budi", "budi", ()),
                     ("GPE", "Bitung", None, ())}
    [link] = art.pieces[0].links
    keys = {a.key: a.label for p in art.pieces for a in p.annotations}
    assert (keys[link.source], link.kind, keys[link.target or ""]) == ("QUOTE", "speaker", "PERSON")


def test_crlf_inside_a_sentence_is_found_from_the_offsets(tmp_path: Path) -> None:
    body = "#Text=Kapal tiba\n#Text=hari ini\n1-1\t0-5\tKapal\t_\t_\t_\t_\n1-2\t6-10\ttiba\t_\t_\t_\t_\n" \
           "1-3\t12-16\thari\t_\t_\t_\t_\n1-4\t17-20\tini\t_\t_\t_\t_\n"
    art = r.read(_write(tmp_path, HEAD.replace("3.2", "3.3") + body)).articles[0]
    assert art.text == "Kapal tiba\r\nhari ini\r\n"


@pytest.mark.parametrize(("body", "message"), [
    (BODY.replace("1-8\t22-26", "1-8\t21-25"), r"bitung\.tsv:\d+: the offsets of the sentence's tokens do not fit"),
    (BODY.replace("2-1.1\t39-45", "2-1.1\t38-44"), r"bitung\.tsv:21: token 2-1\.1 at 38-44 is 'Bitung' but the text"),
    (BODY.replace("1-7\t17-21\tkata\t_", "1-7\t17-21\tkata"), r"bitung\.tsv:15: 6 columns where the header declares 7"),
    (BODY.replace("1-8\t22-26\tBudi\tPERSON", "1-8\t22-26\tBudi\t*"), r"bitung\.tsv:\d+: a NamedEntity span without"),
    (BODY.replace("1-1[1_0]", "1-2[7_0]"), r"bitung\.tsv:16: relation '1-2\[7_0\]': no span there"),
    ("1-1\t0-5\tKapal\t_\t_\t_\t_\n", r"bitung\.tsv:7: a token line before any '#Text=' line"),
])
def test_bad_files_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        r.read(_write(tmp_path, HEAD + body))


def test_header_is_required(tmp_path: Path) -> None:
    path = _write(tmp_path, BODY)
    assert not r.recognise(path)
    with pytest.raises(BadInputError, match=r"bitung\.tsv:1: not a WebAnno TSV 3 file"):
        r.read(path)


def test_escapes() -> None:
    assert r._split(r"a\|b|c\\|d") == [r"a\|b", "c\\\\", "d"]
    assert r._unescape(r"Ketua\_RT \[x\] \-> \;\*\t\\") == "Ketua_RT [x] -> ;*\t\\"
