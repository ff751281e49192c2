"""Engines for the embedded SQLite file and for a branch PostgreSQL server."""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, OperationalError

from kiosk.domain.errors import ConfigError, StoreUnavailable

SQLITE_BUSY_TIMEOUT_MS = 15000
NOTIFY_CHANNEL = "anjungan_events"
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
        raise ConfigError(f"Alamat database tidak dapat dibaca: {url!r}.",
                          f"The database URL cannot be read: {url!r}.") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return _postgres_engine(parsed)
    raise ConfigError(f"Jenis database {parsed.get_backend_name()!r} tidak didukung (gunakan sqlite atau postgresql).",
                      f"Database kind {parsed.get_backend_name()!r} is not supported (use sqlite or postgresql).")


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
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.pop("write", False) else "BEGIN")

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
            with conn.begin():
                yield conn
    except OperationalError as exc:
        raise unavailable(engine, exc) from None


def unavailable(engine: Engine, exc: Exception) -> StoreUnavailable:
    text = str(getattr(exc, "orig", exc)).lower()
    if "locked" in text or "busy" in text:
        return StoreUnavailable("Database sedang sibuk dipakai proses lain; coba lagi sebentar.",
                                "The database is busy in another process; try again shortly.")
    where = "server PostgreSQL" if engine.dialect.name == "postgresql" else "file database"
    return StoreUnavailable(f"Database tidak dapat dihubungi ({where}); periksa koneksi dan coba lagi.",
                            f"The database cannot be reached ({where}); check the connection and try again.")
