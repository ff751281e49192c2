"""A booked visit at the kiosk (`flow.checkin`): the booking code typed on large keys or scanned
(or a NIK in its place), today's booking of a typed NIK, and an early arrival's walk-in ticket. The
check-in and its rule are the application's (`svc.check_in`, `kiosk.domain.booking`)."""
from __future__ import annotations

from kiosk.app.views import CheckInResult
from kiosk.app.visit_flow.parts import CODE_CHARS, FlowCore, Step, error_pair
from kiosk.domain.booking import CODE_MAX, CheckIn
from kiosk.domain.catalog import pick
from kiosk.domain.errors import AnjunganError, StoreUnavailable


class CheckIns:
    def __init__(self, flow: FlowCore):
        self.flow = flow

    def set_code(self, text: str) -> None:
        flow = self.flow
        flow.code.code = "".join(ch for ch in (text or "").upper() if ch in CODE_CHARS)[:CODE_MAX]
        flow.redraw()

    def type_code(self, text: str) -> None:
        flow = self.flow
        if not flow.code.checking:
            flow.code.note = None
            self.set_code(text)

    def press_code_key(self, char: str) -> None:
        flow = self.flow
        if not flow.code.checking and len(flow.code.code) < CODE_MAX:
            flow.code.note = None
            self.set_code(flow.code.code + char)

    def code_backspace(self) -> None:
        flow = self.flow
        if not flow.code.checking:
            flow.code.note = None
            self.set_code(flow.code.code[:-1])

    def retype_code(self) -> None:
        flow = self.flow
        if not flow.code.checking:
            flow.code.note = None
            self.set_code("")

    def submit_code(self) -> None:
        flow = self.flow
        if flow.code.ready and not flow.code.checking:
            flow.code.checking = True
            self.check_in(flow.code.code, walk_in=False)

    def check_in_found(self) -> None:
        """Today's booking of the typed NIK: checked in."""
        flow = self.flow
        booking = flow.visit.booking
        if booking is not None and booking.get("code") and not flow.visit.checking_in:
            self.check_in(str(booking["code"]), walk_in=False)

    def check_in_walk_in(self) -> None:
        """An early arrival takes an ordinary ticket now instead of waiting for the slot."""
        flow = self.flow
        result = flow.visit.checkin
        if result is not None and not flow.visit.checking_in:
            self.check_in(result.booking["code"], walk_in=True)

    def check_in(self, code: str, walk_in: bool) -> None:
        flow = self.flow
        cases, kiosk_id = flow.cases, flow.settings.kiosk_id
        flow.visit.checking_in = True
        flow.redraw()
        flow.run(lambda: cases.check_in(code, kiosk_id=kiosk_id, walk_in=walk_in, lang=flow.lang), self.checked_in)

    def checked_in(self, result: CheckInResult | None, error: BaseException | None) -> None:
        flow = self.flow
        flow.visit.checking_in = False
        flow.code.checking = False
        if error is not None or result is None:
            if isinstance(error, AnjunganError) and not isinstance(error, StoreUnavailable):
                # one sentence (unknown, used, other day…) under the code, which stays to be corrected
                flow.code.note = error_pair(error)
                if flow.step is not Step.BOOKING:
                    flow.show(Step.BOOKING, speak=False)
                flow.redraw()
                flow.say(pick(flow.lang, *flow.code.note))
                return
            flow.show_error(error or RuntimeError("no answer"))
            return
        if result.ticket is None:                   # early: told when; a walk-in ticket may be taken now
            flow.visit.checkin, flow.found_early = result, True
            flow.show(Step.BOOKING_FOUND)
            return
        flow.visit.booking_message = (result.message, result.message_en)
        if result.outcome == CheckIn.ALREADY:       # checked in before: that ticket again
            flow.show_held(result.ticket, scanned=True)
            return
        flow.visit.booking = None
        flow.show_issued(result.ticket)
