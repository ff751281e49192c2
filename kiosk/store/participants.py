"""The local participant table: bulk upsert from CSV or the demo generator, and lookups."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import Connection, Engine, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError

from kiosk.store import pgfailures
from kiosk.store.db import transaction
from kiosk.store.models import participants as P

COLUMNS = ("nik", "name", "status", "status_text", "segment", "programs", "birth_date", "last_paid", "card_number")
# A row without a card number keeps the one already known (an import of statuses only).
_SET = ("name = excluded.name, status = excluded.status, status_text = excluded.status_text, "
        "segment = excluded.segment, programs = excluded.programs, birth_date = excluded.birth_date, "
        "last_paid = excluded.last_paid, card_number = COALESCE(excluded.card_number, participants.card_number)")
UPSERT = text(
    "INSERT INTO participants (nik, name, status, status_text, segment, programs, birth_date, last_paid, card_number) "
    "VALUES (:nik, :name, :status, :status_text, :segment, :programs, :birth_date, :last_paid, :card_number) "
    f"ON CONFLICT (nik) DO UPDATE SET {_SET}"
)


def upsert_batch(conn: Connection, rows: Iterable[dict]) -> int:
    batch = list(rows)
    if not batch:
        return 0
    if conn.dialect.name == "postgresql":
        _copy_upsert(conn, batch)
    else:
        conn.execute(UPSERT, batch)
    return len(batch)


def _copy_upsert(conn: Connection, batch: list[dict]) -> None:
    """PostgreSQL: COPY into a temporary table, then one INSERT … ON CONFLICT (much faster than row inserts)."""
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS participants_in (LIKE participants) ON COMMIT DELETE ROWS")
        with cursor.copy(f"COPY participants_in ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(tuple(row.get(c) for c in COLUMNS))
        cursor.execute(
            f"INSERT INTO participants ({', '.join(COLUMNS)}) SELECT DISTINCT ON (nik) {', '.join(COLUMNS)} "
            f"FROM participants_in ON CONFLICT (nik) DO UPDATE SET {_SET}")
        cursor.execute("TRUNCATE participants_in")
    except conn.dialect.dbapi.Error as exc:
        if getattr(exc, "sqlstate", None) == "42501":     # this machine's role may not import
            raise pgfailures.classify(conn.engine.url, exc) from None
        raise DBAPIError.instance("COPY participants", None, exc, conn.dialect.dbapi.Error) from None


_FIND = select(P).where(P.c.nik == bindparam("nik"))
_FIND_CARD = select(P).where(P.c.card_number == bindparam("card")).limit(1)


def find(engine: Engine, nik: str) -> dict | None:
    """The participant's row as a mapping, or None (its own short read)."""
    with transaction(engine, write=False) as conn:
        row = conn.execute(_FIND, {"nik": nik}).first()
    return dict(row._mapping) if row is not None else None


def find_card(engine: Engine, card_number: str) -> dict | None:
    """The row of the participant holding membership card `card_number`, or None."""
    with transaction(engine, write=False) as conn:
        row = conn.execute(_FIND_CARD, {"card": card_number}).first()
    return dict(row._mapping) if row is not None else None


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(P)).scalar_one()
