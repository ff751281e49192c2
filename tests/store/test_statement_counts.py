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

    event.listen(svc.engine, "before_cursor_execute", listener)
    try:
        yield ran
    finally:
        event.remove(svc.engine, "before_cursor_execute", listener)


def _counts(svc, waiting: int) -> tuple[int, int]:
    for _ in range(waiting):
        svc.issue(fresh_nik(YOUNG), "INFO")
    svc.call_next(1)                                # counter 1 has a ticket to finish when it calls
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
