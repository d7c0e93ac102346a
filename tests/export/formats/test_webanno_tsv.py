"""WebAnno TSV 3.3 out and back: the header, UTF-16 token offsets, span numbers, relations, the round trip."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator.core.offsets import OffsetMap
from annotator.errors import AnnotatorError
from annotator.export import ExportOptions, export_corpus
from annotator.export.formats.webanno_tsv import escape
from annotator.importing import import_files
from annotator.store.project import Project, open_project
from tests.export.formats.peer_corpus import EN_TEXT, ID_TEXT, PeerCorpus, article_spans, build, span_f1

HEADER = [
    "#FORMAT=WebAnno TSV 3.3",
    "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|value|identifier",
    "#T_SP=webanno.custom.Claim|checkworthy|label|stance",
    "#T_SP=webanno.custom.Cue|label",
    "#T_SP=webanno.custom.Quote|kind|label",
    "#T_RL=webanno.custom.Claimant|BT_webanno.custom.Claim",
    "#T_RL=webanno.custom.QuoteCue|BT_webanno.custom.Quote",
    "#T_RL=webanno.custom.Speaker|BT_webanno.custom.Quote",
]


@pytest.fixture()
def peer(project: Project, tmp_path: Path) -> PeerCorpus:
    return build(project, tmp_path / "in")


@pytest.fixture()
def exported(peer: PeerCorpus, tmp_path: Path) -> Path:
    out = tmp_path / "tsv"
    export_corpus(peer.project, ExportOptions(format="webanno-tsv", unit="article"), out)
    return out


def _token_lines(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").split("\n")
            if re.match(r"^\d+-\d+\t", line)]


@pytest.mark.parametrize(("stem", "text"), [("bitung-id", ID_TEXT), ("bitung-en", EN_TEXT)])
def test_header_and_utf16_token_offsets(exported: Path, stem: str, text: str) -> None:
    content = (exported / f"{stem}.tsv").read_text(encoding="utf-8")
    assert content.split("\n")[:10] == [*HEADER, "", ""]
    u16 = OffsetMap(text)
    rows = _token_lines(exported / f"{stem}.tsv")
    assert rows and all(len(r) == 3 + 11 for r in rows)  # 8 feature columns, 3 relation columns
    pos = 0
    for r in rows:  # each token is the next piece of the text, at its UTF-16 offsets
        word = r[2].replace("\\", "")
        pos = text.index(word, pos)
        assert r[1] == f"{u16.to_utf16(pos)}-{u16.to_utf16(pos + len(word))}"
        pos += len(word)


def test_spans_numbers_and_relations(exported: Path) -> None:
    rows = {r[2]: r for r in _token_lines(exported / "bitung-id.tsv")}
    flag = next(r for r in _token_lines(exported / "bitung-id.tsv") if r[2] == "🇯🇵")
    start = ID_TEXT.index("🇯🇵🇮🇩")
    assert flag[1] == f"{OffsetMap(ID_TEXT).to_utf16(start)}-{OffsetMap(ID_TEXT).to_utf16(start) + 4}"
    assert re.fullmatch(r"GPE\[\d+\]", flag[3])
    claim = rows["tangkapan"]
    assert re.fullmatch(r"yes\[(\d+)\]", claim[5]) and re.fullmatch(r"CLAIM\[\d+\]", claim[6])
    assert re.fullmatch(r"neutral\[\d+\]", claim[7])
    ujar = rows["ujar"]
    assert ujar[8].startswith("CUE[") and re.fullmatch(r"3-1\[\d+_\d+\]", ujar[12])  # the cue of the quote at 3-1
    maurits = next(r for r in _token_lines(exported / "bitung-id.tsv") if r[0] == "2-7")
    assert maurits[4].startswith("maurits[") and re.fullmatch(r"3-1\[\d+_\d+\]", maurits[13])


def test_round_trip_into_the_project_span_f1(exported: Path, peer: PeerCorpus) -> None:
    lines = import_files(peer.project.path, sorted(exported.iterdir()), annotator="bo")
    assert "2 already in the project" in lines[0]
    before, after = article_spans(peer.project, "ana"), article_spans(peer.project, "bo")
    assert set(before) == set(after)
    for text in before:
        assert span_f1(before[text], after[text]) == 1.0
    clusters = {r[0] for r in peer.project.conn.execute(
        "SELECT entity FROM annotations an JOIN annotators u ON u.id = an.annotator_id "
        "WHERE u.name = 'bo' AND entity IS NOT NULL")}
    assert clusters == {"maurits"}


def test_round_trip_into_a_new_project(exported: Path, peer: PeerCorpus, tmp_path: Path) -> None:
    """An LF article comes back with its very text; the CRLF one with its sentences where they were."""
    import_files(tmp_path / "back.db", [exported], annotator="bo")
    before = article_spans(peer.project, "ana")
    with open_project(tmp_path / "back.db", create=False) as back:
        after = article_spans(back, "bo")
        texts = {r[0]: r[1] for r in back.conn.execute("SELECT ext_id, text FROM articles")}
    assert texts["bitung-en"] == EN_TEXT
    assert span_f1(before[EN_TEXT], after[EN_TEXT]) == 1.0
    rebuilt = texts["bitung-id"]
    assert rebuilt.replace("\n", "") == ID_TEXT.replace("\r", "").replace("\n", "")
    assert OffsetMap(rebuilt.rstrip()).utf16_length() == OffsetMap(ID_TEXT.rstrip()).utf16_length()
    assert len(after[rebuilt]) == len(before[ID_TEXT])


def test_escapes_round_trip(project: Project, tmp_path: Path) -> None:
    assert escape("a|b_c*d[1]\\ -> x;y\tz") == "a\\|b\\_c\\*d\\[1\\]\\\\ \\-> x\\;y\\tz"
    text = "Ketua_RT [Bambang] bilang: a|b -> c; *tamat* 🇮🇩\n"
    src = tmp_path / "in"
    src.mkdir()
    (src / "rt.txt").write_text(text, encoding="utf-8")
    import_files(project.path, [src / "rt.txt"])
    from annotator.services import annotate
    pid = project.scalar("SELECT id FROM paragraphs")
    annotate.add_annotation(project, pid, "ana", "PERSON", text.index("Bambang"), text.index("Bambang") + 7)
    annotate.add_annotation(project, pid, "ana", "ORG", 0, 8)
    annotate.set_status(project, pid, "ana", "done")
    project.conn.commit()
    out = tmp_path / "tsv"
    export_corpus(project, ExportOptions(format="webanno-tsv", unit="article"), out)
    content = (out / "rt.tsv").read_text(encoding="utf-8")
    assert "\tKetua\\_RT\t" in content and "\t\\*\t" in content and "\t\\|\t" in content
    import_files(project.path, [out / "rt.tsv"], annotator="bo")
    assert article_spans(project, "ana")[text] == article_spans(project, "bo")[text]


def test_bad_offsets_name_the_line(exported: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    lines = (exported / "bitung-en.tsv").read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith("2-3\t"))
    cells = lines[i].split("\t")
    s, e = map(int, cells[1].split("-"))
    lines[i] = "\t".join([cells[0], f"{s + 1}-{e + 1}", *cells[2:]])
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(AnnotatorError, match=r"bad\.tsv:\d+: "):
        import_files(tmp_path / "back.db", [path], annotator="bo")
    assert not (tmp_path / "back.db").exists()


def test_tsv_files_of_another_kind_stay_out(tmp_path: Path) -> None:
    """A .tsv without the WebAnno header is not recognised (and not an input format at all)."""
    from annotator.importing.readers.registry import document_format

    plain = tmp_path / "plain.tsv"
    plain.write_text("a\tb\n", encoding="utf-8")
    assert document_format(plain) is None
    ours = tmp_path / "ours.tsv"
    shutil.copy(Path(__file__), ours)
    assert document_format(ours) is None
