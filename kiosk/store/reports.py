"""The head of service's store: ratings, questionnaires, each closed day's visit timelines, and
the event reads the monitor and the reports need. Used inside the caller's unit of work:
`ReportStore(q.conn)`.

Closed days are summarised once into `visit_facts` (one row per ticket); `visit_days` keeps,
per day, the newest event id seen then. A later event for a ticket of a summarised day (a
ticket finished the next morning) marks that day for summarising again.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Iterable, Iterator, Sequence

from sqlalchemy import Connection, delete, func, insert, select, text, update

from kiosk.domain.figures import RatingRow, SurveyRow
from kiosk.domain.ticket import EventKind, QueueEvent, Ticket
from kiosk.domain.timeline import VisitFacts
from kiosk.store.models import events, ratings, skm_responses, tickets, visit_days, visit_facts
from kiosk.store.queue import utc

E, T, R, S, VF, VD = events, tickets, ratings, skm_responses, visit_facts, visit_days
ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
REPORT_DEADLINE_S = 60.0        # a year's report reads for longer than one queue action
CHUNK = 2000
_DATA_KINDS = frozenset({EventKind.ISSUED, EventKind.TRANSFERRED, EventKind.FRONT_DESK, EventKind.ONLINE,
                         EventKind.RATED, EventKind.SURVEYED, EventKind.PAUSED,      # a pause: its reason
                         EventKind.RETURNED})
_FACT_COLUMNS = [VF.c[name] for name in VisitFacts._fields if name != "waited_s"]
_INSERT_RATING = text(
    "INSERT INTO ratings (ticket_id, service_day, service, counter, score, source, at) "
    "VALUES (:ticket_id, :service_day, :service, :counter, :score, :source, :at) ON CONFLICT (ticket_id) DO NOTHING")


def _event(row, parse: bool = True) -> QueueEvent:
    data = {}
    if parse and row.data and row.data != "{}" and row.kind in _DATA_KINDS:
        data = json.loads(row.data)
    return QueueEvent(id=row.id, at=utc(row.at), kind=row.kind, ticket_id=row.ticket_id, number=row.number,
                      service=row.service, counter=row.counter, data=data)


class ReportStore:
    """Queries and writes of the reports and the survey, inside the caller's transaction."""

    def __init__(self, conn: Connection):
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(deadline=REPORT_DEADLINE_S)
        self.conn = conn

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    # -- ratings -------------------------------------------------------------------------------
    def rating_of(self, ticket_id: str) -> int | None:
        return self.conn.execute(select(R.c.score).where(R.c.ticket_id == ticket_id)).scalar()

    def add_rating(self, ticket: Ticket, score: int, source: str, at: datetime) -> bool:
        """One rating per ticket: False (nothing written) when the ticket has one already."""
        result = self.conn.execute(_INSERT_RATING, {
            "ticket_id": ticket.ticket_id, "service_day": ticket.service_day, "service": ticket.service,
            "counter": ticket.counter, "score": score, "source": source, "at": utc(at)})
        return result.rowcount == 1

    # -- questionnaires ------------------------------------------------------------------------
    def survey_of_ticket(self, ticket_id: str) -> bool:
        return self.conn.execute(select(S.c.id).where(S.c.ticket_id == ticket_id)).first() is not None

    def add_surveys(self, rows: Sequence[dict]) -> int:
        """Questionnaires as dicts of the table's columns (`answers` as nine ints); returns how many."""
        values = []
        for row in rows:
            value = {k: v for k, v in row.items() if k != "answers"}
            value.update(zip(ELEMENTS, row["answers"]))
            value["at"] = utc(value["at"])
            values.append(value)
        for i in range(0, len(values), CHUNK):
            self.conn.execute(insert(S), values[i:i + CHUNK])
        return len(values)

    def survey_sums(self, first: date, last: date) -> list[SurveyRow]:
        sums = [func.sum(S.c[name]) for name in ELEMENTS]
        rows = self.conn.execute(
            select(S.c.service_day, S.c.service, S.c.counter, func.count(), *sums)
            .where(S.c.service_day.between(first, last)).group_by(S.c.service_day, S.c.service, S.c.counter))
        return [SurveyRow(r[0], r[1], r[2], tuple(int(x) for x in r[4:]), r[3]) for r in rows]

    def suggestions(self, first: date, last: date, limit: int = 200) -> list[tuple[date, str | None, str]]:
        rows = self.conn.execute(
            select(S.c.service_day, S.c.service, S.c.suggestion)
            .where(S.c.service_day.between(first, last), S.c.suggestion.is_not(None), S.c.suggestion != "")
            .order_by(S.c.service_day.desc(), S.c.id.desc()).limit(limit))
        return [(r[0], r[1], r[2]) for r in rows]

    def rating_counts(self, first: date, last: date) -> list[RatingRow]:
        rows = self.conn.execute(
            select(R.c.service_day, R.c.service, R.c.counter, R.c.score, func.count())
            .where(R.c.service_day.between(first, last))
            .group_by(R.c.service_day, R.c.service, R.c.counter, R.c.score))
        return [RatingRow(r[0], r[1], r[2], int(r[3]), int(r[4])) for r in rows]

    # -- events --------------------------------------------------------------------------------
    def last_event_id(self) -> int:
        return self.conn.execute(select(func.coalesce(func.max(E.c.id), 0))).scalar_one()

    def events_since(self, since: datetime) -> list[QueueEvent]:
        """Every event at or after `since`, in commit order (today's, for the monitor)."""
        rows = self.conn.execute(select(E).where(E.c.at >= utc(since)).order_by(E.c.id))
        return [_event(r) for r in rows]

    def events_of_kinds(self, kinds: Iterable[str], since: datetime, until: datetime) -> list[QueueEvent]:
        rows = self.conn.execute(select(E).where(E.c.kind.in_(list(kinds)), E.c.at >= utc(since),
                                                 E.c.at < utc(until)).order_by(E.c.id))
        return [_event(r) for r in rows]

    def ticket_events(self, first: date, last: date) -> Iterator[tuple]:
        """The events of the tickets of days `first`…`last`, in commit order, as plain fields:
        (day, event id, at, kind, ticket id, number, service, counter, data) — the form
        `DayLog.fold` takes. Read through the driver's cursor: a year is half a million events."""
        query = (select(T.c.service_day, T.c.priority, T.c.assisted, E.c.id, E.c.at, E.c.kind, E.c.ticket_id,
                        E.c.number, E.c.service, E.c.counter, E.c.data)
                 .select_from(E.join(T, T.c.ticket_id == E.c.ticket_id))
                 .where(T.c.service_day.between(first, last)).order_by(E.c.id))
        compiled = query.compile(dialect=self.conn.dialect, compile_kwargs={"literal_binds": True})
        cursor = self.conn.exec_driver_sql(str(compiled)).cursor
        sqlite = self.dialect == "sqlite"
        days: dict = {}
        issued, transferred = EventKind.ISSUED, EventKind.TRANSFERRED
        while True:
            rows = cursor.fetchmany(5000)
            if not rows:
                break
            for day, priority, assisted, event_id, at, kind, ticket_id, number, service, counter, data in rows:
                found = days.get(day)
                if found is None:
                    found = days[day] = day if isinstance(day, date) else date.fromisoformat(day)
                if sqlite:
                    at = datetime.fromisoformat(at).replace(tzinfo=timezone.utc)
                if kind == issued:
                    data = {"priority": bool(priority), "assisted": bool(assisted)}
                elif kind in (transferred, EventKind.RETURNED):     # the successor a transfer or return made
                    data = json.loads(data or "{}")
                else:
                    data = None
                yield found, event_id, at, kind, ticket_id, number, service, counter, data

    # -- the closed days' summaries -----------------------------------------------------------
    def summarised(self, first: date, last: date) -> dict[date, int]:
        rows = self.conn.execute(select(VD.c.service_day, VD.c.through_event)
                                 .where(VD.c.service_day.between(first, last)))
        return {r[0]: r[1] for r in rows}

    def days_with_tickets(self, first: date, last: date) -> set[date]:
        rows = self.conn.execute(select(T.c.service_day).where(T.c.service_day.between(first, last)).distinct())
        return {r[0] for r in rows}

    def days_touched_after(self, event_id: int, first: date, last: date) -> set[date]:
        """Days in `first`…`last` whose tickets have events newer than `event_id`."""
        rows = self.conn.execute(
            select(T.c.service_day).select_from(E.join(T, T.c.ticket_id == E.c.ticket_id))
            .where(E.c.id > event_id, T.c.service_day.between(first, last)).distinct())
        return {r[0] for r in rows}

    def replace_facts(self, days: Iterable[date], facts: Sequence[VisitFacts], through: int, at: datetime) -> None:
        """Keep `facts` as the summaries of `days` (any earlier summary of them is replaced)."""
        days = sorted(set(days))
        if not days:
            return
        for i in range(0, len(days), 500):
            part = days[i:i + 500]
            self.conn.execute(delete(VF).where(VF.c.service_day.in_(part)))
            self.conn.execute(delete(VD).where(VD.c.service_day.in_(part)))
        names = [c.name for c in _FACT_COLUMNS]
        sqlite = self.dialect == "sqlite"
        marks = ", ".join("?" if sqlite else "%s" for _ in names)
        sql = f"INSERT INTO visit_facts ({', '.join(names)}) VALUES ({marks})"
        rows = [(f[0], f[1].isoformat() if sqlite else f[1], *f[2:len(names)]) for f in facts]
        for i in range(0, len(rows), CHUNK * 5):
            self.conn.exec_driver_sql(sql, rows[i:i + CHUNK * 5])
        count: dict[date, int] = {d: 0 for d in days}
        for f in facts:
            count[f.service_day] = count.get(f.service_day, 0) + 1
        self.conn.execute(insert(VD), [{"service_day": d, "through_event": through, "visits": n,
                                        "made_at": utc(at)} for d, n in count.items()])

    def stamp(self, days: Iterable[date], through: int) -> None:
        """The summaries of `days` are still right as of event `through`."""
        days = sorted(set(days))
        for i in range(0, len(days), 500):
            self.conn.execute(update(VD).where(VD.c.service_day.in_(days[i:i + 500]), VD.c.through_event < through)
                              .values(through_event=through))

    def facts(self, first: date, last: date) -> list[VisitFacts]:
        """The summarised visits of `first`…`last`. Read through the driver's cursor: a year is a
        hundred thousand rows, and only the day column needs converting."""
        query = select(*_FACT_COLUMNS).where(VF.c.service_day.between(first, last))
        compiled = query.compile(dialect=self.conn.dialect, compile_kwargs={"literal_binds": True})
        rows = self.conn.exec_driver_sql(str(compiled)).cursor.fetchall()
        days: dict = {}

        def day(value) -> date:
            found = days.get(value)
            if found is None:
                found = days[value] = value if isinstance(value, date) else date.fromisoformat(value)
            return found

        make = VisitFacts._make
        return [make((r[0], day(r[1]), r[2], r[3], r[4], bool(r[5]), bool(r[6]), bool(r[7]), *r[8:], None))
                for r in rows]

