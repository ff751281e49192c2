"""Call -> hall display updated, across processes, on SQLite and PostgreSQL; and a sustained load.

    .venv/bin/python -m tests.bench.bench_push                 # latency + 60 s load
    .venv/bin/python -m tests.bench.bench_push --duration 600  # the 10-minute load run

Latency: a child process calls tickets at a counter; this process runs the real display
(offscreen) on a QtEventFeed and notes when each call has been applied to the display.
Targets: p95 <= 50 ms on PostgreSQL, <= 300 ms on SQLite.
Load: 20 counters each issue a ticket and call once a second; the figures show whether the
display keeps up (latency early vs late) and whether its memory stays flat.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

MONDAY_9 = "2026-11-23T09:00:00+07:00"
LOAD_COUNTERS = 20
LOAD_SERVICES = ("INFO", "DATA", "IURAN", "ADUAN")


def _config_with_counters(n: int) -> str:
    """The default branch plus counters up to `n` serving the quota-free services."""
    from kiosk.config import default_config_path

    text = default_config_path().read_text(encoding="utf-8")
    extra = "".join(f'\n[[counters]]\nnumber = {c}\nservices = {list(LOAD_SERVICES)!r}\n'.replace("'", '"')
                    for c in range(7, n + 5))
    path = Path(tempfile.mkdtemp(prefix="anjungan-bench-")) / "branch.toml"
    path.write_text(text + extra, encoding="utf-8")
    return str(path)


def _open(url: str, config: str | None = None):
    os.environ["ANJUNGAN_NOW"] = MONDAY_9
    from kiosk.services import open_services

    return open_services(config_path=config, db_url=url)


# --------------------------------------------------------------------------- child processes

def _caller(url: str, config: str | None, counters: list[int], calls: int, interval: float, issue: bool,
            out: mp.Queue) -> None:
    """Each counter (a thread) optionally issues a ticket, then calls; reports (number, wall time)."""
    svc = _open(url, config)

    def counter_pc(n: int) -> None:
        for i in range(calls):
            started = time.monotonic()
            try:
                if issue:
                    svc.issue("3171012902001234", LOAD_SERVICES[(n + i) % len(LOAD_SERVICES)], assisted=True)
                view = svc.call_next(n)
            except Exception as exc:  # noqa: BLE001 - counted, the load goes on
                out.put(("error", n, str(exc)))
                continue
            if view is not None:
                out.put((view.number, n, time.time()))
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    threads = [threading.Thread(target=counter_pc, args=(n,)) for n in counters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(None)
    svc.close()


# --------------------------------------------------------------------------- this process: the display

def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _run(url: str, config: str | None, counters: list[int], calls: int, interval: float, issue: bool,
         pre_issue: int, sample_memory: bool = False):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.app import make_app
    from kiosk.ui.display import DisplayWindow

    app = make_app()
    svc = _open(url, config)
    for i in range(pre_issue):
        svc.issue("3171012902001234", "INFO", assisted=True)
    feed = QtEventFeed(svc)
    window = DisplayWindow(svc, feed)
    window.resize(1920, 1080)
    window.show()
    applied: dict[tuple[str, int], float] = {}

    def on_events(events):  # connected after the display: runs once the display has applied them
        now = time.time()
        for e in events:
            if e.kind == "called":
                applied[(e.number, e.counter)] = now

    feed.events.connect(on_events)
    feed.start()
    while feed.connected is not True:
        app.processEvents()
        time.sleep(0.01)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    child = ctx.Process(target=_caller, args=(url, config, counters, calls, interval, issue, out))
    child.start()
    sent: dict[tuple[str, int], float] = {}
    errors_seen: list[str] = []
    memory: list[tuple[float, float]] = []
    start = time.monotonic()
    done = False
    last_sample = 0.0
    while True:
        app.processEvents()
        while not done:
            try:
                item = out.get_nowait()
            except Exception:
                break
            if item is None:
                done = True
            elif item[0] == "error":
                errors_seen.append(item[2])
            else:
                sent[(item[0], item[1])] = item[2]
        if sample_memory and time.monotonic() - last_sample >= 5:
            last_sample = time.monotonic()
            memory.append((last_sample - start, _rss_mb()))
        if done and all(k in applied for k in sent):
            break
        if done and time.monotonic() - start > calls * interval + 60:
            break
        time.sleep(0.002)
    child.join()
    QTimer.singleShot(0, lambda: None)
    feed.close()
    window.close()
    svc.close()
    order = sorted(sent, key=sent.get)
    latencies = [(applied[k] - sent[k]) * 1000 for k in order if k in applied]
    missing = len(sent) - len(latencies)
    if errors_seen:
        print(f"  {len(errors_seen)} calls failed, e.g.: {errors_seen[0]}")
    return latencies, missing, memory


def _idle_cpu(url: str, seconds: float = 10.0) -> float:
    """CPU of this process (all threads) while a display follows a database nobody writes to."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer

    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.app import make_app
    from kiosk.ui.display import DisplayWindow

    app = make_app()
    svc = _open(url, None)
    feed = QtEventFeed(svc)
    window = DisplayWindow(svc, feed)
    window.resize(1920, 1080)
    window.show()
    feed.start()
    QTimer.singleShot(2000, app.quit)              # settle: connect, resync, first paint
    app.exec()
    c0, t0 = time.process_time(), time.monotonic()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    used = (time.process_time() - c0) / (time.monotonic() - t0) * 100
    feed.close()
    window.close()
    svc.close()
    return used


class _polling:
    """As on a system without inotify: the SQLite watch polls every 100 ms."""

    def __enter__(self):
        from kiosk.events.inotify import FolderWatch

        self._open, self._cls = FolderWatch.__dict__["open"], FolderWatch
        FolderWatch.open = classmethod(lambda cls, folder, prefix: None)

    def __exit__(self, *exc) -> None:
        self._cls.open = self._open


def _figures(name: str, latencies: list[float], missing: int) -> str:
    if not latencies:
        return f"{name}: no calls measured"
    q = statistics.quantiles(latencies, n=20) if len(latencies) > 1 else [latencies[0]] * 19
    return (f"{name}: n={len(latencies)} median={statistics.median(latencies):.1f} ms "
            f"p95={q[18]:.1f} ms max={max(latencies):.1f} ms missing={missing}")


def _pg_url() -> str | None:
    url = os.environ.get("ANJUNGAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    try:
        from tests.conftest import fresh_pg_schema

        return fresh_pg_schema(url)[0]
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL: skipped ({exc.__class__.__name__}: no server at {url})")
        return None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_push")
    parser.add_argument("--calls", type=int, default=100, help="calls for the latency figures")
    parser.add_argument("--duration", type=int, default=60, help="seconds of the 20-counter load (600 = 10 minutes)")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args(argv or [])
    workdir = Path(tempfile.mkdtemp(prefix="anjungan-bench-"))
    os.environ["ANJUNGAN_DATA_DIR"] = str(workdir)

    sqlite_url = f"sqlite:///{workdir / 'push.sqlite'}"
    lat, missing, _ = _run(sqlite_url, None, [1], args.calls, 0.05, False, args.calls)
    print(_figures("SQLite (inotify), call in another process -> display updated", lat, missing),
          "(target p95 <= 50 ms)")
    print(f"  display idle, feed on SQLite (inotify): {_idle_cpu(sqlite_url):.2f} % of one core")
    with _polling():
        lat, missing, _ = _run(f"sqlite:///{workdir / 'push-polled.sqlite'}", None, [1], args.calls, 0.05, False,
                               args.calls)
        print(_figures("SQLite (100 ms poll, where inotify is missing)", lat, missing))
        print(f"  display idle, feed on SQLite (100 ms poll): {_idle_cpu(sqlite_url):.2f} % of one core")
    pg = _pg_url()
    if pg:
        lat, missing, _ = _run(pg, None, [1], args.calls, 0.05, False, args.calls)
        print(_figures("PostgreSQL, call on another connection -> display updated", lat, missing),
              "(target p95 <= 50 ms)")
    if args.skip_load:
        return
    config = _config_with_counters(LOAD_COUNTERS)
    for name, url in (("SQLite", f"sqlite:///{workdir / 'load.sqlite'}"), ("PostgreSQL", _pg_url() if pg else None)):
        if url is None:
            continue
        lat, missing, memory = _run(url, config, [1, 2, *range(7, LOAD_COUNTERS + 5)], args.duration, 1.0, True, 0,
                                    sample_memory=True)
        tenth = max(1, len(lat) // 10)
        print(_figures(f"{name} load, {LOAD_COUNTERS} counters x 1 call/s for {args.duration} s", lat, missing))
        print(f"  backlog: p95 first 10% {_p95(lat[:tenth]):.1f} ms, last 10% {_p95(lat[-tenth:]):.1f} ms")
        if memory:
            print(f"  display memory: {memory[0][1]:.1f} MB at {memory[0][0]:.0f} s -> {memory[-1][1]:.1f} MB at "
                  f"{memory[-1][0]:.0f} s (max {max(m for _t, m in memory):.1f} MB)")


def _p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20)[18]


if __name__ == "__main__":
    main(sys.argv[1:])
