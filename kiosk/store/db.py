"""Engines for the embedded SQLite file and for a branch PostgreSQL server.

Nothing waits long for a database that does not answer:
- SQLite: a file locked by another process is waited for at most `SQLITE_BUSY_TIMEOUT_MS`, and a
  file that cannot be used is named with the exact reason (busy, read-only, folder missing, not
  a folder, not a database, no permission);
- PostgreSQL: a connect timeout, TCP keepalives and a TCP user timeout (a dead link), server-side
  statement, lock and idle-in-transaction timeouts (a live but stuck server or client), and a
  client-side deadline on every round trip (a frozen server whose kernel still acknowledges
  packets): a statement that gets no answer within `PG_DEADLINE_S` has its socket shut, so the
  call fails at once with one sentence and the pool opens a fresh connection next time.
SQLAlchemy is told to hide statement parameters in its errors (NIKs and names are parameters).
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import sqlite3
import threading
import time
import weakref
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError, OperationalError

from kiosk.domain.catalog import ByLanguage
from kiosk.domain.errors import ConfigError, StoreNotReady, StoreUnavailable
from kiosk.domain.formatting import decimal_text
from kiosk.store import pgfailures, store_file

log = logging.getLogger("anjungan.store")

SQLITE_BUSY_TIMEOUT_MS = 3000
# PostgreSQL change notification: each schema (one branch's queue) has a channel of its own,
# `anjungan_events_<schema>`; see `channel_for_schema`. The trigger of migration 0003 sends on it.
NOTIFY_CHANNEL_PREFIX = "anjungan_events_"
IDENTIFIER_MAX_BYTES = 63           # PostgreSQL's NAMEDATALEN - 1; pg_notify refuses longer names
PING_AFTER_IDLE_S = 5.0
# Client-side limits for a branch server (see the module's docstring). A command makes at most a
# ping, a reconnect and one unanswered round trip before it fails: well under 5 s in all.
PG_CONNECT_TIMEOUT_S = 2            # libpq's smallest
PG_DEADLINE_S = 3.0                 # one round trip (statement or commit) without an answer
PG_PING_DEADLINE_S = 1.0            # the ping of a connection that sat idle in the pool
PG_SESSION_OPTIONS = ("-c statement_timeout=2500 -c lock_timeout=2000 "
                      "-c idle_in_transaction_session_timeout=10000")
PG_TCP = {"keepalives": 1, "keepalives_idle": 2, "keepalives_interval": 1, "keepalives_count": 2,
          "tcp_user_timeout": 3000}
SUPPORTED_DRIVERS = {"sqlite": ("sqlite", "sqlite+pysqlite"), "postgresql": ("postgresql", "postgresql+psycopg")}


def data_dir_path() -> Path:
    """Where the data folder is (without making it)."""
    explicit = os.environ.get("ANJUNGAN_DATA_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "anjungan"


def data_dir() -> Path:
    """Where the embedded database, previews and demo output live (made when missing, owner-only)."""
    path = data_dir_path()
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = path.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            path.chmod(0o700)             # the database, previews, keys and logs: its owner's only
    except OSError as exc:
        raise ConfigError.of("safety.data_dir", path=path, error=exc.strerror or exc) from None
    return path


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'anjungan.sqlite'}"


def make_engine(url: str, create: bool = True) -> Engine:
    """The engine of a database URL. A SQLite file is made only with `create` (`db upgrade`,
    `init`, the demo); every other command finds it there or stops with one sentence (exit 6)."""
    try:
        if "\x00" in url:
            raise ArgumentError("NUL in the URL")
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError.of("error.db.url", url=url) from None
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_DRIVERS:
        raise ConfigError.of("error.db.kind", kind=backend)
    if parsed.drivername not in SUPPORTED_DRIVERS[backend]:
        # e.g. postgresql+asyncpg://: an async driver (or one not installed) cannot serve the windows
        raise ConfigError.of("safety.db.driver", driver=parsed.drivername)
    if backend == "sqlite":
        return _sqlite_engine(url, create)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return _postgres_engine(parsed)


def _postgres_engine(url) -> Engine:
    options = " ".join(o for o in (PG_SESSION_OPTIONS, url.query.get("options")) if o)
    connect_args = {"connect_timeout": PG_CONNECT_TIMEOUT_S, **PG_TCP, "options": options}
    engine = create_engine(url, pool_size=5, max_overflow=5, connect_args=connect_args, hide_parameters=True)

    # A connection that sat idle may have been cut (server restart, network): ping it before use.
    # Connections in steady use skip the ping, which would cost a round trip on every unit of work.
    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection, record):
        record.info["idle_since"] = time.monotonic()
        if dbapi_connection is not None:
            _watchdog.disarm(dbapi_connection)

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection, record, _proxy):
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_S:
            return
        try:
            _watchdog.arm(dbapi_connection, PG_PING_DEADLINE_S)
            dbapi_connection.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:
            raise DisconnectionError(str(exc)) from exc     # the pool retries on a fresh connection
        finally:
            _watchdog.disarm(dbapi_connection)

    # Every round trip has a deadline; `execution_options(deadline=None)` lifts it (migrations,
    # imports), `deadline=S` sets another.
    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(conn, _cursor, _statement, _parameters, context, _executemany):
        options = context.execution_options if context is not None else conn.get_execution_options()
        _arm(conn, options.get("deadline", PG_DEADLINE_S))

    @event.listens_for(engine, "after_cursor_execute")
    def _after_execute(conn, *_args):
        _disarm(conn)

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        if context.connection is not None:
            _disarm(context.connection)
        _scrub(context.original_exception)
        _scrub(context.sqlalchemy_exception)

    @event.listens_for(engine, "commit")
    def _on_commit(conn):
        _arm(conn, conn.get_execution_options().get("deadline", PG_DEADLINE_S))   # disarmed at checkin

    @event.listens_for(engine, "rollback")
    def _on_rollback(conn):
        _arm(conn, conn.get_execution_options().get("deadline", PG_DEADLINE_S))

    return engine


def _scrub(exc: BaseException | None) -> None:
    """Drop the server's DETAIL lines from a driver error's text: PostgreSQL puts the values of
    the row there ("Failing row contains (…, 3171011708450001, …)", "Key (nik)=(…)"), which would
    reach tracebacks and logs; the parameters themselves are hidden by `hide_parameters`."""
    if exc is None or not exc.args or not isinstance(exc.args[0], str):
        return
    lines = [line for line in exc.args[0].splitlines() if not line.lstrip().startswith("DETAIL:")]
    exc.args = ("\n".join(lines), *exc.args[1:])


def _dbapi(conn: Connection):
    """The driver's connection under `conn`, or None once it is closed or invalidated."""
    if conn.closed or conn.invalidated:
        return None
    try:
        return conn.connection.dbapi_connection
    except Exception:  # noqa: BLE001 - a connection being torn down has nothing to watch
        return None


def _arm(conn: Connection, seconds: float | None) -> None:
    if seconds is not None and (dbapi := _dbapi(conn)) is not None:
        _watchdog.arm(dbapi, seconds)


def _disarm(conn: Connection) -> None:
    if (dbapi := _dbapi(conn)) is not None:
        _watchdog.disarm(dbapi)


class _Watchdog:
    """Shuts the socket of a PostgreSQL connection whose round trip outlives its deadline.

    A frozen server (SIGSTOP, a hung VM) keeps its TCP connections open, and its kernel still
    acknowledges what is sent, so no TCP timeout ever fires: only the client can decide that an
    answer is too late. Shutting the socket wakes the waiting call with "connection lost".
    One thread serves every engine of the process; arming costs a dict entry.
    """

    def __init__(self):
        self._armed: dict[int, tuple[float, object]] = {}
        self._last_fired = -1e9
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_connection, seconds: float) -> None:
        with self._lock:
            self._armed[id(dbapi_connection)] = (time.monotonic() + seconds, dbapi_connection)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="pg-deadline", daemon=True)
                self._thread.start()
        self._wake.set()

    def disarm(self, dbapi_connection) -> None:
        with self._lock:
            self._armed.pop(id(dbapi_connection), None)

    def fired_lately(self, within: float = PG_DEADLINE_S + 2) -> bool:
        """Whether a deadline shut a connection a moment ago (the failure being reported)."""
        return time.monotonic() - self._last_fired < within

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                due = [(key, conn) for key, (at, conn) in self._armed.items() if at <= now]
                for key, _conn in due:
                    del self._armed[key]
                soonest = min((at for at, _ in self._armed.values()), default=None)
            for _key, conn in due:
                self._shut(conn)
            self._wake.clear()
            self._wake.wait(0.5 if soonest is None else max(0.01, min(0.5, soonest - time.monotonic())))

    def _shut(self, dbapi_connection) -> None:
        try:
            fd = dbapi_connection.pgconn.socket
        except Exception:  # noqa: BLE001 - already closed: nothing to wake
            return
        self._last_fired = time.monotonic()
        log.warning("PostgreSQL server did not answer in time; closing the connection")
        try:
            with socket.socket(fileno=os.dup(fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


_watchdog = _Watchdog()


def _sqlite_engine(url: str, create: bool = True) -> Engine:
    parsed = make_url(url)
    path = sqlite_file(parsed.database)
    options: dict = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    if path is None:
        engine = create_engine(url, connect_args=options, hide_parameters=True)
    else:
        _prepare_sqlite_file(path, create)
        # Every connection opens the file without making it (SQLite's `mode=rw`): a file removed
        # under a running process is never made again, empty, by its next connection.
        uri = f"file:{quote(str(path.absolute()))}?mode=rw"
        guard = store_file.Guard(path)        # removed or replaced under this process: refused (store_file.py)
        engine = create_engine(url, creator=lambda: guard.connect(uri, options), hide_parameters=True)
        guard.watch(engine)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We issue BEGIN ourselves, so that writers can take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        # A printed number must survive a power cut, or the same number could be printed twice.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection):
        # Writers take the write lock up front. Reads run without BEGIN/COMMIT, each statement
        # on the newest commit (as on PostgreSQL, where reads are AUTOCOMMIT); a read that must
        # see one moment throughout (a resync) opens a plain BEGIN.
        if conn.info.pop("write", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.info.pop("snapshot", False):
            conn.exec_driver_sql("BEGIN")

    return engine


def sqlite_file(database: str | None) -> Path | None:
    """The file of a SQLite URL's database part (None: in memory)."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    return Path(database)


def _prepare_sqlite_file(path: Path, create: bool = True) -> None:
    """The folder must exist and be a folder; a new file is made readable by its owner only
    (SQLite gives the -wal and -shm files the same permissions), and only when `create`."""
    folder = path.parent if str(path.parent) else Path(".")
    if folder.resolve() == data_dir_path().resolve():
        data_dir()                            # the default folder: made when missing, owner-only
    elif folder.exists() and not folder.is_dir():
        raise StoreUnavailable.of("safety.db.not_folder", folder=folder)
    elif not folder.exists():
        blocker = next((p for p in folder.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise StoreUnavailable.of("safety.db.not_folder", folder=blocker)
        raise StoreUnavailable.of("safety.db.no_folder", folder=folder)
    if path.is_dir():
        raise StoreUnavailable.of("safety.db.not_database", path=path)
    if not create and not path.exists():
        raise StoreNotReady.of("backup.store.missing", path=path)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        else:
            _owner_only(path)
    except PermissionError:
        pass                                  # said precisely when SQLite refuses it (see `unavailable`)
    except OSError as exc:
        raise StoreUnavailable.of("safety.db.sqlite_other", path=path, error=exc.strerror or exc) from None


def _owner_only(path: Path) -> None:
    st = path.stat()
    if st.st_uid == os.getuid() and st.st_mode & 0o077:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if p.exists():
                p.chmod(0o600)


@contextmanager
def transaction(engine: Engine, write: bool = True, snapshot: bool = False, bulk: bool = False) -> Iterator[Connection]:
    """One unit of work: everything inside commits together or not at all.

    `snapshot=True` (reads): every statement sees the same moment (PostgreSQL REPEATABLE READ,
    SQLite BEGIN), for a status and the event position that goes with it. `bulk=True`: work
    that may rightly take long (an import, a year's report) has no statement deadline."""
    try:
        with engine.connect() as conn:
            if bulk and engine.dialect.name == "postgresql":
                conn = conn.execution_options(deadline=None)
                if not write:
                    snapshot = True           # a transaction, so that SET LOCAL holds for it
            if engine.dialect.name == "postgresql" and not write:
                # Reads need no transaction on the server: saves the BEGIN and COMMIT round trips.
                conn = conn.execution_options(isolation_level="REPEATABLE READ" if snapshot else "AUTOCOMMIT")
            elif write and engine.dialect.name == "sqlite":
                conn.info["write"] = True
            elif snapshot and engine.dialect.name == "sqlite":
                conn.info["snapshot"] = True
            else:
                conn.info.pop("write", None)
            with conn.begin():
                if bulk and engine.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
                    conn.exec_driver_sql("SET LOCAL lock_timeout = 0")
                yield conn
    except (OperationalError, DBAPIError) as exc:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            raise unavailable(engine, exc) from None
        if getattr(exc.orig, "sqlstate", None) == "42501":    # this machine's role may not do that
            raise pgfailures.classify(engine.url, exc) from None
        raise


def unavailable(engine: Engine, exc: Exception) -> StoreUnavailable:
    """The one sentence for a database that cannot be used now, naming what is wrong (PostgreSQL:
    each reason its own sentence and exit status, see `kiosk/store/pgfailures.py`)."""
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    if engine.dialect.name == "postgresql":
        if "lock timeout" in text or "canceling statement due to statement timeout" in text:
            return StoreUnavailable.of("error.db.busy")
        if _watchdog.fired_lately():
            return _logged(StoreUnavailable.of("safety.db.pg_timeout", seconds=int(PG_DEADLINE_S + 2)))
        known = pgfailures.classify(engine.url, exc, PG_CONNECT_TIMEOUT_S)
        if known is not None:
            return known
        if "timeout" in text:
            return _logged(StoreUnavailable.of("safety.db.pg_timeout", seconds=int(PG_DEADLINE_S + 2)))
        log.error("database: PostgreSQL cannot be used: %s", _first_line(orig))
        return StoreUnavailable.of("error.db.unreachable.postgresql")
    path = sqlite_file(engine.url.database)
    full = disk_full(path, orig)
    if full is not None:
        return full
    if "locked" in text or "busy" in text:
        seconds = SQLITE_BUSY_TIMEOUT_MS / 1000
        return StoreUnavailable.of("safety.db.busy", seconds=ByLanguage(decimal_text(seconds, "id", None),
                                                                        decimal_text(seconds, "en", None)))
    if "readonly" in text or "read-only" in text or "read only" in text:
        return StoreUnavailable.of("safety.db.readonly", path=path)
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return StoreUnavailable.of("safety.db.not_database", path=path)
    if "unable to open" in text or "disk i/o" in text or isinstance(orig, sqlite3.OperationalError):
        if path is not None:
            reason = _sqlite_open_problem(path)
            if reason is not None:
                return reason
    return StoreUnavailable.of("error.db.unreachable.sqlite")


DISK_FULL_MB = 1          # free space below this, with a failed write, is a full disk


def disk_full(path: Path | None, exc: BaseException) -> StoreNotReady | None:
    """A full disk under the SQLite file, said as such with where (not "cannot reach the
    database"): SQLite's "database or disk is full", an OSError ENOSPC, or a failed write or open
    with (next to) no space left on the file's disk."""
    import errno
    import shutil

    text = str(exc).lower()
    said = "database or disk is full" in text or "no space left" in text or \
        getattr(exc, "errno", None) == errno.ENOSPC or getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    folder = path.parent if path is not None else None
    free = None
    if folder is not None:
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            free = None
    if not said and not (free is not None and free < DISK_FULL_MB * 1024 * 1024
                         and ("disk i/o" in text or "unable to open" in text or "i/o error" in text)):
        return None
    mb = ByLanguage(decimal_text(free / 1048576, "id", 1), decimal_text(free / 1048576, "en", 1)) \
        if free is not None else "?"
    error = StoreNotReady.of("safety.db.disk_full", path=path if path is not None else "?", free=mb)
    pgfailures.log_failure(error)
    return error


def _logged(error: StoreUnavailable) -> StoreUnavailable:
    pgfailures.log_failure(error)
    return error


def _first_line(exc: BaseException) -> str:
    """The driver's message without the server's DETAIL (row values) and without a password."""
    lines = [line for line in str(exc).splitlines() if line.strip() and not line.lstrip().startswith("DETAIL:")]
    return lines[0][:300] if lines else type(exc).__name__


def _sqlite_open_problem(path: Path) -> StoreUnavailable | None:
    folder = path.parent
    if not folder.exists():
        return StoreUnavailable.of("safety.db.no_folder", folder=folder)
    if not folder.is_dir():
        return StoreUnavailable.of("safety.db.not_folder", folder=folder)
    if path.is_dir():
        return StoreUnavailable.of("safety.db.not_database", path=path)
    if path.exists() and not os.access(path, os.W_OK):
        return StoreUnavailable.of("safety.db.readonly", path=path)
    if not os.access(folder, os.W_OK | os.X_OK):
        return StoreUnavailable.of("safety.db.folder_readonly", folder=folder)
    if path.exists() and not os.access(path, os.R_OK):
        return StoreUnavailable.of("safety.db.no_permission", path=path)
    return None


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
