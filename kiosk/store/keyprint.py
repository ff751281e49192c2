"""A short fingerprint of the NIK hash key, kept in the database so that a machine can tell that
its key file is the branch's (`anjungan doctor`).

Never the key: the key stays outside the database (kiosk/store/secrets.py); the fingerprint is
16 hex digits of SHA-256 over it, written by `anjungan db upgrade` and on first use of the one-PC
SQLite file (kiosk/store/schema.py), never replaced once there.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, text

from kiosk.store import db
from kiosk.store.models import key_fingerprints

__all__ = ["key_fingerprint", "remember_key", "stored_key_fingerprint"]

NIK_KEY = "nik"
FINGERPRINT_HEX = 16
_FINGERPRINT_CONTEXT = b"anjungan nik-key fingerprint v1\x00"


def key_fingerprint(key: bytes) -> str:
    """16 hex digits of SHA-256 over the key: enough to tell two keys apart, nothing to find one."""
    return hashlib.sha256(_FINGERPRINT_CONTEXT + key).hexdigest()[:FINGERPRINT_HEX]


def remember_key(conn: Connection, key: bytes, at: datetime | None = None) -> bool:
    """Keep the key's fingerprint when the database has none yet (in the caller's transaction);
    True when it was written. A fingerprint already there is never replaced: it is the branch's."""
    if conn.execute(text("SELECT 1 FROM key_fingerprints WHERE name = :n"), {"n": NIK_KEY}).first():
        return False
    conn.execute(key_fingerprints.insert().values(name=NIK_KEY, fingerprint=key_fingerprint(key),
                                                  written_at=at or datetime.now(timezone.utc)))
    return True


def stored_key_fingerprint(engine: Engine) -> str | None:
    with db.transaction(engine, write=False) as conn:
        return conn.execute(text("SELECT fingerprint FROM key_fingerprints WHERE name = :n"),
                            {"n": NIK_KEY}).scalar()
