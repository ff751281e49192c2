"""Two branches on one PostgreSQL database (one schema each) do not wake each other's feed."""
from __future__ import annotations

import time

import pytest

from kiosk.events import EventFollower
from kiosk.events.feed import PostgresWatcher
from kiosk.store import db
from tests.conftest import drop_pg_schema, fresh_pg_schema
from tests.events.helpers import issue, wait_until


@pytest.fixture
def two_branches(make_services, pg_db, pg_url):
    url_b, schema_b = fresh_pg_schema(pg_url)
    yield make_services(pg_db), make_services(url_b)
    drop_pg_schema(pg_url, schema_b)


def _quiet_for(watcher, seconds: float) -> bool:
    """True when the watcher saw no change for `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        watcher.wait(0.05)
        if watcher.changed():
            return False
    return True


def test_the_services_listen_on_their_own_schemas_channel(two_branches):
    a, b = two_branches
    assert a.notify_channel == db.notify_channel(a.database.engine)
    assert b.notify_channel == db.notify_channel(b.database.engine)
    assert a.notify_channel != b.notify_channel


def test_a_watcher_is_not_woken_by_another_schema(two_branches):
    a, b = two_branches
    watcher = PostgresWatcher(b.listen_dsn(), db.notify_channel(b.database.engine))
    try:
        issue(a, "INFO", "INFO")
        a.call_next(1)
        assert _quiet_for(watcher, 1.0)
        issue(b, "INFO")
        wait_until(watcher.changed, timeout=5)
    finally:
        watcher.close()


def test_a_follower_gets_only_its_own_schemas_events(two_branches):
    a, b = two_branches
    follower = EventFollower(b)
    follower.connect()
    try:
        assert follower.mode == "postgresql"
        issue(a, "INFO", "JHT")
        a.call_next(1)
        assert _quiet_for(follower.watcher, 1.0)
        assert follower.poll(safety_poll_s=60) == []
        issue(b, "INFO")
        seen = []
        wait_until(lambda: seen.extend(follower.poll(safety_poll_s=60)) or seen, timeout=5)
        assert [(e.id, e.kind) for e in seen] == [(1, "issued")]
        assert seen[0].ticket_id == b.events_after(0)[0].ticket_id
    finally:
        follower.close()
