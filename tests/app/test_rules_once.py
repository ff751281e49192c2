"""Defects found in review, each through the application and the command line: the domain's
rules are the ones the queue follows (refusals, ticket moves, fairness, PIN lock)."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kiosk.domain import errors
from kiosk.domain.branch import CounterSpec
from kiosk.domain.queue import MOVES, Move, TicketState, can_move
from kiosk.domain.ticket import Ticket
from kiosk.store.queue import QueueStore, new_ticket_id
from tests.conftest import fresh_nik

ELDER = "3171011708450001"
YOUNG = "3171012902001234"
OTHER = "7105100607610439"


# ---------------------------------------------------------------- refusals: one rule for everyone

@pytest.mark.parametrize("assisted", [False, True])
def test_no_ticket_for_an_online_only_service_even_for_staff(svc, assisted):
    with pytest.raises(errors.ServiceClosed) as err:
        svc.issue(ELDER, "JKP", assisted=assisted)
    assert "SIAPkerja" in err.value.message and "SIAPkerja" in err.value.message_en
    assert svc.status().to_json()["services"][[s["service"] for s in svc.status().services].index("JKP")]["issued"] == 0


@pytest.mark.parametrize("assisted", [False, True])
def test_no_ticket_for_a_front_desk_visit_even_for_staff(svc, assisted):
    with pytest.raises(errors.ServiceClosed) as err:
        svc.issue(ELDER, "CEK", assisted=assisted)
    assert "meja depan" in err.value.message
    event_id = svc.record_front_desk("CEK")      # staff record the visit instead: not a ticket
    assert [e.kind for e in svc.events_after(event_id - 1)] == ["front_desk"]
    assert svc.waiting() == []


def test_staff_may_override_an_eligibility_rule_while_open(svc):
    # JP needs pension age; a 25-year-old is not eligible, but staff who checked by hand may issue
    with pytest.raises(errors.ServiceClosed):
        svc.issue(YOUNG, "JP")
    assert svc.issue(YOUNG, "JP", assisted=True).number.endswith("-001")


def test_check_says_whether_a_ticket_can_be_issued(svc):
    options = {o.service: o for o in svc.check(ELDER).options}
    assert not options["JKP"].can_issue(True) and not options["CEK"].can_issue(True)
    assert options["INFO"].can_issue(False)
    doc = svc.check(ELDER).to_json()
    jkp = next(o for o in doc["options"] if o["service"] == "JKP")
    assert (jkp["route"], jkp["can_issue"], jkp["can_issue_assisted"]) == ("online", False, False)


def test_transfer_into_a_queue_no_counter_calls_is_refused(svc):
    svc.issue(YOUNG, "INFO")
    called = svc.call_next(1)
    for target in ("JKP", "CEK"):
        with pytest.raises(errors.IllegalTransition) as err:
            svc.transfer(1, target)
        assert err.value.message
    assert svc.current_ticket(1).ticket_id == called.ticket_id     # nothing moved


def test_a_service_no_counter_serves_is_refused_with_where_to_go(make_services, db_url):
    from kiosk.services import demo_config

    config = demo_config()
    branch = replace(config.branch, counters=tuple(
        CounterSpec(c.number, tuple(s for s in c.services if s != "JHT"), c.name) for c in config.branch.counters))
    svc = make_services(db_url, config=replace(config, branch=branch))
    with pytest.raises(errors.ServiceClosed) as err:
        svc.issue(ELDER, "JHT", assisted=True)
    assert "meja depan" in err.value.message


@pytest.mark.parametrize("nik", ["", None, "   "])
def test_a_ticket_needs_a_nik(svc, nik):
    with pytest.raises(errors.InvalidNik):
        svc.issue(nik, "INFO")
    assert svc.waiting() == []


# ---------------------------------------------------------------- the CLI says the same

def test_cli_refuses_online_only_and_front_desk_for_staff_too(cli_run):
    for service, words in (("JKP", "SIAPkerja"), ("CEK", "meja depan")):
        result = cli_run("issue", "--nik", ELDER, "--service", service, "--assisted", "--json")
        assert result.returncode == 1, result.stdout
        assert words in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""


def test_cli_refuses_an_empty_nik(cli_run):
    result = cli_run("issue", "--nik", "", "--service", "INFO", "--json")
    assert result.returncode == 1 and "NIK" in result.stderr and "Traceback" not in result.stderr


def test_cli_transfer_to_an_online_only_service_is_refused(cli_run):
    assert cli_run("issue", "--nik", YOUNG, "--service", "INFO", "--json").returncode == 0
    assert cli_run("call", "--counter", "1", "--json").returncode == 0
    result = cli_run("transfer", "--counter", "1", "--to", "JKP", "--json")
    assert result.returncode == 1 and "SIAPkerja" in result.stderr
    status = json.loads(cli_run("status", "--json").stdout)
    assert next(c for c in status["counters"] if c["counter"] == 1)["ticket"]["service"] == "INFO"


# ---------------------------------------------------------------- ticket moves: the domain's table

def _ticket_in(svc, state: TicketState) -> str:
    now = svc.now()
    ticket = Ticket(ticket_id=new_ticket_id(), service_day=svc.today(), service="INFO", seq=1, number="A-001",
                    state=state, priority=False, arrived_at=now, issued_at=now, counter=1)
    with svc.uow() as uow:
        q = uow.queue
        q.insert_ticket(ticket)
    return ticket.ticket_id


@pytest.mark.parametrize("move", list(Move))
def test_the_store_moves_a_ticket_exactly_from_the_domain_from_states(make_services, db_url, move):
    for state in TicketState:
        svc = make_services(db_url) if state is TicketState.WAITING else svc
        with svc.uow() as uow:
            q = uow.queue
            q.conn.exec_driver_sql("DELETE FROM tickets")
        ticket_id = _ticket_in(svc, state)
        with svc.uow() as uow:
            q = uow.queue
            moved = q.move(ticket_id, move)
            after = q.ticket(ticket_id).state
        assert moved is can_move(state, move), (state, move)
        expected = (MOVES[move][1] or state) if moved else state
        assert after is expected, (state, move)


# ---------------------------------------------------------------- fairness, live, through the store

@pytest.mark.parametrize("regular_calls_first", [0, 1, 2])
def test_a_priority_ticket_is_due_before_the_first_priority_call_of_the_day(svc, regular_calls_first):
    for _ in range(4):
        svc.issue(fresh_nik(YOUNG), "INFO")
    for _ in range(regular_calls_first):
        assert not svc.call_next(1, "done").priority
    elder = svc.issue(ELDER, "INFO")                 # elderly: priority by age
    assert elder.priority and elder.ahead == 0
    assert svc.call_next(1, "done").ticket_id == elder.ticket_id


def test_after_a_priority_call_three_regular_calls_come_before_the_next(svc):
    regular = [svc.issue(fresh_nik(YOUNG), "INFO") for _ in range(5)]
    first_priority = svc.issue(ELDER, "INFO")
    assert svc.call_next(1).number == first_priority.number       # due at once
    second_priority = svc.issue(fresh_nik(ELDER), "INFO")
    assert second_priority.ahead == 3
    order = [svc.call_next(1, "done").number for _ in range(4)]
    assert order == [regular[0].number, regular[1].number, regular[2].number, second_priority.number]
    assert [svc.call_next(1, "done").number for _ in range(2)] == [regular[3].number, regular[4].number]
    assert svc.call_next(1, "done") is None


def test_waiting_order_is_the_call_order(svc):
    for _ in range(4):
        svc.issue(fresh_nik(YOUNG), "INFO")
    svc.issue(ELDER, "INFO")
    svc.call_next(1)
    svc.issue(fresh_nik(ELDER), "INFO")
    predicted = [t.number for t in svc.waiting(["INFO"])]
    called = []
    while (t := svc.call_next(1, "done")) is not None:
        called.append(t.number)
    assert called == predicted and len(called) == 5


# ---------------------------------------------------------------- the PIN attempt limit

def test_five_wrong_pins_lock_even_the_right_one_across_restarts(make_services, db_url, clock):
    svc = make_services(db_url)
    for left in (4, 3, 2, 1):
        check = svc.staff_pin("0000")
        assert (check.ok, check.tries_left, check.locked_until) == (False, left, None)
        assert str(left) in check.message
    locked = svc.staff_pin("0000")
    assert not locked.ok and locked.locked_until is not None and "terkunci" in locked.message
    assert not svc.staff_pin("1234").ok                        # the right PIN is refused while locked
    again = make_services(db_url)                              # a restart, or another window
    assert not again.staff_pin("1234").ok
    assert again.staff_pin("9999", "admin").ok                 # admin has its own lock
    clock.advance(minutes=5)
    if db_url.startswith("postgresql"):                        # the server keeps the lock by its own clock
        with svc.database.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE pin_attempts SET locked_until = locked_until - interval '5 minutes'")
    assert again.staff_pin("1234").ok
    assert again.staff_pin("0000").tries_left == 4             # a right PIN starts a fresh series


# ---------------------------------------------------------------- the NIK mask, one way

def test_the_ticket_the_view_and_the_check_mask_a_nik_the_same_way(svc):
    from kiosk.domain.nik import NIK_LENGTH, mask_nik

    issued = svc.issue(OTHER, "INFO")
    expected = mask_nik(OTHER)
    assert len(expected) == NIK_LENGTH and expected.endswith(OTHER[-4:]) and OTHER[:12] not in expected
    assert issued.nik_masked == expected
    assert issued.ticket_data.nik_masked == expected
    assert svc.waiting(["INFO"])[0].nik_masked == expected
    assert svc.check(OTHER).nik_masked == expected


def test_the_pin_check_says_which_pin_was_entered(svc):
    assert svc.staff_pin("1234").role == "staff"
    assert svc.staff_pin("9999").role == "admin"          # the admin PIN opens staff functions too
    assert svc.staff_pin("9999", "admin").role == "admin"
    assert not svc.staff_pin("1234", "admin").ok and svc.staff_pin("1234", "admin").role is None
    assert svc.staff_pin("0000").role is None
