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
    i_nik, i_name, i_status, i_segment, i_programs = (index[c] for c in REQUIRED_COLUMNS)
    i_birth = index.get("birth_date")
    i_paid = index.get("last_paid")
    i_card = index.get("card_number")
    width = max(index.values()) + 1
    seen: set[int] = set()
    # Status, segment and program texts repeat from row to row: read each wording once.
    statuses: dict[str, tuple[Status, str] | RowError] = {}
    months: dict[str, str | None] = {}
    segments: dict[str, str | None] = {}
    programs_seen: dict[str, frozenset[str]] = {}
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        for line, fields, refused in _records(reader, label, encoding):
            if fields is None:
                yield RowError(line, "", *pair("safety.csv.unreadable_line", error=refused))
                continue
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if len(fields) < width:
                fields = fields + [""] * (width - len(fields))
            raw_nik = fields[i_nik]
            try:
                info = parse_nik(raw_nik, today)
            except NikError as err:
                if _SCIENTIFIC.match(raw_nik):
                    yield RowError(line, "", *pair("import.row.scientific"))
                else:
                    yield RowError(line, printable(mask_nik(raw_nik.strip()[:20]), 20), err.message, err.message_en)
                continue
            nik = info.nik
            key = int(nik)
            if key in seen:
                yield RowError(line, info.masked, *pair("import.row.duplicate"))
                continue

            raw_status = fields[i_status]
            known = statuses.get(raw_status)
            if known is None:
                known = _status(raw_status)
                if len(statuses) < _CACHE_LIMIT:
                    statuses[raw_status] = known
            if isinstance(known, RowError):
                yield known._replace(line=line, nik_masked=info.masked)
                continue
            status, status_text = known

            birth = info.birth_date
            if i_birth is not None:
                raw_birth = fields[i_birth].strip()
                if raw_birth:
                    birth = _iso_date(raw_birth)
                    if birth is None or birth > today:
                        yield RowError(line, info.masked, *pair("import.row.birth_date", value=printable(raw_birth, 20)))
                        continue

            last_paid = None
            if i_paid is not None:
                raw_paid = fields[i_paid].strip()
                if raw_paid:
                    last_paid = months.get(raw_paid, _MISSING)
                    if last_paid is _MISSING:
                        last_paid = _year_month(raw_paid)
                        if len(months) < _CACHE_LIMIT:
                            months[raw_paid] = last_paid
                    if last_paid is None:
                        yield RowError(line, info.masked, *pair("import.row.last_paid", value=printable(raw_paid, 20)))
                        continue

            card = None
            if i_card is not None:
                raw_card = fields[i_card].strip()
                if raw_card:
                    card = "".join(ch for ch in raw_card if ch not in " -.")
                    if not (card.isascii() and card.isdigit() and len(card) in CARD_LENGTHS):
                        yield RowError(line, info.masked, *pair("import.row.card_number", value=printable(raw_card, 20)))
                        continue

            name = " ".join(fields[i_name].split()) or None
            raw_segment = fields[i_segment]
            segment = segments.get(raw_segment, _MISSING)
            if segment is _MISSING:
                segment = raw_segment.strip().upper() or None
                if len(segments) < _CACHE_LIMIT:
                    segments[raw_segment] = segment
            raw_programs = fields[i_programs]
            programs = programs_seen.get(raw_programs)
            if programs is None:
                programs = frozenset(p for p in _PROGRAM_SPLIT.split(raw_programs.upper()) if p)
                if len(programs_seen) < _CACHE_LIMIT:
                    programs_seen[raw_programs] = programs
            problem = _text_problem({"name": name, "status_text": status_text, "segment": segment,
                                     "programs": " ".join(sorted(programs)), "card_number": card})
            if problem is not None:
                yield RowError(line, info.masked, *problem)
                continue
            seen.add(key)
            yield ParticipantRow(nik, name, status, status_text, segment, programs, birth,
                                 last_paid, info.sex, card)
    finally:
        if owned:
            handle.close()


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
