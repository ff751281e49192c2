"""Machines and printers seen from one place: heartbeats, `anjungan devices`, the monitor's
line, and the figures the branch's monitoring scrapes (`/metrics`).

Each window and the web service hold a `Heartbeat` and tick it from a timer they already run;
it writes the machine's heartbeat (with its printer's paper state where it has a printer) about
every 30 seconds, off the caller's thread, and never lets a failure reach the caller: a machine
that cannot write its heartbeat is exactly the one the others see as silent.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from kiosk.app import days, printing
from kiosk.app.core import AppCore
from kiosk.app.views import iso
from kiosk.domain import errors
from kiosk.domain.catalog import tr
from kiosk.domain.devices import (
    HEARTBEAT_S,
    SILENT_AFTER_S,
    Beat,
    DeviceRecord,
    DeviceState,
    Paper,
    assess,
    in_order,
    machine_name,
    paper_of,
)
from kiosk.domain.formatting import when_text
from kiosk.domain.ticket import EventKind

log = logging.getLogger("anjungan.devices")


def heartbeat(app: AppCore, kind: str, *, name: str | None = None, counter: int | None = None,
              printer_url: str | None = None, printer: bool = False) -> DeviceRecord:
    """Write this machine's heartbeat now; with `printer`, ask its printer (`printer_url`, else
    the configured one) for its paper state first."""
    paper = fault = url = None
    if printer:
        status = printing.printer_status(app, printer_url)
        url = str(status.get("printer") or "")[:200] or None
        paper, fault = paper_of(status)
    beat = Beat(name=machine_name(kind, name, counter, socket.gethostname()), kind=str(kind), counter=counter,
                at=app.now(), printer=url, paper=paper, fault=fault)
    with app.uow() as uow:
        return uow.devices.beat(beat)


class Heartbeat:
    """A machine's heartbeat, ticked by a timer the machine already runs (`tick()` is cheap: it
    beats only when one is due, on a thread of its own with `background`, one at a time)."""

    def __init__(self, app: AppCore, kind: str, *, name: str | None = None, counter: int | None = None,
                 printer_url: str | None = None, printer: bool = False, every_s: float = HEARTBEAT_S,
                 background: bool = True, clock: Callable[[], float] = time.monotonic):
        self._app = app
        self.kind, self.name, self.counter = kind, name, counter
        self.printer_url, self.printer = printer_url, printer
        self.every_s = every_s
        self.background = background
        self._clock = clock
        self._due = clock()               # the first tick beats
        self._busy = threading.Lock()
        self.last: DeviceRecord | None = None
        self.failures = 0
        self.stopped = False
        self.closes_days = True           # a machine whose role may not close a day leaves it to the others
        self._closed_day = None

    def stop(self) -> None:
        """The machine's window closes: no heartbeat after this (a silent machine is the truth)."""
        self.stopped = True

    def tick(self, *_args) -> None:
        if self.stopped or self._clock() < self._due or not self._busy.acquire(blocking=False):
            return
        self._due = self._clock() + self.every_s * 0.9      # a timer of the same period beats at each tick
        if self.background:
            threading.Thread(target=self._beat_and_release, name=f"heartbeat-{self.kind}", daemon=True).start()
        else:
            self._beat_and_release()

    def soon(self, *_args) -> None:
        """Beat at the next tick (a print just failed or warned of paper near its end)."""
        self._due = self._clock()

    def beat(self) -> DeviceRecord | None:
        """Write the heartbeat now; None when it could not be written (logged, never raised)."""
        if self.stopped:
            return None
        try:
            self.last = heartbeat(self._app, self.kind, name=self.name, counter=self.counter,
                                  printer_url=self.printer_url, printer=self.printer)
            self.failures = 0
        except Exception as exc:  # noqa: BLE001 - a heartbeat never stops the machine's own work
            self.failures += 1
            if self.failures == 1:
                log.warning("heartbeat of %s not written: %s", self.kind, exc)
            return None
        self._close_day_if_due()
        return self.last

    def _close_day_if_due(self) -> None:
        """The machine that beats first after the day's closing time closes the day (kiosk/app/days.py)."""
        today = self._app.today()
        if not self.closes_days or self._closed_day == today:
            return
        try:
            closed = days.close_if_due(self._app)
        except errors.StoreNotAllowed:
            self.closes_days = False
            return
        except Exception as exc:  # noqa: BLE001 - tried again at the next beat
            log.warning("service day %s not closed: %s", today, exc)
            return
        if closed is not None:
            self._closed_day = today

    def _beat_and_release(self) -> None:
        try:
            self.beat()
        finally:
            self._busy.release()


def devices(app: AppCore) -> list[DeviceState]:
    """Every machine that ever reported, trouble first."""
    with app.uow(write=False) as uow:
        records = uow.devices.all()
    now = app.now()
    return in_order([assess(r, now) for r in records])


def forget_device(app: AppCore, name: str) -> bool:
    """Take a machine that was removed for good off the list (a replaced PC under the same name
    needs nothing: its heartbeat carries on the row). False when no machine has that name."""
    with app.uow() as uow:
        return uow.devices.forget(name)


def device_json(app: AppCore, state: DeviceState) -> dict:
    r = state.record
    return {"name": r.name, "kind": r.kind, "counter": r.counter, "last_seen": iso(app.local(r.last_seen)),
            "silent": state.silent, "silent_since": iso(app.local(state.silent_since)),
            "printer": r.printer, "paper": r.paper.value if r.paper else None, "fault": r.fault,
            "paper_since": iso(app.local(r.paper_since)), "paper_out": state.paper_out, "ok": state.ok}


def devices_json(app: AppCore, states: list[DeviceState] | None = None) -> dict:
    """`anjungan devices --json`: each machine and printer, which one is in trouble and since when."""
    states = devices(app) if states is None else states
    return {"at": iso(app.now()), "silent_after_s": int(SILENT_AFTER_S), "ok": all(s.ok for s in states),
            "silent": sum(s.silent for s in states), "paper_out": sum(s.paper_out for s in states),
            "devices": [device_json(app, s) for s in states]}

SUMMARY_IN_FULL = 2      # more machines in trouble than this: the monitor's line names them only


def _when(app: AppCore, at: datetime | None, lang: str) -> str:
    return when_text(app.local(at), lang, today=app.today()) if at else "-"


def device_line(app: AppCore, state: DeviceState, lang: str = "id") -> str:
    """One machine in one line: up or silent since when, and its printer's state since when."""
    r = state.record
    if state.silent:
        text = tr("devices.line.silent", lang, name=r.name, kind=r.kind, since=_when(app, state.silent_since, lang))
    else:
        text = tr("devices.line.up", lang, name=r.name, kind=r.kind, seen=_when(app, r.last_seen, lang))
    if r.paper is not None:
        since = _when(app, r.paper_since, lang)
        printer = r.printer or "-"
        if r.paper == Paper.OUT:
            text += "; " + tr("devices.paper.out", lang, printer=printer, since=since)
        elif r.paper == Paper.FAULT:
            text += "; " + tr("devices.paper.fault", lang, printer=printer, since=since, fault=r.fault or "-")
        elif r.paper == Paper.NEAR_END:
            text += "; " + tr("devices.paper.near_end", lang, printer=printer, since=since)
        else:
            text += "; " + tr("devices.paper.ok", lang, printer=printer)
    return text


def device_summary(app: AppCore, states: list[DeviceState], lang: str = "id") -> str:
    """The monitor's line: every machine well, or each one in trouble and since when."""
    if not states:
        return tr("devices.summary.none", lang)
    trouble, names = [], []
    for s in states:
        r = s.record
        if s.silent:
            trouble.append(tr("devices.short.silent", lang, name=r.name, since=_when(app, s.silent_since, lang)))
        elif r.paper == Paper.OUT:
            trouble.append(tr("devices.short.out", lang, name=r.name, since=_when(app, r.paper_since, lang)))
        elif r.paper == Paper.FAULT:
            trouble.append(tr("devices.short.fault", lang, name=r.name, since=_when(app, r.paper_since, lang)))
        elif r.paper == Paper.NEAR_END:
            trouble.append(tr("devices.short.near_end", lang, name=r.name))
        if len(trouble) > len(names):
            names.append(r.name)
    if not trouble:
        return tr("devices.summary.ok", lang, count=len(states))
    if len(trouble) > SUMMARY_IN_FULL:      # the header keeps one line; each one's story is in the tooltip
        return tr("devices.summary.many", lang, count=len(trouble), names=", ".join(names))
    return tr("devices.summary.trouble", lang, problems=" · ".join(trouble))


@dataclass(frozen=True)
class BranchMetrics:
    """What the branch's monitoring scrapes (`/metrics`), read in one snapshot."""
    at: datetime
    waiting: dict[str, int]                 # service -> tickets waiting now
    longest_wait_s: dict[str, float]        # service -> seconds the longest-waiting ticket has waited
    calls_today: int
    recalls_today: int
    print_failures_today: int
    devices: tuple[DeviceState, ...]


def metrics(app: AppCore) -> BranchMetrics:
    now, today = app.now(), app.today()
    with app.uow(write=False, snapshot=True) as uow:
        counts = uow.queue.service_counts(today)
        oldest = uow.devices.oldest_waiting(today)
        events = uow.devices.event_counts(app.day_start())
        records = uow.devices.all()
    codes = [s.code for s in app.branch.services if s.queues]
    return BranchMetrics(
        at=now, waiting={c: counts.get(c, {}).get("waiting", 0) for c in codes},
        longest_wait_s={c: max(0.0, (now - oldest[c]).total_seconds()) if c in oldest else 0.0 for c in codes},
        calls_today=events.get(EventKind.CALLED, 0), recalls_today=events.get(EventKind.RECALLED, 0),
        print_failures_today=events.get(EventKind.PRINT_FAILED, 0),
        devices=tuple(in_order([assess(r, now) for r in records])))
