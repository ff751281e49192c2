"""The machines' heartbeats (`devices`), and the few counts the branch's monitoring scrapes.

One row per machine, written by the machine itself: its last heartbeat and its printer's paper
state with the moment that state began (kept while the state stays; kiosk/domain/devices.py).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from kiosk.domain.devices import Beat, DeviceRecord, Paper, paper_since
from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import EventKind
from kiosk.store.models import devices as D, events as E, tickets as T
from kiosk.store.queue import utc


def _record(row) -> DeviceRecord:
    return DeviceRecord(
        name=row.name, kind=row.kind, counter=row.counter, last_seen=utc(row.last_seen), printer=row.printer,
        paper=Paper(row.paper) if row.paper else None, fault=row.fault,
        paper_since=utc(row.paper_since) if row.paper_since is not None else None)


class DeviceStore:
    """The heartbeats inside one unit of work."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def get(self, name: str) -> DeviceRecord | None:
        row = self._conn.execute(select(D).where(D.c.name == name)).first()
        return _record(row) if row is not None else None

    def beat(self, beat: Beat) -> DeviceRecord:
        """Keep one heartbeat: the row of the machine is made or brought up to date."""
        previous = self.get(beat.name)
        since = paper_since(previous, beat)
        values = {"kind": beat.kind, "counter": beat.counter, "last_seen": utc(beat.at), "printer": beat.printer,
                  "paper": beat.paper.value if beat.paper is not None else None, "fault": beat.fault,
                  "paper_since": utc(since) if since is not None else None}
        if previous is None:
            self._conn.execute(insert(D).values(name=beat.name, **values))
        else:
            self._conn.execute(update(D).where(D.c.name == beat.name).values(**values))
        return DeviceRecord(name=beat.name, kind=beat.kind, counter=beat.counter, last_seen=utc(beat.at),
                            printer=beat.printer, paper=beat.paper, fault=beat.fault,
                            paper_since=values["paper_since"])

    def all(self) -> list[DeviceRecord]:
        return [_record(r) for r in self._conn.execute(select(D).order_by(D.c.name))]

    def forget(self, name: str) -> bool:
        """Drop a machine that was removed for good (the owner's right only)."""
        return self._conn.execute(delete(D).where(D.c.name == name)).rowcount > 0

    # -- what the branch's monitoring scrapes ---------------------------------------------------
    def oldest_waiting(self, day: date) -> dict[str, datetime]:
        """Per service: when its longest-waiting ticket arrived (no personal data is read)."""
        rows = self._conn.execute(
            select(T.c.service, func.min(T.c.arrived_at))
            .where(T.c.service_day == day, T.c.state == TicketState.WAITING.value).group_by(T.c.service))
        return {service: utc(at) for service, at in rows if at is not None}

    def event_counts(self, since: datetime) -> dict[str, int]:
        """How many calls (first calls and recalls) and failed prints since `since`."""
        kinds = (EventKind.CALLED, EventKind.RECALLED, EventKind.PRINT_FAILED)
        rows = self._conn.execute(
            select(E.c.kind, func.count()).where(E.c.kind.in_(kinds), E.c.at >= utc(since)).group_by(E.c.kind))
        return {kind: n for kind, n in rows}
