"""Printing tickets: what goes on the paper, the spooler per printer, and the print state."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import replace

from kiosk.app.check import CheckUseCases
from kiosk.domain import errors
from kiosk.domain.booking import Booking, BookingState
from kiosk.domain.catalog import tr
from kiosk.domain.formatting import minutes_text, time_id, when_text
from kiosk.domain.nik import mask_tail
from kiosk.domain.reference import qr_reference, status_url
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store import db
from kiosk.store.bookings import BookingStore
from printer.outcome import PrintOutcome
from printer.settings import PrinterSettings
from printer.ticket import TicketData

log = logging.getLogger("anjungan.services")


class PrintingUseCases(CheckUseCases):
    _spoolers: dict | None = None
    _spooler_lock = threading.Lock()

    def ticket_layout(self, t: Ticket, ahead: int, estimate: int | None, documents=None,
                      reprint: bool = False, booking: Booking | None = None) -> TicketData:
        """Everything the printer puts on paper, the texts already written (Indonesian).

        The QR code opens the ticket's status page when the branch has a web address
        (`web.public_url`); otherwise it carries the reference the counters scan."""
        spec = self.branch.service(t.service)
        issued_at = self.local(t.issued_at)
        public_url = self.config.web.public_url
        online = bool(public_url and t.ref)
        return TicketData(
            ticket_id=t.ticket_id, number=t.number, service_code=spec.code, service_name=spec.name_id,
            service_name_en=spec.name_en, issued_at=issued_at, issued_text=when_text(issued_at, "id", clock="plain"),
            branch_name=self.branch.name, branch_address=self.branch.address, ahead=ahead,
            estimated_wait_min=estimate, wait_text=minutes_text(estimate, "id") if estimate is not None else None,
            priority=t.priority, priority_reason=t.priority_reason, verified=t.verified,
            nik_masked=mask_tail(t.nik_last4) if t.nik_last4 else None,
            documents=tuple(documents if documents is not None else spec.documents),
            footer=tuple(self.branch.footer), reprint=reprint,
            qr_payload=status_url(public_url, t.ref) if online else qr_reference(t.ticket_id, t.number, t.service_day),
            notes=self._booking_notes(booking), qr_caption=tr("booking.ticket_status") if online else None)

    def _booking_notes(self, booking: Booking | None) -> tuple[str, ...]:
        if booking is None:
            return ()
        if booking.state is BookingState.CHECKED_IN:
            return (tr("booking.ticket_note", start=time_id(self.local(booking.slot_start)),
                       end=time_id(self.local(booking.slot_end))),)
        return (tr("booking.ticket_note.walk_in", code=booking.code),)

    def ticket_data(self, ticket_id: str, reprint: bool = False) -> TicketData:
        with self.uow(write=False) as q:
            ticket = self.ticket_or_fail(q, ticket_id)
            ahead = self.ahead(q, ticket_id, ticket.service_day, ticket.service)
            minutes = q.recent_service_minutes(ticket.service_day)
            paused = q.paused_counters()
            booking = BookingStore(q.conn).of_ticket(ticket_id)
        estimate = self.estimate(self.service_spec(ticket.service), ahead, minutes, paused)
        return self.ticket_layout(ticket, ahead, estimate, reprint=reprint, booking=booking)

    # -- printers -----------------------------------------------------------------------------
    def printer_settings(self, url: str | None = None) -> PrinterSettings:
        settings = self.config.printer
        if url:
            settings = replace(settings, url=url)
        if settings.url.rstrip("/") == "preview:":
            settings = replace(settings, url=f"preview://{db.data_dir() / 'tickets'}")
        return settings

    def _spooler(self, url: str | None):
        from printer.spooler import Spooler

        settings = self.printer_settings(url)
        with self._spooler_lock:
            if self._spoolers is None:
                self._spoolers = {}
            spooler = self._spoolers.get(settings.url)
            if spooler is None:
                spooler = self._spoolers[settings.url] = Spooler(settings)
            return spooler

    def close(self) -> None:
        for spooler in (self._spoolers or {}).values():
            spooler.close()
        self._spoolers = None
        super().close()

    def printer_status(self, url: str | None = None) -> dict:
        from printer.spooler import printer_status

        return printer_status(self.printer_settings(url))

    def ticket_preview(self, ticket_id: str, printer_url: str | None = None, reprint: bool = False):
        """The ticket as the printer would print it, as a PIL image (for the screen)."""
        return self.preview_ticket_data(self.ticket_data(ticket_id, reprint=reprint), printer_url)

    def preview_ticket_data(self, data: TicketData, printer_url: str | None = None):
        """A ticket already laid out (`IssuedTicket.ticket_data`) as the printer would print it, as
        a PIL image: what the kiosk shows is the layout it prints."""
        from printer.preview import render_preview

        return render_preview(data, self.printer_settings(printer_url))

    # -- printing -----------------------------------------------------------------------------
    def print_ticket(self, ticket_id: str, printer_url: str | None = None, wait: bool = True,
                     reprint: bool = False) -> PrintOutcome | Future:
        """Print through the printer's spooler; the ticket's print state and an event record the outcome."""
        return self.print_ticket_data(self.ticket_data(ticket_id, reprint=reprint), printer_url, wait=wait)

    def print_ticket_data(self, data: TicketData, printer_url: str | None = None,
                          wait: bool = True) -> PrintOutcome | Future:
        """Print a ticket already laid out (`IssuedTicket.ticket_data`: the layout the issue made,
        not read again); the ticket's print state and an event record the outcome."""
        ticket_id = data.ticket_id
        self._set_print_state(ticket_id, PrintState.PENDING, None)
        future = self._spooler(printer_url).submit(data)
        future.add_done_callback(lambda f: self._print_done(ticket_id, f))
        if not wait:
            return future
        return future.result()

    def reprint(self, ticket_id: str, printer_url: str | None = None) -> PrintOutcome:
        return self.print_ticket(ticket_id, printer_url, wait=True, reprint=True)

    def _print_done(self, ticket_id: str, future: Future) -> None:
        try:
            outcome: PrintOutcome = future.result()
            ok, reason, near_end = outcome.ok, outcome.reason, outcome.paper_near_end
        except Exception as exc:  # the spooler reports failures as outcomes; this is the last guard
            ok, reason, near_end = False, str(exc), False
        try:
            self._set_print_state(ticket_id, PrintState.PRINTED if ok else PrintState.FAILED, reason, near_end)
        except errors.AnjunganError:
            log.exception("could not record the print state of ticket %s", ticket_id)

    def _set_print_state(self, ticket_id: str, state: str, reason: str | None, near_end: bool = False) -> None:
        now = self.now()
        event_id = None
        with self.uow() as q:
            ticket = self.ticket_or_fail(q, ticket_id)
            q.set_print_state(ticket_id, state, reason)
            if state in (PrintState.PRINTED, PrintState.FAILED):
                kind = EventKind.PRINTED if state == PrintState.PRINTED else EventKind.PRINT_FAILED
                event_id = q.add_event(now, kind, ticket=ticket, data={"reason": reason, "paper_near_end": near_end})
        if event_id:
            self.publish_after(event_id - 1)
