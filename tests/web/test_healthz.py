"""`/healthz` answers from a real read of the queue: ok with the schema's revision and the newest
event, 503 with the database's sentence when the read fails (before: ok whatever the database)."""
from __future__ import annotations

import httpx
import pytest

from kiosk.store.schema import HEAD
from kiosk.web.server import BackgroundServer


def test_healthz_reads_the_queue(make_services, tmp_path):
    svc = make_services(f"sqlite:///{tmp_path / 'queue.sqlite'}")
    svc.issue("3171012902001234", "INFO")
    with BackgroundServer(svc) as server:
        answer = httpx.get(f"{server.url}/healthz", timeout=5)
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["ok"] is True and doc["database"]["revision"] == HEAD
    assert doc["database"]["event_id"] == svc.last_event_id() > 0


def test_healthz_is_503_with_the_sentence_when_the_database_reads_nothing(make_services, pg_db):
    from sqlalchemy import create_engine, text

    svc = make_services(pg_db)
    with BackgroundServer(svc) as server:
        assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
        engine = create_engine(pg_db)
        with engine.begin() as conn:                 # the branch's tables are gone (a restore gone wrong)
            conn.execute(text("DROP TABLE events CASCADE"))
        engine.dispose()
        answer = httpx.get(f"{server.url}/healthz", timeout=5)
    assert answer.status_code == 503
    doc = answer.json()
    assert doc["code"] == "deploy.schema.missing"
    assert "has no anjungan tables yet" in doc["error_en"] and "anjungan db upgrade" in doc["error"]
    assert answer.headers["cache-control"] == "no-store"
