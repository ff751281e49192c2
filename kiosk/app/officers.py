"""The branch report's own figures for the head of service: pauses per reason and per officer
(`kiosk.domain.officers`). Only the branch's report has them (the report role's, never a region's)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from kiosk.app.core import AppCore
from kiosk.domain.officers import officer_rows, pause_rows
from kiosk.domain.report import Report, day_bounds
from kiosk.domain.ticket import EventKind


def with_staff_figures(app: AppCore, report: Report, facts, paused, first: date, last: date) -> Report:
    """`report` with its pauses per reason and its per-officer rows (`paused`: each counter's
    pause intervals per day, as `build_report` took them)."""
    start, _ = day_bounds(first, app.tz)
    _, end = day_bounds(last, app.tz)
    with app.uow(write=False) as uow:
        events = uow.reports.events_of_kinds((EventKind.PAUSED, EventKind.RESUMED), start, end)
    rule = app.config.counter
    return replace(report, pauses=tuple(pause_rows(events, min(end, app.now()), rule)),
                   officers=tuple(officer_rows(facts, app.branch, rule, paused)))
