"""A missed call from the command line: `call` asks what became of a call never started, a
no-show waits for the branch's grace, `return` puts it back next, a pause says why."""
from __future__ import annotations

import json

import pytest

from kiosk.cli import main


@pytest.fixture
def at(monkeypatch):
    def set_time(clock: str) -> None:
        monkeypatch.setenv("ANJUNGAN_NOW", f"2026-11-23T{clock}+07:00")
    set_time("09:00:00")
    return set_time


def cli(capsys, db: str, *args: str, expect: int = 0):
    status = main(["--db", db, *args])
    out, err = capsys.readouterr()
    assert status == expect, (status, out, err)
    assert "Traceback" not in err
    return json.loads(out) if "--json" in args and status == 0 else (out, err)


def test_a_called_ticket_is_never_silently_done_and_comes_back_next(capsys, tmp_path, at):
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    cli(capsys, db, "db", "upgrade", "--json")
    for nik in ("3171011708450001", "3171012902001234", "3171012902000007"):
        cli(capsys, db, "issue", "--nik", nik, "--service", "INFO", "--json")
    assert cli(capsys, db, "call", "--counter", "1", "--json")["ticket"]["number"] == "A-001"

    _out, err = cli(capsys, db, "call", "--counter", "1", expect=1)
    assert err.count("\n") == 1 and "A-001" in err and "--previous" in err      # one sentence, nothing done
    _out, err = cli(capsys, db, "call", "--counter", "1", "--previous", "no-show", expect=1)
    assert "belum boleh ditandai tidak hadir" in err and "1 kali" in err and "2 menit" in err
    _out, err = cli(capsys, db, "skip", "--counter", "1", expect=1)             # the same grace for `skip`

    at("09:01:00")
    cli(capsys, db, "recall", "--counter", "1", "--json")
    _out, err = cli(capsys, db, "skip", "--counter", "1", expect=1)
    assert "tunggu 1 menit lagi" in err
    at("09:02:00")
    called = cli(capsys, db, "call", "--counter", "1", "--previous", "no-show", "--json")["ticket"]
    assert called["number"] == "A-002"

    back = cli(capsys, db, "return", "A-001", "--counter", "1", "--json")["ticket"]
    assert back["number"] == "A-001" and back["state"] == "waiting" and back["counter"] is None
    cli(capsys, db, "finish", "--counter", "1", "--json")
    again = cli(capsys, db, "call", "--counter", "1", "--json")["ticket"]
    assert again["number"] == "A-001" and again["call_count"] == 1       # next, ahead of A-003

    at("09:03:00")
    served = cli(capsys, db, "call", "--counter", "1", "--previous", "done", "--json")["ticket"]
    assert served["number"] == "A-003"
    kinds = [e.kind for e in _events(db) if e.number == "A-001"]
    assert kinds == ["issued", "called", "recalled", "skipped", "returned", "called", "started", "finished"]


def test_return_refuses_what_cannot_go_back_in_one_sentence(capsys, tmp_path, at):
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    cli(capsys, db, "db", "upgrade", "--json")
    cli(capsys, db, "issue", "--nik", "3171011708450001", "--service", "INFO", "--json")
    _out, err = cli(capsys, db, "return", "A-009", "--counter", "1", expect=1)
    assert err.strip().endswith("Tidak ada tiket A-009 hari ini.") and err.count("\n") == 1
    _out, err = cli(capsys, db, "return", "A-001", "--counter", "1", expect=1)    # waiting: nothing to put back
    assert "tidak dapat dikembalikan" in err and err.count("\n") == 1


def test_a_pause_carries_one_of_the_branchs_reasons(capsys, tmp_path, at):
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    cli(capsys, db, "db", "upgrade", "--json")
    _out, err = cli(capsys, db, "pause", "--counter", "2", "--reason", "ngopi", expect=1)
    assert "istirahat, sholat, rapat, gangguan_sistem, lainnya" in err and err.count("\n") == 1
    assert cli(capsys, db, "pause", "--counter", "2", "--reason", "sholat", "--json") == {
        "counter": 2, "paused": True, "reason": "sholat"}
    event = [e for e in _events(db) if e.kind == "paused"][-1]
    assert event.counter == 2 and event.data == {"reason": "sholat"}


def _events(db: str):
    from kiosk.services import open_services

    svc = open_services(db_url=db)
    try:
        return svc.events_after(0)
    finally:
        svc.close()
