"""Why a PostgreSQL server could not be used, each reason in its own sentence with what to do.

`classify(url, exc)` reads the driver's error: its SQLSTATE when the server sent one, else the
first lines of libpq's message (errors while connecting carry no SQLSTATE), and answers with
- `StoreNotReady` (exit 6): the database does not exist, the server's disk is full;
- `StoreNotAllowed` (exit 5): an unknown role, a wrong password, no pg_hba.conf line, a role
  that may not connect to the database or do what was asked;
- `StoreUnavailable` (exit 3): nothing listens on the port (or something else than PostgreSQL),
  the name or the route is missing, no answer in time, the server is starting or has no free
  connection;
- None when the reason is none of these (the caller says its general sentence).
Every answer is written to the log (the sentence in English and the SQLSTATE: no values of rows).
"""
from __future__ import annotations

import logging
import re
import string
import threading
import time

from sqlalchemy.engine import URL

from kiosk.domain.catalog import catalog, msgid
from kiosk.domain.errors import StoreNotAllowed, StoreNotReady, StoreUnavailable

__all__ = ["classify", "describe_host", "log_failure"]

log = logging.getLogger("anjungan.store")

_LOG_EVERY_S = 60.0                    # the same failure, again and again (a display reconnecting)
_logged: dict[str, float] = {}
_logged_lock = threading.Lock()

# (SQLSTATE or None, pattern over libpq's lower-cased message, key, class)
_RULES: tuple[tuple[str | None, str | None, str, type[StoreUnavailable]], ...] = (
    ("3D000", r'database ".*" does not exist', msgid("install.pg.no_database"), StoreNotReady),
    ("28P01", r"password authentication failed", msgid("install.pg.password"), StoreNotAllowed),
    (None, r"no password supplied|fe_sendauth", msgid("install.pg.password"), StoreNotAllowed),
    (None, r'role ".*" does not exist', msgid("install.pg.no_role"), StoreNotAllowed),
    (None, r"no pg_hba\.conf entry", msgid("install.pg.hba"), StoreNotAllowed),
    (None, r"permission denied for database", msgid("install.pg.connect_denied"), StoreNotAllowed),
    ("42501", r"permission denied|must be owner", msgid("safety.db.not_allowed"), StoreNotAllowed),
    ("53100", r"no space left on device|could not extend file", msgid("install.pg.disk_full"), StoreNotReady),
    (None, r"connection refused", msgid("install.pg.refused"), StoreUnavailable),
    ("57P03", r"the database system is (starting up|shutting down|in recovery mode)", msgid("install.pg.starting"),
     StoreUnavailable),
    ("53300", r"too many clients already|remaining connection slots are reserved", msgid("install.pg.full"),
     StoreUnavailable),
    (None, r"invalid response to ssl negotiation|expected authentication request from server"
           r"|received invalid response", msgid("install.pg.not_postgres"), StoreUnavailable),
    (None, r"could not translate host name|failed to resolve host|name or service not known"
           r"|temporary failure in name resolution", msgid("install.pg.no_host"), StoreUnavailable),
    (None, r"no route to host|network is unreachable|host is unreachable", msgid("install.pg.unreachable"),
     StoreUnavailable),
    (None, r"timeout expired|connection timed out", msgid("install.pg.no_answer"), StoreUnavailable),
)


def describe_host(url: URL) -> tuple[str, int]:
    """The server and port a URL names (a URL without a host means this computer's socket)."""
    return url.host or "localhost", url.port or 5432


def classify(url: URL, exc: BaseException, connect_timeout_s: int = 2) -> StoreUnavailable | None:
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    message = str(orig).lower()
    host, port = describe_host(url)
    values = {"host": host, "port": port, "database": url.database or "?", "role": url.username or "?",
              "seconds": connect_timeout_s}
    for state, pattern, key, kind in _RULES:
        # the server's SQLSTATE decides when it sent one; libpq's words otherwise (connecting)
        if (sqlstate == state) if sqlstate else bool(pattern and re.search(pattern, message)):
            params = {name: values[name] for name in _fields(key)}
            error = kind.of(key, **params)
            log_failure(error, sqlstate)
            return error
    return None


def _fields(key: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(catalog()[key][1]) if name]


def log_failure(error: StoreUnavailable, sqlstate: str | None = None) -> None:
    """One log line for a database failure (its English sentence), at most once a minute each."""
    now = time.monotonic()
    with _logged_lock:
        if now - _logged.get(error.message_en, -1e9) < _LOG_EVERY_S:
            return
        _logged[error.message_en] = now
    log.error("database: %s%s", error.message_en, f" (SQLSTATE {sqlstate})" if sqlstate else "")
