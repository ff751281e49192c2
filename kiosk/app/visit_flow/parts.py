"""The parts of a kiosk visit: its steps, what each step holds, what listeners hear, and the
use cases and runner the flow is given (all Qt-free)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Protocol, TypeVar

from kiosk.app.views import CheckInResult, CheckResult, IssuedTicket, ServiceOption, TicketView
from kiosk.domain.booking import CODE_ALPHABET, normalize_code
from kiosk.domain.branch import Branch
from kiosk.domain.catalog import Lang, error_text, tr
from kiosk.domain.errors import AnjunganError
from kiosk.domain.idle import IdleRule
from kiosk.domain.nik import NIK_LENGTH, NikError, nik_problem
from printer.outcome import PrintOutcome
from printer.ticket import TicketData

log = logging.getLogger("anjungan.kiosk")
T = TypeVar("T")
Pair = tuple[str, str]                    # one sentence in (Indonesian, English)
Done = Callable[[T | None, BaseException | None], None]
NOTICE_S = 10.0
CODE_CHARS = frozenset(CODE_ALPHABET)


class KioskCases(Protocol):
    """The use cases a kiosk needs (`kiosk.services.Services` is one)."""

    branch: Branch

    def today(self) -> date: ...
    def check(self, nik_text: str, heir: bool = False, heir_age: int | None = None) -> CheckResult: ...
    def check_card(self, card_number: str) -> CheckResult | None: ...
    def held_tickets(self, nik: str, lang: str = "id") -> dict[str, IssuedTicket]: ...
    def todays_booking(self, nik: str) -> dict | None: ...
    def issue(self, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
              documents_complete: bool = True, kiosk_id: str = "kiosk-1", heir: bool = False,
              insist: bool | None = None, lang: str = "id", heir_age: int | None = None) -> IssuedTicket: ...
    def check_in(self, code_or_nik: str, *, kiosk_id: str = "kiosk-1", walk_in: bool = False,
                 lang: str = "id") -> CheckInResult: ...
    def ticket_status(self, reference: str, lang: str = "id") -> IssuedTicket | None: ...
    def rating_target(self, reference: str) -> tuple[str, str] | None: ...
    def rating_of(self, ticket_id: str) -> int | None: ...
    def rate(self, reference: str, score: int, source: str = "counter") -> object: ...
    def submit_survey(self, answers: Mapping, *, ticket_id: str | None = None, respondent: Mapping | None = None,
                      suggestion: str | None = None, source: str = "kiosk") -> int: ...
    def print_ticket_data(self, data: TicketData, printer_url: str | None = None,
                          wait: bool = True) -> PrintOutcome | Future: ...
    def reprint(self, ticket_id: str, printer_url: str | None = None) -> PrintOutcome: ...
    def last_ticket(self, kiosk_id: str) -> TicketView | None: ...
    def printer_status(self, url: str | None = None) -> dict: ...
    def request_assistance(self, kiosk_id: str, reason: str = "") -> int: ...
    def record_front_desk(self, service: str, assisted: bool = True) -> int: ...
    def record_online_redirect(self, service: str, kiosk_id: str = "kiosk-1", assisted: bool = False) -> int: ...
    def no_shows_of(self, nik: str) -> dict[str, str]: ...
    def return_no_show(self, nik: str, service: str, kiosk_id: str = "kiosk-1") -> object: ...


class Runner(Protocol):
    """Runs slow calls: `run(work, done)` calls `done(result, error)` when `work()` is over;
    `watch(future, done)` when a future completes (the window: on its UI thread)."""

    def run(self, work: Callable[[], T], done: Done) -> object: ...
    def watch(self, future: Future, done: Done) -> object: ...


class Inline:
    """A `Runner` that does the work at once, on the caller's thread (tests, the command line)."""

    def run(self, work: Callable[[], T], done: Done) -> None:
        try:
            result = work()
        except Exception as exc:            # handed to `done`, which says it to the participant
            done(None, exc)
            return
        done(result, None)

    def watch(self, future: Future, done: Done) -> None:
        self.run(lambda: future.result(timeout=60), done)


class Step(str, Enum):
    """The screens of a visit (the value is the screen's name)."""
    WELCOME = "welcome"
    NIK = "nik"
    KK = "kkQuestion"
    HEIR = "heirChoice"
    HEIR_AGE = "heirAge"
    STATUS = "status"
    SERVICES = "visit"
    ROUTE = "route"
    DOCUMENTS = "documents"
    TICKET = "ticket"
    REPEAT = "repeatTicket"
    MESSAGE = "message"
    PIN = "pin"
    STAFF = "staff"
    BOOKING = "booking"
    BOOKING_FOUND = "bookingFound"
    RATING = "rating"
    RETURN = "returnOffer"          # today's no-show of the NIK: back into the queue, not a new number
    KTP_CHECK = "ktpCheck"          # a KTP read from the camera: "NIK ****0003 · lahir … — benar?"


NOT_REMEMBERED = frozenset({Step.KK, Step.HEIR, Step.HEIR_AGE, Step.TICKET, Step.REPEAT, Step.MESSAGE,
                            Step.BOOKING_FOUND, Step.RATING})      # Back never returns to these


class RatingPage(int, Enum):
    ASK = 0
    THANKS = 1
    SURVEY = 2
    SUGGESTION = 3


class Change(str, Enum):
    STEP = "step"           # another step: draw its screen (and say it, when `speak`)
    STATE = "state"         # the same step, drawn again
    CHROME = "chrome"       # language, text size, voice or the staff banner
    IDLE = "idle"           # the walk-away warning came, counted down or went
    NOTICE = "notice"       # a floating sentence came or went
    SAY = "say"             # a sentence to speak (`text`)
    TICKET = "ticket"       # a new ticket to show: its layout is `visit.ticket.ticket_data`
    PRINTED = "printed"     # the new ticket's print outcome came back


@dataclass(frozen=True)
class Event:
    change: Change
    speak: bool = True
    text: str = ""


@dataclass(frozen=True)
class Notice:
    key: str
    error: bool = False
    since: float = 0.0


@dataclass
class NikEntry:
    """The NIK field: at most sixteen ASCII digits."""
    digits: str = ""
    rejected_non_digit: bool = False      # the last thing typed had letters in it
    note: Pair | None = None              # a sentence of the kiosk (an unknown card, …)
    checking: bool = False

    @property
    def complete(self) -> bool:
        return len(self.digits) == NIK_LENGTH

    def problem(self, today: date) -> NikError | None:
        return nik_problem(self.digits, today)

    def ready(self, today: date) -> bool:
        return self.complete and self.problem(today) is None


@dataclass
class CodeEntry:
    """The booking code field: capitals, digits and dashes (or a NIK in place of the code)."""
    code: str = ""
    checking: bool = False
    note: Pair | None = None

    @property
    def ready(self) -> bool:
        return normalize_code(self.code) is not None


@dataclass
class Visit:
    """The visit being made: cleared on every return to Welcome."""
    nik: str = ""                                  # never logged, never kept after the visit
    result: CheckResult | None = None
    option: ServiceOption | None = None            # the service chosen
    priority_reason: str | None = None             # set by staff in assisted mode
    documents_complete: bool = True
    ticket: IssuedTicket | None = None             # the new ticket
    print_outcome: PrintOutcome | None = None
    heir: bool | None = None                       # None: not asked; True: the visitor is the heir
    heir_age: int | None = None                    # the heir's own age, when she gave it
    held: dict[str, IssuedTicket] = field(default_factory=dict)   # service → ticket the NIK holds
    no_shows: dict[str, str] = field(default_factory=dict)        # service → today's no-show number of the NIK
    shown: IssuedTicket | None = None              # the held or scanned ticket on the repeat screen
    scanned: bool = False                          # the visit started with a scanned card
    booking: dict[str, str | None] | None = None   # today's booking of the NIK (`booking_json`), offered
    checkin: CheckInResult | None = None           # an early arrival's check-in (no ticket yet)
    checking_in: bool = False
    booking_message: Pair | None = None            # what the check-in said, on the ticket screen
    rating: tuple[str, str] | None = None          # (ticket id, number) of the scanned visit rated
    online_shown: str | None = None                # an online route shown (counted if no ticket)


@dataclass(frozen=True)
class KioskSettings:
    kiosk_id: str = "kiosk-1"
    lang: Lang = Lang.ID                # what every visit starts with
    large_text: bool = False
    voice: bool = False
    quiet_s: float = 45.0               # no touch this long: the warning
    warning_s: float = 30.0             # the warning's countdown
    extensions: int = IdleRule(quiet_s=45.0).extensions
    ticket_return_s: float = 20.0       # a printed ticket: back to Welcome after this
    failed_return_s: float = 180.0      # a ticket that did not print stays until staff saw it


class Listened:
    """What the flow's listeners hear (`listen`), and its slow work: an answer that comes back
    after its visit has ended is dropped (`run`; `_visit_no` counts the visits)."""

    def __init__(self, runner: Runner):
        self.runner = runner
        self.listeners: list[Callable[[Event], None]] = []
        self._visit_no = 0

    def listen(self, listener: Callable[[Event], None]) -> None:
        self.listeners.append(listener)

    def emit(self, change: Change, speak: bool = True, text: str = "") -> None:
        event = Event(change, speak, text)
        for listener in list(self.listeners):
            listener(event)

    def say(self, text: str) -> None:
        if text:
            self.emit(Change.SAY, text=text)

    def run(self, work: Callable[[], T], done: Callable[[T | None, BaseException | None], None]) -> None:
        """Slow work; its answer is dropped when the visit it was for has ended meanwhile."""
        visit_no = self._visit_no

        def answer(result: T | None, error: BaseException | None) -> None:
            if visit_no == self._visit_no:
                done(result, error)

        self.runner.run(work, answer)

    def record(self, work: Callable[[], object], what: str) -> None:
        """A record the participant does not wait for (help, a redirect, a rating): logged when lost."""
        def done(_result: object, error: BaseException | None) -> None:
            if error is not None:
                log.warning("%s not kept: %s", what, error.__class__.__name__)

        self.runner.run(work, done)


class FlowCore(Protocol):
    """The visit flow as its parts (`idle`, `scans`, `checkin`, `rating`, `desk`) see it."""

    cases: KioskCases
    settings: KioskSettings
    clock: Callable[[], float]
    lang: Lang
    step: Step
    visit: Visit
    nik: NikEntry
    code: CodeEntry
    notice: Notice | None
    printer_url: str | None
    staff_role: str | None
    route_recorded: Pair | None
    repeat_feedback: Pair
    found_early: bool
    group: str | None

    @property
    def assisted(self) -> bool: ...
    def emit(self, change: Change, speak: bool = True, text: str = "") -> None: ...
    def say(self, text: str) -> None: ...
    def redraw(self) -> None: ...
    def run(self, work: Callable[[], T], done: Done) -> None: ...
    def record(self, work: Callable[[], object], what: str) -> None: ...
    def show(self, step: Step, remember: bool = True, speak: bool = True) -> None: ...
    def show_error(self, error: BaseException) -> None: ...
    def show_held(self, ticket: IssuedTicket, scanned: bool) -> None: ...
    def show_issued(self, issued: IssuedTicket) -> None: ...
    def show_notice(self, key: str, error: bool = False) -> None: ...
    def hide_notice(self) -> None: ...
    def go_welcome(self, end_visit: bool = True) -> None: ...
    def reset_preferences(self) -> None: ...
    def new_visit(self, keep_reason: bool) -> None: ...
    def count_online_redirect(self) -> None: ...
    def start_visit(self) -> None: ...
    def start_booking(self, code: str = "") -> None: ...
    def set_nik(self, digits: str) -> None: ...
    def today(self) -> date: ...
    def route_checked(self) -> None: ...
    def submit_nik(self) -> None: ...
    def todays_booking(self, nik: str) -> dict | None: ...
    def todays_no_shows(self, nik: str) -> dict[str, str]: ...
    def nik_checked(self, value: tuple[CheckResult, dict[str, IssuedTicket], dict | None] | None,
                    error: BaseException | None, no_shows: dict[str, str] | None = None) -> None: ...


def reprint_text(number: str, outcome: PrintOutcome | None, error: BaseException | None) -> Pair:
    """What staff are told of a reprint."""
    if error is not None or outcome is None:
        return error_pair(error)
    if outcome.ok:
        return tr("staff.reprint.ok", "id", number=number), tr("staff.reprint.ok", "en", number=number)
    return (tr("staff.reprint.failed", "id", number=number, reason=outcome.reason),
            tr("staff.reprint.failed", "en", number=number, reason=outcome.reason_en or outcome.reason))


def error_pair(error: BaseException | None) -> Pair:
    """An error as the participant or staff are told it (an unexpected one: a general sentence)."""
    if isinstance(error, AnjunganError):
        return error_text(error, "id"), error_text(error, "en")
    return tr("error.unexpected", "id"), tr("error.unexpected", "en")
