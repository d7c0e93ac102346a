"""UIMA CAS XMI in: a file as INCEpTION writes it (other layers, no label feature), and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.inception import NAMED_ENTITY
from annotator.errors import BadInputError
from annotator.importing.readers import xmi_reader
from annotator.importing.readers.registry import document_format

cassis = pytest.importorskip("cassis")

TEXT = "Menteri 🇮🇩 Budi Santoso mengatakan:\r\n“Pelabuhan Bitung dibuka.” 👩\u200d👩\u200d👧\r\n"


def _inception_like(folder: Path, *, with_type_system: bool = True) -> Path:
    """A CAS with DKPro's NamedEntity and POS, a Quote layer with only ``kind``, and a Speaker relation."""
    ts = cassis.TypeSystem()
    ne = ts.create_type(NAMED_ENTITY)
    ts.create_feature(ne, "value", "uima.cas.String")
    ts.create_feature(ne, "identifier", "uima.cas.String")
    pos = ts.create_type("de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS")
    ts.create_feature(pos, "PosValue", "uima.cas.String")
    quote = ts.create_type("webanno.custom.Quote")
    ts.create_feature(quote, "kind", "uima.cas.String")
    speaker = ts.create_type("webanno.custom.Speaker")
    ts.create_feature(speaker, "Governor", "uima.tcas.Annotation")
    ts.create_feature(speaker, "Dependent", "uima.tcas.Annotation")
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = TEXT
    b = TEXT.index("Budi Santoso")
    person = ne(begin=b, end=b + 12, value="PERSON", identifier="budi")
    q0, q1 = TEXT.index("“"), TEXT.index("”") + 1
    q = quote(begin=q0, end=q1, kind="direct")
    cas.add_all([person, q, pos(begin=0, end=7, PosValue="NOUN"),
                 ne(begin=TEXT.index("🇮🇩"), end=TEXT.index("🇮🇩") + 2, value="GPE"),
                 speaker(begin=b, end=b + 12, Governor=q, Dependent=person)])
    if with_type_system:
        (folder / "TypeSystem.xml").write_text(ts.to_xml(), encoding="utf-8")
    path = folder / "menteri.xmi"
    path.write_text(cas.to_xmi(), encoding="utf-8")
    return path


def test_reads_an_inception_like_file(tmp_path: Path) -> None:
    path = _inception_like(tmp_path)
    assert document_format(path) is not None and document_format(path).name == "xmi"  # type: ignore[union-attr]
    art = xmi_reader.read(path).articles[0]
    assert art.text == TEXT and art.ext_id == "menteri"  # no DocumentMetaData: the file name
    got = {(a.layer, a.label, TEXT[a.start:a.end], a.entity, tuple(a.attrs.items())) for a in art.pieces[0].annotations}
    assert got == {("entity", "PERSON", "Budi Santoso", "budi", ()), ("entity", "GPE", "🇮🇩", None, ()),
                   ("quote", "QUOTE", "“Pelabuhan Bitung dibuka.”", None, (("kind", "direct"),))}
    [link] = art.pieces[0].links
    assert link.kind == "speaker"


def test_needs_the_type_system(tmp_path: Path) -> None:
    path = _inception_like(tmp_path, with_type_system=False)
    with pytest.raises(BadInputError, match=r"menteri\.xmi: no TypeSystem\.xml beside it"):
        xmi_reader.read(path)


def test_broken_xmi_is_one_line(tmp_path: Path) -> None:
    path = _inception_like(tmp_path)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(BadInputError, match=r"menteri\.xmi(:\d+)?: not a UIMA CAS XMI file") as err:
        xmi_reader.read(path)
    assert "\n" not in str(err.value)


def test_not_recognised_without_the_xmi_namespace(tmp_path: Path) -> None:
    path = tmp_path / "x.xmi"
    path.write_text("<root/>", encoding="utf-8")
    assert not xmi_reader.recognise(path)
