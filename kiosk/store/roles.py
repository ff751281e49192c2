"""PostgreSQL roles of least privilege for a branch (`anjungan db roles`).

One role owns the tables and runs the migrations; each kind of machine logs in with a role that
may do its job and nothing else:

| role          | may                                                                           |
|---------------|-------------------------------------------------------------------------------|
| `<p>_owner`   | own the schema's tables (migrations, `staff set-pin`, `db roles` again)       |
| `<p>_kiosk`   | check a NIK (read participants) and issue tickets; print state; purge NIKs    |
| `<p>_counter` | call, recall, skip, finish, transfer, pause; its own PIN attempts             |
| `<p>_display` | read tickets without their NIK columns, events and counters; no names at all  |
| `<p>_report`  | read everything a report needs; never the full NIK, PINs or API tokens        |

No machine role may create, alter or drop anything, delete a row, or read what it does not need:
the grants are column by column where a table holds personal data. Run it again after every
`db upgrade` that adds tables (it is idempotent). The roles get LOGIN without a password: give
each one with `ALTER ROLE … PASSWORD …` or a client certificate, as the branch's pg_hba.conf asks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text


# Columns that tell who a person is.
PERSONAL = {"tickets": ("nik", "nik_hash", "nik_last4"), "bookings": ("nik", "nik_hash", "nik_last4")}
FULL_NIK = {"tickets": ("nik",), "bookings": ("nik",)}
NO_ONE_BUT_THE_OWNER = ("staff_pins", "api_tokens")

ALL = "*"
# table -> {privilege: columns (ALL, or a tuple of column names)}
KIOSK = {
    "participants": {"SELECT": ALL},
    "tickets": {"SELECT": ALL, "INSERT": ALL,
                "UPDATE": ("print_state", "print_reason", "nik", "nik_hash", "nik_last4", "estimated_wait_min", "ref")},
    "number_sequences": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("last_seq",)},
    "events": {"SELECT": ALL, "INSERT": ALL},
    "counter_states": {"SELECT": ALL},
    "pin_attempts": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("failures", "locked_until")},
    "staff_pins": {"SELECT": ALL},
    "bookings": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ALL},
    "alembic_version": {"SELECT": ALL},
}
COUNTER = {
    "participants": {"SELECT": ALL},
    "tickets": {"SELECT": ALL, "INSERT": ALL,
                "UPDATE": ("state", "called_at", "finished_at", "counter", "call_count", "transfer_reason",
                           "print_state", "print_reason")},
    "number_sequences": {"SELECT": ALL},
    "events": {"SELECT": ALL, "INSERT": ALL},
    "counter_states": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("paused", "updated_at")},
    "pin_attempts": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("failures", "locked_until")},
    "staff_pins": {"SELECT": ALL},
    "bookings": {"SELECT": ALL, "UPDATE": ("state", "arrival", "ticket_id", "updated_at", "checked_in_at")},
    "alembic_version": {"SELECT": ALL},
}


@dataclass(frozen=True)
class RolePlan:
    owner: str
    machines: dict[str, str]          # kind -> role name

    @property
    def names(self) -> list[str]:
        return [self.owner, *self.machines.values()]


def plan(prefix: str) -> RolePlan:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,40}", prefix):
        raise ValueError("a role prefix is lower-case letters, digits and _, starting with a letter")
    return RolePlan(f"{prefix}_owner", {kind: f"{prefix}_{kind}" for kind in ("kiosk", "counter", "display", "report")})


def _columns(conn: Connection, schema: str, table: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
        "ORDER BY ordinal_position"), {"s": schema, "t": table}).scalars())


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _grants(conn: Connection, schema: str, tables: list[str]) -> dict[str, dict[str, dict[str, object]]]:
    """Per machine kind: table -> privilege -> columns, for the tables that exist."""
    display, report = {}, {}
    for table in tables:
        cols = _columns(conn, schema, table)
        if table in ("tickets", "bookings", "events", "counter_states", "number_sequences", "alembic_version"):
            public = tuple(c for c in cols if c not in PERSONAL.get(table, ()))
            display[table] = {"SELECT": public if table in PERSONAL else ALL}
        if table not in NO_ONE_BUT_THE_OWNER and table != "pin_attempts":
            readable = tuple(c for c in cols if c not in FULL_NIK.get(table, ()))
            report[table] = {"SELECT": readable if table in FULL_NIK else ALL}
    return {"kiosk": {t: p for t, p in KIOSK.items() if t in tables},
            "counter": {t: p for t, p in COUNTER.items() if t in tables},
            "display": display, "report": report}


def apply(conn: Connection, prefix: str = "anjungan") -> RolePlan:
    """Create (or bring up to date) the roles and their grants on the connection's schema.

    Needs a connection with the right to create roles and change owners (the database's
    superuser or owner); runs in the caller's transaction."""
    roles = plan(prefix)
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    for name in roles.names:
        conn.execute(text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) THEN "
            "CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$"
            % ("'" + name.replace("'", "''") + "'", _q(name))))
    s, owner = _q(schema), _q(roles.owner)
    tables = list(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": schema}).scalars())
    # The owner owns it all: the schema (unless it is the shared `public`), tables, sequences, functions.
    if schema != "public":
        conn.execute(text(f"ALTER SCHEMA {s} OWNER TO {owner}"))
    conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA {s} TO {owner}"))
    for table in tables:
        conn.execute(text(f"ALTER TABLE {s}.{_q(table)} OWNER TO {owner}"))
    for (function,) in conn.execute(text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = :s"), {"s": schema}).all():
        conn.execute(text(f"ALTER FUNCTION {function} OWNER TO {owner}"))
    machines = [_q(r) for r in roles.machines.values()]
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {', '.join(machines)}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM PUBLIC, {', '.join(machines)}"))
    conn.execute(text(f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC, {', '.join(machines)}"))
    for table in tables:   # column grants are kept apart from table grants: clear them too
        for column in _columns(conn, schema, table):
            conn.execute(text(f"REVOKE ALL ({_q(column)}) ON {s}.{_q(table)} FROM {', '.join(machines)}"))
    for kind, grants in _grants(conn, schema, tables).items():
        role = _q(roles.machines[kind])
        conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {role}"))
        for table, privileges in grants.items():
            for privilege, columns in privileges.items():
                target = f"{s}.{_q(table)}"
                if columns == ALL:
                    conn.execute(text(f"GRANT {privilege} ON {target} TO {role}"))
                elif columns:
                    cols = ", ".join(_q(c) for c in columns if c in _columns(conn, schema, table))
                    if cols:
                        conn.execute(text(f"GRANT {privilege} ({cols}) ON {target} TO {role}"))
        if kind in ("kiosk", "counter"):
            conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {role}"))
    return roles
