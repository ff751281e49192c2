"""No clipped text: every screen × language × text size × orientation, every label and button.

One window per window size, re-used for every screen and setting (fast). The screens are put in
each state directly from real answers of the application (a real check, a real ticket), then
every shown text is measured against its widget (tests/ui/fit.py).
"""
from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from kiosk.domain.participant import Participant
from kiosk.services import CheckResult, RatingPage, Step
from printer.outcome import PrintOutcome
from tests.conftest import JAKARTA
from tests.ui.conftest import ACTIVE_NIK, DECEASED_NIK, ELDERLY_NIK, UNKNOWN_NIK, UNPAID_NIK
from tests.ui.fit import text_problems

SIZES = [(1920, 1080), (1080, 1920), (1366, 768)]
PRINTED = PrintOutcome.printed("preview://")
FAILED = PrintOutcome(ok=False, status="failed", reason="Printer tidak menjawab", reason_en="No answer")


def settle(window) -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()
    window.layout().activate()


class Walk:
    """Puts one kiosk window into every state a participant or staff member can see, through its
    visit model (`window.flow`) fed with real answers of the application."""

    def __init__(self, window, svc, clock):
        self.w, self.flow, self.svc, self.clock = window, window.flow, svc, clock
        self.results = {key: svc.check(nik) for key, nik in (
            ("active", ACTIVE_NIK), ("elderly", ELDERLY_NIK), ("unpaid", UNPAID_NIK), ("unknown", UNKNOWN_NIK),
            ("deceased", DECEASED_NIK))}
        self.results["heir"] = svc.check(DECEASED_NIK, heir=True)
        self.results["unverified"] = CheckResult(nik_valid=True, nik=self.results["active"].nik,
                                                 participant=Participant.unavailable(),
                                                 options=self.results["active"].options)
        issued = svc.issue(ELDERLY_NIK, "JKK")
        self.ticket = issued
        self.preview = QPixmap.fromImage(_qimage(svc.preview_ticket_data(issued.ticket_data)))
        self.held = svc.held_tickets(ELDERLY_NIK)
        # booked visits: one checked in (a booked ticket), one early (no ticket yet)
        svc.book(UNPAID_NIK, "INFO", self.ticket.service_day, "09.00", "09.30", code="LPK-2026-0001")
        svc.book(ACTIVE_NIK, "INFO", self.ticket.service_day, "10.00", "10.30", code="JMO-2026-0042")
        self.booked = svc.check_in("LPK-2026-0001")
        self.early = svc.check_in("JMO-2026-0042")
        self.found = svc.booking("JMO-2026-0042")
        clock.now = datetime(2026, 11, 23, 12, 15, tzinfo=JAKARTA)
        self.results["break"] = svc.check(ACTIVE_NIK)
        clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA)

    # -- helpers
    def visit(self, key: str, heir: bool | None = None, staff: str | None = None):
        """A fresh visit of the participant `key`, as the check answered it (staff: assisted)."""
        flow = self.flow
        flow.go_welcome(end_visit=False)              # the visit, the warning and the history forgotten
        flow.hide_notice()
        flow.staff_role = staff
        result = self.results[key]
        flow.start_visit()
        flow.set_nik(result.nik.nik if result.nik else "")
        flow.nik_checked((result, dict(self.held) if key == "elderly" else {}, None), None)
        flow.visit.heir = heir
        return flow.visit

    def show(self, step: Step) -> None:
        self.flow.show(step, remember=False, speak=False)

    def option(self, key: str, code: str):
        self.flow.visit.option = self.results[key].option(code)

    # -- the states, each a (name, setter)
    def states(self):
        w, flow = self.w, self.flow

        def welcome():
            self.visit("active")
            flow.go_welcome(end_visit=False)

        def nik_typing():
            self.visit("active")
            self.show(Step.NIK)
            flow.set_nik(ACTIVE_NIK[:9])

        def nik_invalid():
            self.visit("active")
            self.show(Step.NIK)
            flow.set_nik("7105101613610439")

        def nik_complete():
            self.visit("active")
            self.show(Step.NIK)
            flow.set_nik(ACTIVE_NIK)

        def nik_clear_confirm():
            nik_typing()
            w.nik.keypad.clear_button.click()           # "Kosongkan?" asks first

        def nik_card_unknown():
            self.visit("active")
            self.show(Step.NIK)
            flow.set_nik("")
            flow.nik.note = ("Kartu tidak dikenali. Silakan ketik NIK Anda.", "Card not recognised. Please type your NIK.")
            flow.redraw()

        def nik_checking():
            nik_complete()
            flow.nik.checking = True
            flow.redraw()

        def nik_with_notice():
            nik_typing()
            flow.show_notice("help.failed", error=True)

        def kk():
            self.visit("unknown")
            self.show(Step.KK)

        def heir():
            self.visit("deceased")
            self.show(Step.HEIR)

        def kk_mending(digit: int | None, mended: bool = False):
            def setter():
                kk()
                flow.mend.reset()
                if mended:
                    flow.mend.pick(15)
                    flow.mend.put("9")
                if digit is not None:
                    flow.mend.pick(digit)
            return setter

        def heir_age(typed: str):
            def setter():
                self.visit("deceased", heir=True)
                self.show(Step.HEIR_AGE)
                flow.heir_age.typed = typed
                flow.redraw()
            return setter

        def held_after_nik():
            self.visit("elderly")                   # the NIK holds a ticket: said at once
            flow.visit.held = {**self.held, "INFO": self.held["JKK"]}
            flow.holding.show()

        def status(key, heir_=None):
            def setter():
                self.visit(key, heir=heir_)
                self.show(Step.STATUS)
            return setter

        def groups():
            self.visit("active")
            self.show(Step.SERVICES)

        def group(code, key="active", heir_=None):
            def setter():
                self.visit(key, heir=heir_)
                self.show(Step.SERVICES)
                if code:
                    flow.choose_group(code)
            return setter

        def route(key, code):
            def setter():
                self.visit(key)
                self.option(key, code)
                self.show(Step.ROUTE)
            return setter

        def documents(key, code, incomplete=False, heir_=None, issuing=False):
            def setter():
                self.visit(key, heir=heir_)
                self.option(key, code)
                self.show(Step.DOCUMENTS)
                if incomplete:
                    flow.documents_not_complete()
                flow.issuing = issuing
                flow.redraw()
            return setter

        def ticket(ok=True):
            def setter():
                self.visit("elderly")
                self.option("elderly", "JKK")
                flow.visit.ticket = self.ticket
                flow.visit.print_outcome = PRINTED if ok else FAILED
                flow.visit.documents_complete = ok
                w.ticket.set_preview(self.preview)
                self.show(Step.TICKET)
            return setter

        def repeat(staff=None, scanned=False):
            def setter():
                self.visit("elderly", staff=staff)
                flow.visit.shown = self.held["JKK"]
                flow.repeat_scanned = scanned
                flow.repeat_feedback = ("Tiket E-001 dicetak ulang.", "Ticket E-001 reprinted.") if staff else ("", "")
                self.show(Step.REPEAT)
            return setter

        def message():
            self.visit("active")
            flow.message = ("Sistem antrian sedang tidak dapat dihubungi. Silakan minta bantuan petugas.",
                            "The queue system cannot be reached right now. Please ask a staff member for help.")
            self.show(Step.MESSAGE)

        def pin():
            self.visit("active")
            w.pin.reset()
            self.show(Step.PIN)

        def staff_menu():
            self.visit("active", staff="admin")
            flow.set_priority_reason("disabilitas")
            flow.desk.feedback = ("Tercatat: Cek status / pertanyaan singkat.", "Recorded: Status check.")
            flow.desk.printer_text = ("Printer: kertas hampir habis", "Printer: paper near end")
            self.show(Step.STAFF)

        def staff_nik():
            self.visit("active", staff="staff")
            flow.set_priority_reason("disabilitas")
            self.show(Step.NIK)
            flow.set_nik(ACTIVE_NIK)

        def staff_route():
            self.visit("active", staff="staff")
            self.option("active", "JHT")
            self.show(Step.ROUTE)

        def booking(code="", error=False, checking=False):
            def setter():
                self.visit("active")
                flow.start_booking(code)
                if error:
                    flow.code.note = ("Booking LPK-2026-0002 untuk Selasa, 24 November 2026, bukan hari ini.",
                                      "Booking LPK-2026-0002 is for Tuesday, 24 November 2026, not today.")
                flow.code.checking = checking
                flow.redraw()
            return setter

        def booking_found(early=False):
            def setter():
                self.visit("active")
                flow.visit.booking = self.found
                flow.visit.checkin = self.early
                flow.found_early = early
                self.show(Step.BOOKING_FOUND)
            return setter

        def booked_ticket(result):
            def setter():
                self.visit("unpaid")
                flow.visit.ticket = result.ticket
                flow.visit.booking_message = (result.message, result.message_en)
                flow.visit.print_outcome = PRINTED
                w.ticket.set_preview(self.preview)
                self.show(Step.TICKET)
            return setter

        def suggestion():
            rating(RatingPage.SURVEY, respondent=True)()
            w.rating.write_suggestion()                   # the touch on the suggestion field
            w.rating.set_text("RUANG TUNGGU NYAMAN, PETUGAS RAMAH DAN CEPAT. TERIMA KASIH ATAS BANTUANNYA, "
                              "SEMOGA LAYANAN ONLINE JUGA SEMAKIN MUDAH UNTUK LANSIA SEPERTI SAYA.")

        def rating(page, already=False, surveyed=False, respondent=False):
            def setter():
                self.visit("active")
                flow.go_welcome(end_visit=False)
                flow.rating.start((self.ticket.ticket_id, self.ticket.number), already=already)
                flow.rating.surveyed, flow.rating.page = surveyed, RatingPage(page)
                flow.redraw()
                if respondent:
                    for score in (4, 3, 4, 3, 4, 3, 4, 3, 4):
                        w.rating.questionnaire.answer(score)
            return setter

        def idle(screen_setter):
            def setter():
                screen_setter()
                flow.idle.warn()
            return setter

        return [
            ("welcome", welcome), ("nik typing", nik_typing), ("nik invalid", nik_invalid),
            ("nik complete", nik_complete), ("nik clear?", nik_clear_confirm), ("nik card unknown", nik_card_unknown),
            ("nik checking", nik_checking), ("nik + notice", nik_with_notice), ("kk question", kk),
            ("heir question", heir), ("kk digit picked", kk_mending(3)), ("kk mended", kk_mending(None, True)),
            ("kk mended, picked", kk_mending(0, True)), ("heir age", heir_age("")), ("heir age 67", heir_age("67")),
            ("heir own nik", heir_age(ELDERLY_NIK)), ("heir age wrong", heir_age("1234")),
            ("held after nik", held_after_nik), ("status unpaid", status("unpaid")), ("status unknown", status("unknown")),
            ("status unverified", status("unverified")), ("status heir", status("heir", True)),
            ("status deceased self", status("deceased", False)), ("status elderly", status("elderly")),
            ("groups", groups), ("group klaim", group("klaim")), ("group informasi", group("informasi")),
            ("heir services", group(None, "heir", True)), ("held tiles", group("klaim", "elderly")),
            ("break tiles", group("informasi", "break")),
            ("route online", route("active", "DATA")), ("route not eligible", route("active", "JHT")),
            ("route suggest", route("unpaid", "JP")), ("route online only", route("active", "JKP")),
            ("route front desk", route("active", "CEK")), ("route break", route("break", "INFO")),
            ("documents JKK", documents("elderly", "JKK")), ("documents incomplete", documents("elderly", "JKK", True)),
            ("documents heir JKM", documents("heir", "JKM", heir_=True)),
            ("documents issuing", documents("elderly", "INFO", issuing=True)),
            ("ticket printed", ticket(True)), ("ticket failed", ticket(False)),
            ("repeat", repeat()), ("repeat staff", repeat("staff")), ("scanned ticket", repeat(scanned=True)),
            ("message", message), ("pin", pin), ("staff menu", staff_menu), ("staff nik", staff_nik),
            ("staff route", staff_route), ("idle on documents", idle(documents("elderly", "JKK"))),
            ("idle on nik", idle(nik_complete)),
            ("booking empty", booking()), ("booking typed", booking("LPK-2026-0001")),
            ("booking error", booking("LPK-2026-0002", error=True)),
            ("booking checking", booking("LPK-2026-0001", checking=True)),
            ("booking found", booking_found()), ("booking early", booking_found(early=True)),
            ("booked ticket", booked_ticket(self.booked)), ("rating faces", rating(0)),
            ("rating thanks", rating(1)), ("rating already", rating(1, already=True)),
            ("rating surveyed", rating(1, surveyed=True)), ("survey question", rating(2)),
            ("survey respondent", rating(2, respondent=True)), ("survey suggestion", suggestion),
        ]


def _qimage(image):
    from kiosk.ui.app import qimage_from_pil

    return qimage_from_pil(image)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_text_fits_on_every_screen(make_kiosk, kiosk_svc, clock, size):
    window = make_kiosk(size=size, inactivity_ms=3_600_000, guide=lambda _text: None)   # the voice button too
    walk = Walk(window, kiosk_svc, clock)
    problems = []
    for lang in ("id", "en"):
        for large in (False, True):
            if window.lang != lang:
                window.flow.toggle_language()
            if window.large_text != large:
                window.flow.toggle_large_text()
            for name, setter in walk.states():
                setter()
                settle(window)
                for problem in text_problems(window):
                    problems.append(f"{size[0]}×{size[1]} {lang} {'large' if large else 'normal'} {name}: {problem}")
            window.flow.staff_role = None
    assert not problems, f"{len(problems)} clipped texts:\n" + "\n".join(problems[:400])


def test_the_fit_check_sees_a_clipped_label(make_kiosk):
    window = make_kiosk()
    settle(window)
    assert text_problems(window) == []
    title = window.welcome.title
    title.setWordWrap(False)
    title.setText("Selamat datang " * 20)
    settle(window)
    assert any(p.startswith("welcomeTitle") for p in text_problems(window))


def test_the_fit_check_sees_a_clipped_field(make_kiosk):
    window = make_kiosk()
    window.start_visit()
    window.nik.set_digits(ACTIVE_NIK)
    settle(window)
    assert text_problems(window) == []
    window.nik.input.setFixedWidth(200)
    settle(window)
    assert any(p.startswith("nikInput") for p in text_problems(window))
