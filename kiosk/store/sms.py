"""The SMS opt-ins (kiosk/domain/phone.py): a phone number per ticket, kept until the visit ends."""
from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from kiosk.domain.phone import OptIn, SmsKind
from kiosk.store.models import sms_optins as O


class SmsStore:
    def __init__(self, conn: Connection):
        self.conn = conn

    def add(self, ticket_id: str, phone: str, lang: str) -> None:
        """Opt a ticket in; a second number for the same ticket replaces the first (the kiosk's
        and the web's roles may add and change a number, never read one)."""
        if self.conn.execute(select(O.c.ticket_id).where(O.c.ticket_id == ticket_id)).first() is not None:
            self.conn.execute(update(O).where(O.c.ticket_id == ticket_id).values(phone=phone, lang=lang))
            return
        self.conn.execute(insert(O).values(ticket_id=ticket_id, phone=phone, lang=lang, sent=0,
                                           told_ahead=False, told_called=False))

    def all(self) -> list[OptIn]:
        return [OptIn(r.ticket_id, r.phone, r.lang, r.sent, bool(r.told_ahead), bool(r.told_called))
                for r in self.conn.execute(select(O).order_by(O.c.ticket_id))]

    def get(self, ticket_id: str) -> OptIn | None:
        r = self.conn.execute(select(O).where(O.c.ticket_id == ticket_id)).first()
        return None if r is None else OptIn(r.ticket_id, r.phone, r.lang, r.sent, bool(r.told_ahead),
                                            bool(r.told_called))

    def sent(self, ticket_id: str, kind: str) -> None:
        values = {"sent": O.c.sent + 1}
        if kind == SmsKind.AHEAD:
            values["told_ahead"] = True
        elif kind == SmsKind.CALLED:
            values["told_called"] = True
        self.conn.execute(update(O).where(O.c.ticket_id == ticket_id).values(**values))

    def follow(self, ticket_id: str, successor_id: str) -> None:
        """A transferred ticket's opt-in goes on with the ticket it became: told again when near and
        when called at the new service, within the same bound of messages."""
        self.conn.execute(update(O).where(O.c.ticket_id == ticket_id).values(
            ticket_id=successor_id, told_ahead=False, told_called=False))

    def forget(self, ticket_id: str) -> None:
        self.conn.execute(delete(O).where(O.c.ticket_id == ticket_id))
