"""Figures of a set of visits: counts, waiting and service times, service level, quota.

Rules, stated once:
- Percentiles are Excel's PERCENTILE.INC (linear between the closest ranks), so a figure in the
  report is the one an office gets from the same numbers in a spreadsheet.
- Service level: the share of tickets called within the service's target minutes. Counted are
  the tickets that were called, and the tickets never called (they waited the whole day and were
  closed not served, or today have already waited past the target); a ticket still waiting today
  within its target is not counted yet.
- Arrivals are participants who took a ticket; a ticket made by a transfer is a transfer in, not
  an arrival. Served = finished at a counter; no-show = skipped after being called.
- Quota used: tickets issued for a service with a daily quota, against that quota on each day
  the branch served anyone.
- A counter's idle time: from its first call to its last visit's end, the time it was neither
  serving, paused, nor on the office's break.
- Bookings: counted on their day and service, cancelled ones left out; a booking never checked in
  by the end of its window is a no-show (`booking.outcome`); early and late arrivals took a
  ticket in walk-in order.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from kiosk.domain.booking import Outcome
from kiosk.domain.queue import TicketState
from kiosk.domain.skm import NO_RATINGS, Ikm, RatingIndex, ikm_from_sums
from kiosk.domain.timeline import VisitFacts

DONE, NO_SHOW, TRANSFERRED, WAITING = (TicketState.DONE.value, TicketState.NO_SHOW.value,
                                       TicketState.TRANSFERRED.value, TicketState.WAITING.value)
NOT_SERVED = TicketState.NOT_SERVED.value
UNSERVED = (WAITING, NOT_SERVED)        # never called: waiting still, or when the day was closed
ELEMENT_COUNT = 9


def percentile(values: Sequence[float], p: float) -> float | None:
    """PERCENTILE.INC of `values` (any order) at `p` in [0, 1]; None for no values."""
    if not values:
        return None
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, not {p}")
    return _ranked(sorted(values), p)


def _ranked(ordered: Sequence[float], p: float) -> float | None:
    """PERCENTILE.INC of values already sorted."""
    if not ordered:
        return None
    rank = p * (len(ordered) - 1)
    lo = math.floor(rank)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


def minutes(seconds: float | None) -> float | None:
    """Seconds as minutes with one decimal (None stays None)."""
    return None if seconds is None else round(seconds / 60, 1)


def within_target(wait_s: float, target_min: int) -> bool:
    return wait_s <= target_min * 60


def counts_for_service_level(f: VisitFacts, target_min: int) -> tuple[bool, bool]:
    """(counted, within) of one visit for the service level (see the module's rule)."""
    if f.wait_s is not None:
        return True, within_target(f.wait_s, target_min)
    if f.state not in UNSERVED:
        return False, False                       # cancelled before a call
    if f.waited_s is None or f.waited_s > target_min * 60:
        return True, False
    return False, False


@dataclass(slots=True)
class Tally:
    """Figures of one group of visits (a day, a service, a counter, an hour, or all)."""

    arrivals: int = 0
    transfers_in: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    unserved: int = 0
    assisted: int = 0
    priority: int = 0
    calls: int = 0
    recalls: int = 0
    printer_failures: int = 0
    front_desk: int = 0
    online: int = 0
    sl_counted: int = 0
    sl_within: int = 0
    busy_s: float = 0.0
    paused_s: float = 0.0
    idle_s: float = 0.0
    quota_used: int = 0
    quota_capacity: int = 0
    waits: list = field(default_factory=list)
    services: list = field(default_factory=list)
    walks: list = field(default_factory=list)
    ratings: RatingIndex = NO_RATINGS
    skm_sums: list = field(default_factory=lambda: [0] * ELEMENT_COUNT)
    skm_count: int = 0
    bookings: dict = field(default_factory=dict)        # Outcome → count

    def add(self, f: VisitFacts, target_min: int) -> None:
        (_, _, _, _, state, arrival, priority, assisted, _, _, _, _, _, wait_s, walk_s, service_s, occupancy_s,
         calls, print_failures, *_) = f
        if arrival:
            self.arrivals += 1
            if assisted:
                self.assisted += 1
            if priority:
                self.priority += 1
        else:
            self.transfers_in += 1
        if state == DONE:
            self.served += 1
            if service_s is not None:
                self.services.append(service_s)
        elif state == NO_SHOW:
            self.no_show += 1
        elif state == TRANSFERRED:
            self.transferred += 1
        elif state in UNSERVED:
            self.unserved += 1
        if calls:
            self.calls += calls
            self.recalls += calls - 1
        if print_failures:
            self.printer_failures += print_failures
        if walk_s is not None:
            self.walks.append(walk_s)
        if occupancy_s is not None:
            self.busy_s += occupancy_s
        if wait_s is not None:
            self.waits.append(wait_s)
        counted, within = counts_for_service_level(f, target_min)
        if counted:
            self.sl_counted += 1
            self.sl_within += within

    def merge(self, o: "Tally") -> None:
        """Add another group's visits to this one (its ratings and questionnaires are kept apart)."""
        self.arrivals += o.arrivals
        self.transfers_in += o.transfers_in
        self.served += o.served
        self.no_show += o.no_show
        self.transferred += o.transferred
        self.unserved += o.unserved
        self.assisted += o.assisted
        self.priority += o.priority
        self.calls += o.calls
        self.recalls += o.recalls
        self.printer_failures += o.printer_failures
        self.front_desk += o.front_desk
        self.online += o.online
        self.sl_counted += o.sl_counted
        self.sl_within += o.sl_within
        self.busy_s += o.busy_s
        self.waits += o.waits
        self.services += o.services
        self.walks += o.walks

    def add_bookings(self, outcome: Outcome, count: int) -> None:
        self.bookings[outcome] = self.bookings.get(outcome, 0) + count

    def booking_row(self) -> dict:
        b = self.bookings
        return {"booked": sum(n for o, n in b.items() if o is not Outcome.CANCELLED),
                "booked_checked_in": b.get(Outcome.CHECKED_IN, 0), "booked_early": b.get(Outcome.EARLY, 0),
                "booked_late": b.get(Outcome.LATE, 0), "booked_no_show": b.get(Outcome.NO_SHOW, 0)}

    def add_survey(self, sums: Sequence[float], count: int) -> None:
        for i, s in enumerate(sums):
            self.skm_sums[i] += s
        self.skm_count += count

    @property
    def service_level_pct(self) -> float | None:
        return round(100 * self.sl_within / self.sl_counted, 1) if self.sl_counted else None

    @property
    def ikm(self) -> Ikm:
        return ikm_from_sums(self.skm_sums, self.skm_count)

    def row(self) -> dict:
        """The figures as the report's JSON writes them (minutes with one decimal)."""
        ikm = self.ikm
        waits, services = sorted(self.waits), sorted(self.services)
        return {
            "arrivals": self.arrivals, "served": self.served, "no_show": self.no_show,
            "transferred": self.transferred, "transfers_in": self.transfers_in, "unserved": self.unserved,
            "wait_p50_min": minutes(_ranked(waits, 0.5)), "wait_p90_min": minutes(_ranked(waits, 0.9)),
            "wait_max_min": minutes(waits[-1]) if waits else None,
            "walk_p50_min": minutes(percentile(self.walks, 0.5)),
            "service_p50_min": minutes(_ranked(services, 0.5)),
            "service_p90_min": minutes(_ranked(services, 0.9)),
            "service_level_pct": self.service_level_pct,
            "calls": self.calls, "recalls": self.recalls, "assisted": self.assisted, "priority": self.priority,
            "front_desk": self.front_desk, "online": self.online, "printer_failures": self.printer_failures,
            "quota_used": self.quota_used if self.quota_capacity else None,
            "quota_capacity": self.quota_capacity or None,
            "ikm": ikm.value, "ikm_grade": ikm.grade, "ikm_respondents": ikm.respondents,
            "rating_index": self.ratings.value, "rating_grade": self.ratings.grade, "ratings": self.ratings.count,
            **self.booking_row(),
        }


@dataclass(frozen=True)
class Mark:
    """A visit that took no ticket: answered at the front desk, or sent to an online channel."""

    service_day: date
    hour: int
    service: str | None
    front_desk: bool            # False: online channel
    assisted: bool = False


@dataclass(frozen=True)
class BookingRow:
    """Bookings of one day and service that came to the same outcome."""

    service_day: date
    service: str
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class RatingRow:
    service_day: date
    service: str | None
    counter: int | None
    score: int
    count: int


@dataclass(frozen=True)
class SurveyRow:
    service_day: date
    service: str | None
    counter: int | None
    sums: tuple
    count: int
