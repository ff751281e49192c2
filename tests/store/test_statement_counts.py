"""How many statements `issue` and `call` send to the database (counted, not timed): each one is
a round trip on a branch server and SQLAlchemy's per-statement work on SQLite. The limits are
today's counts; a change that adds a statement fails here, one that removes some may lower them.
Neither count may grow with the queue."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from tests.conftest import fresh_nik

YOUNG = "3171012902001234"
# participant look-up; BEGIN IMMEDIATE (SQLite only: PostgreSQL's BEGIN is not a cursor statement);
# repeat visit + waiting count + booked slots in one read; number; ticket; event
ISSUE_MAX = {"sqlite": 6, "postgresql": 5}
CALL_MAX = {"sqlite": 13, "postgresql": 12}


@contextmanager
def counting(svc):
    ran: list[str] = []

    def listener(_conn, _cursor, statement, *_):
        ran.append(statement)

    event.listen(svc.database.engine, "before_cursor_execute", listener)
    try:
        yield ran
    finally:
        event.remove(svc.database.engine, "before_cursor_execute", listener)


def _counts(svc, waiting: int) -> tuple[int, int]:
    for _ in range(waiting):
        svc.issue(fresh_nik(YOUNG), "INFO")
    svc.call_next(1, "done")                        # counter 1 has a ticket to finish when it calls
    svc.start_serving(1)                            # (being served: the next call finishes it)
    with counting(svc) as issued:
        svc.issue(fresh_nik(YOUNG), "INFO")
    with counting(svc) as called:
        svc.call_next(1)
    return len(issued), len(called)


def test_issue_and_call_send_no_more_statements_than_today_however_long_the_queue(svc):
    svc.issue(fresh_nik(YOUNG), "ADUAN")            # the first unit of work also purges old NIKs
    svc.call_next(6)
    short = _counts(svc, 3)
    long = _counts(svc, 60)
    assert short == long
    issued, called = short
    assert issued <= ISSUE_MAX[svc.dialect], f"issue sends {issued} statements"
    assert called <= CALL_MAX[svc.dialect], f"call sends {called} statements"


def test_a_new_ticket_and_its_event_are_one_statement_on_postgresql(db_url, tmp_path):
    from datetime import datetime, timezone

    from kiosk.domain.queue import TicketState
    from kiosk.domain.ticket import Ticket
    from kiosk.store.db import make_engine, transaction
    from kiosk.store.queue import QueueStore
    from kiosk.store.schema import upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    at = datetime(2026, 11, 23, 2, 0, 0, 123456, tzinfo=timezone.utc)
    ticket = Ticket(ticket_id="NEW000000001", service_day=at.date(), service="INFO", seq=1, number="A-001",
                    state=TicketState.WAITING, priority=True, priority_reason="lansia", assisted=False, verified=True,
                    documents_complete=True, nik="3171011708450001", nik_hash="e" * 64, nik_last4="0001",
                    kiosk_id="kiosk-1", arrived_at=at, issued_at=at, ref="R" * 16, estimated_wait_min=7)
    ran: list[str] = []
    with transaction(engine) as conn:
        event.listen(conn, "before_cursor_execute", lambda _c, _cur, statement, *_: ran.append(statement))
        event_id = QueueStore(conn).insert_ticket_with_event(ticket, at, "issued", {"priority": True})
    with transaction(engine, write=False) as conn:
        q = QueueStore(conn)
        assert q.ticket(ticket.ticket_id) == ticket
        (issued,) = q.events_after(event_id - 1)
        assert q.waiting_count(ticket.service_day, "INFO") == 1
    assert (issued.id, issued.kind, issued.ticket_id, issued.number, issued.service, issued.data) == (
        event_id, "issued", ticket.ticket_id, "A-001", "INFO", {"priority": True})
    assert len([s for s in ran if s.lstrip().upper().startswith(("INSERT", "WITH"))]) == (
        1 if engine.dialect.name == "postgresql" else 2)
    engine.dispose()
