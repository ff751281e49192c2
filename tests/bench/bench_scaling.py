"""`issue` and `call` latency against the length of the queue: 10, 1,000 and 10,000 tickets waiting
in one service, on SQLite and PostgreSQL (a schema of its own). Prints medians and p95, and the
ratio of 10,000 waiting to 10.

    .venv/bin/python -m tests.bench.bench_scaling [--samples 300] [--backend sqlite|postgresql|all]
                                                  [--waiting 10,1000,10000]

The three queue lengths take turns (one issue and one call each), so that a machine busy with
other work slows them alike. The waiting tickets are written straight into the store (numbers run to 9,999 a day per service,
so they come as tickets transferred in, which keep their origin's number); every `issue` is a
new person, and each is followed by a `call` at a counter of that service, so the queue keeps
its length. `call (candidates read)` is the same call with the counter reading only the fairness
rule's candidates (`QueueStore.call_candidates`) instead of every waiting ticket: the one-line
change proposed for the application layer, applied here for the benchmark alone.
Target: issue and call within 1.2x from 10 to 10,000 waiting. Not a timed test.
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta, timezone

from tests.bench.bench_queue import drop_schema, monday_morning, no_quota_config, percentile, pg_schema_url

SERVICE = "INFO"


def seed(svc, waiting: int) -> None:
    """`waiting` tickets of SERVICE waiting since before the clock's time, one in 20 a priority."""
    from sqlalchemy import insert

    from kiosk.store.db import transaction
    from kiosk.store.models import tickets

    day = svc.today()
    start = monday_morning().astimezone(timezone.utc) - timedelta(hours=2)
    origin = {"ticket_id": "SEEDORIGIN", "service_day": day, "service": "DATA", "seq": 9999, "number": "B-9999",
              "state": "transferred", "priority": False, "assisted": False, "verified": True,
              "documents_complete": True, "arrived_at": start, "issued_at": start, "call_count": 1,
              "print_state": "none"}
    rows = [{**origin, "ticket_id": f"SEED{i:08d}", "service": SERVICE, "seq": i + 1, "number": f"A-{i + 1:03d}",
             "state": "waiting", "priority": i % 20 == 7, "priority_reason": "lansia" if i % 20 == 7 else None,
             "nik_hash": secrets.token_hex(32), "arrived_at": start + timedelta(seconds=i / 4),
             "call_count": 0, "origin_ticket_id": "SEEDORIGIN", "estimated_wait_min": 30}
            for i in range(waiting)]
    with transaction(_engine(svc), bulk=True) as conn:          # no statement deadline for the seeding
        conn.execute(insert(tickets), [origin])
        conn.execute(insert(tickets), rows)
    if svc.dialect == "postgresql":
        # A real queue grows over hours and autovacuum keeps the planner's figures; 10,000 rows
        # written at once would be planned as an empty table until autovacuum comes by.
        with _engine(svc).connect() as conn:
            conn.exec_driver_sql("ANALYZE tickets")
            conn.exec_driver_sql("ANALYZE bookings")
            conn.commit()


@contextmanager
def candidates_read():
    """The counter's call reads `call_candidates` (for this process only)."""
    from kiosk.store.queue import QueueStore

    every = QueueStore.waiting_tickets

    def waiting_tickets(self, day, services=None):
        return self.call_candidates(day, services) if services is not None else every(self, day)

    QueueStore.waiting_tickets = waiting_tickets
    try:
        yield
    finally:
        QueueStore.waiting_tickets = every


def _timed(work, out: list, cpu: list) -> None:
    c, t = time.process_time(), time.perf_counter()
    work()
    out.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)


def _engine(svc):
    database = getattr(svc, "database", None)
    return database.engine if database is not None else svc.engine


class Lobby:
    """One database whose service keeps `waiting` tickets waiting, and its figures."""

    def __init__(self, url: str, waiting: int):
        from kiosk.services import open_services
        from kiosk.store.queue import QueueStore

        self.url, self.waiting = url, waiting
        self.svc = open_services(db_url=url, clock=monday_morning, config=no_quota_config())
        seed(self.svc, waiting)
        self.counter = next(c.number for c in self.svc.config.branch.counters if SERVICE in c.services)
        self.person = iter(range(1, 10_000))
        names = ("issue", "call", "call (candidates read)")
        if not hasattr(QueueStore, "call_candidates"):      # the store before the candidates read
            names = names[:2]
        self.figures: dict[str, tuple[list, list]] = {k: ([], []) for k in names}
        for _ in range(20):                                 # warm the pool and the caches
            self.svc.issue(self.nik(), SERVICE)
            self.svc.call_next(self.counter)

    def nik(self) -> str:
        return f"317101290200{next(self.person):04d}"

    def step(self, i: int) -> None:
        _timed(lambda: self.svc.issue(self.nik(), SERVICE), *self.figures["issue"])
        if i % 2 and "call (candidates read)" in self.figures:
            with candidates_read():
                _timed(lambda: self.svc.call_next(self.counter), *self.figures["call (candidates read)"])
        else:
            _timed(lambda: self.svc.call_next(self.counter), *self.figures["call"])

    def close(self) -> None:
        from kiosk.store.db import transaction
        from kiosk.store.queue import QueueStore

        with transaction(_engine(self.svc), write=False) as conn:
            kept = QueueStore(conn).waiting_count(self.svc.today(), SERVICE)
        assert abs(kept - self.waiting) <= 1, "the queue kept its length"
        self.svc.close()


def line(label: str, seconds: list, cpu: list) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"    {label:24} p50 {statistics.median(ms):8.3f} ms   p95 {percentile(ms, 95):8.3f} ms   "
            f"cpu p50 {statistics.median(cpu) * 1000:7.3f} ms   (n={len(ms)})")


def backend(label: str, make_url, counts: list[int], samples: int) -> None:
    """The lobbies take turns, one issue and one call each, so that a machine busy with other
    work slows every queue length alike."""
    print(f"{label}:", flush=True)
    made = [make_url(n) for n in counts]
    try:
        lobbies = [Lobby(url, n) for (url, _), n in zip(made, counts)]
        for i in range(2 * samples):
            for lobby in lobbies:
                lobby.step(i)
        for lobby in lobbies:
            lobby.close()
    finally:
        for _, done in made:
            done()
    results = {lobby.waiting: lobby.figures for lobby in lobbies}
    for waiting, figures in results.items():
        print(f"  {waiting:,} waiting in {SERVICE}:", flush=True)
        for name, (seconds, cpu) in figures.items():
            print(line(name, seconds, cpu), flush=True)
    low, high = min(counts), max(counts)
    if low != high:
        for name in results[low]:
            a, b = results[low][name], results[high][name]
            print(f"  {name:26} {high:,} vs {low:,} waiting: p50 x{statistics.median(b[0]) / statistics.median(a[0]):.2f}"
                  f"   p95 x{percentile(b[0], 95) / percentile(a[0], 95):.2f}"
                  f"   cpu p50 x{statistics.median(b[1]) / statistics.median(a[1]):.2f}", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--backend", choices=("all", "sqlite", "postgresql"), default="all")
    parser.add_argument("--waiting", default="10,1000,10000")
    args = parser.parse_args(argv if argv is not None else [])
    counts = [int(n) for n in args.waiting.split(",")]
    if args.backend in ("all", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            backend("SQLite (WAL, synchronous=FULL)",
                    lambda n: (f"sqlite:///{tmp}/scaling-{n}.sqlite", lambda: None), counts, args.samples)
    if args.backend in ("all", "postgresql"):
        def pg(n):
            url, schema = pg_schema_url(f"scaling{n}")
            return url, lambda: drop_schema(schema)

        backend("PostgreSQL", pg, counts, args.samples)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
