"""A keyboard-wedge scanner at the kiosk (`flow.scans`): its burst of fast keys, then Enter, on
Welcome, the NIK screen or the booking screen starts the visit from a membership card, a JMO
digital card, a ticket or a booking (`kiosk.domain.scan`)."""
from __future__ import annotations

from typing import Protocol

from kiosk.app.views import CheckResult, IssuedTicket
from kiosk.app.visit_flow.parts import FlowCore, Step, error_pair
from kiosk.domain.catalog import tr
from kiosk.domain.errors import AnjunganError
from kiosk.domain.scan import ScanBurst, ScanKind, read_scan


class _Warned(Protocol):
    @property
    def warning(self) -> bool: ...


class _Codes(Protocol):
    def set_code(self, text: str) -> None: ...
    def submit_code(self) -> None: ...


class _Rated(Protocol):
    def start(self, target: tuple[str, str], already: bool) -> None: ...


class ScanFlow(FlowCore, Protocol):
    """The flow as a scan sees it: its parts too (the warning up, the booking code, the rating)."""

    idle: _Warned
    checkin: _Codes
    rating: _Rated


class Scans:
    def __init__(self, flow: ScanFlow):
        self.flow = flow
        self.burst = ScanBurst()
        self._before: tuple[str, str] = ("", "")     # the NIK and the code before the burst typed in them

    def key(self, char: str, at: float) -> None:
        """A printable key (`at`: seconds on a monotonic clock): perhaps the start of a burst."""
        if self.burst.key(char, at):
            self._before = (self.flow.nik.digits, self.flow.code.code)

    def enter(self, at: float) -> bool:
        """Enter: True when it ended a scanner's burst here (and the scan was handled)."""
        scanned = self.burst.enter(at)
        if scanned is None or not self.here:
            return False
        self.handle(scanned)
        return True

    @property
    def here(self) -> bool:
        """Whether a scan is taken now (its screens, nothing being checked, no warning up)."""
        flow = self.flow
        return flow.step in (Step.WELCOME, Step.NIK, Step.BOOKING) and not flow.nik.checking \
            and not flow.code.checking and not flow.idle.warning

    def handle(self, text: str) -> None:
        """What a scanned code starts: a NIK typed in, a card looked up, a ticket, a booking."""
        flow = self.flow
        scan = read_scan(text)
        if flow.step is Step.NIK:
            flow.set_nik(self._before[0])            # what the burst typed into the field goes
        elif flow.step is Step.BOOKING:
            flow.checkin.set_code(self._before[1])
        if scan.kind is ScanKind.TICKET:
            self.look_up_ticket(scan.value)
        elif scan.kind is ScanKind.CARD:
            self.check_card(scan.value)
        elif scan.kind is ScanKind.NIK:
            if flow.step is not Step.NIK:
                flow.start_visit()
            flow.set_nik(scan.value)
            flow.submit_nik()
        elif scan.kind is ScanKind.BOOKING:
            flow.start_booking(scan.value)
            flow.checkin.submit_code()
        elif flow.step is Step.NIK:
            flow.nik.note = (tr("scan.unreadable", "id"), tr("scan.unreadable", "en"))
            flow.redraw()
        else:
            flow.show_notice("scan.unreadable", error=True)

    def look_up_ticket(self, reference: str) -> None:
        """A scanned ticket: its place, or (its visit over) its rating."""
        flow = self.flow
        cases = flow.cases

        def work() -> tuple[IssuedTicket | None, tuple[str, str] | None, int | None]:
            ticket = cases.ticket_status(reference, self.flow.lang)
            if ticket is None:
                return None, None, None
            return ticket, cases.rating_target(reference), cases.rating_of(ticket.ticket_id)

        def done(value: tuple[IssuedTicket | None, tuple[str, str] | None, int | None] | None,
                 error: BaseException | None) -> None:
            if error is not None or value is None or value[0] is None:
                flow.show_notice("scan.ticket_unknown", error=True)
                return
            ticket, target, rated = value
            flow.count_online_redirect()
            flow.new_visit(keep_reason=False)
            if target is not None or rated is not None:      # the visit is over: its rating
                flow.rating.start(target or (ticket.ticket_id, ticket.number), already=target is None)
                return
            flow.show_held(ticket, scanned=True)

        flow.run(work, done)

    def check_card(self, card: str) -> None:
        """A scanned membership card: checked as its NIK would be."""
        flow = self.flow
        if flow.step is not Step.NIK:
            flow.start_visit()
        flow.visit.scanned = True
        flow.set_nik("")
        flow.nik.checking = True
        flow.redraw()
        cases = flow.cases

        def work() -> tuple[CheckResult, dict[str, IssuedTicket], dict | None, dict[str, str]] | None:
            result = cases.check_card(card)
            if result is None or result.nik is None:
                return None
            nik = result.nik.nik
            return (result, cases.held_tickets(nik, self.flow.lang), self.flow.todays_booking(nik),
                    self.flow.todays_no_shows(nik))

        def done(value: tuple[CheckResult, dict[str, IssuedTicket], dict | None, dict[str, str]] | None,
                 error: BaseException | None) -> None:
            if error is not None or value is None:
                flow.nik.checking, flow.visit.scanned = False, False
                if isinstance(error, AnjunganError):
                    flow.nik.note = error_pair(error)
                else:
                    flow.nik.note = (tr("scan.card_unknown", "id"), tr("scan.card_unknown", "en"))
                flow.redraw()
                return
            nik = value[0].nik.nik if value[0].nik is not None else ""
            flow.visit.nik = flow.nik.digits = nik        # masked in the field, if Back leads there
            flow.nik_checked(value[:3], None, value[3])

        flow.run(work, done)
