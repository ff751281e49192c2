"""The branch at a glance: waiting per service, each counter's ticket, the last calls."""
from __future__ import annotations

from kiosk.app.check import CheckUseCases
from kiosk.app.views import StatusView, iso
from kiosk.domain.ticket import EventKind

LAST_CALLS = 8


class StatusUseCases(CheckUseCases):
    def status(self, q=None) -> StatusView:
        """The branch now; inside the caller's unit of work `q` when given (one snapshot)."""
        if q is None:
            with self.uow(write=False) as q:
                return self.status(q)
        today = self.today()
        counts = q.service_counts(today)
        minutes = q.recent_service_minutes(today)
        paused = q.paused_counters()
        # nothing of a person: the status is what the hall display shows (and may read)
        current = {c.number: q.counter_ticket(c.number, personal=False) for c in self.branch.counters}
        calls = q.events_of(EventKind.CALLS, self.day_start(), LAST_CALLS)
        services = []
        for spec in self.branch.services:
            c = counts.get(spec.code, {"waiting": 0, "issued": 0})
            services.append({
                "service": spec.code, "name": spec.name_id, "name_en": spec.name_en, "group": spec.group,
                "letter": spec.letter, "waiting": c["waiting"], "issued": c["issued"], "quota": spec.daily_quota,
                "estimated_wait_min": self.estimate(spec, c["waiting"], minutes, paused) if spec.queues else None,
            })
        counters = [{"counter": n, "ticket": (v.to_json() if (v := self.view(t)) else None), "paused": n in paused}
                    for n, t in current.items()]
        last_calls = [{"number": e.number, "counter": e.counter, "service": e.service,
                       "at": iso(self.local(e.at)), "recall": e.kind == EventKind.RECALLED} for e in calls]
        office = self.office_status()
        return StatusView(tuple(services), tuple(counters), tuple(last_calls), {
            "state": office.state, "message": office.message_id, "message_en": office.message_en,
            "next_opening": iso(office.next_opening)})
