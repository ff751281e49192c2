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

log = logging.getLogger("anjungan.events")

MODES = ("inprocess", "sqlite", "postgresql")
SQLITE_POLL_S = 0.1           # PRAGMA data_version is a cheap read: poll well under 250 ms
SAFETY_POLL_S = 5.0           # a full read even when nothing woke us
GAP_PATIENCE_S = 10.0         # how long a missing event id is waited for (PostgreSQL commit order)
FETCH_LIMIT = 500


class ConnectionLost(Exception):
    """The change watch or the database cannot be reached; reconnect and resync."""


def feed_mode(svc) -> str:
    if svc.dialect == "postgresql":
        return "postgresql"
    return "sqlite" if svc.sqlite_path() else "inprocess"


class Backoff:
    """Reconnect delays: 0.25 s doubling up to `ceiling` s; `reset()` after a success."""

    def __init__(self, first: float = 0.25, ceiling: float = 5.0):
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

    def _stat(self) -> tuple[int, int]:
        st = os.stat(self.path)
        if not os.access(self.path, os.R_OK | os.W_OK):
            raise PermissionError("not readable")
        return st.st_dev, st.st_ino

    def _read_version(self) -> int:
        return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def fileno(self) -> int | None:
        return None

    def changed(self) -> bool:
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
        time.sleep(min(timeout, SQLITE_POLL_S))

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlite3.Error:
            pass


class PostgresWatcher:
    """LISTEN on a connection of its own; its socket becomes readable when a NOTIFY arrives."""

    def __init__(self, dsn: str, channel: str, connect_timeout: int = 3):
        import psycopg
        from psycopg import sql

        self._psycopg = psycopg
        self.channel = channel
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise ConnectionLost(_first_line(exc)) from None
        try:
            # A schema name may hold capitals, spaces or quotes: the channel is quoted as a name.
            self.conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except psycopg.Error as exc:
            self.close()
            raise ConnectionLost(_first_line(exc)) from None
        self.pid = self.conn.info.backend_pid

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
        try:
            self.conn.execute("SELECT 1")
        except self._psycopg.Error as exc:
            raise ConnectionLost(_first_line(exc)) from None

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
    """Reads new events in id order from a position, through a change watcher.

    On PostgreSQL two transactions may commit in the other order than their event ids were
    given; a skipped id is remembered for a while and delivered when it shows up.
    Not thread-safe: use one follower from one thread at a time.
    """

    def __init__(self, svc, mode: str | None = None, after: int | None = None):
        self.svc = svc
        self.mode = mode or feed_mode(svc)
        if self.mode not in MODES:
            raise ValueError(f"unknown event feed mode {self.mode!r}")
        self.last_id: int | None = after
        self.watcher = None
        self._gaps: dict[int, float] = {}
        self._last_full = 0.0

    @property
    def connected(self) -> bool:
        return self.watcher is not None

    def connect(self) -> None:
        """Open the change watch (and find the starting position on a first connect)."""
        self.disconnect()
        watcher = make_watcher(self.svc, self.mode)
        try:
            if self.last_id is None:
                self.last_id = self._store(self.svc.last_event_id)
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
        """A consistent (status, last event id) pair; the position moves to that id."""
        for _ in range(3):
            before = self._store(self.svc.last_event_id)
            status = self._store(self.svc.status)
            after = self._store(self.svc.last_event_id)
            if before == after:
                break
        self.last_id = after
        self._gaps.clear()
        return status

    def poll(self, force: bool = False, safety_poll_s: float = SAFETY_POLL_S) -> list:
        """New events since the last call (empty when nothing changed). Raises ConnectionLost."""
        if self.watcher is None:
            raise ConnectionLost("not connected")
        changed = self.watcher.changed()
        now = time.monotonic()
        if now - self._last_full >= safety_poll_s:
            force = True
            if isinstance(self.watcher, PostgresWatcher):
                self.watcher.ping()
        if not (changed or force or self._gaps):
            return []
        self._last_full = now
        return self.fetch()

    def fetch(self) -> list:
        if self.last_id is None:
            self.last_id = self._store(self.svc.last_event_id)
            return []
        now = time.monotonic()
        for gap, since in list(self._gaps.items()):
            if now - since > GAP_PATIENCE_S:
                del self._gaps[gap]
        start = min(self._gaps) - 1 if self._gaps else self.last_id
        fresh = []
        while True:
            rows = self._store(lambda: self.svc.events_after(start, limit=FETCH_LIMIT))
            for event in rows:
                if event.id in self._gaps:
                    del self._gaps[event.id]
                    fresh.append(event)
                elif event.id > self.last_id:
                    for missing in range(self.last_id + 1, event.id):
                        if self.mode == "postgresql":
                            self._gaps[missing] = now
                    self.last_id = event.id
                    fresh.append(event)
            if len(rows) < FETCH_LIMIT:
                return fresh
            start = rows[-1].id

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
                wait = SQLITE_POLL_S if follower.mode == "sqlite" else safety_poll_s
                follower.wait(wait)
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
