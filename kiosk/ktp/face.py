"""The words of a KTP's face, from the lines an engine read: which card it is, the NIK line,
the birth date and the sex printed on it. Pure text work; nothing is kept or written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kiosk.domain.nik import NIK_LENGTH
from kiosk.ktp.engines import LineText

KTP, FAMILY_CARD, OTHER = "ktp", "family_card", "other"

# Words that only other cards print (a KK, a membership card, a driving licence, a bank card).
_NOT_A_KTP = ("KELUARGA", "KARTU", "PESERTA", "BPJS", "SURAT", "MENGEMUDI", "BANK")
_DATE = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})")
# Shapes an engine gives a digit it mistook for a letter; a read that needs them is never sure.
_DIGIT_SHAPES = str.maketrans({"O": "0", "D": "0", "Q": "0", "I": "1", "L": "1", "|": "1", "Z": "2",
                               "S": "5", "B": "8", "G": "6", "T": "7"})


@dataclass(frozen=True)
class FaceText:
    """What the face says. ``repr`` hides the NIK."""

    kind: str
    nik: str | None = field(default=None, repr=False)
    nik_clean: bool = False              # digits only as read, no letter taken for a digit
    worst_digit: float = 0.0             # the least probability of a NIK digit
    province: str | None = None          # the header after PROVINSI
    regency: str | None = None           # the header's second line (KOTA … / KABUPATEN …)
    birth_date: date | None = field(default=None, repr=False)
    sex: str | None = field(default=None, repr=False)


def _squash(text: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def _near(word: str, text: str, slack: int = 1) -> bool:
    """``word`` in ``text`` with at most ``slack`` letters misread (same length)."""
    n = len(word)
    for i in range(0, max(1, len(text) - n + 1)):
        if sum(a != b for a, b in zip(word, text[i:i + n])) <= slack and len(text[i:i + n]) == n:
            return True
    return False


def kind_of(texts: list[str]) -> str:
    squashed = [_squash(t) for t in texts]
    if any(_near("KELUARGA", s) for s in squashed):
        return FAMILY_CARD
    if any(word in s for s in squashed for word in _NOT_A_KTP):
        return OTHER
    head = squashed[:3]
    if any(_near("PROVINSI", s) for s in head) and any(s.startswith(("NIK", "N1K", "NLK")) for s in squashed):
        return KTP
    return OTHER


def _province(texts: list[str]) -> str | None:
    for text in texts[:3]:
        upper = text.upper()
        match = re.search(r"PROV\w*\s*(.+)", upper)
        if match and _near("PROVINSI", _squash(upper)):
            return match.group(1).strip()
    return None


def _regency(texts: list[str]) -> str | None:
    """The line under PROVINSI …, before the NIK."""
    for i, text in enumerate(texts[:2]):
        if _near("PROVINSI", _squash(text)) and i + 1 < len(texts):
            return texts[i + 1].strip().upper() or None
    return None


def _nik(line: LineText) -> tuple[str | None, bool, float]:
    """(the 16 digits, read as digits only, the least digit probability) from the NIK line."""
    text = line.text
    start = text.find(":")
    if start < 0:
        match = re.search(r"N\s*[I1L]\s*K", text.upper())
        start = match.end() - 1 if match else -1
    tail = text[start + 1:]
    positions = [start + 1 + i for i, ch in enumerate(tail) if not ch.isspace()]
    raw = "".join(ch for ch in tail if not ch.isspace())
    clean = raw.isdigit() and raw.isascii()
    digits = raw if clean else raw.upper().translate(_DIGIT_SHAPES)
    if len(digits) != NIK_LENGTH or not (digits.isdigit() and digits.isascii()):
        return None, False, 0.0
    probabilities = [line.chars[p] for p in positions if p < len(line.chars)]
    worst = min(probabilities) if len(probabilities) == NIK_LENGTH else 0.0
    return digits, clean, worst


def nik_line(lines: list[LineText]) -> int | None:
    """Where the NIK line is among the lines read (None: not among them)."""
    for i, line in enumerate(lines):
        squashed = _squash(line.text)
        if squashed.startswith(("NIK", "N1K", "NLK")) and sum(ch.isdigit() for ch in squashed) >= NIK_LENGTH - 2:
            return i
    return None


def _birth(texts: list[str]) -> date | None:
    for text in texts:
        if "LAHIR" in _squash(text) or "TGL" in _squash(text):
            match = _DATE.search(text)
            if match:
                day, month, year = (int(g) for g in match.groups())
                try:
                    return date(year, month, day)
                except ValueError:
                    return None
    return None


def _sex(texts: list[str]) -> str | None:
    for text in texts:
        squashed = _squash(text)
        if "KELAMIN" in squashed or "LAKI" in squashed or "PEREMPUAN" in squashed:
            male, female = _near("LAKILAKI", squashed), _near("PEREMPUAN", squashed)
            if male != female:
                return "M" if male else "F"
    return None


def read_face(lines: list[LineText]) -> FaceText:
    """The face from its lines, top to bottom."""
    texts = [line.text for line in lines]
    kind = kind_of(texts)
    if kind != KTP:
        return FaceText(kind)
    at = nik_line(lines)
    if at is None:
        return FaceText(KTP, province=_province(texts), regency=_regency(texts))
    nik, clean, worst = _nik(lines[at])
    below = texts[at + 1:]
    return FaceText(KTP, nik, clean, worst, _province(texts[:at]), _regency(texts[:at]), _birth(below), _sex(below))
