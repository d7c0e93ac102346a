"""bench/keys_per_item.py on a one-paragraph article: the scripted session makes the gold items with fewer keys
the new way, and fails loudly when the window does not make what the gold says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ARTICLE = "“Harga cabai turun minggu ini,” kata Menteri Perdagangan Budi Santoso di Semarang-Jawa.\n"
GOLD = {"paragraphs": [{"idx": 0, "spans": [
    {"id": "q", "label": "QUOTE", "text": "Harga cabai turun minggu ini"},
    {"id": "c", "label": "CUE", "text": "kata"},
    {"id": "b", "label": "PERSON", "text": "Budi Santoso"},
    {"id": "s", "label": "GPE", "text": "Semarang"}],
    "links": [{"source": "q", "kind": "cue", "target": "c"}, {"source": "q", "kind": "speaker", "target": "b"}]}]}


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    article, gold = tmp_path / "cabai.txt", tmp_path / "keys_cabai.json"
    article.write_text(ARTICLE, encoding="utf-8")
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    return article, gold


def test_counts_both_ways_and_the_new_one_needs_fewer_keys(qtbot, files) -> None:
    from bench import keys_per_item

    got = keys_per_item.measure(*files)
    new, old = got["new"], got["old"]
    assert (new["spans"], new["speaker_links"], new["cue_links"]) == (4, 1, 1)
    assert (old["spans"], old["speaker_links"], old["cue_links"]) == (4, 1, 0)  # no key linked a cue before
    assert new["sequence"].startswith("Shift+Q Q ")  # the caret starts inside the quote: one key selects it
    assert "Shift+Q" in new["sequence"] and new["link_cue"] == 0  # the cue key right after the quote linked it
    assert new["keys"] < old["keys"]
    assert new["label"] == old["label"] == 4 and new["navigate"] == 1


def test_a_gold_span_the_window_cannot_make_is_an_error(qtbot, files) -> None:
    from bench import keys_per_item

    article, gold = files
    bad = json.loads(gold.read_text(encoding="utf-8"))
    bad["paragraphs"][0]["spans"].append({"id": "x", "label": "GPE", "text": "Semarang-Jaw"})  # not a word's edge
    gold.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(RuntimeError, match="no key sequence selects"):
        keys_per_item.measure(article, gold)
