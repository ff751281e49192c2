"""Help at the kiosk and visits answered at the front desk (no ticket)."""
from __future__ import annotations

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import TicketView
from kiosk.domain.ticket import EventKind, QueueEvent

OPEN_REQUESTS_LIMIT = 500


def request_assistance(app: AppCore, kiosk_id: str, reason: str = "") -> int:
    return app.record(EventKind.ASSISTANCE, data={"kiosk_id": kiosk_id, "reason": reason})


def acknowledge_assistance(app: AppCore, event_id: int, counter: int | None = None) -> int:
    return app.record(EventKind.ASSISTANCE_ACK, counter=counter, data={"assistance_id": event_id})


def open_assistance(app: AppCore) -> list[QueueEvent]:
    with app.uow(write=False) as uow:
        events = uow.queue.events_of([EventKind.ASSISTANCE, EventKind.ASSISTANCE_ACK], app.day_start(),
                             OPEN_REQUESTS_LIMIT)
    acked = {e.data.get("assistance_id") for e in events if e.kind == EventKind.ASSISTANCE_ACK}
    return [app.local_event(e) for e in reversed(events) if e.kind == EventKind.ASSISTANCE and e.id not in acked]


def record_front_desk(app: AppCore, service: str, assisted: bool = True) -> int:
    """A visit answered at the front desk: counted, but not a ticket."""
    spec = app.service_spec(service)
    return app.record(EventKind.FRONT_DESK, service=spec.code, data={"assisted": assisted})


def last_ticket(app: AppCore, kiosk_id: str) -> TicketView | None:
    with app.uow(write=False) as uow:
        return queries.view(app, uow.queue.last_ticket_of_kiosk(kiosk_id))

