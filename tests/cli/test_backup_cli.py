"""`anjungan backup` and `anjungan restore` as an IT officer scripts them: exactly one JSON document
on stdout, progress as JSON lines on stderr, and the nightly backup's timer from `anjungan units`."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.store import backup as copies
from tests.cli.test_units import read_unit
from tests.conftest import fresh_nik


def progress_lines(err: str, task: str) -> list[tuple[int, int | None]]:
    lines = [json.loads(line)["progress"] for line in err.splitlines() if line.strip()]
    assert all(p["task"] == task for p in lines)
    return [(p["done"], p["total"]) for p in lines]


def test_backup_and_restore_print_one_json_document_and_their_progress(make_services, tmp_path, capsys,
                                                                       monkeypatch):
    url = f"sqlite:///{tmp_path / 'anjungan.sqlite'}"
    svc = make_services(url)
    svc.add_demo_participants(300)                        # a store of some pages
    for _ in range(3):
        svc.issue(fresh_nik(), "INFO", assisted=True)
    svc.close()
    monkeypatch.setattr(copies, "PAGES_PER_STEP", 4)      # many steps, each one reported
    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:30:00+07:00")
    assert main(["--db", url, "backup", "--to", str(tmp_path / "b"), "--json", "--progress-json"]) == 0
    out, err = capsys.readouterr()
    made = json.loads(out)
    assert out.count("\n") == 1 and set(made) == {"path", "tickets", "bytes"}
    assert made["tickets"] == 3 and made["bytes"] == sum(p.stat().st_size for p in Path(made["path"]).rglob("*")
                                                         if p.is_file())
    steps = progress_lines(err, "backup")
    assert len(steps) > 3 and steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == sorted(d for d, _ in steps)

    assert main(["--db", url, "restore", made["path"], "--json", "--progress-json"]) == 0
    out, err = capsys.readouterr()
    restored = json.loads(out)
    assert out.count("\n") == 1 and restored["tickets"] == 3 and restored["service_day"] == "2026-11-23"
    info = next(n for n in restored["numbering"] if n["service"] == "INFO")
    assert info == {"service": "INFO", "last_in_backup": 3, "next": "A-004", "skipped": 0, "known": True}
    assert progress_lines(err, "restore")[-1][0] > 3

    assert main(["--db", url, "restore", str(tmp_path)]) == 2            # not a backup folder
    assert "bukan cadangan" in capsys.readouterr().err


def test_the_nightly_backup_timer(tmp_path, capsys):
    out = tmp_path / "units"
    assert main(["units", "--machine", "kiosk", "--out", str(out), "--backup", "--program", "/usr/bin/true"]) == 0
    service = read_unit(out / "anjungan-backup.service")
    timer = read_unit(out / "anjungan-backup.timer")
    assert service["Service"]["Type"] == ["oneshot"] and service["Service"]["User"] == ["anjungan"]
    assert service["Service"]["ExecStart"] == ["/usr/bin/true backup --to /var/backups/anjungan"]
    assert timer["Timer"]["OnCalendar"] == ["*-*-* 02:30:00"] and timer["Timer"]["Persistent"] == ["true"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    assert "d /var/backups/anjungan 0700 anjungan anjungan -" in (out / "anjungan.tmpfiles.conf").read_text()
    assert "enable --now anjungan-backup.timer" in (out / "README").read_text()

    server = tmp_path / "server"
    assert main(["units", "--machine", "web", "--out", str(server), "--program", "/usr/bin/true",
                 "--backup-db", "postgresql+psycopg:///anjungan"]) == 0
    pg = read_unit(server / "anjungan-backup.service")["Service"]
    assert pg["User"] == ["postgres"] and "--db postgresql+psycopg:///anjungan backup" in pg["ExecStart"][0]
    capsys.readouterr()
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (apt-get install systemd)")
    for folder in (out, server):
        done = subprocess.run(["systemd-analyze", "verify", "anjungan-backup.service", "anjungan-backup.timer"],
                              cwd=folder, capture_output=True, text=True, timeout=60)
        problems = [line for line in (done.stdout + done.stderr).splitlines() if "anjungan-backup" in line]
        assert done.returncode == 0 and not problems, done.stdout + done.stderr
