"""Every error is one line that says what is there: file names with line breaks, invisible marks or bytes that
are not UTF-8 are shown escaped; a file read with the wrong --encoding is refused, not imported as mojibake."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, BadInputError, one_line
from tests.safety.helpers import assert_one_line_error, cli


@pytest.mark.parametrize(("raw", "shown"), [
    ("plain.txt", "plain.txt"),
    ("two\nlines.txt", "two\\nlines.txt"),
    ("rtl\u200fmark\u202e.txt", "rtl\\u200fmark\\u202e.txt"),
    ("tab\tcr\r.txt", "tab\\tcr\\r.txt"),
    ("bad\udcffbyte.txt", "bad\\udcffbyte.txt"),
    ("emoji 😀\u200d👍 Ünïcode بيت.txt", "emoji 😀\\u200d👍 Ünïcode بيت.txt"),
])
def test_one_line_escapes_only_what_cannot_be_seen(raw: str, shown: str) -> None:
    assert one_line(raw) == shown
    assert str(BadInputError(raw, "not text", 3)) == f"{shown}:3: not text"
    assert "\n" not in str(AnnotatorError(f"{raw}: x"))


@pytest.mark.skipif(os.name != "posix", reason="file names with line breaks and raw bytes")
def test_cli_messages_about_strange_file_names_are_one_line(tmp_path: Path) -> None:
    for raw in (b"two\nlines.txt", "rtl\u200fmark.txt".encode(), b"latin\xff1.txt"):
        path = Path(os.fsdecode(tmp_path / os.fsdecode(raw)))
        path.write_bytes(b"\x00\x01binary")
        line = assert_one_line_error(cli("import", tmp_path / "p.db", path), "binary file")
        assert one_line(path.name) in line
    assert not (tmp_path / "p.db").exists()


def test_a_wrong_encoding_is_refused_not_imported_as_mojibake(tmp_path: Path) -> None:
    ascii_text = tmp_path / "berita.txt"
    ascii_text.write_text("Judul berita pertama\nIsi berita yang cukup panjang untuk diuji.\n", encoding="utf-8")
    line = assert_one_line_error(cli("import", tmp_path / "p.db", ascii_text, "--encoding", "utf-16"),
                                 "berita.txt", "mostly CJK or unassigned", "leave out --encoding")
    assert "utf-16" in line
    assert not (tmp_path / "p.db").exists()
    real = tmp_path / "real-utf16.txt"  # a real UTF-16 file, with CJK in it, comes in
    real.write_text("Judul\n中文新闻标题 berita asli\n", encoding="utf-16")
    done = cli("import", tmp_path / "p.db", real, "--encoding", "utf-16")
    assert done.returncode == 0, done.stderr
