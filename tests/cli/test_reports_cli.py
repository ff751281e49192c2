"""`anjungan report | rate | skm import | start`: the JSON contract, the files, one-sentence failures,
and no Qt for commands without a window (PDF aside)."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from kiosk.cli import main
from tests.conftest import fresh_nik, made_sqlite
from tests.events.helpers import MONDAY_9, ROOT

YOUNG = "3171012902001234"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9)
    db = made_sqlite(tmp_path / "cli.sqlite")

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


def _sheet(book, name: str) -> list[tuple]:
    return [row for row in book[name].iter_rows(values_only=True)]


def _by_heading(rows: list[tuple], key_col: int = 0) -> dict:
    """A table sheet as {first cell: {heading: value}}."""
    head = rows[0]
    return {row[key_col]: dict(zip(head, row)) for row in rows[1:] if row[key_col] is not None}


def test_the_excel_report_reads_back_with_the_figures_a_head_of_service_checks(run, tmp_path, monkeypatch):
    """Four INFO tickets and one complaint: two served at counter 1 (one rated 4), one skipped, the
    rest still waiting. The workbook read back holds its sheets, its headings and those figures."""
    import openpyxl

    tickets = [json.loads(run("issue", "--nik", fresh_nik(), "--service", "INFO", "--json")[1]) for _ in range(4)]
    complaint = json.loads(run("issue", "--nik", fresh_nik(), "--service", "ADUAN", "--json")[1])
    assert complaint["service"] == "ADUAN"
    served = []
    for _ in range(2):
        called = json.loads(run("call", "--counter", "1", "--json")[1])["ticket"]
        run("start", "--counter", "1", "--json")
        run("finish", "--counter", "1", "--json")
        served.append(called["ticket_id"])
    run("call", "--counter", "1", "--json")
    run("recall", "--counter", "1", "--json")
    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9.replace("09:00", "09:02"))     # after the no-show's grace
    assert run("skip", "--counter", "1", "--json")[0] == 0
    assert run("rate", served[0], "--score", "4", "--json")[0] == 0
    xlsx = tmp_path / "laporan.xlsx"
    code, out, _ = run("report", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "xlsx", "--out", str(xlsx))
    assert code == 0 and str(xlsx) in out
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames == ["Ringkasan", "Per hari", "Per bulan", "Per layanan", "Per loket", "Per jam",
                               "Hari x jam", "IKM", "Per petugas"]
    summary = {row[0]: row[1] for row in _sheet(book, "Ringkasan")[8:] if row and row[0]}
    assert (summary["Kedatangan"], summary["Selesai dilayani"], summary["Tidak hadir"]) == (5, 2, 1)
    services = _sheet(book, "Per layanan")
    assert services[0][:4] == ("Layanan", "Nama layanan", "Target tunggu (mnt)", "Kedatangan")
    per_service = _by_heading(services)
    # tickets per service equal the tickets issued
    issued = {}
    for t in [*tickets, complaint]:
        issued[t["service"]] = issued.get(t["service"], 0) + 1
    assert {code: row["Kedatangan"] for code, row in per_service.items()} == issued == {"INFO": 4, "ADUAN": 1}
    assert per_service["INFO"]["Selesai dilayani"] == 2 and per_service["INFO"]["Tidak hadir"] == 1
    assert per_service["INFO"]["Nama layanan"] == "Informasi & Kepesertaan"
    assert per_service["INFO"]["Jumlah rating"] == 1
    counters = _by_heading(_sheet(book, "Per loket"))
    assert counters[1]["Selesai dilayani"] == 2 and counters[1]["Panggilan"] == 4
    officers = _by_heading(_sheet(book, "Per petugas"))
    assert officers[1]["Selesai dilayani"] == 2 and officers[1]["Petugas"] is None      # no names by default
    hours = _by_heading(_sheet(book, "Per jam"))
    assert sum(row["Kedatangan"] for row in hours.values()) == 5
    days = _by_heading(_sheet(book, "Per hari"))
    (day,) = days.values()
    assert day["Hari"] == "Senin" and day["Kedatangan"] == 5
    # the same workbook in English: sheets and headings from the one heading map
    english = tmp_path / "report.xlsx"
    run("report", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "xlsx", "--lang", "en", "--out",
        str(english))
    book = openpyxl.load_workbook(english, read_only=True)
    assert book.sheetnames[:4] == ["Summary", "Per day", "Per month", "Per service"]
    per_service = _by_heading(_sheet(book, "Per service"))
    assert per_service["INFO"]["Arrivals"] == 4 and per_service["INFO"]["Served"] == 2
    assert _by_heading(_sheet(book, "Per day"))[next(iter(days))]["Weekday"] == "Monday"


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
    db = made_sqlite(tmp_path / "q.sqlite")
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
