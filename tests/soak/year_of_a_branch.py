"""A year of a branch in fast time, undisturbed and disturbed, compared.

    .venv/bin/python -m tests.soak.year_of_a_branch [--engine sqlite|postgresql] [--days 250] [--visits 400]

The same script runs twice on a store of its own: service days (Monday to Friday) of `--visits`
walk-ins over four services at four counters, ratings after some visits, a month's paper
questionnaires and bookings imported on the first day of each month, every day closed and a
backup every night. The second run is disturbed as a branch is in a year:
- power cuts (SIGKILL) in the middle of a day close, a backup, a questionnaire import and a
  booking import, each run as the branch runs it (`anjungan day close | backup | skm import |
  bookings import` on the command line), then the same command again;
- in the middle of the year the store is restored from the night's backup onto a new machine
  (a new data folder, the key from the backup) and the year goes on there;
- on three days a kiosk whose clock is an hour behind issues part of the day's tickets;
- on one day (SQLite, as root) the store's disk fills: the store is on a small tmpfs, the first
  action that finds it full is refused with the full-disk sentence, the IT officer makes room
  (the tmpfs grown) and the same action is done again.
Then both are compared: every ticket (day, number, service, final state), every event kind's
count, ratings, questionnaires and bookings, and the year report. Prints the figures and the
differences; exits 1 when a ticket, event, rating or booking is lost or doubled. (The year
report differs only where a kiosk's clock was behind: those tickets' waits are read from the
database's order, not the kiosk's clock; the soak prints what differs.)
Not part of `./run test`: a full year takes hours; `--days 20 --visits 40` takes minutes.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
JAKARTA = ZoneInfo("Asia/Jakarta")
SERVICES = ("INFO", "JHT", "ADUAN", "JKM")
COUNTERS = (1, 2, 3, 4)
FIRST_DAY = date(2026, 1, 5)               # a Monday
PG = os.environ.get("ANJUNGAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def service_days(count: int) -> list[date]:
    days, day = [], FIRST_DAY
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def nik(rnd: random.Random) -> str:
    return f"317101{rnd.randint(1, 28):02d}{rnd.randint(1, 12):02d}{rnd.randint(50, 99):02d}{rnd.randint(1, 9999):04d}"


class Clock:
    def __init__(self):
        self.now = datetime.combine(FIRST_DAY, datetime.min.time(), JAKARTA)

    def __call__(self) -> datetime:
        return self.now


def soak_config():
    from kiosk.services import demo_config

    config = demo_config()
    services = tuple(dataclasses.replace(s, daily_quota=None, quota_per_counter=None)
                     for s in config.branch.services)
    return dataclasses.replace(config, branch=dataclasses.replace(config.branch, services=services))


class Run:
    """One year on one store; `disturbed` adds the cuts, the restore and the clock jumps."""

    def __init__(self, name: str, engine: str, folder: Path, disturbed: bool, days: int, visits: int):
        self.name, self.engine, self.disturbed = name, engine, disturbed
        self.folder = folder / name
        self.folder.mkdir(parents=True)
        self.days, self.visits = service_days(days), visits
        self.clock = Clock()
        self.cuts = Counter()
        self.durations: dict[str, list[float]] = defaultdict(list)
        self.restored_on: date | None = None
        self.small_disk: Path | None = None
        self.disk_full: list[str] = []          # the sentences said while the disk was full
        self.schema = None
        self.url = self._new_store("machine-1")
        self.svc = None

    # -- the machine --------------------------------------------------------------------------------
    def _new_store(self, machine: str) -> str:
        data = self.folder / machine
        data.mkdir()
        os.environ["ANJUNGAN_DATA_DIR"] = str(data)
        if self.engine == "sqlite":
            return f"sqlite:///{data / 'anjungan.sqlite'}"
        import psycopg

        self.schema = self.schema or f"year_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
        return f"{PG}?options=-csearch_path%3D{self.schema}"

    def open(self) -> None:
        from kiosk.services import open_services

        self.svc = open_services(db_url=self.url, clock=self.clock, config=soak_config(), upgrade=True)

    def close(self) -> None:
        if self.svc is not None:
            self.svc.close()
            self.svc = None

    def command(self, *argv: str, cut: random.Random | None = None) -> None:
        """An `anjungan` command as the branch's timer or IT officer runs it; with `cut`: killed
        (a power cut) at a moment drawn from it, late in the time that command has taken before
        (past the start-up, into its work), then run again to its end."""
        env = {**os.environ, "ANJUNGAN_NOW": self.clock.now.isoformat(), "PYTHONPATH": str(ROOT)}
        args = [sys.executable, "-m", "kiosk", "--db", self.url, *argv]
        key = " ".join(a for a in argv[:2] if not a.startswith("-"))
        if cut is not None:
            taken = sorted(self.durations[key])
            usual = taken[len(taken) // 2] if taken else 1.0
            proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=cut.uniform(0.6, 0.98) * usual)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                self.cuts[key] += 1
        started = time.monotonic()
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        self.durations[key].append(time.monotonic() - started)
        if done.returncode != 0:
            log = Path(os.environ["ANJUNGAN_DATA_DIR"]) / "logs" / "anjungan.log"
            tail = log.read_text(encoding="utf-8", errors="replace")[-4000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)}: {done.stderr.strip()}\n{tail}")

    # -- the year ----------------------------------------------------------------------------------
    def year(self) -> None:
        self.open()
        rnd_cuts = random.Random("cuts")
        cut_days = set(rnd_cuts.sample(range(len(self.days)), min(len(self.days), 20))) if self.disturbed else set()
        jump_days = set(rnd_cuts.sample(range(len(self.days)), min(len(self.days), 3))) if self.disturbed else set()
        middle = len(self.days) // 2
        full_day = middle + 1 if self.disturbed and self.engine == "sqlite" else None
        for i, day in enumerate(self.days):
            if day.day <= 7 and day.weekday() == 0 or i == 0:
                self.imports(day, cut=i in cut_days)
            if i == full_day:
                self.store_on_a_small_disk()
            self.serve(day, random.Random(f"day-{day}"), clock_behind=i in jump_days)
            self.night(day, cut=i in cut_days, kind=i % 2)
            if self.disturbed and i == middle:
                self.move_to_new_machine(day)

    def imports(self, day: date, cut: bool) -> None:
        """The month's paper questionnaires and bookings, imported on its first Monday."""
        rnd = random.Random(f"import-{day}")
        self.clock.now = datetime.combine(day, datetime.min.time(), JAKARTA).replace(hour=8)
        skm = self.folder / f"skm-{day}.csv"
        lines = ["date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9"]
        for _ in range(60):
            lines.append(f"{day - timedelta(days=3)},{rnd.choice(SERVICES)}," + ",".join(str(rnd.randint(1, 4))
                                                                                  for _ in range(9)))
        skm.write_text("\n".join(lines) + "\n", encoding="utf-8")
        bookings = self.folder / f"bookings-{day}.csv"
        rows = ["code,nik,service,date,start,end"]
        for k in range(8):
            slot = 9 + k % 5
            rows.append(f"B{day:%m%d}{k:02d},{nik(rnd)},{rnd.choice(SERVICES)},{day + timedelta(days=1 + k % 4)},"
                        f"{slot:02d}:00,{slot:02d}:30")
        bookings.write_text("\n".join(rows) + "\n", encoding="utf-8")
        if cut and self.disturbed:
            self.close()
            self.command("skm", "import", str(skm), cut=random.Random(str(day)))
            self.command("bookings", "import", str(bookings), cut=random.Random(str(day)))
            self.open()
        else:
            self.svc.import_skm_csv(skm)
            self.svc.import_bookings(bookings)

    def serve(self, day: date, rnd: random.Random, clock_behind: bool) -> None:
        """The day's walk-ins, called and served at four counters; a few rated."""
        from kiosk.domain.errors import ServiceClosed

        start = datetime.combine(day, datetime.min.time(), JAKARTA).replace(hour=8)
        morning, afternoon = self.visits * 2 // 3, self.visits - self.visits * 2 // 3
        arrivals = [start + timedelta(minutes=205 * k / max(1, morning)) for k in range(morning)]   # before Friday's 11.30
        after_lunch = start.replace(hour=13, minute=35)
        arrivals += [after_lunch + timedelta(minutes=50 * k / max(1, afternoon)) for k in range(afternoon)]
        free = {c: start for c in COUNTERS}
        served, current = [], {}
        behind = None
        if clock_behind:
            from kiosk.services import open_services

            late = Clock()
            behind = open_services(db_url=self.url, clock=late, config=soak_config())
        for k, at in enumerate(arrivals):
            # the counters free before this arrival call their next
            for counter in COUNTERS:
                while free[counter] <= at:
                    self.clock.now = free[counter]
                    ticket = self.act(self.svc.call_next, counter, previous="done")
                    if current.get(counter) is not None:
                        served.append(current.pop(counter))     # served and finished by that call
                    if ticket is None:
                        free[counter] = at + timedelta(seconds=1)
                        break
                    current[counter] = ticket
                    free[counter] = self.clock.now + timedelta(minutes=rnd.randint(3, 12))
            self.clock.now = at
            person, service = nik(rnd), rnd.choice(SERVICES)
            kiosk, name = (behind, "kiosk-late") if behind is not None and k % 3 == 0 and 10 <= at.hour < 12 else (self.svc, "kiosk-1")
            if kiosk is behind:
                late.now = at - timedelta(minutes=58)        # 10.30 on the wall, 09.32 on this PC
            try:
                self.act(kiosk.issue, person, service, assisted=True, kiosk_id=name)
            except ServiceClosed:                       # not a participant: the information counter
                self.act(kiosk.issue, person, "INFO", assisted=True, kiosk_id=name)
        if behind is not None:
            behind.close()
        for ticket in served[:: 5]:
            self.act(self.svc.rate, ticket.ticket_id, rnd.randint(1, 4))

    def act(self, action, *args, **kwargs):
        """An action of the day; refused once for a full disk, it is done again when there is room."""
        from kiosk.domain.errors import StoreNotReady

        try:
            return action(*args, **kwargs)
        except StoreNotReady as exc:
            if self.small_disk is None or exc.key != "safety.db.disk_full":
                raise
            self.disk_full.append(exc.text("en"))
            subprocess.run(["mount", "-o", "remount,size=1g", str(self.small_disk)], check=True)
            return action(*args, **kwargs)

    def store_on_a_small_disk(self) -> None:
        """The store moves to a disk with a little room left (a tmpfs), as a branch PC's disk
        that fills; skipped with a line where this is not root."""
        if os.geteuid() != 0 or shutil.which("mount") is None:
            print("disk-full day skipped: mounting a small disk needs root", flush=True)
            return
        self.close()
        store = Path(self.url.removeprefix("sqlite:///"))
        disk = self.folder / "small-disk"
        disk.mkdir()
        used = sum(f.stat().st_size for f in store.parent.glob(store.name + "*"))
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={used + 96 * 1024}", "tmpfs", str(disk)], check=True)
        self.small_disk = disk
        for f in store.parent.glob(store.name + "*"):
            shutil.copy2(f, disk / f.name)
        self.url = f"sqlite:///{disk / store.name}"
        self.open()

    def unmount(self) -> None:
        if self.small_disk is not None:
            self.close()
            subprocess.run(["umount", "-l", str(self.small_disk)], check=False)
            self.small_disk = None

    def night(self, day: date, cut: bool, kind: int) -> None:
        """Closing time: the day closed, then the night's backup (a cut in one of them on cut days)."""
        self.clock.now = datetime.combine(day, datetime.min.time(), JAKARTA).replace(hour=19)
        backups = self.folder / "backups"
        if cut:
            self.close()
            if kind:
                self.command("day", "close", "--date", day.isoformat(), cut=random.Random(str(day)))
                self.command("backup", "--to", str(backups))
            else:
                self.command("day", "close", "--date", day.isoformat())
                self.command("backup", "--to", str(backups), cut=random.Random(str(day)))
            self.open()
        else:
            self.svc.close_day(day)
            self.svc.backup(backups)

    def move_to_new_machine(self, day: date) -> None:
        """The PC dies at night: a new one gets the night's backup (with its key) and goes on."""
        from kiosk.app.backup import read_manifest  # noqa: F401 - the backup's own reader decides

        self.close()
        newest = sorted((self.folder / "backups").iterdir())[-1]
        self.url = self._new_store("machine-2") if self.engine == "sqlite" else self.url
        if self.engine != "sqlite":
            os.environ["ANJUNGAN_DATA_DIR"] = str(self.folder / "machine-2")
        self.command("restore", str(newest), "--force")
        self.restored_on = day
        self.open()

    # -- what the year left ------------------------------------------------------------------------
    def facts(self) -> dict:
        from sqlalchemy import text

        with self.svc.database.engine.connect() as conn:
            tickets = sorted(tuple(str(v) for v in r) for r in conn.execute(text(
                "SELECT service_day, number, service, state FROM tickets")))
            events = dict(Counter(r[0] for r in conn.execute(text("SELECT kind FROM events"))))
            ratings = conn.execute(text("SELECT count(*) FROM ratings")).scalar()
            skm = conn.execute(text("SELECT count(*) FROM skm_responses")).scalar()
            bookings = sorted(tuple(str(v) for v in r) for r in conn.execute(text(
                "SELECT code, service, service_day, state FROM bookings")))
        report = json.loads(json.dumps(self.svc.report(self.days[0], self.days[-1]).to_json(), default=str))
        return {"tickets": tickets, "events": events, "ratings": ratings, "skm": skm, "bookings": bookings,
                "report": report}

    def drop(self) -> None:
        self.close()
        if self.schema:
            import psycopg

            with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


def differences(a, b, path="report") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            out += differences(a.get(key), b.get(key), f"{path}.{key}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{path}[{i}]")
        return out
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--visits", type=int, default=400)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="anjungan-year-"))
    runs = []
    try:
        figures = {}
        for name, disturbed in (("control", False), ("disturbed", True)):
            started = time.monotonic()
            run = Run(name, args.engine, folder, disturbed, args.days, args.visits)
            runs.append(run)
            run.year()
            figures[name] = run.facts()
            print(f"{name}: {len(figures[name]['tickets']):,} tickets, {sum(figures[name]['events'].values()):,} "
                  f"events, {figures[name]['ratings']:,} ratings, {figures[name]['skm']:,} questionnaires, "
                  f"{len(figures[name]['bookings']):,} bookings in {time.monotonic() - started:.0f} s"
                  + (f"; cuts {dict(run.cuts)}, restored on a new machine after {run.restored_on}" if disturbed else "")
                  + (f"; disk full {len(run.disk_full)}× ({run.disk_full[0]})" if run.disk_full else ""),
                  flush=True)
            run.close()
        control, disturbed = figures["control"], figures["disturbed"]
        lost = {
            "tickets": len(set(control["tickets"]) ^ set(disturbed["tickets"])),
            "duplicate tickets": len(disturbed["tickets"]) - len(set(disturbed["tickets"])),
            "events": sum((Counter(control["events"]) - Counter(disturbed["events"])).values())
            + sum((Counter(disturbed["events"]) - Counter(control["events"])).values()),
            "ratings": abs(control["ratings"] - disturbed["ratings"]),
            "questionnaires": abs(control["skm"] - disturbed["skm"]),
            "bookings": len(set(control["bookings"]) ^ set(disturbed["bookings"])),
        }
        report = differences(control["report"], disturbed["report"])
        print("lost or doubled:", json.dumps(lost), flush=True)
        print(f"year report: {'identical' if not report else f'{len(report)} figures differ'}", flush=True)
        for line in report[:20]:
            print("  ", line)
        return 1 if any(lost.values()) else 0
    finally:
        for run in runs:
            run.unmount()
            run.drop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
