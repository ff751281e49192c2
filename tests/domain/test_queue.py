"""Queue rules: numbers, legal state changes, and the fairness of calling priority tickets."""
from __future__ import annotations

import math
import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.branch import PriorityRule
from kiosk.domain.queue import (
    AT_COUNTER_STATES, ENDED_STATES, FINAL_STATES, MOVES, WAITING_STATES, IllegalTransitionError, Move,
    TicketNumberError, TicketState, WaitingTicket, after_call, ahead_of, call_order, can_move,
    format_number, from_states, move_to, parse_ticket_number, pick_next, regular_since_priority,
)

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
RULE = PriorityRule(every_n_regular=3)


def ticket(i, service="A", priority=False, minute=None, seq=None):
    return WaitingTicket(f"t{i}", service, priority, T0 + timedelta(minutes=i if minute is None
                                                                     else minute), seq or i)


# ---------------------------------------------------------------- numbers


def test_format_number():
    assert format_number("A", 23) == "A-023"
    assert format_number("d", 1) == "D-001"
    assert format_number("B", 999) == "B-999"
    for bad in (("AB", 1), ("1", 1), ("A", 0), ("A", 10000)):
        with pytest.raises(ValueError):
            format_number(*bad)


@pytest.mark.parametrize("text,expected", [
    ("A-023", ("A", "023")), ("a-023", ("A", "023")), (" B - 007 ", ("B", "007")), ("D-1050", ("D", "1050")),
])
def test_parse_ticket_number(text, expected):
    parsed = parse_ticket_number(text)
    assert (parsed.letter, parsed.digits) == expected


@pytest.mark.parametrize("text", ["", "A-", "-023", "AB-1", "A-12", "A-12345", "1-23", "A-2x", "A023"])
def test_parse_ticket_number_refuses_with_the_example(text):
    with pytest.raises(TicketNumberError) as err:
        parse_ticket_number(text)
    assert "A-023" in err.value.message


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(1, 9999))
def test_number_round_trip(letter, seq):
    text = format_number(letter, seq)
    assert str(parse_ticket_number(text)) == text
    assert parse_ticket_number(text.lower()).value == seq


# ---------------------------------------------------------------- states

LEGAL = [
    ("waiting", Move.CALL, "called"), ("called", Move.START, "serving"), ("called", Move.FINISH, "done"),
    ("serving", Move.FINISH, "done"), ("called", Move.SKIP, "no_show"), ("called", Move.RECALL, "called"),
    ("serving", Move.RECALL, "serving"), ("called", Move.TRANSFER, "transferred"),
    ("serving", Move.TRANSFER, "transferred"), ("waiting", Move.CANCEL, "cancelled"),
]
ILLEGAL = [
    ("waiting", Move.FINISH), ("waiting", Move.START), ("done", Move.CALL), ("done", Move.RECALL),
    ("cancelled", Move.CALL), ("serving", Move.CALL), ("serving", Move.SKIP), ("no_show", Move.FINISH),
    ("transferred", Move.CALL), ("waiting", Move.RECALL), ("waiting", Move.TRANSFER),
]


@pytest.mark.parametrize("current,move,target", LEGAL)
def test_legal_moves(current, move, target):
    assert move_to(current, move) is TicketState(target)
    assert can_move(current, move)
    assert current in from_states(move)


@pytest.mark.parametrize("current,move", ILLEGAL)
def test_illegal_moves_explain_themselves(current, move):
    with pytest.raises(IllegalTransitionError) as info:
        move_to(current, move, number="A-023")
    err = info.value
    assert err.message.startswith("Tiket A-023 berstatus ")
    assert TicketState(current).label_id in err.message
    assert err.message_en.startswith("Ticket A-023 is ")
    assert not can_move(current, move)
    assert current not in from_states(move)


def test_final_states_have_no_way_out():
    assert FINAL_STATES == {TicketState.DONE, TicketState.TRANSFERRED, TicketState.CANCELLED,
                            TicketState.NOT_SERVED, TicketState.UNCONFIRMED}
    for move, (sources, _target) in MOVES.items():
        assert not sources & FINAL_STATES, move
    # a no-show has left the queue and the counters, but `return` queues it again: not final
    assert ENDED_STATES == FINAL_STATES | {TicketState.NO_SHOW}
    assert can_move(TicketState.NO_SHOW, Move.RETURN)
    assert move_to(TicketState.NO_SHOW, Move.RETURN) is TicketState.WAITING
    assert WAITING_STATES == {TicketState.WAITING}
    assert AT_COUNTER_STATES == {TicketState.CALLED, TicketState.SERVING}


def test_unknown_state_is_a_value_error():
    with pytest.raises(ValueError):
        move_to("lost", Move.CALL)


# ---------------------------------------------------------------- pick_next


def test_oldest_first_within_the_counter_services():
    waiting = [ticket(3, "A"), ticket(1, "B"), ticket(2, "A")]
    assert pick_next(waiting, {"A"}, 0, RULE).ticket_id == "t2"
    assert pick_next(waiting, {"A", "B"}, 0, RULE).ticket_id == "t1"
    assert pick_next(waiting, None, 0, RULE).ticket_id == "t1"
    assert pick_next(waiting, {"C"}, 0, RULE) is None
    assert pick_next([], {"A"}, 0, RULE) is None


def test_same_arrival_falls_back_to_sequence():
    waiting = [ticket(1, minute=0, seq=9), ticket(2, minute=0, seq=4)]
    assert pick_next(waiting, None, 0, RULE).ticket_id == "t2"


def test_priority_waits_for_n_regular_calls():
    waiting = [ticket(1), ticket(2), ticket(3), ticket(4), ticket(5, priority=True)]
    assert pick_next(waiting, None, 0, RULE).ticket_id == "t1"
    assert pick_next(waiting, None, 2, RULE).ticket_id == "t1"
    assert pick_next(waiting, None, 3, RULE).ticket_id == "t5"


def test_priority_goes_first_when_no_regular_waits_or_when_oldest():
    assert pick_next([ticket(5, priority=True)], None, 0, RULE).ticket_id == "t5"
    waiting = [ticket(1, priority=True), ticket(2)]
    assert pick_next(waiting, None, 0, RULE).ticket_id == "t1"


def test_a_transferred_ticket_competes_by_its_original_arrival():
    # t1 arrived at 08.01 for service A and was transferred to B at 10.00; it still comes
    # before t5, who took a B ticket at 08.05
    transferred = WaitingTicket("t1", "B", False, T0 + timedelta(minutes=1), 1)
    assert pick_next([ticket(5, "B"), transferred], {"B"}, 0, RULE).ticket_id == "t1"


def test_after_call_counts_regular_calls():
    assert after_call(2, False) == 3
    assert after_call(2, True) == 0


@pytest.mark.parametrize("calls,expected", [
    ([], 3),                                  # no call yet today: a priority ticket is due
    ([True], 0),                              # a priority ticket was just called
    ([True, False], 1),
    ([True, False, False], 2),
    ([False, True, False, False, False], 3),
    ([False], 3), ([False, False], 3),        # no priority call today yet: still due
    ([True, False, False, False, False, False], 3),   # saturates at every_n_regular
    ([False, False, True], 0),
])
def test_regular_since_priority_counts_from_the_last_priority_call(calls, expected):
    assert regular_since_priority(calls, RULE) == expected


@given(st.lists(st.booleans(), max_size=40), st.integers(1, 6))
def test_the_last_n_calls_are_enough(calls, n):
    rule = PriorityRule(every_n_regular=n)
    assert regular_since_priority(calls[-n:], rule) == regular_since_priority(calls, rule)


def test_call_order_and_ahead():
    waiting = [ticket(i) for i in range(1, 6)] + [ticket(6, priority=True)]
    order = call_order(waiting, None, 0, RULE)
    assert [t.ticket_id for t in order] == ["t1", "t2", "t3", "t6", "t4", "t5"]
    assert ahead_of("t6", order) == 3 and ahead_of("t1", order) == 0
    assert ahead_of("nobody", order) == 6


tickets_strategy = st.lists(
    st.tuples(st.integers(0, 120), st.booleans(), st.sampled_from("ABC")), max_size=30,
).map(lambda rows: [WaitingTicket(f"t{i}", svc, prio, T0 + timedelta(minutes=m), i + 1)
                    for i, (m, prio, svc) in enumerate(rows)])


@settings(max_examples=200, deadline=None)
@given(tickets_strategy, st.integers(0, 6), st.integers(1, 5), st.randoms(use_true_random=False))
def test_call_order_is_repeated_pick_next_and_independent_of_input_order(
        waiting, since, n, rnd):
    rule = PriorityRule(every_n_regular=n)
    services = {"A", "B"}
    order = call_order(waiting, services, since, rule)
    pool, count, simulated = list(waiting), since, []
    while True:
        picked = pick_next(pool, services, count, rule)
        if picked is None:
            break
        simulated.append(picked)
        pool.remove(picked)
        count = after_call(count, picked.priority)
    assert order == simulated
    shuffled = list(waiting)
    rnd.shuffle(shuffled)
    assert call_order(shuffled, services, since, rule) == order
    assert pick_next(shuffled, services, since, rule) == pick_next(waiting, services, since, rule)
    assert len(order) == sum(1 for t in waiting if t.service in services)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5), st.integers(1, 3),
       st.lists(st.tuples(st.integers(0, 3), st.floats(0, 1)), min_size=10, max_size=120))
def test_no_ticket_waits_forever(n, counters, arrivals):
    """Simulate a busy morning: each step some tickets arrive (a share of them priority), then
    every counter calls one. Every ticket is called, and within a stated bound of calls:
    a regular ticket gives way at most to the older tickets plus one priority ticket per n
    regular calls; a priority ticket never waits longer than in plain arrival order."""
    rule = PriorityRule(every_n_regular=n)
    waiting: list[WaitingTicket] = []
    since = 0
    calls = 0
    called_at: dict[str, int] = {}
    older_at_arrival: dict[str, int] = {}
    seq = 0
    steps = len(arrivals)
    step = 0
    while step < steps or waiting:
        if step < steps:
            count, share = arrivals[step]
            for _ in range(count):
                seq += 1
                t = WaitingTicket(f"t{seq}", "A", random.Random(seq).random() < share,
                                  T0 + timedelta(seconds=seq), seq)
                older_at_arrival[t.ticket_id] = len(waiting)   # all of them are older
                waiting.append(t)
                called_at[t.ticket_id] = -1
                called_at[t.ticket_id + "@"] = calls
        for _ in range(counters):
            picked = pick_next(waiting, {"A"}, since, rule)
            if picked is None:
                break
            waiting.remove(picked)
            calls += 1
            since = after_call(since, picked.priority)
            called_at[picked.ticket_id] = calls
        step += 1
        assert step < steps + 10_000, "queue never drained"
    for tid, older in older_at_arrival.items():
        waited = called_at[tid] - called_at[tid + "@"]
        assert waited >= 1
        # older tickets + at most one priority jump per n calls, + one pending jump
        bound = older + 1 + math.ceil((older + 1) / n) + 1
        assert waited <= bound, (tid, waited, bound)
