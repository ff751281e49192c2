"""What the visit mends, through the services and the command line, on SQLite and PostgreSQL: the
heir's priority from her own age, today's open tickets of a NIK (`check --json`'s `holding`), and
the Qt-free visit model mending a typo on the KK question."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, strategies as st

from kiosk.domain.nik import NIK_LENGTH, make_nik, parse_nik
from kiosk.domain.visit import visitor_age
from kiosk.services import KioskSettings, Step, VisitFlow
from tests.ui.conftest import ACTIVE_NIK, DECEASED_NIK, ELDERLY_NIK, scripted_rows

TODAY = date(2026, 11, 23)


@pytest.fixture
def branch(svc):
    svc.import_participants(scripted_rows())
    return svc


# ------------------------------------------------------------------------------------- the heir's own age
def test_an_heir_gets_priority_from_her_own_age_never_from_the_deceased(branch):
    assert not branch.issue(DECEASED_NIK, "JKM", heir=True).priority            # the deceased was 68
    widow = branch.issue(DECEASED_NIK, "JKM", heir=True, heir_age=67, insist=True)
    assert widow.priority and widow.priority_reason == "lansia"
    assert not branch.issue(DECEASED_NIK, "JKM", heir=True, heir_age=45, insist=True).priority
    checked = branch.check(DECEASED_NIK, heir=True, heir_age=72)
    assert checked.option("JKM").priority


@given(st.dates(date(1900, 1, 1), TODAY), st.sampled_from("MF"), st.integers(1, 9999))
def test_the_visitors_own_nik_gives_her_age(born, sex, serial):
    nik = make_nik("31", "71", "01", born, sex, serial)
    assert visitor_age(nik, TODAY) == parse_nik(nik, TODAY).age(TODAY)


@given(st.text(alphabet="0123456789 x", max_size=20))
def test_what_is_neither_an_age_nor_a_nik_gives_no_age(typed):
    age = visitor_age(typed, TODAY)
    digits = typed.strip()
    if age is not None:
        assert digits.isdigit() and (len(digits) == NIK_LENGTH or 1 <= int(digits) <= 120)
    if digits.isdigit() and len(digits) <= 3:
        assert age == (int(digits) if 1 <= int(digits) <= 120 else None)


# ------------------------------------------------------------------------------------- a NIK's open tickets
def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    from kiosk.cli import main

    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_check_json_lists_the_tickets_the_nik_holds_today(branch, capsys, monkeypatch):
    info = branch.issue(ACTIVE_NIK, "INFO")
    assert branch.call_next(1).number == info.number                # at counter 1 now
    claim = branch.issue(ACTIVE_NIK, "ADUAN")
    branch.issue(make_nik("31", "71", "01", date(1990, 3, 14), "F", 1001), "ADUAN")     # somebody else's, after
    monkeypatch.setattr("kiosk.cli.queue.services", lambda args, **kw: branch)     # the command on this branch
    code, out, _ = run_cli(["check", ACTIVE_NIK, "--json"], capsys)
    doc = json.loads(out)
    assert code == 0
    assert doc["holding"] == [
        {"number": info.number, "service": "INFO", "state": "called", "ahead": 0, "estimated_wait_min": None},
        {"number": claim.number, "service": "ADUAN", "state": "waiting", "ahead": 0,
         "estimated_wait_min": claim.estimated_wait_min},
    ]
    code, out, _ = run_cli(["check", DECEASED_NIK, "--json"], capsys)
    assert json.loads(out)["holding"] == []
    code, out, _ = run_cli(["check", ACTIVE_NIK], capsys)
    assert f"Sudah memegang nomor {claim.number}" in out and ACTIVE_NIK not in out


def test_a_finished_ticket_is_no_longer_held(branch):
    branch.issue(ACTIVE_NIK, "INFO")
    branch.call_next(1)
    branch.finish(1)
    assert branch.holding(ACTIVE_NIK) == []


# ------------------------------------------------------------------------------------- the model, without Qt
def test_the_visit_model_mends_one_digit_and_checks_the_number_again(branch):
    flow = VisitFlow(branch, KioskSettings(), clock=lambda: 0.0)
    flow.start_visit()
    flow.set_nik(ACTIVE_NIK[:-1] + "5")
    flow.submit_nik()
    assert flow.step is Step.KK and flow.mend.digits == ACTIVE_NIK[:-1] + "5"
    flow.mend.put("4")                                         # nothing picked: nothing changes
    assert not flow.mend.changed
    flow.mend.pick(15)
    flow.mend.put("4")
    assert flow.mend.changed and flow.mend.selected is None
    flow.mend.check()
    assert flow.step is Step.SERVICES and flow.visit.result.participant.found


def test_the_visit_model_says_a_held_ticket_before_the_questions(branch):
    held = branch.issue(DECEASED_NIK, "JKM", heir=True)
    flow = VisitFlow(branch, KioskSettings(), clock=lambda: 0.0)
    flow.start_visit()
    flow.set_nik(DECEASED_NIK)
    flow.submit_nik()
    assert flow.step is Step.REPEAT and flow.visit.shown.number == held.number and flow.holding.first
    flow.holding.other_service()
    assert flow.step is Step.HEIR and not flow.holding.first


def test_the_command_line_issues_an_heirs_ticket_with_her_own_age(branch, capsys, monkeypatch):
    monkeypatch.setattr("kiosk.cli.queue.services", lambda args, **kw: branch)
    monkeypatch.setattr(type(branch), "close", lambda self: None)          # the fixture closes it
    code, out, _ = run_cli(["issue", "--nik", DECEASED_NIK, "--service", "JKM", "--heir", "--heir-age", "71",
                            "--json"], capsys)
    assert code == 0 and json.loads(out)["priority"] is True
