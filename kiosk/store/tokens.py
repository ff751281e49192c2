"""API tokens of the web service: only the hash of each secret is stored."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from kiosk.store.models import api_tokens
from kiosk.store.queue import _utc_or_none, utc

A = api_tokens


@dataclass(frozen=True)
class TokenRecord:
    id: int
    name: str
    role: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _record(row) -> TokenRecord:
    return TokenRecord(id=row.id, name=row.name, role=row.role, prefix=row.prefix, created_at=utc(row.created_at),
                       revoked_at=_utc_or_none(row.revoked_at))


class TokenStore:
    def __init__(self, conn: Connection):
        self.conn = conn

    def add(self, name: str, role: str, token_hash: str, prefix: str, at: datetime) -> int:
        return self.conn.execute(insert(A).values(name=name, role=role, token_hash=token_hash, prefix=prefix,
                                                  created_at=utc(at)).returning(A.c.id)).scalar_one()

    def by_hash(self, token_hash: str) -> TokenRecord | None:
        row = self.conn.execute(select(A).where(A.c.token_hash == token_hash)).first()
        return _record(row) if row is not None else None

    def all(self) -> list[TokenRecord]:
        return [_record(r) for r in self.conn.execute(select(A).order_by(A.c.id))]

    def revoke(self, *, token_id: int | None = None, name: str | None = None, at: datetime) -> int:
        query = update(A).where(A.c.revoked_at.is_(None))
        query = query.where(A.c.id == token_id) if token_id is not None else query.where(A.c.name == name)
        return self.conn.execute(query.values(revoked_at=utc(at))).rowcount
