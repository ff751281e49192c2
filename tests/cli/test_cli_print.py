"""Issuing and reprinting from the command line on a network printer stand-in that can fail."""
from __future__ import annotations

import json

from tests.cli.test_cli import run
from tests.conftest import made_sqlite
from tests.printer.conftest import printer_standin  # noqa: F401 - the loopback ESC/POS printer


def test_issue_prints_the_ticket_on_a_network_printer(tmp_path, printer_standin):
    db = made_sqlite(tmp_path / 'q.sqlite')
    doc = json.loads(run("issue", "--nik", "3171011708450001", "--service", "INFO", "--printer",
                         printer_standin.url, "--json", db=db).stdout)
    assert doc["print"]["ok"] and doc["number"] == "A-001"
    assert printer_standin.wait_for_jobs(1)
    (job,) = printer_standin.tickets()
    number = job.find("A-001")
    assert number is not None and number.height >= 2
    assert job.find("************0001") is not None and "3171011708450001" not in job.text
    assert any(doc["ticket_id"] in payload for payload in job.qr)
    assert job.cuts >= 1


def test_a_failed_print_keeps_the_ticket_and_a_reprint_prints_it_once(tmp_path, printer_standin):
    db = made_sqlite(tmp_path / 'q.sqlite')
    printer_standin.paper_out()
    proc = run("issue", "--nik", "3171012902001234", "--service", "INFO", "--printer", printer_standin.url,
               "--json", db=db, expect=4)
    doc = json.loads(proc.stdout)
    assert not doc["print"]["ok"] and "Kertas" in doc["print"]["reason"] and doc["number"] == "A-001"
    status = json.loads(run("status", "--json", db=db).stdout)
    assert next(s for s in status["services"] if s["service"] == "INFO")["waiting"] == 1
    printer_standin.clear()
    again = json.loads(run("ticket", "reprint", doc["ticket_id"], "--printer", printer_standin.url, "--json",
                           db=db).stdout)
    assert again["print"]["ok"]
    printed = printer_standin.tickets()
    assert len(printed) == 1 and printed[0].find("A-001") is not None     # printed once, after the fault
