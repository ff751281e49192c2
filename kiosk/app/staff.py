"""Staff PINs with the attempt limit: five wrong entries lock the PIN role for five minutes.

The lock is kept in the database, so closing a window or restarting a PC does not reset it,
and every entry point (kiosk, counter, command line) is held to it. Checking a PIN is slow on
purpose (PBKDF2); windows call this off their UI thread. On PostgreSQL the machine never sees a
PIN hash: it computes the digest of the entered PIN from the salt the server hands out, and the
server compares it and keeps the lock (kiosk/store/pins.py).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from kiosk.app.core import AppCore
from kiosk.domain import errors
from kiosk.domain.catalog import ByLanguage, msgid, tr
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.pinlock import PinAttempts, PinLock
from kiosk.domain.pins import MAX_PIN_DIGITS, MIN_PIN_DIGITS, PIN_ROLES, WEAK_PINS, hash_pin, pin_digest, verify_pin

PIN_LOCK = PinLock()        # the attempt limit; its record is in the database, shared by all machines

# The demo's PINs (staff 1234, admin 9999), for `anjungan demo` only: no shipped configuration
# carries a working PIN, and `set_pin` refuses these two.
DEMO_PIN_HASHES = {
    "staff": "pbkdf2$120000$a1f0c3d2b4e59687a1f0c3d2b4e59687$ab03f5dd06d5743080dd8a1cc31fc64df4ec03d09d002f4848742eb1d6aa931b",
    "admin": "pbkdf2$120000$5e6d7c8b9a0f1e2d5e6d7c8b9a0f1e2d$066fe3d6b2199dcd0c7185952030093469cffe184b776500c82fe24151ef8341",
}


def with_demo_pins(config):
    """`config` with the demo's PINs (the demo and its rehearsals only)."""
    return replace(config, kiosk=replace(config.kiosk, staff_pin_hash=DEMO_PIN_HASHES["staff"],
                                         admin_pin_hash=DEMO_PIN_HASHES["admin"]))


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    locked_until: datetime | None = None     # branch local time
    tries_left: int = 0
    role: str | None = None                  # the PIN that was entered: "admin" or "staff"; None if refused

    @property
    def message_key(self) -> str | None:
        """The message id of the sentence (None when the PIN was right)."""
        if self.ok:
            return None
        return msgid("pin.locked.until") if self.locked_until is not None else msgid("pin.wrong")

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




def staff_pin(app: AppCore, pin: str, role: str = "staff") -> PinCheck:
    """Check a staff (or admin) PIN against the attempt limit; the lock is shared by all machines."""
    if app.dialect == "postgresql":
        return _staff_pin_in_server(app, pin, role)
    now = app.now()
    scope = f"pin:{role}"
    with app.uow() as uow:
        record = uow.queue.pin_attempts(scope)
        locked = PIN_LOCK.locked(record, now)
        if locked is not None:
            return PinCheck(False, app.local(locked), 0)
        entered = _entered_role(app, pin, role, uow)
        ok = entered is not None
        record = PIN_LOCK.after(record, ok, now)
        uow.queue.save_pin_attempts(scope, record)
    locked = PIN_LOCK.locked(record, now)
    return PinCheck(ok, app.local(locked) if locked else None, PIN_LOCK.tries_left(record), entered)


def _staff_pin_in_server(app: AppCore, pin: str, role: str) -> PinCheck:
    """PostgreSQL: the server compares and counts; the hash never leaves it."""
    with app.uow(write=False) as uow:
        salts = uow.pins.salts()
    opens = ("admin",) if role == "admin" else ("admin", "staff")
    kiosk = app.config.kiosk
    configured = {"admin": kiosk.admin_pin_hash, "staff": kiosk.staff_pin_hash}
    local = next((r for r in opens if r not in salts and verify_pin(pin, configured[r])), None)
    digests = {} if local else {r: pin_digest(pin, *salts[r]) for r in opens if r in salts}
    with app.uow() as uow:
        answer = uow.pins.check(role, digests, local)
    until = answer.locked_until
    tries = PIN_LOCK.tries_left(PinAttempts(answer.failures, until))
    return PinCheck(answer.entered is not None, app.local(until) if until else None, tries, answer.entered)


def _entered_role(app: AppCore, pin: str, role: str, uow=None) -> str | None:
    """Which PIN `pin` is, among those that open `role` (the admin PIN opens staff functions too)."""
    entered = pin_settings(app, uow).pin_role(pin)
    return entered if entered == "admin" or (entered is not None and role != "admin") else None


def pin_settings(app: AppCore, uow=None):
    """The kiosk settings with the PIN hashes in force: the ones set at the branch
    (`anjungan staff set-pin`, kept in the database) win over the configuration's."""
    if uow is None:
        with app.uow(write=False) as uow:
            return pin_settings(app, uow)
    stored = uow.pins.read()
    kiosk = app.config.kiosk
    if not stored:
        return kiosk
    return replace(kiosk, staff_pin_hash=stored.get("staff", kiosk.staff_pin_hash),
                   admin_pin_hash=stored.get("admin", kiosk.admin_pin_hash))


def missing_pins(app: AppCore) -> tuple[str, ...]:
    """The PIN roles that have no PIN yet ("staff", "admin"): a first start asks for them."""
    if app.dialect == "postgresql":
        with app.uow(write=False) as uow:
            salts = uow.pins.salts()
        kiosk = app.config.kiosk
        return tuple(role for role, value in (("staff", kiosk.staff_pin_hash), ("admin", kiosk.admin_pin_hash))
                     if role not in salts and not value)
    kiosk = pin_settings(app)
    return tuple(role for role, value in (("staff", kiosk.staff_pin_hash), ("admin", kiosk.admin_pin_hash))
                 if not value)


def set_pin(app: AppCore, role: str, pin: str) -> None:
    """Set the staff or admin PIN for every machine of the branch (hashed; the PIN is never kept)."""
    if role not in PIN_ROLES:
        raise errors.AnjunganError.of("safety.pin.role", role=role, roles=", ".join(PIN_ROLES))
    if not (pin.isascii() and pin.isdigit()) or not MIN_PIN_DIGITS <= len(pin) <= MAX_PIN_DIGITS:
        raise errors.AnjunganError.of("safety.pin.shape", low=MIN_PIN_DIGITS, high=MAX_PIN_DIGITS)
    if pin in WEAK_PINS:
        raise errors.AnjunganError.of("safety.pin.weak")
    hashed = hash_pin(pin)
    with app.uow() as uow:
        uow.pins.save(role, hashed, app.now())
        uow.queue.save_pin_attempts(f"pin:{role}", PinAttempts())       # a new PIN starts with a clean slate


def check_staff_pin(app: AppCore, pin: str, role: str = "staff") -> bool:
    return staff_pin(app, pin, role).ok

