"""What every use case shares: the configuration, the clock, the database, and the event push.

`AppCore` is the context the use-case functions of `kiosk.app` take as their first argument; it
holds no use case itself. The store is reached only through its units of work (`app.uow()`).
"""
from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import date, datetime, time
from typing import Callable
from zoneinfo import ZoneInfo

from kiosk.app.sources import make_directory
from kiosk.config import Config
from kiosk.domain import errors
from kiosk.domain.branch import CounterSpec, ServiceSpec
from kiosk.domain.hours import OfficeStatus, office_status, service_day
from kiosk.domain.ticket import QueueEvent
from kiosk.store.queue import utc
from kiosk.store.uow import Database

log = logging.getLogger("anjungan.services")


class AppCore:
    """The branch this process serves: its configuration, clock and database, the participant
    directory, and what is kept between use cases (the NIK key, the printers' spoolers, the
    last purge, a few seconds of timing figures)."""

    def __init__(self, config: Config, database: Database, clock: Callable[[], datetime] | None = None,
                 directory=None):
        self.config = config
        self.database = database
        self.branch = config.branch
        self.tz = ZoneInfo(self.branch.timezone)
        self._clock = clock
        self._directory = directory
        self._subscribers: list[Callable[[list[QueueEvent]], None]] = []
        self.nik_key: bytes | None = None
        self.last_purge: datetime | None = None
        self.timing_cache: tuple | None = None
        self.spoolers: dict = {}
        self.spooler_lock = threading.Lock()

    @property
    def directory(self):
        """The participant status source of the branch (made when first asked for)."""
        if self._directory is None:
            self._directory = make_directory(self.config.directory, self.database, self.today)
        return self._directory

    # -- the store ----------------------------------------------------------------------------
    def uow(self, write: bool = True, snapshot: bool = False, bulk: bool = False):
        """A unit of work: `with app.uow() as uow:` — every store (`uow.queue`, `uow.bookings`, …)
        in one transaction (`snapshot=True`: a read that sees one moment throughout; `bulk=True`:
        work that may rightly take long, such as a year's report, without the statement deadline)."""
        return self.database.uow(write=write, snapshot=snapshot, bulk=bulk)

    @property
    def dialect(self) -> str:
        return self.database.dialect

    def close(self) -> None:
        for spooler in self.spoolers.values():
            spooler.close()
        self.spoolers = {}
        self.database.close()

    # -- the clock ----------------------------------------------------------------------------
    def now(self) -> datetime:
        now = self._clock() if self._clock else datetime.now(self.tz)
        return now.astimezone(self.tz)

    def today(self) -> date:
        return service_day(self.now())

    def day_start(self) -> datetime:
        return datetime.combine(self.today(), time(0), tzinfo=self.tz)

    def local(self, dt: datetime | None) -> datetime | None:
        return utc(dt).astimezone(self.tz) if dt else None

    def office_status(self) -> OfficeStatus:
        return office_status(self.branch.hours, self.now())

    # -- the branch ---------------------------------------------------------------------------
    def service_spec(self, code: str) -> ServiceSpec:
        spec = self.branch.service(code)
        if spec is None:
            known = ", ".join(s.code for s in self.branch.services)
            raise errors.UnknownService.of("error.service.unknown", code=code, known=known)
        return spec

    def counter_spec(self, number: int) -> CounterSpec:
        spec = self.branch.counter(number)
        if spec is None:
            known = ", ".join(str(c.number) for c in self.branch.counters)
            raise errors.UnknownCounter.of("error.counter.unknown", number=number, known=known)
        return spec

    def local_event(self, e: QueueEvent) -> QueueEvent:
        return replace(e, at=self.local(e.at))

    # -- in-process push ----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[list[QueueEvent]], None]) -> Callable[[], None]:
        """In-process push: `callback(events)` after each commit made through this object."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        with self.uow(write=False) as uow:
            return [self.local_event(e) for e in uow.queue.events_after(event_id, limit)]

    def last_event_id(self) -> int:
        with self.uow(write=False) as uow:
            return uow.queue.last_event_id()

    def publish_after(self, event_id: int) -> None:
        if not self._subscribers:
            return
        events = self.events_after(event_id)
        if not events:
            return
        for callback in list(self._subscribers):
            try:
                callback(events)
            except Exception:
                log.exception("event subscriber failed")

    def record(self, kind: str, *, counter: int | None = None, data: dict | None = None,
               service: str | None = None) -> int:
        """Write one event of its own (assistance, front-desk visits) and push it."""
        now = self.now()
        with self.uow() as uow:
            event_id = uow.queue.add_event(now, kind, service=service, counter=counter, data=data)
        self.publish_after(event_id - 1)
        return event_id
