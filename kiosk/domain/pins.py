"""Staff and admin PINs, stored as PBKDF2-SHA256: "pbkdf2$iterations$salt_hex$hash_hex"."""
from __future__ import annotations

import hashlib
import hmac
import os

from kiosk.domain.catalog import tr

DEFAULT_ITERATIONS = 120_000


def hash_pin(pin: str, *, iterations: int = DEFAULT_ITERATIONS, salt: bytes | None = None) -> str:
    if not pin or not pin.isdigit():
        raise ValueError(tr("pin.not_digits", "id"))
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"pbkdf2${iterations}${salt.hex()}${digest.hex()}"


def parse_pin_hash(stored: str) -> tuple[int, bytes, bytes]:
    """Split a stored hash; raises ValueError when it is not in the expected shape."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2":
        raise ValueError("not a pbkdf2$iterations$salt$hash string")
    iterations = int(parts[1])
    if iterations < 1000:
        raise ValueError("too few iterations")
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
