"""Staff and admin PINs, stored as PBKDF2-SHA256: "pbkdf2$iterations$salt_hex$hash_hex"."""
from __future__ import annotations

import hashlib
import hmac
import os

from kiosk.domain.catalog import tr

DEFAULT_ITERATIONS = 120_000
MIN_ITERATIONS = 1_000
MAX_ITERATIONS = 1_000_000         # about 0.5 s per check on a kiosk PC
MAX_SALT_BYTES = 64
PIN_ROLES = ("staff", "admin")
MIN_PIN_DIGITS, MAX_PIN_DIGITS = 4, 12
# PINs anyone would try first, and the demo's: never a branch's PIN.
WEAK_PINS = frozenset({"1234", "4321", "9999", "12345", "123456", "654321", "0123", "1212", "2580", "1004"}
                      | {d * n for d in "0123456789" for n in range(4, 13)})


def hash_pin(pin: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    if not pin or not pin.isdigit():
        raise ValueError(tr("pin.not_digits", "id"))
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between {MIN_ITERATIONS} and {MAX_ITERATIONS}")
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2${iterations}${salt.hex()}${digest.hex()}"


def parse_pin_hash(stored: str) -> tuple[int, bytes, bytes]:
    """Split a stored hash; raises ValueError when it is not in the expected shape."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2":
        raise ValueError("not a pbkdf2$iterations$salt$hash string")
    if not parts[1].isdigit() or len(parts[1]) > 8:
        raise ValueError("the iteration count is not a number of at most 8 digits")
    iterations = int(parts[1])
    # Bounded both ways: too few is guessable, too many turns one PIN check into minutes of work
    # (10^13 iterations would keep a kiosk busy for days).
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be between {MIN_ITERATIONS} and {MAX_ITERATIONS}")
    if len(parts[2]) > 2 * MAX_SALT_BYTES or len(parts[3]) != 64:
        raise ValueError("salt or hash has the wrong length")
    salt, digest = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    if len(salt) < 8 or len(digest) != 32:
        raise ValueError("salt or hash has the wrong length")
    return iterations, salt, digest


def verify_pin(pin: str, stored: str | None) -> bool:
    if not stored or not pin:
        return False
    try:
        iterations, salt, digest = parse_pin_hash(stored)
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return hmac.compare_digest(candidate, digest)


def pin_digest(pin: str, iterations: int, salt_hex: str) -> str | None:
    """The hex digest `pin` would have under a stored PIN's iteration count and salt, for a check
    made by the database (which keeps the digest and never hands it out); None when the
    parameters are out of bounds, so that a bad row cannot make a machine hash for minutes."""
    if not pin or not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS or len(salt_hex) > 2 * MAX_SALT_BYTES:
        return None
    try:
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return None
    if len(salt) < 8:
        return None
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations).hex()
