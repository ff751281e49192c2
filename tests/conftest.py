"""Shared fixtures: an isolated data dir for every test, SQLite and PostgreSQL stores, a clock."""
from __future__ import annotations

import gc
import itertools
import os
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_URL = os.environ.get("ANJUNGAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
JAKARTA = ZoneInfo("Asia/Jakarta")
_pg_reason: str | None = None


def _pg_available() -> bool:
    global _pg_reason
    import psycopg

    try:
        with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3):
            return True
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        _pg_reason = f"PostgreSQL tests skipped: no server answers at ANJUNGAN_TEST_PG={PG_URL} ({exc.__class__.__name__})"
        return False


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Each test gets its own data dir, so the default SQLite file and previews never leak."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(data))
    monkeypatch.delenv("ANJUNGAN_CONFIG", raising=False)
    return data


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Where a Qt application runs, cycles are collected on the screen thread only (kiosk/ui/app.py);
    a test that spins no event loop still has its garbage collected, here, after it and its
    fixtures."""
    result = yield
    if not gc.isenabled():
        from kiosk.ui.app import collect_garbage

        collect_garbage()
    return result


class Clock:
    """A settable clock in the branch's time zone (default: a Monday at 09.00)."""

    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(scope="session")
def pg_url():
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(_pg_reason or "PostgreSQL is required in CI")
        pytest.skip(_pg_reason or "PostgreSQL not available")
    return PG_URL


def fresh_pg_schema(url: str) -> tuple[str, str]:
    """A URL pointing at a new, empty schema of the test database (dropped by the caller)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", schema


def drop_pg_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def pg_db(pg_url):
    url, schema = fresh_pg_schema(pg_url)
    yield url
    drop_pg_schema(pg_url, schema)


def made_sqlite(path) -> str:
    """The URL of a SQLite store made as a branch makes one (`db upgrade`): no other command makes one."""
    from kiosk.services import open_services

    url = f"sqlite:///{path}"
    open_services(db_url=url).close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Run a test on the embedded SQLite file and on a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'queue.sqlite'}"
    else:
        yield request.getfixturevalue("pg_db")


@pytest.fixture
def make_services(clock, tmp_path):
    """Factory for services on a database URL with the default branch and the test clock."""
    from kiosk.services import open_services

    opened = []

    def factory(url: str | None = None, **kwargs):
        url = url or f"sqlite:///{tmp_path / 'queue.sqlite'}"
        kwargs.setdefault("clock", clock)
        if "config" not in kwargs and "config_path" not in kwargs:
            from kiosk.services import demo_config

            kwargs["config"] = demo_config()        # the shipped files carry no PIN; tests use the demo's
        svc = open_services(db_url=url, **kwargs)
        opened.append(svc)
        return svc

    yield factory
    for svc in opened:
        svc.close()


@pytest.fixture
def svc(make_services, db_url):
    return make_services(db_url)


_serials = itertools.count(1)


def fresh_nik(base: str = "3171012902001234") -> str:
    """A valid NIK with the birth date and sex of `base` that no other call gave out: another person
    (one NIK holds one waiting ticket per service, so several tickets need several people)."""
    while True:
        serial = next(_serials) % 9999 + 1
        if f"{serial:04d}" != base[12:]:
            return base[:12] + f"{serial:04d}"
