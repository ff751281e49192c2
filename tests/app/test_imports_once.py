"""A file imported twice counts once: paper questionnaires, participants and bookings, also
after a power cut before the output (the import killed after its commit), and numbered paper
forms that a second file repeats."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime

from tests.app.test_bookings import young
from tests.conftest import JAKARTA

MONDAY = date(2026, 11, 23)
CUT = r"""
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
import kiosk.cli.common as common
from kiosk.cli import main

where = sys.argv[1]
if where == "before-commit":           # the questionnaires are written, their commit never happens
    written = []

    @event.listens_for(Engine, "before_cursor_execute")
    def _seen(conn, cursor, statement, params, context, many):
        if statement.lstrip().upper().startswith("INSERT INTO SKM_RESPONSES"):
            written.append(1)

    @event.listens_for(Engine, "commit")
    def _cut(conn):
        if written:
            os.kill(os.getpid(), signal.SIGKILL)
else:                                # committed, then the power goes before anything is printed
    common.emit = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
sys.exit(main(sys.argv[2:]))
"""


def paper(tmp_path, rows: int, name: str = "skm.csv", first: int = 1, numbered: bool = False):
    path = tmp_path / name
    head = "no," if numbered else ""
    lines = [f"{head}date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9"]
    for i in range(first, first + rows):
        lines.append(f"{str(i) + ',' if numbered else ''}2026-11-23,INFO," + ",".join(str(1 + (i + k) % 4)
                                                                                     for k in range(9)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def respondents(svc) -> int:
    return svc.report(MONDAY, MONDAY).ikm.respondents


def test_a_paper_file_imported_again_counts_nothing_and_says_so(svc, tmp_path):
    path = paper(tmp_path, 600)
    first = svc.import_skm_csv(path)
    assert first.imported == 600 and first.already is None
    again = svc.import_skm_csv(path)
    assert again.imported == 0 and again.already is not None and again.already.kept == 600
    assert respondents(svc) == 600
    copy = tmp_path / "copy-saved-again.csv"                  # the same rows under another name, CRLF
    copy.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert svc.import_skm_csv(copy).imported == 0 and respondents(svc) == 600


def test_the_command_says_already_imported_in_one_sentence(make_services, tmp_path, capsys):
    from kiosk.cli import main

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    make_services(url)
    path = paper(tmp_path, 20)
    assert main(["--db", url, "skm", "import", str(path)]) == 0
    capsys.readouterr()
    assert main(["--db", url, "skm", "import", str(path)]) == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("File skm.csv sudah diimpor pada ") and "(20 dari 20 baris disimpan)" in out
    assert main(["--db", url, "skm", "import", str(path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["imported"] == 0 and doc["already_imported"]["rows"] == 20


def test_a_power_cut_before_the_output_or_before_the_commit_counts_each_row_once(make_services, tmp_path):
    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    for where, expected_first in (("before-commit", 0), ("after-commit", 300)):
        path = paper(tmp_path, 300, name=f"{where}.csv", first=1000 if where == "after-commit" else 1)
        before = respondents(svc)
        cut = subprocess.run([sys.executable, "-c", CUT, where, "--db", url, "skm", "import", str(path)],
                             capture_output=True, text=True, timeout=60)
        assert cut.returncode == -9, cut.stderr
        assert respondents(svc) - before == expected_first
        again = svc.import_skm_csv(path)                       # the officer runs it again
        assert respondents(svc) - before == 300
        assert (again.already is not None) == (expected_first == 300)


def test_numbered_forms_repeated_by_a_second_file_count_once(svc, tmp_path):
    first = svc.import_skm_csv(paper(tmp_path, 40, "batch1.csv", numbered=True))
    second = svc.import_skm_csv(paper(tmp_path, 60, "batch2.csv", numbered=True))      # forms 1–60
    assert (first.imported, second.imported, second.known) == (40, 20, 40)
    assert respondents(svc) == 60


def test_participant_and_booking_files_imported_again_say_so(svc, clock, tmp_path):
    people = tmp_path / "peserta.csv"
    people.write_text("nik,name,status,segment,programs\n3171011708450001,Budi,active,PU,JHT JKK\n"
                      "7105100607610439,Siti,active,BPU,JHT\n", encoding="utf-8")
    assert svc.import_csv(people).imported == 2
    again = svc.import_csv(people)
    assert again.imported == 0 and again.already.kept == 2 and again.to_json()["already_imported"]["rows"] == 2
    clock.now = datetime(2026, 11, 23, 8, 0, tzinfo=JAKARTA)
    bookings = tmp_path / "bookings.csv"
    bookings.write_text("code,nik,service,date,start,end\n"
                        f"LPK-1,{young(1)},INFO,2026-11-23,10.00,10.30\n"
                        f"LPK-2,{young(2)},INFO,2026-11-23,10.00,10.30\n", encoding="utf-8")
    assert svc.import_bookings(bookings).imported == 2
    repeat = svc.import_bookings(bookings)
    assert (repeat.imported, repeat.updated) == (0, 0) and repeat.already.kept == 2
    assert len(svc.bookings_of("2026-11-23")) == 2
