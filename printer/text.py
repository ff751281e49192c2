"""Text the printer can print: one code page, plain ASCII for what it lacks, never `?`."""
from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

# Characters with no good decomposition; everything else goes through NFKD.
_ASCII = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2026": "...", "\u2022": "-", "\u00b7": "-", "\u25cf": "-", "\u25aa": "-",
    "\u2192": "->", "\u2190": "<-", "\u00d7": "x", "\u00f7": "/",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    "\u00a9": "(c)", "\u00ae": "(R)", "\u2122": "TM", "\u20ac": "EUR", "\u00b0": " derajat",
    "\u00df": "ss", "\u00e6": "ae", "\u00c6": "AE", "\u0153": "oe", "\u0152": "OE",
    "\u00f8": "o", "\u00d8": "O", "\u0111": "d", "\u0110": "D", "\u0142": "l", "\u0141": "L",
    "\u0131": "i", "\u00f0": "d", "\u00fe": "th", "\u2116": "No.", "\u2713": "v", "\u2714": "v",
    "\u2610": "[ ]", "\u2611": "[v]", "\u00bd": "1/2", "\u00bc": "1/4", "\u00be": "3/4",
}


def python_codec(codepage: str) -> str:
    """Python's codec for a code page name (`CP437` -> `cp437`); `ascii` when unknown."""
    try:
        return codecs.lookup(codepage.lower()).name
    except LookupError:
        return "ascii"


@lru_cache(maxsize=4096)
def _fold_char(ch: str, codec: str) -> str:
    if ch in "\n\t":
        return " "
    if ch.isascii():
        return ch if ch.isprintable() else ""
    try:
        ch.encode(codec)
        if ch.isprintable():
            return ch
    except UnicodeEncodeError:
        pass
    if ch in _ASCII:
        return _ASCII[ch]
    decomposed = unicodedata.normalize("NFKD", ch)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    if kept and kept != ch and all(_fold_char(c, codec) == c for c in kept):
        return kept
    return ""


def fold(text: str, codepage: str = "CP437") -> str:
    """Text with every character printable in `codepage`.

    Characters the code page has are kept; others become their plain ASCII look-alike
    ("é" -> "e", "–" -> "-", "“" -> '"'); what has no look-alike is left out. Never `?`.
    """
    codec = python_codec(codepage)
    return "".join(_fold_char(ch, codec) for ch in text)


def encode(text: str, codepage: str = "CP437") -> bytes:
    """Bytes for the printer; `text` is folded first, so nothing is lost to `?`."""
    return fold(text, codepage).encode(python_codec(codepage))


def wrap(text: str, width: int, *, indent: str = "", hang: str = "") -> list[str]:
    """Lines of at most `width` characters, broken at spaces.

    A word longer than a line (a web address) starts on its own line and is cut only
    where it must be.
    """
    width = max(width, len(indent) + 4, len(hang) + 4)
    lines: list[str] = []
    current = indent
    fresh = True  # nothing but the indent on the current line yet
    for word in text.split():
        room = width - len(current) - (0 if fresh else 1)
        if len(word) <= room:
            current = current + word if fresh else f"{current} {word}"
            fresh = False
            continue
        if not fresh:
            lines.append(current)
            current, fresh = hang, True
        while len(current) + len(word) > width:
            cut = width - len(current)
            lines.append(current + word[:cut])
            word = word[cut:]
            current = hang
        current, fresh = current + word, not word
    if not fresh:
        lines.append(current)
    return lines
