"""The branch's participant table: CSV import, demo participants, counting."""
from __future__ import annotations

import time
from typing import Iterable

from kiosk.app.core import AppCore
from kiosk.app.views import ImportReport
from kiosk.domain import errors
from kiosk.domain.catalog import ByLanguage
from kiosk.store import db, participants as participant_table

BATCH_SIZE = 5000


class ParticipantUseCases(AppCore):
    def import_participants(self, rows: Iterable, batch_size: int = BATCH_SIZE) -> int:
        """Upsert participant rows (from `kiosk.directory.csvfile` or `.demo`); returns how many."""
        total = 0
        batch: list[dict] = []
        for row in rows:
            batch.append({
                "nik": row.nik, "name": row.name, "status": row.status.value, "status_text": row.status_text,
                "segment": row.segment, "programs": " ".join(sorted(row.programs)),
                "birth_date": row.birth_date, "last_paid": row.last_paid,
            })
            if len(batch) >= batch_size:
                total += self._upsert(batch)
                batch = []
        if batch:
            total += self._upsert(batch)
        return total

    def import_csv(self, path) -> ImportReport:
        """Import or update participants from a CSV file; bad rows are reported by line, good rows kept."""
        from kiosk.directory.csvfile import CsvFormatError, RowError, read_participants

        rejected: list[RowError] = []

        def good_rows():
            for item in read_participants(path, self.today()):
                if isinstance(item, RowError):
                    rejected.append(item)
                else:
                    yield item

        started = time.perf_counter()
        try:
            imported = self.import_participants(good_rows())
        except FileNotFoundError:
            raise errors.AnjunganError.of("error.file.not_found", path=path) from None
        except CsvFormatError as exc:
            raise errors.AnjunganError.of("error.file.problem", path=path,
                                          problem=ByLanguage(exc.message, exc.message_en)) from None
        return ImportReport(imported, tuple(rejected), time.perf_counter() - started)

    def add_demo_participants(self, count: int, seed: int = 2026) -> int:
        from kiosk.directory.demo import demo_rows

        return self.import_participants(demo_rows(count, seed=seed, today=self.today()))

    def _upsert(self, batch: list[dict]) -> int:
        with db.transaction(self.engine) as conn:
            return participant_table.upsert_batch(conn, batch)

    def participant_count(self) -> int:
        try:
            return participant_table.count(self.engine)
        except Exception as exc:
            raise db.unavailable(self.engine, exc) from None
