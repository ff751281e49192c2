"""`anjungan report | rate | skm import | start`: the JSON contract, the files, one-sentence failures,
and no Qt for commands without a window (PDF aside)."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from kiosk.cli import main
from tests.events.helpers import MONDAY_9, ROOT

YOUNG = "3171012902001234"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9)
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def call(*args: str):
        code = main(["--db", db, *args])
        out, err = capsys.readouterr()
        return code, out, err

    call.db = db
    return call


def test_rate_start_report_json_and_files(run, tmp_path):
    code, out, _ = run("issue", "--nik", YOUNG, "--service", "INFO", "--json")
    ticket = json.loads(out)
    run("call", "--counter", "1", "--json")
    code, out, _ = run("start", "--counter", "1", "--json")
    assert code == 0 and json.loads(out)["ticket"]["state"] == "serving"
    run("finish", "--counter", "1", "--json")
    code, out, _ = run("rate", ticket["ticket_id"], "--score", "4", "--json")
    assert code == 0 and json.loads(out) == {"ticket_id": ticket["ticket_id"], "number": "A-001", "service": "INFO",
                                             "counter": 1, "score": 4, "word": "Sangat baik", "word_en": "Very good"}
    paper = tmp_path / "skm.csv"
    paper.write_text("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-11-23,INFO,4,3,3,4,3,4,4,3,3\n"
                     "2026-11-23,INFO,4,3,3,4,3,4,4,3,x\n", encoding="utf-8")
    code, out, _ = run("skm", "import", str(paper), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["imported"] == 1 and doc["errors"][0]["line"] == 3
    code, out, _ = run("report", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and (doc["from"], doc["to"]) == ("2026-11-23", "2026-11-23")
    assert doc["ikm"] == {"value": 86.11, "grade": "B", "respondents": 1, "elements": [
        {"element": f"u{i}", "nrr": v} for i, v in zip(range(1, 10), (4, 3, 3, 4, 3, 4, 4, 3, 3))]}
    (info,) = [s for s in doc["services"] if s["service"] == "INFO"]
    for key in ("service", "arrivals", "served", "no_show", "wait_p50_min", "wait_p90_min", "service_p50_min",
                "service_level_pct"):
        assert key in info, key
    assert (info["arrivals"], info["served"], info["service_level_pct"]) == (1, 1, 100.0)
    assert doc["counters"][0]["counter"] == 1 and doc["hours"][0]["hour"] == 9
    assert doc["ratings"]["index"] == 100.0
    code, out, _ = run("report", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "csv", "--lang", "en")
    lines = out.splitlines()
    assert lines[0].startswith("Table,Group,Weekday,Arrivals,Served,No-shows")
    assert any(line.startswith("Per service,INFO,") for line in lines)
    xlsx = tmp_path / "nov.xlsx"
    code, out, _ = run("report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "xlsx", "--out", str(xlsx))
    assert code == 0 and str(xlsx) in out and zipfile.is_zipfile(xlsx)


def test_failures_are_one_sentence(run):
    code, _, err = run("rate", "NOSUCH", "--score", "3")
    assert code == 1 and err.startswith("anjungan: Tiket NOSUCH tidak ditemukan")
    code, _, err = run("rate", "NOSUCH", "--score", "9")
    assert code == 1 and "1, 2, 3 atau 4" in err
    code, _, err = run("report", "--from", "2026-11-30", "--to", "2026-11-01", "--format", "json")
    assert code == 1 and "sesudah tanggal akhir" in err
    code, _, err = run("report", "--from", "30/11/2026", "--format", "json")
    assert code == 1 and "--from harus tanggal" in err
    code, _, err = run("skm", "import", "/no/such/file.csv")
    assert code == 1 and "tidak ditemukan" in err


def test_report_commands_need_no_qt_and_the_pdf_is_written(tmp_path):
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    script = ("import sys; from kiosk.cli import main; code = main(['--db', %r, 'report', '--format', 'json',"
              " '--out', %r]); print('PySide6' in sys.modules); sys.exit(code)") % (db, str(tmp_path / "r.json"))
    env = {"ANJUNGAN_NOW": MONDAY_9, "PATH": "/usr/bin:/bin", "ANJUNGAN_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("False")
    pdf = tmp_path / "r.pdf"
    done = subprocess.run([sys.executable, "-m", "kiosk", "--db", db, "report", "--format", "pdf", "--out", str(pdf)],
                          cwd=ROOT, env={**env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and "Traceback" not in done.stderr
