"""DocBin files in: ours (see tests/export/formats/test_docbin.py) and a DocBin that spaCy alone made."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.errors import BadInputError
from annotator.importing import import_files
from annotator.importing.readers.docbin_reader import read
from annotator.importing.readers.registry import document_format
from annotator.store.project import open_project

TEXT = "Menlu Retno Marsudi terbang ke Kairo 🇪🇬 untuk perundingan 🕊️.\r\nIa kembali Jumat."


def _foreign(tmp_path: Path, **user_data: object) -> Path:
    nlp = spacy.blank("id")
    doc = nlp(TEXT)
    doc.ents = [doc.char_span(6, 19, label="PERSON"), doc.char_span(31, 36, label="GPE")]
    doc.spans["quote"] = []
    doc.user_data.update(user_data)
    path = tmp_path / "theirs.spacy"
    DocBin(store_user_data=True, docs=[doc]).to_disk(path)
    return path


def test_a_docbin_made_by_spacy_alone_is_one_article(tmp_path: Path) -> None:
    path = _foreign(tmp_path)
    assert document_format(path).name == "docbin"
    (art,) = read(path).articles
    assert art.whole and art.ext_id is None and art.text == TEXT
    assert [(TEXT[a.start:a.end], a.label, a.layer) for a in art.pieces[0].annotations] == [
        ("Retno Marsudi", "PERSON", "entity"), ("Kairo", "GPE", "entity")]
    lines = import_files(tmp_path / "p.db", [path], annotator="spacy")
    assert "2 annotation(s)" in lines[0] and "1 new article(s)" in lines[0]
    with open_project(tmp_path / "p.db", create=False) as p:
        assert p.conn.execute("SELECT text FROM articles").fetchone()[0] == TEXT  # CRLF and all


def test_a_bad_link_in_user_data_is_refused(tmp_path: Path) -> None:
    path = _foreign(tmp_path, annotations=[["entity", 6, 19, "PERSON", "u1", {}, None]],
                    links=[["u1", "friend", "u2", None]])
    with pytest.raises(BadInputError, match=r"theirs\.spacy:1: doc 1: link .* is not a speaker, claimant or cue"):
        read(path)


def test_a_paragraph_given_twice_is_refused(tmp_path: Path) -> None:
    nlp = spacy.blank("id")
    docs = [nlp("Satu dua."), nlp("Tiga empat.")]
    for doc in docs:
        doc.user_data.update({"article_id": "a", "paragraph": 0})
    path = tmp_path / "twice.spacy"
    DocBin(store_user_data=True, docs=docs).to_disk(path)
    with pytest.raises(BadInputError, match=r"twice\.spacy:2: paragraph 0 of article a is also on doc 1"):
        read(path)


def test_a_link_whose_quote_a_model_removed_is_counted_as_such(tmp_path: Path) -> None:
    """Our user_data names a quote the Doc no longer holds (a model rewrote the spans): the link is left out and
    the summary says why, not that it was some other kind of relation."""
    path = _foreign(tmp_path, annotations=[["entity", 6, 19, "PERSON", "u1", {}, None]],
                    links=[["u9", "speaker", "u1", None]])
    assert read(path).dropped == {"link(s) whose quote or claim is no longer in the Doc": 1}
    lines = import_files(tmp_path / "p.db", [path], annotator="spacy")
    assert any("not imported: 1 link(s) whose quote or claim is no longer in the Doc" in ln for ln in lines)
