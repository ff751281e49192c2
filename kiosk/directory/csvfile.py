"""Reading a participant list (CSV) for import into the local table.

The file needs a header row with the columns ``nik,name,status,segment,programs`` (any order,
any case); ``birth_date`` (YYYY-MM-DD), ``last_paid`` (YYYY-MM) and ``card_number`` (the
membership card, 11 or 13 digits, for visits started with a scanned card) are optional; other
columns are ignored. Commas separate fields; a file whose header uses semicolons (spreadsheets set to
Indonesian) is read with semicolons. UTF-8, with or without a byte-order mark, and UTF-16 are
recognised; Latin-1 / Windows-1252 files are read when asked for (`encoding="cp1252"`). A folder,
a binary file or text in another encoding is refused as a whole, with one sentence
(kiosk/directory/textfile.py).

Every field is checked against its column before anything is written: lengths
(kiosk/domain/fields.py) and characters (no NUL or other control characters); a line the csv
reader cannot read (a field of more than 128 KiB) is a bad row too.

Status words: ``active, inactive, unpaid, deceased, suspended`` in any case, their Indonesian
wording (``aktif``, ``tidak aktif``, ``nonaktif``, ``menunggak``, ``meninggal``,
``ditangguhkan``), and ``other``/``lainnya``. Anything else is refused: a typo must not
silently turn a participant into "other". A status that really is something else is written
``other: <wording>`` (e.g. ``other: Pensiun``) and keeps that wording. The wording as written
is kept as ``status_text``.

Programs are separated by ``;``, ``|``, ``,`` or spaces (``JHT;JKK JKM``).

Rows stream out one at a time: a :class:`ParticipantRow` for each good row and a
:class:`RowError` (line number, masked NIK, reason) for each bad one, so a file with a few bad
rows still imports the rest. A NIK seen twice in the same file is an error on the second row.
"""
from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from typing import IO, Iterator, NamedTuple

from kiosk.directory.base import status_from_word
from kiosk.directory.textfile import TextFileError, decode_problem, open_text
from kiosk.domain.catalog import pair
from kiosk.domain.nik import NikError, mask_nik, parse_nik
from kiosk.domain.participant import Status
from kiosk.domain.errors import AnjunganError
from kiosk.domain.fields import PARTICIPANT_TEXT_LIMITS, forbidden_character, printable
from kiosk.domain.scan import CARD_LENGTHS

REQUIRED_COLUMNS = ("nik", "name", "status", "segment", "programs")
OPTIONAL_COLUMNS = ("birth_date", "last_paid", "card_number")
_PROGRAM_SPLIT = re.compile(r"[;|,\s]+")
_SCIENTIFIC = re.compile(r"^\s*\d+([.,]\d+)?[eE]\+?\d+\s*$")
_CACHE_LIMIT = 4096
_MISSING = object()


class ParticipantRow(NamedTuple):
    nik: str                        # 16 validated digits
    name: str | None
    status: Status
    status_text: str                # the wording as written in the file
    segment: str | None             # upper case
    programs: frozenset[str]        # upper case
    birth_date: date | None         # from the file, else from the NIK
    last_paid: str | None           # "YYYY-MM"
    sex: str | None = None          # from the NIK
    card_number: str | None = None  # membership card number (digits only)


class RowError(NamedTuple):
    line: int                       # line in the file (the header is line 1)
    nik_masked: str
    reason: str                     # Indonesian sentence
    reason_en: str = ""


class CsvFormatError(AnjunganError):
    """The file as a whole cannot be read (no header, a required column missing)."""

    exit_status = 2


def read_participants(source: str | os.PathLike | IO[str], today: date,
                      encoding: str | None = None) -> Iterator[ParticipantRow | RowError]:
    """Stream the rows of a participant CSV (a path or an open text file).

    The header is checked at once: a missing required column raises CsvFormatError naming it;
    a file that is not text (or not in `encoding`) raises TextFileError, at once or where the
    text stops being readable.
    """
    if isinstance(source, (str, os.PathLike)):
        handle, used = open_text(source, encoding)
        owned, label = True, str(source)
    else:
        handle, owned, used, label = source, False, "utf-8", "<text>"
    try:
        try:
            header_line = handle.readline()
        except UnicodeError as exc:
            raise decode_problem(label, exc, used) from None
        columns = _read_header(header_line)
    except BaseException:
        if owned:
            handle.close()
        raise
    return _rows(handle, owned, columns, today, label=label, encoding=used)


def _read_header(header_line: str) -> tuple[str, dict[str, int]]:
    header_line = header_line.lstrip("\ufeff")
    if not header_line.strip():
        raise CsvFormatError.of("import.csv.empty")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    try:
        names = next(csv.reader([header_line], delimiter=delimiter))
    except csv.Error as exc:
        raise CsvFormatError.of("safety.csv.header", error=exc) from None
    index = {}
    for position, name in enumerate(names):
        key = name.strip().lower().replace(" ", "_")
        index.setdefault(key, position)
    for column in REQUIRED_COLUMNS:
        if column not in index:
            raise CsvFormatError.of("import.csv.column", column=column, required=", ".join(REQUIRED_COLUMNS))
    return delimiter, index


def _records(reader, label: str, encoding: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line, fields, "") per record, or (line, None, problem) for a record the reader refused."""
    lines_read = 0            # by the reader; the header line was read before it
    while True:
        line = lines_read + 2          # where this record starts in the file
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeError as exc:
            raise decode_problem(label, exc, encoding) from None
        except csv.Error as exc:
            lines_read = reader.line_num
            yield line, None, str(exc)
            continue
        lines_read = reader.line_num
        yield line, fields, ""


def _text_problem(values: dict[str, str | None]) -> tuple[str, str] | None:
    """The sentences for the first field that does not fit its column, or None."""
    for column, value in values.items():
        if not value:
            continue
        limit = PARTICIPANT_TEXT_LIMITS[column]
        if len(value) > limit:
            return pair("safety.csv.too_long", column=column, length=len(value), limit=limit)
        bad = forbidden_character(value)
        if bad is not None:
            return pair("safety.csv.character", column=column, code=bad)
    return None


def _rows(handle: IO[str], owned: bool, header: tuple[str, dict[str, int]],
          today: date, label: str = "<text>", encoding: str = "utf-8") -> Iterator[ParticipantRow | RowError]:
    delimiter, index = header
    rows = _RowReader(index, today)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        for line, fields, refused in _records(reader, label, encoding):
            if fields is None:
                yield RowError(line, "", *pair("safety.csv.unreadable_line", error=refused))
            elif fields and not (len(fields) == 1 and not fields[0].strip()):
                yield rows.read(line, fields)
    finally:
        if owned:
            handle.close()


class _Refused(Exception):
    """A field of the row does not fit its column: the reason, in Indonesian and English."""


class _Memo:
    """A wording read once: status, segment, program and month texts repeat from row to row."""

    def __init__(self, read):
        self.read = read
        self.known: dict = {}

    def __call__(self, raw: str):
        value = self.known.get(raw, _MISSING)
        if value is _MISSING:
            value = self.read(raw)
            if len(self.known) < _CACHE_LIMIT:
                self.known[raw] = value
        return value


class _RowReader:
    """Reads the rows of one file: each into a ParticipantRow, or the RowError of its first bad field."""

    def __init__(self, index: dict[str, int], today: date):
        self.i_nik, self.i_name, self.i_status, self.i_segment, self.i_programs = (
            index[c] for c in REQUIRED_COLUMNS)
        self.i_birth = index.get("birth_date")
        self.i_paid = index.get("last_paid")
        self.i_card = index.get("card_number")
        self.width = max(index.values()) + 1
        self.today = today
        self.seen: set[int] = set()
        self.status = _Memo(_status)
        self.month = _Memo(_year_month)
        self.segment = _Memo(lambda raw: raw.strip().upper() or None)
        self.programs = _Memo(lambda raw: frozenset(p for p in _PROGRAM_SPLIT.split(raw.upper()) if p))

    def read(self, line: int, fields: list[str]) -> ParticipantRow | RowError:
        if len(fields) < self.width:
            fields = fields + [""] * (self.width - len(fields))
        raw_nik = fields[self.i_nik]
        try:
            info = parse_nik(raw_nik, self.today)
        except NikError as err:
            return _nik_refused(line, raw_nik, err)
        key = int(info.nik)
        if key in self.seen:
            return RowError(line, info.masked, *pair("import.row.duplicate"))
        known = self.status(fields[self.i_status])
        if isinstance(known, RowError):
            return known._replace(line=line, nik_masked=info.masked)
        try:
            row = self._participant(fields, info, *known)
        except _Refused as refused:
            return RowError(line, info.masked, *refused.args)
        self.seen.add(key)
        return row

    def _participant(self, fields: list[str], info, status: Status, status_text: str) -> ParticipantRow:
        birth = self._birth_date(fields, info.birth_date)
        last_paid = self._last_paid(fields)
        card = self._card_number(fields)
        name = " ".join(fields[self.i_name].split()) or None
        segment = self.segment(fields[self.i_segment])
        programs = self.programs(fields[self.i_programs])
        problem = _text_problem({"name": name, "status_text": status_text, "segment": segment,
                                 "programs": " ".join(sorted(programs)), "card_number": card})
        if problem is not None:
            raise _Refused(*problem)
        return ParticipantRow(info.nik, name, status, status_text, segment, programs, birth,
                              last_paid, info.sex, card)

    def _birth_date(self, fields: list[str], from_nik: date) -> date:
        """The file's birth date (not after today), else the one the NIK gives."""
        raw = fields[self.i_birth].strip() if self.i_birth is not None else ""
        if not raw:
            return from_nik
        birth = _iso_date(raw)
        if birth is None or birth > self.today:
            raise _Refused(*pair("import.row.birth_date", value=printable(raw, 20)))
        return birth

    def _last_paid(self, fields: list[str]) -> str | None:
        raw = fields[self.i_paid].strip() if self.i_paid is not None else ""
        if not raw:
            return None
        month = self.month(raw)
        if month is None:
            raise _Refused(*pair("import.row.last_paid", value=printable(raw, 20)))
        return month

    def _card_number(self, fields: list[str]) -> str | None:
        """The membership card's digits (spaces, dashes and dots dropped), of a card's length."""
        raw = fields[self.i_card].strip() if self.i_card is not None else ""
        if not raw:
            return None
        card = "".join(ch for ch in raw if ch not in " -.")
        if not (card.isascii() and card.isdigit() and len(card) in CARD_LENGTHS):
            raise _Refused(*pair("import.row.card_number", value=printable(raw, 20)))
        return card


def _nik_refused(line: int, raw_nik: str, err: NikError) -> RowError:
    """A row whose NIK is not valid; a NIK a spreadsheet turned into a number says so."""
    if _SCIENTIFIC.match(raw_nik):
        return RowError(line, "", *pair("import.row.scientific"))
    return RowError(line, printable(mask_nik(raw_nik.strip()[:20]), 20), err.message, err.message_en)


def _status(raw: str) -> tuple[Status, str] | RowError:
    """The status a wording names, with the wording to keep; or the row's error."""
    text = raw.strip()
    status = status_from_word(text)
    if status is not None:
        return status, text
    head, sep, wording = text.partition(":")
    if sep and status_from_word(head) is Status.OTHER and wording.strip():
        return Status.OTHER, wording.strip()
    if not text:
        return RowError(0, "", *pair("import.row.status_empty"))
    return RowError(0, "", *pair("import.row.status_unknown", value=printable(text)))


def _iso_date(text: str) -> date | None:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _year_month(text: str) -> str | None:
    """``YYYY-MM`` (a full date ``YYYY-MM-DD`` is accepted and cut to its month)."""
    if len(text) == 10:
        if _iso_date(text) is None:
            return None
        text = text[:7]
    if len(text) != 7 or text[4] != "-" or not (text[:4].isdigit() and text[5:].isdigit()):
        return None
    if not 1 <= int(text[5:]) <= 12 or int(text[:4]) < 1900:
        return None
    return text


def read_participants_text(text: str, today: date) -> Iterator[ParticipantRow | RowError]:
    """The same, from a string (handy for small uploads)."""
    return read_participants(io.StringIO(text), today)
