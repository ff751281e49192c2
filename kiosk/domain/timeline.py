"""The visit timeline: every ticket's stages, derived from the queue events in one place.

Stages of a ticket: queued (issued at the kiosk, or made by a transfer), each call and recall,
serving started, and its end: finished, no-show (skipped) or transferred (with the target
service). From them, in seconds:
  waiting  = queued → first call;
  walking  = first call → serving start;
  service  = serving start → end (finished or transferred);
where serving start is the counter's `started` event when it was recorded, else the last call
before the end (the call the participant answered). So waiting + walking + service is the whole
time from joining the queue to leaving the counter, and a recall shows as walking time.
A ticket made by a transfer keeps the participant's first arrival and is queued from the
transfer; it is not a new arrival (`arrival` is False) and is counted as a transfer in.
A closed day ends what was still open (`not_served`, `unconfirmed`: kiosk/domain/day.py) without
an end time: nobody saw those visits end, so they add no service or counter time. And no time
runs across the end of a service day: a visit whose end falls on a later day (a ticket finished
the next morning, before the day close existed) counts no service or counter time either.

`DayLog` folds one service day's events: the visits, the counters' pauses and activity, visits
answered at the front desk, visits sent to an online channel, help requests, ratings and
questionnaires. It is what the monitor keeps up to date event by event, and what the reports
summarise once a day is over. No NIK and no name in any of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Iterable, NamedTuple

from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import EventKind, QueueEvent

W, C, S, D, N, T = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.DONE,
                    TicketState.NO_SHOW, TicketState.TRANSFERRED)
_CLEARS = {EventKind.FINISHED: D, EventKind.SKIPPED: N, EventKind.TRANSFERRED: T}
SERVED_END = frozenset({D, T})       # ends that followed a service at the counter
_CLOSED_BY_DAY = {EventKind.NOT_SERVED: TicketState.NOT_SERVED, EventKind.UNCONFIRMED: TicketState.UNCONFIRMED}


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds())


@dataclass
class Visit:
    """One ticket's way through the branch."""

    ticket_id: str
    service: str
    number: str | None
    queued_at: datetime
    arrived_at: datetime
    priority: bool = False
    assisted: bool = False
    origin_ticket_id: str | None = None
    calls: list[datetime] = field(default_factory=list)
    call_counters: list[int | None] = field(default_factory=list)
    counter: int | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    state: TicketState = W
    transferred_to: str | None = None
    next_ticket_id: str | None = None
    print_failures: int = 0

    @property
    def arrival(self) -> bool:
        """A participant who came in (not a ticket made by a transfer)."""
        return self.origin_ticket_id is None

    @property
    def called_at(self) -> datetime | None:
        return self.calls[0] if self.calls else None

    @property
    def call_count(self) -> int:
        return len(self.calls)

    @property
    def recalls(self) -> int:
        return max(0, len(self.calls) - 1)

    @property
    def serving_from(self) -> datetime | None:
        """When service began: the recorded start, else the last call before a served end."""
        if self.started_at is not None:
            return self.started_at
        if self.state in SERVED_END and self.calls:
            before = [c for c in self.calls if self.ended_at is None or c <= self.ended_at]
            return before[-1] if before else self.calls[-1]
        return None

    @property
    def wait_s(self) -> float | None:
        return _seconds(self.queued_at, self.called_at)

    @property
    def walk_s(self) -> float | None:
        return _seconds(self.called_at, self.serving_from)

    @property
    def service_s(self) -> float | None:
        if self.state not in SERVED_END:
            return None
        return _seconds(self.serving_from, self.ended_at)

    @property
    def occupancy_s(self) -> float | None:
        """The counter's time for this visit: first call to the end."""
        return _seconds(self.called_at, self.ended_at)

    def waited_s(self, now: datetime) -> float:
        """Seconds waited so far (or in all, once called)."""
        end = self.called_at or now
        return max(0.0, (end - self.queued_at).total_seconds())

    @property
    def waiting(self) -> bool:
        return self.state is W

    @property
    def at_counter(self) -> bool:
        return self.state in (C, S)

    def facts(self, tz: tzinfo, day: date | None = None, now: datetime | None = None) -> "VisitFacts":
        """The visit as a flat record for the reports (seconds from the day's local midnight)."""
        queued, calls, ended, state = self.queued_at, self.calls, self.ended_at, self.state
        local = queued.astimezone(tz)
        day = day or local.date()
        midnight = datetime.combine(day, _MIDNIGHT, tzinfo=tz)
        if ended is not None and ended.astimezone(tz).date() > day:
            ended = None                # no time across the end of the service day
        called = calls[0] if calls else None
        served_end = state in SERVED_END
        start = self.started_at
        if start is None and served_end and calls:
            start = calls[-1]
            if ended is not None and start > ended:
                start = next((c for c in reversed(calls) if c <= ended), calls[-1])
        q = (queued - midnight).total_seconds()
        c = None if called is None else (called - midnight).total_seconds()
        e = None if ended is None else (ended - midnight).total_seconds()
        b = None if start is None else (start - midnight).total_seconds()
        waited = int(self.waited_s(now)) if state is W and now is not None else None
        return VisitFacts(
            self.ticket_id, day, self.service, self.counter, state.value, self.origin_ticket_id is None,
            self.priority, self.assisted, day.weekday(), local.hour, int(q), _off(c), _off(e),
            _span(q, c), _span(c, b), _span(b, e) if served_end else None, _span(c, e), len(calls),
            self.print_failures, self.transferred_to, waited)


_MIDNIGHT = datetime.min.time()


def _off(value: float | None) -> int | None:
    return None if value is None else int(value)


def _span(start: float | None, end: float | None) -> int | None:
    if start is None or end is None:
        return None
    return int(round(end - start)) if end > start else 0


def _int(value: float | None) -> int | None:
    return None if value is None else int(round(value))


class VisitFacts(NamedTuple):
    """What the reports read of one visit; kept per ticket once a day is over."""

    ticket_id: str
    service_day: date
    service: str
    counter: int | None
    state: str                      # a TicketState value: where the visit ended (or stands)
    arrival: bool                   # False: a ticket made by a transfer
    priority: bool
    assisted: bool
    weekday: int                    # 0 Monday … 6 Sunday
    hour: int                       # local hour the ticket was queued
    queued_s: int | None            # seconds after the day's local midnight
    called_s: int | None
    ended_s: int | None
    wait_s: int | None              # queued → first call
    walk_s: int | None              # first call → serving start
    service_s: int | None           # serving start → end
    occupancy_s: int | None         # first call → end
    calls: int
    print_failures: int
    transferred_to: str | None
    waited_s: int | None = None     # a ticket still waiting: seconds so far (today only)


@dataclass
class CounterActivity:
    """A counter's day: when it was first and last active, and its pauses."""

    first_at: datetime | None = None
    last_at: datetime | None = None
    paused_since: datetime | None = None
    paused_s: float = 0.0
    paused_reason: str | None = None        # the reason of the pause under way ("" when none was given)
    paused_by_reason: dict[str, float] = field(default_factory=dict)      # seconds of ended pauses
    last_end_at: datetime | None = None     # when its last visit ended (idle since)

    def seen(self, at: datetime) -> None:
        if self.first_at is None or at < self.first_at:
            self.first_at = at
        if self.last_at is None or at > self.last_at:
            self.last_at = at

    @property
    def paused(self) -> bool:
        return self.paused_since is not None

    def paused_total_s(self, now: datetime | None = None) -> float:
        extra = _seconds(self.paused_since, now) if now is not None and self.paused_since else 0.0
        return self.paused_s + (extra or 0.0)


class Mark(NamedTuple):
    """A visit that took no ticket (front desk, online channel), a help request, or a rating."""

    at: datetime
    service: str | None
    counter: int | None
    assisted: bool = False
    ticket_id: str | None = None
    score: int | None = None
    answers: tuple[int, ...] | None = None


class DayLog:
    """One service day, folded event by event (in id order)."""

    def __init__(self, day: date | None = None, paused: Iterable[int] = (), since: datetime | None = None):
        self.day = day
        self.visits: dict[str, Visit] = {}
        self.counters: dict[int, CounterActivity] = {}
        self.front_desk: list[Mark] = []
        self.online: list[Mark] = []
        self.assistance: list[Mark] = []
        self.ratings: list[Mark] = []
        self.surveys: list[Mark] = []
        self.rated: set[str] = set()
        self.last_event_id = 0
        self.seen: set[int] = set()
        for number in paused:           # counters already paused when the day's events begin
            self.counter(number).paused_since = since

    def counter(self, number: int) -> CounterActivity:
        activity = self.counters.get(number)
        if activity is None:
            activity = self.counters[number] = CounterActivity()
        return activity

    def extend(self, events: Iterable[QueueEvent]) -> "DayLog":
        for event in events:
            self.apply(event)
        return self

    def apply(self, e: QueueEvent) -> Visit | None:
        """Fold one event in; returns the visit it changed, if any."""
        return self.fold(e.id, e.at, e.kind, e.ticket_id, e.number, e.service, e.counter, e.data)

    def fold(self, event_id: int, at: datetime, kind: str, ticket_id: str | None, number: str | None,
             service: str | None, counter: int | None, data: dict | None) -> Visit | None:
        """`apply` with the event's fields one by one (a year's summary folds half a million)."""
        if event_id:
            if event_id in self.seen:
                return None             # seen already (a resync may hand an event twice)
            self.seen.add(event_id)
            if event_id > self.last_event_id:
                self.last_event_id = event_id
        data = data or {}
        visit = self.visits.get(ticket_id) if ticket_id else None
        if visit is not None:
            on_visit = _ON_VISIT.get(kind)
            if on_visit is not None:
                return on_visit(self, visit, kind, at, counter, data)
        on_day = _ON_DAY.get(kind)
        if on_day is not None:
            return on_day(self, visit, kind, at, ticket_id, number, service, counter, data)
        return None                     # an event without a visit of this day

    # -- events of a visit of this day: each returns the visit -----------------------------
    def _called(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        """Called or recalled: a call is counted; the first call takes the ticket off the queue."""
        visit.calls.append(at)
        visit.call_counters.append(counter)
        if counter is not None:
            visit.counter = counter
            self.counter(counter).seen(at)
        if kind == EventKind.CALLED and visit.state is W:
            visit.state = C
        return visit

    def _started(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        if visit.started_at is None:
            visit.started_at = at
        visit.state = S
        return visit

    def _cleared(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        """Finished, skipped or transferred: the visit ends here (a transfer queues its successor)."""
        visit.ended_at = at
        visit.state = _CLEARS[kind]
        if counter is not None:
            visit.counter = counter
            activity = self.counter(counter)
            activity.seen(at)
            activity.last_end_at = at
        if kind == EventKind.TRANSFERRED:
            self._transferred(visit, at, data)
        return visit

    def _transferred(self, visit: Visit, at: datetime, data: dict) -> None:
        visit.transferred_to = data.get("to")
        new_id = data.get("new_ticket_id")
        visit.next_ticket_id = new_id
        if new_id and new_id not in self.visits and visit.transferred_to:
            self.visits[new_id] = Visit(new_id, visit.transferred_to, visit.number, at, visit.arrived_at,
                                        priority=visit.priority, assisted=visit.assisted,
                                        origin_ticket_id=visit.ticket_id)

    def _closed(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        """The day was closed with the visit still open: it ends in its own state, at no known time."""
        visit.state = _CLOSED_BY_DAY[kind]
        return visit

    def _returned(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        """Back into the queue. At a counter the ticket itself waits once more (its calls so far
        kept, its waiting time that to its first call); at the kiosk a ticket with the same number
        follows the no-show, queued from now with the first arrival (not a new arrival)."""
        new_id = data.get("new_ticket_id")
        if not new_id:
            visit.state, visit.ended_at = W, None
        elif new_id not in self.visits:
            self.visits[new_id] = Visit(new_id, visit.service, visit.number, at, visit.arrived_at,
                                        priority=visit.priority, assisted=visit.assisted,
                                        origin_ticket_id=visit.ticket_id)
        return visit

    def _print_failed(self, visit: Visit, kind: str, at: datetime, counter: int | None, data: dict) -> Visit:
        visit.print_failures += 1
        return visit

    # -- events of the day (a visit's event for a ticket not of this day lands here too) --------
    def _issued(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
                service: str | None, counter: int | None, data: dict) -> Visit | None:
        if not ticket_id or visit is not None:
            return None
        visit = Visit(ticket_id, service or "", number, at, at,
                      priority=bool(data.get("priority")), assisted=bool(data.get("assisted")))
        self.visits[ticket_id] = visit
        return visit

    def _front_desk(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None,
                    number: str | None, service: str | None, counter: int | None, data: dict) -> None:
        self.front_desk.append(Mark(at, service, counter, bool(data.get("assisted"))))

    def _online(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
                service: str | None, counter: int | None, data: dict) -> None:
        self.online.append(Mark(at, service, None, bool(data.get("assisted"))))

    def _assistance(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None,
                    number: str | None, service: str | None, counter: int | None, data: dict) -> None:
        self.assistance.append(Mark(at, None, None))

    def _paused(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
                service: str | None, counter: int | None, data: dict) -> None:
        if counter is None:
            return
        activity = self.counter(counter)
        if activity.paused_since is None:
            activity.paused_since, activity.paused_reason = at, str(data.get("reason") or "")
        activity.seen(at)

    def _resumed(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
                 service: str | None, counter: int | None, data: dict) -> None:
        if counter is None:
            return
        activity = self.counter(counter)
        if activity.paused_since is not None:
            spent = _seconds(activity.paused_since, at) or 0.0
            activity.paused_s += spent
            reason = activity.paused_reason or ""
            activity.paused_by_reason[reason] = activity.paused_by_reason.get(reason, 0.0) + spent
            activity.paused_since = activity.paused_reason = None
        activity.seen(at)

    def _rated(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
               service: str | None, counter: int | None, data: dict) -> None:
        """The one-tap rating: only a ticket's first counts."""
        if ticket_id and ticket_id not in self.rated:
            self.rated.add(ticket_id)
            self.ratings.append(Mark(at, service, counter, ticket_id=ticket_id,
                                     score=int(data.get("score") or 0) or None))

    def _surveyed(self, visit: Visit | None, kind: str, at: datetime, ticket_id: str | None, number: str | None,
                  service: str | None, counter: int | None, data: dict) -> None:
        answers = data.get("answers")
        self.surveys.append(Mark(at, service, counter, ticket_id=ticket_id,
                                 answers=tuple(int(a) for a in answers) if answers else None))

    # -- reading ---------------------------------------------------------------------------
    def waiting(self) -> list[Visit]:
        return [v for v in self.visits.values() if v.state is W]

    def at_counter(self, counter: int) -> Visit | None:
        found = [v for v in self.visits.values() if v.counter == counter and v.at_counter]
        return max(found, key=lambda v: v.calls[-1]) if found else None

    def facts(self, tz: tzinfo, now: datetime | None = None) -> list[VisitFacts]:
        return [v.facts(tz, self.day, now) for v in self.visits.values()]

    def busy_s(self, counter: int, now: datetime | None = None) -> float:
        """Seconds the counter spent on visits (a visit still at the counter counts until `now`)."""
        total = 0.0
        for v in self.visits.values():
            if v.counter != counter or v.called_at is None:
                continue
            end = v.ended_at or (now if v.at_counter else None)
            total += _seconds(v.called_at, end) or 0.0
        return total


# What each kind of event does: to a visit of this day, or to the day itself.
_ON_VISIT = {
    EventKind.CALLED: DayLog._called, EventKind.RECALLED: DayLog._called, EventKind.STARTED: DayLog._started,
    EventKind.FINISHED: DayLog._cleared, EventKind.SKIPPED: DayLog._cleared, EventKind.TRANSFERRED: DayLog._cleared,
    EventKind.PRINT_FAILED: DayLog._print_failed, EventKind.RETURNED: DayLog._returned,
    EventKind.NOT_SERVED: DayLog._closed, EventKind.UNCONFIRMED: DayLog._closed,
}
_ON_DAY = {
    EventKind.ISSUED: DayLog._issued, EventKind.FRONT_DESK: DayLog._front_desk, EventKind.ONLINE: DayLog._online,
    EventKind.ASSISTANCE: DayLog._assistance, EventKind.PAUSED: DayLog._paused, EventKind.RESUMED: DayLog._resumed,
    EventKind.RATED: DayLog._rated, EventKind.SURVEYED: DayLog._surveyed,
}
