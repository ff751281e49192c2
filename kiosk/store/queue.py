"""Queries and writes of the queue store. Each function runs inside the caller's transaction."""
from __future__ import annotations

import json
import secrets
from datetime import date, datetime, timezone
from typing import Iterable, Sequence

from sqlalchemy import Connection, Row, and_, bindparam, func, insert, select, text, update

from kiosk.store.models import branch_secret, counter_states, events, number_sequences, tickets

T = tickets
E = events
SEQ = number_sequences
CS = counter_states
ACTIVE_AT_COUNTER = ("called", "serving")


def utc(dt: datetime) -> datetime:
    """Aware datetimes in, aware UTC out; naive values from SQLite are UTC already."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def new_ticket_id() -> str:
    return secrets.token_hex(6).upper()


def allocate_seq(conn: Connection, day: date, service: str) -> int:
    """Next number for a service on a day. Atomic: the row is locked until the transaction ends."""
    return conn.execute(
        text(
            "INSERT INTO number_sequences (service_day, service, last_seq) VALUES (:d, :s, 1) "
            "ON CONFLICT (service_day, service) DO UPDATE SET last_seq = number_sequences.last_seq + 1 "
            "RETURNING last_seq"
        ),
        {"d": day, "s": service},
    ).scalar_one()


_INSERT_TICKET = insert(T)
_INSERT_EVENT = insert(E).returning(E.c.id)


def insert_ticket(conn: Connection, **values) -> None:
    conn.execute(_INSERT_TICKET, values)


def add_event(conn: Connection, at: datetime, kind: str, *, ticket: Row | dict | None = None,
              counter: int | None = None, data: dict | None = None) -> int:
    t = ticket._mapping if isinstance(ticket, Row) else (ticket or {})
    event_id = conn.execute(_INSERT_EVENT, {
        "at": utc(at), "kind": kind, "ticket_id": t.get("ticket_id"), "number": t.get("number"),
        "service": t.get("service"), "counter": counter if counter is not None else t.get("counter"),
        "data": json.dumps(data or {}, ensure_ascii=False, default=str),
    }).scalar_one()
    # On PostgreSQL a trigger on `events` sends NOTIFY anjungan_events '<id>' at commit (migration 0002).
    return event_id


_GET = select(T).where(T.c.ticket_id == bindparam("id"))
_WAITING = (select(T).where(T.c.service_day == bindparam("day"), T.c.state == "waiting",
                            T.c.service.in_(bindparam("services", expanding=True)))
            .order_by(T.c.arrived_at, T.c.seq))
_AT_COUNTER = (select(T).where(T.c.counter == bindparam("counter"), T.c.state.in_(ACTIVE_AT_COUNTER))
               .order_by(T.c.called_at.desc()))


def get_ticket(conn: Connection, ticket_id: str) -> Row | None:
    return conn.execute(_GET, {"id": ticket_id}).first()


def waiting_tickets(conn: Connection, day: date, services: Iterable[str] | None = None) -> Sequence[Row]:
    if services is None:
        query = select(T).where(T.c.service_day == day, T.c.state == "waiting").order_by(T.c.arrived_at, T.c.seq)
        return conn.execute(query).all()
    return conn.execute(_WAITING, {"day": day, "services": list(services)}).all()


_WAITING_KEYS = select(T.c.ticket_id, T.c.service, T.c.priority, T.c.arrived_at, T.c.seq).where(
    T.c.service_day == bindparam("day"), T.c.state == "waiting", T.c.service == bindparam("service"))
_WAITING_COUNT = select(func.count()).where(
    T.c.service_day == bindparam("day"), T.c.state == "waiting", T.c.service == bindparam("service"))


def waiting_order_keys(conn: Connection, day: date, service: str) -> Sequence[Row]:
    """Just what the fairness rule needs of each waiting ticket of a service."""
    return conn.execute(_WAITING_KEYS, {"day": day, "service": service}).all()


def waiting_count(conn: Connection, day: date, service: str) -> int:
    return conn.execute(_WAITING_COUNT, {"day": day, "service": service}).scalar_one()


def counter_ticket(conn: Connection, counter: int) -> Row | None:
    return conn.execute(_AT_COUNTER, {"counter": counter}).first()


def change_ticket(conn: Connection, ticket_id: str, from_states: Sequence[str], **values) -> bool:
    """Move a ticket only if it is still in one of `from_states` (two counters never take one ticket)."""
    result = conn.execute(
        update(T).where(T.c.ticket_id == ticket_id, T.c.state.in_(list(from_states))).values(**values)
    )
    return result.rowcount == 1


# Statements on the hot paths (check, issue) are built once; building them per call costs more
# than running them.
_WAITING_BY_SERVICE = (select(T.c.service, func.count()).where(T.c.service_day == bindparam("day"),
                                                               T.c.state == "waiting").group_by(T.c.service))
_ISSUED_BY_SERVICE = select(SEQ.c.service, SEQ.c.last_seq).where(SEQ.c.service_day == bindparam("day"))
_RECENT_DONE = (select(T.c.service, T.c.called_at, T.c.finished_at)
                .where(T.c.service_day == bindparam("day"), T.c.state == "done", T.c.called_at.is_not(None))
                .order_by(T.c.finished_at.desc()).limit(bindparam("limit")))
_PAUSED = select(CS.c.counter).where(CS.c.paused.is_(True))


def service_counts(conn: Connection, day: date) -> dict[str, dict[str, int]]:
    """Per service: tickets waiting, and numbers issued today."""
    counts: dict[str, dict[str, int]] = {}
    for service, waiting in conn.execute(_WAITING_BY_SERVICE, {"day": day}):
        counts.setdefault(service, {"waiting": 0, "issued": 0})["waiting"] = waiting
    for service, issued in conn.execute(_ISSUED_BY_SERVICE, {"day": day}):
        counts.setdefault(service, {"waiting": 0, "issued": 0})["issued"] = issued
    return counts


def recent_service_minutes(conn: Connection, day: date, limit: int = 20) -> dict[str, list[float]]:
    minutes: dict[str, list[float]] = {}
    for service, called, finished in conn.execute(_RECENT_DONE, {"day": day, "limit": limit * 4}):
        samples = minutes.setdefault(service, [])
        if len(samples) < limit and finished is not None:
            samples.append(max(0.0, (utc(finished) - utc(called)).total_seconds() / 60))
    return minutes


_RECENT_CALLS = (select(E.c.data).where(E.c.kind == "called", E.c.at >= bindparam("since"))
                 .order_by(E.c.id.desc()).limit(bindparam("limit")))


def regular_since_priority(conn: Connection, day_start: datetime, limit: int) -> int:
    """How many regular tickets were called since the last priority call today (at most `limit`)."""
    rows = conn.execute(_RECENT_CALLS, {"since": utc(day_start), "limit": limit}).scalars().all()
    count = 0
    for data in rows:
        if json.loads(data).get("priority"):
            break
        count += 1
    return count if rows else limit


def events_after(conn: Connection, event_id: int, limit: int = 500) -> Sequence[Row]:
    return conn.execute(select(E).where(E.c.id > event_id).order_by(E.c.id).limit(limit)).all()


_LAST_EVENT = select(func.coalesce(func.max(E.c.id), 0))


def last_event_id(conn: Connection) -> int:
    return conn.execute(_LAST_EVENT).scalar_one()


def events_of(conn: Connection, kinds: Sequence[str], since: datetime, limit: int) -> Sequence[Row]:
    return conn.execute(
        select(E).where(E.c.kind.in_(list(kinds)), E.c.at >= utc(since)).order_by(E.c.id.desc()).limit(limit)
    ).all()


def paused_counters(conn: Connection) -> set[int]:
    return set(conn.execute(_PAUSED).scalars())


def set_paused(conn: Connection, counter: int, paused: bool, at: datetime) -> bool:
    """Returns True when the state changed."""
    current = conn.execute(select(CS.c.paused).where(CS.c.counter == counter)).scalar()
    if current is None:
        conn.execute(insert(CS).values(counter=counter, paused=paused, updated_at=utc(at)))
        return paused
    if bool(current) == paused:
        return False
    conn.execute(update(CS).where(CS.c.counter == counter).values(paused=paused, updated_at=utc(at)))
    return True


def counter_counts(conn: Connection, day: date, counter: int) -> dict[str, int]:
    rows = conn.execute(
        select(T.c.state, func.count()).where(T.c.service_day == day, T.c.counter == counter).group_by(T.c.state)
    ).all()
    return {state: n for state, n in rows}


def last_ticket_of_kiosk(conn: Connection, kiosk_id: str) -> Row | None:
    return conn.execute(
        select(T).where(T.c.kiosk_id == kiosk_id, T.c.origin_ticket_id.is_(None)).order_by(T.c.issued_at.desc()).limit(1)
    ).first()


def purge_full_niks(conn: Connection, *, before_day: date | None = None, issued_before: datetime | None = None) -> int:
    condition = [T.c.nik.is_not(None)]
    if before_day is not None:
        condition.append(T.c.service_day < before_day)
    if issued_before is not None:
        condition.append(T.c.issued_at < utc(issued_before))
    return conn.execute(update(T).where(and_(*condition)).values(nik=None)).rowcount


def nik_key(conn: Connection) -> str:
    key = conn.execute(select(branch_secret.c.nik_key).where(branch_secret.c.id == 1)).scalar()
    if key is None:
        key = secrets.token_hex(32)
        conn.execute(
            text("INSERT INTO branch_secret (id, nik_key) VALUES (1, :k) ON CONFLICT (id) DO NOTHING"), {"k": key}
        )
        key = conn.execute(select(branch_secret.c.nik_key).where(branch_secret.c.id == 1)).scalar_one()
    return key


def transferred_to(conn: Connection, ticket_id: str) -> Row | None:
    return conn.execute(select(T).where(T.c.origin_ticket_id == ticket_id)).first()
