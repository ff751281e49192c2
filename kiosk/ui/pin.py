"""Staff PIN entry, the same for every window (the kiosk's staff pad, the counter's sign-in).

The application decides (`svc.staff_pin`): it checks the PIN, counts wrong entries and keeps
the lock in the database, so every kiosk and counter of the branch is held to one limit. A
window only runs the call on a worker thread (checking is slow on purpose) and shows the answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.catalog import pick, tr
from kiosk.domain.errors import AnjunganError, StoreUnavailable

MIN_PIN = 4          # shorter entries are not sent (a slip of the finger costs no try)


@dataclass(frozen=True)
class PinAnswer:
    """What a window learnt from one PIN entry."""

    check: object | None = None             # kiosk.services.PinCheck; None when the check itself failed
    role: str | None = None                 # "staff" or "admin" when the PIN opened
    error: tuple[str, str] | None = None    # (Indonesian, English) when the check could not be made

    @property
    def ok(self) -> bool:
        return self.role is not None

    def text(self, lang: str) -> str:
        """The sentence to show under the PIN field ("" when the PIN opened)."""
        if self.check is None:
            return pick(lang, *(self.error or (tr("error.unexpected", "id"), tr("error.unexpected", "en"))))
        return pick(lang, self.check.message, self.check.message_en)


def locked_now(check, now: datetime) -> bool:
    """Whether the application's answer `check` still locks the PIN at `now`."""
    until = getattr(check, "locked_until", None)
    return until is not None and now < until


def sign_in(svc, pin: str, role: str = "staff") -> PinAnswer:
    """Check `pin` for `role` through the application (call it off the UI thread)."""
    check = svc.staff_pin(pin, role)
    return PinAnswer(check, role if check.ok else None)


def kiosk_sign_in(svc, pin: str) -> PinAnswer:
    """The kiosk's staff pad: the staff PIN opens staff mode, the admin PIN admin mode.

    Every entry counts against the staff PIN's limit (the admin PIN opens staff functions too);
    the application says which of the two PINs was entered.
    """
    answer = sign_in(svc, pin, "staff")
    return PinAnswer(answer.check, answer.check.role) if answer.ok else answer


def failed(error: BaseException) -> PinAnswer:
    """The answer when the check could not be made (the database is unreachable, …)."""
    if isinstance(error, StoreUnavailable):
        return PinAnswer(error=(tr("error.store", "id"), tr("error.store", "en")))
    if isinstance(error, AnjunganError):
        return PinAnswer(error=(error.message, error.message_en or error.message))
    return PinAnswer(error=(tr("error.unexpected", "id"), tr("error.unexpected", "en")))
