"""The queue read by its heads: a counter's call reads only the tickets the fairness rule can
pick, a repeat visit and the waiting count are found without reading the queue, and the rule's
pick is the one it makes over every waiting ticket."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select, text

from kiosk.domain import booking as booking_rules
from kiosk.domain.booking import Booking, BookingRule, BookingState
from kiosk.domain.branch import PriorityRule
from kiosk.domain.queue import Move, TicketState
from kiosk.domain.ticket import Ticket
from kiosk.store.bookings import BookingStore
from kiosk.store.db import make_engine, transaction
from kiosk.store.models import tickets
from kiosk.store.queue import QueueStore
from kiosk.store.schema import upgrade
from tests.conftest import fresh_nik

DAY = date(2026, 11, 23)
NOON = datetime(2026, 11, 23, 5, 0, tzinfo=timezone.utc)        # 12.00 in Jakarta
SERVICES = ("INFO", "ADUAN", "KLAIM")
STATES = (TicketState.WAITING,) * 5 + (TicketState.CALLED, TicketState.DONE, TicketState.NO_SHOW)


def _ticket(i: int, service: str, priority: bool, arrived: datetime, state: TicketState,
            estimate: int | None, nik_hash: str | None = None) -> Ticket:
    return Ticket(
        ticket_id=f"T{i:05d}", service_day=DAY, service=service, seq=i + 1, number=f"A-{i + 1:03d}", state=state,
        priority=priority, priority_reason="lansia" if priority else None, assisted=False, verified=True,
        documents_complete=True, nik=None, nik_hash=nik_hash or secrets.token_hex(32), nik_last4="0001",
        kiosk_id="kiosk-1", arrived_at=arrived, issued_at=arrived, estimated_wait_min=estimate)


def _booking(code: str, t: Ticket, state: BookingState, start: datetime) -> Booking:
    return Booking(code=code, service_day=DAY, service=t.service, slot_start=start,
                   slot_end=start + timedelta(minutes=30), source="test", state=state, nik_hash=t.nik_hash,
                   nik_last4="0001", created_at=NOON - timedelta(days=1), updated_at=NOON,
                   ticket_id=t.ticket_id if state is not BookingState.BOOKED else None)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('heads') / 'q.sqlite'}")
    upgrade(engine)
    yield engine
    engine.dispose()


# Arrival times from a few minutes, so that equal arrivals (ordered by number, then id) are common.
queue_tickets = st.lists(st.tuples(
    st.sampled_from(SERVICES), st.booleans(), st.integers(0, 12), st.sampled_from(STATES),
    st.one_of(st.none(), st.integers(0, 60)),
    st.one_of(st.none(), st.tuples(st.sampled_from((BookingState.CHECKED_IN,) * 3 + (BookingState.WALK_IN,)),
                                   st.integers(-60, 40)))), max_size=30)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queue=queue_tickets, served=st.sets(st.sampled_from(SERVICES), min_size=1),
       clock=st.integers(-30, 90), since_turn=st.integers(0, 3), since_priority=st.integers(0, 4),
       every_m=st.integers(1, 3), every_n=st.integers(1, 4), ageing=st.integers(0, 40))
def test_the_call_picks_from_the_candidates_what_it_picks_from_every_waiting_ticket(
        engine, queue, served, clock, since_turn, since_priority, every_m, every_n, ageing):
    start = NOON - timedelta(minutes=90)
    made = [_ticket(i, service, priority, start + timedelta(minutes=minute), state, estimate)
            for i, (service, priority, minute, state, estimate, _) in enumerate(queue)]
    with transaction(engine) as conn:
        conn.execute(text("DELETE FROM bookings"))
        conn.execute(text("DELETE FROM tickets"))
        q, store = QueueStore(conn), BookingStore(conn)
        for t in made:
            q.insert_ticket(t)
        for i, (t, (*_, booked)) in enumerate(zip(made, queue)):
            if booked is not None:
                store.save(_booking(f"BK-{i:04d}", t, booked[0], NOON + timedelta(minutes=booked[1])))
        store.save(_booking("BK-OPEN", made[0] if made else _ticket(99, "INFO", False, start, TicketState.DONE, 0),
                            BookingState.BOOKED, NOON))
    now = NOON + timedelta(minutes=clock)
    rule = BookingRule(every_m_calls=every_m, ageing_min=ageing)
    priority = PriorityRule(every_n_regular=every_n)
    with transaction(engine, write=False) as conn:
        q, store = QueueStore(conn), BookingStore(conn)
        slots = store.slots(DAY)
        every = q.waiting_tickets(DAY, sorted(served))
        candidates, their_slots = q.call_candidates_with_slots(DAY, served)
        assert q.call_candidates(DAY, served) == candidates

    def pick(waiting, slots=slots):
        bounds = {t.ticket_id: booking_rules.walk_in_bound(t.arrived_at, t.estimated_wait_min, rule)
                  for t in waiting if t.ticket_id not in slots}
        chosen, turn = booking_rules.decide([t.waiting for t in waiting], served, now, slots=slots, bounds=bounds,
                                            calls_since_turn=since_turn, regular_since_priority=since_priority,
                                            priority=priority, rule=rule)
        return (chosen.ticket_id if chosen else None), turn

    assert {t.ticket_id for t in candidates} <= {t.ticket_id for t in every}
    assert their_slots == {ticket_id: slot for ticket_id, slot in slots.items() if ticket_id in {t.ticket_id for t in every}}
    assert pick(candidates) == pick(candidates, their_slots) == pick(every)


def test_a_walk_in_behind_the_head_whose_bound_passed_holds_a_due_booking_back(engine):
    """The walk-in that decides the ageing bound need not be a head: the second in line was told
    a short wait and has waited past it (plus K), the first was told a long one."""
    rule, priority = BookingRule(every_m_calls=2, ageing_min=20), PriorityRule()
    first = _ticket(1, "INFO", False, NOON - timedelta(minutes=60), TicketState.WAITING, 120)
    second = _ticket(2, "INFO", False, NOON - timedelta(minutes=50), TicketState.WAITING, 0)
    booked = _ticket(3, "INFO", False, NOON - timedelta(minutes=10), TicketState.WAITING, None)
    with transaction(engine) as conn:
        conn.execute(text("DELETE FROM bookings"))
        conn.execute(text("DELETE FROM tickets"))
        for t in (first, second, booked):
            QueueStore(conn).insert_ticket(t)
        BookingStore(conn).save(_booking("BK-DUE", booked, BookingState.CHECKED_IN, NOON - timedelta(minutes=5)))
    with transaction(engine, write=False) as conn:
        slots = BookingStore(conn).slots(DAY)
        candidates = QueueStore(conn).call_candidates(DAY, ["INFO"])
    bounds = {t.ticket_id: booking_rules.walk_in_bound(t.arrived_at, t.estimated_wait_min, rule)
              for t in candidates if t.ticket_id not in slots}
    chosen, turn = booking_rules.decide([t.waiting for t in candidates], {"INFO"}, NOON, slots=slots, bounds=bounds,
                                        calls_since_turn=1, regular_since_priority=0, priority=priority, rule=rule)
    assert (chosen.ticket_id, turn) == (first.ticket_id, False)
    assert {t.ticket_id for t in candidates} == {first.ticket_id, second.ticket_id, booked.ticket_id}


def test_a_long_queue_gives_a_counter_only_its_heads(engine):
    start = NOON - timedelta(hours=3)
    with transaction(engine) as conn:
        conn.execute(text("DELETE FROM bookings"))
        conn.execute(text("DELETE FROM tickets"))
        q = QueueStore(conn)
        for i in range(300):
            q.insert_ticket(_ticket(i, SERVICES[i % 3], i % 7 == 3, start + timedelta(seconds=i), TicketState.WAITING,
                                    10))
    with transaction(engine, write=False) as conn:
        candidates = QueueStore(conn).call_candidates(DAY, ["INFO", "ADUAN"])
    # the oldest regular and the oldest priority ticket of each of the two services
    assert [t.ticket_id for t in candidates] == ["T00000", "T00001", "T00003", "T00010"]


def _plans(engine, read) -> list[str]:
    """SQLite's query plan of each statement `read(store)` runs."""
    from sqlalchemy import event

    ran = []
    with engine.connect() as conn:
        listener = lambda _c, _cur, statement, parameters, *_: ran.append((statement, parameters))  # noqa: E731
        event.listen(conn, "before_cursor_execute", listener)
        read(QueueStore(conn))
        event.remove(conn, "before_cursor_execute", listener)
        return [" | ".join(r[-1] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters))
                for statement, parameters in ran]


def test_the_repeat_visit_and_the_heads_are_read_through_their_indexes(engine):
    (repeat,) = _plans(engine, lambda q: q.waiting_ticket_of(DAY, "INFO", "ab" * 32))
    assert "ix_tickets_nik_hash" in repeat and "SCAN tickets" not in repeat
    (heads,) = _plans(engine, lambda q: q.call_candidates(DAY, ["INFO", "ADUAN"]))
    # four heads, each one seek into the index in call order: no sort, no scan of the queue
    assert heads.count("ix_tickets_waiting") == 4 and "TEMP B-TREE" not in heads and "SCAN tickets" not in heads
    assert "ix_bookings_day" in heads             # the booked ones: from the day's bookings, not the queue


def _actual_waiting(svc) -> dict[str, int]:
    with svc.database.engine.connect() as conn:
        rows = conn.execute(select(tickets.c.service, tickets.c.state)).all()
    counts: dict[str, int] = {}
    for service, state in rows:
        if state == "waiting":
            counts[service] = counts.get(service, 0) + 1
    return counts


def _kept_waiting(svc) -> dict[str, int]:
    with transaction(svc.database.engine, write=False) as conn:
        q = QueueStore(conn)
        return {s.code: n for s in svc.config.branch.services if (n := q.waiting_count(DAY, s.code))}


def test_the_waiting_count_follows_every_move_of_a_ticket(svc, clock):
    young = "3171012902001234"
    for _ in range(4):
        svc.issue(fresh_nik(young), "INFO")
    svc.issue(fresh_nik(young), "ADUAN")
    assert _kept_waiting(svc) == _actual_waiting(svc) == {"INFO": 4, "ADUAN": 1}
    svc.call_next(1)
    svc.transfer(1, "JHT", "berkas")            # a service that has issued no number today
    assert _kept_waiting(svc) == _actual_waiting(svc) == {"INFO": 3, "ADUAN": 1, "JHT": 1}
    svc.call_next(1)
    svc.recall(1)
    clock.advance(minutes=2)                    # a no-show after the branch's grace
    svc.skip(1)
    assert _kept_waiting(svc) == _actual_waiting(svc)
    svc.return_to_queue(1, svc.events_after(0)[-1].ticket_id)      # back into the queue, next
    assert _kept_waiting(svc) == _actual_waiting(svc)
    with transaction(svc.database.engine) as conn:      # a write rolled back leaves the count as it was
        conn.execute(text("UPDATE tickets SET state = 'cancelled' WHERE state = 'waiting'"))
        assert QueueStore(conn).waiting_count(DAY, "INFO") == 0
        conn.rollback()
    assert _kept_waiting(svc) == _actual_waiting(svc)


def test_a_database_of_the_revision_before_gets_its_counts_from_its_tickets(db_url):
    from alembic import command

    from kiosk.store.schema import alembic_config

    engine = make_engine(db_url)
    with engine.connect() as conn:
        command.upgrade(alembic_config(engine, conn), "0009")
        conn.commit()
    with transaction(engine) as conn:
        for i, (service, state) in enumerate([("INFO", "waiting"), ("INFO", "waiting"), ("INFO", "done"),
                                              ("KLAIM", "waiting")]):
            t = _ticket(i, service, False, NOON, TicketState(state), None)
            conn.execute(text(
                "INSERT INTO tickets (ticket_id, service_day, service, seq, number, state, priority, assisted, "
                "verified, documents_complete, arrived_at, issued_at, call_count, print_state) VALUES "
                "(:id, :day, :service, :seq, :number, :state, false, false, true, true, :at, :at, 0, 'none')"),
                {"id": t.ticket_id, "day": DAY, "service": service, "seq": t.seq, "number": t.number,
                 "state": state, "at": NOON.replace(tzinfo=None) if engine.dialect.name == "sqlite" else NOON})
        conn.execute(text("INSERT INTO number_sequences (service_day, service, last_seq) VALUES (:d, 'INFO', 3)"),
                     {"d": DAY})
    upgrade(engine)
    with transaction(engine, write=False) as conn:
        q = QueueStore(conn)
        assert (q.waiting_count(DAY, "INFO"), q.waiting_count(DAY, "KLAIM"), q.waiting_count(DAY, "ADUAN")) == (2, 1, 0)
        assert q.service_counts(DAY) == {"INFO": {"waiting": 2, "issued": 3}, "KLAIM": {"waiting": 1, "issued": 0}}
    with transaction(engine) as conn:          # and the triggers keep them from then on
        QueueStore(conn).insert_ticket(_ticket(7, "KLAIM", False, NOON, TicketState.WAITING, None))
    with transaction(engine, write=False) as conn:
        assert QueueStore(conn).waiting_count(DAY, "KLAIM") == 2
    engine.dispose()


def test_the_repeat_visit_read_answers_the_count_and_the_places_held_as_their_own_reads_do(engine):
    nik_hash = "c" * 64
    mine = _ticket(1, "INFO", False, NOON - timedelta(minutes=30), TicketState.WAITING, 5, nik_hash=nik_hash)
    other = _ticket(2, "INFO", True, NOON - timedelta(minutes=20), TicketState.WAITING, 5)
    with transaction(engine) as conn:
        conn.execute(text("DELETE FROM bookings"))
        conn.execute(text("DELETE FROM tickets"))
        q, store = QueueStore(conn), BookingStore(conn)
        q.insert_ticket(mine)
        q.insert_ticket(other)
        store.save(_booking("BK-HOLDS", other, BookingState.BOOKED, NOON))        # slot 12.00-12.30
    for ended_after, held in ((NOON, {"INFO": 1}), (NOON + timedelta(minutes=30), {"INFO": 1}),
                              (NOON + timedelta(minutes=31), {})):
        with transaction(engine) as conn:
            q, store = QueueStore(conn), BookingStore(conn)
            facts = q.issue_facts(DAY, "INFO", nik_hash)
            assert facts.held.ticket_id == mine.ticket_id and facts.waiting == 2
            assert facts.booked_until == NOON + timedelta(minutes=30)
            assert (q.waiting_count(DAY, "INFO"), store.held(DAY, ended_after)) == (2, held)
            assert q.waiting_ticket_of(DAY, "INFO", "d" * 64) is None
            # after a write in the same transaction the answers are read again
            store.save(_booking("BK-LATER", other, BookingState.BOOKED, NOON + timedelta(hours=2)))
            q.move(mine.ticket_id, Move.CANCEL)
            assert (q.waiting_count(DAY, "INFO"), store.held(DAY, ended_after)) == (1, {"INFO": 1 + len(held)})
            conn.rollback()


def test_a_counter_reads_its_candidates_and_their_slots_on_both_engines(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    start = NOON - timedelta(hours=1)
    made = [_ticket(i, ("INFO", "ADUAN")[i % 2], i % 5 == 4, start + timedelta(minutes=i), TicketState.WAITING, 10)
            for i in range(12)]
    with transaction(engine) as conn:
        for t in made:
            QueueStore(conn).insert_ticket(t)
        BookingStore(conn).save(_booking("BK-SLOT", made[7], BookingState.CHECKED_IN, NOON))
    with transaction(engine, write=False) as conn:
        candidates, slots = QueueStore(conn).call_candidates_with_slots(DAY, ["INFO", "ADUAN"])
        assert slots == {made[7].ticket_id: BookingStore(conn).slots(DAY)[made[7].ticket_id]}
    # the heads (regular and priority of each service), the booked ticket, and the walk-in whose
    # bound comes first (the oldest, all were told the same wait)
    assert [t.ticket_id for t in candidates] == [made[i].ticket_id for i in (0, 1, 4, 7, 9)]
    assert candidates[0] == made[0] and slots[made[7].ticket_id].start == NOON
    engine.dispose()
