"""Opening a text file whose encoding is not known in advance (participant lists from
spreadsheets, other offices' systems).

Detected: UTF-8 with or without a byte-order mark, UTF-16 (with a byte-order mark, or without
one when every other byte of the start is zero). Latin-1 and Windows-1252 cannot be told apart
from UTF-8 reliably, so they are read only when asked for (`encoding="cp1252"`). A file that is
none of these, a binary file and a folder are refused with one sentence; a file that turns out
not to be UTF-8 halfway raises `TextFileError` where it stops being so.
"""
from __future__ import annotations

import codecs
import io
import os
from pathlib import Path
from typing import IO

from kiosk.domain.errors import AnjunganError

ENCODINGS = {"utf-8": "utf-8", "utf8": "utf-8", "utf-16": "utf-16", "latin-1": "latin-1", "latin1": "latin-1",
             "iso-8859-1": "latin-1", "cp1252": "cp1252", "windows-1252": "cp1252"}
_SNIFF = 64 * 1024


class TextFileError(AnjunganError):
    """The file as a whole cannot be read as text."""

    exit_status = 2


def detect(head: bytes) -> str | None:
    """The encoding the first bytes of a file show, or None when they show a binary file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) * 4 >= len(sample):
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
        return None
    return "utf-8"


def _looks_binary(head: bytes) -> bool:
    """Many zero bytes or control codes: a picture, an archive, a spreadsheet's own format. (One
    stray NUL in a text file is a bad row, reported by its line.)"""
    if not head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return head.count(0) * 100 >= len(head) or controls * 10 > len(head)


def open_text(path: str | os.PathLike, encoding: str | None = None) -> tuple[IO[str], str]:
    """A text handle on `path` (newlines kept for the csv module) and the encoding used."""
    p = Path(path)
    if "\x00" in str(p):                     # no file has such a name
        raise FileNotFoundError(str(p).replace("\x00", "?"))
    if p.is_dir():
        raise TextFileError.of("safety.csv.folder", path=p)
    try:
        raw = open(p, "rb")
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise TextFileError.of("safety.csv.unreadable", path=p, error=exc.strerror or exc) from None
    try:
        head = raw.read(_SNIFF)
        raw.seek(0)
    except OSError as exc:
        raw.close()
        raise TextFileError.of("safety.csv.unreadable", path=p, error=exc.strerror or exc) from None
    found = detect(head)
    chosen = found
    if encoding is not None:
        asked = ENCODINGS.get(encoding.strip().lower())
        if asked is None:
            raw.close()
            raise TextFileError.of("safety.csv.encoding_unknown", encoding=encoding,
                                   choices=", ".join(sorted(set(ENCODINGS.values()))))
        # A byte-order mark (or the zero bytes of UTF-16) says more than the option.
        if found == "utf-8":
            chosen = "utf-16-le" if asked == "utf-16" else asked      # no byte-order mark: Windows' order
        elif asked == "utf-16" and found is None:
            chosen = None
    if chosen is None or (not chosen.startswith(("utf-16", "utf-32")) and _looks_binary(head)):
        raw.close()
        raise TextFileError.of("safety.csv.binary", path=p)
    return io.TextIOWrapper(raw, encoding=chosen, errors="strict", newline=""), chosen


def decode_problem(path, exc: UnicodeError, encoding: str) -> TextFileError:
    """The sentence for a file that stops being `encoding` partway."""
    if encoding.startswith("utf-8"):
        return TextFileError.of("safety.csv.not_utf8", path=path)
    return TextFileError.of("safety.csv.bad_text", path=path, encoding=encoding)
