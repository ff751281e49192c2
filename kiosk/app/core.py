"""What every use case shares: the configuration, the clock, the database, and the event push.

`AppCore` is the context the use-case functions of `kiosk.app` take as their first argument; it
holds no use case itself. The store is reached only through its units of work (`app.uow()`).

The branch's own sections may come from the database (`anjungan config push`,
kiosk/app/branch_config.py): the context reads them when it is made and again whenever the event
feed brings a `branch_config` event newer than the version it follows (`reload_branch`), so
`config`, `branch` and `tz` may change while the process runs.
"""
from __future__ import annotations

import logging
import threading
import time as time_module
from dataclasses import replace
from datetime import date, datetime, time
from typing import Callable
from zoneinfo import ZoneInfo

from kiosk.app.branch_sections import compose_stored
from kiosk.app.sources import make_directory
from kiosk.config import Config
from kiosk.domain import errors
from kiosk.domain.branch import CounterSpec, ServiceSpec
from kiosk.domain.hours import OfficeStatus, office_status, service_day
from kiosk.domain.ticket import EventKind, QueueEvent
from kiosk.store.queue import utc
from kiosk.store.uow import Database

log = logging.getLogger("anjungan.services")
DAY_RETRY_S = 60.0


class AppCore:
    """The branch this process serves: its configuration, clock and database, the participant
    directory, and what is kept between use cases (the NIK key, the printers' spoolers, the
    last purge, a few seconds of timing figures)."""

    def __init__(self, config: Config, database: Database, clock: Callable[[], datetime] | None = None,
                 directory=None):
        self.file_config = config              # as this machine's file says
        self.config_version = None             # the stored branch configuration followed (None: the file's)
        self._in_force = (config, config.branch, ZoneInfo(config.branch.timezone))
        self.database = database
        self._clock = clock
        self._directory = directory
        self._subscribers: list[Callable[[list[QueueEvent]], None]] = []
        self.nik_key: bytes | None = None
        self.last_purge: datetime | None = None
        self.timing_cache: tuple | None = None
        self.spoolers: dict = {}
        self.spooler_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        # Before the first unit of work of a service day: every earlier day closed (kiosk/app/days.py,
        # wired by the bootstrap). The day it was done for, the thread doing it, when to try again.
        self.on_new_day: Callable[["AppCore"], object] | None = None
        self._day_done: date | None = None
        self._day_lock = threading.Lock()
        self._day_closer: int | None = None
        self._day_retry: float = 0.0
        self.reload_branch()

    # -- the configuration in force -------------------------------------------------------------
    @property
    def config(self) -> Config:
        return self._in_force[0]

    @config.setter
    def config(self, config: Config) -> None:
        self._in_force = (config, config.branch, ZoneInfo(config.branch.timezone))

    @property
    def branch(self):
        return self._in_force[1]

    @property
    def tz(self) -> ZoneInfo:
        return self._in_force[2]

    def reload_branch(self) -> bool:
        """Follow the newest branch configuration stored in the database (the file's own sections
        when none is); True when it changed. A database that cannot say keeps what is in force."""
        with self._reload_lock:
            try:
                with self.uow(write=False) as uow:
                    stored = uow.branch_config.current()
                config = self.file_config if stored is None else \
                    compose_stored(self.file_config, stored.sections, stored.version)
            except Exception as exc:  # noqa: BLE001 - unreachable, not allowed, older schema, bad version
                log.warning("branch configuration not read from the database: %s", exc)
                return False
            if (stored and stored.version) == (self.config_version and self.config_version.version):
                return False
            self.config_version = stored
            self.config = config
            log.info("branch configuration in force: %s", f"version {stored.version}" if stored else "this file's")
            return True

    def _follow_config(self, events: list[QueueEvent]) -> None:
        known = self.config_version.version if self.config_version else 0
        if any(e.kind == EventKind.BRANCH_CONFIG and int(e.data.get("version") or 0) > known for e in events):
            self.reload_branch()

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
        if self.on_new_day is not None and self._day_done != self.today():
            self.open_day()
        return self.database.uow(write=write, snapshot=snapshot, bulk=bulk)

    def open_day(self) -> None:
        """Close the earlier days still open before this process's first unit of work of a day
        (other threads wait for it; a failure is tried again a minute later, a role that may not
        close a day is left to the machines that may)."""
        if self._day_closer == threading.get_ident() or time_module.monotonic() < self._day_retry:
            return                      # the close's own units of work, or a failure a moment ago
        with self._day_lock:
            today = self.today()
            if self._day_done == today:
                return
            self._day_closer = threading.get_ident()
            try:
                self.on_new_day(self)
                self._day_done = today
            except errors.StoreNotAllowed as exc:
                log.info("earlier service days are closed by other machines: %s", exc)
                self._day_done = today
            except Exception as exc:  # noqa: BLE001 - the day's work goes on; tried again shortly
                log.warning("earlier service days not closed: %s", exc)
                self._day_retry = time_module.monotonic() + DAY_RETRY_S
            finally:
                self._day_closer = None

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

    def local_events(self, events: list[QueueEvent]) -> list[QueueEvent]:
        """Events read from the feed, in local time; a newer branch configuration among them is
        followed first (every window, `watch` and the web service read the feed through here)."""
        self._follow_config(events)
        return [self.local_event(e) for e in events]

    # -- in-process push ----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[list[QueueEvent]], None]) -> Callable[[], None]:
        """In-process push: `callback(events)` after each commit made through this object."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        with self.uow(write=False) as uow:
            events = uow.queue.events_after(event_id, limit)
        return self.local_events(events)

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
