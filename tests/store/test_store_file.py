"""The SQLite file removed or replaced under a running service: refused in one sentence, nothing
written into a deleted file, and no command but `db upgrade` (and the demo) makes a store.

Before: after `rm`, the web service issued 4 more tickets into the deleted file, and the next
command silently made an empty database ("no ticket" with 7 waiting)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.domain import errors
from kiosk.store import store_file
from tests.conftest import fresh_nik

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = "2026-11-23T09:00:00+07:00"


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def one_sentence(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_a_removed_file_is_refused_and_never_made_again(make_services, tmp_path):
    path = tmp_path / "anjungan.sqlite"
    svc = make_services(f"sqlite:///{path}")
    svc.issue(fresh_nik(), "INFO")
    path.unlink()                                          # `rm anjungan.sqlite` while the service runs
    with pytest.raises(errors.StoreNotReady) as refused:
        svc.issue(fresh_nik(), "INFO")
    assert refused.value.key == "backup.store.gone" and str(path) in str(refused.value)
    assert "removed" in refused.value.message_en
    with pytest.raises(errors.StoreNotReady):
        svc.call_next(1)
    assert not path.exists()                               # nothing made in its place

    done = cli("--db", f"sqlite:///{path}", "call", "--counter", "1")
    assert done.returncode == errors.StoreNotReady.exit_status
    assert "db upgrade" in one_sentence(done) and not path.exists()


def test_a_replaced_file_is_refused_until_the_process_starts_again(make_services, tmp_path):
    path = tmp_path / "anjungan.sqlite"
    svc = make_services(f"sqlite:///{path}")
    svc.issue(fresh_nik(), "INFO")
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(path, copy)
    os.replace(copy, path)                                 # an IT officer copies another file over it
    with pytest.raises(errors.StoreNotReady) as refused:
        svc.issue(fresh_nik(), "INFO")
    assert refused.value.key == "backup.store.replaced"
    assert "replaced" in refused.value.message_en and "restart" in refused.value.message_en


@pytest.mark.parametrize("command", [("status",), ("call", "--counter", "1"), ("doctor",)])
def test_no_command_but_db_upgrade_makes_a_store(tmp_path, command):
    path = tmp_path / "anjungan.sqlite"
    done = cli("--db", f"sqlite:///{path}", *command)
    assert done.returncode != 0 and not path.exists()
    made = cli("--db", f"sqlite:///{path}", "db", "upgrade")
    assert made.returncode == 0 and path.exists()


def test_the_file_check_costs_a_stat(tmp_path):
    """Run once per unit of work: measured here, a few microseconds (the figure is printed)."""
    path = tmp_path / "f.sqlite"
    path.write_bytes(b"")
    known = store_file.identity(path)
    assert known is not None
    rounds = 20000
    started = time.perf_counter()
    for _ in range(rounds):
        store_file.check(path, known)
    each_us = (time.perf_counter() - started) / rounds * 1e6
    print(f"store file check: {each_us:.2f} µs per unit of work")
    assert each_us < 50


def test_the_web_service_refuses_to_issue_into_a_removed_file(make_services, tmp_path):
    """Before: after `rm`, the web service issued 4 more tickets into the deleted file."""
    import httpx

    from kiosk.web.server import BackgroundServer

    path = tmp_path / "queue.sqlite"
    svc = make_services(f"sqlite:///{path}")
    token = svc.create_token("kiosk", "kiosk-1")[0]
    with BackgroundServer(svc) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        issue = {"nik": fresh_nik(), "service": "INFO"}
        auth = {"Authorization": f"Bearer {token}"}
        assert http.post("/api/v1/tickets", json=issue, headers=auth).status_code == 201
        path.unlink()
        for _ in range(4):
            refused = http.post("/api/v1/tickets", json={"nik": fresh_nik(), "service": "INFO"}, headers=auth)
            assert refused.status_code == 503 and refused.json()["code"] == "backup.store.gone", refused.text
            assert refused.json()["error"].count(".") >= 1 and "Traceback" not in refused.text
    assert not path.exists()
