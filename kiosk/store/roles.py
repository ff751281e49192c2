"""PostgreSQL roles of least privilege for a branch (`anjungan db roles`).

One role owns the tables and runs the migrations; each kind of machine logs in with a role that
may do its job and nothing else. What each role may do, command by command, window action by
window action and API route by route, is the matrix of `kiosk/store/access_matrix.py` (the table
of docs/roles.md is written from it, and a test tries every cell on PostgreSQL). The grants
below are what those jobs need:

- `<p>_owner`: owns the schema's tables and functions (migrations, `staff set-pin`, tokens,
  imports, `db roles` again).
- `<p>_kiosk`: check a NIK, issue and check in, print state, the rating after a QR scan.
- `<p>_counter`: the counter actions, check-in, booking the next visit (F8), the rating screen.
- `<p>_display`: tickets and bookings without their NIK columns, events, counters; no names.
- `<p>_report`: what a report needs; never a full NIK, a name, a PIN or an API token. It keeps
  the report's derived tables (`visit_facts`, `visit_days`, `day_summaries`: no personal data)
  up to date.
- `<p>_web`: the web service: the phone page and its rating, the API (check, issue, check-in,
  counter actions, bookings), reading token hashes to know a caller, the event stream.
- `<p>_notifier`: the SMS service (`anjungan notifier`): the event feed, the tickets it follows
  and the bookings that go before them without any NIK column, and the opted-in phone numbers,
  which it reads, marks sent, moves with a transfer and deletes when the visit ends. No
  participant, PIN or token, and no ticket it could issue, call or change.

A machine role writes only its own kinds of heartbeat row (`devices`, row-level security: a kiosk
cannot make a counter look alive). No machine role may create, alter or drop anything, or delete
a row of the queue; no machine role reads `staff_pins` or writes `pin_attempts`: PINs are
checked inside the server by two `SECURITY DEFINER` functions owned by the owner role
(kiosk/store/pins.py). A service day is
closed from whichever machine acts first on the next day (kiosk, counter, web service, monitor)
by a third one, `anjungan_close_day` (kiosk/store/days.py): it ends that day's open tickets with
their events and its bookings never checked in, and nothing else. The grants are
column by column where a table holds personal data. Run it again after every `db upgrade` (it is
idempotent, and brings new tables, columns and roles in). The roles get LOGIN without a
password: give each one with `ALTER ROLE … PASSWORD …` or a client certificate, as the branch's
pg_hba.conf asks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text

from kiosk.store import days, pins
from kiosk.store.access_matrix import HEARTBEATS, MACHINE_ROLES

ALL = "*"


@dataclass(frozen=True)
class But:
    """Every column of the table except these."""
    columns: tuple[str, ...]


FULL_NIK = {"tickets": ("nik",), "bookings": ("nik",), "participants": ("nik",)}
# Columns that tell who a person is (the display sees none of them; the report role only the
# hash that counts visitors and the last four digits).
NIK_COLUMNS = ("nik", "nik_hash", "nik_last4")
IDENTITY = {"participants": ("nik", "name", "birth_date", "card_number")}
OWNER_ONLY = ("staff_pins", "api_tokens", "pin_attempts", "sms_optins")
# A participant's phone number for SMS (kiosk/notify): the kiosk and the web service take the
# opt-in (a new number for a ticket replaces its old one); no report or display reads it.
_SMS_OPT_IN = {"sms_optins": {"SELECT": ("ticket_id",), "INSERT": ALL, "UPDATE": ("phone", "lang")}}
DERIVED = ("visit_facts", "visit_days", "day_summaries")    # the report's own summaries: no personal data
# Every machine writes its own heartbeat and reads the others' (`anjungan devices`, the monitor);
# which rows a role may write: row-level security, `_own_heartbeats_only`.
DEVICES = {"SELECT": ALL, "INSERT": ALL, "UPDATE": But(("name",))}

_RATE = {"ratings": {"SELECT": ALL, "INSERT": ALL}, "skm_responses": {"SELECT": ALL, "INSERT": ALL},
         "imports": {"SELECT": ALL, "INSERT": ALL}}     # paper questionnaires and bookings imported once
_TICKET_WORK = ("state", "arrived_at", "called_at", "finished_at", "counter", "call_count", "transfer_reason",
                "print_state", "print_reason", "estimated_wait_min",
                "nik", "nik_hash", "nik_last4")     # issuing forgets full NIKs past the retention
_ISSUE = {
    "number_sequences": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("last_seq",)},
    "events": {"SELECT": ALL, "INSERT": ALL},
}
_CHECK_IN = ("state", "arrival", "ticket_id", "updated_at", "checked_in_at")
# The first action of a day closes the days before it, from whichever machine takes it
# (kiosk/app/days.py): the open tickets through `anjungan_close_day` (kiosk/store/days.py), the
# summary, which holds no personal data, written by the machine itself.
_DAY_CLOSE = {"day_closes": {"SELECT": ALL}, "day_summaries": {"SELECT": ALL, "INSERT": ALL, "DELETE": ALL}}
DAY_CLOSERS = ("kiosk", "counter", "web", "report")

# table -> {privilege: ALL | (columns) | But(columns)}
KIOSK = {
    "participants": {"SELECT": ALL},
    "tickets": {"SELECT": ALL, "INSERT": ALL,
                "UPDATE": ("print_state", "print_reason", "nik", "nik_hash", "nik_last4", "estimated_wait_min", "ref")},
    **_ISSUE,
    "counter_states": {"SELECT": ALL},
    "bookings": {"SELECT": ALL, "UPDATE": (*_CHECK_IN, "nik", "nik_hash", "nik_last4")},
    **_RATE,
    "alembic_version": {"SELECT": ALL},
    "key_fingerprints": {"SELECT": ALL},      # `anjungan doctor`: is this key the branch's
    "branch_configs": {"SELECT": ALL},        # the branch configuration in force; only the owner pushes
    **_DAY_CLOSE,
    **_SMS_OPT_IN,
}
COUNTER = {
    "participants": {"SELECT": ALL},
    "tickets": {"SELECT": ALL, "INSERT": ALL, "UPDATE": _TICKET_WORK},
    **_ISSUE,
    "counter_states": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("paused", "updated_at")},
    "bookings": {"SELECT": ALL, "INSERT": ALL, "UPDATE": But(("code",))},
    **_RATE,
    "alembic_version": {"SELECT": ALL},
    "key_fingerprints": {"SELECT": ALL},      # `anjungan doctor`: is this key the branch's
    "branch_configs": {"SELECT": ALL},        # the branch configuration in force; only the owner pushes
    **_DAY_CLOSE,
}
WEB = {
    "participants": {"SELECT": ALL},
    "tickets": {"SELECT": ALL, "INSERT": ALL, "UPDATE": _TICKET_WORK},
    **_ISSUE,
    "counter_states": {"SELECT": ALL, "INSERT": ALL, "UPDATE": ("paused", "updated_at")},
    "bookings": {"SELECT": ALL, "INSERT": ALL, "UPDATE": But(("code",))},
    **_RATE,
    "api_tokens": {"SELECT": ALL},
    "alembic_version": {"SELECT": ALL},
    "key_fingerprints": {"SELECT": ALL},      # `anjungan doctor`: is this key the branch's
    "branch_configs": {"SELECT": ALL},        # the branch configuration in force; only the owner pushes
    **_DAY_CLOSE,
    **_SMS_OPT_IN,
}
# The SMS service (kiosk/app/sms.py): what is due to each opted-in ticket needs the ticket, the
# tickets before it and the booked slots that go first (its place by the fairness rule), and the
# event feed it follows; the branch configuration in force says when "almost" is.
NOTIFIER = {
    "tickets": {"SELECT": But(NIK_COLUMNS)},
    "bookings": {"SELECT": But(NIK_COLUMNS)},
    "events": {"SELECT": ALL},
    "sms_optins": {"SELECT": ALL, "UPDATE": ("ticket_id", "sent", "told_ahead", "told_called"), "DELETE": ALL},
    "alembic_version": {"SELECT": ALL},
    "branch_configs": {"SELECT": ALL},
}
PIN_CHECKERS = ("kiosk", "counter")


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
    return RolePlan(f"{prefix}_owner", {kind: f"{prefix}_{kind}" for kind in MACHINE_ROLES})


def _columns(conn: Connection, schema: str, table: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
        "ORDER BY ordinal_position"), {"s": schema, "t": table}).scalars())


def _tables(conn: Connection) -> set[str]:
    return set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())


def _functions(conn: Connection, schema: str) -> list[str]:
    """The program's functions present in the schema (an older schema may lack some)."""
    present = set(conn.execute(text(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s"),
        {"s": schema}).scalars())
    return [f for f in (*pins.FUNCTIONS, *days.FUNCTIONS) if f.split("(")[0] in present]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _display(table: str, cols: list[str]) -> dict[str, object] | None:
    if table in ("tickets", "bookings"):
        return {"SELECT": But(NIK_COLUMNS)}
    if table in ("events", "counter_states", "number_sequences", "alembic_version", "branch_configs",
                 "day_closes", "day_summaries"):
        return {"SELECT": ALL}
    return None


def _report(table: str, cols: list[str]) -> dict[str, object] | None:
    if table in OWNER_ONLY:
        return None
    if table in DERIVED:
        return {"SELECT": ALL, "INSERT": ALL, "UPDATE": ALL, "DELETE": ALL}
    hidden = (*FULL_NIK.get(table, ()), *IDENTITY.get(table, ()))
    return {"SELECT": But(hidden) if hidden else ALL}


def _grants(conn: Connection, schema: str, tables: list[str]) -> dict[str, dict[str, dict[str, object]]]:
    """Per machine kind: table -> privilege -> columns, for the tables that exist."""
    made: dict[str, dict[str, dict[str, object]]] = {
        "kiosk": {t: p for t, p in KIOSK.items() if t in tables},
        "counter": {t: p for t, p in COUNTER.items() if t in tables},
        "web": {t: p for t, p in WEB.items() if t in tables},
        "notifier": {t: p for t, p in NOTIFIER.items() if t in tables},
        "display": {}, "report": {}}
    for table in tables:
        cols = _columns(conn, schema, table)
        for kind, rule in (("display", _display), ("report", _report)):
            privileges = rule(table, cols)
            if privileges:
                made[kind][table] = privileges
    if "devices" in tables:
        for kind in HEARTBEATS:
            made[kind]["devices"] = DEVICES
    return made


def _grant(conn: Connection, role: str, schema: str, table: str, privilege: str, columns: object) -> None:
    target = f"{_q(schema)}.{_q(table)}"
    if columns == ALL:
        conn.execute(text(f"GRANT {privilege} ON {target} TO {role}"))
        return
    existing = _columns(conn, schema, table)
    chosen = [c for c in existing if c not in columns.columns] if isinstance(columns, But) \
        else [c for c in columns if c in existing]
    if chosen:
        conn.execute(text(f"GRANT {privilege} ({', '.join(_q(c) for c in chosen)}) ON {target} TO {role}"))


def apply(conn: Connection, prefix: str = "anjungan") -> RolePlan:
    """Create (or bring up to date) the roles and their grants on the connection's schema.

    Needs a connection with the right to create roles and change owners (the database's
    superuser, or the owner once every role exists); runs in the caller's transaction."""
    roles = plan(prefix)
    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    for name in roles.names:
        conn.execute(text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %s) THEN "
            "CREATE ROLE %s LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF; END $$"
            % ("'" + name.replace("'", "''") + "'", _q(name))))
    pins.install(conn)                      # the PIN check is the program's, whatever the schema had
    if "day_closes" in _tables(conn):
        days.install(conn)                  # so is the day close
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
    machines = ", ".join(_q(r) for r in roles.machines.values())
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {machines}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM PUBLIC, {machines}"))
    conn.execute(text(f"REVOKE CREATE ON SCHEMA {s} FROM PUBLIC, {machines}"))
    for function in _functions(conn, schema):
        conn.execute(text(f"REVOKE ALL ON FUNCTION {s}.{function} FROM PUBLIC, {machines}"))
    for table in tables:   # column grants are kept apart from table grants: clear them too
        cols = ", ".join(_q(c) for c in _columns(conn, schema, table))
        conn.execute(text(f"REVOKE ALL ({cols}) ON {s}.{_q(table)} FROM {machines}"))
    for kind, grants in _grants(conn, schema, tables).items():
        role = _q(roles.machines[kind])
        conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {role}"))
        for table, privileges in grants.items():
            for privilege, columns in privileges.items():
                _grant(conn, role, schema, table, privilege, columns)
        if kind in ("kiosk", "counter", "web"):
            conn.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {role}"))
        if kind in PIN_CHECKERS:
            for function in pins.FUNCTIONS:
                conn.execute(text(f"GRANT EXECUTE ON FUNCTION {s}.{function} TO {role}"))
        if kind in DAY_CLOSERS:
            for function in set(days.FUNCTIONS) & set(_functions(conn, schema)):
                conn.execute(text(f"GRANT EXECUTE ON FUNCTION {s}.{function} TO {role}"))
    if "devices" in tables:
        _own_heartbeats_only(conn, s, roles)
    return roles


def _own_heartbeats_only(conn: Connection, schema: str, roles: RolePlan) -> None:
    """Each machine role makes and updates only the heartbeat rows of its own kinds of machine
    (row-level security); every role that may read the table reads every row (the grants decide
    who may read). The owner, who owns the table, is not bound by the policies."""
    table = f"{schema}.devices"
    conn.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
    conn.execute(text(f"DROP POLICY IF EXISTS devices_read ON {table}"))
    conn.execute(text(f"CREATE POLICY devices_read ON {table} FOR SELECT USING (true)"))
    for kind, role in roles.machines.items():
        policy = _q(f"devices_beat_{kind}")
        kinds = ", ".join("'" + k + "'" for k in HEARTBEATS.get(kind, ()))
        conn.execute(text(f"DROP POLICY IF EXISTS {policy} ON {table}"))
        if kinds:
            conn.execute(text(f"CREATE POLICY {policy} ON {table} FOR ALL TO {_q(role)} "
                              f"USING (kind IN ({kinds})) WITH CHECK (kind IN ({kinds}))"))
