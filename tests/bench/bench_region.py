"""A region on one machine: N branch databases on one private PostgreSQL 15 server publishing to a
region server (Debian's binaries, as in tests/region), each branch loaded with a history and then
run through a compressed peak day (400 visits and their calls in a few minutes, every branch at
once); the lag of every action until the region has it, the WAL written per visit, the initial
copy, and the region's report for a month and for the whole history.

    .venv/bin/python -m tests.bench.bench_region [--branches 10] [--days 22] [--per-day 400] [--peak-s 120]

Targets: lag p95 <= 5 s under the peak; a month's regional report from summaries <= 2 s.
docs/region.md turns the figures into a region of 40 and a country of 325 branches.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANJUNGAN_NIK_KEY", "5a" * 32)

from tests.bench.bench_reports import TODAY, WIB, load, working_days  # noqa: E402
from tests.region.conftest import Instance, wait_for  # noqa: E402

PEAK_DAY = datetime(2026, 11, 24, 8, 0, tzinfo=WIB)        # the Tuesday after the history
OPEN_S = 4 * 3600                                         # the morning peak 08.00–12.00, compressed into --peak-s


class Compressed:
    """A clock that runs a service day in `seconds` of real time."""

    def __init__(self, seconds: float):
        self.factor = OPEN_S / seconds
        self.t0 = time.monotonic()

    def __call__(self) -> datetime:
        return PEAK_DAY + timedelta(seconds=(time.monotonic() - self.t0) * self.factor)


def nik(i: int) -> str:
    return f"317101170845{i % 9999 + 1:04d}" if i < 9999 else f"317101570845{(i - 9999) % 9999 + 1:04d}"


def peak(code: str, url: str, per_day: int, clock: Compressed, log: list, stop: threading.Event) -> None:
    """One branch's day: `per_day` visits issued evenly, counters 1 and 2 calling and finishing."""
    from kiosk.domain.errors import AnjunganError
    from kiosk.services import demo_config, open_services

    svc = open_services(db_url=url, config=demo_config(), clock=clock, upgrade=None)
    gap = OPEN_S / clock.factor / per_day
    began = time.monotonic()
    try:
        for i in range(per_day):
            if stop.is_set():
                break
            try:
                svc.issue(nik(i), "INFO")
            except AnjunganError:          # closed for a moment by the branch's hours: the next visit
                continue
            log.append((time.monotonic(), code, svc.last_event_id()))
            counter = 1 + i % 2
            if svc.call_next(counter) is not None:
                svc.finish(counter)
                log.append((time.monotonic(), code, svc.last_event_id()))
            pause = began + (i + 1) * gap - time.monotonic()
            if pause > 0:
                time.sleep(pause)
    finally:
        svc.close()


def sample(region: Instance, codes: list[str], samples: list, stop: threading.Event) -> None:
    import psycopg

    query = "SELECT " + ", ".join(
        f"(SELECT max(id) FROM public.events WHERE branch_code = '{c}')" for c in codes)
    with psycopg.connect(region.libpq("region"), autocommit=True) as conn:
        while not stop.is_set():
            row = conn.execute(query).fetchone()
            samples.append((time.monotonic(), dict(zip(codes, row))))
            time.sleep(0.1)


def lags(log: list, samples: list) -> list[float]:
    """Per action: seconds from its commit until a region sample held its event."""
    out = []
    j0 = 0
    for at, code, event_id in sorted(log):
        while j0 < len(samples) and samples[j0][0] < at:
            j0 += 1
        for t, seen in samples[j0:]:
            if (seen.get(code) or 0) >= event_id:
                out.append(t - at)
                break
    return out


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def national(region: Instance, branches: int, days: int) -> None:
    """`region report --from-summaries` over `branches` branches' day summaries (one row per
    branch, day and service, as the day close writes them), for a month and for a year: each
    branch's counts and IKM, the whole, and the league table."""
    from kiosk.domain.day import SUMMARY_COLUMNS
    from kiosk.services import demo_config, open_services

    figures = ", ".join(f"{c} int" for c in SUMMARY_COLUMNS[2:])
    region.sql(f"CREATE TABLE IF NOT EXISTS public.day_summaries (service_day date, service varchar(16), {figures}, "
               "written_at timestamptz, branch_code varchar(16), PRIMARY KEY (branch_code, service_day, service))",
               "region")
    region.sql("CREATE SCHEMA IF NOT EXISTS anjungan_region", "region")
    values = {c: "0" for c in SUMMARY_COLUMNS[2:]}
    values.update(arrivals="40 + (b * 7 + s_i) % 30", served="35 + (b * 5) % 25", no_show="(b + s_i) % 5",
                  wait_p50_s="300 + (b * 13) % 900", wait_p90_s="600 + (b * 37) % 1800", skm_respondents="3 + b % 4",
                  rating_4="5 + b % 7", rating_3="2 + b % 3")
    values.update({f"skm_u{i}": f"(3 + b % 4) * (3 + (b + {i}) % 2)" for i in range(1, 10)})
    t0 = time.perf_counter()
    region.sql(f"""INSERT INTO public.day_summaries (service_day, service, {", ".join(SUMMARY_COLUMNS[2:])},
        written_at, branch_code) SELECT d::date, s, {", ".join(values[c] for c in SUMMARY_COLUMNS[2:])}, now(),
        'N' || lpad(b::text, 3, '0') FROM generate_series(1, {branches}) b,
        generate_series(date '2025-12-01', date '2025-12-01' + {days * 7 // 5}, interval '1 day') d,
        unnest(ARRAY['INFO','DATA','JHT','JKM','JP','JKK','ADUAN']) WITH ORDINALITY AS x(s, s_i)
        WHERE extract(isodow FROM d) < 6""", "region")
    region.sql("ANALYZE public.day_summaries", "region")
    rows = region.sql("SELECT count(*) FROM public.day_summaries WHERE branch_code LIKE 'N%'", "region")[0][0]
    print(f"national summaries: {branches} branches × {days} working days × 7 services = {rows:,} rows "
          f"(made in {time.perf_counter() - t0:.1f} s)", flush=True)
    svc = open_services(db_url=region.url("region") + "?options=-csearch_path%3Danjungan_region",
                        config=demo_config(), upgrade=False)
    try:
        for label, lo, hi in (("month", date(2026, 3, 1), date(2026, 3, 31)),
                              ("year", date(2025, 12, 1), date(2026, 12, 31))):
            best = None
            for _ in range(3):
                t0 = time.perf_counter()
                doc = svc.region_summaries_report(lo, hi)
                took = time.perf_counter() - t0
                best = took if best is None else min(best, took)
            print(f"national {label} by `region report --from-summaries`: {len(doc['branches'])} branches, the whole "
                  f"(IKM {doc['region']['ikm']}) and the league in {best:.3f} s  (goal <= 2 s)", flush=True)
    finally:
        svc.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=10)
    parser.add_argument("--days", type=int, default=22, help="working days of history per branch")
    parser.add_argument("--per-day", type=int, default=400)
    parser.add_argument("--peak-s", type=float, default=120.0, help="real seconds the peak day is compressed into")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--national", type=int, default=325, help="branches of the summaries figure (0: none)")
    parser.add_argument("--national-only", action="store_true", help="only the national figure from summaries")
    args = parser.parse_args(argv)
    from kiosk.cli import main as cli
    from kiosk.services import demo_config, open_services

    root = Path(tempfile.mkdtemp(prefix="anjungan-bench-region-"))
    os.chmod(root, 0o755)
    os.environ.setdefault("ANJUNGAN_DATA_DIR", str(root / "data"))
    n = args.branches
    many = {"max_wal_senders": str(n + 5), "max_replication_slots": str(n + 5), "max_slot_wal_keep_size": "2GB",
            "max_worker_processes": str(n + 12), "max_logical_replication_workers": str(n + 6),
            "shared_buffers": "128MB", "max_connections": str(3 * n + 30)}
    servers = []
    if args.national_only:
        try:
            region = Instance(root, "region", {})
            region.init(None)
            region.start()
            servers.append(region)
            region.sql("CREATE DATABASE region")
            national(region, args.national, 250)
        finally:
            region.stop("immediate")
            shutil.rmtree(root, ignore_errors=True)
        return
    try:
        branch = Instance(root, "branches", many)
        branch.init(None)
        branch.start()
        servers.append(branch)
        region = Instance(root, "region", {**many, "wal_receiver_status_interval": "1s"})
        shutil.copytree(branch.data, root / "tmpl", ignore=shutil.ignore_patterns("postmaster.pid"))
        (root / "tmpl" / "postgresql.auto.conf").write_text("")
        region.init(root / "tmpl")
        region.start()
        servers.append(region)
        region.sql("CREATE DATABASE region")
        branch.sql("CREATE DATABASE tpl")
        t0 = time.perf_counter()
        svc = open_services(db_url=branch.url("tpl"), config=demo_config(), clock=lambda: TODAY, upgrade=True)
        days = working_days(args.days)
        counts = load(svc.database.engine, days, args.per_day)
        svc.close()
        print(f"history per branch: {counts[0]:,} tickets, {counts[1]:,} events, {counts[2]:,} ratings "
              f"({days[0]} – {days[-1]}), loaded in {time.perf_counter() - t0:.1f} s", flush=True)
        codes = [f"B{i:02d}" for i in range(1, n + 1)]
        for code in codes:
            branch.sql(f"CREATE DATABASE {code.lower()} TEMPLATE tpl")
        t0 = time.perf_counter()
        for i, code in enumerate(codes):
            url = branch.url(code.lower())
            if i == 0:
                s = open_services(db_url=url, config=demo_config(), upgrade=None)
                s.create_roles("anjungan")
                s.close()
            else:
                open_services(db_url=url, config=demo_config(), upgrade=None).create_roles("anjungan")
            assert cli(["--db", url, "region", "publish", "--branch", code]) == 0
            assert cli(["--db", region.url("region"), "region", "add-branch", code, "--url",
                        branch.url(code.lower(), "anjungan_region")]) == 0
        total_events = counts[1] * n
        ok = wait_for(lambda: region.sql("SELECT count(*) FROM public.events", "region")[0][0] >= total_events,
                      timeout=1800, step=1.0)
        copy_s = time.perf_counter() - t0
        print(f"initial copy of {n} branches ({n * counts[0]:,} tickets, {total_events:,} events): {copy_s:.1f} s "
              f"{'' if ok else '(NOT complete)'}", flush=True)
        region.sql("ANALYZE", "region")
        size = region.sql("SELECT pg_database_size('region')", "region")[0][0]
        print(f"region database after the copy: {size / 1048576:.0f} MB, {size / (n * counts[0]) / 1024:.2f} kB "
              f"per visit (tables and indexes)", flush=True)

        wal0 = branch.sql("SELECT pg_current_wal_lsn()")[0][0]
        log: list = []
        samples: list = []
        stop = threading.Event()
        sampler = threading.Thread(target=sample, args=(region, codes, samples, stop), daemon=True)
        sampler.start()
        clock = Compressed(args.peak_s)
        workers = [threading.Thread(target=peak, args=(c, branch.url(c.lower()), args.per_day, clock, log, stop))
                   for c in codes]
        t0 = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        took = time.perf_counter() - t0
        time.sleep(3)
        stop.set()
        sampler.join()
        wal = branch.sql(f"SELECT pg_current_wal_lsn() - '{wal0}'::pg_lsn")[0][0]
        found = lags(log, samples)
        visits = n * args.per_day
        print(f"peak: {visits:,} visits ({len(log):,} actions) in {took:.1f} s over {n} branches "
              f"({len(log) / took:.1f} actions/s)", flush=True)
        print(f"lag until the region has an action: p50 {pct(found, 50):.2f} s, p95 {pct(found, 95):.2f} s, "
              f"max {max(found) if found else float('nan'):.2f} s  (target p95 <= 5 s; {len(found)}/{len(log)} seen)",
              flush=True)
        print(f"WAL at the branches: {int(wal) / visits / 1024:.1f} kB per visit "
              f"({int(wal) / 1048576:.1f} MB for {visits:,} visits)", flush=True)

        os.environ["ANJUNGAN_NOW"] = (PEAK_DAY + timedelta(days=1)).isoformat()
        rsvc = open_services(db_url=region.url("region") + "?options=-csearch_path%3Danjungan_region",
                             config=demo_config(), upgrade=False)
        first = days[0]
        last = PEAK_DAY.date()
        month = (date(2026, 10, 1), date(2026, 10, 31)) if first <= date(2026, 10, 1) else (first, last)
        t0 = time.perf_counter()
        rsvc.region_report(first, last)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        whole = rsvc.region_report(first, last)
        warm = time.perf_counter() - t0
        t0 = time.perf_counter()
        rsvc.region_report(*month)
        month_s = time.perf_counter() - t0
        rsvc.close()
        os.environ.pop("ANJUNGAN_NOW", None)
        print(f"region report {first} – {last} ({whole.region.total['arrivals']:,} arrivals, {n} branches): first "
              f"{cold:.2f} s (summarises every closed day), then {warm:.2f} s; month {month[0]} – {month[1]}: "
              f"{month_s:.2f} s", flush=True)
        if args.national:
            national(region, args.national, 250)
    finally:
        for server in servers:
            try:
                server.stop("immediate")
            except Exception:  # noqa: BLE001
                pass
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
