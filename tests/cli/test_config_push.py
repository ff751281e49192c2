"""One branch configuration kept in the database, as the IT officer uses it: `anjungan config push`
once from the server PC instead of editing every PC's file, `config show` and `config history` to
see what is in force, a bad file refused whole, and every running machine following a push within
seconds through the event feed, on SQLite and on PostgreSQL.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.domain.ticket import EventKind

ROOT = Path(__file__).resolve().parents[2]
MONDAY = "2026-11-23"            # the test clock's day (conftest.Clock: Monday 09.00, open)

HOLIDAY = f"""extends = "default.toml"
[hours]
closed_dates = ["{MONDAY}"]
"""
ONE_COUNTER_MORE = """extends = "default.toml"
[branch]
name = "Kantor Cabang Uji"
address = "Jl. Uji No. 1"

[[counters]]
number = 1
services = ["INFO", "DATA", "IURAN", "ADUAN"]

[[counters]]
number = 2
services = ["JHT", "JKK", "JKM", "JP"]

[[counters]]
number = 7
services = ["JHT"]

[display]
running_text = ["Kantor tutup 24 Desember."]
counters = [1, 2, 7]
"""
# The machine's own file: its printer and its hall display, and branch sections of its own that a
# pushed configuration overrides.
MACHINE = """extends = "default.toml"
[printer]
url = "dummy://"

[display]
title = "Lantai 2"
counters = [1, 6]
running_text = ["Teks lama di PC ini."]

[hours]
closed_dates = ["2026-12-25"]
"""


def cli(capsys, db: str, *args: str, config: Path | None = None) -> tuple[int, str, str]:
    status = main([*(["--config", str(config)] if config else []), "--db", db, "config", *args])
    out, err = capsys.readouterr()
    return status, out, err


def cli_json(capsys, db: str, *args: str, config: Path | None = None) -> dict:
    status, out, err = cli(capsys, db, *args, "--json", config=config)
    assert status == 0, err
    return json.loads(out)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def branch_db(db_url, make_services):
    """A migrated branch database (SQLite file or PostgreSQL schema)."""
    make_services(db_url)
    return db_url


def config_events(svc) -> list:
    with svc.uow(write=False) as uow:
        return [e for e in uow.queue.events_after(0, 10_000) if e.kind == EventKind.BRANCH_CONFIG]


def test_push_show_and_history_through_the_command_line(capsys, tmp_path, branch_db, make_services):
    machine_file = write(tmp_path, "machine.toml", MACHINE)
    alone = make_services(branch_db, config_path=machine_file)          # nothing pushed yet: the file's own
    assert date(2026, 12, 25) in alone.branch.hours.closed_dates and alone.office_status().is_open
    before = cli_json(capsys, branch_db, "show")
    assert before["source"] == "file" and before["version"] is None
    assert "2026-11-23" not in json.dumps(before["sections"]["hours"])
    assert cli_json(capsys, branch_db, "history") == {"versions": []}

    pushed = cli_json(capsys, branch_db, "push", str(write(tmp_path, "holiday.toml", HOLIDAY)))
    assert pushed["stored"] is True and pushed["version"] == 1 and len(pushed["digest"]) == 12
    shown = cli_json(capsys, branch_db, "show")
    assert shown["source"] == "database" and shown["version"] == 1 and shown["digest"] == pushed["digest"]
    assert shown["sections"]["hours"]["closed_dates"] == [MONDAY] and shown["file"] == "holiday.toml"
    assert shown["role"] and shown["machine"]
    assert set(shown["sections"]) >= {"branch", "hours", "services", "counters"}
    assert not {"printer", "database", "kiosk", "voice", "web"} & set(shown["sections"])
    assert set(shown["sections"]["display"]) == {"running_text"}      # of the display, only its running text

    # the same file again stores nothing; another one is version 2, newest first in the history
    again = cli_json(capsys, branch_db, "push", str(tmp_path / "holiday.toml"))
    assert again["stored"] is False and again["version"] == 1
    second = cli_json(capsys, branch_db, "push", str(write(tmp_path, "counters.toml", ONE_COUNTER_MORE)))
    assert second["version"] == 2 and second["digest"] != pushed["digest"]
    history = cli_json(capsys, branch_db, "history")["versions"]
    assert [(v["version"], v["file"], v["digest"]) for v in history] == [
        (2, "counters.toml", second["digest"]), (1, "holiday.toml", pushed["digest"])]
    assert all(v["role"] and v["machine"] and v["pushed_at"] for v in history)

    status, out, _ = cli(capsys, branch_db, "show")
    assert status == 0 and "versi 2" in out and "Kantor Cabang Uji: 3 loket" in out and "loket 7: JHT" in out
    status, out, _ = cli(capsys, branch_db, "history")
    assert status == 0 and "counters.toml" in out and "holiday.toml" in out and second["digest"] in out

    # a machine starting now follows the database, not its file's branch sections; its own stay
    machine = make_services(branch_db, config_path=machine_file)
    assert date(2026, 12, 25) not in machine.branch.hours.closed_dates
    assert machine.branch.name == "Kantor Cabang Uji" and machine.counter_spec(7).services == ("JHT",)
    assert machine.config.printer.url == "dummy://"
    display = machine.config.display                  # its own title; the branch's running text; counter 6 is gone
    assert (display.title, display.counters, display.running_text) == ("Lantai 2", (1,), ("Kantor tutup 24 Desember.",))
    assert len(config_events(machine)) == 2


def test_a_bad_push_is_refused_whole_with_the_reason(capsys, tmp_path, branch_db, make_services):
    good = cli_json(capsys, branch_db, "push", str(write(tmp_path, "holiday.toml", HOLIDAY)))
    bad_counter = write(tmp_path, "bad.toml", HOLIDAY.replace(MONDAY, "2026-11-30") + (
        '\n[[counters]]\nnumber = 1\nservices = ["INFO", "PAJAK"]\n'))
    status, out, err = cli(capsys, branch_db, "push", str(bad_counter))
    assert status == 2 and out == ""
    assert "Ditolak, tidak ada yang disimpan" in err and "counters[0].services" in err and "PAJAK" in err
    # a mistake in a machine's section is a mistake of the file: refused too
    bad_printer = write(tmp_path, "printer.toml", HOLIDAY.replace(MONDAY, "2026-11-30") + '[printer]\nurll = "x"\n')
    status, _, err = cli(capsys, branch_db, "push", str(bad_printer))
    assert status == 2 and "printer.urll" in err
    status, _, err = cli(capsys, branch_db, "push", str(tmp_path / "missing.toml"))
    assert status == 2 and "missing.toml" in err

    history = cli_json(capsys, branch_db, "history")["versions"]
    assert [(v["version"], v["digest"]) for v in history] == [(1, good["digest"])]
    shown = cli_json(capsys, branch_db, "show")
    assert shown["sections"]["hours"]["closed_dates"] == [MONDAY]
    assert len(config_events(make_services(branch_db))) == 1          # no event of a refused push


def _follow(svc, stop: threading.Event) -> threading.Thread:
    """What every window and the web service do: follow the event feed (kiosk/events/feed.py)."""
    from kiosk.services import EventFollower

    follower = EventFollower(svc)
    follower.connect()

    def run():
        try:
            while not stop.is_set():
                follower.wait(0.2)
                follower.poll()
        finally:
            follower.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_a_push_from_another_process_changes_a_running_machines_hours_within_2_s(tmp_path, branch_db, make_services):
    kiosk = make_services(branch_db, config_path=write(tmp_path, "machine.toml", MACHINE))
    assert kiosk.office_status().is_open                               # Monday 09.00
    stop = threading.Event()
    thread = _follow(kiosk, stop)
    try:
        holiday = write(tmp_path, "holiday.toml", HOLIDAY)
        proc = subprocess.run([sys.executable, "-m", "kiosk", "--db", branch_db, "config", "push", str(holiday)],
                              capture_output=True, text=True, cwd=ROOT, env=dict(os.environ), timeout=60)
        assert proc.returncode == 0, proc.stderr
        pushed = time.monotonic()
        while kiosk.office_status().is_open and time.monotonic() - pushed < 5:
            time.sleep(0.02)
        took = time.monotonic() - pushed
        status = kiosk.office_status()
        assert status.state == "closed" and status.message_key.startswith("office.closed"), status
        assert took < 2.0, f"the running machine followed the push after {took:.2f} s"
        assert kiosk.config.printer.url == "dummy://"                  # its own printer stays
    finally:
        stop.set()
        thread.join(5)


def test_only_the_owner_role_may_push_every_machine_role_reads_it(capsys, tmp_path, make_services, pg_db, pg_url):
    import psycopg

    owner = make_services(pg_db)
    prefix = f"t{uuid.uuid4().hex[:8]}"
    made = owner.create_roles(prefix)
    try:
        holiday = write(tmp_path, "holiday.toml", HOLIDAY)
        for kind in ("kiosk", "counter", "display", "report", "web"):
            as_role = pg_db.replace("postgres@", f"{made[kind]}@", 1)
            status, out, err = cli(capsys, as_role, "push", str(holiday))
            assert status == 5 and out == "" and "tidak boleh melakukan itu" in err, (kind, err)
            assert cli_json(capsys, as_role, "show")["source"] == "file", kind
        assert cli_json(capsys, pg_db, "push", str(holiday))["version"] == 1      # the owner may
        for kind in ("kiosk", "counter", "display", "report", "web"):
            as_role = pg_db.replace("postgres@", f"{made[kind]}@", 1)
            shown = cli_json(capsys, as_role, "show")
            assert shown["version"] == 1 and shown["sections"]["hours"]["closed_dates"] == [MONDAY], kind
        assert [v["version"] for v in cli_json(capsys, pg_db, "history")["versions"]] == [1]
    finally:
        owner.close()
        with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            for role in made.values():
                conn.execute(f'DROP OWNED BY "{role}" CASCADE')
                conn.execute(f'DROP ROLE "{role}"')


def test_the_web_service_follows_a_push_within_2_s(capsys, tmp_path, branch_db, make_services):
    import httpx

    from kiosk.web.server import BackgroundServer

    web_svc = make_services(branch_db, config_path=write(tmp_path, "machine.toml", MACHINE))
    secret = web_svc.create_token("kiosk", "lobby kiosk")[0]
    holiday = write(tmp_path, "holiday.toml", HOLIDAY)

    def routes(http) -> set[str]:
        answer = http.post("/api/v1/check", json={"nik": "3171012902001234"},
                           headers={"Authorization": f"Bearer {secret}"})
        assert answer.status_code == 200, answer.text
        return {o["route"] for o in answer.json()["options"]}

    with BackgroundServer(web_svc) as server, httpx.Client(base_url=server.url) as http:
        assert "closed" not in routes(http)                            # Monday 09.00: open
        assert cli_json(capsys, branch_db, "push", str(holiday))["version"] == 1    # from the server PC
        pushed = time.monotonic()
        while "closed" not in routes(http) and time.monotonic() - pushed < 5:
            time.sleep(0.05)
        took = time.monotonic() - pushed
        assert "closed" in routes(http) and took < 2.0, took
        assert "queue" not in routes(http)                              # no ticket on the holiday
