"""An event whose transaction commits late is still delivered, once, on both engines.

On PostgreSQL an event id is given when the row is written; a transaction that commits 15 s
later makes its smaller id appear after larger ones were read. The follower used to wait 10 s
for a missing id and then give up on it, so `watch` never printed an event that committed 15 s
late. Now nothing is given up after a fixed time: the store finds the rows that committed since
the snapshot of the last read (kiosk/store/feed.py).

The default run commits 1 s and 15 s late; the 120 s case carries the `slow` marker (deselected
by default): `.venv/bin/python -m pytest -m slow tests/events/test_late_commits.py`. As no
waiting time is left in the follower, the 10-hour clock jump below covers any delay in
milliseconds.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from kiosk.domain.position import EventPosition
from kiosk.events import EventFollower
from kiosk.store import feed
from tests.events.helpers import MONDAY_9, ROOT, issue, wait_until

NIK = "3171012902001234"


class SlowCommit(threading.Thread):
    """A transaction that writes one event, then waits `delay` s before it commits (a slow link,
    a frozen client). It uses a connection of its own, without the product's timeouts."""

    def __init__(self, url: str, delay: float, tag: str):
        super().__init__(daemon=True)
        self.url, self.delay, self.tag = url, delay, tag
        self.event_id: int | None = None
        self.written = threading.Event()
        self.committed = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.url.startswith("sqlite"):
                self._sqlite()
            else:
                self._postgres()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
            self.written.set()

    def _sqlite(self) -> None:
        conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None, timeout=30)
        conn.execute("BEGIN IMMEDIATE")
        cur = conn.execute("INSERT INTO events (at, kind, data) VALUES (?, 'assistance', ?)",
                           ("2026-11-23 02:00:00.000000", json.dumps({"kiosk_id": self.tag})))
        self.event_id = cur.lastrowid
        self.written.set()
        time.sleep(self.delay)
        conn.execute("COMMIT")
        self.committed.set()
        conn.close()

    def _postgres(self) -> None:
        import psycopg

        with psycopg.connect(self.url.replace("postgresql+psycopg", "postgresql")) as conn:
            self.event_id = conn.execute(
                "INSERT INTO events (at, kind, data) VALUES (now(), 'assistance', %s) RETURNING id",
                (json.dumps({"kiosk_id": self.tag}),)).fetchone()[0]
            self.written.set()
            time.sleep(self.delay)
            conn.commit()
        self.committed.set()


def _watch(url: str) -> subprocess.Popen:
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", url, "watch", "--json"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert "terhubung" in proc.stderr.readline()
    return proc


class Lines(threading.Thread):
    """Collects a process's stdout lines as they come."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.lines = stream, []

    def run(self) -> None:
        for line in self.stream:
            self.lines.append(json.loads(line))

    def kiosks(self) -> list[str]:
        return [e["data"].get("kiosk_id") for e in self.lines if e["kind"] == "assistance"]


def _late_commits_reach_watch(make_services, url: str, delays: tuple[float, ...]) -> None:
    _reach(url, delays, *_followed(make_services, url))


def _followed(make_services, url: str):
    """The database made (migrations run in the test's thread) and `watch` following it."""
    svc = make_services(url)
    watcher = _watch(url)
    out = Lines(watcher.stdout)
    out.start()
    return svc, watcher, out


def _reach(url: str, delays: tuple[float, ...], svc, watcher, out) -> None:
    try:
        slow = []
        for delay in delays:
            s = SlowCommit(url, delay, f"late-{delay:g}s")
            s.start()
            assert s.written.wait(30) and s.error is None, s.error
            slow.append(s)
            if url.startswith("sqlite"):
                s.join(delay + 30)               # one writer at a time on SQLite
        if not url.startswith("sqlite"):
            ticket = issue(svc, "INFO", nik=NIK)[0]          # commits at once, with a larger event id
            assert ticket.number
            wait_until(lambda: any(e["kind"] == "issued" for e in out.lines), timeout=10)
        for s in slow:
            s.join(max(delays) + 30)
            assert s.committed.is_set() and s.error is None, s.error
        wanted = [f"late-{d:g}s" for d in delays]
        wait_until(lambda: all(k in out.kiosks() for k in wanted), timeout=15)
        time.sleep(0.5)                           # and nothing comes twice
        assert sorted(out.kiosks()) == sorted(wanted)
        ids = [e["id"] for e in out.lines]
        assert len(ids) == len(set(ids))
    finally:
        watcher.kill()
        watcher.wait(10)


@pytest.mark.timeout(120)
def test_watch_prints_events_that_commit_1_and_15_seconds_late_on_both_engines(make_services, pg_db, tmp_path):
    """Both engines at once, so their waits overlap: each database is made first, in this thread."""
    runs = [(url, *_followed(make_services, url)) for url in (pg_db, f"sqlite:///{tmp_path / 'late.sqlite'}")]
    failures: list[BaseException] = []

    def run(url, svc, watcher, out) -> None:
        try:
            _reach(url, (1, 15), svc, watcher, out)
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=r) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(110)
    assert not any(t.is_alive() for t in threads)
    if failures:
        raise failures[0]


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_watch_prints_an_event_that_commits_120_seconds_late(make_services, request, tmp_path, backend):
    url = f"sqlite:///{tmp_path / 'late.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_db")
    _late_commits_reach_watch(make_services, url, (120,))


def test_no_waiting_time_is_left_in_the_follower(make_services, pg_db, monkeypatch):
    """The follower's clock jumps 10 hours between the read past the id and the late commit:
    the event still arrives (there is no patience to run out)."""
    from kiosk.events import feed as feed_module

    svc = make_services(pg_db)
    follower = EventFollower(svc)
    follower.connect()
    slow = SlowCommit(pg_db, 0.5, "ten-hours")
    slow.start()
    assert slow.written.wait(10)
    issue(svc, "INFO", nik=NIK)
    got = []
    wait_until(lambda: got.extend(follower.poll(force=True)) or any(e.kind == "issued" for e in got), timeout=5)
    real = time.monotonic
    monkeypatch.setattr(feed_module.time, "monotonic", lambda: real() + 36_000)
    slow.join(10)
    wait_until(lambda: got.extend(follower.poll(force=True)) or any(e.id == slow.event_id for e in got), timeout=5)
    assert [e.id for e in got].count(slow.event_id) == 1
    follower.close()


def test_late_rows_are_found_across_pages_and_given_once(make_services, pg_db):
    """A late commit below the position, while more new rows than one page are waiting."""
    svc = make_services(pg_db)
    start = svc.event_position()
    slow = SlowCommit(pg_db, 1.0, "under-pages")
    slow.start()
    assert slow.written.wait(10)
    for _ in range(7):
        svc.record("assistance", data={"kiosk_id": "fast"})
    seen: list[int] = []
    at = start
    with svc.database.engine.connect() as conn:
        while True:
            events, at, more = feed.events_since(conn, at, limit=3)
            seen += [e.id for e in events]
            if not more:
                break
    assert slow.event_id not in seen and len(seen) == 7
    slow.join(10)
    with svc.database.engine.connect() as conn:
        events, at, more = feed.events_since(conn, at, limit=3)
        assert [e.id for e in events] == [slow.event_id] and not more
        assert feed.events_since(conn, at, limit=3)[0] == []            # given once


def test_a_commit_during_a_resync_arrives_as_an_event(make_services, db_url):
    """The status and the position come from one moment: a change that commits after the resync
    read is an event the follower delivers, not a change it silently misses."""
    svc = make_services(db_url)
    follower = EventFollower(svc)
    follower.connect()
    slow = SlowCommit(db_url, 1.0, "during-resync")
    slow.start()
    assert slow.written.wait(10)
    status = follower.resync()
    assert status.services
    slow.join(10)
    got = []
    wait_until(lambda: got.extend(follower.poll(force=True)) or any(e.id == slow.event_id for e in got), timeout=5)
    assert [e.id for e in got] == [slow.event_id]
    follower.close()


def test_a_position_without_a_snapshot_reads_on_from_its_id(make_services, db_url):
    svc = make_services(db_url)
    issue(svc, "INFO", nik=NIK)
    events, at, more = svc.events_since(EventPosition(0))
    assert [e.kind for e in events] == ["issued"] and not more
    assert at.last_id == events[-1].id
    assert (at.snapshot is not None) == db_url.startswith("postgresql")
