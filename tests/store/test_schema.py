"""The Alembic migration creates exactly the tables the code uses, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from kiosk.store.db import make_engine
from kiosk.store.models import metadata
from kiosk.store.schema import HEAD, current_revision, upgrade


def test_migration_matches_the_tables_and_is_idempotent(db_url):
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    assert upgrade(engine) == HEAD
    assert upgrade(engine) == HEAD                      # a second upgrade changes nothing
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()


def test_sqlite_runs_in_wal_with_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.sqlite'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2          # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert 1000 <= conn.execute(text("PRAGMA busy_timeout")).scalar() <= 3000   # a lock is waited for 3 s at most
    engine.dispose()


def test_postgres_pool_recovers_after_its_connections_were_cut(make_services, pg_db, monkeypatch):
    import psycopg

    from kiosk.store import db as store_db

    svc = make_services(pg_db)
    svc.issue("3171012902001234", "INFO")
    monkeypatch.setattr(store_db, "PING_AFTER_IDLE_S", 0.0)     # every idle connection is checked
    with svc.database.engine.connect() as conn:
        mine = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    with psycopg.connect(pg_db.split("?")[0].replace("postgresql+psycopg", "postgresql"), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (mine,))
    assert svc.issue("3171012902000007", "INFO").number == "A-002"     # no error, no lost number
