"""The booking rule: walk-ins never starved, the order deterministic, the quota never exceeded."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from kiosk.domain import booking as rules
from kiosk.domain.access import Permission, Role, may
from kiosk.domain.booking import Arrival, BookingRule, BookingState, Slot
from kiosk.domain.branch import DayHours, OfficeHours, PriorityRule, TimeRange
from kiosk.domain.queue import WaitingTicket, after_call
from kiosk.domain.reference import is_status_ref, new_status_ref, status_ref_from, status_url

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)       # 08.00 in Jakarta
PRIORITY = PriorityRule(every_n_regular=3)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# --------------------------------------------------------------------------- a branch morning, simulated

ticket_specs = st.lists(
    st.tuples(
        st.integers(0, 180),                 # arrival minute
        st.booleans(),                       # booked (checked in within its window)
        st.integers(0, 180),                 # slot start minute (booked only)
        st.booleans(),                       # priority
        st.integers(0, 40),                  # estimate told at issue (walk-ins)
    ), min_size=1, max_size=40)


def simulate(specs, rule: BookingRule, call_every: float):
    """One counter calling every `call_every` minutes; tickets join when they arrive. Returns the
    calls: (time, ticket, booking turn, pool at the time)."""
    tickets, slots, bounds = [], {}, {}
    for seq, (arrive, booked, slot_start, priority, estimate) in enumerate(specs, 1):
        t = WaitingTicket(f"T{seq:03d}", "INFO", priority, at(arrive), seq)
        tickets.append(t)
        if booked:
            slots[t.ticket_id] = Slot(at(slot_start), at(slot_start + 30))
        else:
            bounds[t.ticket_id] = rules.walk_in_bound(t.arrived_at, estimate, rule)
    pending = sorted(tickets, key=lambda t: t.arrived_at)
    pool: list[WaitingTicket] = []
    calls = []
    now = at(0)
    since_turn, since_priority = rule.every_m_calls - 1, PRIORITY.every_n_regular
    while pending or pool:
        while pending and pending[0].arrived_at <= now:
            pool.append(pending.pop(0))
        if pool:
            chosen, turn = rules.decide(pool, {"INFO"}, now, slots=slots, bounds=bounds,
                                        calls_since_turn=since_turn, regular_since_priority=since_priority,
                                        priority=PRIORITY, rule=rule)
            calls.append((now, chosen, turn, list(pool), since_turn))
            pool.remove(chosen)
            since_turn = 0 if turn else since_turn + 1
            since_priority = after_call(since_priority, chosen.priority)
        now += timedelta(minutes=call_every)
    return calls, slots, bounds


rules_st = st.builds(BookingRule, every_m_calls=st.integers(1, 5), ageing_min=st.integers(0, 60))


@settings(max_examples=150, deadline=None)
@given(ticket_specs, rules_st, st.sampled_from([2.0, 5.0, 10.0]))
def test_at_most_one_booking_turn_per_m_calls_while_walk_ins_wait(specs, rule, every):
    calls, slots, _ = simulate(specs, rule, every)
    for now, chosen, turn, pool, since_turn in calls:
        others = [t for t in pool if not (t.ticket_id in slots and slots[t.ticket_id].start <= now)]
        if turn:
            assert chosen.ticket_id in slots and slots[chosen.ticket_id].start <= now
            assert not others or since_turn >= rule.every_m_calls - 1


@settings(max_examples=150, deadline=None)
@given(ticket_specs, rules_st, st.sampled_from([2.0, 5.0, 10.0]))
def test_no_booking_goes_ahead_of_a_walk_in_past_its_ageing_bound(specs, rule, every):
    calls, slots, bounds = simulate(specs, rule, every)
    for now, chosen, turn, pool, _ in calls:
        overdue = [t for t in pool if t.ticket_id in bounds and now >= bounds[t.ticket_id]]
        if overdue:
            assert not turn


@settings(max_examples=150, deadline=None)
@given(ticket_specs, rules_st, st.sampled_from([2.0, 5.0]))
def test_no_starvation_booking_turns_while_a_walk_in_waits_are_bounded(specs, rule, every):
    calls, slots, bounds = simulate(specs, rule, every)
    called_at = {chosen.ticket_id: i for i, (_, chosen, _, _, _) in enumerate(calls)}
    assert len(called_at) == len(specs)                       # everybody is called
    for ticket_id in bounds:                                  # every walk-in
        start = next(i for i, c in enumerate(calls) if any(t.ticket_id == ticket_id for t in c[3]))
        window = calls[start:called_at[ticket_id]]
        turns = sum(1 for c in window if c[2])
        others = len(window) - turns
        if rule.every_m_calls > 1:
            assert turns <= 1 + others // (rule.every_m_calls - 1)
        # past its bound, no booking goes ahead of it any more
        assert not any(c[2] for c in window if c[0] >= bounds[ticket_id])


@settings(max_examples=100, deadline=None)
@given(ticket_specs, rules_st, st.integers(0, 200), st.integers(0, 4), st.integers(0, 3), st.randoms())
def test_the_order_is_deterministic_and_the_call_order_starts_with_the_next_call(specs, rule, minute, since_turn,
                                                                                 since_priority, rnd):
    tickets = [WaitingTicket(f"T{i:03d}", "INFO", p, at(a), i) for i, (a, _, _, p, _) in enumerate(specs, 1)]
    slots = {t.ticket_id: Slot(at(s), at(s + 30)) for t, (_, b, s, _, _) in zip(tickets, specs) if b}
    bounds = {t.ticket_id: rules.walk_in_bound(t.arrived_at, e, rule)
              for t, (_, b, _, _, e) in zip(tickets, specs) if not b}
    since_turn = min(since_turn, rule.every_m_calls - 1)
    kw = dict(slots=slots, bounds=bounds, calls_since_turn=since_turn, regular_since_priority=since_priority,
              priority=PRIORITY, rule=rule)
    now = at(minute)
    first = rules.pick_next(tickets, {"INFO"}, now, **kw)
    shuffled = list(tickets)
    rnd.shuffle(shuffled)
    assert rules.pick_next(shuffled, {"INFO"}, now, **kw) == first
    order = rules.call_order(tickets, {"INFO"}, now, **kw)
    assert order == rules.call_order(shuffled, {"INFO"}, now, **kw)
    assert order[0] == first and sorted(t.ticket_id for t in order) == sorted(t.ticket_id for t in tickets)


def test_a_due_booking_goes_first_then_walk_ins_get_their_turns():
    rule = BookingRule(every_m_calls=2, ageing_min=60)
    walk = [WaitingTicket(f"W{i}", "INFO", False, at(i), i) for i in range(3)]
    booked = [WaitingTicket(f"B{i}", "INFO", False, at(10 + i), 10 + i) for i in range(2)]
    slots = {b.ticket_id: Slot(at(20), at(50)) for b in booked}
    order = rules.call_order(walk + booked, {"INFO"}, at(25), slots=slots, bounds={}, calls_since_turn=1,
                             regular_since_priority=3, priority=PRIORITY, rule=rule)
    assert [t.ticket_id for t in order] == ["B0", "W0", "B1", "W1", "W2"]
    # before the slot starts, the bookings wait in arrival order like anybody else
    early = rules.call_order(walk + booked, {"INFO"}, at(15), slots=slots, bounds={}, calls_since_turn=1,
                             regular_since_priority=3, priority=PRIORITY, rule=rule)
    assert [t.ticket_id for t in early] == ["W0", "W1", "W2", "B0", "B1"]


def test_the_ageing_bound_stops_bookings_going_ahead():
    rule = BookingRule(every_m_calls=1, ageing_min=10)
    walk = WaitingTicket("W", "INFO", False, at(0), 1)
    booked = WaitingTicket("B", "INFO", False, at(5), 2)
    slots = {"B": Slot(at(5), at(35))}
    kw = dict(slots=slots, calls_since_turn=0, regular_since_priority=3, priority=PRIORITY, rule=rule)
    bound = {"W": rules.walk_in_bound(walk.arrived_at, 5, rule)}           # 0 + 5 + 10 minutes
    assert rules.pick_next([walk, booked], None, at(14), bounds=bound, **kw).ticket_id == "B"
    assert rules.pick_next([walk, booked], None, at(15), bounds=bound, **kw).ticket_id == "W"


# --------------------------------------------------------------------------- arrival window, codes


def test_the_arrival_window():
    rule = BookingRule(early_min=30, late_min=10)
    start, end = at(120), at(150)
    assert rules.arrival(start, end, at(89), rule) is Arrival.EARLY
    assert rules.arrival(start, end, at(90), rule) is Arrival.ON_TIME
    assert rules.arrival(start, end, at(160), rule) is Arrival.ON_TIME
    assert rules.arrival(start, end, at(161), rule) is Arrival.LATE
    assert rules.is_no_show(BookingState.BOOKED, end, at(161), rule)
    assert not rules.is_no_show(BookingState.CHECKED_IN, end, at(161), rule)
    assert rules.holds_place(BookingState.BOOKED, end, at(160), rule)
    assert not rules.holds_place(BookingState.BOOKED, end, at(161), rule)


@pytest.mark.parametrize("text,code", [("lpk-2026-0001", "LPK-2026-0001"), (" JMO123 ", "JMO123"),
                                       ("http://x/b/LPK-9", "LPK-9"), ("a", None), ("A\x00B", None),
                                       ("", None), ("Ü-123", None)])
def test_booking_codes_are_read_as_typed_or_scanned(text, code):
    assert rules.normalize_code(text) == code


def test_status_references_are_unguessable():
    refs = {new_status_ref() for _ in range(2000)}
    assert len(refs) == 2000
    assert all(is_status_ref(r) and len(r) == 16 for r in refs)      # 12 random bytes = 96 bits
    url = status_url("http://10.0.0.5:8080/", "abcdefghijklmnop")
    assert url == "http://10.0.0.5:8080/t/abcdefghijklmnop"
    assert status_ref_from(url) == "abcdefghijklmnop"
    assert status_ref_from("ANJ1:A-001:20261123:ABC") is None


# --------------------------------------------------------------------------- quota


actions = st.lists(st.sampled_from(["book", "walk_in", "check_in", "lapse"]), min_size=1, max_size=120)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), actions, st.integers(1, 5))
def test_the_quota_is_never_exceeded_by_walk_ins_and_bookings_together(quota, steps, per_counter):
    """Bookings hold places; walk-ins see them as used; a check-in uses its own place; a lapsed
    booking gives its place back. Tickets plus held places never pass the quota."""
    rule = BookingRule(quota_per_counter=per_counter)
    capacity = rules.booking_capacity(rule, counters=2)
    issued = held = booked_total = 0
    for step in steps:
        if step == "book" and rules.can_book(quota, issued, held) and rules.fits_capacity(capacity, booked_total):
            held += 1
            booked_total += 1
        elif step == "walk_in" and rules.quota_count(issued, held) < quota:
            issued += 1
        elif step == "check_in" and held and rules.quota_count(issued, held, holds_own_place=True) < quota:
            held -= 1
            issued += 1
        elif step == "lapse" and held:
            held -= 1
        assert issued + held <= quota
        assert booked_total <= capacity


def test_roles_do_only_their_part():
    assert not may(Role.DISPLAY, Permission.ISSUE)
    assert not may(Role.BOOKING, Permission.COUNTER)
    assert may(Role.KIOSK, Permission.ISSUE) and may(Role.KIOSK, Permission.CHECK_IN)
    assert not may(Role.KIOSK, Permission.COUNTER)
    assert may(Role.COUNTER, Permission.COUNTER) and not may(Role.COUNTER, Permission.ISSUE)
    assert all(may(Role.ADMIN, p) for p in Permission)
    assert not may("nobody", Permission.READ)


def test_simulated_walk_in_waits_stay_bounded_under_a_flood_of_bookings():
    """Thirty bookings all due at once beside ten walk-ins: with M = 2 the walk-ins still get every
    other call, so the last walk-in is called within 20 calls."""
    rnd = random.Random(7)
    specs = [(0, False, 0, False, 10) for _ in range(10)] + [(rnd.randint(0, 5), True, 0, False, 0) for _ in range(30)]
    calls, slots, bounds = simulate(specs, BookingRule(every_m_calls=2, ageing_min=600), 1.0)
    walk_in_positions = [i for i, c in enumerate(calls) if c[1].ticket_id in bounds]
    assert walk_in_positions[-1] < 20


# --------------------------------------------------------------------------- slots and open days


def _minutes(t) -> int:
    return t.hour * 60 + t.minute


def _clock_time(m: int):
    return time(m // 60, m % 60)


@st.composite
def day_hours(draw):
    """A day's service hours at minute resolution, with up to three breaks anywhere in it."""
    opens = draw(st.integers(6 * 60, 10 * 60))
    closes = draw(st.integers(opens + 30, 20 * 60))
    last = draw(st.one_of(st.none(), st.integers(opens, closes)))
    breaks = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(opens - 30, closes))
        end = min(start + draw(st.integers(1, 120)), 24 * 60 - 1)
        breaks.append(TimeRange(_clock_time(start), _clock_time(end)))
    return DayHours(_clock_time(opens), _clock_time(closes), tuple(breaks),
                    _clock_time(last) if last is not None else None)


@settings(max_examples=300, deadline=None)
@given(day_hours(), st.sampled_from([10, 15, 20, 30, 45, 60]))
def test_slots_stay_within_the_hours_skip_every_break_and_are_in_order(day, minutes):
    slots = rules.day_slots(day, minutes)
    for start, end in slots:
        assert _minutes(end) - _minutes(start) == minutes
        assert day.opens <= start and end <= day.ticket_deadline and end <= day.closes
        for b in day.breaks:
            assert not (start < b.end and b.start < end), (start, end, b)     # never overlaps a break
    assert all(a[1] <= b[0] for a, b in zip(slots, slots[1:]))               # in order, never overlapping


@settings(max_examples=200, deadline=None)
@given(day_hours(), st.sampled_from([15, 30, 60]))
def test_every_free_stretch_of_the_day_is_filled_with_slots(day, minutes):
    """Between opening, the breaks and the last ticket, each free stretch holds as many slots as fit."""
    slots = rules.day_slots(day, minutes)
    until = min(_minutes(day.ticket_deadline), _minutes(day.closes))
    busy = sorted((_minutes(b.start), _minutes(b.end)) for b in day.breaks if b.end > b.start)
    free, at = [], _minutes(day.opens)
    for b0, b1 in busy:
        if b0 > at:
            free.append((at, min(b0, until)))
        at = max(at, b1)
    free.append((at, until))
    assert len(slots) == sum(max(0, e - s) // minutes for s, e in free)


def test_a_day_s_slots_skip_the_lunch_break_and_end_by_the_last_ticket():
    friday = DayHours(time(8), time(15), (TimeRange(time(11, 30), time(13)),), time(14, 30))
    slots = [f"{a:%H.%M}-{b:%H.%M}" for a, b in rules.day_slots(friday)]
    assert slots[:2] == ["08.00-08.30", "08.30-09.00"] and "10.00-10.30" in slots
    assert slots[6:] == ["11.00-11.30", "13.00-13.30", "13.30-14.00", "14.00-14.30"]
    assert rules.day_slots(None) == []


def test_open_days_leave_out_the_weekend_and_the_branch_s_closed_dates():
    weekday = DayHours(time(8), time(15))
    hours = OfficeHours(days=(weekday,) * 5 + (None, None), closed_dates=frozenset({date(2026, 11, 25)}))
    days = rules.open_days(hours, date(2026, 11, 23), 4)                      # from a Monday
    assert days == [date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30)]
    assert rules.open_days(OfficeHours(), date(2026, 11, 23)) == []          # never open


@settings(max_examples=100, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.sets(st.integers(0, 6), max_size=6), st.integers(1, 12))
def test_open_days_are_later_open_days_in_order(after, closed_weekdays, count):
    days = tuple(None if i in closed_weekdays else DayHours(time(8), time(15)) for i in range(7))
    found = rules.open_days(OfficeHours(days=days), after, count)
    assert len(found) == count
    assert all(d > after and d.weekday() not in closed_weekdays for d in found)
    assert found == sorted(set(found))
