"""The Qt edge of change notification: queue events as Qt signals, without blocking a window.

`QtEventFeed(svc)` follows the store through `EventFollower`:
- PostgreSQL: a QSocketNotifier watches the LISTEN connection's socket (no thread waits on it);
- SQLite file: a QSocketNotifier on an inotify watch of the file's folder (Linux), and
  `PRAGMA data_version` when it fires; without inotify a QTimer asks every 100 ms;
- always: `svc.subscribe` wakes it at once for changes made in this process;
- always: a slow safety poll.
Reads run on one worker thread, in order; results come back to the window's thread as
signals: `events(list)`, `connection_changed(bool)` and `resynced(status)` after every
(re)connect. Missed events are not replayed after a reconnect: `resynced` carries the full
state instead, read at one moment with the position that follows it, so a change that commits
while (or long after) the resync reads still arrives as an event.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal, Slot

from kiosk.events.feed import (
    SAFETY_POLL_S, Backoff, ConnectionLost, EventFollower,
)

log = logging.getLogger("anjungan.events")


class QtEventFeed(QObject):
    events = Signal(list)               # new QueueEvents, in id order
    connection_changed = Signal(bool)   # False: show "reconnecting"; True: back (a resync follows)
    resynced = Signal(object)           # a fresh StatusView after each (re)connect

    _result = Signal(str, object, int)  # worker -> owner thread: kind, payload, generation
    _wake = Signal()

    def __init__(self, svc, mode: str | None = None, *, safety_poll_s: float = SAFETY_POLL_S,
                 backoff: Backoff | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.svc = svc
        self.follower = EventFollower(svc, mode)
        self.mode = self.follower.mode
        self.safety_poll_s = safety_poll_s
        self.backoff = backoff or Backoff()
        self.connected: bool | None = None
        self.last_reason: str | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="events")
        self._generation = 0
        self._busy = False
        self._again = False
        self._force = False
        self._running = False
        self._notifier: QSocketNotifier | None = None
        self._timer = QTimer(self)
        # The tick is the watcher's (set on connect): PostgreSQL pings the LISTEN connection often
        # enough that a frozen server shows as "reconnecting" within seconds; SQLite looks at the
        # file; a full read still waits for the safety poll.
        self._timer.setInterval(int(safety_poll_s * 1000))
        self._timer.timeout.connect(self._tick)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._result.connect(self._on_result)
        self._wake.connect(self._on_wake)
        self._unsubscribe = svc.subscribe(self._on_local_commit)

    # -- life ------------------------------------------------------------------------------
    def start(self) -> "QtEventFeed":
        if not self._running:
            self._running = True
            self._connect()
        return self

    def close(self) -> None:
        """Stop following (waits for a read in progress to end)."""
        self._running = False
        self._generation += 1
        self._timer.stop()
        self._retry.stop()
        self._drop_notifier()
        self._unsubscribe()
        self._pool.submit(self.follower.close)
        self._pool.shutdown(wait=True, cancel_futures=False)

    @property
    def last_id(self) -> int | None:
        return self.follower.last_id

    # -- wake-ups --------------------------------------------------------------------------
    def _on_local_commit(self, _events) -> None:
        # called on the committing thread; the signal carries it to ours
        try:
            self._wake.emit()
        except RuntimeError:
            pass

    @Slot()
    def _on_wake(self) -> None:
        self._kick(force=True)

    @Slot()
    def _tick(self) -> None:
        self._kick(force=False)

    @Slot()
    def _on_socket(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # re-enabled once the worker has read the socket
        self._kick(force=False)

    def poll_now(self) -> None:
        """Read new events now (e.g. after a change this window made through another route)."""
        self._kick(force=True)

    def _kick(self, force: bool) -> None:
        if not self.connected or not self._running:
            return
        self._force = self._force or force
        if self._busy:
            self._again = True
            return
        self._busy = True
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # the worker owns the connection while it reads
        force, self._force = self._force, False
        generation = self._generation
        self._pool.submit(self._work, "poll", generation, force)

    def _connect(self) -> None:
        if not self._running:
            return
        self._busy = True
        self._pool.submit(self._work, "connect", self._generation, True)

    # -- worker thread ---------------------------------------------------------------------
    def _work(self, job: str, generation: int, force: bool) -> None:
        try:
            if job == "connect":
                self.follower.connect()
                status = self.follower.resync()
                watcher = self.follower.watcher
                kind, payload = "connected", (status, watcher.fileno(), watcher.tick_s)
            else:
                kind, payload = "events", self.follower.poll(force=force, safety_poll_s=self.safety_poll_s)
        except ConnectionLost as exc:
            self.follower.disconnect()
            kind, payload = "lost", str(exc)
        except Exception as exc:  # never let the follow loop die silently
            log.exception("event feed failed")
            self.follower.disconnect()
            kind, payload = "lost", str(exc) or type(exc).__name__
        try:
            self._result.emit(kind, payload, generation)
        except RuntimeError:
            pass

    # -- back on the owner's thread -----------------------------------------------------------
    @Slot(str, object, int)
    def _on_result(self, kind: str, payload, generation: int) -> None:
        if generation != self._generation or not self._running:
            return
        self._busy = False
        if kind == "events":
            if payload:
                self.events.emit(payload)
            if self._notifier is not None:
                self._notifier.setEnabled(True)
            if self._again:
                self._again = False
                self._kick(force=False)
        elif kind == "connected":
            status, fileno, tick_s = payload
            self.backoff.reset()
            self.last_reason = None
            self._set_connected(True)
            self._watch_socket(fileno)
            self._timer.start(int(min(self.safety_poll_s, tick_s) * 1000))
            self.resynced.emit(status)
            self._again = False
            self._kick(force=True)  # anything committed while we resynced
        else:
            self.last_reason = payload
            self._timer.stop()
            self._drop_notifier()
            self._again = False
            self._set_connected(False)
            delay = self.backoff.next()
            log.warning("event feed lost (%s); reconnecting in %.2f s", payload, delay)
            self._retry.start(int(delay * 1000))

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            self.connected = connected
            self.connection_changed.emit(connected)

    def _watch_socket(self, fileno: int | None) -> None:
        self._drop_notifier()
        if fileno is None:
            return
        self._notifier = QSocketNotifier(fileno, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_socket)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.activated.disconnect(self._on_socket)
            self._notifier.deleteLater()
            self._notifier = None
