"""Help at the kiosk and visits answered at the front desk (no ticket)."""
from __future__ import annotations

from kiosk.app.core import AppCore
from kiosk.app.views import TicketView
from kiosk.domain.ticket import EventKind, QueueEvent

OPEN_REQUESTS_LIMIT = 500


class AssistanceUseCases(AppCore):
    def request_assistance(self, kiosk_id: str, reason: str = "") -> int:
        return self.record(EventKind.ASSISTANCE, data={"kiosk_id": kiosk_id, "reason": reason})

    def acknowledge_assistance(self, event_id: int, counter: int | None = None) -> int:
        return self.record(EventKind.ASSISTANCE_ACK, counter=counter, data={"assistance_id": event_id})

    def open_assistance(self) -> list[QueueEvent]:
        with self.uow(write=False) as q:
            events = q.events_of([EventKind.ASSISTANCE, EventKind.ASSISTANCE_ACK], self.day_start(),
                                 OPEN_REQUESTS_LIMIT)
        acked = {e.data.get("assistance_id") for e in events if e.kind == EventKind.ASSISTANCE_ACK}
        return [self.local_event(e) for e in reversed(events) if e.kind == EventKind.ASSISTANCE and e.id not in acked]

    def record_front_desk(self, service: str, assisted: bool = True) -> int:
        """A visit answered at the front desk: counted, but not a ticket."""
        spec = self.service_spec(service)
        return self.record(EventKind.FRONT_DESK, service=spec.code, data={"assisted": assisted})

    def last_ticket(self, kiosk_id: str) -> TicketView | None:
        with self.uow(write=False) as q:
            return self.view(q.last_ticket_of_kiosk(kiosk_id))
