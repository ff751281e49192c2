"""`anjungan web`, `token`, `bookings` and `check-in` from the command line, in other processes."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date

import httpx

from kiosk.domain.nik import make_nik
from tests.events.helpers import MONDAY_9, ROOT, anjungan
from tests.conftest import made_sqlite

NIK = make_nik("31", "71", "01", date(1990, 3, 14), "F", 4001)


def _json(done):
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_tokens_are_made_listed_and_revoked(tmp_path):
    db = made_sqlite(tmp_path / "cli.sqlite")
    made = _json(anjungan("token", "create", "--role", "counter", "--name", "Loket 3", "--json", db=db))
    assert made["role"] == "counter" and made["token"].startswith("anj_")
    listed = _json(anjungan("token", "list", "--json", db=db))
    assert [t["name"] for t in listed["tokens"]] == ["Loket 3"] and "token" not in listed["tokens"][0]
    assert made["token"] not in anjungan("token", "list", db=db).stdout
    assert _json(anjungan("token", "revoke", "Loket 3", "--json", db=db)) == {"revoked": 1}
    bad = anjungan("token", "create", "--role", "janitor", "--name", "x", db=db)
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    gone = anjungan("token", "revoke", "99", db=db)
    assert gone.returncode == 1 and "tidak ditemukan" in gone.stderr


def test_bookings_import_reports_bad_rows_by_line_then_check_in(tmp_path):
    db = made_sqlite(tmp_path / "cli.sqlite")
    csv = tmp_path / "bookings.csv"
    csv.write_text("code,nik,service,date,start,end,source\n"
                   f"LPK-1,{NIK},INFO,2026-11-23,09.00,09.30,Lapak Asik\n"
                   f"LPK-2,{NIK},INFO,2026-11-31,09.00,09.30,Lapak Asik\n", encoding="utf-8")
    doc = _json(anjungan("bookings", "import", str(csv), "--json", db=db))
    assert (doc["imported"], doc["rejected"]) == (1, 1) and doc["errors"][0]["line"] == 3
    assert NIK not in json.dumps(doc)
    text = anjungan("bookings", "import", str(csv), db=db)           # the same file: counted once, said so
    assert text.returncode == 0 and "sudah diimpor" in text.stdout and "(1 dari 2 baris disimpan)" in text.stdout
    csv.write_text(csv.read_text(encoding="utf-8").replace("09.30,Lapak Asik\nLPK-2", "09.45,Lapak Asik\nLPK-2"),
                   encoding="utf-8")
    text = anjungan("bookings", "import", str(csv), db=db)           # a changed file: its rows again
    assert text.returncode == 0 and "1 diperbarui" in text.stdout and "baris 3" in text.stdout
    listed = _json(anjungan("bookings", "list", "--date", "2026-11-23", "--json", db=db))
    assert [b["code"] for b in listed["bookings"]] == ["LPK-1"]
    checked = _json(anjungan("check-in", "LPK-1", "--json", db=db))
    assert checked["outcome"] == "checked_in" and checked["ticket"]["number"] == "A-001"
    assert checked["ticket"]["ref"] and checked["booking"]["state"] == "checked_in"
    again = anjungan("check-in", NIK, db=db)
    assert again.returncode == 0 and "A-001" in again.stdout
    missing = anjungan("check-in", "NOPE-1", db=db)
    assert missing.returncode == 1 and "NOPE-1" in missing.stderr and "Traceback" not in missing.stderr
    unreadable = anjungan("bookings", "import", str(tmp_path / "none.csv"), db=db)
    assert unreadable.returncode == 1 and "Traceback" not in unreadable.stderr


def test_issue_json_gains_the_reference_and_the_status_address(tmp_path):
    db = made_sqlite(tmp_path / "cli.sqlite")
    config = tmp_path / "branch.toml"
    config.write_text(f'extends = "{ROOT / "config" / "default.toml"}"\n[web]\npublic_url = "http://10.0.0.5:8080/"\n',
                      encoding="utf-8")
    doc = _json(anjungan("--config", str(config), "issue", "--nik", NIK, "--service", "INFO", "--json", db=db))
    assert doc["status_url"] == f"http://10.0.0.5:8080/t/{doc['ref']}"
    plain = _json(anjungan("issue", "--nik", make_nik("31", "71", "01", date(1990, 3, 14), "F", 4002),
                           "--service", "INFO", "--json", db=db))
    assert plain["ref"] and "status_url" not in plain


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_web_command_serves_and_stops_on_sigterm(tmp_path):
    db = made_sqlite(tmp_path / "cli.sqlite")
    port = _free_port()
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    child = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", db, "web", "--port", str(port)], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert f"http://127.0.0.1:{port}" in child.stdout.readline()
        end = time.monotonic() + 20
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()["ok"]
                break
            except httpx.HTTPError:
                assert time.monotonic() < end
                time.sleep(0.1)
        busy = anjungan("web", "--port", str(port), db=db)
        assert busy.returncode == 1 and "sudah dipakai" in busy.stderr and "Traceback" not in busy.stderr
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["info"]["title"].startswith("Anjungan")
    finally:
        child.send_signal(signal.SIGTERM)
        assert child.wait(15) == 0


def test_the_booking_and_token_commands_load_neither_qt_nor_the_web_libraries():
    code = ("import sys, kiosk.cli as c; c.build_parser(); "
            "print(any(m.startswith(('PySide6', 'fastapi', 'uvicorn')) for m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
