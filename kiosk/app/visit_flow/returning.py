"""Back into the queue at the kiosk (`flow.returning`): a NIK whose ticket of today for the chosen
service was a no-show is offered "Kembali ke antrian" with its own number instead of a new one
at the back; its place is the branch's (`[counter] return_after`), as at a counter. The no-shows
are looked up with the NIK's check, so choosing a service answers at once (no wait on the
services screen, no late answer over a screen she has moved on to)."""
from __future__ import annotations

import logging

from kiosk.app.visit_flow.parts import FlowCore, Step
from kiosk.domain.errors import AnjunganError

log = logging.getLogger("anjungan.kiosk")


class ReturnOffer:
    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.number: str | None = None        # the no-show's number, while offered
        self.service: str | None = None
        self.busy = False

    def look_up(self, nik: str) -> dict[str, str]:
        """Today's no-shows of the NIK by service (in the check's slow work); {} when the look-up
        fails, which never stops the visit: she is then simply given a new number."""
        try:
            return self.flow.cases.no_shows_of(nik)
        except AnjunganError as exc:
            log.warning("no-show lookup failed: %s", exc.__class__.__name__)
            return {}

    def offer(self, code: str) -> bool:
        """Before the documents of a queued service: offer today's no-show of the NIK for it back;
        False when there is none (the documents follow as before)."""
        number = self.flow.visit.no_shows.get(code)
        if not number:
            return False
        self.number, self.service = number, code
        self.flow.show(Step.RETURN, remember=False)
        return True

    def accept(self) -> None:
        """"Kembali ke antrian": the no-show waits again; the screen of the ticket held follows."""
        flow, code = self.flow, self.service
        if code is None or self.busy:
            return
        self.busy = True
        cases, nik, kiosk_id, lang = flow.cases, flow.visit.nik, flow.settings.kiosk_id, flow.lang

        def work():
            cases.return_no_show(nik, code, kiosk_id)
            return cases.held_tickets(nik, lang)

        flow.run(work, self._returned)

    def _returned(self, held, error: BaseException | None) -> None:
        self.busy = False
        flow = self.flow
        if error is not None or not held or self.service not in held:
            flow.show_error(error or RuntimeError("no ticket held"))
            return
        flow.visit.held = dict(held)
        flow.visit.no_shows.pop(self.service, None)
        flow.show_held(held[self.service], scanned=False)

    def decline(self) -> None:
        """A new number after all (at the back of the queue)."""
        self.flow.show(Step.DOCUMENTS)
