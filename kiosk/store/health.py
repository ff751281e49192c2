"""What `anjungan doctor` and the web service's `/healthz` ask the database.

- `schema_state`: the schema's revision against this program's (current, behind, newer, missing);
- `key_fingerprint`, `stored_key_fingerprint` (kiosk/store/keyprint.py): the NIK key's
  fingerprint, and the branch's as the database keeps it;
- `server_now`: the database server's clock (PostgreSQL);
- `job_refusals`: what of its machine's job a role may not do, tried with statements that touch
  no row (PostgreSQL checks the privileges of a statement before it reads a row) inside a
  transaction that is rolled back;
- `read_check`: one real read of the queue (the revision and the newest event).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from kiosk.domain.errors import StoreNotReady
from kiosk.store import db
from kiosk.store.keyprint import key_fingerprint, remember_key, stored_key_fingerprint
from kiosk.store.schema import HEAD, current_revision, known_revisions

__all__ = ["JOB_ROLES", "key_fingerprint", "job_refusals", "ping", "read_check", "remember_key", "schema_state",
           "server_now", "stored_key_fingerprint"]

# The machine kinds of `anjungan units`/`doctor --machine` and the database role each logs in as
# (kiosk/store/access_matrix.py): the rating screen sits at a counter; the monitor reads reports.
JOB_ROLES = {"kiosk": "kiosk", "counter": "counter", "rating": "counter", "display": "display",
             "monitor": "report", "web": "web", "notifier": "notifier"}


# -- the schema ------------------------------------------------------------------------------------

def schema_state(engine: Engine) -> tuple[str, str | None, str]:
    """(state, the database's revision, this program's): state is "current", "behind" (run
    `db upgrade`), "newer" (update this PC) or "missing" (no schema yet)."""
    current = current_revision(engine)
    if current is None:
        return "missing", None, HEAD
    if current == HEAD:
        return "current", current, HEAD
    return ("behind" if current in known_revisions() else "newer"), current, HEAD


# -- the database answers --------------------------------------------------------------------------

def ping(engine: Engine) -> None:
    """One round trip (connecting first): raises the sentence of why the database cannot be used."""
    try:
        with db.transaction(engine, write=False) as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        raise db.unavailable(engine, exc) from None


# -- the server's clock ----------------------------------------------------------------------------

def server_now(engine: Engine) -> datetime | None:
    """The database server's time (None on SQLite: the file's clock is this PC's)."""
    if engine.dialect.name != "postgresql":
        return None
    with db.transaction(engine, write=False) as conn:
        return conn.execute(text("SELECT now()")).scalar_one()


# -- a machine's job -------------------------------------------------------------------------------

def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _probes(conn: Connection, role_kind: str) -> list[tuple[str, str]]:
    """(what, statement) for each privilege the role's job needs, each touching no row."""
    from kiosk.store.roles import ALL, But, _grants

    schema = conn.execute(text("SELECT current_schema()")).scalar_one()
    tables = list(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = :s ORDER BY tablename"), {"s": schema}).scalars())
    probes = []
    for table, privileges in _grants(conn, schema, tables).get(role_kind, {}).items():
        existing = list(conn.execute(text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = :s AND table_name = :t "
            "ORDER BY ordinal_position"), {"s": schema, "t": table}).scalars())
        for privilege, columns in privileges.items():
            chosen = existing if columns == ALL else [c for c in existing if c not in columns.columns] \
                if isinstance(columns, But) else [c for c in columns if c in existing]
            if not chosen:
                continue
            names, target = ", ".join(_q(c) for c in chosen), _q(table)
            statement = {
                "SELECT": f"SELECT {names} FROM {target} WHERE false",
                "INSERT": f"INSERT INTO {target} ({names}) SELECT {', '.join('NULL' for _ in chosen)} WHERE false",
                "UPDATE": f"UPDATE {target} SET {', '.join(f'{_q(c)} = NULL' for c in chosen)} WHERE false",
                "DELETE": f"DELETE FROM {target} WHERE false",
            }[privilege]
            probes.append((f"{privilege} {table}", statement))
    return probes


_SEQUENCE_USERS = ("kiosk", "counter", "web")         # they insert rows numbered by a sequence


def _grants_checked(conn: Connection, role_kind: str) -> list[str]:
    """What a zero-row statement cannot show: the sequences that number new rows, and the PIN
    check functions (kiosk/store/pins.py), as `db roles` grants them."""
    from kiosk.store.pins import FUNCTIONS
    from kiosk.store.roles import PIN_CHECKERS

    missing = []
    if role_kind in _SEQUENCE_USERS:
        missing += [f"USAGE {name}" for name, allowed in conn.execute(text(
            "SELECT c.relname, has_sequence_privilege(c.oid, 'USAGE') FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'S' AND n.nspname = current_schema() "
            "ORDER BY c.relname")) if not allowed]
    if role_kind in PIN_CHECKERS:
        for function in FUNCTIONS:
            allowed = conn.execute(text(
                "SELECT has_function_privilege(to_regprocedure(quote_ident(current_schema()) || '.' || :f), "
                "'EXECUTE')"), {"f": function}).scalar()
            if not allowed:
                missing.append(f"EXECUTE {function.split('(')[0]}")
    return missing


def job_refusals(engine: Engine, machine: str) -> list[str]:
    """What of `machine`'s job its login role may not do ("INSERT tickets", …); empty when it may
    do all of it. PostgreSQL only (SQLite has no roles); nothing is changed: every statement
    touches no row and the transaction is rolled back."""
    if engine.dialect.name != "postgresql":
        return []
    refused: list[str] = []
    try:
        with engine.connect() as conn:
            outer = conn.begin()
            try:
                for what, statement in _probes(conn, JOB_ROLES[machine]):
                    savepoint = conn.begin_nested()
                    try:
                        conn.execute(text(statement))
                        savepoint.rollback()
                    except DBAPIError as exc:
                        savepoint.rollback()
                        if getattr(exc.orig, "sqlstate", None) != "42501":
                            raise
                        refused.append(what)
                refused += _grants_checked(conn, JOB_ROLES[machine])
            finally:
                outer.rollback()
    except DBAPIError as exc:
        raise db.unavailable(engine, exc) from None
    return refused


# -- the web service's health ----------------------------------------------------------------------

def read_check(engine: Engine) -> dict:
    """One real read: the schema's revision and the newest event's id."""
    try:
        with db.transaction(engine, write=False) as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            newest = conn.execute(text("SELECT max(id) FROM events")).scalar()
    except DBAPIError as exc:            # no schema (any more), or a table this role may not read
        if getattr(exc.orig, "sqlstate", None) == "42P01" or "no such table" in str(exc.orig):
            host = engine.url.host or ("localhost" if engine.dialect.name == "postgresql" else engine.url.database)
            raise StoreNotReady.of("deploy.schema.missing", host=host) from None
        raise db.unavailable(engine, exc) from None
    return {"revision": revision, "event_id": newest or 0}
