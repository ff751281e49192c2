"""A keyboard-wedge scanner at the kiosk (`flow.scans`): its burst of fast keys, then Enter, on
Welcome, the NIK screen or the booking screen starts the visit from a membership card, a JMO
digital card, a ticket or a booking (`kiosk.domain.scan`)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.app.visit_flow.parts import Step
from kiosk.domain.catalog import tr
from kiosk.domain.scan import ScanBurst, ScanKind, read_scan

if TYPE_CHECKING:
    from kiosk.app.visit_flow.flow import VisitFlow


class Scans:
    def __init__(self, flow: "VisitFlow"):
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
            flow.set_code(self._before[1])
        if scan.kind is ScanKind.TICKET:
            flow.look_up_ticket(scan.value)
        elif scan.kind is ScanKind.CARD:
            flow.check_card(scan.value)
        elif scan.kind is ScanKind.NIK:
            if flow.step is not Step.NIK:
                flow.start_visit()
            flow.set_nik(scan.value)
            flow.submit_nik()
        elif scan.kind is ScanKind.BOOKING:
            flow.start_booking(scan.value)
            flow.submit_code()
        elif flow.step is Step.NIK:
            flow.nik.note = (tr("scan.unreadable", "id"), tr("scan.unreadable", "en"))
            flow.redraw()
        else:
            flow.show_notice("scan.unreadable", error=True)
