"""One visit at the kiosk as a Qt-free model: the steps, what each step holds, and the moves
between them (`kiosk.app.visit_flow`)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import date

from kiosk.app.views import CheckResult, IssuedTicket, ServiceOption
from kiosk.app.visit_flow.checkin import CheckIns
from kiosk.app.visit_flow.desk import StaffDesk
from kiosk.app.visit_flow.ktp import KtpReads
from kiosk.app.visit_flow.mending import HeirAge, Holding, Mending
from kiosk.app.visit_flow.parts import (
    NOT_REMEMBERED,
    Change,
    CodeEntry,
    Inline,
    KioskCases,
    KioskSettings,
    Listened,
    NikEntry,
    Notice,
    Pair,
    Runner,
    Step,
    Visit,
    error_pair,
)
from kiosk.app.visit_flow.rating import Ratings
from kiosk.app.visit_flow.returning import ReturnOffer
from kiosk.app.visit_flow.scanning import Scans
from kiosk.app.visit_flow.walkaway import WalkAway
from kiosk.domain import visit as visit_rules
from kiosk.domain.branch import ServiceGroup
from kiosk.domain.catalog import pick, tr
from kiosk.domain.classification import Route, heir_service
from kiosk.domain.errors import AnjunganError, StoreUnavailable
from kiosk.domain.nik import NIK_LENGTH
from kiosk.domain.participant import Status
from kiosk.domain.speech import Volume, next_volume, spoken_service, ticket_sentence
from printer.outcome import PrintOutcome

log = logging.getLogger("anjungan.kiosk")


class VisitFlow(Listened):
    """The kiosk's visits, one at a time: the step shown, the visit, and the moves between steps.
    Its parts: `idle` (walk-aways and the kiosk's times), `scans` (a scanner), `checkin` (a booked
    visit), `rating` (a finished visit rated) and `desk` (what staff do)."""

    def __init__(self, cases: KioskCases, settings: KioskSettings, clock: Callable[[], float],
                 runner: Runner | None = None, printer_url: str | None = None):
        super().__init__(runner or Inline())
        self.cases, self.settings, self.clock = cases, settings, clock
        self.printer_url = printer_url
        self.lang, self.large_text = settings.lang, settings.large_text
        self.volume = Volume.LOUD if settings.voice else Volume.OFF
        self.staff_role: str | None = None
        self.notice: Notice | None = None
        self.idle = WalkAway(self)
        self.scans = Scans(self)
        self.desk = StaffDesk(self)
        self.checkin = CheckIns(self)
        self.rating = Ratings(self)
        self.returning = ReturnOffer(self)
        self.mend, self.heir_age, self.holding = Mending(self), HeirAge(self), Holding(self)
        self.ktp = KtpReads(self)
        self.step = Step.WELCOME
        self.history: list[Step] = []
        self.new_visit(keep_reason=False)

    # ------------------------------------------------------------------ steps
    @property
    def assisted(self) -> bool:
        return bool(self.staff_role)

    def show(self, step: Step, remember: bool = True, speak: bool = True) -> None:
        """Go to `step`: Back returns along the steps remembered on the way."""
        if step in self.history:
            del self.history[self.history.index(step):]
        elif remember and self.step is not step and self.step not in NOT_REMEMBERED:
            self.history.append(self.step)
        self.step = step
        self.idle.restart()
        self.emit(Change.STEP, speak)

    def redraw(self) -> None:
        self.emit(Change.STATE)

    def new_visit(self, keep_reason: bool) -> None:
        """A visit begins: nothing of the last one stays (staff's priority reason, if `keep_reason`)."""
        reason = self.visit.priority_reason if keep_reason else None
        self._visit_no += 1
        self.visit = Visit(priority_reason=reason)
        self.nik = NikEntry()
        self.code = CodeEntry()
        self.group: str | None = None
        self.documents_incomplete = False
        self.issuing = False
        self.repeat_scanned = False
        self.repeat_feedback: Pair = ("", "")
        self.route_recorded: Pair | None = None
        self.message: Pair = ("", "")
        self.found_early = False
        self.rating.reset()
        self.ktp.reset()
        self.mend.reset()
        self.heir_age.reset()
        self.holding.reset()
        self.idle.return_at = None

    def go_welcome(self, end_visit: bool = True) -> None:
        """Back to the start: everything of the visit forgotten (the NIK first). At the end of a
        visit the next visitor gets the branch's language, text size and voice again."""
        self.idle.hide()
        self.count_online_redirect()
        self.new_visit(keep_reason=False)
        self.history = []
        if end_visit:
            self.reset_preferences()
        self.show(Step.WELCOME, remember=False)

    def go_back(self) -> None:
        """One step back; what was typed stays."""
        while self.history:
            step = self.history.pop()
            if step not in NOT_REMEMBERED:
                self.step = step
                self.idle.restart()
                self.emit(Change.STEP)
                return
        self.go_welcome(end_visit=False)

    def start_visit(self) -> None:
        self.new_visit(keep_reason=True)
        self.show(Step.NIK)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, StoreUnavailable):
            self.message = (tr("error.store", "id"), tr("error.store", "en"))
        elif isinstance(error, AnjunganError):
            self.message = error_pair(error)
        else:
            log.error("kiosk action failed: %s", error.__class__.__name__)
            self.message = (tr("error.unexpected", "id"), tr("error.unexpected", "en"))
        self.show(Step.MESSAGE)

    def count_online_redirect(self) -> None:
        """The visit ends: shown an online route and left without a ticket, it counts as sent
        online (once for the visit)."""
        visit = self.visit
        service = visit.online_shown
        if service is None or visit.ticket is not None or visit.shown is not None:
            return
        visit.online_shown = None
        cases, kiosk_id, assisted = self.cases, self.settings.kiosk_id, self.assisted
        self.record(lambda: cases.record_online_redirect(service, kiosk_id=kiosk_id, assisted=assisted),
                     "online redirect")

    # ------------------------------------------------------------------ the NIK
    def today(self) -> date:
        return self.cases.today()

    def _set_digits(self, digits: str) -> None:
        self.nik.digits = digits[:NIK_LENGTH]
        self.visit.nik = self.nik.digits
        self.redraw()

    def press_digit(self, digit: str) -> None:
        if self.nik.checking or self.nik.complete or len(digit) != 1 or not (digit.isdigit() and digit.isascii()):
            return
        self.nik.rejected_non_digit, self.nik.note = False, None
        self._set_digits(self.nik.digits + digit)

    def backspace(self) -> None:
        if not self.nik.checking:
            self.nik.rejected_non_digit, self.nik.note = False, None
            self._set_digits(self.nik.digits[:-1])

    def clear_nik(self) -> None:
        if not self.nik.checking:
            self.nik.rejected_non_digit, self.nik.note = False, None
            self._set_digits("")

    def type_nik(self, text: str) -> None:
        """What the field holds after typing on a keyboard (a scanner's keys too)."""
        if self.nik.checking or self.nik.complete:
            return
        self.nik.rejected_non_digit = any(not (ch.isdigit() or ch.isspace()) for ch in text)
        self.nik.note = None
        self._set_digits("".join(ch for ch in text if ch.isdigit() and ch.isascii()))

    def set_nik(self, digits: str) -> None:
        """Digits put in the field as if typed (a scanned NIK, a restored field)."""
        self.nik.rejected_non_digit = False
        self._set_digits("".join(ch for ch in digits if ch.isdigit() and ch.isascii()))

    def submit_nik(self) -> None:
        if self.nik.checking or not self.nik.ready(self.today()):
            return
        self.nik.checking = True
        self.redraw()
        cases, digits = self.cases, self.nik.digits
        self.run(lambda: (cases.check(digits), cases.held_tickets(digits, self.lang), self.todays_booking(digits),
                          self.todays_no_shows(digits)),
                 lambda value, error: self.nik_checked(value and value[:3], error, value and value[3]))

    def todays_booking(self, nik: str) -> dict | None:
        """Today's booking to offer, or None (a look-up that fails never stops the visit)."""
        try:
            return self.cases.todays_booking(nik)
        except AnjunganError as exc:
            log.warning("booking lookup failed: %s", exc.__class__.__name__)
            return None

    def todays_no_shows(self, nik: str) -> dict[str, str]:
        """Today's no-shows of the NIK by service, offered back when one is chosen ({} when the
        look-up fails: it never stops the visit)."""
        return self.returning.look_up(nik)

    def nik_checked(self, value: tuple[CheckResult, dict[str, IssuedTicket], dict | None] | None,
                    error: BaseException | None, no_shows: dict[str, str] | None = None) -> None:
        """The check's answer for the NIK typed or the card scanned: (the check, the tickets the NIK
        holds, today's booking) and its no-shows of today, or the error that stopped it."""
        self.nik.checking = False
        if error is not None or value is None:
            self.redraw()
            self.show_error(error or RuntimeError("no answer"))
            return
        result, held, booking = value
        if not result.nik_valid:
            self.nik.note = (result.error or "", result.error_en or result.error or "")
            self.redraw()
            return
        self.visit.result, self.visit.held, self.visit.heir, self.visit.booking = result, held, None, booking
        self.visit.no_shows = dict(no_shows or {})
        self.group = None
        if booking is not None:                 # today's booking: offered before the walk-in path
            self.found_early = False
            self.show(Step.BOOKING_FOUND)
            return
        if self.holding.show():                 # a ticket held already: said before anything else
            return
        self.route_checked()

    def route_checked(self) -> None:
        """After the check: the KK or heir question, the status, or straight to the services."""
        participant = self.visit.result.participant if self.visit.result is not None else None
        if visit_rules.ask_if_family_card(participant) and not self.visit.scanned:
            self.mend.reset()
            self.show(Step.KK)
        elif visit_rules.ask_if_heir(participant) and any(s.heirs for s in self.cases.branch.services):
            self.show(Step.HEIR)
        elif participant is not None and participant.verified and participant.found \
                and participant.status is Status.ACTIVE:
            self.show(Step.SERVICES)        # nothing to read on the status screen: straight on
        else:
            self.show(Step.STATUS)

    def retype_nik(self) -> None:
        """The KK question: the NIK from the ID card, typed into an empty field."""
        self.visit.result = None
        self.nik = NikEntry()
        self._set_digits("")
        self.show(Step.NIK)

    def not_family_card(self) -> None:
        self.show(Step.STATUS)

    def answer_heir(self, heir: bool) -> None:
        self.visit.heir = heir
        if not heir:
            self.show(Step.STATUS)
            return
        self.heir_age.reset()
        self.show(Step.HEIR_AGE)            # her own age, for her priority (`flow.heir_age`)

    # ------------------------------------------------------------------ groups and services
    def show_services(self) -> None:
        self.documents_incomplete, self.route_recorded = False, None
        self.show(Step.SERVICES)

    def options(self) -> list[ServiceOption]:
        """The services offered, in order (heirs: the heir services, their claims first)."""
        result = self.visit.result
        options = list(result.options) if result is not None else []
        if self.visit.heir:
            branch = self.cases.branch
            options = [o for o in options if branch.service(o.service).heirs]
            first_code = heir_service(branch)
            claims = branch.service(first_code).group if first_code else None
            options.sort(key=lambda o: branch.service(o.service).group != claims)
        return options

    def groups(self) -> list[ServiceGroup]:
        """The groups to choose from first (none for heirs or a branch without groups)."""
        if self.visit.heir:
            return []
        branch, options = self.cases.branch, self.options()
        codes = {branch.service(o.service).group for o in options}
        groups = [g for g in branch.groups if g.code in codes]
        if len(groups) < 2 or any(not branch.service(o.service).group for o in options):
            return []
        return groups

    def in_group(self, group: str | None) -> list[ServiceOption]:
        options = self.options()
        if group is None:
            return options
        branch = self.cases.branch
        return [o for o in options if branch.service(o.service).group == group]

    @property
    def showing_groups(self) -> bool:
        return self.group is None and bool(self.groups())

    def choose_group(self, code: str) -> None:
        members = self.in_group(code)
        if len(members) == 1:
            self.choose_service(members[0].service)
            return
        self.group = code
        self.show(Step.SERVICES)

    def services_back(self) -> None:
        if self.group is not None and self.groups():
            self.group = None
            self.show(Step.SERVICES)
            return
        self.go_back()

    def choose_service(self, code: str) -> None:
        result = self.visit.result
        option = result.option(code) if result is not None else None
        if option is None:
            return
        self.visit.option = option
        self.route_recorded, self.documents_incomplete = None, False
        held = self.visit.held.get(code)
        if held is not None:
            self.holding.first = False
            self.show_held(held, scanned=False)
            return
        if option.route == Route.ONLINE:
            self.visit.online_shown = code         # counted as sent online if the visit ends without a ticket
        if option.route == Route.QUEUE and self.returning.offer(code):
            return                              # today's no-show of the NIK is offered back first
        # a plain queue goes straight to the documents; every other route explains itself first
        self.show(Step.DOCUMENTS if option.route == Route.QUEUE else Step.ROUTE)

    def suggested(self) -> ServiceOption | None:
        """The option of the service a refusal names instead, when it can be chosen."""
        option, result = self.visit.option, self.visit.result
        if option is None or result is None or not option.suggest:
            return None
        return result.option(option.suggest)

    def take_suggested(self) -> None:
        suggested = self.suggested()
        if suggested is not None:
            self.choose_service(suggested.service)

    def queue_anyway(self) -> None:
        option = self.visit.option
        if option is None or not option.can_issue(self.assisted):
            return
        self.documents_incomplete = False
        self.show(Step.DOCUMENTS)

    def show_held(self, ticket: IssuedTicket, scanned: bool) -> None:
        self.visit.shown = ticket
        self.repeat_scanned, self.repeat_feedback = scanned, ("", "")
        self.show(Step.REPEAT)

    # ------------------------------------------------------------------ documents and the ticket
    def documents_not_complete(self) -> None:
        self.documents_incomplete = True
        self.show(Step.DOCUMENTS)

    def documents_back(self) -> None:
        if self.documents_incomplete:
            self.documents_incomplete = False
            self.redraw()
            return
        self.go_back()

    def issue_ticket(self, documents_complete: bool = True, insist: bool = False) -> None:
        option = self.visit.option
        if option is None or self.issuing or not option.can_issue(self.assisted) or (insist and not self.assisted):
            return
        self.visit.documents_complete = documents_complete
        self.issuing = True
        self.redraw()
        cases, visit = self.cases, self.visit
        nik, code, reason, assisted = visit.nik, option.service, visit.priority_reason, self.assisted
        kiosk_id, heir, heir_age = self.settings.kiosk_id, bool(visit.heir), visit.heir_age
        self.run(lambda: cases.issue(nik, code, priority_reason=reason, assisted=assisted,
                                      documents_complete=documents_complete, kiosk_id=kiosk_id, heir=heir,
                                      insist=insist, lang=self.lang, heir_age=heir_age), self._issued)

    def _issued(self, issued: IssuedTicket | None, error: BaseException | None) -> None:
        self.issuing = False
        if error is not None or issued is None:
            self.show_error(error or RuntimeError("no answer"))
            return
        if issued.existing:                      # the NIK already holds a ticket for this service
            self.visit.held[issued.service] = issued
            self.show_held(issued, scanned=False)
            return
        self.show_issued(issued)

    def service_name(self, code: str) -> str:
        spec = self.cases.branch.service(code)
        return pick(self.lang, spec.name_id, spec.name_en) if spec is not None else code

    def show_issued(self, issued: IssuedTicket) -> None:
        """A new ticket: shown and printed from the one layout the issue made, and read out."""
        visit = self.visit
        visit.ticket, visit.print_outcome, visit.nik = issued, None, ""
        self.nik = NikEntry()
        self.idle.return_after(self.settings.failed_return_s)      # until the printer answers
        self.emit(Change.TICKET)
        self.show(Step.TICKET, speak=False)
        spec = self.cases.branch.service(issued.service)
        name = pick(self.lang, spoken_service(spec), spec.name_en) if spec is not None else issued.service
        booked = pick(self.lang, *visit.booking_message) + " " if visit.booking_message else ""
        self.say(ticket_sentence(issued.number, name, issued.ahead, self.lang) + " " + booked +
                  tr("speak.take", self.lang))
        cases, url, data = self.cases, self.printer_url, issued.ticket_data
        visit_no = self._visit_no

        def answer(outcome: PrintOutcome | None, error: BaseException | None) -> None:
            if visit_no == self._visit_no:
                self._printed(outcome, error)

        def submitted(job: PrintOutcome | Future | None, error: BaseException | None) -> None:
            if isinstance(job, Future):
                self.runner.watch(job, answer)
            else:
                answer(job, error)

        self.run(lambda: cases.print_ticket_data(data, url, wait=False), submitted)

    def _printed(self, outcome: PrintOutcome | None, error: BaseException | None) -> None:
        if error is not None or outcome is None:
            reason, reason_en = error_pair(error)
            outcome = PrintOutcome(ok=False, status="failed", reason=reason, reason_en=reason_en)
        self.visit.print_outcome = outcome
        if not outcome.ok:
            cases, kiosk_id = self.cases, self.settings.kiosk_id
            self.record(lambda: cases.request_assistance(kiosk_id, reason="printer"), "printer alert")
        self.idle.return_after(self.settings.ticket_return_s if outcome.ok else self.settings.failed_return_s)
        self.show(Step.TICKET, speak=not outcome.ok)
        self.emit(Change.PRINTED)

    # ------------------------------------------------------------------ booked visits
    def start_booking(self, code: str = "") -> None:
        """"Saya sudah booking": the code screen (with a scanned code in it)."""
        self.new_visit(keep_reason=True)
        self.checkin.set_code(code)
        self.show(Step.BOOKING)

    def continue_without_booking(self) -> None:
        """Today's booking aside: the visit goes on as a walk-in."""
        self.visit.booking = None
        self.route_checked()

    # ------------------------------------------------------------------ help, language, text size, voice
    def request_help(self) -> None:
        """The participant is told at once; a failure to record replaces the sentence."""
        self.show_notice("help.sent")
        cases, kiosk_id = self.cases, self.settings.kiosk_id

        def done(_result: int | None, error: BaseException | None) -> None:
            if error is not None:
                self.show_notice("help.failed", error=True)

        self.runner.run(lambda: cases.request_assistance(kiosk_id, reason="help"), done)

    def show_notice(self, key: str, error: bool = False) -> None:
        self.notice = Notice(key, error, self.clock())
        self.emit(Change.NOTICE)
        self.say(tr(key, self.lang))

    def hide_notice(self) -> None:
        if self.notice is not None:
            self.notice = None
            self.emit(Change.NOTICE)

    def toggle_language(self) -> None:
        self.lang = self.lang.other
        self.emit(Change.CHROME)

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self.emit(Change.CHROME)

    def toggle_voice(self) -> None:
        """The volume button: loud, soft, off, and round again."""
        self.volume = next_volume(self.volume)
        self.emit(Change.CHROME)

    def reset_preferences(self) -> None:
        """The branch's language, text size and voice (a new visitor)."""
        self.lang, self.large_text = self.settings.lang, self.settings.large_text
        self.volume = Volume.LOUD if self.settings.voice else Volume.OFF
        self.emit(Change.CHROME)

    # ------------------------------------------------------------------ assisted mode
    def open_pin_pad(self) -> None:
        if self.assisted:
            self.show_staff()
            return
        self.count_online_redirect()
        self.new_visit(keep_reason=False)
        self.show(Step.PIN, remember=False)

    def cancel_pin(self) -> None:
        self.go_welcome(end_visit=False)

    def signed_in(self, role: str) -> None:
        self.staff_role = role
        self.show_staff()

    def show_staff(self) -> None:
        if not self.assisted:
            return
        self.desk.feedback = ("", "")
        self.history = []
        self.show(Step.STAFF, remember=False)
        self.desk.refresh_printer_status()

    def end_assisted(self) -> None:
        self.staff_role = None
        self.go_welcome()

    def set_priority_reason(self, code: str | None) -> None:
        self.visit.priority_reason = code
        self.redraw()
        self.emit(Change.CHROME)

    @property
    def may_leave(self) -> bool:
        """Only an admin may close the kiosk."""
        return self.staff_role == "admin"
