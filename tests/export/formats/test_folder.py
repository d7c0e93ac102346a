"""What folder formats share: file names from article ids, the annotations and links they write."""

from __future__ import annotations

from annotator.export.formats.folder import file_stem


def test_file_stems_are_safe_and_unique() -> None:
    taken: set[str] = set()
    assert file_stem("berita/2024 #1", taken) == "berita_2024_1"
    assert file_stem("berita/2024 #1", taken) == "berita_2024_1-2"
    assert file_stem("BERITA_2024_1", taken) == "BERITA_2024_1-3"  # case-insensitive file systems
    assert file_stem("Jakarta–Bogor é", taken) == "Jakarta_Bogor_e"
    assert file_stem("..", taken) == "article"
    assert file_stem("🇮🇩", taken) == "article-2"
    assert len(file_stem("x" * 300, taken)) == 80
