"""Each way a PostgreSQL server refuses or fails, said in its own sentence with what to do, with
its own exit status (3 cannot reach, 5 not allowed, 6 not ready for this program), and logged.

Against the real server on 127.0.0.1:5432: databases and roles of the test's own, dropped after.
The server trusts every local connection, so a wrong password and a missing pg_hba.conf line
cannot happen there: those, and a full disk, are checked on the driver's own errors."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from kiosk.domain.errors import StoreNotAllowed, StoreNotReady, StoreUnavailable
from kiosk.store import pgfailures

ROOT = Path(__file__).resolve().parents[2]
NIK = "3171011708450001"


@pytest.fixture
def server(pg_url):
    """An admin connection, and the databases and roles made during the test, dropped after."""
    url = make_url(pg_url)
    admin = psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=url.database,
                            autocommit=True)
    made: dict[str, list[str]] = {"databases": [], "roles": []}
    test_database = url.database

    class Server:
        home = test_database                    # the test database itself, which exists

        def database(self) -> str:
            name = f"anj_t_{uuid.uuid4().hex[:10]}"
            admin.execute(f'CREATE DATABASE "{name}"')
            made["databases"].append(name)
            return name

        def role(self) -> str:
            name = f"anj_r_{uuid.uuid4().hex[:10]}"
            admin.execute(f'CREATE ROLE "{name}" LOGIN')
            made["roles"].append(name)
            return name

        def url(self, database: str, role: str | None = None, host: str | None = None,
                port: int | None = None) -> str:
            return (f"postgresql+psycopg://{role or url.username}@{host or url.host}:{port or url.port or 5432}"
                    f"/{database}")

        def sql(self, database: str, statement: str) -> None:
            with psycopg.connect(host=url.host, port=url.port or 5432, user=url.username, dbname=database,
                                 autocommit=True) as conn:
                conn.execute(statement)

    yield Server()
    for name in made["databases"]:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for name in made["roles"]:
        admin.execute(f'DROP ROLE IF EXISTS "{name}"')
    admin.close()


def anjungan(tmp_path: Path, db: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("ANJUNGAN_CONFIG", "ANJUNGAN_DB_URL")}
    env.update(ANJUNGAN_DATA_DIR=str(tmp_path / "data"), ANJUNGAN_NOW="2026-11-23T09:00:00+07:00")
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--db", db, *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)
    proc.seconds = time.monotonic() - started
    assert "Traceback" not in proc.stderr
    return proc


def log_text(tmp_path: Path) -> str:
    return "".join(p.read_text() for p in (tmp_path / "data" / "logs").glob("anjungan.log*"))


def said(proc: subprocess.CompletedProcess, status: int, *words: str) -> str:
    assert proc.returncode == status, (proc.returncode, proc.stdout, proc.stderr)
    sentence = proc.stderr.strip()
    assert sentence.startswith("anjungan: ") and sentence.count("\n") == 0, sentence
    for word in words:
        assert word in sentence, (word, sentence)
    assert "Database tidak dapat dihubungi" not in sentence
    return sentence


# ------------------------------------------------------------------ the server answers, and refuses


def test_a_database_that_does_not_exist(server, tmp_path):
    name = f"anj_missing_{uuid.uuid4().hex[:8]}"
    proc = anjungan(tmp_path, server.url(name), "status", "--json")
    said(proc, 6, f"`{name}`", "127.0.0.1", f"createdb {name}", "anjungan db upgrade")
    assert f"Database `{name}` does not exist on 127.0.0.1" in log_text(tmp_path)


def test_a_role_that_does_not_exist(server, tmp_path):
    role = f"anj_nobody_{uuid.uuid4().hex[:8]}"
    proc = anjungan(tmp_path, server.url(server.home, role=role), "status", "--json")
    said(proc, 5, f"`{role}`", "127.0.0.1", "anjungan db roles")
    assert f"Database role `{role}` does not exist on 127.0.0.1" in log_text(tmp_path)


def test_a_role_that_may_not_connect_to_the_database(server, tmp_path):
    database, role = server.database(), server.role()
    server.sql(database, f'REVOKE CONNECT ON DATABASE "{database}" FROM PUBLIC')
    proc = anjungan(tmp_path, server.url(database, role=role), "status", "--json")
    said(proc, 5, f"`{role}`", f"`{database}`", "anjungan db roles")


def test_a_role_without_the_grants_for_the_job_is_not_allowed(server, tmp_path):
    """Exit 5, not 3: the server was reached and refused this machine's role."""
    database, role = server.database(), server.role()
    assert anjungan(tmp_path, server.url(database), "db", "upgrade").returncode == 0
    proc = anjungan(tmp_path, server.url(database, role=role), "issue", "--nik", NIK, "--service", "INFO", "--json")
    said(proc, 5, role, "anjungan db roles")                 # it may not even read the schema's version
    # a role that may read everything but write nothing: the ticket itself is refused
    server.sql(database, f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    proc = anjungan(tmp_path, server.url(database, role=role), "issue", "--nik", NIK, "--service", "INFO", "--json")
    said(proc, 5, role, "anjungan db roles")
    assert "SQLSTATE 42501" in log_text(tmp_path) and NIK not in log_text(tmp_path)


def test_a_schema_newer_than_this_program(server, tmp_path):
    from kiosk.version import program_version

    database = server.database()
    assert anjungan(tmp_path, server.url(database), "db", "upgrade").returncode == 0
    server.sql(database, "UPDATE alembic_version SET version_num = '0999'")
    proc = anjungan(tmp_path, server.url(database), "status", "--json")
    said(proc, 6, f"versi {program_version()}", "0999", "perbarui anjungan")
    assert f"This program is version {program_version()} and the database schema is newer" in log_text(tmp_path)
    server.sql(database, "SELECT 1 FROM alembic_version WHERE version_num = '0999'")   # left as it was


# ------------------------------------------------------------------ the server cannot be reached


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nothing_listening_on_the_port(server, tmp_path):
    port = _closed_port()
    proc = anjungan(tmp_path, server.url(server.home, port=port), "status", "--json")
    said(proc, 3, "127.0.0.1", f"port {port}", "listen_addresses")
    assert f"Nothing answers on 127.0.0.1 port {port}" in log_text(tmp_path)


def test_a_server_name_that_does_not_resolve(server, tmp_path):
    proc = anjungan(tmp_path, server.url(server.home, host="db-server.invalid"), "status", "--json")
    said(proc, 3, "db-server.invalid", "DNS")


def test_a_server_that_takes_the_connection_and_never_answers(server, tmp_path):
    """A port that accepts and then says nothing (a hung server, a firewall that swallows): the
    connect timeout ends it within seconds, with its own sentence."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        proc = anjungan(tmp_path, server.url(server.home, port=port), "status", "--json")
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
    said(proc, 3, "127.0.0.1", f"port {port}", "2 detik")
    assert proc.seconds < 10


def test_a_port_where_something_else_answers(server, tmp_path):
    """A web server on the port written in the address: it answers, but not as PostgreSQL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def answer_like_http():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                conn = listener.accept()[0]
            except OSError:
                continue
            with conn:
                conn.recv(64)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_like_http, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        proc = anjungan(tmp_path, server.url(server.home, port=port), "status", "--json")
    finally:
        stop.set()
        thread.join()
        listener.close()
    said(proc, 3, f"127.0.0.1 port {port}", "bukan PostgreSQL", "5432")


# ------------------------------------------------------------------ what the local server cannot show


def _driver_error(exc: Exception) -> OperationalError:
    return OperationalError("connect", {}, exc)


URL = make_url("postgresql+psycopg://anjungan_kiosk:rahasia@10.0.0.2:5432/anjungan")


@pytest.mark.parametrize("message, kind, key, words", [
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: FATAL:  password authentication '
     'failed for user "anjungan_kiosk"', StoreNotAllowed, "install.pg.password", ("anjungan_kiosk", "ALTER ROLE")),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: fe_sendauth: no password supplied',
     StoreNotAllowed, "install.pg.password", ("ANJUNGAN_DB_URL",)),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: FATAL:  no pg_hba.conf entry for '
     'host "10.0.0.7", user "anjungan_kiosk", database "anjungan", no encryption', StoreNotAllowed, "install.pg.hba",
     ("pg_hba.conf", "host anjungan anjungan_kiosk")),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: No route to host',
     StoreUnavailable, "install.pg.unreachable", ("10.0.0.2",)),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: FATAL:  the database system is '
     'starting up', StoreUnavailable, "install.pg.starting", ("try again",)),
    ('connection failed: connection to server at "10.0.0.2", port 5432 failed: FATAL:  sorry, too many clients '
     'already', StoreUnavailable, "install.pg.full", ("max_connections",)),
])
def test_connection_failures_by_libpq_message(message, kind, key, words):
    error = pgfailures.classify(URL, _driver_error(psycopg.OperationalError(message)))
    assert type(error) is kind and error.key == key
    for word in words:
        assert word in error.message_en, error.message_en
    assert "rahasia" not in error.message and "rahasia" not in error.message_en


def test_a_password_refused_by_sqlstate():
    error = pgfailures.classify(URL, _driver_error(psycopg.errors.InvalidPassword("authentication failed")))
    assert type(error) is StoreNotAllowed and error.exit_status == 5 and error.key == "install.pg.password"


def test_a_full_disk_on_the_server():
    exc = psycopg.errors.DiskFull('could not extend file "base/16384/16999": No space left on device')
    error = pgfailures.classify(URL, _driver_error(exc))
    assert type(error) is StoreNotReady and error.exit_status == 6
    assert "10.0.0.2" in error.message_en and "free space" in error.message_en


def test_a_statement_error_that_merely_mentions_a_role_is_not_taken_for_a_login_failure():
    exc = psycopg.errors.UndefinedObject('role "anjungan_web" does not exist')          # e.g. a GRANT
    assert pgfailures.classify(URL, _driver_error(exc)) is None


def test_each_failure_is_logged_once_a_minute(caplog):
    exc = _driver_error(psycopg.OperationalError("could not translate host name \"db.example\" to address"))
    url = make_url(f"postgresql+psycopg://kiosk@db-{uuid.uuid4().hex[:6]}.example/anjungan")
    with caplog.at_level("ERROR", logger="anjungan.store"):
        for _ in range(5):
            pgfailures.classify(url, exc)
    assert len([r for r in caplog.records if "cannot be found" in r.getMessage()]) == 1
