"""The `anjungan` command as an IT officer scripts it: JSON on stdout, one sentence on failure."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = "2026-11-23T09:00:00+07:00"


def run(*args: str, db: str, expect: int = 0, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--db", db, *args], capture_output=True, text=True,
                          cwd=ROOT, env=full_env, timeout=120)
    assert proc.returncode == expect, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def made_store(tmp_path: Path) -> str:
    """A SQLite store made as a branch makes one (`db upgrade`; no other command makes a store)."""
    from kiosk.services import open_services

    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    open_services(db_url=db).close()
    return db


@pytest.fixture
def cli_db(db_url):
    run("db", "upgrade", db=db_url)
    return db_url


def test_a_morning_from_the_command_line(cli_db):
    check = json.loads(run("check", "3171011708450001", "--json", db=cli_db).stdout)
    assert check["nik_valid"] and check["nik"]["sex"] == "M"
    assert {"service", "route", "reason", "documents", "priority"} <= set(check["options"][0])
    issued = [json.loads(run("issue", "--nik", nik, "--service", "INFO", "--json", db=cli_db).stdout)
              for nik in ("3171012902001234", "3171012902000007")]          # two people
    assert [t["number"] for t in issued] == ["A-001", "A-002"]
    assert issued[1]["ahead"] == 1 and issued[0]["service_day"] == "2026-11-23" and issued[0]["print"] is None
    called = json.loads(run("call", "--counter", "1", "--json", db=cli_db).stdout)["ticket"]
    assert called["number"] == "A-001" and called["state"] == "called" and called["counter"] == 1
    assert json.loads(run("recall", "--counter", "1", "--json", db=cli_db).stdout)["ticket"]["call_count"] == 2
    assert json.loads(run("finish", "--counter", "1", "--json", db=cli_db).stdout)["ticket"]["state"] == "done"
    status = json.loads(run("status", "--json", db=cli_db).stdout)
    info = next(s for s in status["services"] if s["service"] == "INFO")
    assert info["waiting"] == 1
    assert status["last_calls"][0]["number"] == "A-001"
    assert json.loads(run("skip", "--counter", "1", "--json", db=cli_db).stdout) == {"ticket": None}


def test_transfer_and_priority_from_the_command_line(cli_db):
    run("issue", "--nik", "3171012902001234", "--service", "INFO", "--priority", "disabilitas", "--assisted",
        "--json", db=cli_db)
    run("call", "--counter", "1", "--json", db=cli_db)
    moved = json.loads(run("transfer", "--counter", "1", "--to", "ADUAN", "--reason", "keluhan", "--json",
                           db=cli_db).stdout)["ticket"]
    assert moved["number"] == "A-001" and moved["service"] == "ADUAN" and moved["priority"]


@pytest.mark.parametrize("args, words", [
    (("issue", "--nik", "3171013002001234", "--service", "INFO", "--json"), "tanggal"),
    (("issue", "--nik", "3171012902001234", "--service", "NOPE", "--json"), "tidak ada di kantor ini"),
    (("call", "--counter", "42", "--json"), "Loket 42 tidak ada"),
    (("ticket", "reprint", "NOSUCHTICKET"), "tidak ditemukan"),
    (("participants", "import", "/nonexistent.csv"), "tidak ditemukan"),
])
def test_user_errors_are_one_sentence_and_non_zero(tmp_path, args, words):
    db = made_store(tmp_path)
    proc = run(*args, db=db, expect=1)
    assert words in proc.stderr and proc.stderr.count("\n") == 1 and proc.stdout == ""


def test_closed_office_says_when_it_opens(tmp_path):
    db = made_store(tmp_path)
    proc = run("issue", "--nik", "3171012902001234", "--service", "INFO", db=db, expect=1,
               env={"ANJUNGAN_NOW": "2026-11-22T10:00:00+07:00"})
    assert "Senin" in proc.stderr


def test_broken_config_names_file_key_and_reason(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text((ROOT / "config" / "default.toml").read_text().replace('letter = "A"', 'letter = "AA"', 1))
    proc = subprocess.run([sys.executable, "-m", "kiosk", "--config", str(bad), "status"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "bad.toml" in proc.stderr and "letter" in proc.stderr


def test_unreachable_database_is_a_sentence(tmp_path):
    proc = run("status", db="postgresql+psycopg://nobody@127.0.0.1:1/none", expect=3)
    assert "Tidak ada yang menjawab di 127.0.0.1 port 1" in proc.stderr       # what is wrong, and what to check


def test_csv_import_reports_bad_rows_and_keeps_good_ones(tmp_path):
    db = made_store(tmp_path)
    csv = tmp_path / "peserta.csv"
    csv.write_text("nik,name,status,segment,programs\n"
                   "3171011708450001,Budi Santoso,active,PU,JHT;JKK;JKM;JP\n"
                   "3171013002001234,Salah Tanggal,active,PU,JHT\n"
                   "7105100607610439,Siti Aminah,unpaid,BPU,JHT;JKK\n")
    report = json.loads(run("participants", "import", str(csv), "--json", db=db).stdout)
    assert report["imported"] == 2 and report["rejected"] == 1 and report["errors"][0]["line"] == 3
    assert "3171013002001234" not in json.dumps(report)
    again = json.loads(run("participants", "import", str(csv), "--json", db=db).stdout)
    assert again["imported"] == 0 and again["already_imported"]["kept"] == 2      # the same file: counted once
    check = json.loads(run("check", "7105100607610439", "--json", db=db).stdout)
    assert check["participant"]["found"] and check["participant"]["status"] == "unpaid"
    assert "Siti" not in json.dumps(check)


def test_queue_commands_do_not_load_qt():
    code = ("import sys; from kiosk.cli import main; main(['--help']) if False else None; "
            "import kiosk.cli.queue, kiosk.cli.participants, kiosk.services; "
            "print('PySide6' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.stdout.strip() == "False", proc.stderr


def test_check_of_a_wrong_nik_answers_in_json_and_says_why_on_stderr(tmp_path):
    db = made_store(tmp_path)
    proc = run("check", "3171018101900001", "--json", db=db, expect=1)
    doc = json.loads(proc.stdout)
    assert doc["nik_valid"] is False and doc["options"] == [] and doc["error"] in proc.stderr
