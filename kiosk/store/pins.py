"""Staff and admin PIN hashes set at the branch (`anjungan staff set-pin`), one row per role.

On PostgreSQL no machine role reads `staff_pins` or writes `pin_attempts`: two functions owned
by the owner role (`SECURITY DEFINER`) stand between them. `anjungan_pin_salts()` hands out only
each PIN's iteration count and salt (public by nature); the machine computes the slow PBKDF2
itself and `anjungan_check_pin(...)` compares it with the stored digest inside the server,
keeps the attempt limit there (a role that cannot write `pin_attempts` cannot reset it), and
answers only which PIN it was. A 4-digit PIN can therefore not be tried offline from a kiosk
or counter role: every guess costs an attempt. (PBKDF2 is not computed in SQL: PostgreSQL has
no PBKDF2 of its own and pgcrypto may be missing or not allowed.) SQLite, on one PC, reads the
table as before.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Connection, select, text

from kiosk.domain.pinlock import PinLock
from kiosk.store.models import staff_pins as SP

_READ = select(SP.c.role, SP.c.pin_hash)
_SAVE = text("INSERT INTO staff_pins (role, pin_hash, set_at) VALUES (:r, :h, :at) "
             "ON CONFLICT (role) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at")
FUNCTIONS = ("anjungan_pin_salts()", "anjungan_check_pin(text, text, text, text)")


def read(conn: Connection) -> dict[str, str]:
    return {role: pin_hash for role, pin_hash in conn.execute(_READ)}


def save(conn: Connection, role: str, pin_hash: str, at: datetime) -> None:
    conn.execute(_SAVE, {"r": role, "h": pin_hash, "at": at.astimezone(timezone.utc)})


# -- PostgreSQL: the check made inside the server -------------------------------------------------

@dataclass(frozen=True)
class ServerCheck:
    entered: str | None               # "admin", "staff" or None (wrong, or locked)
    failures: int
    locked_until: datetime | None     # UTC


def salts(conn: Connection) -> dict[str, tuple[int, str]]:
    """role -> (iterations, salt hex) of the PINs set at the branch; never the digest."""
    return {role: (int(iterations), salt) for role, iterations, salt in
            conn.execute(text("SELECT role, iterations, salt FROM anjungan_pin_salts()"))}


def check(conn: Connection, role: str, digests: dict[str, str | None], local: str | None) -> ServerCheck:
    """Let the server compare the digests (per PIN role) and count the attempt against `role`'s
    lock. `local` is the PIN role this machine's configuration matched, sent without digests
    (taken only for a role the branch has set no PIN for)."""
    row = conn.execute(text("SELECT entered, failures, locked_until FROM anjungan_check_pin(:r, :a, :s, :l)"),
                       {"r": role, "a": digests.get("admin"), "s": digests.get("staff"), "l": local}).one()
    until = row.locked_until.astimezone(timezone.utc) if row.locked_until is not None else None
    return ServerCheck(row.entered, row.failures, until)


def install(conn: Connection) -> None:
    """Create (or bring up to date) the two functions in the connection's schema (PostgreSQL).
    Run by the migration that brought them and again by `anjungan db roles`."""
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    path = '"' + schema.replace('"', '""') + '", pg_temp'
    lock = PinLock()
    seconds = int(lock.lock_for.total_seconds())
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION anjungan_pin_salts()
        RETURNS TABLE (role text, iterations integer, salt text)
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {path} AS $fn$
            SELECT p.role::text, split_part(p.pin_hash, '$', 2)::integer, split_part(p.pin_hash, '$', 3)
            FROM staff_pins p WHERE p.pin_hash LIKE 'pbkdf2$%' ORDER BY p.role
        $fn$"""))
    # Digests are compared through SHA-256 of both sides, so the time a comparison takes tells
    # nothing about the stored digest.
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION anjungan_check_pin(p_role text, p_admin text, p_staff text, p_local text)
        RETURNS TABLE (entered text, failures integer, locked_until timestamptz)
        LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = {path} AS $fn$
        DECLARE
            v_scope text := 'pin:' || p_role;
            v_now timestamptz := clock_timestamp();
            v_failures integer;
            v_until timestamptz;
            v_found text;
            v_set integer;
        BEGIN
            IF p_role NOT IN ('staff', 'admin') THEN
                RAISE EXCEPTION 'unknown PIN role %', p_role USING ERRCODE = '22023';
            END IF;
            INSERT INTO pin_attempts AS a (scope, failures, locked_until) VALUES (v_scope, 0, NULL)
                ON CONFLICT (scope) DO NOTHING;
            SELECT a.failures, a.locked_until INTO v_failures, v_until
                FROM pin_attempts a WHERE a.scope = v_scope FOR UPDATE;
            IF v_until IS NOT NULL AND v_now < v_until THEN
                RETURN QUERY SELECT NULL::text, v_failures, v_until;
                RETURN;
            END IF;
            SELECT count(*) INTO v_set FROM staff_pins;
            IF p_admin IS NOT NULL AND EXISTS (
                    SELECT 1 FROM staff_pins p WHERE p.role = 'admin'
                    AND sha256(convert_to(split_part(p.pin_hash, '$', 4), 'UTF8'))
                        = sha256(convert_to(lower(p_admin), 'UTF8'))) THEN
                v_found := 'admin';
            ELSIF p_role <> 'admin' AND p_staff IS NOT NULL AND EXISTS (
                    SELECT 1 FROM staff_pins p WHERE p.role = 'staff'
                    AND sha256(convert_to(split_part(p.pin_hash, '$', 4), 'UTF8'))
                        = sha256(convert_to(lower(p_staff), 'UTF8'))) THEN
                v_found := 'staff';
            ELSIF p_local IN ('admin', 'staff') AND (p_local = 'admin' OR p_role <> 'admin')
                    AND p_admin IS NULL AND p_staff IS NULL
                    AND NOT EXISTS (SELECT 1 FROM staff_pins p WHERE p.role = p_local) THEN
                -- a PIN of this machine's configuration, for a role the branch has not set: it
                -- opens (never beside a digest, so it cannot mask a wrong guess of a stored PIN),
                -- but clears the count only where the branch keeps no PIN at all
                IF v_set = 0 THEN
                    UPDATE pin_attempts a SET failures = 0, locked_until = NULL WHERE a.scope = v_scope;
                    v_failures := 0;
                END IF;
                RETURN QUERY SELECT p_local, v_failures, NULL::timestamptz;
                RETURN;
            END IF;
            IF v_found IS NOT NULL THEN
                UPDATE pin_attempts a SET failures = 0, locked_until = NULL WHERE a.scope = v_scope;
                RETURN QUERY SELECT v_found, 0, NULL::timestamptz;
                RETURN;
            END IF;
            IF v_until IS NOT NULL THEN
                v_failures := 0;            -- the lock ran out: a fresh series of tries
            END IF;
            v_failures := v_failures + 1;
            v_until := CASE WHEN v_failures >= {int(lock.max_failures)}
                            THEN v_now + make_interval(secs => {seconds}) END;
            UPDATE pin_attempts a SET failures = v_failures, locked_until = v_until WHERE a.scope = v_scope;
            RETURN QUERY SELECT NULL::text, v_failures, v_until;
        END
        $fn$"""))
