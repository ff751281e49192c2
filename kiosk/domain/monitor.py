"""The head of service's live view of today: queues, counters, targets, quota, the outlook to
closing and what to do about it, and today's satisfaction.

`BranchMonitor` keeps today's `DayLog` and is brought up to date event by event (the same
events the hall display follows); `figures(now)` reads everything off it without the database.
Rules, stated once:
- A counter is staffed today once it has called a ticket today (before any counter has, every
  counter counts as staffed). A staffed counter that is paused is not counted for the outlook,
  except during the office's break, when it resumes afterwards.
- Quota: `kiosk.domain.quota` (the daily quota against the tickets issued today), the same
  figure as the report's and the kiosk's.
- A waiting ticket past its service's target minutes is overdue.
- The outlook to closing follows `kiosk.domain.forecast`; the wait of someone arriving now per
  service and the steps to take (idle counters first, then pauses that can end, then rangers)
  follow `kiosk.domain.advice`.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from typing import Iterable, Mapping

from kiosk.domain.advice import Helper, Step, advise, ranked, waits_now
from kiosk.domain.branch import Branch, CounterSpec, ServiceSpec
from kiosk.domain.catalog import ByLanguage, msgid
from kiosk.domain.figures import Tally, minutes, percentile
from kiosk.domain.forecast import (
    CounterLoad, Forecast, ServiceOutlook, clock_after, forecast, minutes_ahead, serving_periods,
)
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.hours import BREAK, office_status
from kiosk.domain.quota import quota_capacity
from kiosk.domain.missed import MissedCallRule, PauseReason
from kiosk.domain.skm import Ikm, RatingIndex, ikm, rating_index
from kiosk.domain.ticket import QueueEvent
from kiosk.domain.queue import TicketState
from kiosk.domain.timeline import SERVED_END, CounterActivity, DayLog, Visit
from kiosk.domain.wait import typical_service_minutes

PACE_SAMPLES = 20           # recent visits per service for its pace


class CounterState(str, Enum):
    SERVING = "serving"     # a ticket is at the counter (called or being served)
    IDLE = "idle"           # staffed, no ticket
    PAUSED = "paused"
    OFF = "off"             # not staffed today

    @property
    def label_key(self) -> str:
        return _COUNTER_LABELS[self]


_COUNTER_LABELS = {
    CounterState.SERVING: msgid("monitor.counter.serving"), CounterState.IDLE: msgid("monitor.counter.idle"),
    CounterState.PAUSED: msgid("monitor.counter.paused"), CounterState.OFF: msgid("monitor.counter.off"),
}


class Severity(str, Enum):
    OK = "ok"
    WARN = "warn"
    ALERT = "alert"
    CLOSED = "closed"


@dataclass(frozen=True)
class CounterNow:
    number: int
    services: tuple[str, ...]
    state: CounterState
    ticket: str | None              # the number at the counter
    service: str | None
    for_min: int | None             # how long in this state
    served: int
    pause_reason: PauseReason | None = None     # while paused: why (the branch's words)
    since: datetime | None = None   # in this state since


@dataclass(frozen=True)
class ServiceNow:
    code: str
    name_id: str
    name_en: str
    waiting: int
    longest_wait_min: int | None
    overdue: int
    target_min: int
    issued: int
    quota_capacity: int | None
    served: int
    no_show: int
    wait_p50_min: float | None
    service_level_pct: float | None
    pace_min: float
    clears_at: datetime | None
    left_at_close: int
    wait_now_min: int | None = None     # the wait of someone arriving now (None: no counter at work serves it)

    @property
    def quota_full(self) -> bool:
        return self.quota_capacity is not None and self.issued >= self.quota_capacity


@dataclass(frozen=True)
class Overdue:
    number: str
    service: str
    waited_min: int
    target_min: int
    priority: bool


@dataclass(frozen=True)
class Advice:
    """What the monitor says about the outlook: a message id, its values and how urgent it is."""

    key: str
    params: dict
    severity: Severity


@dataclass(frozen=True)
class MonitorFigures:
    at: datetime
    services: tuple[ServiceNow, ...]
    counters: tuple[CounterNow, ...]
    overdue: tuple[Overdue, ...]
    forecast: Forecast
    advice: Advice
    ikm: Ikm
    ratings: RatingIndex
    totals: dict
    steps: tuple[Step, ...] = ()        # what to do now, in order (`kiosk.domain.advice`)

    @property
    def ranked(self) -> tuple[ServiceNow, ...]:
        """The services by the wait of someone arriving now, longest first; then the ones nobody waits for."""
        waits = {s.code: s.wait_now_min for s in self.services if s.waiting}
        order = ranked(waits, {s.code: s.waiting for s in self.services})
        return tuple(sorted(self.services, key=lambda s: order.index(s.code) if s.code in order else len(order)))

    def service(self, code: str) -> ServiceNow | None:
        return next((s for s in self.services if s.code == code), None)

    def counter(self, number: int) -> CounterNow | None:
        return next((c for c in self.counters if c.number == number), None)


def _clock(dt: datetime) -> ByLanguage:
    return ByLanguage(time_id(dt), time_en(dt))


def _codes(codes: Iterable[str]) -> str:
    return ", ".join(codes)


class BranchMonitor:
    """Today at the branch, folded from today's events."""

    def __init__(self, branch: Branch, day: date, *, targets: Mapping[str, int], default_target: int,
                 events: Iterable[QueueEvent] = (), paused: Iterable[int] = (), since: datetime | None = None,
                 pause_rule: MissedCallRule | None = None):
        self.branch = branch
        self.pause_rule = pause_rule or MissedCallRule()       # the words of the pause reasons
        self.day = day
        self.targets = dict(targets)
        self.default_target = default_target
        self.log = DayLog(day, paused, since)
        self.log.extend(events)

    def paused_by_reason(self, now: datetime) -> dict[str, float]:
        """Minutes every counter paused today per reason's code ("" for none given), the pauses
        under way counted until `now`."""
        seconds: dict[str, float] = {}
        for activity in self.log.counters.values():
            for reason, spent in activity.paused_by_reason.items():
                seconds[reason] = seconds.get(reason, 0.0) + spent
            if activity.paused_since is not None:
                reason = activity.paused_reason or ""
                seconds[reason] = seconds.get(reason, 0.0) + max(0.0, (now - activity.paused_since).total_seconds())
        return {reason: round(s / 60, 1) for reason, s in seconds.items()}

    def apply(self, events: Iterable[QueueEvent]) -> int:
        """Fold new events in; returns how many changed something."""
        changed = 0
        for e in events:
            before = len(self.log.seen)
            self.log.apply(e)
            changed += len(self.log.seen) != before
        return changed

    def target(self, code: str) -> int:
        return self.targets.get(code, self.default_target)

    # -- figures ------------------------------------------------------------------------------
    def staffed(self) -> set[int]:
        active = {n for v in self.log.visits.values() for n in v.call_counters if n is not None}
        if not active:
            return {c.number for c in self.branch.counters}
        return active

    def pace(self, spec: ServiceSpec) -> float:
        done = [v for v in self.log.visits.values()
                if v.service == spec.code and v.state in SERVED_END and v.occupancy_s is not None]
        done.sort(key=lambda v: v.ended_at)
        samples = [v.occupancy_s / 60 for v in done[-PACE_SAMPLES:]]
        return typical_service_minutes(samples, spec.service_minutes)

    def figures(self, now: datetime) -> MonitorFigures:
        branch, log = self.branch, self.log
        staffed = self.staffed()
        office = office_status(branch.hours, now)
        periods = serving_periods(branch.hours, now)
        minutes_left = minutes_ahead(periods)
        paces = {s.code: self.pace(s) for s in branch.services}
        counters, loads = self._counters(now, staffed, office.state == BREAK, paces)
        waiting = log.waiting()
        outlook = forecast([(v.service, (v.arrived_at, v.queued_at, v.ticket_id)) for v in waiting], loads, paces,
                           minutes_left)
        tallies = self._tallies(now)
        services, overdue = self._services(now, staffed, waiting, tallies, outlook, periods, paces)
        advice = self._advice(office, outlook, periods, len(waiting))
        totals = self._totals(tallies, now)
        services, steps = self._steps(services, counters, loads, waiting, paces, office.state == BREAK, bool(periods))
        return MonitorFigures(now, tuple(services), tuple(counters), tuple(overdue), outlook, advice,
                              ikm(m.answers for m in log.surveys if m.answers),
                              rating_index(m.score for m in log.ratings if m.score), totals, tuple(steps))

    def _steps(self, services: list[ServiceNow], counters: list[CounterNow], loads: list[CounterLoad],
               waiting: list[Visit], paces: Mapping[str, float], on_break: bool,
               open_now: bool) -> tuple[list[ServiceNow], list[Step]]:
        """Each service's wait if arriving now, and the steps that shorten the longest ones."""
        queue = [(v.service, (v.arrived_at, v.queued_at, v.ticket_id)) for v in waiting]
        waits = waits_now(queue, loads, paces, [s.code for s in services])
        services = [replace(s, wait_now_min=None if waits[s.code] is None else round(waits[s.code]))
                    for s in services]
        if not open_now or not waiting:
            return services, []
        idle = [Helper(c.number, c.services, c.for_min or 0) for c in counters if c.state is CounterState.IDLE]
        paused = [] if on_break else [Helper(c.number, c.services, c.for_min or 0)
                                      for c in counters if c.state is CounterState.PAUSED]
        targets = {s.code: s.target_min for s in services}
        steps, _after = advise(queue, loads, paces, targets, idle=idle, paused=paused)
        return services, steps

    # -- the counters now, and the load each staffed one brings to the outlook ------------------
    def _counters(self, now: datetime, staffed: set[int], on_break: bool,
                  paces: Mapping[str, float]) -> tuple[list[CounterNow], list[CounterLoad]]:
        counters, loads = [], []
        for spec in self.branch.counters:
            activity = self.log.counters.get(spec.number)
            at = self.log.at_counter(spec.number)
            counter = self._counter_now(spec, activity, at, now, spec.number in staffed)
            counters.append(replace(counter, since=_counter_state(activity, at, spec.number in staffed)[1]))
            paused = activity is not None and activity.paused
            if spec.number in staffed and (not paused or on_break):
                loads.append(_counter_load(spec, at, now, paces))
        return counters, loads

    def _counter_now(self, spec: CounterSpec, activity: CounterActivity | None, at: Visit | None, now: datetime,
                     staffed: bool) -> CounterNow:
        served = sum(1 for v in self.log.visits.values() if v.counter == spec.number and v.state is TicketState.DONE)
        state, since = _counter_state(activity, at, staffed)
        for_min = int((now - since).total_seconds() // 60) if since is not None and since <= now else None
        return CounterNow(spec.number, spec.services, state, at.number if at else None,
                          at.service if at else None, for_min, served,
                          self.pause_rule.reason_named(activity.paused_reason)
                          if state is CounterState.PAUSED and activity else None)

    # -- the services now ----------------------------------------------------------------------
    def _tallies(self, now: datetime) -> dict[str, Tally]:
        """Today's figures per service, from the visits so far."""
        tallies: dict[str, Tally] = {}
        for f in self.log.facts(now.tzinfo, now):
            tallies.setdefault(f.service, Tally()).add(f, self.target(f.service))
        return tallies

    def _issued(self) -> dict[str, int]:
        """Tickets issued today per service (quota used)."""
        issued: dict[str, int] = {}
        for v in self.log.visits.values():
            if v.arrival:
                issued[v.service] = issued.get(v.service, 0) + 1
        return issued

    def _services(self, now: datetime, staffed: set[int], waiting: list[Visit], tallies: Mapping[str, Tally],
                  outlook: Forecast, periods, paces: Mapping[str, float]) -> tuple[list[ServiceNow], list[Overdue]]:
        """Each queueing service now, and the waiting tickets past their target (longest first)."""
        issued = self._issued()
        services, overdue = [], []
        for spec in self.branch.services:
            if not spec.queues:
                continue
            mine = [v for v in waiting if v.service == spec.code]
            target = self.target(spec.code)
            late = [v for v in mine if v.waited_s(now) > target * 60]
            overdue += [Overdue(v.number or "?", v.service, int(v.waited_s(now) // 60), target, v.priority)
                        for v in late]
            services.append(self._service_now(spec, now, mine, len(late), target, issued.get(spec.code, 0),
                                              tallies.get(spec.code, Tally()), outlook.outlook(spec.code),
                                              periods, paces, staffed))
        overdue.sort(key=lambda o: -o.waited_min)
        return services, overdue

    def _service_now(self, spec: ServiceSpec, now: datetime, mine: list[Visit], late: int, target: int,
                     issued: int, t: Tally, o: ServiceOutlook | None, periods, paces: Mapping[str, float],
                     staffed: set[int]) -> ServiceNow:
        waits = [v.waited_s(now) for v in mine]
        clears_at = None
        if o is not None and o.clears_in_min is not None:
            clears_at = clock_after(periods, o.clears_in_min)
        return ServiceNow(
            spec.code, spec.name_id, spec.name_en, len(mine), int(max(waits) // 60) if waits else None,
            late, target, issued, self._quota_capacity(spec, staffed), t.served, t.no_show,
            minutes(percentile(t.waits, 0.5)), t.service_level_pct, round(paces[spec.code], 1), clears_at,
            o.left_at_close if o else 0)

    def _quota_capacity(self, spec: ServiceSpec, staffed: set[int]) -> int | None:
        """The service's quota today (`kiosk.domain.quota`: the same figure as the report's and the kiosk's)."""
        return quota_capacity(spec)

    def _advice(self, office, outlook: Forecast, periods, waiting: int) -> Advice:
        close = office.closes_at
        if not periods or close is None:
            if waiting:
                return Advice(msgid("monitor.advice.closed_waiting"), {"count": waiting}, Severity.CLOSED)
            return Advice(msgid("monitor.advice.closed"), {}, Severity.CLOSED)
        if not waiting:
            return Advice(msgid("monitor.advice.empty"), {"close": _clock(close)}, Severity.OK)
        if outlook.clears:
            last = max((o.clears_in_min or 0.0) for o in outlook.services)
            done = clock_after(periods, last) or close
            return Advice(msgid("monitor.advice.clears"), {"time": _clock(done), "close": _clock(close)},
                          Severity.OK)
        short = sorted((o for o in outlook.services if not o.clears), key=lambda o: (-o.left_at_close, o.service))
        params = {"services": _codes(o.service for o in short),
                  "left": outlook.left_at_close, "close": _clock(close), "count": outlook.rangers,
                  "ranger_services": _codes(outlook.ranger_services)}
        if outlook.rangers_enough:
            return Advice(msgid("monitor.advice.ranger"), params, Severity.WARN)
        return Advice(msgid("monitor.advice.ranger_short"), params, Severity.ALERT)

    def _totals(self, tallies: Mapping[str, Tally], now: datetime) -> dict:
        log = self.log
        all_visits = list(log.visits.values())
        return {
            "arrivals": sum(1 for v in all_visits if v.arrival),
            "served": sum(t.served for t in tallies.values()),
            "no_show": sum(t.no_show for t in tallies.values()),
            "waiting": sum(1 for v in all_visits if v.waiting),
            "front_desk": len(log.front_desk), "online": len(log.online),
            "assisted": sum(1 for v in all_visits if v.assisted and v.arrival)
                        + sum(1 for m in log.front_desk if m.assisted),
            "printer_failures": sum(v.print_failures for v in all_visits),
            "help_requests": len(log.assistance),
        }


def _counter_state(activity: CounterActivity | None, at: Visit | None,
                   staffed: bool) -> tuple[CounterState, datetime | None]:
    """What a counter is doing, and since when: paused, serving a ticket, idle (staffed today) or off."""
    if activity is not None and activity.paused:
        return CounterState.PAUSED, activity.paused_since
    if at is not None:
        return CounterState.SERVING, at.called_at
    if staffed:
        return CounterState.IDLE, (activity.last_end_at or activity.first_at) if activity else None
    return CounterState.OFF, None


def _counter_load(spec: CounterSpec, at: Visit | None, now: datetime, paces: Mapping[str, float]) -> CounterLoad:
    """A staffed counter for the outlook: busy for what is left of its ticket's typical service."""
    busy = 0.0
    if at is not None and at.called_at is not None:
        elapsed = (now - at.called_at).total_seconds() / 60
        busy = max(0.0, paces.get(at.service, 10) - elapsed)
    return CounterLoad(spec.number, spec.services, busy)
