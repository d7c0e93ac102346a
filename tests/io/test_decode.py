"""Reading input files as text: BOM, encodings, and refusing binary, empty or undecodable files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.io.decode import decode_bytes, read_text


def test_utf8_text_is_returned_unchanged() -> None:
    text = "Baris satu.\r\n“Kutipan” 🇮🇩 e\u0301\u200f\n\tkatanya.\n"
    assert decode_bytes("a.txt", text.encode("utf-8")) == text


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes("a.txt", codecs.BOM_UTF8 + "Halo".encode()) == "Halo"


def test_only_one_bom_is_dropped() -> None:
    assert decode_bytes("a.txt", codecs.BOM_UTF8 * 2 + b"Halo") == "\ufeffHalo"


def test_given_encoding() -> None:
    raw = "Caf\u00e9 na\u00efve, se\u00f1or".encode("latin-1")
    assert decode_bytes("a.txt", raw, "latin-1") == "Caf\u00e9 na\u00efve, se\u00f1or"


def test_utf16_with_bom_when_asked() -> None:
    raw = "Halo dunia".encode("utf-16")
    assert decode_bytes("a.txt", raw, "utf-16") == "Halo dunia"


@pytest.mark.parametrize(("data", "encoding", "fragment", "line"), [
    (b"", None, "empty", None),
    (b" \n\t\r\n", None, "blank", None),
    (codecs.BOM_UTF8, None, "blank", None),
    (b"abc\x00def", None, "binary", None),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary", None),
    (b"baris satu\nbaris \xe9 dua\n", None, "UTF-8", 2),
    (b"abc", "no-such-encoding", "unknown encoding", None),
    (b"abc", "rot13", "not a text encoding", None),
    (b"YWJj", "base64", "not a text encoding", None),
    ("a\x00b".encode("latin-1"), "latin-1", "NUL", 1),
])
def test_bad_bytes_give_one_line_naming_the_file(data: bytes, encoding: str | None, fragment: str,
                                                 line: int | None) -> None:
    with pytest.raises(BadInputError) as info:
        decode_bytes("dir/berita.txt", data, encoding)
    msg = str(info.value)
    assert msg.startswith("dir/berita.txt")
    assert fragment in msg
    assert "\n" not in msg
    assert info.value.line == line
    assert info.value.path == "dir/berita.txt"


def test_not_utf8_suggests_encoding_option() -> None:
    with pytest.raises(BadInputError, match="--encoding"):
        decode_bytes("a.txt", "Caf\u00e9".encode("latin-1"))


def test_read_text_of_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInputError) as info:
        read_text(tmp_path / "gone.txt")
    assert str(tmp_path / "gone.txt") in str(info.value)


def test_read_text_keeps_crlf(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes(b"satu\r\ndua\r\n")
    assert read_text(f) == "satu\r\ndua\r\n"
