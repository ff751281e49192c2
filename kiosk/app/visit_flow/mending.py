"""What the visit mends right after the NIK (`flow.mend`, `flow.heir_age`, `flow.holding`).

- A typo: a well-formed number nobody holds asks "is this the KK number?" and shows the number in
  groups of four to compare with the KTP; a touch on a digit picks it, a touch on a key puts the
  right one in its place, and "Periksa lagi" checks the mended number (three touches, not a
  retyped NIK).
- The heir's own age: an heir visits on the deceased's NIK, so her priority comes from her own age
  or her own NIK (typed here, or read from her own KTP: `HeirAge.own_ktp` is the way in for a KTP
  reader), never from the deceased's birth date (`kiosk.domain.visit.visitor_age`).
- A ticket already held: said right after the NIK (number, service, place, wait), with "Ambil
  layanan lain" for another service.
"""
from __future__ import annotations

from datetime import date

from kiosk.app.views import CheckResult, IssuedTicket
from kiosk.app.visit_flow.parts import FlowCore, Step
from kiosk.domain.classification import elderly
from kiosk.domain.nik import NIK_LENGTH, NikError, nik_problem
from kiosk.domain.visit import visitor_age


class Mending:
    """The digits of a NIK nobody holds, mended one at a time on the KK question."""

    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.selected: int | None = None

    def reset(self) -> None:
        self.selected = None

    @property
    def digits(self) -> str:
        return self.flow.nik.digits

    @property
    def checked(self) -> str:
        """The number the directory was asked about."""
        result = self.flow.visit.result
        return result.nik.nik if result is not None and result.nik is not None else ""

    @property
    def changed(self) -> bool:
        return len(self.digits) == NIK_LENGTH and self.digits != self.checked

    def problem(self, today: date) -> NikError | None:
        return nik_problem(self.digits, today)

    def pick(self, index: int) -> None:
        """A touch on the digit at `index` (0–15): it is the one to change (a second touch lets go)."""
        if self.flow.nik.checking or not 0 <= index < len(self.digits):
            return
        self.selected = None if self.selected == index else index
        self.flow.redraw()

    def put(self, digit: str) -> None:
        """The right digit for the one picked."""
        flow, index = self.flow, self.selected
        if index is None or flow.nik.checking or len(digit) != 1 or not (digit.isdigit() and digit.isascii()):
            return
        digits = self.digits
        self.selected = None
        flow.set_nik(digits[:index] + digit + digits[index + 1:])

    def check(self) -> None:
        """"Periksa lagi": the mended number checked as if typed on the NIK screen."""
        flow = self.flow
        if not self.changed or self.problem(flow.today()) is not None:
            return
        self.selected = None
        flow.submit_nik()


class HeirAge:
    """The heir's step after "Ya, saya ahli waris": her own age or her own NIK, or neither."""

    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.typed = ""

    def reset(self) -> None:
        self.typed = ""

    def age(self) -> int | None:
        return visitor_age(self.typed, self.flow.today())

    @property
    def ready(self) -> bool:
        return self.age() is not None

    def priority(self) -> bool:
        """Whether the age typed gives her priority (the domain's age rule)."""
        return elderly(self.age(), self.flow.cases.branch.priority)

    def press(self, digit: str) -> None:
        if len(digit) == 1 and digit.isdigit() and digit.isascii() and len(self.typed) < NIK_LENGTH:
            self.typed += digit
            self.flow.redraw()

    def backspace(self) -> None:
        self.typed = self.typed[:-1]
        self.flow.redraw()

    def clear(self) -> None:
        self.typed = ""
        self.flow.redraw()

    def own_ktp(self, nik: str) -> None:
        """The heir's own KTP, read by a reader (or scanned): its NIK gives her age, and the visit
        goes on when it does."""
        self.typed = "".join(ch for ch in nik or "" if ch.isdigit() and ch.isascii())[:NIK_LENGTH]
        if self.ready:
            self.go_on()
        else:
            self.flow.redraw()

    def skip(self) -> None:
        self.typed = ""
        self._checked(None)

    def go_on(self) -> None:
        age = self.age()
        if age is not None:
            self._checked(age)

    def _checked(self, age: int | None) -> None:
        """The heir's visit checked again with her own age (no age: no priority from it)."""
        flow = self.flow
        flow.visit.heir_age = age
        self.typed = ""         # her own NIK is not kept
        cases, nik, lang = flow.cases, flow.visit.nik, flow.lang

        def done(value: tuple[CheckResult, dict[str, IssuedTicket]] | None, error: BaseException | None) -> None:
            if error is not None or value is None:
                flow.show_error(error or RuntimeError("no answer"))
                return
            flow.visit.result, flow.visit.held = value
            flow.group = None
            flow.show(Step.STATUS)

        flow.run(lambda: (cases.check(nik, heir=True, heir_age=age), cases.held_tickets(nik, lang)), done)


class Holding:
    """The tickets the NIK holds, said right after it is checked."""

    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.first = False          # the held ticket is shown before any service was chosen

    def reset(self) -> None:
        self.first = False

    def tickets(self) -> list[IssuedTicket]:
        return sorted(self.flow.visit.held.values(), key=lambda t: t.number)

    def show(self) -> bool:
        """Say the held ticket (the first by number; the others listed under it); False when the NIK
        holds none."""
        held = self.tickets()
        if not held:
            return False
        self.first = True
        self.flow.show_held(held[0], scanned=False)
        return True

    def others(self) -> list[IssuedTicket]:
        shown = self.flow.visit.shown
        return [t for t in self.tickets() if shown is None or t.ticket_id != shown.ticket_id]

    def other_service(self) -> None:
        """"Ambil layanan lain": the visit goes on to the questions and the services."""
        self.first = False
        self.flow.route_checked()
