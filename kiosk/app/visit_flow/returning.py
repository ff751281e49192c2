"""Back into the queue at the kiosk (`flow.returning`): a NIK whose ticket of today for the chosen
service was a no-show is offered "Kembali ke antrian" with its own number instead of a new one
at the back; its place is the branch's (`[counter] return_after`), as at a counter."""
from __future__ import annotations

from kiosk.app.visit_flow.parts import FlowCore, Step


class ReturnOffer:
    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.number: str | None = None        # the no-show's number, while offered
        self.service: str | None = None
        self.busy = False

    def offer(self, code: str) -> bool:
        """Before the documents of a queued service: look for today's no-show of the NIK; offer it
        back when there is one, else go on as before. False: nothing to look for (no NIK)."""
        flow = self.flow
        nik = flow.visit.nik
        if not nik:
            return False
        cases = flow.cases
        flow.run(lambda: cases.no_show_of(nik, code), lambda number, error: self._looked(code, number, error))
        return True

    def _looked(self, code: str, number: str | None, error: BaseException | None) -> None:
        flow = self.flow
        if error is None and number:
            self.number, self.service = number, code
            flow.show(Step.RETURN, remember=False)
            return
        flow.show(Step.DOCUMENTS)

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
        flow.show_held(held[self.service], scanned=False)

    def decline(self) -> None:
        """A new number after all (at the back of the queue)."""
        self.flow.show(Step.DOCUMENTS)
