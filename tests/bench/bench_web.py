"""500 phones on one branch web server while 20 counters call: how fast every phone hears of a
call, how fast the status page answers, and whether the server's memory stays flat.

    .venv/bin/python -m tests.bench.bench_web                      # SQLite and PostgreSQL
    .venv/bin/python -m tests.bench.bench_web --backend sqlite --calls 300 --phones 500

The server is `anjungan web` in a process of its own (as on a branch PC); this process seeds the
tickets, calls at 20 counters through the services (the way counter PCs write to the database),
and holds 500 phone connections to `/t/<ref>/events`, each from its own loopback address
(127.0.0.2 …), so the per-client rate limit applies as it would to real phones. Loopback only;
every loop is bounded in count and time.

Figures: call -> phone updated (every phone whose place or state the call changed: the first
update that reflects the call's event), p50/p95/max; status page `/t/<ref>` p50/p95; the
server's resident memory at the start, the middle and the end of the calling.
Targets: update p95 <= 1 s; page p95 <= 100 ms; memory flat.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

MONDAY_9 = "2026-11-23T09:00:00+07:00"
ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("INFO", "DATA", "IURAN", "ADUAN")
COUNTERS = 20
BOUND_S = 600                   # the whole run never takes longer than this


def _config(folder: Path) -> Path:
    """The default branch with counters 7…20 added, serving the quota-free services."""
    from kiosk.config import default_config_path

    text = default_config_path().read_text(encoding="utf-8")
    extra = "".join(f'\n[[counters]]\nnumber = {n}\nservices = ["INFO", "DATA", "IURAN", "ADUAN"]\n'
                    for n in range(7, COUNTERS + 1))
    path = folder / "branch.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


class Phone:
    def __init__(self, index: int, ticket_id: str, ref: str, service: str):
        self.index, self.ticket_id, self.ref, self.service = index, ticket_id, ref, service
        self.source = f"127.0.{1 + index // 250}.{2 + index % 250}"
        self.messages: list[tuple[float, int, str, int | None]] = []     # (time, event id, state, ahead)
        self.connected = asyncio.Event()


async def _hold(phone: Phone, port: int, stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(phone.source, 0))
    writer.write(f"GET /t/{phone.ref}/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    while (await reader.readline()) not in (b"\r\n", b""):
        pass                                                    # response headers
    try:
        while not stop.is_set():
            try:
                line = await asyncio.wait_for(reader.readline(), 1.0)
            except asyncio.TimeoutError:
                continue
            if not line:
                break
            if line.startswith(b"data:"):
                doc = json.loads(line[5:])
                phone.messages.append((time.monotonic(), doc["event_id"], doc["state"], doc.get("ahead")))
                phone.connected.set()
    finally:
        writer.close()


async def _page_times(port: int, refs: list[str], stop: asyncio.Event, out: list[float]) -> None:
    """The status page as phones open it, one request every 50 ms from changing addresses."""
    rnd = random.Random(3)
    i = 0
    while not stop.is_set():
        source = f"127.0.9.{2 + i % 250}"
        i += 1
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        writer.write(f"GET /t/{rnd.choice(refs)} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        await reader.read()
        writer.close()
        if b" 200 " in status:
            out.append(time.monotonic() - started)
        await asyncio.sleep(0.05)


def _calls(svc, count: int, interval: float, out: list, stop: threading.Event) -> None:
    """Counters 1…20 call in turn; each call noted with its last event id and when it committed."""
    for i in range(count):
        if stop.is_set():
            return
        counter = 1 + i % COUNTERS
        view = svc.call_next(counter)
        done = time.monotonic()
        if view is not None:
            out.append((done, svc.last_event_id(), view.ticket_id, view.service))
        time.sleep(max(0.0, interval - (time.monotonic() - done)))


def run(backend: str, phones_n: int, calls_n: int, interval: float) -> dict:
    from kiosk.domain.nik import make_nik
    from kiosk.services import open_services
    from tests.conftest import PG_URL, drop_pg_schema, fresh_pg_schema

    folder = Path(tempfile.mkdtemp(prefix="anjungan-bench-web-"))
    os.environ["ANJUNGAN_DATA_DIR"] = str(folder)
    os.environ["ANJUNGAN_NOW"] = MONDAY_9
    schema = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'bench.sqlite'}"
    else:
        url, schema = fresh_pg_schema(PG_URL)
    config = _config(folder)
    svc = open_services(config_path=config, db_url=url)
    tickets = []
    for i in range(phones_n):
        nik = make_nik("31", "71", "01", date(1990, 1, 1 + i % 28), "M", 1 + i)
        t = svc.issue(nik, SERVICES[i % len(SERVICES)], assisted=True)
        tickets.append((t.ticket_id, t.ref, t.service))
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "kiosk", "--config", str(config), "--db", url, "web",
                               "--port", str(port)], cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL)
    try:
        end = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > end:
                    raise RuntimeError("the web service did not start")
                time.sleep(0.1)
        return asyncio.run(_measure(svc, server.pid, port, tickets, calls_n, interval))
    finally:
        server.terminate()
        server.wait(15)
        svc.close()
        if schema:
            drop_pg_schema(PG_URL, schema)


async def _measure(svc, pid: int, port: int, tickets: list, calls_n: int, interval: float) -> dict:
    stop = asyncio.Event()
    phones = [Phone(i, tid, ref, service) for i, (tid, ref, service) in enumerate(tickets)]
    t_connect = time.monotonic()
    holders = [asyncio.create_task(_hold(p, port, stop)) for p in phones]
    await asyncio.wait_for(asyncio.gather(*(p.connected.wait() for p in phones)), 120)
    connect_s = time.monotonic() - t_connect
    await asyncio.sleep(1.0)
    rss = [("connected", _rss_kb(pid))]
    page_times: list[float] = []
    pager = asyncio.create_task(_page_times(port, [ref for _, ref, _ in tickets], stop, page_times))
    calls: list = []
    stop_calls = threading.Event()
    caller = threading.Thread(target=_calls, args=(svc, calls_n, interval, calls, stop_calls), daemon=True)
    started = time.monotonic()
    caller.start()
    while caller.is_alive():
        await asyncio.sleep(0.5)
        if time.monotonic() - started > BOUND_S:
            stop_calls.set()
        if len(rss) == 1 and len(calls) >= calls_n // 2:
            rss.append(("half the calls", _rss_kb(pid)))
    await asyncio.sleep(3.0)                                     # the last updates arrive
    rss.append(("all calls", _rss_kb(pid)))
    stop.set()
    await asyncio.gather(pager, *holders, return_exceptions=True)

    # every phone whose place or state a call changed: the waiting tickets of the called
    # ticket's service, and the called ticket itself
    called_at = {tid: done for done, _, tid, _ in calls}
    by_service: dict[str, list[Phone]] = {}
    for p in phones:
        by_service.setdefault(p.service, []).append(p)
    latencies: list[float] = []
    missing = 0
    for done, event_id, ticket_id, service in calls:
        for p in by_service.get(service, []):
            if p.ticket_id != ticket_id and called_at.get(p.ticket_id, float("inf")) <= done:
                continue                                        # no longer waiting
            first = next((t for t, eid, _, _ in p.messages if eid >= event_id and t >= done - 0.5), None)
            if first is None:
                missing += 1
            else:
                latencies.append(max(0.0, first - done))
    return {
        "phones": len(phones), "connect_s": connect_s, "calls": len(calls),
        "calls_per_s": len(calls) / max(0.001, time.monotonic() - started - 3.0),
        "updates": len(latencies), "missing": missing,
        "update_p50": _pct(latencies, 0.5), "update_p95": _pct(latencies, 0.95), "update_max": max(latencies or [0]),
        "page_n": len(page_times), "page_p50": _pct(page_times, 0.5), "page_p95": _pct(page_times, 0.95),
        "rss": rss,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between calls (all counters)")
    args = parser.parse_args(argv if argv is not None else (sys.argv[1:] if __name__ == "__main__" else []))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 8192)), hard))
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        r = run(backend, args.phones, args.calls, args.interval)
        print(f"web [{backend}]: {r['phones']} phones connected in {r['connect_s']:.1f} s; {r['calls']} calls at "
              f"{COUNTERS} counters ({r['calls_per_s']:.1f}/s)")
        ok = "ok" if r["update_p95"] <= 1.0 and not r["missing"] else "OVER TARGET"
        print(f"  call -> phone updated: {r['updates']} updates, p50 {r['update_p50'] * 1000:.0f} ms, "
              f"p95 {r['update_p95'] * 1000:.0f} ms, max {r['update_max'] * 1000:.0f} ms, "
              f"missing {r['missing']}  (target p95 <= 1000 ms: {ok})")
        ok = "ok" if r["page_p95"] <= 0.1 else "OVER TARGET"
        print(f"  status page /t/<ref>: {r['page_n']} requests, p50 {r['page_p50'] * 1000:.1f} ms, "
              f"p95 {r['page_p95'] * 1000:.1f} ms  (target p95 <= 100 ms: {ok})")
        print("  server memory (RSS): " + ", ".join(f"{label} {kb / 1024:.1f} MiB" for label, kb in r["rss"]))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
