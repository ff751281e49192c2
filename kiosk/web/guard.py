"""What keeps one laptop on the LAN from taking the web service down for everyone.

- Connections: at most `connections_per_client` open connections per client address and
  `max_connections` in all (never more than the process's open-file limit allows); one over is
  closed at once, before a byte is read.
- Time: a request's line and headers (and its body) must arrive within `header_timeout_s` of
  its first byte, or of the connection; a connection that dawdles is closed.
- Body size: a body longer than `max_body_kb` is refused with 413 and one sentence, on its
  `Content-Length` before a byte of it is read, and while it streams when it has none.
- Log volume: connection-level complaints (a bad request line, a refused connection, the accept
  loop out of files) are written without a traceback, each at most a few times a minute, with
  the count of those left out.
"""
from __future__ import annotations

import asyncio
import json
import logging
import resource
import threading
import time
from collections import Counter
from dataclasses import dataclass

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from kiosk.domain.catalog import tr

log = logging.getLogger("anjungan.web")

RESERVED_FILES = 64           # files kept for the database, the log, the event feed and threads
ACCEPT_BATCH = 128            # connections taken from the listening socket at a time (its backlog):
                              # each holds a file until it is admitted or closed


@dataclass(frozen=True)
class Limits:
    connections_per_client: int = 50          # 0: no limit per client address
    max_connections: int = 1000
    header_timeout_s: float = 10.0
    max_body_bytes: int = 64 * 1024


def raise_file_limit() -> int:
    """The soft open-file limit raised to the hard one (systemd's LimitNOFILE); returns it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 65536)
    if soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


def connection_cap(wanted: int) -> int:
    """The connections the service may hold: `wanted`, less when the open-file limit is lower."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(16, min(wanted, soft - RESERVED_FILES - ACCEPT_BATCH))


class Tally:
    """The open connections, per client address and in all (the event loop's thread only).

    When every place is taken, a new connection takes the place of the oldest one that has not
    yet sent a whole request (a slow one, most likely an attacker's), so a kiosk or a phone that
    asks properly still gets in while somebody holds a thousand half-sent requests open."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cap = connection_cap(limits.max_connections)
        self.per_client: Counter[str] = Counter()
        self.total = 0
        self.refused = 0
        self.evicted = 0
        self.timed_out = 0
        self.waiting: dict[object, None] = {}          # admitted, no whole request yet, oldest first

    def admit(self, client: str, connection) -> bool:
        per = self.limits.connections_per_client
        if per and self.per_client[client] >= per:
            self.refused += 1
            quiet.note("connection refused (too many open: %s from this address, %s in all)",
                       self.per_client[client], self.total)
            return False
        if self.total >= self.cap:
            oldest = next(iter(self.waiting), None)
            if oldest is None:
                self.refused += 1
                quiet.note("connection refused (too many open: %s in all)", self.total)
                return False
            self.evicted += 1
            quiet.note("connection closed: its place was needed (%s open, none with a whole request)", self.total)
            oldest.evict()
        self.per_client[client] += 1
        self.total += 1
        self.waiting[connection] = None
        return True

    def asked(self, connection) -> None:
        """The connection has sent a whole request line and headers."""
        self.waiting.pop(connection, None)

    def leave(self, client: str, connection) -> None:
        self.waiting.pop(connection, None)
        self.total -= 1
        self.per_client[client] -= 1
        if self.per_client[client] <= 0:
            del self.per_client[client]


def guarded_protocol(tally: Tally) -> type[H11Protocol]:
    """uvicorn's h11 protocol with the limits of `tally` (one class per server)."""

    class GuardedH11Protocol(H11Protocol):
        _admitted: str | None = None
        _deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport) -> None:       # type: ignore[override]
            super().connection_made(transport)
            client = self.client[0] if self.client else "-"
            if not tally.admit(client, self):
                transport.abort()
                return
            self._admitted = client
            self._arm()

        def connection_lost(self, exc) -> None:
            self._disarm()
            if self._admitted is not None:
                tally.leave(self._admitted, self)
                self._admitted = None
            super().connection_lost(exc)

        def evict(self) -> None:
            """Close at once to make room (it never sent a whole request)."""
            self._disarm()
            if self._admitted is not None:
                tally.leave(self._admitted, self)
                self._admitted = None
            self.transport.abort()

        def data_received(self, data: bytes) -> None:
            if self._admitted is None:
                return
            super().data_received(data)
            state = self.conn.their_state
            if state is h11.IDLE:
                if self._deadline is None and self.conn.trailing_data[0]:
                    self._arm()                      # a next request has begun: its own time
            else:
                tally.asked(self)
                if state is not h11.SEND_BODY:
                    self._disarm()                   # the request is in

        def on_response_complete(self) -> None:
            self._disarm()
            super().on_response_complete()

        def _arm(self) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(tally.limits.header_timeout_s, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
                tally.timed_out += 1
                quiet.note("connection closed: its request did not arrive within %s s",
                           tally.limits.header_timeout_s)
                if self.cycle is not None and not self.cycle.response_complete:
                    self.cycle.disconnected = True
                    self.cycle.message_event.set()
                self.transport.abort()

    return GuardedH11Protocol


class BodyLimit:
    """ASGI middleware: a request body longer than `max_bytes` is answered 413 with one sentence,
    on its Content-Length before it is read, or as soon as the streamed bytes pass the limit."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length, chunked = None, False
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = None
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if length is not None:
            if length > self.max_bytes:          # h11 never hands on more than Content-Length
                return await self._refuse(send)
            return await self.app(scope, receive, send)
        if not chunked:
            return await self.app(scope, receive, send)
        parts, seen = [], 0
        while True:                              # a streamed body: read up to the limit, no further
            message = await receive()
            if message["type"] != "http.request":
                return
            parts.append(message.get("body", b""))
            seen += len(parts[-1])
            if seen > self.max_bytes:
                return await self._refuse(send)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(parts), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send) -> None:
        kb = max(1, self.max_bytes // 1024)
        body = json.dumps({"error": tr("error.web.too_large", "id", kb=kb), "error_en": tr("error.web.too_large", "en", kb=kb),
                           "code": "error.web.too_large"}, ensure_ascii=False).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class QuietLog(logging.Filter):
    """Lets each kind of line through at most `per_minute` times a minute, without a traceback
    for the connection-level kinds; the next line that passes says how many were left out."""

    NOISE = ("Invalid HTTP request received", "socket.accept() out of system resource", "connection refused",
             "connection closed", "Exceeded concurrency limit", "Task exception was never retrieved",
             "Exception in callback", "Fatal error on transport", "Fatal read error")

    def __init__(self, per_minute: int = 5):
        super().__init__()
        self.per_minute = per_minute
        self._seen: dict[str, tuple[float, int, int]] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        kind = next((n for n in self.NOISE if n in text), None)
        key = f"{record.name}:{kind or text[:80]}"
        now = time.monotonic()
        with self._lock:
            start, count, dropped = self._seen.get(key, (now, 0, 0))
            if now - start >= 60.0:
                start, count = now, 0
            if count >= self.per_minute:
                self._seen[key] = (start, count, dropped + 1)
                return False
            self._seen[key] = (start, count + 1, 0)
            if len(self._seen) > 1000:
                self._seen.clear()
        if kind is not None:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        if dropped:
            record.msg = f"{record.getMessage()} ({dropped} like it left out)"
            record.args = ()
        return True


quiet_filter = QuietLog()


class _Quiet:
    """Connection-level notes: a warning line each, rate-limited by `quiet_filter`."""

    def note(self, message: str, *args) -> None:
        log.warning(message, *args)


quiet = _Quiet()
NOISY_LOGGERS = ("uvicorn.error", "uvicorn", "asyncio", "anjungan.web")


def quiet_logs() -> None:
    """Rate-limit the connection-level lines of the web service's loggers (once per process)."""
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if quiet_filter not in logger.filters:
            logger.addFilter(quiet_filter)


def loop_errors(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """The event loop's error handler: one rate-limited line, no traceback for the accept loop
    out of files (asyncio would log one per waiting connection, each time it retries)."""
    message = context.get("message", "event loop error")
    exc = context.get("exception")
    logging.getLogger("asyncio").error("%s%s", message, f": {exc!r}" if exc is not None else "")
