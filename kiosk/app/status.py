"""The branch at a glance: waiting per service, each counter's ticket, the last calls."""
from __future__ import annotations

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import StatusView, iso
from kiosk.domain.hall import LETS_GO, live_calls
from kiosk.domain.ticket import EventKind

LAST_CALLS = 8


def status(app: AppCore, uow=None) -> StatusView:
    """The branch now; inside the caller's unit of work `uow` when given (one snapshot)."""
    if uow is None:
        with app.uow(write=False) as uow:
            return status(app, uow)
    today = app.today()
    counts = uow.queue.service_counts(today)
    minutes = uow.queue.recent_service_minutes(today)
    paused = uow.queue.paused_counters()
    # nothing of a person: the status is what the hall display shows (and may read)
    current = {c.number: uow.queue.counter_ticket(c.number, personal=False) for c in app.branch.counters}
    calls = uow.queue.events_of(EventKind.CALLS, app.day_start(), LAST_CALLS)
    # a number skipped, transferred or put back since its call sends nobody to that counter
    calls = live_calls(calls, uow.queue.events_of(LETS_GO, app.day_start(), 4 * LAST_CALLS))
    services = []
    for spec in app.branch.services:
        c = counts.get(spec.code, {"waiting": 0, "issued": 0})
        services.append({
            "service": spec.code, "name": spec.name_id, "name_en": spec.name_en, "group": spec.group,
            "letter": spec.letter, "waiting": c["waiting"], "issued": c["issued"], "quota": spec.daily_quota,
            "estimated_wait_min": queries.wait_estimate(app, spec, c["waiting"], minutes, paused) if spec.queues else None,
        })
    counters = [{"counter": n, "ticket": (v.to_json() if (v := queries.view(app, t)) else None), "paused": n in paused}
                for n, t in current.items()]
    last_calls = [{"number": e.number, "counter": e.counter, "service": e.service,
                   "at": iso(app.local(e.at)), "recall": e.kind == EventKind.RECALLED} for e in calls]
    office = app.office_status()
    return StatusView(tuple(services), tuple(counters), tuple(last_calls), {
        "state": office.state, "message": office.message_id, "message_en": office.message_en,
        "next_opening": iso(office.next_opening)})

