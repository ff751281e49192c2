"""Closing a service day (the rule: kiosk/domain/day.py): by hand (`anjungan day close`), at the
closing time, and before a machine's first unit of work of a later day.

Where the automatic close runs: in `AppCore.uow` itself (`on_new_day`, wired by the bootstrap):
the first unit of work a process opens on a new service day, read or write, first closes every
earlier day still open, each in a transaction of its own that claims the day in the store (its
`day_closes` row), so of two machines doing their first action at once exactly one closes it and
the other finds it closed. That needs no machine to be up at the closing time and holds for the
first ticket, the first call, a counter window that opens and shows its current ticket, or the
phone page: nothing of yesterday is seen open on a new day. Every machine that is up at the
day's closing time (an hour after the office closes) closes it with its heartbeat (`close_if_due`,
kiosk/app/devices.py): the kiosk, a counter, the web service or the monitor, whichever beats first,
so the summary is there the same evening.
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime

from kiosk.app.core import AppCore
from kiosk.domain import booking as booking_rules, day as day_rules, errors
from kiosk.domain.day import CloseHow, DayClose
from kiosk.domain.figures import BookingRow
from kiosk.domain.catalog import ByLanguage
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.timeline import DayLog
from kiosk.store.uow import UnitOfWork

log = logging.getLogger("anjungan.days")


def close_day(app: AppCore, day: date | None = None, how: CloseHow = CloseHow.HAND) -> DayClose:
    """Close `day` (default: today, once the office has closed); closing a closed day changes
    nothing and says so (`DayClose.changed` is False)."""
    today = app.today()
    day = day or today
    now = app.now()
    if day > today:
        raise errors.AnjunganError.of("day.close.future", date=day.isoformat(), today=today.isoformat())
    closes = day_rules.office_closes_at(app.branch.hours, day)
    if day == today and how is CloseHow.HAND and closes is not None and now < closes:
        raise errors.AnjunganError.of("day.close.still_open", date=day.isoformat(), closes=ByLanguage(time_id(closes), time_en(closes)))
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        result = _close(app, uow, day, now, how)
    app.publish_after(first)
    return result


def _close(app: AppCore, uow: UnitOfWork, day: date, now: datetime, how: CloseHow) -> DayClose:
    result = uow.days.close(day, now, how.value)
    if result.changed:
        rows = summary_rows(app, uow, day, now)
        uow.days.write_summaries(day, rows, now)
        result = replace(result, services=len(rows))
        log.info("service day %s closed (%s): %d not served, %d unconfirmed, %d booking no-shows",
                 day, how.value, result.not_served, result.unconfirmed, result.booking_no_shows)
    return result


def summary_rows(app: AppCore, uow: UnitOfWork, day: date, now: datetime) -> list[day_rules.DaySummary]:
    """The day's summary per service, from its visit timeline, ratings, questionnaires and bookings."""
    reports = uow.reports
    visits = DayLog(day)
    for _day, *event in reports.ticket_events(day, day):
        visits.fold(*event)
    rule = app.config.bookings
    bookings = [BookingRow(d, service, booking_rules.outcome(state, arrival, slot_end, now, rule), count)
                for d, service, state, arrival, slot_end, count in uow.bookings.outcomes(day, day)]
    return day_rules.summarise(day, visits.facts(app.tz), reports.rating_counts(day, day),
                               reports.survey_sums(day, day), bookings)


def close_earlier_days(app: AppCore) -> list[DayClose]:
    """Every day before today still open, closed (each in its own transaction); what changed."""
    today = app.today()
    with app.uow(write=False) as uow:
        due = day_rules.due_days(uow.days.unclosed_before(today), today)
    done = []
    for day in due:
        with app.uow() as uow:
            first = uow.queue.last_event_id()
            result = _close(app, uow, day, app.now(), CloseHow.AUTO)
        app.publish_after(first)
        if result.changed:
            done.append(result)
    return done


def close_if_due(app: AppCore) -> DayClose | None:
    """Today closed once its closing time (and `CLOSE_AFTER`) has passed: every machine's heartbeat
    asks (kiosk/app/devices.py). None before then; when today was closed already, a `DayClose` that
    changed nothing."""
    today = app.today()
    due = day_rules.close_due_at(app.branch.hours, today)
    if due is None or app.now() < due:
        return None
    with app.uow(write=False) as uow:
        if uow.days.is_closed(today):
            return DayClose(today, False)
    return close_day(app, today, CloseHow.AUTO)


def summaries(app: AppCore, first: date, last: date) -> list[dict]:
    """The closed days' summary rows of `first`…`last`."""
    with app.uow(write=False) as uow:
        return uow.days.summaries(first, last)
