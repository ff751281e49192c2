"""The files imported (kiosk/domain/imports.py): looked up by kind and content identity, noted in
the transaction that keeps their rows."""
from __future__ import annotations

from sqlalchemy import Connection, insert, select

from kiosk.domain.imports import ImportRecord
from kiosk.store.models import imports as I, skm_responses as S
from kiosk.store.queue import utc


class ImportStore:
    def __init__(self, conn: Connection):
        self.conn = conn

    def get(self, kind: str, identity: str) -> ImportRecord | None:
        row = self.conn.execute(select(I).where(I.c.kind == kind, I.c.identity == identity)).first()
        if row is None:
            return None
        return ImportRecord(row.kind, row.identity, row.name, row.rows, row.kept, utc(row.at))

    def add(self, record: ImportRecord) -> None:
        self.conn.execute(insert(I).values(kind=record.kind, identity=record.identity, name=record.name[:255],
                                           rows=record.rows, kept=record.kept, at=utc(record.at)))

    def known_forms(self, keys: list[str]) -> set[str]:
        """Which of these paper-form identities are kept already."""
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            found.update(self.conn.execute(select(S.c.row_key).where(S.c.row_key.in_(keys[i:i + 500]))).scalars())
        return found
