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
    FINAL_STATES, TRANSITIONS, IllegalTransitionError, TicketState, WaitingTicket, after_call,
    ahead_of, call_order, can_transition, check_transition, format_number, parse_number,
    pick_next,
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
    ("A-023", ("A", 23)), ("a23", ("A", 23)), (" B 7 ", ("B", 7)), ("C023", ("C", 23)),
    ("D–105", ("D", 105)),
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "A-", "-023", "AB-1", "A-000", "A-12345", "1-23", "A-2x"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueError):
        parse_number(text)


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(1, 9999))
def test_number_round_trip(letter, seq):
    text = format_number(letter, seq)
    assert parse_number(text) == (letter, seq)
    assert parse_number(text.lower().replace("-", "")) == (letter, seq)


# ---------------------------------------------------------------- states

LEGAL = [
    ("waiting", "called"), ("called", "serving"), ("called", "done"), ("serving", "done"),
    ("called", "no_show"), ("called", "called"), ("called", "transferred"),
    ("serving", "transferred"), ("transferred", "called"), ("no_show", "called"),
    ("waiting", "cancelled"),
]
ILLEGAL = [
    ("waiting", "done"), ("waiting", "serving"), ("done", "called"), ("done", "waiting"),
    ("cancelled", "called"), ("serving", "called"), ("serving", "no_show"),
    ("no_show", "done"), ("waiting", "waiting"),
]


@pytest.mark.parametrize("current,target", LEGAL)
def test_legal_transitions(current, target):
    assert check_transition(current, target) is TicketState(target)
    assert can_transition(current, target)


@pytest.mark.parametrize("current,target", ILLEGAL)
def test_illegal_transitions_explain_themselves(current, target):
    with pytest.raises(IllegalTransitionError) as info:
        check_transition(current, target, number="A-023")
    err = info.value
    assert err.message.startswith("Tiket A-023 berstatus ")
    assert TicketState(current).label_id in err.message
    assert TicketState(target).label_id in err.message
    assert err.message_en.startswith("Ticket A-023 is ")
    assert not can_transition(current, target)


def test_final_states_have_no_way_out():
    for state in FINAL_STATES:
        assert TRANSITIONS[state] == frozenset()
    for state in TicketState:
        assert state in TRANSITIONS


def test_unknown_state_is_a_value_error():
    with pytest.raises(ValueError):
        check_transition("waiting", "lost")


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
    assert after_call(2, ticket(1)) == 3
    assert after_call(2, ticket(1, priority=True)) == 0


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
        count = after_call(count, picked)
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
            since = after_call(since, picked)
            called_at[picked.ticket_id] = calls
        step += 1
        assert step < steps + 10_000, "queue never drained"
    for tid, older in older_at_arrival.items():
        waited = called_at[tid] - called_at[tid + "@"]
        assert waited >= 1
        # older tickets + at most one priority jump per n calls, + one pending jump
        bound = older + 1 + math.ceil((older + 1) / n) + 1
        assert waited <= bound, (tid, waited, bound)
