"""Queue engine figures: CSV import rate, `check` and `issue` latency with 1,000,000 participants
(SQLite and PostgreSQL), and aggregate issues/s with 8 writer processes on PostgreSQL.

    .venv/bin/python -m tests.bench.bench_queue [--participants N] [--samples N] [--backend sqlite|postgresql|all]

Targets: check p95 <= 2 ms, issue p95 <= 5 ms (SQLite) / <= 10 ms (PostgreSQL), >= 500 issues/s
with 8 writers on PostgreSQL, 1M-row import <= 60 s. Printing is not included.
"""
from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import os
import random
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PG_URL = os.environ.get("ANJUNGAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CACHE = Path(tempfile.gettempdir()) / "anjungan-bench"


def monday_morning() -> datetime:
    return datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def no_quota_config():
    from kiosk.config import load_config

    config = load_config()
    services = tuple(dataclasses.replace(s, daily_quota=None) for s in config.branch.services)
    return dataclasses.replace(config, branch=dataclasses.replace(config.branch, services=services))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(label, seconds, cpu=None):
    ms = [s * 1000 for s in seconds]
    line = f"  {label:38} p50 {statistics.median(ms):7.3f} ms   p95 {percentile(ms, 95):7.3f} ms   (n={len(ms)})"
    if cpu:
        # CPU time of this process per call: the code's own cost, less sensitive to a busy machine
        line += f"   cpu p50 {statistics.median(cpu) * 1000:6.3f} ms"
    print(line, flush=True)


def demo_csv(count: int) -> Path:
    from kiosk.directory.demo import write_demo_csv

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"participants-{count}.csv"
    if not path.exists():
        write_demo_csv(path, count, today=monday_morning().date())
    return path


def pg_schema_url(tag: str) -> tuple[str, str]:
    import psycopg

    schema = f"bench_{tag}_{os.getpid()}"
    with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def measure_backend(label: str, url: str, csv: Path, samples: int) -> None:
    from kiosk.services import open_services

    print(f"{label}:", flush=True)
    svc = open_services(db_url=url, clock=monday_morning, config=no_quota_config())
    started = time.perf_counter()
    result = svc.import_csv(csv)
    took = time.perf_counter() - started
    print(f"  import {result.imported:,} rows in {took:.1f} s = {result.imported / took:,.0f} rows/s", flush=True)
    niks = []
    with open(csv) as handle:
        next(handle)
        for i, line in enumerate(handle):
            if i % max(1, result.imported // (samples * 2)) == 0:
                niks.append(line.split(",", 1)[0])
    rnd = random.Random(7)
    picks = [rnd.choice(niks) for _ in range(samples)]
    for nik in picks[:50]:
        svc.check(nik)                                   # warm the pool and caches
    timings, cpu = [], []
    for nik in picks:
        c, t = time.process_time(), time.perf_counter()
        svc.check(nik)
        timings.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    report("check (found participant)", timings, cpu)
    codes = ["INFO", "ADUAN"]
    counters = {code: next(c.number for c in svc.config.branch.counters if code in c.services) for code in codes}
    timings, cpu = [], []
    for i in range(samples):
        code = codes[i % len(codes)]
        c, t = time.process_time(), time.perf_counter()
        svc.issue(f"317101290200{i % 9999 + 1:04d}", code)      # one person per ticket
        timings.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        if i % 5 != 4:                      # keep a realistic lobby: the queue grows slowly (not timed)
            svc.call_next(counters[code])
    report(f"issue (queue grows to ~{samples // 5})", timings, cpu)
    svc.close()


def _writer(url: str, count: int, start, out) -> None:
    from kiosk.services import open_services

    svc = open_services(db_url=url, clock=monday_morning, config=no_quota_config(), upgrade=False)
    svc.check("3171012902001234")
    start.wait()
    t = time.perf_counter()
    for i in range(count):
        svc.issue("3171012902001234", ("INFO", "ADUAN")[i % 2], assisted=True)   # staff: a new ticket each time
    out.put((t, time.perf_counter()))
    svc.close()


def writers(label: str, url: str, processes: int = 8, each: int = 250) -> None:
    from kiosk.services import open_services

    open_services(db_url=url, clock=monday_morning).close()
    ctx = mp.get_context("spawn")
    start, out = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, each, start, out)) for _ in range(processes)]
    for p in procs:
        p.start()
    spans = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    seconds = max(e for _, e in spans) - min(s for s, _ in spans)
    print(f"  {label}: {processes} writers x {each} issues: {processes * each / seconds:,.0f} issues/s "
          f"({seconds:.2f} s)", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--backend", choices=("all", "sqlite", "postgresql"), default="all")
    args = parser.parse_args(argv if argv is not None else [])
    csv = demo_csv(args.participants)
    if args.backend in ("all", "sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            measure_backend("SQLite (WAL, synchronous=FULL)", f"sqlite:///{tmp}/bench.sqlite", csv, args.samples)
            writers("SQLite", f"sqlite:///{tmp}/writers.sqlite")
    if args.backend == "sqlite":
        return
    url, schema = pg_schema_url("one")
    try:
        measure_backend("PostgreSQL", url, csv, args.samples)
    finally:
        drop_schema(schema)
    url, schema = pg_schema_url("eight")
    try:
        writers("PostgreSQL", url)
    finally:
        drop_schema(schema)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
