"""A place promised on screen or on paper is not taken back by a later booking: through the
services on SQLite and PostgreSQL, and the rule simulated over many mornings."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st

from kiosk.domain import booking as rules
from kiosk.domain.booking import BookingRule, Slot
from kiosk.domain.branch import PriorityRule
from kiosk.domain.nik import make_nik
from kiosk.domain.queue import WaitingTicket, after_call
from kiosk.domain.wait import estimate_wait_minutes
from tests.conftest import JAKARTA

MONDAY = date(2026, 11, 23)


def visitor(serial: int) -> str:
    return make_nik("31", "71", "01", date(1990, 3, 14), "F", 3000 + serial)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, 23, hour, minute, tzinfo=JAKARTA)


def call(svc, clock, counter: int = 1) -> str | None:
    clock.advance(minutes=1)
    view = svc.call_next(counter, "done")
    return view.number if view else None


def test_told_next_she_is_called_next_though_a_booking_checks_in_after_her(svc, clock):
    clock.now = at(8, 0)
    svc.book(visitor(1), "INFO", MONDAY, "09.15", "09.45", source="Lapak Asik", code="LPK-701")
    clock.now = at(9, 10)
    first = svc.issue(visitor(2), "INFO")
    assert first.ahead == 0 and first.ticket_data.ahead == 0          # "Giliran Anda berikutnya"
    clock.now = at(9, 15)
    booked = svc.check_in("LPK-701")                                    # its slot has begun
    assert booked.outcome == "checked_in"
    assert svc.ticket_status(first.ticket_id).ahead == 0               # what her phone and the kiosk say
    assert call(svc, clock) == first.number
    assert call(svc, clock) == booked.ticket.number


def test_a_booking_her_place_counted_goes_first_as_she_was_told(svc, clock):
    clock.now = at(8, 0)
    svc.book(visitor(1), "INFO", MONDAY, "09.00", "09.30", source="Lapak Asik", code="LPK-702")
    clock.now = at(9, 5)
    walk_in = svc.issue(visitor(2), "INFO")
    assert walk_in.ahead == 1                                            # the booking whose slot has begun
    assert svc.ticket_status(walk_in.ticket_id).ahead == 1
    assert svc.public_ticket(walk_in.ref)[0]["ahead"] == 1 == svc.board().places[walk_in.ticket_id].ahead
    booked = svc.check_in("LPK-702")
    assert booked.ticket.ahead == 0 and svc.ticket_status(walk_in.ticket_id).ahead == 1
    assert svc.board().places[walk_in.ticket_id].ahead == 1
    assert call(svc, clock) == booked.ticket.number
    assert call(svc, clock) == walk_in.number


def test_a_booking_made_after_her_place_was_told_waits_behind_her(svc, clock):
    clock.now = at(9, 10)
    walk_in = svc.issue(visitor(2), "INFO")
    assert walk_in.ahead == 0
    clock.now = at(9, 12)
    svc.book(visitor(1), "INFO", MONDAY, "09.15", "09.45", source="counter", code="LPK-703")
    clock.now = at(9, 15)
    booked = svc.check_in("LPK-703")
    assert svc.ticket_status(walk_in.ticket_id).ahead == 0 and booked.ticket.ahead == 1
    assert call(svc, clock) == walk_in.number


# --------------------------------------------------------------------------- many mornings, simulated

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
PRIORITY = PriorityRule(every_n_regular=3)
SERVICE_MIN = 5

mornings = st.lists(
    st.tuples(
        st.integers(0, 120),                 # arrival minute (a booking: its check-in)
        st.booleans(),                       # booked
        st.integers(0, 150),                 # slot start minute (booked only)
        st.integers(-120, 120),              # booking made, minutes (booked only)
        st.booleans(),                       # priority
    ), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(mornings, st.builds(BookingRule, every_m_calls=st.integers(1, 4), ageing_min=st.integers(0, 60)),
       st.sampled_from([2.0, 5.0]))
def test_no_booking_is_called_before_a_ticket_whose_told_place_did_not_count_it(specs, rule, every):
    """One counter; each newcomer is told its place (`promised_place`, the bookings made and not yet
    checked in counted) and the wait; no booking is ever called before an earlier ticket whose place
    did not count it, and every told place is kept by bookings (no booking beyond the count passes)."""
    def minute(m: float) -> datetime:
        return T0 + timedelta(minutes=m)

    arrivals = sorted(enumerate(specs, 1), key=lambda x: (x[1][0], x[0]))
    slots: dict[str, Slot] = {}
    made: dict[str, Slot] = {}               # bookings made, by their ticket id once checked in
    for seq, (arrive, booked, start, booked_min, _) in arrivals:
        if booked:
            made[f"T{seq:03d}"] = Slot(minute(start), minute(start + 30), minute(min(booked_min, arrive)))
    pool: list[WaitingTicket] = []
    promises: dict[str, datetime] = {}
    counted: dict[str, set[str]] = {}        # walk-in → the bookings its place counted
    bounds: dict[str, datetime] = {}
    pending = list(arrivals)
    now, since_turn, since_priority = minute(0), rule.every_m_calls - 1, PRIORITY.every_n_regular
    while pending or pool:
        while pending and minute(pending[0][1][0]) <= now:
            seq, (arrive, booked, _, _, priority) = pending.pop(0)
            t = WaitingTicket(f"T{seq:03d}", "INFO", priority, minute(arrive), seq)
            if booked:
                slots[t.ticket_id] = made[t.ticket_id]
            else:
                to_come = {k: s for k, s in made.items() if k not in slots}
                ahead, wait = rules.promised_place(len(pool), t.arrived_at, list(to_come.values()),
                                                   lambda n: estimate_wait_minutes(n, [], 1, SERVICE_MIN))
                counted[t.ticket_id] = {k for k, s in to_come.items()
                                        if rules.may_pass(s, t.arrived_at, rules.promised_by(t.arrived_at, wait))}
                promises[t.ticket_id] = rules.promised_by(t.arrived_at, wait)
                bounds[t.ticket_id] = rules.walk_in_bound(t.arrived_at, wait, rule)
            pool.append(t)
        if pool:
            chosen, turn = rules.decide(pool, {"INFO"}, now, slots=slots, bounds=bounds, calls_since_turn=since_turn,
                                        regular_since_priority=since_priority, priority=PRIORITY, rule=rule,
                                        promises=promises)
            if turn:
                for t in pool:
                    if t.ticket_id in counted and t.order_key < chosen.order_key:
                        assert chosen.ticket_id in counted[t.ticket_id]
            pool.remove(chosen)
            since_turn = 0 if turn else since_turn + 1
            since_priority = after_call(since_priority, chosen.priority)
        now += timedelta(minutes=every)
