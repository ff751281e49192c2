"""Issue a queue ticket: the number, the fairness position, the wait, and the retention purge."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from kiosk.app.printing import PrintingUseCases
from kiosk.app.views import IssuedTicket
from kiosk.domain import classification, errors, queue as rules
from kiosk.domain.hours import service_day, serving_minutes_left
from kiosk.domain.nik import nik_tail
from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import EventKind, Ticket
from kiosk.domain.wait import late_warning
from kiosk.store.queue import QueueStore, new_ticket_id

PURGE_EVERY = timedelta(minutes=10)


class IssueUseCases(PrintingUseCases):
    _nik_key: bytes | None = None
    _last_purge: datetime | None = None

    def issue(self, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
              documents_complete: bool = True, kiosk_id: str = "kiosk-1") -> IssuedTicket:
        """A ticket for `service`, or the refusal (closed, quota, online only, front desk, …) as an error.

        A NIK is always needed: a ticket is a participant's place in the queue.
        """
        spec = self.service_spec(service)
        info = self.parse_nik_or_fail(nik)
        self.check_priority_reason(priority_reason)
        now = self.now()
        today = service_day(now)
        participant = self.lookup(info)
        visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant)
        office = self.office_status()
        minutes, paused = self.timing_figures()
        purge = self._purge_due(now)
        with self.uow() as q:
            if purge:
                self._purge(q, now)
            waiting_before = q.waiting_count(today, spec.code)
            # The number is allocated first: it also tells how many were issued today (quota), and
            # a refusal below rolls it back, so no number is ever skipped.
            seq = q.allocate_seq(today, spec.code)
            option = classification.classify(spec, visitor, office, seq - 1, self.branch, priority_reason)
            if not option.can_issue(assisted):
                raise errors.ServiceClosed(option.reason, option.reason_en, key=option.reason_key or None)
            reason = option.priority_reason if option.priority else None
            ticket = Ticket(
                ticket_id=new_ticket_id(), service_day=today, service=spec.code, seq=seq,
                number=rules.format_number(spec.letter, seq), state=TicketState.WAITING,
                priority=reason is not None, priority_reason=reason, assisted=assisted,
                verified=participant.verified, documents_complete=documents_complete, nik=info.nik,
                nik_hash=self._hash_nik(q, info.nik), nik_last4=nik_tail(info.nik), kiosk_id=kiosk_id,
                arrived_at=now, issued_at=now)
            q.insert_ticket(ticket)
            # A regular newcomer is last in line; a priority one goes by the fairness rule.
            ahead = self.ahead(q, ticket.ticket_id, today, spec.code) if reason else waiting_before
            event_id = q.add_event(now, EventKind.ISSUED, ticket=ticket, data={
                "priority": reason is not None, "assisted": assisted, "kiosk_id": kiosk_id,
                "verified": participant.verified})
        self.publish_after(event_id - 1)
        estimate = self.estimate(spec, ahead, minutes, paused)
        late = late_warning(estimate, serving_minutes_left(self.branch.hours, now))
        data = self.ticket_layout(ticket, ahead, estimate, documents=option.documents)
        return IssuedTicket(
            ticket_id=ticket.ticket_id, number=ticket.number, service=spec.code, service_day=today,
            priority=ticket.priority, priority_reason=reason, ahead=ahead, estimated_wait_min=estimate,
            verified=participant.verified, nik_masked=info.masked, ticket_data=data,
            warning=late[0] if late else None)

    def check_priority_reason(self, given: str | None) -> None:
        if given and self.branch.priority.reason(given) is None:
            allowed = ", ".join(r.code for r in self.branch.priority.reasons)
            raise errors.AnjunganError.of("error.priority.unknown", given=given, allowed=allowed)

    def _hash_nik(self, q: QueueStore, nik: str) -> str:
        if self._nik_key is None:
            self._nik_key = bytes.fromhex(q.nik_key())
        return hmac.new(self._nik_key, nik.encode(), hashlib.sha256).hexdigest()

    # -- retention ----------------------------------------------------------------------------
    def _purge_due(self, now: datetime) -> bool:
        return self._last_purge is None or now - self._last_purge >= PURGE_EVERY

    def _purge(self, q: QueueStore, now: datetime) -> int:
        self._last_purge = now
        keep = self.config.retention.days
        if keep is None:
            return q.purge_full_niks(before_day=service_day(now))
        return q.purge_full_niks(issued_before=now - timedelta(days=keep))

    def purge_full_niks(self) -> int:
        """Forget full NIKs older than the retention setting; the keyed hash stays for statistics."""
        now = self.now()
        with self.uow() as q:
            return self._purge(q, now)
