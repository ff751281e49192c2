"""On PostgreSQL every change is announced with NOTIFY at commit, and only at commit."""
from __future__ import annotations

import threading

import psycopg
import pytest

from kiosk.domain import errors
from kiosk.store import db
from tests.conftest import drop_pg_schema, fresh_pg_schema


def _listen(url: str, channel: str) -> psycopg.Connection:
    listener = psycopg.connect(url.split("?")[0].replace("postgresql+psycopg", "postgresql"), autocommit=True)
    listener.execute(psycopg.sql.SQL("LISTEN {}").format(psycopg.sql.Identifier(channel)))
    return listener


@pytest.fixture
def other_branch(make_services, pg_url):
    """Services on a second schema of the same database: another branch's queue."""
    url, schema = fresh_pg_schema(pg_url)
    yield make_services(url)
    drop_pg_schema(pg_url, schema)


def _busy(svc, stop: threading.Event, issued: list) -> threading.Thread:
    """Keep issuing tickets on `svc` until stopped."""
    def run():
        while not stop.is_set():
            issued.append(svc.issue("3171012902001234", "INFO", assisted=True))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_each_committed_event_is_notified_with_its_id(make_services, pg_db, other_branch):
    svc = make_services(pg_db)
    listener = _listen(pg_db, db.notify_channel(svc.database.engine))
    stop, elsewhere = threading.Event(), []
    busy = _busy(other_branch, stop, elsewhere)      # another schema of the same database is busy meanwhile
    try:
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
        stop.set()
        busy.join(10)
        listener.close()
    assert elsewhere                                   # the other schema really was issuing
