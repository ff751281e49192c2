"""SMS to a participant's phone: the opt-in at the kiosk (or `issue --sms`), and one round of the
notifier (`anjungan notifier`): each opted-in ticket gets what is due to it (kiosk/domain/phone.py),
through the branch's provider (kiosk/notify). The number is deleted when the visit ends, and
never logged or reported. The notifier reads no NIK column of a ticket (its database role,
`anjungan_notifier`, may not: kiosk/store/roles.py)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.domain.catalog import Lang, tr
from kiosk.domain.phone import OptIn, SmsKind, due_message, mask_phone, normalize_phone
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import status_url
from kiosk.notify import GammuSmsd, NotifyUnavailable, Provider

log = logging.getLogger("anjungan.sms")

# A visit is over in these states: a survey link after a served visit, nothing after the others.
_OVER = (TicketState.DONE, TicketState.NO_SHOW, TicketState.TRANSFERRED, TicketState.CANCELLED,
         TicketState.NOT_SERVED, TicketState.UNCONFIRMED)


@dataclass(frozen=True)
class Sent:
    ticket_id: str
    number: str
    kind: str
    phone_masked: str

    def to_json(self) -> dict:
        return {"ticket_id": self.ticket_id, "number": self.number, "kind": self.kind, "phone": self.phone_masked}


def provider(app: AppCore) -> Provider:
    """The branch's way to the phones ([sms]); NotifyUnavailable when SMS is off or not set up."""
    return provider_of(app.config.sms)


def provider_of(sms) -> Provider:
    """The way to the phones an `[sms]` section sets up (also what `anjungan doctor` checks on the
    notifier's machine); NotifyUnavailable when SMS is off or not set up."""
    if not sms.enabled:
        raise NotifyUnavailable.of("sms.disabled")
    made = GammuSmsd(sms.smsdrc)
    made.check()
    return made


def opt_in(app: AppCore, ticket_id: str, phone_text: str, lang: str = "id") -> str:
    """Keep the number for this ticket's visit; the masked number to show. Refused when the branch
    sends no SMS: a number nobody would send to is not kept."""
    if not app.config.sms.enabled:
        raise NotifyUnavailable.of("sms.disabled")
    phone = normalize_phone(phone_text)
    with app.uow() as uow:
        ticket = uow.queue.ticket(ticket_id)
        if ticket is None:
            raise errors.UnknownTicket.of("error.ticket.unknown", ticket_id=ticket_id)
        uow.sms.add(ticket_id, phone, Lang.of(lang).value)
    return mask_phone(phone)


def _due(app: AppCore, uow, opt: OptIn) -> tuple[str | None, str | None, object]:
    """(kind, text) due to one opt-in now, and its ticket; kind None and text None: nothing;
    kind None with a ticket None or over: forget the number."""
    ticket = uow.queue.ticket(opt.ticket_id, personal=False)
    if ticket is None:
        return None, None, None
    sms = app.config.sms
    over = ticket.state in _OVER or ticket.service_day != app.today()
    public_url = app.config.web.public_url
    survey = ticket.state == TicketState.DONE and ticket.service_day == app.today() and bool(public_url and ticket.ref)
    ahead = queries.ahead(app, uow, ticket.ticket_id, ticket.service_day, ticket.service) \
        if ticket.state == TicketState.WAITING and not over else None
    kind = due_message(opt, state=ticket.state, ahead=ahead, notify_when_ahead=sms.notify_when_ahead,
                       limit=sms.max_per_ticket, visit_over=over, survey=survey)
    if kind is None:
        return None, None, ticket
    lang = Lang.of(opt.lang)
    if kind == SmsKind.AHEAD:
        text = tr("sms.ahead", lang, number=ticket.number, ahead=ahead)
    elif kind == SmsKind.CALLED:
        text = tr("sms.called", lang, number=ticket.number, counter=ticket.counter)
    else:
        text = tr("sms.skm", lang, url=status_url(public_url, ticket.ref))
    return kind, text, ticket


def notify_round(app: AppCore, carrier: Provider) -> list[Sent]:
    """Send what is due to every opted-in ticket, note it, and forget the numbers of visits over."""
    with app.uow(write=False) as uow:
        plans, moves = [], []
        for opt in uow.sms.all():
            ticket = uow.queue.ticket(opt.ticket_id, personal=False)
            if ticket is not None and ticket.state == TicketState.TRANSFERRED:
                successor = uow.queue.transferred_to(opt.ticket_id, personal=False)
                if successor is not None:       # the visit goes on as another ticket: the opt-in follows it
                    moves.append((opt.ticket_id, successor.ticket_id))
                    continue
            kind, text, ticket = _due(app, uow, opt)
            over = ticket is None or ticket.state in _OVER or ticket.service_day != app.today()
            plans.append((opt, kind, text, ticket, over))
    if moves:
        with app.uow() as uow:
            for old, new in moves:
                uow.sms.follow(old, new)
        return notify_round(app, carrier)
    sent: list[Sent] = []
    for opt, kind, text, ticket, over in plans:
        if kind is not None:
            carrier.send(opt.phone, text)
            sent.append(Sent(opt.ticket_id, ticket.number, kind, mask_phone(opt.phone)))
            log.info("SMS %s for %s", kind, ticket.number)
        if over or kind is not None:
            with app.uow() as uow:
                if over:
                    uow.sms.forget(opt.ticket_id)
                else:
                    uow.sms.sent(opt.ticket_id, kind)
    return sent


def opted_in(app: AppCore, ticket_id: str) -> bool:
    """Whether a number is kept for this ticket now (for tests and `doctor`; never the number)."""
    with app.uow(write=False) as uow:
        return uow.sms.get(ticket_id) is not None
