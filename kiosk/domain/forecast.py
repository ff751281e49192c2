"""Will the queue clear before closing at the current pace, and if not, where a ranger helps.

The rule, stated once: the counters that are staffed go on calling as they do now — each free
counter calls the oldest waiting ticket of the services it serves — and each visit takes the
service's current pace (the median of its recent visits at the counter, first call to end, or
the configured minutes before there are three). Time counts only while counters serve: breaks
are skipped. A service clears when its last waiting ticket is finished by closing time.
When some service does not, a ranger counter (back-office staff opening an extra counter, as
branches do at peaks) is suggested for the services left with waiting tickets at closing, the
most left first; rangers are added one at a time, up to `MAX_RANGERS`, until everything clears.
"""
from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Mapping, Sequence

from kiosk.domain.branch import OfficeHours
from kiosk.domain.hours import local_time

MAX_RANGERS = 3


@dataclass(frozen=True)
class CounterLoad:
    """A staffed counter: the services it calls, and minutes until its current visit is done."""

    number: int
    services: tuple[str, ...]
    busy_for_min: float = 0.0


@dataclass(frozen=True)
class ServiceOutlook:
    service: str
    waiting: int
    left_at_close: int                 # tickets not finished by closing time
    clears_in_min: float | None        # serving minutes until its last ticket is done (None: not by closing)

    @property
    def clears(self) -> bool:
        return self.left_at_close == 0


@dataclass(frozen=True)
class Forecast:
    minutes_left: float
    services: tuple[ServiceOutlook, ...]
    rangers: int = 0                              # ranger counters suggested (0: none needed)
    ranger_services: tuple[str, ...] = ()         # the services they should take, most left first
    rangers_enough: bool = True                   # whether MAX_RANGERS rangers would clear it

    @property
    def clears(self) -> bool:
        return all(s.clears for s in self.services)

    def outlook(self, service: str) -> ServiceOutlook | None:
        return next((s for s in self.services if s.service == service), None)

    @property
    def left_at_close(self) -> int:
        return sum(s.left_at_close for s in self.services)


def simulate(waiting: Sequence[tuple[str, object]], counters: Sequence[CounterLoad],
             pace_min: Mapping[str, float], minutes_left: float) -> dict[str, tuple[int, float | None, int]]:
    """Per service: (waiting, minutes until cleared or None, left at closing), from the waiting
    tickets `(service, order key)` and the staffed counters."""
    queues: dict[str, deque] = {}
    for service, key in sorted(waiting, key=lambda item: item[1]):
        queues.setdefault(service, deque()).append(key)
    counts = {s: len(q) for s, q in queues.items()}
    last_end: dict[str, float] = {}
    left = dict(counts)
    free = [(max(0.0, c.busy_for_min), i) for i, c in enumerate(counters)]
    heapq.heapify(free)
    while free:
        at, i = heapq.heappop(free)
        counter = counters[i]
        best = None
        for service in counter.services:
            queue = queues.get(service)
            if queue and (best is None or queue[0] < queues[best][0]):
                best = service
        if best is None:
            continue                      # nothing left for this counter
        queues[best].popleft()
        end = at + max(0.1, float(pace_min.get(best, 10)))
        if end <= minutes_left + 1e-9:
            left[best] -= 1
            last_end[best] = max(last_end.get(best, 0.0), end)
        if end < minutes_left:
            heapq.heappush(free, (end, i))
        # a visit that would end after closing is not finished today; the counter stops calling
    out = {}
    for service, n in counts.items():
        remaining = left[service]
        out[service] = (n, last_end.get(service, 0.0) if remaining == 0 else None, remaining)
    return out


def forecast(waiting: Sequence[tuple[str, object]], counters: Sequence[CounterLoad],
             pace_min: Mapping[str, float], minutes_left: float, max_rangers: int = MAX_RANGERS) -> Forecast:
    """The outlook for each service with waiting tickets, and the rangers suggested."""
    base = simulate(waiting, counters, pace_min, minutes_left)
    services = tuple(ServiceOutlook(s, n, left, clears) for s, (n, clears, left) in base.items())
    short = sorted((s for s in services if s.left_at_close), key=lambda s: (-s.left_at_close, s.service))
    if not short or minutes_left <= 0:
        return Forecast(minutes_left, services)
    ranger_services = tuple(s.service for s in short)
    for rangers in range(1, max_rangers + 1):
        extra = [CounterLoad(-r, ranger_services) for r in range(1, rangers + 1)]
        after = simulate(waiting, list(counters) + extra, pace_min, minutes_left)
        if all(left == 0 for _, _, left in after.values()):
            return Forecast(minutes_left, services, rangers, ranger_services, True)
    return Forecast(minutes_left, services, max_rangers, ranger_services, False)


def serving_periods(hours: OfficeHours, now: datetime) -> list[tuple[datetime, datetime]]:
    """Today's serving time still ahead of `now`: (start, end) pairs with the breaks left out."""
    local = local_time(hours, now)
    day = hours.for_date(local.date())
    if day is None:
        return []
    tz = local.tzinfo

    def at(t) -> datetime:
        return datetime.combine(local.date(), t, tzinfo=tz)

    periods, start = [], at(day.opens)
    for b in day.breaks:
        periods.append((start, at(b.start)))
        start = at(b.end)
    periods.append((start, at(day.closes)))
    out = []
    for lo, hi in periods:
        lo = max(lo, local)
        if hi > lo:
            out.append((lo, hi))
    return out


def minutes_ahead(periods: Sequence[tuple[datetime, datetime]]) -> float:
    return sum((hi - lo).total_seconds() for lo, hi in periods) / 60


def clock_after(periods: Sequence[tuple[datetime, datetime]], minutes: float) -> datetime | None:
    """The clock time `minutes` of serving time after the start of `periods` (None: past closing)."""
    left = minutes
    for lo, hi in periods:
        span = (hi - lo).total_seconds() / 60
        if left <= span + 1e-9:
            return lo + timedelta(minutes=left)
        left -= span
    return None
