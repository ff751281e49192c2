"""The head of service's figures: the report over a period, the live monitor's starting state,
and the once-a-day summaries that keep a year's report fast.

Every figure comes from the visit timeline (`kiosk.domain.timeline`): closed days from their
summaries in `visit_facts` (made from the events the first time a report covers the day, and made
again when a later event touches one of its tickets), today straight from today's events.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable

from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.domain import booking as booking_rules
from kiosk.domain.figures import BookingRow, Mark
from kiosk.domain.monitor import BranchMonitor, MonitorFigures
from kiosk.domain.report import Report, build_report, day_bounds
from kiosk.domain.ticket import EventKind, QueueEvent
from kiosk.domain.timeline import DayLog
from kiosk.store.bookings import BookingStore
from kiosk.store.reports import ReportStore

MAX_DAYS = 732                    # two years in one report at most
DAY_S = 86400


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) pairs."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days <= 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


class ReportUseCases(AppCore):
    # -- summaries of closed days ---------------------------------------------------------------
    def summarise_closed_days(self, first: date, last: date) -> int:
        """Summarise the visits of the days before today in `first`…`last` that are not yet (or no
        longer) summarised; returns how many days were."""
        last = min(last, self.today() - timedelta(days=1))
        if last < first:
            return 0
        now = self.now()
        with self.uow() as q:
            store = ReportStore(q.conn)
            through = store.last_event_id()
            done = store.summarised(first, last)
            dirty = store.days_with_tickets(first, last) - done.keys()
            if done:
                dirty |= store.days_touched_after(min(done.values()), first, last) & done.keys()
            facts = []
            for lo, hi in _runs(dirty):
                logs: dict[date, DayLog] = {}
                for day, *event in store.ticket_events(lo, hi):
                    if day in dirty:
                        log = logs.get(day)
                        if log is None:
                            log = logs[day] = DayLog(day)
                        log.fold(*event)
                for log in logs.values():
                    facts += log.facts(self.tz)
            store.replace_facts(dirty, facts, through, now)
            stale = [d for d, seen in done.items() if d not in dirty and seen < through]
            if stale:
                store.stamp(stale, through)
        return len(dirty)

    # -- the report ----------------------------------------------------------------------------
    def report(self, first: date, last: date) -> Report:
        """The report of `first`…`last` (both included; today counts up to now)."""
        if first > last:
            raise errors.AnjunganError.of("error.report.range", start=first.isoformat(), end=last.isoformat())
        if (last - first).days + 1 > MAX_DAYS:
            raise errors.AnjunganError.of("error.report.too_long", days=MAX_DAYS)
        today, now = self.today(), self.now()
        self.summarise_closed_days(first, last)
        start, _ = day_bounds(first, self.tz)
        _, end = day_bounds(last, self.tz)
        with self.uow(write=False) as q:
            store = ReportStore(q.conn)
            closed_last = min(last, today - timedelta(days=1))
            facts = store.facts(first, closed_last) if first <= closed_last else []
            if first <= today <= last:
                log = DayLog(today).extend(store.events_since(self.day_start()))
                facts += log.facts(self.tz, now)
            marks = store.events_of_kinds((EventKind.FRONT_DESK, EventKind.ONLINE), start, end)
            pauses = store.events_of_kinds((EventKind.PAUSED, EventKind.RESUMED), start, end)
            ratings = store.rating_counts(first, last)
            surveys = store.survey_sums(first, last)
            booked = BookingStore(q.conn).outcomes(first, last)
        rule = self.config.bookings
        bookings = [BookingRow(day, service, booking_rules.outcome(state, arrival, slot_end, now, rule), count)
                    for day, service, state, arrival, slot_end, count in booked]
        return build_report(
            date_from=first, date_to=last, branch=self.branch, targets=self.config.reports.targets,
            default_target=self.config.reports.target_wait_min, facts=facts,
            marks=[self._mark(e) for e in marks], paused=self._pause_intervals(pauses, min(end, now)),
            ratings=ratings, surveys=surveys, bookings=bookings, generated_at=now)

    def suggestions(self, first: date, last: date, limit: int = 200) -> list[tuple[date, str | None, str]]:
        """The questionnaires' suggestions of a period, newest first (no name, numbers masked)."""
        with self.uow(write=False) as q:
            return ReportStore(q.conn).suggestions(first, last, limit)

    def _mark(self, e: QueueEvent) -> Mark:
        local = self.local(e.at)
        return Mark(local.date(), local.hour, e.service, e.kind == EventKind.FRONT_DESK, bool(e.data.get("assisted")))

    def _pause_intervals(self, events: list[QueueEvent], until: datetime) -> dict:
        """Each counter's pauses as (seconds after midnight) intervals per day, split at midnight."""
        opened: dict[int, datetime] = {}
        out: dict[tuple[date, int], list] = {}

        def close(counter: int, begin: datetime, finish: datetime) -> None:
            begin, finish = self.local(begin), self.local(finish)
            while begin < finish:
                midnight, next_midnight = day_bounds(begin.date(), self.tz)
                stop = min(finish, next_midnight)
                out.setdefault((begin.date(), counter), []).append(
                    ((begin - midnight).total_seconds(), (stop - midnight).total_seconds()))
                begin = stop

        for e in events:
            if e.counter is None:
                continue
            if e.kind == EventKind.PAUSED:
                opened.setdefault(e.counter, e.at)
            elif e.counter in opened:
                close(e.counter, opened.pop(e.counter), e.at)
        for counter, begin in opened.items():
            if begin < until:
                close(counter, begin, until)
        return out

    # -- the live monitor ----------------------------------------------------------------------
    def monitor_snapshot(self) -> BranchMonitor:
        """Today so far, folded from today's events; the monitor window keeps it up to date from
        the event feed."""
        today, start = self.today(), self.day_start()
        with self.uow(write=False, snapshot=True) as q:
            events = [self.local_event(e) for e in ReportStore(q.conn).events_since(start)]
            paused_now = q.paused_counters()
        # who was paused as the day began: the state now, undone by today's own pauses and resumes
        first_toggle: dict[int, str] = {}
        for e in events:
            if e.kind in (EventKind.PAUSED, EventKind.RESUMED) and e.counter is not None:
                first_toggle.setdefault(e.counter, e.kind)
        paused_at_start = ({n for n in paused_now if n not in first_toggle}
                           | {n for n, kind in first_toggle.items() if kind == EventKind.RESUMED})
        return BranchMonitor(self.branch, today, targets=self.config.reports.targets,
                             default_target=self.config.reports.target_wait_min, events=events,
                             paused=paused_at_start, since=start)

    def monitor_figures(self) -> MonitorFigures:
        """The monitor's figures now (for scripts and the command line)."""
        return self.monitor_snapshot().figures(self.now())
