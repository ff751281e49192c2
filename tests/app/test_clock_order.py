"""A PC whose clock is behind does not jump the queue (issue 18, item 5), on SQLite and PostgreSQL:
tickets are called in the order the database took them, and a machine more than the domain's
limit off the database server knows it."""
from __future__ import annotations

from datetime import datetime, timedelta

from kiosk.domain.clock import SKEW_LIMIT_S
from tests.conftest import Clock, JAKARTA

NIKS = ("3171012902001234", "3171015708900001", "3171010101950002", "3171010202960003", "3171010303970004")


def test_a_pc_whose_clock_is_behind_has_its_tickets_called_in_issue_order(make_services, db_url):
    right = Clock(datetime(2026, 11, 23, 10, 30, tzinfo=JAKARTA))
    behind = Clock(datetime(2026, 11, 23, 9, 32, tzinfo=JAKARTA))     # a kiosk an hour behind
    kiosk_1 = make_services(db_url, clock=right)
    kiosk_2 = make_services(db_url, clock=behind)
    issued = []
    for nik in NIKS[:3]:
        issued.append(kiosk_1.issue(nik, "INFO").place.number)        # 10.30, 10.31, 10.32
        right.advance(minutes=1)
    for nik in NIKS[3:]:
        issued.append(kiosk_2.issue(nik, "INFO").place.number)        # "09.32" by its own clock
        behind.advance(seconds=20)
    assert issued == ["A-001", "A-002", "A-003", "A-004", "A-005"]
    assert [t.number for t in kiosk_1.waiting(["INFO"])] == issued
    held = kiosk_2.issue(NIKS[4], "INFO")                           # A-005 asks again: four ahead
    assert held.existing and held.place.ahead == 4
    called = []
    for _ in issued:
        called.append(kiosk_1.call_next(1).number)
        kiosk_1.finish(1)
    assert called == issued


def test_the_clock_of_a_machine_against_the_database_server(make_services, pg_db):
    behind = make_services(pg_db, clock=lambda: datetime.now(JAKARTA) - timedelta(minutes=5))
    skew = behind.clock_skew()
    assert skew.off and skew.behind and 290 <= skew.whole_seconds <= 310
    right = make_services(pg_db, clock=lambda: datetime.now(JAKARTA))
    assert not right.clock_skew().off and abs(right.clock_skew().seconds) < SKEW_LIMIT_S
    near = make_services(pg_db, clock=lambda: datetime.now(JAKARTA) + timedelta(seconds=SKEW_LIMIT_S - 5))
    assert not near.clock_skew().off


def test_sqlite_has_no_other_clock(make_services, tmp_path):
    assert make_services(f"sqlite:///{tmp_path / 'one.sqlite'}").clock_skew() is None
