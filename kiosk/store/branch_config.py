"""The branch configuration kept in the database: every push of the branch's own sections (hours,
holidays, services, counters, quotas, texts) is one more numbered version; the newest is in force
on every machine (`anjungan config push | show | history`, kiosk/app/branch_config.py).

Only the owner role writes it (`anjungan db roles` grants every machine role SELECT and nothing
more, kiosk/store/roles.py); the push and its `branch_config` event row are one transaction.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, Text, func, insert, select, text

from kiosk.store.models import metadata
from kiosk.store.queue import utc

__all__ = ["BranchConfigStore", "BranchConfigVersion", "branch_configs"]

# migration 0012
branch_configs = Table(
    "branch_configs", metadata,
    Column("version", Integer, primary_key=True, autoincrement=True),
    Column("pushed_at", DateTime(timezone=True), nullable=False),
    Column("role", String(63), nullable=False),          # the database role (PostgreSQL) or the login
    Column("machine", String(255), nullable=False),      # the host name of the PC that pushed it
    Column("source", String(255), nullable=False),       # the file's name as given to `config push`
    Column("digest", String(64), nullable=False),        # SHA-256 over the sections' canonical JSON
    Column("sections", Text, nullable=False),            # the branch's sections as canonical JSON
)
B = branch_configs


@dataclass(frozen=True)
class BranchConfigVersion:
    """One stored version of the branch configuration (`sections`: JSON text; None in a history)."""

    version: int
    pushed_at: datetime
    role: str
    machine: str
    source: str
    digest: str
    sections: str | None = None


_SUMMARY = (B.c.version, B.c.pushed_at, B.c.role, B.c.machine, B.c.source, B.c.digest)


def _version(row, sections: str | None = None) -> BranchConfigVersion:
    return BranchConfigVersion(version=row.version, pushed_at=utc(row.pushed_at), role=row.role,
                               machine=row.machine, source=row.source, digest=row.digest, sections=sections)


class BranchConfigStore:
    """The stored versions of the branch configuration, inside one unit of work."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def current_version(self) -> int | None:
        """The newest version's number (one index read), None when none was ever pushed."""
        return self.conn.execute(select(func.max(B.c.version))).scalar()

    def current(self) -> BranchConfigVersion | None:
        row = self.conn.execute(select(*_SUMMARY, B.c.sections).order_by(B.c.version.desc()).limit(1)).first()
        return _version(row, row.sections) if row is not None else None

    def history(self, limit: int = 100) -> list[BranchConfigVersion]:
        """The newest `limit` versions, newest first, without their sections."""
        return [_version(r) for r in self.conn.execute(select(*_SUMMARY).order_by(B.c.version.desc()).limit(limit))]

    def add(self, at: datetime, *, machine: str, source: str, digest: str, sections: str) -> int:
        """Store a new version (the caller's transaction: add its event beside it); its number."""
        return self.conn.execute(insert(B).values(
            pushed_at=utc(at), role=self._who()[:63], machine=machine[:255], source=source[:255], digest=digest,
            sections=sections).returning(B.c.version)).scalar_one()

    def _who(self) -> str:
        """Who pushes: the database role on PostgreSQL, the operating system's login on SQLite."""
        if self.conn.dialect.name == "postgresql":
            return self.conn.execute(text("SELECT current_user")).scalar_one()
        try:
            return getpass.getuser()
        except (KeyError, OSError):         # no name for this uid
            return "?"
