"""Staff and admin PIN hashes set at the branch (`anjungan staff set-pin`), one row per role."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, select, text

from kiosk.store.models import staff_pins as SP

_READ = select(SP.c.role, SP.c.pin_hash)
_SAVE = text("INSERT INTO staff_pins (role, pin_hash, set_at) VALUES (:r, :h, :at) "
             "ON CONFLICT (role) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at")


def read(conn: Connection) -> dict[str, str]:
    return {role: pin_hash for role, pin_hash in conn.execute(_READ)}


def save(conn: Connection, role: str, pin_hash: str, at: datetime) -> None:
    conn.execute(_SAVE, {"r": role, "h": pin_hash, "at": at.astimezone(timezone.utc)})
