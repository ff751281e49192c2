"""The branch's own participant table as a status source."""
from __future__ import annotations

from sqlalchemy import Engine

from kiosk.domain.participant import STATUS_WORDS, Participant, Status
from kiosk.store import participants as table
from kiosk.store.db import transaction


class LocalSource:
    name = "local"

    def __init__(self, engine: Engine):
        self._engine = engine

    def lookup(self, nik: str) -> Participant:
        with transaction(self._engine, write=False) as conn:
            row = table.find(conn, nik)
        if row is None:
            return Participant.not_found()
        status = STATUS_WORDS.get(row.status, Status.OTHER)
        return Participant(
            verified=True, found=True, status=status, status_text=row.status_text or status.label_id,
            segment=row.segment, programs=frozenset(p for p in (row.programs or "").split() if p),
            last_paid=row.last_paid, birth_date=row.birth_date, name=row.name,
        )
