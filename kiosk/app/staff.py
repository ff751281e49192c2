"""Staff PINs with the attempt limit: five wrong entries lock the PIN role for five minutes.

The lock is kept in the database, so closing a window or restarting a PC does not reset it,
and every entry point (kiosk, counter, command line) is held to it. Checking a PIN is slow on
purpose (PBKDF2); windows call this off their UI thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.app.core import AppCore
from kiosk.domain.catalog import ByLanguage, tr
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.pinlock import PinLock


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_until: datetime | None = None     # branch local time
    tries_left: int = 0

    @property
    def message_key(self) -> str | None:
        """The message id of the sentence (None when the PIN was right)."""
        if self.ok:
            return None
        return "pin.locked.until" if self.locked_until is not None else "pin.wrong"

    def text(self, lang: str) -> str:
        if self.ok:
            return ""
        if self.locked_until is not None:
            return tr("pin.locked.until", lang, time=ByLanguage(time_id(self.locked_until), time_en(self.locked_until)))
        return tr("pin.wrong", lang, left=self.tries_left)

    @property
    def message(self) -> str:
        return self.text("id")

    @property
    def message_en(self) -> str:
        return self.text("en")


class StaffUseCases(AppCore):
    pin_lock = PinLock()

    def staff_pin(self, pin: str, role: str = "staff") -> PinCheck:
        """Check a staff (or admin) PIN against the attempt limit; the lock is shared by all machines."""
        now = self.now()
        scope = f"pin:{role}"
        with self.uow() as q:
            record = q.pin_attempts(scope)
            locked = self.pin_lock.locked(record, now)
            if locked is not None:
                return PinCheck(False, self.local(locked), 0)
            ok = self.config.kiosk.check_pin(pin, role)
            record = self.pin_lock.after(record, ok, now)
            q.save_pin_attempts(scope, record)
        locked = self.pin_lock.locked(record, now)
        return PinCheck(ok, self.local(locked) if locked else None, self.pin_lock.tries_left(record))

    def check_staff_pin(self, pin: str, role: str = "staff") -> bool:
        return self.staff_pin(pin, role).ok
