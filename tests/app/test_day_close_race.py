"""Two machines whose first action of a new day comes at the same moment close the day before
once: one claim, one event per ticket closed, one summary (SQLite and PostgreSQL)."""
from __future__ import annotations

import threading

from kiosk.domain.ticket import EventKind
from tests.app.test_day_close import MONDAY, TUESDAY, at, monday_left_open

ROUNDS = 3


def test_two_machines_racing_to_close_a_day_close_it_once(make_services, db_url, clock):
    kiosk = make_services(db_url)
    a1, _, a3 = monday_left_open(kiosk, clock)
    counter = make_services(db_url)                   # another machine on the same database
    at(clock, TUESDAY, 8, 0)
    barrier = threading.Barrier(2)
    failures: list[BaseException] = []

    def first_action(work) -> None:
        barrier.wait()
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    machines = [threading.Thread(target=first_action, args=(lambda: kiosk.issue("3171015708900001", "INFO"),)),
                threading.Thread(target=first_action, args=(lambda: counter.current_ticket(2),))]
    for m in machines:
        m.start()
    for m in machines:
        m.join(30)
    assert failures == []
    with kiosk.uow(write=False) as uow:
        events = uow.queue.events_after(0, 10_000)
    assert [e.data["day"] for e in events if e.kind == EventKind.DAY_CLOSED] == [MONDAY.isoformat()]
    closed = sorted((e.ticket_id, e.kind) for e in events if e.kind in (EventKind.NOT_SERVED, EventKind.UNCONFIRMED))
    assert closed == sorted([(a1.ticket_id, EventKind.UNCONFIRMED), (a3.ticket_id, EventKind.NOT_SERVED)])
    assert [r["service"] for r in kiosk.day_summaries(MONDAY, MONDAY)] == ["INFO"]
    assert counter.current_ticket(2) is None


def test_machines_racing_to_close_by_hand_close_once(make_services, db_url, clock):
    machines = [make_services(db_url) for _ in range(3)]
    for round_ in range(ROUNDS):
        day = MONDAY.replace(day=MONDAY.day + round_)
        at(clock, day, 9, 0)
        ticket = machines[0].issue("3171012902001234", "INFO")
        at(clock, day, 18, 0)
        barrier = threading.Barrier(len(machines))
        results = []

        def close(svc) -> None:
            barrier.wait()
            results.append(svc.close_day(day))

        threads = [threading.Thread(target=close, args=(svc,)) for svc in machines]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(r.changed for r in results) == [False, False, True], round_
        with machines[0].uow(write=False) as uow:
            kinds = [e.kind for e in uow.queue.events_after(0, 10_000) if e.ticket_id == ticket.ticket_id]
        assert kinds.count(EventKind.NOT_SERVED) == 1
