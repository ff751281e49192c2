"""The head of service's figures: the report over a period, the live monitor's starting state,
and the once-a-day summaries that keep a year's report fast.

Every figure comes from the visit timeline (`kiosk.domain.timeline`): closed days from their
summaries in `visit_facts` (made from the events the first time a report covers the day, and made
again when a later event touches one of its tickets), today straight from today's events.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Iterable

from kiosk.app import officers
from kiosk.app.core import AppCore
from kiosk.app.progress import Progress
from kiosk.domain import booking as booking_rules, errors
from kiosk.domain.figures import BookingRow, Mark
from kiosk.domain.monitor import BranchMonitor, MonitorFigures
from kiosk.domain.report import Report, build_report, day_bounds
from kiosk.domain.ticket import EventKind, QueueEvent
from kiosk.domain.timeline import DayLog

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


def summarise_closed_days(app: AppCore, first: date, last: date, *, progress: Progress | None = None) -> int:
    """Summarise the visits of the days before today in `first`…`last` that are not yet (or no
    longer) summarised; returns how many days were. `progress(days done, days to summarise + 1)`
    as their events are read (the last step: the summaries written)."""
    last = min(last, app.today() - timedelta(days=1))
    if last < first:
        if progress is not None:
            progress(1, 1)
        return 0
    now = app.now()
    with app.uow() as uow:
        store = uow.reports
        through = store.last_event_id()
        done = store.summarised(first, last)
        dirty, facts = _unsummarised(app, store, done, first, last, progress)
        store.replace_facts(dirty, facts, through, now)
        stale = [d for d, seen in done.items() if d not in dirty and seen < through]
        if stale:
            store.stamp(stale, through)
    if progress is not None:
        progress(len(dirty) + 1, len(dirty) + 1)
    return len(dirty)


def _unsummarised(app: AppCore, store, done: dict[date, int], first: date, last: date,
                  progress: Progress | None = None) -> tuple[set[date], list]:
    """The closed days of `first`…`last` whose summaries are missing or stale, and their visits'
    facts made now from the events."""
    dirty = store.days_with_tickets(first, last) - done.keys()
    if done:
        dirty |= store.days_touched_after(min(done.values()), first, last) & done.keys()
    facts = []
    steps = len(dirty) + 1
    seen = 0
    if progress is not None:
        progress(0, steps)
    for lo, hi in _runs(dirty):
        logs: dict[date, DayLog] = {}
        for day, *event in store.ticket_events(lo, hi):
            if day in dirty:
                log = logs.get(day)
                if log is None:
                    log = logs[day] = DayLog(day)
                    if progress is not None and seen:      # events come in commit order: a day
                        progress(seen, steps)              # begins as the one before is over
                    seen += 1
                log.fold(*event)
        for log in logs.values():
            facts += log.facts(app.tz)
    if progress is not None:
        progress(len(dirty), steps)
    return dirty, facts


def unsummarised_facts(app: AppCore, first: date, last: date) -> tuple[set[date], list]:
    """For a reader that may not keep summaries (the region's report role): the closed days of
    `first`…`last` not summarised yet (or since touched), and their facts made now, kept nowhere.
    `report_inputs(…, fresh=…)` takes them in place of those days' stored summaries."""
    last = min(last, app.today() - timedelta(days=1))
    if last < first:
        return set(), []
    with app.uow(write=False) as uow:
        return _unsummarised(app, uow.reports, uow.reports.summarised(first, last), first, last)


def report(app: AppCore, first: date, last: date, *, progress: Progress | None = None) -> Report:
    """The report of `first`…`last` (both included; today counts up to now). `progress(done,
    total)`: a step for each closed day still to summarise (the first report of a year makes
    them), then the summaries written, the figures read, and the report built."""
    if first > last:
        raise errors.AnjunganError.of("error.report.range", start=first.isoformat(), end=last.isoformat())
    if (last - first).days + 1 > MAX_DAYS:
        raise errors.AnjunganError.of("error.report.too_long", days=MAX_DAYS)
    steps = 2

    def summarising(done: int, total: int | None) -> None:
        nonlocal steps
        steps = (total or 0) + 2
        progress(done, steps)

    summarise_closed_days(app, first, last, progress=None if progress is None else summarising)
    inputs = report_inputs(app, first, last)
    if progress is not None:
        progress(steps - 1, steps)
    built = officers.with_staff_figures(app, build_report(**inputs), inputs["facts"], inputs["paused"], first, last)
    if progress is not None:
        progress(steps, steps)
    return built


def report_inputs(app: AppCore, first: date, last: date, *,
                  fresh: tuple[set[date], list] | None = None) -> dict:
    """What `build_report` takes for `first`…`last` (closed days from their summaries, made
    beforehand by `summarise_closed_days`, or for the days in `fresh` its facts made now by
    `unsummarised_facts`): the region adds several branches' together."""
    today, now = app.today(), app.now()
    start, _ = day_bounds(first, app.tz)
    _, end = day_bounds(last, app.tz)
    with app.uow(write=False) as uow:
        store = uow.reports
        closed_last = min(last, today - timedelta(days=1))
        facts = store.facts(first, closed_last) if first <= closed_last else []
        if fresh is not None and fresh[0]:
            facts = [f for f in facts if f.service_day not in fresh[0]] + list(fresh[1])
        if first <= today <= last:
            log = DayLog(today).extend(store.events_since(app.day_start()))
            facts += log.facts(app.tz, now)
        marks = store.events_of_kinds((EventKind.FRONT_DESK, EventKind.ONLINE), start, end)
        pauses = store.events_of_kinds((EventKind.PAUSED, EventKind.RESUMED), start, end)
        ratings = store.rating_counts(first, last)
        surveys = store.survey_sums(first, last)
        booked = uow.bookings.outcomes(first, last)
    rule = app.config.bookings
    bookings = [BookingRow(day, service, booking_rules.outcome(state, arrival, slot_end, now, rule), count)
                for day, service, state, arrival, slot_end, count in booked]
    return dict(
        date_from=first, date_to=last, branch=app.branch, targets=app.config.reports.targets,
        default_target=app.config.reports.target_wait_min, facts=facts,
        marks=[_mark(app, e) for e in marks], paused=_pause_intervals(app, pauses, min(end, now)),
        ratings=ratings, surveys=surveys, bookings=bookings, generated_at=now)


def suggestions(app: AppCore, first: date, last: date, limit: int = 200) -> list[tuple[date, str | None, str]]:
    """The questionnaires' suggestions of a period, newest first (no name, numbers masked)."""
    with app.uow(write=False) as uow:
        return uow.reports.suggestions(first, last, limit)


def _mark(app: AppCore, e: QueueEvent) -> Mark:
    local = app.local(e.at)
    return Mark(local.date(), local.hour, e.service, e.kind == EventKind.FRONT_DESK, bool(e.data.get("assisted")))


def _pause_intervals(app: AppCore, events: list[QueueEvent], until: datetime) -> dict:
    """Each counter's pauses as (seconds after midnight) intervals per day, split at midnight."""
    opened: dict[int, datetime] = {}
    out: dict[tuple[date, int], list] = {}

    def close(counter: int, begin: datetime, finish: datetime) -> None:
        begin, finish = app.local(begin), app.local(finish)
        while begin < finish:
            midnight, next_midnight = day_bounds(begin.date(), app.tz)
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


def monitor_snapshot(app: AppCore) -> BranchMonitor:
    """Today so far, folded from today's events; the monitor window keeps it up to date from
    the event feed."""
    today, start = app.today(), app.day_start()
    with app.uow(write=False, snapshot=True) as uow:
        events = [app.local_event(e) for e in uow.reports.events_since(start)]
        paused_now = uow.queue.paused_counters()
    # who was paused as the day began: the state now, undone by today's own pauses and resumes
    first_toggle: dict[int, str] = {}
    for e in events:
        if e.kind in (EventKind.PAUSED, EventKind.RESUMED) and e.counter is not None:
            first_toggle.setdefault(e.counter, e.kind)
    paused_at_start = ({n for n in paused_now if n not in first_toggle}
                       | {n for n, kind in first_toggle.items() if kind == EventKind.RESUMED})
    return BranchMonitor(app.branch, today, targets=app.config.reports.targets,
                         default_target=app.config.reports.target_wait_min, events=events,
                         paused=paused_at_start, since=start, pause_rule=app.config.counter)


def monitor_figures(app: AppCore) -> MonitorFigures:
    """The monitor's figures now (for scripts and the command line)."""
    return monitor_snapshot(app).figures(app.now())

