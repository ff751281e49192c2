"""Long work shows its progress: JSON lines on stderr with `--progress-json` (stdout keeps its one
document), a bar when stderr is a terminal, and nothing at all for a script or CI."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import date

import pytest

from kiosk.cli import main
from tests.bench.bench_reports import TODAY, load, working_days
from tests.events.helpers import MONDAY_9, ROOT
from tests.conftest import made_sqlite

ROWS = 3000


@pytest.fixture
def anjungan(capfd, monkeypatch):
    """Run `anjungan …` in this process; its stdout and stderr as a finished process's (neither is
    a terminal here)."""
    monkeypatch.setenv("ANJUNGAN_NOW", MONDAY_9)

    def run(*args: str, db: str, env: dict | None = None):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        capfd.readouterr()
        status = main(["--db", db, *args])
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(args, status, out, err)

    return run


def progress_lines(stderr: str, task: str) -> list[tuple[int, int | None]]:
    steps = []
    for line in stderr.splitlines():
        doc = json.loads(line)                      # every line on stderr is a JSON progress line
        assert set(doc) == {"progress"} and doc["progress"]["task"] == task
        steps.append((doc["progress"]["done"], doc["progress"]["total"]))
    return steps


def assert_climbs_to_the_end(steps: list[tuple[int, int | None]], total: int) -> None:
    done = [d for d, _ in steps]
    assert len(steps) >= 10, steps
    assert done == sorted(done) and done[0] == 0 and len(set(done)) > 5
    assert steps[-1] == (total, total)
    assert all(t is None or d <= t for d, t in steps)


def demo_csv(tmp_path, rows: int = ROWS):
    from kiosk.directory.demo import write_demo_csv

    path = tmp_path / "peserta.csv"
    write_demo_csv(path, rows, today=date(2026, 11, 23))
    return path


def test_a_participant_import_tells_its_rows_on_stderr_and_keeps_one_json_document_on_stdout(tmp_path, anjungan):
    db = made_sqlite(tmp_path / "q.sqlite")
    path = demo_csv(tmp_path)
    done = anjungan("participants", "import", str(path), "--json", "--progress-json", db=db)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)                # exactly one document: anything more would not parse
    assert report["imported"] == ROWS and report["rejected"] == 0
    assert_climbs_to_the_end(progress_lines(done.stderr, "participants_import"), ROWS)


def test_a_booking_import_tells_its_rows(tmp_path, anjungan):
    db = made_sqlite(tmp_path / "q.sqlite")
    path = tmp_path / "booking.csv"
    lines = ["code,nik,service,date,start,end"]
    lines += [f"BK-{i:05d},3171011708450001,JHT,2026-11-24,{8 + i % 6:02d}:00,{8 + i % 6:02d}:30" for i in range(1200)]
    path.write_text("\n".join(lines) + "\n")
    done = anjungan("bookings", "import", str(path), "--json", "--progress-json", db=db)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    handled = report["imported"] + report["updated"] + report["rejected"]
    assert handled == 1200
    assert_climbs_to_the_end(progress_lines(done.stderr, "bookings_import"), 1200)


def test_the_first_report_of_a_period_tells_each_closed_day_it_summarises(tmp_path, anjungan):
    from kiosk.store import schema
    from kiosk.store.db import make_engine

    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    days = working_days(30)
    load(engine, days, per_day=40)
    engine.dispose()
    env = {"ANJUNGAN_NOW": TODAY.isoformat()}
    first = days[0].isoformat()
    done = anjungan("report", "--from", first, "--to", TODAY.date().isoformat(), "--format", "json",
                    "--progress-json", db=url, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"]["arrivals"] > 30 * 30
    steps = progress_lines(done.stderr, "report")
    assert_climbs_to_the_end(steps, len(days) + 3)      # each closed day, the summaries, the read, the report
    again = anjungan("report", "--from", first, "--format", "json", "--progress-json", db=url, env=env)
    assert progress_lines(again.stderr, "report") == [(0, 3), (1, 3), (2, 3), (3, 3)]     # summarised once


def test_db_upgrade_tells_each_migration_step(tmp_path, anjungan):
    from kiosk.store.schema import known_revisions

    db = f"sqlite:///{tmp_path / 'new.sqlite'}"
    done = anjungan("db", "upgrade", "--json", "--progress-json", db=db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["ok"] is True
    steps = progress_lines(done.stderr, "db_upgrade")
    count = len(known_revisions())
    assert steps == [(n, count) for n in range(count + 1)]
    again = anjungan("db", "upgrade", "--progress-json", db=db)
    assert progress_lines(again.stderr, "db_upgrade") == [(0, 0)]     # nothing to migrate


def test_nothing_is_shown_when_stderr_is_no_terminal(tmp_path, anjungan):
    db = made_sqlite(tmp_path / "q.sqlite")
    path = demo_csv(tmp_path)
    for args in (("participants", "import", str(path)), ("participants", "import", str(path), "--json"),
                 ("report", "--format", "json"), ("db", "upgrade")):
        done = anjungan(*args, db=db)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", args


def test_on_a_terminal_the_import_draws_a_bar_on_stderr_and_stdout_keeps_its_line(tmp_path):
    db = made_sqlite(tmp_path / "q.sqlite")
    path = demo_csv(tmp_path)
    leader, follower = pty.openpty()
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, "COLUMNS": "100", "TERM": "xterm"}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", db, "participants", "import", str(path)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:                      # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=60)
    os.close(leader)
    assert proc.returncode == 0
    screen = seen.decode("utf-8", "replace")
    assert "Mengimpor peserta" in screen and "100%" in screen and f"{ROWS}/{ROWS}" in screen
    assert out.strip() == out.strip().splitlines()[0]        # stdout: only the import's own line
    assert out.startswith(f"{ROWS} peserta diimpor")
