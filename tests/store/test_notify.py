"""On PostgreSQL every change is announced with NOTIFY at commit, and only at commit."""
from __future__ import annotations

import psycopg
import pytest

from kiosk.domain import errors


def test_each_committed_event_is_notified_with_its_id(make_services, pg_db):
    svc = make_services(pg_db)
    listener = psycopg.connect(pg_db.split("?")[0].replace("postgresql+psycopg", "postgresql"), autocommit=True)
    try:
        listener.execute("LISTEN anjungan_events")
        ticket = svc.issue("3171012902001234", "INFO")
        svc.call_next(1)
        with pytest.raises(errors.UnknownService):
            svc.issue("3171012902001234", "NOPE")          # refused: nothing is written, nothing notified
        got = [int(n.payload) for n in listener.notifies(timeout=2, stop_after=2)]
        expected = [e.id for e in svc.events_after(0)]
        assert got == expected and len(expected) == 2
        assert svc.events_after(got[0] - 1)[0].ticket_id == ticket.ticket_id
        assert list(listener.notifies(timeout=0.5)) == []
    finally:
        listener.close()
