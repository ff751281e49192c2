"""Shared by the event, counter and display tests: tickets, a second process, waiting."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = "2026-11-23T09:00:00+07:00"
NIKS = ("3171011708450001", "3171012902001234", "7105100607610439", "3171015708450001")


def issue(svc, *codes: str, nik: str | None = "3171012902001234"):
    """Issue one ticket per service code (staff-assisted, so no eligibility rule refuses it)."""
    return [svc.issue(nik, code, assisted=True) for code in codes]


def anjungan(*args: str, db: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the `anjungan` command in another process, on the same database."""
    full_env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", "--db", db, *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def anjungan_json(*args: str, db: str) -> dict:
    done = anjungan(*args, "--json", db=db)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.02) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        time.sleep(interval)


def terminate_backend(pg_url: str, pid: int) -> None:
    import psycopg

    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
