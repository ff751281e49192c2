"""The queue soak: writers issuing tickets while they are killed with SIGKILL at random, followers
watching every event, and (PostgreSQL) the server restarted, stopped and frozen under them, with
slow commits in between. Bounded in time; prints the figures and exits 1 when one is wrong.

    .venv/bin/python -m tests.bench.soak_queue                       # 8 writers × 10,000 issues, both engines
    .venv/bin/python -m tests.bench.soak_queue --issues 400          # a shortened run (a few minutes)
    .venv/bin/python -m tests.bench.soak_queue --backend postgresql --issues 1000

PostgreSQL runs on a private throwaway cluster (tests/events/private_pg.py) on another port, so
that restarting, stopping and freezing it (SIGSTOP) touches no shared server.

Reported per engine: tickets, duplicates (two tickets with one number), gaps (a number skipped),
lost tickets (a ticket a writer was given that is not in the database), lost events (an event in
the database that a follower never printed), SIGKILLs, the longest blocked call (one `issue`,
failures included), the recovery time after each disruption (until a writer issues again, and until a
follower delivers an event again), and tracebacks (any on a writer's or follower's stderr).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("INFO", "JHT", "ADUAN", "JKM")   # no quota in the soak's configuration
NOW = "2026-11-23T09:00:00+07:00"


# ------------------------------------------------------------------------------------- a writer

def writer(url: str, name: str, count: int, log_path: str, spread: int = 1) -> int:
    """Issue `count` tickets, one line per ticket given (and per refusal) in `log_path`."""
    import dataclasses
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from kiosk.config import load_config
    from kiosk.domain.errors import AnjunganError
    from kiosk.services import open_services

    config = load_config()
    services = tuple(dataclasses.replace(s, daily_quota=None, quota_per_counter=None) for s in config.branch.services)
    config = dataclasses.replace(config, branch=dataclasses.replace(config.branch, services=services))
    rnd = random.Random(f"{name}-{os.getpid()}")
    niks = ("3171011708450001", "3171015708450001", "3171012902001234", "7105100607610439")
    # Numbers run to 9999 per service and day: the tickets spread over as many Mondays as needed.
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    weeks = {"n": 0}

    def clock() -> datetime:
        return monday + timedelta(days=7 * weeks["n"])

    svc = None
    made = 0
    with open(log_path, "a", buffering=1, encoding="utf-8") as log:
        while made < count:
            started = time.time()
            weeks["n"] = rnd.randrange(spread)
            try:
                if svc is None:
                    svc = open_services(db_url=url, upgrade=False, config=config, clock=clock)
                t = svc.issue(rnd.choice(niks), rnd.choice(SERVICES), assisted=True, kiosk_id=name)
            except AnjunganError as exc:
                log.write(json.dumps({"error": exc.key, "start": started, "took": time.time() - started}) + "\n")
                time.sleep(0.1)
                continue
            log.write(json.dumps({"id": t.ticket_id, "service": t.service, "number": t.number, "start": started,
                                  "took": time.time() - started}) + "\n")
            made += 1
    return 0


# ----------------------------------------------------------------------------------- the soak

class Soak:
    def __init__(self, backend: str, url: str, workdir: Path, writers: int, issues: int, cluster=None):
        self.backend, self.url, self.workdir, self.cluster = backend, url, workdir, cluster
        self.writers, self.issues = writers, issues
        self.env = {**os.environ, "ANJUNGAN_NOW": NOW, "ANJUNGAN_DATA_DIR": str(workdir / "data"),
                    "QT_QPA_PLATFORM": "offscreen"}
        self.procs: dict[str, subprocess.Popen] = {}
        self.kills = 0
        self.disruptions: list[tuple[str, float]] = []     # (what, when it ended)
        self.slow_ids: list[int] = []
        self.chaos_errors: list[str] = []                   # a disruption the harness failed to make

    def log(self, name: str) -> Path:
        return self.workdir / f"{name}.jsonl"

    def given(self, name: str) -> list[dict]:
        path = self.log(name)
        if not path.exists():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                pass                          # the line a SIGKILL cut short
        return out

    def start_writer(self, name: str) -> None:
        left = self.issues - sum(1 for e in self.given(name) if "id" in e)
        if left <= 0:
            return
        err = open(self.workdir / f"{name}.err", "a")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "tests.bench.soak_queue", "--worker", name, "--url", self.url, "--count", str(left),
             "--log", str(self.log(name)),
             "--spread", str(max(1, self.writers * self.issues // (len(SERVICES) * 4000)))], cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=err)

    def start_follower(self, name: str) -> subprocess.Popen:
        out = open(self.workdir / f"{name}.jsonl", "w")
        err = open(self.workdir / f"{name}.err", "w")
        return subprocess.Popen([sys.executable, "-m", "kiosk", "--db", self.url, "watch", "--json", "--from-start"],
                                cwd=ROOT, env=self.env, stdout=out, stderr=err)

    def run(self, kill_every_s: float, limit_s: float) -> dict:
        from kiosk.services import open_services

        os.environ["ANJUNGAN_DATA_DIR"] = self.env["ANJUNGAN_DATA_DIR"]     # the NIK key goes there too
        open_services(db_url=self.url).close()           # the schema, before anyone races
        followers = [self.start_follower("follower-0")]          # `anjungan watch`, a process of its own
        self.timed = _TimedFollower(self.url)                      # and one in this process, with times
        self.timed.start()
        names = [f"writer-{i}" for i in range(self.writers)]
        for name in names:
            self.start_writer(name)
        started = time.monotonic()
        stop = threading.Event()
        chaos = threading.Thread(target=self._chaos, args=(stop, started), daemon=True)
        chaos.start()
        slow = threading.Thread(target=self._slow_commits, args=(stop,), daemon=True)
        slow.start()
        rnd = random.Random(7)
        next_kill = time.monotonic() + kill_every_s
        while time.monotonic() - started < limit_s:
            for name in names:
                p = self.procs.get(name)
                if p is not None and p.poll() is not None:
                    self.start_writer(name)          # killed, or done (then it is not started again)
            if all((p := self.procs.get(n)) is None or p.poll() is not None for n in names) and \
                    all(sum(1 for e in self.given(n) if "id" in e) >= self.issues for n in names):
                break
            if time.monotonic() >= next_kill:
                alive = [n for n in names if self.procs.get(n) and self.procs[n].poll() is None]
                if alive:
                    victim = rnd.choice(alive)
                    os.kill(self.procs[victim].pid, signal.SIGKILL)
                    self.procs[victim].wait()
                    self.kills += 1
                next_kill = time.monotonic() + rnd.uniform(0.5, 2) * kill_every_s
            time.sleep(0.05)
        stop.set()
        chaos.join(60)
        slow.join(60)
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
                p.wait()
        figures = self._figures(followers, names, time.monotonic() - started)
        for f in followers:
            f.kill()
            f.wait()
        return figures

    # -- disruptions (PostgreSQL, on the private cluster) ------------------------------------
    def _chaos(self, stop: threading.Event, started: float) -> None:
        if self.cluster is None:
            return
        steps = [("restart", 8), ("stop 3 s", 8), ("freeze 4 s", 8)]
        for what, after in steps * 50:
            if stop.wait(after):
                return
            try:
                if what == "restart":
                    self.cluster.restart()
                elif what.startswith("stop"):
                    self.cluster.stop_only()
                    time.sleep(3)
                    self.cluster.start_again()
                else:
                    self.cluster.freeze()
                    time.sleep(4)
                    self.cluster.thaw()
            except Exception as exc:  # noqa: BLE001 - reported; the soak goes on with the next step
                self.chaos_errors.append(f"{what}: {exc!r}"[:300])
                if self.cluster.frozen:
                    self.cluster.thaw()
                continue
            self.disruptions.append((what, time.time()))

    def _slow_commits(self, stop: threading.Event) -> None:
        """Events whose transactions commit 1 s and 5 s late, among the writers' commits."""
        import sqlite3

        delays = [1.0, 5.0]
        while not stop.wait(3):
            delay = delays[len(self.slow_ids) % len(delays)]
            try:
                if self.backend == "sqlite":
                    conn = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None, timeout=10)
                    conn.execute("BEGIN IMMEDIATE")
                    cur = conn.execute("INSERT INTO events (at, kind, data) VALUES ('2026-11-23 02:00:00', "
                                       "'assistance', '{\"kiosk_id\": \"slow\"}')")
                    event_id = cur.lastrowid
                    time.sleep(min(delay, 2.0))   # SQLite holds every writer meanwhile: keep it short
                    conn.execute("COMMIT")
                    conn.close()
                else:
                    import psycopg

                    with psycopg.connect(self.url.replace("postgresql+psycopg", "postgresql"), connect_timeout=3,
                                         options="-c idle_in_transaction_session_timeout=0") as conn:
                        event_id = conn.execute("INSERT INTO events (at, kind, data) VALUES (now(), 'assistance', "
                                                "'{\"kiosk_id\": \"slow\"}') RETURNING id").fetchone()[0]
                        time.sleep(delay)
                        conn.commit()
                self.slow_ids.append(event_id)
            except Exception:  # noqa: BLE001 - a disruption came in between: that commit never happened
                pass

    # -- the figures -------------------------------------------------------------------------
    def _figures(self, followers, names, took: float) -> dict:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url)
        deadline = time.monotonic() + 60
        while True:
            try:
                with engine.connect() as conn:
                    rows = conn.execute(text("SELECT ticket_id, service_day, service, seq FROM tickets "
                                             "WHERE origin_ticket_id IS NULL")).all()
                    event_ids = set(conn.execute(text("SELECT id FROM events")).scalars())
                break
            except Exception:  # noqa: BLE001 - the server may be coming back
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        engine.dispose()
        seen_by = []
        wait_until = time.monotonic() + 30
        for i in range(len(followers) + 1):
            while True:
                seen = self._follower_ids(f"follower-{i}") if i < len(followers) else set(self.timed.ids)
                if event_ids <= seen or time.monotonic() > wait_until:
                    break
                time.sleep(0.5)
            seen_by.append(seen)
        self.timed.stop.set()
        per_service = defaultdict(list)
        for _id, day, service, seq in rows:
            per_service[(day, service)].append(seq)
        duplicates = sum(len(v) - len(set(v)) for v in per_service.values())
        gaps = sum(max(v) - len(set(v)) for v in per_service.values() if v)
        in_db = {r[0] for r in rows}
        given = [e for n in names for e in self.given(n)]
        lost = sum(1 for e in given if "id" in e and e["id"] not in in_db)
        longest = max((e["took"] for e in given), default=0.0)
        refusals = sum(1 for e in given if "error" in e)
        tracebacks, traceback_texts = 0, []
        for p in sorted(self.workdir.glob("*.err")):
            err = p.read_text(errors="replace")
            tracebacks += err.count("Traceback")
            traceback_texts += [f"{p.stem}: Traceback{t}"[:3000] for t in err.split("Traceback")[1:]]
        recovery = []
        for what, ended in self.disruptions:
            issued_again = min((e["start"] + e["took"] for e in given if "id" in e and e["start"] >= ended),
                               default=None)
            followed_again = min((at for at, _ in self.timed.seen if at >= ended), default=None)
            recovery.append((what, None if issued_again is None else issued_again - ended,
                             None if followed_again is None else followed_again - ended))
        return {
            "backend": self.backend, "seconds": round(took, 1), "writers": len(names), "asked": len(names) * self.issues,
            "tickets": len(rows), "duplicates": duplicates, "gaps": gaps, "lost_tickets": lost,
            "events": len(event_ids), "lost_events": [len(event_ids - s) for s in seen_by],
            "slow_commits": len(self.slow_ids), "slow_commits_missed": [len(set(self.slow_ids) - s) for s in seen_by],
            "kills": self.kills, "refusals": refusals, "longest_call_s": round(longest, 2),
            "recovery_s": [(w, *(None if r is None else round(r, 2) for r in rs)) for w, *rs in recovery],
            "follower_reconnects": self.timed.reconnects, "tracebacks": tracebacks,
            "traceback_texts": traceback_texts, "chaos_errors": self.chaos_errors,      # the workdir is removed afterwards: kept here
        }

    def _follower_ids(self, name: str) -> set[int]:
        ids = set()
        for line in (self.workdir / f"{name}.jsonl").read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError):
                pass
        return ids


class _TimedFollower(threading.Thread):
    """A follower in this process that notes when it saw each event (the display's view)."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url = url
        self.stop = threading.Event()
        self.ids: list[int] = []
        self.seen: list[tuple[float, int]] = []
        self.reconnects = 0

    def run(self) -> None:
        from kiosk.events import Backoff, follow
        from kiosk.services import open_services

        svc = open_services(db_url=self.url, upgrade=False)

        def on_connection(up: bool, _reason) -> None:
            self.reconnects += 0 if up else 1

        for event in follow(svc, 0, on_connection=on_connection, stop=self.stop, backoff=Backoff()):
            self.ids.append(event.id)
            self.seen.append((time.time(), event.id))


def _cluster_with_stop():
    from tests.events.private_pg import PrivateCluster

    class Cluster(PrivateCluster):
        def stop_only(self) -> None:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop", timeout=60)

        def start_again(self) -> None:
            self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "30",
                      "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    return Cluster()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--issues", type=int, default=10_000, help="tickets per writer")
    parser.add_argument("--kill-every", type=float, default=1.0, help="seconds between SIGKILLs (on average)")
    parser.add_argument("--limit", type=float, default=3600, help="seconds per engine at most")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--log", help=argparse.SUPPRESS)
    parser.add_argument("--spread", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return writer(args.url, args.worker, args.count, args.log, args.spread)
    results, ok = [], True
    for backend in (("sqlite", "postgresql") if args.backend == "both" else (args.backend,)):
        with tempfile.TemporaryDirectory(prefix=f"anjungan-soak-{backend}-") as tmp:
            workdir = Path(tmp)
            cluster = None
            if backend == "sqlite":
                url = f"sqlite:///{workdir / 'soak.sqlite'}"
            else:
                cluster = _cluster_with_stop()
                cluster.start()
                url = cluster.url
            try:
                figures = Soak(backend, url, workdir, args.writers, args.issues, cluster).run(args.kill_every, args.limit)
            finally:
                if cluster is not None:
                    cluster.stop()
        results.append(figures)
        print(json.dumps(figures, indent=1), flush=True)
        ok &= (figures["duplicates"] == figures["gaps"] == figures["lost_tickets"] == figures["tracebacks"] == 0
               and not figures["chaos_errors"]
               and figures["tickets"] >= figures["asked"]
               and not any(figures["lost_events"]) and not any(figures["slow_commits_missed"])
               and figures["longest_call_s"] <= 5.0
               and all(r is not None and r <= 5.0 for _, *rs in figures["recovery_s"] for r in rs))
    print("result:", "all good" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
