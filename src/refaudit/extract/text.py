"""Bytes to clean text: encoding detection, mojibake repair and line normalisation."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy

from refaudit.errors import InputError

# Characters that render as nothing; removed so that words and DOIs are not split by them.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# Spaces that are not U+0020 (no-break, narrow, figure, thin ...) become plain spaces.
_ODD_SPACE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# Characters str.splitlines() would treat as line breaks but editors do not: keep one line.
_ODD_BREAK = re.compile("[\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")
_NEEDS_NORMALIZING = re.compile(
    f"{_INVISIBLE.pattern}|{_ODD_SPACE.pattern}|{_ODD_BREAK.pattern}|\t"
)
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Text may carry a few stray NUL bytes; binary data has more (and fails the control check).
_STRAY_NUL_SHARE = 0.02
_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _binary(path: str) -> InputError:
    return InputError(
        f"{path}: not a text document (binary data)",
        hint="refaudit reads text, Markdown, HTML, .docx and .bib files",
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes sit regularly at odd or even offsets."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / max(len(odd), 1)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _mostly_ascii_letters(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    return sum(c.isascii() for c in letters) / len(letters) >= 0.8


def _decode_legacy(data: bytes) -> str | None:
    """Text in a legacy 8-bit encoding: Windows-1252 for Western text, else detected."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_ascii_letters(text):
        return text
    from charset_normalizer import from_bytes  # rare: most files are UTF-8 or Western

    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return text or None


def decode(data: bytes, path: str) -> str:
    """Decode the bytes of a text file; raise InputError for empty or binary data."""
    for bom, encoding in _UTF32_BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), path)
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(encoding, errors="replace"), path)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data:
        raise InputError(f"{path}: empty file")
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(data.decode(utf16, errors="replace"), path)
        if data.count(0) > _STRAY_NUL_SHARE * len(data):
            raise _binary(path)
        # A few stray NUL bytes in text (a copy gone wrong) are dropped, not fatal.
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        legacy = _decode_legacy(data)
        if legacy is None:
            raise _binary(path) from None
        text = legacy
    return _checked(text, path)


def _checked(text: str, path: str) -> str:
    """Reject text that is mostly control characters or replacement characters."""
    if not text:
        raise InputError(f"{path}: empty file")
    sample = text[:100_000]
    if "\x00" in sample:
        raise _binary(path)
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if bad > 0.05 * len(sample):
        raise _binary(path)
    return text


def repair_line(line: str) -> str:
    """Repair mojibake ('cafÃ©' -> 'café') in one line; correct text is returned unchanged."""
    if not ftfy.badness.is_bad(line):
        return line
    fixed = ftfy.fix_encoding(line)
    # A repair must never add or remove lines.
    return line if "\n" in fixed or "\r" in fixed else fixed


def normalize_line(line: str) -> str:
    """Spaces and invisible characters normalised; tabs become spaces."""
    line = _INVISIBLE.sub("", line)
    line = _ODD_SPACE.sub(" ", line)
    line = _ODD_BREAK.sub(" ", line)
    return line.replace("\t", " ")


def split_lines(text: str) -> list[str]:
    """Lines as an editor counts them: \\r\\n, \\r and \\n each end one line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final newline ends the last line; it does not start a new one
    return lines


def clean_lines(text: str) -> list[str]:
    """Decoded text to normalised lines: mojibake repaired, odd spaces and invisibles removed."""
    # Whole-text checks first: most documents need neither NFC nor repair on any line.
    # ASCII text is NFC and holds no mojibake: the whole-text scans are skipped.
    plain = text.isascii()
    nfc = plain or unicodedata.is_normalized("NFC", text)
    bad = not plain and ftfy.badness.is_bad(text)
    lines = split_lines(text)
    if not nfc:
        lines = [unicodedata.normalize("NFC", ln) for ln in lines]
    if bad:
        lines = [repair_line(ln) for ln in lines]
    if _NEEDS_NORMALIZING.search(text):
        lines = [normalize_line(ln) for ln in lines]
    return lines


def read_text(data: bytes, path: str) -> list[str]:
    """Bytes of a text file to its normalised lines, one per line of the file."""
    return clean_lines(decode(data, path))
