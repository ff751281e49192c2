"""The Qt-free event feed: wake-ups, order, reconnects, and `anjungan watch`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from kiosk.events import ConnectionLost, EventFollower, feed_mode, follow
from tests.events.helpers import MONDAY_9, ROOT, anjungan, issue, terminate_backend, wait_until


def collect(svc, count: int, after=None, timeout: float = 15.0, **kw):
    """Run follow() on a thread; returns (events list, stop event, states list, thread)."""
    seen, states, stop = [], [], threading.Event()

    def run():
        for event in follow(svc, after, stop=stop, on_connection=lambda c, r: states.append(c), **kw):
            seen.append(event)
            if len(seen) >= count:
                break

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return seen, stop, states, thread


def test_mode_follows_the_database_url(make_services, tmp_path):
    assert feed_mode(make_services(f"sqlite:///{tmp_path / 'a.sqlite'}")) == "sqlite"
    assert feed_mode(make_services("sqlite://")) == "inprocess"


def test_inprocess_feed_sees_changes_made_through_the_same_services(make_services):
    svc = make_services()
    seen, stop, states, thread = collect(svc, 3, mode="inprocess", safety_poll_s=60)
    wait_until(lambda: states == [True])
    issue(svc, "INFO", "INFO")
    svc.call_next(1)
    thread.join(10)
    stop.set()
    assert [e.kind for e in seen] == ["issued", "issued", "called"]
    assert seen[2].counter == 1 and seen[2].number == seen[0].number


def test_events_from_another_connection_arrive_in_order(make_services, db_url):
    reader, writer = make_services(db_url), make_services(db_url)
    seen, stop, states, thread = collect(reader, 6)
    wait_until(lambda: states == [True])
    tickets = issue(writer, "INFO", "JHT", "INFO")
    writer.call_next(1)
    writer.recall(1)
    writer.pause(3)
    thread.join(15)
    stop.set()
    assert [e.kind for e in seen] == ["issued", "issued", "issued", "called", "recalled", "paused"]
    assert [e.id for e in seen] == sorted(e.id for e in seen)
    assert [e.number for e in seen[:3]] == [t.number for t in tickets]


def test_follow_from_an_event_id_replays_what_is_stored(make_services, db_url):
    svc = make_services(db_url)
    issue(svc, "INFO", "INFO")
    svc.call_next(2)
    seen, stop, _states, thread = collect(svc, 3, after=0)
    thread.join(10)
    stop.set()
    assert [e.kind for e in seen] == ["issued", "issued", "called"]


def test_postgres_listener_killed_reconnects_and_loses_nothing(make_services, pg_db, pg_url):
    reader, writer = make_services(pg_db), make_services(pg_db)
    follower = EventFollower(reader)
    follower.connect()
    assert follower.mode == "postgresql"
    issue(writer, "INFO")
    wait_until(lambda: bool(follower.poll()), timeout=5)
    terminate_backend(pg_url, follower.watcher.pid)
    issue(writer, "JHT")  # made while the listener is gone: its NOTIFY is lost
    with pytest.raises(ConnectionLost):
        for _ in range(50):
            follower.poll()
            time.sleep(0.02)
    follower.disconnect()
    follower.connect()
    missed = follower.fetch()
    assert [e.service for e in missed] == ["JHT"]
    follower.close()


def test_watch_stream_goes_on_after_the_listener_is_killed(make_services, pg_db, pg_url):
    reader, writer = make_services(pg_db), make_services(pg_db)
    others = set(_listener_pids(pg_url))  # only ours is killed, never another program's listener
    seen, stop, states, thread = collect(reader, 3, safety_poll_s=0.5)
    wait_until(lambda: states == [True])
    issue(writer, "INFO")
    wait_until(lambda: len(seen) == 1)
    pids = [p for p in _listener_pids(pg_url, reader.notify_channel) if p not in others]
    assert len(pids) == 1
    for pid in pids:
        terminate_backend(pg_url, pid)
    issue(writer, "JHT")
    wait_until(lambda: False in states, timeout=10)
    writer.call_next(3)
    thread.join(15)
    stop.set()
    assert [e.kind for e in seen] == ["issued", "issued", "called"]
    assert states[-1] is True  # back again after the loss


def _listener_pids(pg_url: str, channel: str = "") -> list[int]:
    """The LISTEN connections on `channel` (this test's schema's), so that the tests running beside
    it on other workers, each on a schema and channel of its own, are never counted or killed."""
    import psycopg

    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE query LIKE %s AND pid <> pg_backend_pid()"
                            " AND backend_type = 'client backend'", (f"LISTEN%{channel}%",)).fetchall()
    return [r[0] for r in rows]


def test_postgres_commits_out_of_id_order_are_all_delivered(make_services, pg_db):
    """Two transactions: the one with the smaller event id commits last; neither event is lost."""
    from kiosk.store import db as store_db
    from kiosk.store.queue import QueueStore

    svc = make_services(pg_db)
    follower = EventFollower(svc)
    follower.connect()
    slow = svc.database.engine.connect()
    slow_tx = slow.begin()
    first = QueueStore(slow).add_event(svc.now(), "assistance", data={"kiosk_id": "kiosk-1"})
    with store_db.transaction(svc.database.engine) as conn:
        second = QueueStore(conn).add_event(svc.now(), "assistance", data={"kiosk_id": "kiosk-2"})
    assert second > first
    got = []
    wait_until(lambda: got.extend(follower.poll()) or any(e.id == second for e in got), timeout=5)
    slow_tx.commit()
    slow.close()
    wait_until(lambda: got.extend(follower.poll()) or any(e.id == first for e in got), timeout=5)
    assert sorted(e.id for e in got) == [first, second]
    follower.close()


def test_sqlite_file_gone_is_a_lost_connection_until_it_is_back(make_services, tmp_path):
    path = tmp_path / "hall.sqlite"
    svc = make_services(f"sqlite:///{path}")
    follower = EventFollower(svc)
    follower.connect()
    aside = tmp_path / "aside.sqlite"
    shutil.move(path, aside)
    with pytest.raises(ConnectionLost):
        follower.poll()
    follower.disconnect()
    with pytest.raises(ConnectionLost):
        follower.connect()  # no empty database is created in its place
    assert not path.exists()
    shutil.move(aside, path)
    follower.connect()
    issue(svc, "INFO")
    wait_until(lambda: bool(follower.poll()), timeout=5)
    follower.close()


def test_watch_command_prints_one_json_line_per_event(make_services, tmp_path):
    url = f"sqlite:///{tmp_path / 'watch.sqlite'}"
    svc = make_services(url)
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    watcher = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", url, "watch", "--json", "--count", "4"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = watcher.stderr.readline()  # "connected" once it follows
        assert "terhubung" in line
        tickets = issue(svc, "INFO", "JHT")
        svc.call_next(1)
        svc.request_assistance("kiosk-2", "kursi roda")
        out, _err = watcher.communicate(timeout=30)
    finally:
        watcher.kill()
    events = [json.loads(line) for line in out.splitlines()]
    assert [e["kind"] for e in events] == ["issued", "issued", "called", "assistance"]
    assert events[0]["number"] == tickets[0].number
    assert events[2]["counter"] == 1
    assert events[3]["data"]["kiosk_id"] == "kiosk-2"
    assert not any("3171012902001234" in line for line in out.splitlines())  # never a full NIK


def test_watch_from_start_as_text(make_services, tmp_path):
    url = f"sqlite:///{tmp_path / 'text.sqlite'}"
    svc = make_services(url)
    issue(svc, "INFO")
    svc.call_next(2)
    done = anjungan("watch", "--from-start", "--count", "2", db=url)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "issued" in lines[0] and "A-001" in lines[0]
    assert "called" in lines[1] and "loket 2" in lines[1]
