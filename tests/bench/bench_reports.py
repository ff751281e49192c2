"""The head of service's figures at a busy branch's scale: a year of 400 visits a day over 250
working days (100,000 tickets, ~600,000 events, 30,000 ratings), on SQLite and PostgreSQL.

    .venv/bin/python -m tests.bench.bench_reports [--days 250] [--per-day 400] [--backend sqlite|postgresql|all]

Targets: the year's report <= 3 s and a month's <= 0.5 s (once the closed days are summarised;
the first report after a year without one also summarises them, and is shown apart); the
monitor's refresh after an event <= 50 ms (fold the event in, read the figures, repaint).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.bench.bench_queue import drop_schema, pg_schema_url  # noqa: E402

WIB = ZoneInfo("Asia/Jakarta")
TODAY = datetime(2026, 11, 23, 11, 0, tzinfo=WIB)                     # a Monday, 11.00
# (code, letter, mean minutes at the counter): a busy branch keeps its six counters near full
SERVICES = (("INFO", "A", 4), ("DATA", "B", 5), ("JHT", "D", 8), ("JKM", "F", 8), ("JP", "G", 7),
            ("JKK", "E", 8), ("ADUAN", "H", 6))
WEIGHTS = (30, 12, 30, 8, 8, 4, 8)
COUNTERS = {"INFO": (1, 2), "DATA": (1, 2), "JHT": (3, 4, 5, 6), "JKM": (3, 5), "JP": (4, 6), "JKK": (5, 6),
            "ADUAN": (2, 6)}


def working_days(count: int) -> list[date]:
    days, day = [], TODAY.date() - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def day_rows(day: date, per_day: int, rng: random.Random, start_id: int, counter_ids: list[int],
             until: datetime | None = None):
    """Tickets, events and ratings of one day, as table rows (`until`: today, so far)."""
    tickets, events, ratings = [], [], []
    event_id = start_id
    opens = datetime.combine(day, datetime.min.time(), tzinfo=WIB).replace(hour=8)
    seq = {code: 0 for code, _, _ in SERVICES}
    free = {n: opens for n in range(1, 7)}

    def event(at, kind, tid, number, service, counter=None, data=None):
        nonlocal event_id
        event_id += 1
        events.append({"id": event_id, "at": at.astimezone(timezone.utc), "kind": kind, "ticket_id": tid,
                       "number": number, "service": service, "counter": counter,
                       "data": json.dumps(data or {})})

    for i in range(per_day):
        arrived = opens + timedelta(seconds=int(i * 7 * 3600 / per_day) + rng.randint(0, 60))
        if until is not None and arrived >= until:
            break
        code, letter, minutes = rng.choices(SERVICES, WEIGHTS)[0]
        seq[code] += 1
        tid = f"{day:%y%m%d}{i:05d}"[:16]
        number = f"{letter}-{seq[code]:03d}"
        counter = min(COUNTERS[code], key=lambda n: free[n])
        called = max(arrived + timedelta(minutes=1), free[counter])
        ends = called + timedelta(minutes=max(2, rng.gauss(minutes, minutes / 4)))
        if until is not None and called >= until:
            state, called, ends, counter_at = "waiting", None, None, None
        else:
            free[counter] = ends
            counter_at = counter
            state = "done" if rng.random() > 0.06 else "no_show"
        tickets.append({"ticket_id": tid, "service_day": day, "service": code, "seq": seq[code], "number": number,
                        "state": state, "priority": rng.random() < 0.15, "assisted": rng.random() < 0.1,
                        "verified": True, "documents_complete": True, "nik_last4": f"{i % 10000:04d}",
                        "arrived_at": arrived, "issued_at": arrived, "called_at": called, "finished_at": ends,
                        "counter": counter_at, "call_count": 1 if called else 0, "print_state": "printed"})
        event(arrived, "issued", tid, number, code, data={"priority": False, "assisted": False})
        event(arrived, "printed", tid, number, code)
        if called is None:
            continue
        event(called, "called", tid, number, code, counter, {"priority": False})
        if rng.random() < 0.3:
            event(called + timedelta(minutes=2), "recalled", tid, number, code, counter)
        if state == "no_show":
            event(called + timedelta(minutes=3), "skipped", tid, number, code, counter)
            continue
        event(called + timedelta(minutes=1), "started", tid, number, code, counter)
        if until is not None and ends >= until:
            continue
        event(ends, "finished", tid, number, code, counter)
        if len(ratings) < per_day * 0.3:
            score = rng.choice((2, 3, 3, 4, 4, 4))
            ratings.append({"ticket_id": tid, "service_day": day, "service": code, "counter": counter,
                            "score": score, "source": "counter", "at": ends})
            event(ends + timedelta(seconds=20), "rated", tid, number, code, counter, {"score": score})
    for k in range(per_day // 20):                       # answered at the front desk, sent online
        at = opens + timedelta(minutes=7 * k)
        if until is None or at < until:
            event(at, "front_desk" if k % 3 else "online_redirect", None, None, "CEK" if k % 3 else "JKP",
                  data={"assisted": k % 2 == 0})
    return tickets, events, ratings


def _columns(rows: list[dict]) -> list[str]:
    return list(rows[0]) if rows else []


def _copy(conn, table: str, rows: list[dict]) -> None:
    """Rows into `table` by the driver: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    names = _columns(rows)
    dbapi = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        with dbapi.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
        return

    def value(v):
        if isinstance(v, datetime):
            return v.astimezone(timezone.utc).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        if isinstance(v, date):
            return v.isoformat()
        return int(v) if isinstance(v, bool) else v

    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    dbapi.cursor().executemany(sql, [[value(row[n]) for n in names] for row in rows])


def surveys(days: list[date], count: int, rng: random.Random) -> list[dict]:
    out = []
    for i in range(count):
        day = days[i % len(days)]
        row = {"service_day": day, "service": rng.choice(("INFO", "JHT", "JKM", "DATA")), "counter": None,
               "ticket_id": None, "source": "paper",
               "at": datetime.combine(day, datetime.min.time(), tzinfo=WIB).replace(hour=12)}
        row.update({f"u{k}": rng.choice((2, 3, 3, 4, 4)) for k in range(1, 10)})
        out.append(row)
    return out


def load(engine, days: list[date], per_day: int) -> tuple[int, int, int]:
    from sqlalchemy import text

    rng = random.Random(2026)
    totals = [0, 0, 0]
    next_id = 0
    from kiosk.store.db import transaction

    with transaction(engine, write=True) as conn:          # one transaction (SQLite: BEGIN IMMEDIATE)
        conn = conn.execution_options(deadline=None)
        pg = engine.dialect.name == "postgresql"
        if pg:
            conn.execute(text("ALTER TABLE events DISABLE TRIGGER USER"))     # no NOTIFY for a bulk load
        for chunk in range(0, len(days), 10):
            batch_t, batch_e, batch_r = [], [], []
            for day in days[chunk:chunk + 10]:
                t, e, r = day_rows(day, per_day, rng, next_id, [])
                next_id = e[-1]["id"]
                batch_t += t
                batch_e += e
                batch_r += r
            _copy(conn, "tickets", batch_t)
            _copy(conn, "events", batch_e)
            _copy(conn, "ratings", batch_r)
            totals[0] += len(batch_t)
            totals[1] += len(batch_e)
            totals[2] += len(batch_r)
        today_t, today_e, _ = day_rows(TODAY.date(), per_day, rng, next_id, [], until=TODAY)
        _copy(conn, "tickets", today_t)
        _copy(conn, "events", today_e)
        _copy(conn, "skm_responses", surveys(days, 2000, rng))
        if pg:
            conn.execute(text("ALTER TABLE events ENABLE TRIGGER USER"))
            conn.execute(text("SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events))"))
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    return totals[0], totals[1], totals[2]


class Took(float):
    """Seconds of wall-clock time, with the process's CPU seconds beside (a loaded machine shows
    in the first, hardly in the second)."""

    cpu: float = 0.0

    def __format__(self, spec: str) -> str:
        return f"{float(self):{spec}} s (cpu {self.cpu:{spec}} s)"


def timed(fn, repeat: int = 1) -> tuple[Took, object]:
    best, result = None, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        took = Took(time.perf_counter() - t0)
        took.cpu = time.process_time() - c0
        best = took if best is None or took < best else best
    return best, result


def measure(label: str, url: str, days_count: int, per_day: int) -> None:
    from kiosk.services import open_services

    svc = open_services(db_url=url, clock=lambda: TODAY)
    days = working_days(days_count)
    t0 = time.perf_counter()
    counts = load(svc.database.engine, days, per_day)
    print(f"[{label}] loaded {counts[0]:,} tickets, {counts[1]:,} events, {counts[2]:,} ratings "
          f"({days[0]} – {days[-1]}, + today so far) in {time.perf_counter() - t0:.1f} s", flush=True)
    first, last = days[0], TODAY.date()
    cold, report = timed(lambda: svc.report(first, last))
    print(f"[{label}] year report, first (summarises {len(days)} closed days): {cold:.2f} "
          f"({report.total['arrivals']:,} arrivals)", flush=True)
    warm, report = timed(lambda: svc.report(first, last), repeat=3)
    print(f"[{label}] year report: {warm:.2f}   (target <= 3 s)  IKM n={report.ikm.respondents}, "
          f"ratings {report.ratings.count:,}, wait p50 {report.total['wait_p50_min']} min", flush=True)
    month_first = date(2026, 10, 1)
    month, report = timed(lambda: svc.report(month_first, date(2026, 10, 31)), repeat=3)
    print(f"[{label}] month report (October): {month:.3f}   (target <= 0.5 s)  {report.total['arrivals']:,} arrivals",
          flush=True)
    mtd, _ = timed(lambda: svc.report(date(2026, 11, 1), last), repeat=3)
    print(f"[{label}] month to date (incl. today's events): {mtd:.3f}", flush=True)
    from kiosk.app.report_files import csv_text, write_xlsx

    tmp = Path(tempfile.mkdtemp(prefix="anjungan-bench-report-"))
    year = svc.report(first, last)
    xlsx, _ = timed(lambda: write_xlsx(year, tmp / "year.xlsx"))
    csv, _ = timed(lambda: csv_text(year))
    print(f"[{label}] year as Excel: {xlsx:.2f} ({(tmp / 'year.xlsx').stat().st_size // 1024} KB), as CSV: {csv:.3f}",
          flush=True)
    monitor_figures(label, svc)
    svc.close()


def monitor_figures(label: str, svc) -> None:
    from kiosk.ui.app import make_app

    app = make_app(headless=True)
    from kiosk.domain.ticket import QueueEvent
    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.monitor import MonitorWindow

    snapshot, monitor = timed(svc.monitor_snapshot, repeat=3)
    visits = len(monitor.log.visits)
    feed = QtEventFeed(svc)
    window = MonitorWindow(svc, feed)
    window.resize(1920, 1080)
    window.show()
    end = time.monotonic() + 20
    while window.monitor is None and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    waiting = [v for v in window.monitor.log.visits.values() if v.waiting]
    samples, full = [], []
    next_id = window.monitor.log.last_event_id + 1
    at = TODAY.astimezone(timezone.utc)
    for i in range(60):
        v = waiting[i % len(waiting)] if waiting else None
        event = QueueEvent(next_id + i, at, "called" if v and v.waiting else "assistance",
                           v.ticket_id if v else None, v.number if v else None, v.service if v else None, 6)
        t0 = time.perf_counter()
        window.on_events([event])            # fold it in, read the figures, set the texts
        app.processEvents()                  # and paint what changed, as the next frame does
        samples.append(time.perf_counter() - t0)
        if i % 10 == 0:
            t0 = time.perf_counter()
            window.repaint()                 # every widget of the window (after it was covered)
            full.append(time.perf_counter() - t0)
    samples.sort()
    p50, p95 = statistics.median(samples) * 1000, samples[int(len(samples) * 0.95) - 1] * 1000
    print(f"[{label}] monitor: today's start read in {float(snapshot) * 1000:.0f} ms ({visits} visits); refresh after an "
          f"event p50 {p50:.1f} ms, p95 {p95:.1f} ms   (target <= 50 ms); whole window repainted "
          f"{statistics.median(full) * 1000:.0f} ms", flush=True)
    window.close()
    feed.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_reports")
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "all"), default="all")
    args = parser.parse_args(argv or [])
    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    os.environ["ANJUNGAN_DATA_DIR"] = str(workdir)
    if args.backend in ("sqlite", "all"):
        measure("sqlite", f"sqlite:///{workdir / 'year.sqlite'}", args.days, args.per_day)
    if args.backend in ("postgresql", "all"):
        try:
            url, schema = pg_schema_url("reports")
        except Exception as exc:  # no server: say so and stop
            print(f"[postgresql] skipped: {exc.__class__.__name__}")
            return
        try:
            measure("postgresql", url, args.days, args.per_day)
        finally:
            drop_schema(schema)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
