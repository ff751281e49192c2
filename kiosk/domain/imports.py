"""A file imported twice counts once.

Every import (participants, bookings, paper questionnaires) is known by the identity of its
content: the SHA-256 of the rows as read (so a copy of the file under another name, or saved
again with other line ends, is the same file). The file's rows and the note that it was imported
are kept in one transaction, so after a power cut the file is either wholly in, and importing it
again says so, or not in at all. A paper questionnaire that carries its form's own number (a
`no`, `form` or `id` column) is known by its day, service and number too, so a file that repeats
forms of an earlier one (a second batch with the first one's pages) counts each form once.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Sequence

KINDS = ("participants", "bookings", "skm")
FORM_COLUMNS = ("no", "form", "id", "nomor")       # a paper form's own number, when the file has one
_UNIT, _RECORD = "\x1f", "\x1e"


@dataclass(frozen=True)
class ImportRecord:
    """A file that was imported: what it is, its name, how many rows it had and kept, and when."""

    kind: str
    identity: str
    name: str
    rows: int
    kept: int
    at: datetime

    def to_json(self) -> dict:
        return {"kind": self.kind, "name": self.name, "rows": self.rows, "kept": self.kept,
                "at": self.at.isoformat()}


def content_identity(rows: Iterable[Sequence[str]]) -> str:
    """The identity of a file's content from its rows (each a sequence of cell texts)."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(_UNIT.join(str(v).strip() for v in row).encode("utf-8", "surrogatepass") + _RECORD.encode())
    return digest.hexdigest()


def bytes_identity(chunks: Iterable[bytes]) -> str:
    """The identity of a file read as bytes (the large participant files)."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def form_number(record: dict) -> str | None:
    """A paper questionnaire's own number, when its file gives one."""
    for column in FORM_COLUMNS:
        value = str(record.get(column) or "").strip()
        if value:
            return value
    return None


def form_identity(day: date, service: str | None, number: str) -> str:
    """A numbered paper questionnaire's identity: its day, service and number."""
    text = _UNIT.join((day.isoformat(), service or "", number.strip().casefold()))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
