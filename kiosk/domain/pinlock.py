"""The attempt limit for staff PINs: a few wrong tries lock the PIN for a while.

Pure rule over a small record (failures in a row, locked until); the application keeps the
record in the database, so a restart or a second window does not reset it, and every PIN
entry (kiosk, counter, command line) goes through the same lock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class PinAttempts:
    failures: int = 0
    locked_until: datetime | None = None


@dataclass(frozen=True)
class PinLock:
    max_failures: int = MAX_FAILURES
    lock_for: timedelta = LOCK_FOR

    def locked(self, record: PinAttempts, now: datetime) -> datetime | None:
        """Until when entries are refused (without checking the PIN), or None."""
        if record.locked_until is not None and now < record.locked_until:
            return record.locked_until
        return None

    def after(self, record: PinAttempts, ok: bool, now: datetime) -> PinAttempts:
        """The record after one checked entry."""
        if ok:
            return PinAttempts()
        failures = record.failures + 1
        if record.locked_until is not None and now >= record.locked_until:
            failures = 1                      # the lock ran out: a fresh series of tries
        if failures >= self.max_failures:
            return PinAttempts(failures, now + self.lock_for)
        return PinAttempts(failures, None)

    def tries_left(self, record: PinAttempts) -> int:
        return max(0, self.max_failures - record.failures)
