"""The day close in the store: which earlier days are still open, closing one (its open tickets,
bookings and the claim that it is closed) and its summary rows. Used inside the caller's unit of
work: `uow.days`.

A day is claimed by inserting its `day_closes` row (`ON CONFLICT DO NOTHING`): of two machines
closing one day at once, the second waits for the first's transaction, finds the day claimed and
its tickets closed, and changes nothing. On PostgreSQL the close of the open tickets is one
`SECURITY DEFINER` function owned by the owner role (`anjungan_close_day`), so whichever machine
takes the first action of a day may close the day before, though its own role may not move
tickets (a kiosk) nor write their events; it moves only what the rule of
`kiosk/domain/day.py` says, and only tickets of the day it is given. SQLite, on one PC, runs the
same statements from here.
"""
from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, delete, insert, select, text, union, update

from kiosk.domain.day import BOOKING_CLOSED, BOOKING_OPEN, CloseHow, DayClose, DaySummary, close_moves
from kiosk.domain.queue import AT_COUNTER_STATES, WAITING_STATES, state_values
from kiosk.domain.ticket import EventKind
from kiosk.store.models import bookings, day_closes, day_summaries, events, number_sequences, tickets
from kiosk.store.queue import utc

T, E, B, SEQ, DC, DS = tickets, events, bookings, number_sequences, day_closes, day_summaries
FUNCTIONS = ("anjungan_close_day(date, timestamptz, text)",)
OPEN = state_values(WAITING_STATES | AT_COUNTER_STATES)
_CLAIM = text("INSERT INTO day_closes (service_day, closed_at, how) VALUES (:d, :at, :how) "
              "ON CONFLICT (service_day) DO NOTHING")


def _unclosed_before():
    """Days before `:today` with tickets or bookings and no close, and days before it with a ticket
    or booking still open (taken after a closing by hand)."""
    never = (select(SEQ.c.service_day).where(SEQ.c.service_day < bindparam("today"))
             .where(~select(DC.c.service_day).where(DC.c.service_day == SEQ.c.service_day).exists()))
    booked = select(B.c.service_day).where(B.c.service_day < bindparam("today"), B.c.state == BOOKING_OPEN.value)
    still_open = select(T.c.service_day).where(T.c.service_day < bindparam("today"), T.c.state.in_(OPEN))
    return union(never, booked, still_open)


_UNCLOSED = _unclosed_before()


def _day_event(day: date, not_served: int, unconfirmed: int, no_shows: int) -> str:
    return json.dumps({"day": day.isoformat(), "not_served": not_served, "unconfirmed": unconfirmed,
                       "booking_no_shows": no_shows})


class DayStore:
    """Queries and writes of the day close, inside the caller's transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def unclosed_before(self, today: date) -> list[date]:
        return sorted({r[0] for r in self.conn.execute(_UNCLOSED, {"today": today})})

    def is_closed(self, day: date) -> bool:
        return self.conn.execute(select(DC.c.service_day).where(DC.c.service_day == day)).first() is not None

    def close(self, day: date, at: datetime, how: str) -> DayClose:
        """Claim the day (unless closed already), end its open tickets with their events and make
        its bookings never checked in no-shows; a `day_closed` event when anything changed."""
        if self.conn.dialect.name == "postgresql":
            row = self.conn.execute(text(
                "SELECT o_claimed, o_not_served, o_unconfirmed, o_no_shows FROM anjungan_close_day(:d, :at, :how)"),
                {"d": day, "at": utc(at), "how": how}).one()
            return DayClose(day, bool(row[0]), row[1], row[2], row[3])
        claimed = self.conn.execute(_CLAIM, {"d": day, "at": utc(at), "how": how}).rowcount == 1
        closed = []
        for _move, froms, target, kind in close_moves():
            rows = self.conn.execute(select(T.c.ticket_id, T.c.number, T.c.service, T.c.counter)
                                     .where(T.c.service_day == day, T.c.state.in_(froms))).all()
            if rows:
                self.conn.execute(update(T).where(T.c.service_day == day, T.c.state.in_(froms)).values(state=target))
                self.conn.execute(insert(E), [{"at": utc(at), "kind": kind, "ticket_id": r.ticket_id, "number": r.number,
                                               "service": r.service, "counter": r.counter, "data": "{}"} for r in rows])
            closed.append(len(rows))
        no_shows = self.conn.execute(update(B).where(B.c.service_day == day, B.c.state == BOOKING_OPEN.value)
                                     .values(state=BOOKING_CLOSED.value, updated_at=utc(at))).rowcount
        result = DayClose(day, claimed, closed[0], closed[1], no_shows)
        if result.changed:
            self.conn.execute(insert(E).values(at=utc(at), kind=EventKind.DAY_CLOSED,
                                               data=_day_event(day, closed[0], closed[1], no_shows)))
        return result

    def write_summaries(self, day: date, rows: list[DaySummary], at: datetime) -> None:
        """Keep `rows` as the day's summary (any earlier one of the day is replaced)."""
        self.conn.execute(delete(DS).where(DS.c.service_day == day))
        if rows:
            self.conn.execute(insert(DS), [{**r.columns(), "written_at": utc(at)} for r in rows])

    def summaries(self, first: date, last: date) -> list[dict]:
        """The summary rows of `first`…`last`, as their columns."""
        rows = self.conn.execute(select(DS).where(DS.c.service_day.between(first, last))
                                 .order_by(DS.c.service_day, DS.c.service))
        return [dict(r._mapping) for r in rows]

    def closes(self, first: date, last: date) -> dict[date, str]:
        """Closed days of `first`…`last` and how each was closed."""
        return {r[0]: r[1] for r in self.conn.execute(select(DC.c.service_day, DC.c.how)
                                                      .where(DC.c.service_day.between(first, last)))}


def install(conn: Connection) -> None:
    """Create (or bring up to date) `anjungan_close_day` in the connection's schema (PostgreSQL).
    Run by the migration that brought it and again by `anjungan db roles`."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    path = '"' + schema.replace('"', '""') + '", pg_temp'

    def words(values) -> str:
        return ", ".join("'" + v.replace("'", "''") + "'" for v in values)

    moves = close_moves()
    steps = []
    for (_move, froms, target, kind), out in zip(moves, ("o_not_served", "o_unconfirmed")):
        steps.append(f"""
            WITH moved AS (
                UPDATE tickets t SET state = {words([target])}
                WHERE t.service_day = p_day AND t.state IN ({words(froms)})
                RETURNING t.ticket_id, t.number, t.service, t.counter)
            INSERT INTO events (at, kind, ticket_id, number, service, counter, data)
            SELECT p_at, {words([kind])}, m.ticket_id, m.number, m.service, m.counter, '{{}}' FROM moved m;
            GET DIAGNOSTICS {out} = ROW_COUNT;""")
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION anjungan_close_day(p_day date, p_at timestamptz, p_how text)
        RETURNS TABLE (o_claimed boolean, o_not_served integer, o_unconfirmed integer, o_no_shows integer)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {path} AS $fn$
        DECLARE
            n integer;
        BEGIN
            IF p_how NOT IN ({words([h.value for h in CloseHow])}) THEN
                RAISE EXCEPTION 'how a day is closed: hand or auto';
            END IF;
            INSERT INTO day_closes (service_day, closed_at, how) VALUES (p_day, p_at, p_how)
                ON CONFLICT (service_day) DO NOTHING;
            GET DIAGNOSTICS n = ROW_COUNT;
            o_claimed := n = 1;
            {"".join(steps)}
            UPDATE bookings b SET state = {words([BOOKING_CLOSED.value])}, updated_at = p_at
                WHERE b.service_day = p_day AND b.state = {words([BOOKING_OPEN.value])};
            GET DIAGNOSTICS o_no_shows = ROW_COUNT;
            IF o_claimed OR o_not_served > 0 OR o_unconfirmed > 0 OR o_no_shows > 0 THEN
                INSERT INTO events (at, kind, data) VALUES (p_at, {words([EventKind.DAY_CLOSED])},
                    json_build_object('day', to_char(p_day, 'YYYY-MM-DD'), 'not_served', o_not_served,
                                      'unconfirmed', o_unconfirmed, 'booking_no_shows', o_no_shows)::text);
            END IF;
            RETURN NEXT;
        END
        $fn$"""))
