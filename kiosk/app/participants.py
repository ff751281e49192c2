"""The branch's participant table: CSV import, demo participants, counting."""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from kiosk.app.core import AppCore
from kiosk.app.progress import Progress, counted, data_lines
from kiosk.app.views import ImportReport
from kiosk.domain import errors
from kiosk.domain.catalog import ByLanguage, pair
from kiosk.domain.imports import ImportRecord, bytes_identity
from kiosk.domain.privacy import mask_long_numbers
from kiosk.store.uow import StoreRefused

BATCH_SIZE = 5000


class _AllOrNothing(Exception):
    """Rolls an import back when `strict` and a row was refused."""


def import_participants(app: AppCore, rows: Iterable, batch_size: int = BATCH_SIZE, *, at_once: bool = False,
                        noted=None) -> int:
    """Upsert participant rows (from `kiosk.directory.csvfile` or `.demo`); returns how many.

    `at_once=True`: every row in one transaction, so a failure part way writes nothing;
    `noted(uow, count)` is called in it once the rows are in (the note of the file imported)."""
    if at_once:
        with app.uow(bulk=True) as uow:       # a long import is not a dead server
            count = _write(rows, batch_size, uow.participants.upsert_batch)
            if noted is not None:
                noted(uow, count)
            return count
    return _write(rows, batch_size, lambda batch: _upsert(app, batch))


def _write(rows: Iterable, batch_size: int, upsert) -> int:
    total = 0
    batch: list[dict] = []
    for row in rows:
        batch.append({
            "nik": row.nik, "name": row.name, "status": row.status.value, "status_text": row.status_text,
            "segment": row.segment, "programs": " ".join(sorted(row.programs)),
            "birth_date": row.birth_date, "last_paid": row.last_paid,
            "card_number": getattr(row, "card_number", None) or None,
        })
        if len(batch) >= batch_size:
            total += upsert(batch)
            batch = []
    if batch:
        total += upsert(batch)
    return total


def import_csv(app: AppCore, path, *, encoding: str | None = None, strict: bool = False,
               progress: Progress | None = None) -> ImportReport:
    """Import or update participants from a CSV file, in one transaction.

    Every bad row is reported by its line; the good rows are all imported, or (with
    `strict`, or when the file turns out unreadable part way, or the database refuses a
    batch) none at all, and the report says so. Never a part of the good rows.
    `progress(rows read, rows in the file)` as the file is read, and once more when it is in."""
    from kiosk.directory.csvfile import CsvFormatError, RowError, read_participants
    from kiosk.directory.textfile import TextFileError

    rejected: list[RowError] = []

    read = 0

    def good_rows():
        nonlocal read
        total = data_lines(path) if progress is not None else None
        for item in counted(read_participants(path, app.today(), encoding=encoding), progress, total):
            read += 1
            if isinstance(item, RowError):
                rejected.append(item)
            else:
                yield item
        if strict and rejected:
            raise _AllOrNothing()

    started = time.perf_counter()

    def noted(uow, count: int) -> None:
        if identity is not None:
            uow.imports.add(ImportRecord("participants", identity, Path(path).name, read, count, app.now()))

    try:
        identity = _file_identity(path)
        known = None
        if identity is not None:
            with app.uow(write=False) as uow:
                known = uow.imports.get("participants", identity)
        if known is not None:
            return ImportReport(0, (), time.perf_counter() - started, already=replace(known, at=app.local(known.at)))
        imported = import_participants(app, good_rows(), at_once=True, noted=noted)
    except _AllOrNothing:
        return ImportReport(0, tuple(rejected), time.perf_counter() - started, written=False)
    except FileNotFoundError:
        raise errors.AnjunganError.of("error.file.not_found", path=str(path).replace("\x00", "?")) from None
    except (CsvFormatError, TextFileError) as exc:
        problem = ByLanguage(exc.message, exc.message_en)
        if rejected:       # it stopped part way: say that nothing of it was kept
            problem = ByLanguage(*pair("safety.csv.nothing_written", reason=problem))
        raise errors.AnjunganError.of("error.file.problem", path=path, problem=problem) from None
    except StoreRefused as exc:
        detail = mask_long_numbers(exc.detail)
        reason = ByLanguage(*pair("safety.csv.store_refused", error=detail))
        raise errors.AnjunganError.of("safety.csv.nothing_written", reason=reason) from None
    if progress is not None:
        progress(read, read)
    return ImportReport(imported, tuple(rejected), time.perf_counter() - started)


def _file_identity(path) -> str | None:
    """The identity of a file's bytes, read in pieces (a participant file may be large); None when
    it cannot be read (the reader says why)."""
    try:
        with open(path, "rb") as f:
            return bytes_identity(iter(lambda: f.read(1 << 20), b""))
    except FileNotFoundError:
        raise
    except (OSError, ValueError):
        return None


def add_demo_participants(app: AppCore, count: int, seed: int = 2026, *, progress: Progress | None = None) -> int:
    """`count` made-up participants; `progress(made, count)` as they are made."""
    from kiosk.directory.demo import demo_rows

    added = import_participants(app, counted(demo_rows(count, seed=seed, today=app.today()), progress, count))
    if progress is not None:
        progress(count, count)
    return added


def _upsert(app: AppCore, batch: list[dict]) -> int:
    with app.uow() as uow:
        return uow.participants.upsert_batch(batch)


def participant_count(app: AppCore) -> int:
    return app.database.participant_count()

