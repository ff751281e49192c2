"""Printing tickets: what goes on the paper, the spooler per printer, and the print state."""
from __future__ import annotations

import logging
from concurrent.futures import Future
from dataclasses import replace

from kiosk.domain import errors
from kiosk.domain.booking import Booking, BookingState
from kiosk.domain.catalog import tr
from kiosk.domain.formatting import minutes_text, time_id, when_text
from kiosk.domain.nik import mask_tail
from kiosk.domain.reference import qr_reference, status_url
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store import db
from printer.outcome import PrintOutcome
from printer.settings import PrinterSettings
from printer.ticket import TicketData
from kiosk.app.core import AppCore
from kiosk.app import queries

log = logging.getLogger("anjungan.services")


def ticket_layout(app: AppCore, t: Ticket, ahead: int, estimate: int | None, documents=None,
                  reprint: bool = False, booking: Booking | None = None) -> TicketData:
    """Everything the printer puts on paper, the texts already written (Indonesian).

    The QR code opens the ticket's status page when the branch has a web address
    (`web.public_url`); otherwise it carries the reference the counters scan."""
    spec = app.branch.service(t.service)
    issued_at = app.local(t.issued_at)
    public_url = app.config.web.public_url
    online = bool(public_url and t.ref)
    return TicketData(
        ticket_id=t.ticket_id, number=t.number, service_code=spec.code, service_name=spec.name_id,
        service_name_en=spec.name_en, issued_at=issued_at, issued_text=when_text(issued_at, "id", clock="plain"),
        branch_name=app.branch.name, branch_address=app.branch.address, ahead=ahead,
        estimated_wait_min=estimate, wait_text=minutes_text(estimate, "id") if estimate is not None else None,
        priority=t.priority, priority_reason=t.priority_reason, verified=t.verified,
        nik_masked=mask_tail(t.nik_last4) if t.nik_last4 else None,
        documents=tuple(documents if documents is not None else spec.documents),
        footer=tuple(app.branch.footer), reprint=reprint,
        qr_payload=status_url(public_url, t.ref) if online else qr_reference(t.ticket_id, t.number, t.service_day),
        notes=_booking_notes(app, booking), qr_caption=tr("booking.ticket_status") if online else None)


def _booking_notes(app: AppCore, booking: Booking | None) -> tuple[str, ...]:
    if booking is None:
        return ()
    if booking.state is BookingState.CHECKED_IN:
        return (tr("booking.ticket_note", start=time_id(app.local(booking.slot_start)),
                   end=time_id(app.local(booking.slot_end))),)
    return (tr("booking.ticket_note.walk_in", code=booking.code),)


def ticket_data(app: AppCore, ticket_id: str, reprint: bool = False) -> TicketData:
    with app.uow(write=False) as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
        ahead = queries.ahead(app, uow, ticket_id, ticket.service_day, ticket.service)
        minutes = uow.queue.recent_service_minutes(ticket.service_day)
        paused = uow.queue.paused_counters()
        booking = uow.bookings.of_ticket(ticket_id)
    estimate = queries.wait_estimate(app, app.service_spec(ticket.service), ahead, minutes, paused)
    return ticket_layout(app, ticket, ahead, estimate, reprint=reprint, booking=booking)


def printer_settings(app: AppCore, url: str | None = None) -> PrinterSettings:
    settings = app.config.printer
    if url:
        settings = replace(settings, url=url)
    if settings.url.rstrip("/") == "preview:":
        settings = replace(settings, url=f"preview://{db.data_dir() / 'tickets'}")
    return settings


def _spooler(app: AppCore, url: str | None):
    from printer.spooler import Spooler

    settings = printer_settings(app, url)
    with app.spooler_lock:
        spooler = app.spoolers.get(settings.url)
        if spooler is None:
            spooler = app.spoolers[settings.url] = Spooler(settings)
        return spooler


def printer_status(app: AppCore, url: str | None = None) -> dict:
    from printer.spooler import printer_status

    return printer_status(printer_settings(app, url))


def ticket_preview(app: AppCore, ticket_id: str, printer_url: str | None = None, reprint: bool = False):
    """The ticket as the printer would print it, as a PIL image (for the screen)."""
    from printer.preview import render_preview

    return render_preview(ticket_data(app, ticket_id, reprint=reprint), printer_settings(app, printer_url))


def print_ticket(app: AppCore, ticket_id: str, printer_url: str | None = None, wait: bool = True,
                 reprint: bool = False) -> PrintOutcome | Future:
    """Print through the printer's spooler; the ticket's print state and an event record the outcome."""
    data = ticket_data(app, ticket_id, reprint=reprint)
    _set_print_state(app, ticket_id, PrintState.PENDING, None)
    future = _spooler(app, printer_url).submit(data)
    future.add_done_callback(lambda f: _print_done(app, ticket_id, f))
    if not wait:
        return future
    return future.result()


def reprint(app: AppCore, ticket_id: str, printer_url: str | None = None) -> PrintOutcome:
    return print_ticket(app, ticket_id, printer_url, wait=True, reprint=True)


def _print_done(app: AppCore, ticket_id: str, future: Future) -> None:
    try:
        outcome: PrintOutcome = future.result()
        ok, reason, near_end = outcome.ok, outcome.reason, outcome.paper_near_end
    except Exception as exc:  # the spooler reports failures as outcomes; this is the last guard
        ok, reason, near_end = False, str(exc), False
    try:
        _set_print_state(app, ticket_id, PrintState.PRINTED if ok else PrintState.FAILED, reason, near_end)
    except errors.AnjunganError:
        log.exception("could not record the print state of ticket %s", ticket_id)


def _set_print_state(app: AppCore, ticket_id: str, state: str, reason: str | None, near_end: bool = False) -> None:
    now = app.now()
    event_id = None
    with app.uow() as uow:
        ticket = queries.ticket_or_fail(app, uow, ticket_id)
        uow.queue.set_print_state(ticket_id, state, reason)
        if state in (PrintState.PRINTED, PrintState.FAILED):
            kind = EventKind.PRINTED if state == PrintState.PRINTED else EventKind.PRINT_FAILED
            event_id = uow.queue.add_event(now, kind, ticket=ticket, data={"reason": reason, "paper_near_end": near_end})
    if event_id:
        app.publish_after(event_id - 1)

