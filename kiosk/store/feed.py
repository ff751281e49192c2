"""Reading the event table from a position, so that no committed event is ever skipped.

SQLite has one writer at a time and gives event ids under the write lock, so ids become visible
in commit order: "the rows after the last id read" is complete.

PostgreSQL gives an id when the row is written; a transaction that commits late (a slow link,
a frozen client, a long transaction) makes its smaller id visible after larger ones were read.
Each event row therefore carries the id of the transaction that wrote it (`events.txid`,
migration 0008), and every read also returns the snapshot it was taken in. The next read asks
for the rows after the last id *and* for the rows at or below it whose transaction was still
running in that snapshot and has committed since (`pg_visible_in_snapshot`). Nothing waits for
a fixed time: a commit 1 s, 15 s or 2 hours late is found the same way, exactly once.
"""
from __future__ import annotations

from sqlalchemy import Connection, bindparam, func, select, text

from kiosk.domain.position import EventPosition
from kiosk.domain.ticket import QueueEvent
from kiosk.store.models import events
from kiosk.store.queue import _event

_COLUMNS = "id, at, kind, ticket_id, number, service, counter, data"

_SQLITE_SINCE = (select(*(events.c[c] for c in _COLUMNS.split(", "))).where(events.c.id > bindparam("last"))
                 .order_by(events.c.id).limit(bindparam("limit")))
_SQLITE_POSITION = select(func.coalesce(func.max(events.c.id), 0))

# One statement, so one snapshot: the snapshot row (part 0), the rows after the last id (part 1),
# and the rows at or below it that committed after the previous snapshot (part 2).
_PG_HEAD = ("SELECT 0 AS part, NULL::integer AS id, NULL::timestamptz AS at, NULL::varchar AS kind, "
            "NULL::varchar AS ticket_id, NULL::varchar AS number, NULL::varchar AS service, "
            "NULL::integer AS counter, NULL::text AS data, pg_current_snapshot()::text AS snap")
_PG_NEW = (f"(SELECT 1, {_COLUMNS}, NULL FROM events WHERE id > :last ORDER BY id LIMIT :limit)")
_PG_LATE = (f"(SELECT 2, {_COLUMNS}, NULL FROM events WHERE id <= :last "
            "AND txid >= CAST(CAST(pg_snapshot_xmin(CAST(:snap AS pg_snapshot)) AS text) AS bigint) "
            "AND NOT pg_visible_in_snapshot(CAST(CAST(txid AS text) AS xid8), CAST(:snap AS pg_snapshot)))")
_PG_SINCE = text(f"{_PG_HEAD} UNION ALL {_PG_NEW} UNION ALL {_PG_LATE}")
_PG_SINCE_NO_SNAPSHOT = text(f"{_PG_HEAD} UNION ALL {_PG_NEW}")
_PG_POSITION = text("SELECT coalesce(max(id), 0), pg_current_snapshot()::text FROM events")


def position(conn: Connection) -> EventPosition:
    """The position "now": the newest event id and, on PostgreSQL, the snapshot it was read in."""
    if conn.dialect.name == "postgresql":
        last, snap = conn.execute(_PG_POSITION).one()
        return EventPosition(int(last), snap)
    return EventPosition(int(conn.execute(_SQLITE_POSITION).scalar_one()))


def events_since(conn: Connection, at: EventPosition, limit: int = 500) -> tuple[list[QueueEvent], EventPosition, bool]:
    """Events committed since `at`, in id order, the new position, and whether more are waiting
    (`limit` rows after the last id were returned: read again)."""
    if conn.dialect.name != "postgresql":
        rows = conn.execute(_SQLITE_SINCE, {"last": at.last_id, "limit": limit}).all()
        events = [_event(r) for r in rows]
        last = events[-1].id if events else at.last_id
        return events, EventPosition(last), len(rows) >= limit
    params = {"last": at.last_id, "limit": limit}
    if at.snapshot is not None:
        params["snap"] = at.snapshot
        rows = conn.execute(_PG_SINCE, params).all()
    else:
        rows = conn.execute(_PG_SINCE_NO_SNAPSHOT, params).all()
    snap = next(r.snap for r in rows if r.part == 0)
    fresh = [r for r in rows if r.part == 1]
    late = [r for r in rows if r.part == 2]
    last = fresh[-1].id if fresh else at.last_id
    events = sorted((_event(r) for r in fresh + late), key=lambda e: e.id)
    return events, EventPosition(last, snap), len(fresh) >= limit
