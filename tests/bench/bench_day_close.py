"""The day close on a year's store (kiosk/app/days.py), on SQLite and PostgreSQL:

- the backlog: `anjungan db upgrade` of a store with a year of days never closed (250 days × 400
  visits) closes them all, once, so no visitor waits for it;
- the first action of an ordinary day: the check that every earlier day is closed, and the close
  of yesterday (400 visits, some left open), which a machine does before its first action;
- the check alone on a day with nothing to close (what every process pays once a day).

    .venv/bin/python -m tests.bench.bench_day_close [--days 250] [--per-day 400] [--pg URL]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANJUNGAN_NIK_KEY", "5a" * 32)

from tests.bench.bench_reports import SERVICES, TODAY, load, working_days  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _sequences(engine, days) -> None:
    """One numbering row per day and service, as issuing leaves them."""
    from sqlalchemy import text

    with engine.begin() as conn:
        conn.execute(text("INSERT INTO number_sequences (service_day, service, last_seq) VALUES (:d, :s, 400)"),
                     [{"d": d, "s": code} for d in days for code, _letter, _m in SERVICES])


def run(url: str, days: int, per_day: int) -> dict:
    from kiosk.services import demo_config, open_services
    from kiosk.store.db import make_engine
    from kiosk.store.schema import upgrade
    from tests.conftest import Clock

    from sqlalchemy import create_engine

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    engine = create_engine(url)                       # the bulk load without the machines' statement timeouts
    history = working_days(days)
    tickets, events, _ = load(engine, history, per_day)
    _sequences(engine, history)
    engine.dispose()
    clock = Clock(TODAY)
    figures = {"tickets": tickets, "events": events}

    started = time.perf_counter()
    svc = open_services(db_url=url, config=demo_config(), clock=clock, upgrade=True)    # `anjungan db upgrade`
    figures["backlog_s"] = time.perf_counter() - started
    figures["days_closed"] = len({r["service_day"] for r in svc.day_summaries(history[0], history[-1])})
    svc.close()

    clock.now = TODAY + timedelta(days=1)             # Tuesday: Monday (today's history) left open
    svc = open_services(db_url=url, config=demo_config(), clock=clock, upgrade=None)     # a machine at work
    started = time.perf_counter()
    svc._app.open_day()                               # what its first unit of work does first
    figures["yesterday_s"] = time.perf_counter() - started
    svc.close()

    clock.now = TODAY + timedelta(days=2)             # Wednesday: nothing to close
    svc = open_services(db_url=url, config=demo_config(), clock=clock, upgrade=None)
    started = time.perf_counter()
    svc._app.open_day()
    figures["check_s"] = time.perf_counter() - started
    svc.close()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--pg", default=PG)
    args = parser.parse_args(argv or [])
    with tempfile.TemporaryDirectory() as folder:
        targets = [("sqlite", f"sqlite:///{folder}/year.sqlite")]
        from tests.conftest import drop_pg_schema, fresh_pg_schema

        url, schema = fresh_pg_schema(args.pg)
        targets.append(("postgresql", url))
        try:
            for name, target in targets:
                f = run(target, args.days, args.per_day)
                print(f"{name}: {f['tickets']} tickets, {f['events']} events; `db upgrade` closes the "
                      f"{f['days_closed']} days an older version left open in {f['backlog_s']:.2f} s; yesterday (one day, {args.per_day} visits) "
                      f"closed before the first action in {f['yesterday_s'] * 1000:.0f} ms; the daily check with "
                      f"nothing to close {f['check_s'] * 1000:.1f} ms", flush=True)
        finally:
            drop_pg_schema(args.pg, schema)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
