"""A SQLite store of the first schema revision holding a span of a branch's days, and `db upgrade`
run in a child process that is killed (SIGKILL, as a power cut) before its K-th statement.

Shared by the default test (`tests/store/test_upgrade_power_cut.py`: a cut in the middle of every
migration) and the soak (`python -m tests.soak.upgrade_power_cuts`: a year of data, a cut before
every statement and at random moments).
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# One process imports the program once, then forks a child per upgrade (a fresh interpreter per
# cut costs seconds); the child counts statements and kills itself before the chosen one.
ZYGOTE = r"""
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from kiosk.cli import main
import kiosk.services

cut = {"after": 0, "offset": 0, "count": 0, "since": 0, "stamps": 0}

@event.listens_for(Engine, "before_cursor_execute")
def _count(conn, cursor, statement, params, context, many):
    cut["count"] += 1
    cut["since"] += 1
    if cut["offset"] and cut["stamps"] == cut["after"] and cut["since"] == cut["offset"]:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    head = statement.lstrip().upper()
    if "ALEMBIC_VERSION" in head and head.startswith(("UPDATE", "INSERT")):
        cut["stamps"] += 1
        cut["since"] = 0
        print("STAMP", cut["count"], flush=True)

print("READY", flush=True)
for line in sys.stdin:
    url, after, offset = line.split()
    pid = os.fork()
    if pid == 0:
        cut.update(after=int(after), offset=int(offset))
        status = main(["--db", url, "db", "upgrade"])
        print("STATEMENTS", cut["count"], flush=True)
        os._exit(status)
    _, code = os.waitpid(pid, 0)
    print("EXIT", -os.WTERMSIG(code) if os.WIFSIGNALED(code) else os.WEXITSTATUS(code), flush=True)
"""

SERVICES = ("A", "B", "C", "D")


@dataclass
class Run:
    killed: bool
    stamps: list[int]              # statement numbers of the revision stamps (one per migration)
    statements: int | None         # statements in all, when the run was not killed
    stderr: str


def store_at(path: Path, revision: str) -> None:
    """A SQLite store migrated to `revision` (as an older release left it)."""
    from alembic import command

    from kiosk.store import db, schema

    engine = db.make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.info["write"] = True
        with conn.begin():
            command.upgrade(schema.alembic_config(engine, conn), revision)
    engine.dispose()


def first_revision_store(path: Path, days: int, visits: int, seed: int = 7) -> dict[str, int]:
    """A store at revision 0001 (as the first release made it) with `days` service days of
    `visits` tickets each, their events, participants and number sequences."""
    store_at(path, "0001")
    rnd = random.Random(seed)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO branch_secret (id, nik_key) VALUES (1, ?)", ("ab" * 32,))
    tickets, events, sequences = [], [], []
    first = date(2025, 12, 1)
    for d in range(days):
        day = first + timedelta(days=d)
        start = datetime(day.year, day.month, day.day, 1, 0, tzinfo=timezone.utc)
        seq = dict.fromkeys(SERVICES, 0)
        for v in range(visits):
            service = rnd.choice(SERVICES)
            seq[service] += 1
            ticket_id = f"T{d:04d}{v:05d}"
            issued = start + timedelta(seconds=60 * v)
            called = issued + timedelta(minutes=rnd.randint(1, 40))
            done = called + timedelta(minutes=rnd.randint(2, 20))
            number = f"{service}-{seq[service]:03d}"
            tickets.append((ticket_id, day.isoformat(), service, seq[service], number, "done", 0, None, 0, 1, 1,
                            None, f"{rnd.getrandbits(64):016x}", f"{v % 10000:04d}", "kiosk-1", issued.isoformat(),
                            issued.isoformat(), called.isoformat(), done.isoformat(), rnd.randint(1, 4), 1, None,
                            None, "printed", None))
            for kind, at in (("issued", issued), ("called", called), ("finished", done)):
                events.append((at.isoformat(), kind, ticket_id, number, service, None, "{}"))
        sequences += [(day.isoformat(), s, n) for s, n in seq.items() if n]
    con.executemany("INSERT INTO tickets (ticket_id, service_day, service, seq, number, state, priority, "
                    "priority_reason, assisted, verified, documents_complete, nik, nik_hash, nik_last4, kiosk_id, "
                    "arrived_at, issued_at, called_at, finished_at, counter, call_count, origin_ticket_id, "
                    "transfer_reason, print_state, print_reason) VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tickets)
    con.executemany("INSERT INTO events (at, kind, ticket_id, number, service, counter, data) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", events)
    con.executemany("INSERT INTO number_sequences (service_day, service, last_seq) VALUES (?, ?, ?)", sequences)
    con.executemany("INSERT INTO participants (nik, name, status, status_text, segment, programs) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(f"31710117084{n:05d}", None, "active", "AKTIF", "PU", "JHT") for n in range(1, 200)])
    con.commit()
    con.close()
    return {"tickets": len(tickets), "events": len(events)}


class Upgrader:
    """`anjungan db upgrade` run again and again, each run in a child killed (SIGKILL, as a power
    cut) before the `offset`-th statement after its `after_stamps`-th revision stamp."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
        assert self.proc.stdout.readline().strip() == "READY"

    def run(self, url: str, after_stamps: int = 0, offset: int = 0) -> Run:
        """after_stamps 0: counted from the start; offset 0: never killed."""
        self.proc.stdin.write(f"{url} {after_stamps} {offset}\n")
        self.proc.stdin.flush()
        stamps, total = [], None
        for line in self.proc.stdout:
            word, _, value = line.strip().partition(" ")
            if word == "STAMP":
                stamps.append(int(value))
            elif word == "STATEMENTS":
                total = int(value)
            elif word == "EXIT":
                code = int(value)
                break
        else:
            raise AssertionError("the upgrading process ended")
        if code not in (0, -signal.SIGKILL):
            raise AssertionError(f"db upgrade failed with exit status {code}")
        return Run(code == -signal.SIGKILL, stamps, total, "")

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def cuts_inside_each_migration(stamps: list[int], where: float = 0.5) -> list[tuple[int, int]]:
    """From a whole run's stamps (from the first revision), one cut inside each migration as
    (stamps seen, statements after the last one): the first migration counted from the start, each
    later one after the stamp of the one before, so that a run that starts one revision on (the
    migrations before it done) is cut at the same statement of the same migration."""
    first = max(1, int(stamps[0] * where))
    later = [(1, max(1, int((hi - lo) * where))) for lo, hi in zip(stamps, stamps[1:])]
    return [(0, first), *later]


def upgrade_killed_after(url: str, seconds: float, timeout: float = 300) -> bool:
    """`anjungan db upgrade` in a fresh process killed after `seconds` (a power cut at a moment,
    not at a statement); True when it was still running then."""
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", url, "db", "upgrade"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=timeout)
        return True


def columns_by_table(path: Path) -> dict[str, list[tuple]]:
    """Every table's columns and indexes as SQLite describes them: two stores at the same revision
    have the same shape, a half-applied migration does not."""
    con = sqlite3.connect(path)
    try:
        shape: dict[str, list[tuple]] = {}
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            cols = [tuple(row[1:]) for row in con.execute(f'PRAGMA table_info("{name}")')]
            idx = sorted(tuple(row[1:3]) for row in con.execute(f'PRAGMA index_list("{name}")'))
            shape[name] = cols + idx
        return shape
    finally:
        con.close()


def revision_of(path: Path) -> str | None:
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        con.close()


def counts(path: Path) -> dict[str, int]:
    """The tickets and their events (an upgrade may close days an older version left open: those
    closes are events of their own, not the tickets')."""
    from kiosk.domain.ticket import EventKind

    con = sqlite3.connect(path)
    try:
        return {"tickets": con.execute("SELECT count(*) FROM tickets").fetchone()[0],
                "events": con.execute("SELECT count(*) FROM events WHERE kind <> ?",
                                      (str(EventKind.DAY_CLOSED),)).fetchone()[0]}
    finally:
        con.close()


def reference_shapes(folder: Path) -> dict[str, dict[str, list[tuple]]]:
    """The shape of an empty store at each revision, made by plain upgrades one revision at a time."""
    from alembic import command

    from kiosk.store import db, schema

    path = folder / "reference.sqlite"
    engine = db.make_engine(f"sqlite:///{path}")
    cfg = schema.alembic_config(engine)
    shapes = {}
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        for revision in schema.pending_revisions(None):
            conn.info["write"] = True
            with conn.begin():
                command.upgrade(cfg, revision)
            shapes[revision] = columns_by_table(path)
    engine.dispose()
    return shapes
