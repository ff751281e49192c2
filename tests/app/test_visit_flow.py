"""The kiosk's whole visit driven through its Qt-free model (`VisitFlow`), on a real branch database,
in both languages: typed and scanned NIKs, cards, tickets and booking codes, the KK and heir
questions, repeat visits, check-in, groups and services, documents, the ticket and its print, a
printer that fails, the rating after a QR scan, the walk-away warning and the reset to Welcome.

No window, no Qt: a fresh interpreter runs a visit and shows PySide6 was never imported."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kiosk.domain.catalog import Lang, tr
from kiosk.domain.nik import NIK_LENGTH, nik_problem
from kiosk.domain.speech import Volume, ticket_sentence
from kiosk.domain.ticket import EventKind
from kiosk.services import Change, KioskSettings, RatingPage, Step, VisitFlow
from tests.ui.conftest import (
    ACTIVE_CARD, ACTIVE_NIK, DECEASED_NIK, ELDERLY_NIK, UNKNOWN_NIK, UNPAID_NIK, scripted_rows,
)

MONDAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[2]


class Ticker:
    """The flow's monotonic clock, moved by hand (seconds)."""

    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class Spy:
    """The real use cases, with the names of the calls made through them written down."""

    def __init__(self, svc):
        self._svc, self.calls = svc, []

    def __getattr__(self, name):
        value = getattr(self._svc, name)
        if callable(value):
            def call(*args, **kwargs):
                self.calls.append((name, args))
                return value(*args, **kwargs)
            return call
        return value


@pytest.fixture
def branch(make_services):
    svc = make_services()
    svc.import_participants(scripted_rows())
    return svc


@pytest.fixture
def kiosk(branch, tmp_path):
    """Factory: a flow over the branch (inline runner, hand-moved clock), its events recorded."""
    def make(lang: str = "id", printer_url: str | None = None, **overrides):
        ticker = Ticker()
        spy = Spy(branch)
        flow = VisitFlow(spy, KioskSettings(voice=True, **overrides), clock=ticker,
                         printer_url=printer_url or f"preview://{tmp_path / 'tickets'}")
        flow.events, flow.ticker, flow.spy = [], ticker, spy
        flow.listen(flow.events.append)
        flow.go_welcome()
        if lang == "en":
            flow.toggle_language()
        return flow

    return make


def said(flow) -> list[str]:
    return [e.text for e in flow.events if e.change is Change.SAY]


def type_nik(flow, nik: str) -> None:
    flow.start_visit()
    for digit in nik:
        flow.press_digit(digit)
    flow.submit_nik()


def to_service(flow, code: str) -> None:
    """On the services step: the service's group first when groups are shown."""
    if flow.showing_groups:
        flow.choose_group(flow.cases.branch.service(code).group)
    if flow.step is Step.SERVICES:
        flow.choose_service(code)


def scan(flow, text: str, at: float = 50.0) -> bool:
    """A keyboard-wedge scanner: the characters 10 ms apart, then Enter."""
    for i, char in enumerate(text):
        flow.scans.key(char, at + i * 0.01)
    return flow.scans.enter(at + len(text) * 0.01)


def kinds_of(svc, ticket_id: str, until: str) -> list[str]:
    """The events of a ticket, once `until` is among them (the spooler records a print a moment
    after the job's outcome is known)."""
    end = time.monotonic() + 10
    while True:
        kinds = [e.kind for e in svc.events_after(0) if e.ticket_id == ticket_id]
        if until in kinds or time.monotonic() > end:
            return kinds
        time.sleep(0.02)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the whole visit ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_typed_nik_reaches_the_ticket_printed_from_the_one_layout_the_issue_made(kiosk, branch, lang):
    flow = kiosk(lang)
    type_nik(flow, ACTIVE_NIK)
    assert flow.step is Step.SERVICES and flow.showing_groups          # active: no status page to read
    to_service(flow, "INFO")
    assert flow.step is Step.DOCUMENTS
    flow.issue_ticket()
    ticket = flow.visit.ticket
    assert flow.step is Step.TICKET and ticket.number == "A-001"
    assert flow.visit.nik == "" and flow.nik.digits == ""                # the NIK is gone with the ticket
    assert flow.visit.print_outcome is not None and flow.visit.print_outcome.ok
    # said for speech: "Informasi dan Kepesertaan", never "… tanda dan …" (kiosk.domain.speech)
    name = {"id": "Informasi dan Kepesertaan", "en": flow.service_name("INFO")}[lang]
    assert said(flow)[-1].startswith(ticket_sentence("A-001", name, 0, lang))
    assert said(flow)[-1].endswith(tr("speak.take", lang))
    changes = [e.change for e in flow.events]
    assert changes.index(Change.TICKET) < changes.index(Change.PRINTED)
    printed = [args for name, args in flow.spy.calls if name == "print_ticket_data"]
    assert len(printed) == 1 and printed[0][0] is ticket.ticket_data     # the layout the issue returned
    names = {name for name, _ in flow.spy.calls}
    assert not names & {"ticket_preview", "print_ticket", "ticket_data", "ticket_status"}
    assert kinds_of(branch, ticket.ticket_id, until=EventKind.PRINTED) == [EventKind.ISSUED, EventKind.PRINTED]
    flow.ticker.t += 19
    flow.idle.tick()
    assert flow.step is Step.TICKET                                      # 20 s to take it
    flow.ticker.t += 1
    flow.idle.tick()
    assert flow.step is Step.WELCOME and flow.visit.ticket is None and flow.lang is Lang.ID


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_nik_field_says_what_is_wrong_and_sends_nothing_until_it_is_right(kiosk, lang):
    flow = kiosk(lang)
    flow.start_visit()
    flow.type_nik("31a71")
    assert flow.nik.digits == "3171" and flow.nik.rejected_non_digit
    flow.clear_nik()
    for digit in "3171041713000001":                                    # month 13
        flow.press_digit(digit)
    assert flow.nik.complete and flow.nik.problem(flow.today()) is not None
    flow.submit_nik()
    assert flow.step is Step.NIK and "check" not in {name for name, _ in flow.spy.calls}
    flow.press_digit("9")                                               # a seventeenth digit is not taken
    assert len(flow.nik.digits) == NIK_LENGTH
    flow.backspace()
    assert flow.nik.digits == "317104171300000"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_number_nobody_holds_asks_about_the_family_card(kiosk, lang):
    flow = kiosk(lang)
    type_nik(flow, UNKNOWN_NIK)
    assert flow.step is Step.KK
    flow.retype_nik()
    assert flow.step is Step.NIK and flow.nik.digits == "" and flow.visit.result is None
    type_nik(flow, UNKNOWN_NIK)
    flow.not_family_card()
    assert flow.step is Step.STATUS
    flow.go_back()                                                     # the question is not gone back to
    assert flow.step is Step.NIK and flow.nik.digits == UNKNOWN_NIK


@pytest.mark.parametrize("lang", ["id", "en"])
def test_an_heir_is_asked_and_sees_the_heir_services(kiosk, lang):
    flow = kiosk(lang)
    type_nik(flow, DECEASED_NIK)
    assert flow.step is Step.HEIR
    flow.answer_heir(True)
    assert flow.step is Step.HEIR_AGE                   # her own age, for her priority: not given
    flow.heir_age.skip()
    assert flow.step is Step.STATUS and flow.visit.heir is True and flow.visit.result.heir
    flow.show_services()
    assert {o.service for o in flow.options()} == {"INFO", "JHT", "JKM", "ADUAN"} and flow.groups() == []
    flow.choose_service("JKM")
    flow.issue_ticket()
    assert flow.step is Step.TICKET and not flow.visit.ticket.priority
    type_nik(flow, DECEASED_NIK)
    flow.answer_heir(False)
    assert flow.step is Step.STATUS and flow.visit.heir is False


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_nik_holding_a_ticket_gets_it_back_and_staff_may_reprint_or_insist(kiosk, branch, lang):
    first = branch.issue(ACTIVE_NIK, "INFO")
    flow = kiosk(lang)
    type_nik(flow, ACTIVE_NIK)
    assert set(flow.visit.held) == {"INFO"}
    to_service(flow, "INFO")
    assert flow.step is Step.REPEAT and flow.visit.shown.number == first.number and not flow.repeat_scanned
    flow.desk.reprint_shown()                                           # not without staff
    flow.issue_ticket(insist=True)
    assert flow.repeat_feedback == ("", "") and flow.step is Step.REPEAT
    flow.signed_in("staff")
    assert flow.step is Step.STAFF and flow.desk.printer_tone == "ok"
    flow.start_visit()
    for digit in ACTIVE_NIK:
        flow.press_digit(digit)
    flow.submit_nik()
    to_service(flow, "INFO")
    flow.desk.reprint_shown()
    assert "dicetak ulang" in flow.repeat_feedback[0] and "reprinted" in flow.repeat_feedback[1]
    flow.issue_ticket(insist=True)
    assert flow.step is Step.TICKET and flow.visit.ticket.number == "A-002"


# -- booked visits -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_booking_code_typed_checks_in_and_the_ticket_says_booked(kiosk, branch, lang):
    branch.book(UNPAID_NIK, "INFO", MONDAY, "09.00", "09.30", code="LPK-2026-0001")
    flow = kiosk(lang)
    flow.start_booking()
    for char in "LPK-2026-00011":
        flow.checkin.press_code_key(char)
    flow.checkin.code_backspace()
    assert flow.code.code == "LPK-2026-0001" and flow.code.ready
    flow.checkin.submit_code()
    assert flow.step is Step.TICKET and flow.visit.print_outcome.ok
    assert "09.00–09.30" in flow.visit.booking_message[0] and "09:00–09:30" in flow.visit.booking_message[1]
    assert branch.booking("LPK-2026-0001")["state"] == "checked_in"
    flow.go_welcome()
    flow.start_booking("LPK-2026-0001")                                # used: that ticket again
    flow.checkin.submit_code()
    assert flow.step is Step.REPEAT and flow.repeat_scanned


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_nik_with_a_booking_is_offered_its_check_in_and_an_early_one_a_walk_in(kiosk, branch, lang):
    branch.book(ACTIVE_NIK, "INFO", MONDAY, "09.00", "09.30", code="LPK-2026-0001")
    branch.book(ELDERLY_NIK, "INFO", MONDAY, "10.00", "10.30", code="LPK-2026-0002")
    flow = kiosk(lang)
    type_nik(flow, ACTIVE_NIK)
    assert flow.step is Step.BOOKING_FOUND and not flow.found_early and flow.visit.booking["code"] == "LPK-2026-0001"
    flow.continue_without_booking()
    assert flow.step is Step.SERVICES and branch.booking("LPK-2026-0001")["state"] == "booked"
    type_nik(flow, ACTIVE_NIK)
    flow.checkin.check_in_found()
    assert flow.step is Step.TICKET and branch.booking("LPK-2026-0001")["state"] == "checked_in"
    flow.start_booking("LPK-2026-0002")
    flow.checkin.submit_code()
    assert flow.step is Step.BOOKING_FOUND and flow.found_early and flow.visit.checkin.can_walk_in
    flow.checkin.check_in_walk_in()
    assert flow.step is Step.TICKET and branch.booking("LPK-2026-0002")["state"] == "walk_in"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_bad_booking_code_is_said_once_and_kept_to_be_corrected(kiosk, lang):
    flow = kiosk(lang)
    flow.start_booking("LPK-2026-0009")
    flow.checkin.submit_code()
    assert flow.step is Step.BOOKING and flow.code.code == "LPK-2026-0009" and not flow.code.checking
    assert flow.code.note == (tr("error.booking.unknown", "id", code="LPK-2026-0009"),
                              tr("error.booking.unknown", "en", code="LPK-2026-0009"))
    assert said(flow)[-1] == flow.code.note[0 if lang == "id" else 1]
    flow.checkin.retype_code()
    assert flow.code.code == "" and flow.code.note is None


# -- groups, routes, documents ----------------------------------------------------------------------------
def test_groups_then_services_back_and_a_route_counted_online_once(kiosk, branch):
    flow = kiosk()
    type_nik(flow, ACTIVE_NIK)
    assert flow.showing_groups
    flow.choose_group("klaim")
    assert flow.group == "klaim" and not flow.showing_groups and len(flow.in_group("klaim")) > 1
    flow.services_back()
    assert flow.group is None and flow.step is Step.SERVICES
    flow.services_back()
    assert flow.step is Step.NIK
    flow.submit_nik()
    flow.choose_group("pengaduan")                                     # one service: straight to it
    assert flow.step is Step.DOCUMENTS and flow.visit.option.service == "ADUAN"
    flow.go_back()
    to_service(flow, "JKP")                                           # online only
    assert flow.step is Step.ROUTE and not flow.visit.option.can_issue(False)
    flow.go_back()
    to_service(flow, "JKP")
    flow.go_welcome()
    flow.go_welcome()
    online = [e for e in branch.events_after(0) if e.kind == EventKind.ONLINE]
    assert [(e.service, e.data["kiosk_id"]) for e in online] == [("JKP", "kiosk-1")]


def test_documents_not_complete_give_a_consultation_ticket(kiosk):
    flow = kiosk()
    type_nik(flow, ACTIVE_NIK)
    to_service(flow, "INFO")
    flow.documents_not_complete()
    assert flow.documents_incomplete
    flow.documents_back()
    assert not flow.documents_incomplete and flow.step is Step.DOCUMENTS
    flow.documents_not_complete()
    flow.issue_ticket(documents_complete=False)
    assert flow.step is Step.TICKET and flow.visit.documents_complete is False


def test_a_printer_that_fails_keeps_the_ticket_on_screen_and_calls_staff(kiosk, branch):
    flow = kiosk(printer_url=f"tcp://127.0.0.1:{closed_port()}")
    type_nik(flow, ACTIVE_NIK)
    to_service(flow, "INFO")
    flow.issue_ticket()
    outcome = flow.visit.print_outcome
    assert flow.step is Step.TICKET and not outcome.ok and outcome.reason
    steps = [e for e in flow.events if e.change is Change.STEP]
    assert steps[-1].speak                                              # the failed ticket's screen is said again
    help_asked = [e for e in branch.events_after(0) if e.kind == EventKind.ASSISTANCE]
    assert [e.data["reason"] for e in help_asked] == ["printer"]
    flow.ticker.t += 60
    flow.idle.tick()
    assert flow.step is Step.TICKET                                     # stays until staff saw it
    flow.ticker.t += 120
    flow.idle.tick()
    assert flow.step is Step.WELCOME


# -- scans -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_scanned_card_starts_the_visit_and_an_unknown_one_asks_for_the_nik(kiosk, lang):
    flow = kiosk(lang)
    assert scan(flow, ACTIVE_CARD)
    assert flow.step is Step.SERVICES and flow.visit.scanned and flow.visit.nik == ACTIVE_NIK
    flow.go_welcome()
    assert scan(flow, "99999999999")
    assert flow.step is Step.NIK and flow.nik.note == (tr("scan.card_unknown", "id"), tr("scan.card_unknown", "en"))
    flow.go_welcome()
    assert scan(flow, "hello world")                                  # read, but nothing it knows
    assert flow.notice is not None and flow.notice.key == "scan.unreadable" and flow.step is Step.WELCOME
    for i, char in enumerate("3171"):                                  # a person typing: no scan
        flow.scans.key(char, 100 + i * 0.3)
    assert not flow.scans.enter(101.5)


def test_a_nik_scanned_on_the_nik_screen_replaces_what_the_burst_typed(kiosk):
    flow = kiosk()
    flow.start_visit()
    flow.press_digit("7")
    for i, char in enumerate(ACTIVE_NIK):           # the burst also lands in the field as it is typed
        flow.scans.key(char, 10 + i * 0.01)
        flow.type_nik("7" + ACTIVE_NIK[:i + 1])
    assert flow.scans.enter(10 + len(ACTIVE_NIK) * 0.01)
    assert flow.visit.nik == ACTIVE_NIK and flow.step is Step.SERVICES


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_scanned_ticket_of_a_finished_visit_is_rated_once_then_surveyed(kiosk, branch, lang):
    waiting = branch.issue(ELDERLY_NIK, "INFO")
    ticket = branch.issue(ACTIVE_NIK, "INFO")
    flow = kiosk(lang)
    assert scan(flow, ticket.ticket_data.qr_payload)
    assert flow.step is Step.REPEAT and flow.repeat_scanned and flow.visit.shown.ahead == 1   # its place, no faces
    assert flow.visit.rating is None
    for _ in (waiting, ticket):
        branch.call_next(1)
        branch.finish(1)
    flow.go_welcome()
    scan(flow, ticket.ticket_data.qr_payload)
    assert flow.step is Step.RATING and flow.rating.page is RatingPage.ASK
    assert flow.visit.rating == (ticket.ticket_id, ticket.number)
    flow.rating.rate(4)
    assert flow.rating.page is RatingPage.THANKS and branch.rating_of(ticket.ticket_id) == 4
    flow.go_welcome()
    scan(flow, ticket.ticket_data.qr_payload)
    assert flow.rating.page is RatingPage.THANKS and flow.rating.already
    flow.rating.rate(1)
    assert branch.rating_of(ticket.ticket_id) == 4
    flow.rating.open_survey()
    flow.rating.write_suggestion(True)
    assert flow.rating.page is RatingPage.SUGGESTION
    flow.rating.write_suggestion(False)
    flow.rating.send_survey({f"u{i}": 4 for i in range(1, 10)}, {}, "RUANG NYAMAN")
    assert flow.rating.surveyed and flow.rating.page is RatingPage.THANKS
    assert branch.report(MONDAY, MONDAY).ikm.respondents == 1


# -- the next visitor, walk-aways, stale answers -----------------------------------------------------------
def test_language_text_size_and_voice_go_back_to_the_defaults_for_the_next_visitor(kiosk):
    flow = kiosk()
    flow.toggle_language()
    flow.toggle_large_text()
    flow.toggle_voice()
    assert (flow.lang, flow.large_text, flow.volume) == (Lang.EN, True, Volume.SOFT)
    flow.ticker.t += 44
    flow.idle.tick()
    assert flow.lang is Lang.EN                                         # not before the quiet time
    flow.ticker.t += 1
    flow.idle.tick()
    assert (flow.lang, flow.large_text, flow.volume) == (Lang.ID, False, Volume.LOUD)
    assert flow.step is Step.WELCOME and not flow.idle.warning           # Welcome has no warning
    flow.toggle_language()
    type_nik(flow, ACTIVE_NIK)
    flow.go_welcome()
    assert flow.lang is Lang.ID


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_walk_away_is_warned_counted_down_extended_ten_times_then_ends_the_visit(kiosk, lang):
    flow = kiosk(lang, quiet_s=45, warning_s=30)
    flow.start_visit()
    flow.press_digit("3")
    for extension in range(10):
        flow.ticker.t += 45
        flow.idle.tick()
        assert flow.idle.warning and flow.idle.seconds_left() == 30 and flow.idle.may_extend()
        assert said(flow)[-1] == tr("idle.spoken", lang)
        flow.ticker.t += 10.5
        flow.idle.touched()                                             # a touch beside the card is no answer
        flow.idle.tick()
        assert flow.idle.seconds_left() == 20
        flow.idle.extend()
        assert not flow.idle.warning and flow.step is Step.NIK and flow.nik.digits == "3"
    flow.ticker.t += 45
    flow.idle.tick()
    assert flow.idle.warning and not flow.idle.may_extend()
    flow.idle.extend()
    assert flow.idle.warning                                            # no more extra time
    flow.ticker.t += 30
    flow.idle.tick()
    assert flow.step is Step.WELCOME and flow.visit.nik == "" and not flow.idle.warning
    assert flow.lang is Lang.ID and flow.idle.extensions == 0


def test_an_answer_for_a_visit_that_has_ended_changes_nothing(branch):
    class Held:
        """Keeps the slow calls until they are let go (a worker thread that is late)."""

        def __init__(self):
            self.jobs = []

        def run(self, work, done):
            self.jobs.append((work, done))

        def watch(self, future, done):
            self.jobs.append((lambda: future.result(timeout=30), done))

        def release(self):
            jobs, self.jobs = self.jobs, []
            for work, done in jobs:
                done(work(), None)

    runner = Held()
    flow = VisitFlow(branch, KioskSettings(), clock=Ticker(), runner=runner)
    flow.go_welcome()
    flow.start_visit()
    for digit in ACTIVE_NIK:
        flow.press_digit(digit)
    flow.submit_nik()
    assert flow.nik.checking and flow.step is Step.NIK
    flow.go_welcome()                                                   # walked away meanwhile
    runner.release()
    assert flow.step is Step.WELCOME and flow.visit.result is None and flow.nik.digits == ""


# -- the keypad --------------------------------------------------------------------------------------------
KEYS = st.one_of(
    st.sampled_from("0123456789").map(lambda d: ("digit", d)),
    st.just(("backspace", "")), st.just(("clear", "")),
    st.text(alphabet="0123456789 abc-٣", max_size=20).map(lambda t: ("type", t)),
    st.sampled_from([ACTIVE_NIK, "3171041713000001", "12"]).map(lambda t: ("set", t)),
    st.just(("submit", "")),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(presses=st.lists(KEYS, max_size=40))
def test_any_key_presses_leave_a_nik_field_the_rules_accept(kiosk, presses):
    flow = kiosk()
    flow.start_visit()
    for kind, value in presses:
        if flow.step is not Step.NIK:
            flow.start_visit()
        {"digit": flow.press_digit, "backspace": lambda _v: flow.backspace(), "clear": lambda _v: flow.clear_nik(),
         "type": flow.type_nik, "set": flow.set_nik, "submit": lambda _v: flow.submit_nik()}[kind](value)
        digits = flow.nik.digits
        assert len(digits) <= NIK_LENGTH and all(ch in "0123456789" for ch in digits)
        assert flow.visit.nik == digits or flow.step is not Step.NIK
        assert not flow.nik.checking                                    # the inline check has answered
        ready = len(digits) == NIK_LENGTH and nik_problem(digits, flow.today()) is None
        assert flow.nik.ready(flow.today()) == ready
        if kind == "submit" and not ready:
            assert flow.step is Step.NIK                                # nothing sent for a wrong NIK


# -- no Qt ---------------------------------------------------------------------------------------------------
def test_a_whole_visit_runs_without_qt_in_a_fresh_interpreter(tmp_path):
    script = textwrap.dedent(f"""
        import json, sys
        from datetime import datetime
        from zoneinfo import ZoneInfo
        from kiosk.services import KioskSettings, Step, VisitFlow, demo_config, open_services
        from tests.ui.conftest import ACTIVE_NIK, scripted_rows

        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        svc = open_services(db_url="sqlite:///{tmp_path / 'visit.sqlite'}", config=demo_config(), clock=lambda: now)
        svc.import_participants(scripted_rows())
        t = [0.0]
        flow = VisitFlow(svc, KioskSettings(), clock=lambda: t[0], printer_url="preview://{tmp_path / 'paper'}")
        steps = []
        flow.listen(lambda e: steps.append(flow.step.value))
        flow.go_welcome()
        flow.toggle_language()
        flow.start_visit()
        for d in ACTIVE_NIK:
            flow.press_digit(d)
        flow.submit_nik()
        flow.choose_group(svc.branch.service("INFO").group)
        flow.choose_service("INFO")
        flow.issue_ticket()
        ticket, printed = flow.visit.ticket.number, flow.visit.print_outcome.ok
        t[0] += 20
        flow.idle.tick()
        print(json.dumps({{"qt": "PySide6" in sys.modules or any(m.startswith("PySide6") for m in sys.modules),
                          "ticket": ticket, "printed": printed, "end": flow.step.value, "lang": flow.lang.value,
                          "steps": sorted(set(steps))}}))
        svc.close()
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["qt"] is False
    assert (seen["ticket"], seen["printed"], seen["end"], seen["lang"]) == ("A-001", True, "welcome", "id")
    assert {"nik", "visit", "documents", "ticket", "welcome"} <= set(seen["steps"])
