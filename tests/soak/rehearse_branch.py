"""A branch brought up by `docs/deploy.md`'s commands, sections 3 to 5, on this PC: a database of
its own on the local PostgreSQL, its roles, and two kiosks, three counters, a display, a rating
screen, the web service and the SMS notifier (with gammu-smsd on a dummy phone), each with its own
data folder, configuration (`anjungan init`), copy of the NIK key where it needs one and
least-privilege role; `anjungan doctor` for each; then the day's work, each step done as the
machine that does it: tickets from both kiosks, an SMS opt-in and its "almost your turn", calls
and a rating at the counters, the hall display's feed, the phone page and the API through the web
service, the report.

    .venv/bin/python -m tests.soak.rehearse_branch [--keep]

Prints each step, its time and its outcome; exits 1 at the first step that fails. Not part of
`./run test` (about a minute). Windows run as their command-line twins (`issue`, `call`, `watch`),
since this PC has one screen; `tests/ui` drives the windows themselves.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from kiosk.store.access_matrix import ROLES
from tests.notify.dummy_smsd import start_dummy_smsd

ROOT = Path(__file__).resolve().parents[2]

PG = os.environ.get("ANJUNGAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = "2026-11-23T09:00:00+07:00"            # a Monday morning, the office open
MACHINES = {"kiosk-1": ("kiosk", None), "kiosk-2": ("kiosk", None), "counter-1": ("counter", 1),
            "counter-2": ("counter", 2), "counter-3": ("counter", 3), "display": ("display", None),
            "rating-1": ("rating", 1), "web": ("web", None), "notifier": ("notifier", None)}
ROLE_OF = {"kiosk": "kiosk", "counter": "counter", "display": "display", "rating": "counter", "web": "web",
           "notifier": "notifier"}
SMS_MACHINES = ("kiosk", "notifier")        # the kiosk takes an opt-in, the notifier sends


class Branch:
    def __init__(self, work: Path):
        self.work = work
        self.db = f"anj_rehearsal_{uuid.uuid4().hex[:8]}"
        self.prefix = f"r{uuid.uuid4().hex[:6]}"
        self.server = PG.rsplit("/", 1)[0]                 # postgresql+psycopg://postgres@127.0.0.1:5432
        self.owner_url = f"{self.server}/{self.db}"
        self.steps: list[tuple[str, float, str]] = []
        self.smsd = None                                    # the server's gammu-smsd, once started

    def url(self, role: str) -> str:
        host = self.server.split("@", 1)[1]
        return f"postgresql+psycopg://{self.prefix}_{role}@{host}/{self.db}"

    def anjungan(self, *args: str, machine: str | None = None, db: str | None = None, expect: int = 0,
                 stdin: str | None = None, env: dict | None = None) -> str:
        folder = self.work / (machine or "setup")
        folder.mkdir(exist_ok=True)
        full = {**os.environ, "ANJUNGAN_DATA_DIR": str(folder), "ANJUNGAN_NOW": NOW, **(env or {})}
        full.pop("ANJUNGAN_CONFIG", None)
        if machine is not None and db is None:
            full["ANJUNGAN_CONFIG"] = str(folder / "branch.toml")
        argv = [sys.executable, "-m", "kiosk", *(["--db", db] if db else []), *args]
        done = subprocess.run(argv, capture_output=True, text=True, input=stdin, env=full, cwd=self.work,
                              timeout=120)
        if done.returncode != expect:
            raise AssertionError(f"anjungan {' '.join(args)} as {machine or 'setup'}: exit {done.returncode}"
                                 f" (wanted {expect}): {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def step(self, name: str, work) -> object:
        started = time.monotonic()
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - the rehearsal says what failed and stops
            self.steps.append((name, time.monotonic() - started, f"FAILED: {exc}"))
            raise
        self.steps.append((name, time.monotonic() - started, "ok"))
        print(f"  {name:<62} {time.monotonic() - started:6.2f} s  ok", flush=True)
        return result


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(sql)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def rehearse(b: Branch) -> None:
    # -- 3. the server: schema, roles, PINs, the NIK key --------------------------------------
    b.step("createdb", lambda: _psql(f'CREATE DATABASE "{b.db}"'))
    b.step("db upgrade (superuser)", lambda: b.anjungan("db", "upgrade", db=b.owner_url))
    b.step("db roles", lambda: b.anjungan("db", "roles", "--prefix", b.prefix, db=b.owner_url))
    for role, pin in (("staff", "4826"), ("admin", "7391")):
        b.step(f"staff set-pin --role {role}", lambda role=role, pin=pin: b.anjungan(
            "staff", "set-pin", "--role", role, "--pin-from-env", db=b.owner_url, env={"ANJUNGAN_NEW_PIN": pin}))
    b.step("participants demo (owner)", lambda: b.anjungan("participants", "demo", "--count", "200",
                                                           db=b.owner_url))
    key = b.work / "setup" / "nik.key"
    assert key.exists(), "db upgrade made no NIK key"

    # -- 4. each machine: configuration, key, doctor ------------------------------------------
    port = _free_port()
    smsdrc, b.smsd = start_dummy_smsd(b.work / "gammu")       # the server's gammu-smsd, a dummy phone
    for machine, (kind, _counter) in MACHINES.items():
        folder = b.work / machine
        folder.mkdir(exist_ok=True)
        printer = f"preview://{folder / 'tickets'}" if kind == "kiosk" else "dummy://"
        b.step(f"init {machine}", lambda machine=machine, kind=kind, folder=folder, printer=printer: b.anjungan(
            "init", str(folder / "branch.toml"), "--template", "default", "--branch-name", "KC Latihan",
            "--counters", "3", "--printer", printer, "--db", b.url(ROLE_OF[kind]), machine=machine))
        with open(folder / "branch.toml", "a", encoding="utf-8") as f:      # as deploy.md appends it
            f.write(f'\n[web]\n{"port = " + str(port) + chr(10) if kind == "web" else ""}'
                    f'public_url = "http://127.0.0.1:{port}"\n')
            if kind in SMS_MACHINES:
                f.write(f'\n[sms]\nenabled = true\nsmsdrc = "{smsdrc}"\nnotify_when_ahead = 1\n')
        if kind in ("kiosk", "counter", "web", "rating"):
            shutil.copy(key, folder / "nik.key")
            os.chmod(folder / "nik.key", 0o600)
        b.step(f"config check {machine}", lambda folder=folder: b.anjungan("config", "check",
                                                                           str(folder / "branch.toml")))
        doc = json.loads(_doctor(b, machine, kind))
        role = next(c for c in doc["checks"] if c["name"] == "role")
        assert role["level"] == "ok", f"{machine}: {role['message']}"
        others = [f"{c['name']}: {c['level']}" for c in doc["checks"] if c["level"] != "ok"]
        print(f"      {machine}: role ok; {', '.join(others) or 'every other check ok'}", flush=True)

    # -- 5. the day: each step as its machine -------------------------------------------------
    web_env = {**os.environ, "ANJUNGAN_DATA_DIR": str(b.work / "web"), "ANJUNGAN_NOW": NOW,
               "ANJUNGAN_CONFIG": str(b.work / "web" / "branch.toml")}
    web = subprocess.Popen([sys.executable, "-m", "kiosk", "web", "--host", "127.0.0.1", "--port", str(port)],
                           env=web_env, cwd=b.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        def healthy() -> None:
            end = time.monotonic() + 30
            while time.monotonic() < end:
                try:
                    status, body = _get(f"http://127.0.0.1:{port}/healthz")
                    if status == 200:
                        return
                except OSError:
                    pass
                time.sleep(0.2)
            raise AssertionError("the web service did not answer /healthz in 30 s")

        b.step("web service (role web): /healthz from a real read", healthy)
        niks = _demo_niks(b)
        first = b.step("kiosk-1 issues a ticket (role kiosk)", lambda: json.loads(b.anjungan(
            "issue", "--nik", niks[0], "--service", "INFO", "--json", machine="kiosk-1")))
        b.step("kiosk-2 issues a ticket (role kiosk)", lambda: json.loads(b.anjungan(
            "issue", "--nik", niks[1], "--service", "INFO", "--json", machine="kiosk-2")))
        called = b.step("counter-1 calls (role counter)", lambda: json.loads(b.anjungan(
            "call", "--counter", "1", "--json", machine="counter-1")))
        assert called["ticket"]["number"] == first["number"], called
        b.step("kiosk-1 takes an SMS opt-in with a ticket (role kiosk)", lambda: b.anjungan(
            "issue", "--nik", niks[2], "--service", "INFO", "--sms", "0812-3456-7890", "--json", machine="kiosk-1"))
        b.step("notifier: almost her turn, through gammu-smsd (role notifier)", lambda: _sms(b, smsdrc))
        b.step("display follows the feed (role display)", lambda: b.anjungan(
            "watch", "--json", "--from-start", "--count", "1", machine="display"))
        b.step("counter-1 finishes", lambda: b.anjungan("finish", "--counter", "1", "--json", machine="counter-1"))
        b.step("rating-1 rates the visit (role counter)", lambda: b.anjungan(
            "rate", first["ticket_id"], "--score", "4", "--json", machine="rating-1"))
        b.step("phone page of kiosk-2's ticket through the web service", lambda: _phone(b, port, niks[1]))
        b.step("report (owner: the head of service's PC)", lambda: b.anjungan(
            "report", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "json", db=b.owner_url))
    finally:
        web.terminate()
        web.wait(timeout=10)


def _doctor(b: Branch, machine: str, kind: str) -> str:
    folder = b.work / machine
    env = {**os.environ, "ANJUNGAN_DATA_DIR": str(folder), "ANJUNGAN_NOW": NOW,
           "ANJUNGAN_CONFIG": str(folder / "branch.toml")}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--machine", kind, "--json"],
                          capture_output=True, text=True, env=env, cwd=b.work, timeout=120)
    print(f"  {'doctor ' + machine:<62} {time.monotonic() - started:6.2f} s  exit {done.returncode}", flush=True)
    return done.stdout


def _demo_niks(b: Branch) -> list[str]:
    from datetime import date

    from kiosk.directory.demo import demo_rows

    return [r.nik for r in demo_rows(200, seed=2026, today=date(2026, 11, 23))][:3]


def _sms(b: Branch, smsdrc: Path) -> None:
    said = json.loads(b.anjungan("notifier", "--once", "--json", machine="notifier"))
    assert said["kind"] == "ahead" and said["phone"].endswith("890") and "3456" not in said["phone"], said
    sent = smsdrc.parent / "sent"
    end = time.monotonic() + 20
    while not any(sent.iterdir()):
        assert time.monotonic() < end, "gammu-smsd sent nothing in 20 s"
        time.sleep(0.2)


def _phone(b: Branch, port: int, nik: str) -> None:
    doc = json.loads(b.anjungan("issue", "--nik", nik, "--service", "INFO", "--json", machine="kiosk-2"))
    assert doc["existing"], doc                                  # the NIK holds it already
    status, body = _get(doc["status_url"] + "/state")
    assert status == 200 and json.loads(body)["number"] == doc["number"], (status, body[:200])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the database, roles and folders afterwards")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="anjungan-rehearsal-"))
    branch = Branch(work)
    started = time.monotonic()
    print(f"rehearsal of docs/deploy.md in {work}, database {branch.db}, roles {branch.prefix}_*", flush=True)
    ok = True
    try:
        rehearse(branch)
    except Exception as exc:  # noqa: BLE001 - said, then the exit status
        print(f"FAILED: {exc}", flush=True)
        ok = False
    finally:
        if branch.smsd is not None:
            branch.smsd.terminate()
            branch.smsd.wait(timeout=10)
        if not args.keep:
            _psql(f'DROP DATABASE IF EXISTS "{branch.db}" WITH (FORCE)')
            for kind in ROLES:
                _psql(f'DROP ROLE IF EXISTS "{branch.prefix}_{kind}"')
            shutil.rmtree(work, ignore_errors=True)
    print(f"{'done' if ok else 'stopped'} in {time.monotonic() - started:.1f} s: "
          f"{sum(1 for s in branch.steps if s[2] == 'ok')} steps ok", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
