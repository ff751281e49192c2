"""Engines for the embedded SQLite file and for a branch PostgreSQL server."""
from __future__ import annotations

import hashlib
import os
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError

from kiosk.domain.errors import ConfigError, StoreUnavailable

SQLITE_BUSY_TIMEOUT_MS = 15000
# PostgreSQL change notification: each schema (one branch's queue) has a channel of its own,
# `anjungan_events_<schema>`; see `channel_for_schema`. The trigger of migration 0003 sends on it.
NOTIFY_CHANNEL_PREFIX = "anjungan_events_"
IDENTIFIER_MAX_BYTES = 63           # PostgreSQL's NAMEDATALEN - 1; pg_notify refuses longer names
PING_AFTER_IDLE_S = 5.0


def data_dir() -> Path:
    """Where the embedded database, previews and demo output live."""
    explicit = os.environ.get("ANJUNGAN_DATA_DIR")
    if explicit:
        path = Path(explicit)
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        path = Path(base) / "anjungan"
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'anjungan.sqlite'}"


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError.of("error.db.url", url=url) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return _postgres_engine(parsed)
    raise ConfigError.of("error.db.kind", kind=parsed.get_backend_name())


def _postgres_engine(url) -> Engine:
    engine = create_engine(url, pool_size=5, max_overflow=5, connect_args={"connect_timeout": 5})

    # A connection that sat idle may have been cut (server restart, network): ping it before use.
    # Connections in steady use skip the ping, which would cost a round trip on every unit of work.
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:
            raise DisconnectionError(str(exc)) from exc     # the pool retries on a fresh connection

    return engine


def _sqlite_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We issue BEGIN ourselves, so that writers can take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # A printed number must survive a power cut, or the same number could be printed twice.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        # Writers take the write lock up front. Reads run without BEGIN/COMMIT, each statement
        # on the newest commit (as on PostgreSQL, where reads are AUTOCOMMIT).
        if conn.info.pop("write", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def transaction(engine: Engine, write: bool = True) -> Iterator[Connection]:
    """One unit of work: everything inside commits together or not at all."""
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql" and not write:
                # Reads need no transaction on the server: saves the BEGIN and COMMIT round trips.
                conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            elif write and engine.dialect.name == "sqlite":
                conn.info["write"] = True
            else:
                conn.info.pop("write", None)
            with conn.begin():
                yield conn
    except OperationalError as exc:
        raise unavailable(engine, exc) from None


def unavailable(engine: Engine, exc: Exception) -> StoreUnavailable:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return StoreUnavailable.of("error.db.busy")
    if engine.dialect.name == "postgresql":
        return StoreUnavailable.of("error.db.unreachable.postgresql")
    return StoreUnavailable.of("error.db.unreachable.sqlite")


def channel_for_schema(schema: str) -> str:
    """The NOTIFY channel of the queue whose tables live in `schema`.

    `anjungan_events_<schema>` when that fits PostgreSQL's 63-byte limit on names; otherwise
    `anjungan_events_<md5 of the schema name, 32 hex digits>`. The trigger function of
    migration 0003 computes exactly the same name on the server.
    """
    channel = NOTIFY_CHANNEL_PREFIX + schema
    if len(channel.encode("utf-8")) > IDENTIFIER_MAX_BYTES:
        channel = NOTIFY_CHANNEL_PREFIX + hashlib.md5(schema.encode("utf-8")).hexdigest()
    return channel


# The schema that `events` means for this connection: where the table is, or before the first
# migration, where it will be created.
_EVENTS_SCHEMA = text(
    "SELECT (SELECT n.nspname FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.oid = to_regclass('events')) AS table_schema, current_schema() AS current_schema")
_channels: "weakref.WeakKeyDictionary[Engine, str]" = weakref.WeakKeyDictionary()
_channels_lock = threading.Lock()


def notify_channel(engine: Engine) -> str:
    """The channel on which this engine's queue announces its events (PostgreSQL only).

    The channel belongs to the schema the `events` table lives in, as the trigger of migration
    0003 sees it (`TG_TABLE_SCHEMA`); before the first migration, to the schema it will be
    created in (`current_schema()`). Asked of the server once per engine. Raises ValueError for
    other databases, StoreUnavailable when the server cannot be reached and ConfigError when
    the search_path names no schema that exists.
    """
    if engine.dialect.name != "postgresql":
        raise ValueError(f"{engine.dialect.name} has no notification channels; only PostgreSQL has")
    with _channels_lock:
        known = _channels.get(engine)
    if known is not None:
        return known
    try:
        with engine.connect() as conn:
            table_schema, current = conn.execute(_EVENTS_SCHEMA).one()
            conn.rollback()
    except OperationalError as exc:
        raise unavailable(engine, exc) from None
    if table_schema is None and current is None:
        raise ConfigError.of("error.db.schema")
    channel = channel_for_schema(table_schema or current)
    if table_schema is not None:        # before the first migration the answer may still change
        with _channels_lock:
            _channels[engine] = channel
    return channel
