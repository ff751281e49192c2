"""Requests per client address: a token bucket each, so one phone (or one script) cannot flood
the branch server. Memory stays bounded: idle buckets are dropped."""
from __future__ import annotations

import threading
import time

MAX_CLIENTS = 20_000


class RateLimiter:
    def __init__(self, per_minute: int, burst: int):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.enabled = per_minute > 0
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        """Take one request from the client's bucket; False when it is empty."""
        if not self.enabled:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[client] = (tokens, now)
                return False
            self._buckets[client] = (tokens - 1.0, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._forget_full(now)
            return True

    def retry_after(self) -> int:
        return max(1, int(round(1.0 / self.rate))) if self.rate > 0 else 1

    def _forget_full(self, now: float) -> None:
        refill = self.burst / self.rate if self.rate > 0 else 0.0
        for client, (_, last) in list(self._buckets.items()):
            if now - last >= refill:
                del self._buckets[client]
