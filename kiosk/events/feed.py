"""Following the queue's events, without Qt.

One interface, three ways, chosen from the database URL:
- "inprocess": an in-memory SQLite database; only changes made through this process's
  services exist, and `svc.subscribe` reports them;
- "sqlite": a SQLite file shared by processes on one PC; `PRAGMA data_version` on a watching
  connection tells when another connection committed;
- "postgresql": LISTEN on a dedicated connection; every change is sent with
  `NOTIFY <channel>, '<event id>'` in the same transaction. Each schema of a database has a
  channel of its own (`svc.notify_channel`, e.g. `anjungan_events_<schema>`), so queues kept
  side by side in one database do not wake each other.
In every way the event table is the truth: a wake-up only says "read the events after the
last one seen". A lost connection is reported, reconnected with backoff and followed by a
resync; a slow safety poll catches anything a lost notification would hide.

No committed event is ever skipped, however late its transaction commits: the follower keeps an
`EventPosition` (the last id and, on PostgreSQL, the snapshot of the last read), and the store
hands back both the events after the last id and the ones at or below it that committed since
(kiosk/store/feed.py). Nothing is given up after a fixed wait.

A server that stops answering (a frozen machine, a dead switch) is noticed within
`PG_PING_EVERY_S` + `PG_PING_DEADLINE_S`: the LISTEN connection is pinged with a deadline, and
every read of the store has one too (kiosk/store/db.py). Reconnects back off to at most
`Backoff.ceiling` seconds, so the feed is back within a few seconds of the server answering.

`EventFollower` does the reading and keeps the position; `follow()` is a blocking iterator
for the `anjungan watch` command. The Qt windows use `kiosk.events.qt.QtEventFeed`.
"""
from __future__ import annotations

import logging
import os
import select
import sqlite3
import threading
import time
from typing import Callable, Iterator

from kiosk.domain import errors
from kiosk.domain.position import EventPosition
from kiosk.events.inotify import FolderWatch

log = logging.getLogger("anjungan.events")

MODES = ("inprocess", "sqlite", "postgresql")
SQLITE_POLL_S = 0.1           # PRAGMA data_version is a cheap read: poll well under 250 ms
SQLITE_WATCHED_POLL_S = 1.0   # with inotify the kernel wakes us; this only notices a replaced file
SQLITE_SETTLE_S = (0.002, 0.005, 0.01, 0.02)   # a write seen before its commit is visible: look again
SAFETY_POLL_S = 5.0           # a full read even when nothing woke us
FETCH_LIMIT = 500
PG_PING_EVERY_S = 1.5         # the LISTEN connection is asked for a sign of life this often
PG_PING_DEADLINE_S = 2.0      # and given this long to answer
PG_CONNECT_TIMEOUT_S = 2      # libpq's smallest
# TCP: a dead link is noticed by the kernel within seconds, not the default two hours.
PG_TCP = {"keepalives": 1, "keepalives_idle": 2, "keepalives_interval": 1, "keepalives_count": 2,
          "tcp_user_timeout": 3000}


class ConnectionLost(Exception):
    """The change watch or the database cannot be reached; reconnect and resync."""


def feed_mode(svc) -> str:
    if svc.dialect == "postgresql":
        return "postgresql"
    return "sqlite" if svc.sqlite_path() else "inprocess"


class Backoff:
    """Reconnect delays: 0.25 s doubling up to `ceiling` s; `reset()` after a success."""

    def __init__(self, first: float = 0.25, ceiling: float = 2.0):
        self.first, self.ceiling = first, ceiling
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self.ceiling, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.first


# ---------------------------------------------------------------------------------------------
# Change watchers: cheap, non-blocking "did anything change?"
# ---------------------------------------------------------------------------------------------

class InProcessWatcher:
    """Changes made through this process's services; `svc.subscribe` sets the flag."""

    tick_s = SAFETY_POLL_S          # how often the follower looks when nothing woke it

    def __init__(self, svc):
        self._flag = threading.Event()
        self._unsubscribe = svc.subscribe(lambda _events: self._flag.set())

    def fileno(self) -> int | None:
        return None

    def changed(self) -> bool:
        fired = self._flag.is_set()
        self._flag.clear()
        return fired

    def wait(self, timeout: float) -> None:
        self._flag.wait(timeout)

    def keep_alive(self, now: float) -> None:
        pass

    def close(self) -> None:
        self._unsubscribe()


class SqliteWatcher:
    """`PRAGMA data_version` changes whenever another connection commits to the file.

    The file must stay the file that was opened: if it disappears or is replaced (a restore),
    the watch is lost and the reader reconnects to whatever is there now.
    """

    def __init__(self, path: str):
        self.path = path
        try:
            self._identity = self._stat()
            # mode=rw: never create an empty database where the real one went missing
            self._conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=1.0, check_same_thread=False)
            self._version = self._read_version()
        except (OSError, sqlite3.Error) as exc:
            raise ConnectionLost(f"database file {os.path.basename(path)}: {exc}") from None
        # The kernel tells when the file or its -wal/-journal is written (Linux); elsewhere, a poll.
        self._watch = FolderWatch.open(os.path.dirname(os.path.abspath(path)), os.path.basename(path))
        self.tick_s = SQLITE_POLL_S if self._watch is None else SQLITE_WATCHED_POLL_S

    def _stat(self) -> tuple[int, int]:
        st = os.stat(self.path)
        if not os.access(self.path, os.R_OK | os.W_OK):
            raise PermissionError("not readable")
        return st.st_dev, st.st_ino

    def _read_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None if self._watch is None else self._watch.fileno()

    def changed(self) -> bool:
        written = self._watch is not None and self._watch.drain()
        if self._changed():
            return True
        # The WAL is written before the commit is published in the shared index (which the kernel
        # does not report): a wake-up just before it looks again for a few milliseconds.
        for pause in SQLITE_SETTLE_S if written else ():
            time.sleep(pause)
            if self._changed():
                return True
        return False

    def _changed(self) -> bool:
        try:
            if self._stat() != self._identity:
                raise ConnectionLost("database file was replaced")
            version = self._read_version()
        except (OSError, sqlite3.Error) as exc:
            raise ConnectionLost(f"database file {os.path.basename(self.path)}: {exc}") from None
        if version != self._version:
            self._version = version
            return True
        return False

    def wait(self, timeout: float) -> None:
        if self._watch is None:
            time.sleep(min(timeout, SQLITE_POLL_S))
        else:
            select.select([self._watch.fileno()], [], [], min(timeout, self.tick_s))

    def keep_alive(self, now: float) -> None:
        pass

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
        try:
            self._conn.close()
        except sqlite3.Error:
            pass


class PostgresWatcher:
    """LISTEN on a connection of its own; its socket becomes readable when a NOTIFY arrives.

    Every statement on it (LISTEN, the ping) has a deadline: a server that accepts the bytes but
    never answers is a lost connection, not a wait without end."""

    tick_s = PG_PING_EVERY_S

    def __init__(self, dsn: str, channel: str, connect_timeout: int = PG_CONNECT_TIMEOUT_S):
        import psycopg
        from psycopg import sql

        self._psycopg = psycopg
        self.channel = channel
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, connect_timeout=connect_timeout, **PG_TCP)
        except psycopg.Error as exc:
            raise ConnectionLost(_first_line(exc)) from None
        try:
            # A schema name may hold capitals, spaces or quotes: the channel is quoted as a name.
            self._bounded(sql.SQL("LISTEN {}").format(sql.Identifier(channel)).as_string(self.conn))
        except (psycopg.Error, ConnectionLost) as exc:
            self.close()
            raise ConnectionLost(_first_line(exc)) from None
        self.pid = self.conn.info.backend_pid
        self._last_ping = time.monotonic()

    def fileno(self) -> int | None:
        return self.conn.fileno()

    def changed(self) -> bool:
        """Take the notifications that arrived (non-blocking); a closed connection raises."""
        pg = self.conn.pgconn
        got = False
        try:
            for _ in range(2):  # the second read notices a server that sent its goodbye and closed
                pg.consume_input()
                while pg.notifies() is not None:
                    got = True
                if got:
                    break
        except self._psycopg.Error as exc:
            raise ConnectionLost(_first_line(exc)) from None
        if pg.status != self._psycopg.pq.ConnStatus.OK:
            raise ConnectionLost("LISTEN connection closed")
        return got

    def ping(self) -> None:
        self._bounded("SELECT 1")
        self._last_ping = time.monotonic()

    def keep_alive(self, now: float) -> None:
        """Ping when the last sign of life is `PG_PING_EVERY_S` old (raises ConnectionLost)."""
        if now - self._last_ping >= PG_PING_EVERY_S:
            self.ping()

    def _bounded(self, query: str, deadline_s: float = PG_PING_DEADLINE_S) -> None:
        """Run `query` on the LISTEN connection, waiting at most `deadline_s` for the answer;
        notifications that arrive meanwhile stay queued for `changed()`."""
        pq = self._psycopg.pq
        pg = self.conn.pgconn
        end = time.monotonic() + deadline_s
        try:
            pg.send_query(query.encode("utf-8"))
            while pg.flush() != 0:
                if not select.select([], [pg.socket], [], max(0.0, end - time.monotonic()))[1]:
                    raise ConnectionLost(f"no answer from the server within {deadline_s:g} s")
            while True:
                pg.consume_input()
                if not pg.is_busy():
                    break
                remaining = end - time.monotonic()
                if remaining <= 0 or not select.select([pg.socket], [], [], remaining)[0]:
                    raise ConnectionLost(f"no answer from the server within {deadline_s:g} s")
            failed = None
            while (result := pg.get_result()) is not None:
                if result.status not in (pq.ExecStatus.TUPLES_OK, pq.ExecStatus.COMMAND_OK):
                    failed = (result.error_message or b"").decode("utf-8", "replace")
        except self._psycopg.Error as exc:
            raise ConnectionLost(_first_line(exc)) from None
        except OSError as exc:
            raise ConnectionLost(str(exc)) from None
        if failed is not None or pg.status != pq.ConnStatus.OK:
            raise ConnectionLost((failed or "LISTEN connection closed").strip().splitlines()[0])

    def wait(self, timeout: float) -> None:
        select.select([self.conn.fileno()], [], [], timeout)

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing a dead connection may fail in many ways
            pass


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def make_watcher(svc, mode: str):
    if mode == "postgresql":
        # The channel is asked of the server (once): an unreachable server means "reconnect later".
        channel = EventFollower._store(lambda: svc.notify_channel)
        return PostgresWatcher(svc.listen_dsn(), channel)
    if mode == "sqlite":
        return SqliteWatcher(svc.sqlite_path())
    return InProcessWatcher(svc)


# ---------------------------------------------------------------------------------------------
# The follower: position, fetching, gaps
# ---------------------------------------------------------------------------------------------

class EventFollower:
    """Reads new events from a position, through a change watcher.

    On PostgreSQL two transactions may commit in the other order than their event ids were
    given; the position's snapshot makes the store hand back the late one when it commits, once,
    however late (see the module's docstring). Not thread-safe: use one follower from one thread
    at a time.
    """

    def __init__(self, svc, mode: str | None = None, after: int | EventPosition | None = None):
        self.svc = svc
        self.mode = mode or feed_mode(svc)
        if self.mode not in MODES:
            raise ValueError(f"unknown event feed mode {self.mode!r}")
        self.position: EventPosition | None = (after if isinstance(after, EventPosition) or after is None
                                               else EventPosition(int(after)))
        self.watcher = None
        self._last_full = 0.0

    @property
    def last_id(self) -> int | None:
        return self.position.last_id if self.position is not None else None

    @property
    def connected(self) -> bool:
        return self.watcher is not None

    @property
    def tick_s(self) -> float:
        """How long to wait for a wake-up before looking anyway (and pinging a server)."""
        return self.watcher.tick_s if self.watcher is not None else SAFETY_POLL_S

    def connect(self) -> None:
        """Open the change watch (and find the starting position on a first connect)."""
        self.disconnect()
        watcher = make_watcher(self.svc, self.mode)
        try:
            if self.position is None:
                self.position = self._store(self.svc.event_position)
        except ConnectionLost:
            watcher.close()
            raise
        self.watcher = watcher
        self._last_full = time.monotonic()

    def disconnect(self) -> None:
        if self.watcher is not None:
            self.watcher.close()
            self.watcher = None

    def close(self) -> None:
        self.disconnect()

    def resync(self):
        """The status and the position that goes with it, read at one moment; the events after
        that position are exactly what the status does not show yet."""
        status, self.position = self._store(self.svc.status_at_position)
        return status

    def poll(self, force: bool = False, safety_poll_s: float = SAFETY_POLL_S) -> list:
        """New events since the last call (empty when nothing changed). Raises ConnectionLost."""
        if self.watcher is None:
            raise ConnectionLost("not connected")
        changed = self.watcher.changed()
        now = time.monotonic()
        self.watcher.keep_alive(now)
        if now - self._last_full >= safety_poll_s:
            force = True
        if not (changed or force):
            return []
        self._last_full = now
        return self.fetch()

    def fetch(self) -> list:
        if self.position is None:
            self.position = self._store(self.svc.event_position)
            return []
        fresh = []
        while True:
            at = self.position
            events, self.position, more = self._store(lambda: self.svc.events_since(at, FETCH_LIMIT))
            fresh.extend(events)
            if not more:
                return fresh

    def wait(self, timeout: float) -> None:
        if self.watcher is not None:
            self.watcher.wait(timeout)
        else:
            time.sleep(timeout)

    @staticmethod
    def _store(read: Callable):
        try:
            return read()
        except errors.StoreUnavailable as exc:
            raise ConnectionLost(str(exc)) from None


# ---------------------------------------------------------------------------------------------
# Blocking iterator (for `anjungan watch`)
# ---------------------------------------------------------------------------------------------

def follow(svc, after: int | None = None, *, mode: str | None = None,
           on_connection: Callable[[bool, str | None], None] | None = None,
           stop: threading.Event | None = None, safety_poll_s: float = SAFETY_POLL_S,
           backoff: Backoff | None = None) -> Iterator:
    """Yield every queue event after `after` (default: from now on) as it happens, forever.

    Events missed while disconnected are still yielded (they are rows in the event table),
    in id order. `on_connection(connected, reason)` is told when the watch is lost or back.
    """
    follower = EventFollower(svc, mode, after)
    backoff = backoff or Backoff()
    stop = stop or threading.Event()
    was_connected: bool | None = None

    def tell(connected: bool, reason: str | None) -> None:
        nonlocal was_connected
        if connected != was_connected and on_connection is not None:
            on_connection(connected, reason)
        was_connected = connected

    try:
        while not stop.is_set():
            if not follower.connected:
                try:
                    follower.connect()
                except ConnectionLost as exc:
                    tell(False, str(exc))
                    stop.wait(backoff.next())
                    continue
                backoff.reset()
                tell(True, None)
                force = True
            else:
                follower.wait(min(safety_poll_s, follower.tick_s))
                force = False
            try:
                events = follower.poll(force=force, safety_poll_s=safety_poll_s)
            except ConnectionLost as exc:
                follower.disconnect()
                tell(False, str(exc))
                continue
            yield from events
    finally:
        follower.close()
