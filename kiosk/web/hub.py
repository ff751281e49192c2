"""Following the queue for the web service: one reader of the event feed for every connection.

A thread follows the change feed (PostgreSQL LISTEN/NOTIFY or SQLite change polling, as the hall
displays do), reads the new events once, computes the board of every active ticket's place
once, and hands both to the event loop: API streams get the events in order, phone pages look
their ticket up on the new board. After a lost connection the feed reconnects and the board is
read again in full.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time

from fastapi.concurrency import run_in_threadpool

from kiosk.domain import errors
from kiosk.services import Backoff, ConnectionLost, EventFollower, Forbidden, Unauthorized

log = logging.getLogger("anjungan.web")

BOARD_EVERY_S = 30.0          # the board is read again at least this often (slots start, waits age)
STREAM_QUEUE = 2000           # events an API stream may fall behind before it is closed (it resumes by id)
TOKENS_KEPT = 1000            # token answers remembered (one read per token and interval, however many streams)


class Hub:
    def __init__(self, svc, board_every_s: float = BOARD_EVERY_S):
        self.svc = svc
        self.board = None
        self.last_event_id = 0
        self.closing = False
        self.board_every_s = board_every_s
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._streams: set[asyncio.Queue] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._answers: dict[tuple[str, object], tuple[float, bool]] = {}
        self.feed_lost = 0              # the event feed's connection lost while following (for /metrics)
        self.feed_reconnects = 0        # …and made again afterwards

    # -- in the event loop --------------------------------------------------------------------
    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._changed = asyncio.Event()
        try:
            self.board = self.svc.board()
            self.last_event_id = self.board.event_id
        except errors.AnjunganError as exc:
            log.warning("queue board not read at start: %s", exc)
        self._thread = threading.Thread(target=self._run, name="anjungan-web-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.close_streams()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def close_streams(self) -> None:
        """End every open stream (the server is shutting down)."""
        self.closing = True
        for queue in list(self._streams):
            _offer(queue, None)
        if self._changed is not None:
            self._changed.set()

    async def wait_change(self, timeout: float) -> bool:
        """Wait for the next board; False when `timeout` passed first."""
        changed = self._changed
        if self.closing:
            return True
        try:
            await asyncio.wait_for(changed.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def allowed(self, secret: str, permission, fresh_s: float) -> bool:
        """Whether a stream's token may still do `permission`, asked of the store at most once per
        `fresh_s` for each token (a database that cannot answer keeps the last answer)."""
        now = time.monotonic()
        key = (secret, permission)
        known = self._answers.get(key)
        if known is not None and now - known[0] < fresh_s:
            return known[1]
        try:
            await run_in_threadpool(self.svc.authorize, secret, permission)
            answer = True
        except (Unauthorized, Forbidden):
            answer = False
        except errors.AnjunganError:
            answer = known[1] if known is not None else True
        if len(self._answers) >= TOKENS_KEPT:
            self._answers.clear()
        self._answers[key] = (now, answer)
        return answer

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=STREAM_QUEUE)
        self._streams.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._streams.discard(queue)

    @property
    def streams(self) -> int:
        return len(self._streams)

    def _publish(self, events: list, board) -> None:
        if board is not None:
            self.board = board
        if events:
            self.last_event_id = max(self.last_event_id, events[-1].id)
            for queue in list(self._streams):
                if not _offer(queue, events):
                    _offer(queue, None, force=True)     # too far behind: end it, the client resumes
                    self._streams.discard(queue)
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    # -- in the feed thread -------------------------------------------------------------------
    def _run(self) -> None:
        follower = EventFollower(self.svc, after=self.last_event_id or None)
        backoff = Backoff()
        last_board = time.monotonic()
        heartbeat = self.svc.heartbeat_timer("web", background=False)     # this loop is its timer
        while not self._stop.is_set():
            heartbeat.tick()
            if not follower.connected:
                try:
                    follower.connect()
                except ConnectionLost as exc:
                    log.warning("event feed lost: %s", exc)
                    self._stop.wait(backoff.next())
                    continue
                backoff.reset()
                if self.feed_lost > self.feed_reconnects:
                    self.feed_reconnects += 1
                events, full = self._poll(follower, force=True), True
            else:
                follower.wait(min(1.0, follower.tick_s))       # woken at once by a change
                events = self._poll(follower)
                full = time.monotonic() - last_board >= self.board_every_s
            if events is None:
                continue
            if events or full:
                last_board = time.monotonic()
                self._hand_over(events)

    def _poll(self, follower: EventFollower, force: bool = False) -> list | None:
        try:
            return follower.poll(force=force)
        except ConnectionLost as exc:
            log.warning("event feed lost: %s", exc)
            self.feed_lost += 1
            follower.disconnect()
            return None

    def _hand_over(self, events: list) -> None:
        try:
            board = self.svc.board()
        except errors.AnjunganError as exc:
            log.warning("queue board not read: %s", exc)
            board = None
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._publish, events, board)
            except RuntimeError:        # the loop closed meanwhile
                pass


def _offer(queue: asyncio.Queue, item, force: bool = False) -> bool:
    try:
        queue.put_nowait(item)
        return True
    except asyncio.QueueFull:
        if force:
            try:
                queue.get_nowait()
                queue.put_nowait(item)
            except (asyncio.QueueEmpty, asyncio.QueueFull):
                pass
        return False
