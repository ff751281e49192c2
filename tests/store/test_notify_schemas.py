"""Each PostgreSQL schema is a queue of its own: its NOTIFY reaches only its own listeners."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from urllib.parse import quote

import psycopg
import pytest
from alembic.script import ScriptDirectory
from psycopg import sql
from sqlalchemy import event, text

from kiosk.store import db, schema
from kiosk.store.models import events


def _libpq(url: str) -> str:
    return url.split("?")[0].replace("postgresql+psycopg", "postgresql")


def _listen(url: str, channel: str) -> psycopg.Connection:
    listener = psycopg.connect(_libpq(url), autocommit=True)
    listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
    return listener


def _ids(listener: psycopg.Connection, timeout: float = 1.0) -> list[int]:
    return [int(n.payload) for n in listener.notifies(timeout=timeout)]


def _add_event(engine) -> int:
    with db.transaction(engine) as conn:
        return conn.execute(events.insert().returning(events.c.id),
                            {"at": datetime.now(timezone.utc), "kind": "issued", "data": "{}"}).scalar_one()


@pytest.fixture
def store(pg_url):
    """Make a migrated store on a new schema with exactly the given name (default: a random one)."""
    made = []

    def create(name: str | None = None):
        name = name or f"t_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(_libpq(pg_url), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        path = '"' + name.replace('"', '""') + '"'
        options = quote("-csearch_path=" + path.replace("\\", "\\\\").replace(" ", "\\ "), safe="")
        url = f"{pg_url}{'&' if '?' in pg_url else '?'}options={options}"
        engine = db.make_engine(url)
        made.append((engine, name))
        schema.upgrade(engine)
        return engine, url, name

    yield create
    with psycopg.connect(_libpq(pg_url), autocommit=True) as conn:
        for engine, name in made:
            engine.dispose()
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


def test_an_event_in_one_schema_notifies_only_that_schema(store):
    (a, url_a, _), (b, url_b, _) = store(), store()
    channel_a, channel_b = db.notify_channel(a), db.notify_channel(b)
    assert channel_a != channel_b
    listen_a, listen_b = _listen(url_a, channel_a), _listen(url_b, channel_b)
    try:
        sent_a = [_add_event(a) for _ in range(3)]
        assert _ids(listen_b) == []                      # schema B is not woken by schema A
        assert _ids(listen_a) == sent_a == [1, 2, 3]
        assert [_add_event(b)] == _ids(listen_b) == [1]
        assert _ids(listen_a, timeout=0.3) == []
    finally:
        listen_a.close()
        listen_b.close()


def test_channel_is_the_schema_name_after_a_prefix_when_it_fits(store):
    engine, _url, name = store()
    assert db.notify_channel(engine) == f"anjungan_events_{name}" == db.channel_for_schema(name)


@pytest.mark.parametrize("name", [
    "s{u}_" + "x" * 34,                  # 47 bytes: the channel is exactly 63 bytes, no hash needed
    "s{u}_" + "x" * 35,                  # 48 bytes: one byte too many, the channel uses a hash
    "Cabang Utama {u} \"Pusat\"",        # capitals, spaces and quotes are kept as they are
    "antrean_{u}_" + "é" * 20,           # 57 bytes in 37 characters: the byte count decides
])
def test_python_and_the_trigger_agree_on_the_channel_of_any_schema_name(store, name):
    name = name.format(u=uuid.uuid4().hex[:8])
    assert len(name.encode()) <= 63
    engine, url, _ = store(name)
    channel = db.notify_channel(engine)
    assert len(channel.encode()) <= 63 and channel.startswith("anjungan_events_")
    assert (channel == f"anjungan_events_{name}") == (len(name.encode()) <= 47)
    assert channel == db.channel_for_schema(name)
    listener = _listen(url, channel)
    try:
        assert [_add_event(engine)] == _ids(listener, timeout=2) == [1]
    finally:
        listener.close()


def test_the_channel_follows_the_events_table_not_the_writers_search_path(store, pg_url):
    (a, url_a, name_a), (b, _url_b, _) = store(), store()
    listener = _listen(url_a, db.notify_channel(a))
    try:
        with db.transaction(b) as conn:      # a session of schema B writing into A's table by its full name
            conn.execute(text(f'INSERT INTO "{name_a}".events (at, kind, data) VALUES (now(), \'issued\', \'{{}}\')'))
        assert _ids(listener, timeout=2) == [1]
    finally:
        listener.close()


def test_channel_names_of_long_schemas_differ():
    long_a, long_b = "a" * 60 + "_01", "a" * 60 + "_02"
    assert db.channel_for_schema(long_a) != db.channel_for_schema(long_b)
    assert all(len(db.channel_for_schema(n).encode()) <= 63 for n in (long_a, long_b))


def test_the_channel_is_asked_of_the_server_once_per_engine(store):
    engine, _url, _name = store()
    queries = []
    event.listen(engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    first = db.notify_channel(engine)
    assert db.notify_channel(engine) == first
    assert len([q for q in queries if "current_schema" in q]) == 1


def test_sqlite_has_no_notify_channel(tmp_path):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'q.sqlite'}")
    with pytest.raises(ValueError):
        db.notify_channel(engine)
    engine.dispose()


def test_schema_head_is_the_newest_migration():
    scripts = ScriptDirectory.from_config(schema.alembic_config(db.make_engine("sqlite://")))
    assert scripts.get_current_head() == schema.HEAD
