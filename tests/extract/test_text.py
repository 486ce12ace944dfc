from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refaudit.errors import InputError
from refaudit.extract.text import clean_lines, decode, read_text, repair_line, split_lines

SAMPLE = "Café – “quotes” naïve résumé.\nSmith, J. (2020). Title.\n"


def test_utf8_with_and_without_bom_decode_the_same() -> None:
    assert decode(SAMPLE.encode("utf-8"), "a.txt") == SAMPLE
    assert decode(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "a.txt") == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_bom_is_detected(encoding: str) -> None:
    assert decode(SAMPLE.encode(encoding), "a.txt") == SAMPLE


def test_windows_1252_falls_back_without_mangling_accents_and_quotes() -> None:
    assert decode(SAMPLE.encode("cp1252"), "a.txt") == SAMPLE


def test_mojibake_is_repaired_and_correct_text_is_left_alone() -> None:
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-1252 codec)

    broken = SAMPLE.encode("utf-8").decode("sloppy-windows-1252")
    assert repair_line(broken.splitlines()[0]) == SAMPLE.splitlines()[0]
    assert repair_line("Müller & Brontë — “fine”") == "Müller & Brontë — “fine”"


def test_newlines_are_normalised_without_changing_the_line_count() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\n\nb\n") == ["a", "", "b"]
    assert clean_lines("a\u2028b\x0cc\nd") == ["a b c", "d"]


def test_nbsp_becomes_space_and_zero_width_characters_vanish() -> None:
    assert clean_lines("10.1093/ijnp/\u200bpyx047\u00a0and\ufeff x") == [
        "10.1093/ijnp/pyx047 and x"
    ]


def test_empty_file_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"a.txt: empty file"):
        decode(b"", "a.txt")
    with pytest.raises(InputError, match=r"empty file"):
        decode(codecs.BOM_UTF8, "a.txt")


def test_binary_data_is_an_input_error() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    with pytest.raises(InputError, match=r"a.png: not a text document \(binary data\)"):
        decode(png, "a.png")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_nothing_but_input_error(data: bytes) -> None:
    try:
        lines = read_text(data, "x.txt")
    except InputError:
        return
    assert all("\n" not in line and "\r" not in line for line in lines)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_keeps_its_editor_line_count(text: str) -> None:
    expected = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    if text.endswith(("\n", "\r")) and expected > 1:
        expected -= 1
    assert len(clean_lines(text)) == expected
