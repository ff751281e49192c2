"""The client- and server-side limits of a branch server's connections, and the way out of them
for work that may rightly take long (imports, migrations, a year's report)."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from kiosk.domain import errors
from kiosk.store import db


def test_every_connection_carries_the_limits(make_services, pg_db):
    svc = make_services(pg_db)
    with svc.database.engine.connect() as conn:
        shown = {name: conn.execute(text(f"SHOW {name}")).scalar() for name in
                 ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout", "search_path")}
        params = conn.connection.dbapi_connection.info.get_parameters()
    assert shown["statement_timeout"] == "2500ms" and shown["lock_timeout"] == "2s"
    assert shown["idle_in_transaction_session_timeout"] == "10s"
    assert shown["search_path"].startswith("t_")                # the URL's own options are kept
    assert params.get("connect_timeout") == str(db.PG_CONNECT_TIMEOUT_S)
    assert params.get("keepalives") == "1" and params.get("tcp_user_timeout") == "3000"


def test_a_statement_that_runs_too_long_is_one_sentence_within_the_limit(make_services, pg_db):
    svc = make_services(pg_db)
    started = time.monotonic()
    with pytest.raises(errors.StoreUnavailable):
        with svc.uow(write=False) as q:
            q.queue.conn.execute(text("SELECT pg_sleep(6)"))
    assert time.monotonic() - started < 4


def test_bulk_work_has_no_deadline(make_services, pg_db):
    svc = make_services(pg_db)
    with svc.uow(write=False, bulk=True) as q:
        assert q.queue.conn.execute(text("SELECT pg_sleep(3.2), 1")).one()[1] == 1      # past the client deadline
    with svc.uow(bulk=True) as q:
        assert q.queue.conn.execute(text("SELECT pg_sleep(2.7), 2")).one()[1] == 2      # past the server's timeout
    with svc.database.engine.connect() as conn:                          # and the limits are back afterwards
        assert conn.execute(text("SHOW statement_timeout")).scalar() == "2500ms"
