"""Reading input files as text: BOM, encodings, and refusing binary, empty or undecodable files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.errors import BadInputError
from annotator.importing.readers.decode import decode_bytes, iter_lines, read_text


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


def _lines_of(path: Path, encoding: str | None = None) -> list[tuple[int, str]]:
    return list(iter_lines(path, encoding))


def test_iter_lines_streams_the_same_lines_as_read_text(tmp_path: Path) -> None:
    text = "satu\r\n\n  \n“dua” 🇮🇩\u2028tiga\nempat\u0085lima\n\n"
    f = tmp_path / "a.jsonl"
    f.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    expected = [(n, line) for n, line in enumerate(read_text(f).split("\n"), 1) if line.strip()]
    assert _lines_of(f) == expected == [(1, "satu\r"), (4, "“dua” 🇮🇩\u2028tiga"), (5, "empat\u0085lima")]


def test_iter_lines_of_utf16_drops_the_bom(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_bytes("satu\ndua\n".encode("utf-16"))
    assert _lines_of(f, "utf-16") == [(1, "satu"), (2, "dua")]


@pytest.mark.parametrize(("data", "encoding", "fragment", "line"), [
    (b"", None, "empty", None),
    (b" \n\t\r\n  \n", None, "blank", None),
    (b"abc\x00def", None, "binary", None),
    (b"abc", "no-such-encoding", "unknown encoding", None),
    # past the first 8 KiB, so found while streaming rather than by the first look
    (b"baris\n" * 3000 + b"rusak \xe9\n", None, "UTF-8", 3001),
    (b"baris\n" * 3000 + b"a\x00b\n", None, "NUL", 3001),
])
def test_iter_lines_refuses_bad_files_in_one_line(tmp_path: Path, data: bytes, encoding: str | None,
                                                  fragment: str, line: int | None) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(data)
    with pytest.raises(BadInputError) as info:
        _lines_of(f, encoding)
    msg = str(info.value)
    assert msg.startswith(str(f)) and fragment in msg and "\n" not in msg
    assert info.value.line == line


def test_iter_lines_of_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="cannot read"):
        _lines_of(tmp_path / "gone.jsonl")
