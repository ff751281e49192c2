"""`anjungan units`: the systemd unit of each kind of machine, its system user and folders, read
back key by key and checked by `systemd-analyze verify` where it exists; a machine that is not
set up yet exits with a status the unit does not restart on."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.cli.units import MACHINES
from tests.conftest import made_sqlite

ROOT = Path(__file__).resolve().parents[2]
MONDAY_9 = "2026-11-23T09:00:00+07:00"


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A systemd unit as section -> key -> values (a key may be given more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _, value = line.partition("=")
        assert current is not None and key and _, line
        current.setdefault(key, []).append(value)
    return sections


def units(tmp_path: Path, machine: str, *extra: str, program: str | None = None, cage: str | None = None) -> Path:
    out = tmp_path / machine
    args = ["units", "--machine", machine, "--out", str(out), *extra]
    args += ["--program", program] if program else []
    args += ["--cage", cage] if cage else []
    assert main(args) == 0
    return out


def one(unit: dict, section: str, key: str) -> str:
    values = unit[section][key]
    assert len(values) == 1, (key, values)
    return values[0]


def test_the_kiosk_runs_under_cage_on_a_tty_as_its_own_user(tmp_path):
    out = units(tmp_path, "kiosk", program="/opt/anjungan/venv/bin/anjungan")
    assert sorted(p.name for p in out.iterdir()) == ["README", "anjungan-kiosk.service", "anjungan.sysusers.conf",
                                                     "anjungan.tmpfiles.conf"]
    unit = read_unit(out / "anjungan-kiosk.service")
    start = one(unit, "Service", "ExecStart")
    assert start.startswith("/usr/bin/cage -d -- ") and " -s " not in start       # no switching to a console
    assert "/opt/anjungan/venv/bin/anjungan kiosk --hide-cursor </dev/null" in start  # never asks a PIN on the tty
    assert one(unit, "Service", "TTYPath") == "/dev/tty1" and one(unit, "Service", "PAMName") == "login"
    assert one(unit, "Unit", "Conflicts") == "getty@tty1.service"
    assert one(unit, "Service", "User") == "anjungan" and one(unit, "Service", "Group") == "anjungan"
    assert one(unit, "Service", "StandardOutput") == "journal" and one(unit, "Service", "StandardError") == "journal"
    assert one(unit, "Service", "Restart") == "always"
    assert one(unit, "Service", "RestartPreventExitStatus").split() == ["2", "5", "6", "7"]
    env = dict(e.split("=", 1) for e in unit["Service"]["Environment"])
    assert env["ANJUNGAN_CONFIG"] == "/etc/anjungan/branch.toml" and env["ANJUNGAN_DATA_DIR"] == "/var/lib/anjungan"
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert one(unit, "Install", "WantedBy") == "graphical.target"


def test_the_web_service_is_hardened_with_room_for_its_streams(tmp_path):
    out = units(tmp_path, "web", program="/opt/anjungan/venv/bin/anjungan")
    unit = read_unit(out / "anjungan-web.service")
    assert one(unit, "Service", "ExecStart") == "/opt/anjungan/venv/bin/anjungan web"
    assert int(one(unit, "Service", "LimitNOFILE")) >= 65536
    assert "TTYPath" not in unit["Service"] and "cage" not in (out / "anjungan-web.service").read_text()
    assert one(unit, "Service", "ProtectSystem") == "strict"
    assert one(unit, "Service", "ReadWritePaths") == "/var/lib/anjungan"
    assert one(unit, "Service", "NoNewPrivileges") == "yes"
    assert one(unit, "Service", "RestartPreventExitStatus").split() == ["2", "5", "6", "7"]
    assert one(unit, "Install", "WantedBy") == "multi-user.target"


def test_the_sms_service_is_a_hardened_service_that_may_write_gammu_smsds_outbox(tmp_path):
    out = units(tmp_path, "notifier", program="/opt/anjungan/venv/bin/anjungan")
    assert sorted(p.name for p in out.iterdir()) == ["README", "anjungan-notifier.service", "anjungan.sysusers.conf",
                                                     "anjungan.tmpfiles.conf"]
    unit = read_unit(out / "anjungan-notifier.service")
    assert one(unit, "Service", "ExecStart") == "/opt/anjungan/venv/bin/anjungan notifier"
    assert "TTYPath" not in unit["Service"] and "cage" not in (out / "anjungan-notifier.service").read_text()
    assert one(unit, "Service", "User") == "anjungan" and one(unit, "Service", "ProtectSystem") == "strict"
    assert one(unit, "Service", "SupplementaryGroups") == "gammu"          # Debian's outbox: gammu:gammu 0770
    assert one(unit, "Service", "ReadWritePaths").split() == ["/var/lib/anjungan", "-/var/spool/gammu"]
    assert "gammu-smsd.service" in unit["Unit"]["After"]
    assert one(unit, "Service", "RestartPreventExitStatus").split() == ["2", "5", "6", "7"]
    assert one(unit, "Install", "WantedBy") == "multi-user.target"
    assert "systemctl enable --now anjungan-notifier.service" in (out / "README").read_text()


def test_counter_and_rating_are_one_unit_per_counter(tmp_path, capsys):
    unit = read_unit(units(tmp_path, "counter", "--counter", "3") / "anjungan-counter-3.service")
    start = one(unit, "Service", "ExecStart")
    assert "counter --counter 3 --fullscreen" in start and start.startswith("/usr/bin/cage -d -s -- ")
    rating = read_unit(units(tmp_path, "rating", "--counter", "3") / "anjungan-rating-3.service")
    assert "rating --counter 3 " in one(rating, "Service", "ExecStart")
    assert main(["units", "--machine", "counter", "--out", str(tmp_path / "x")]) == 2
    assert "butuh --counter N" in capsys.readouterr().err


def test_the_system_user_and_folders(tmp_path):
    out = units(tmp_path, "display")
    sysusers = (out / "anjungan.sysusers.conf").read_text().splitlines()
    assert 'u anjungan - "anjungan branch machine" /var/lib/anjungan -' in sysusers
    assert {"m anjungan video", "m anjungan input", "m anjungan audio", "m anjungan lp"} <= set(sysusers)
    tmpfiles = (out / "anjungan.tmpfiles.conf").read_text().splitlines()
    assert "d /var/lib/anjungan 0700 anjungan anjungan -" in tmpfiles
    assert "d /var/lib/anjungan/logs 0700 anjungan anjungan -" in tmpfiles
    assert "L /var/log/anjungan - - - - /var/lib/anjungan/logs" in tmpfiles
    assert "d /etc/anjungan 0755 root root -" in tmpfiles
    readme = (out / "README").read_text()
    assert "systemctl enable --now anjungan-display.service" in readme and "systemd-sysusers" in readme


def test_units_refuses_a_file_for_a_folder(tmp_path, capsys):
    (tmp_path / "f").write_text("")
    assert main(["units", "--machine", "web", "--out", str(tmp_path / "f")]) == 2
    assert "bukan folder" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here (apt-get install systemd)")
@pytest.mark.parametrize("machine", MACHINES)
def test_systemd_analyze_verify_accepts_every_unit(tmp_path, machine):
    program = ROOT / ".venv" / "bin" / "anjungan"
    program = program if program.exists() else Path(shutil.which("anjungan") or sys.executable)
    cage = shutil.which("cage")
    if cage is None:            # the compositor is a Debian package of its own; any program stands for it here
        cage = str(tmp_path / "cage")
        Path(cage).write_text("#!/bin/sh\nexec \"$@\"\n")
        os.chmod(cage, 0o755)
    extra = ("--counter", "2") if machine in ("counter", "rating") else ()
    out = units(tmp_path, machine, *extra, program=str(program), cage=cage)
    service = next(out.glob("*.service"))
    done = subprocess.run(["systemd-analyze", "verify", str(service)], capture_output=True, text=True, timeout=60,
                          cwd=out)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if service.name in line or "Unknown" in line or "nvalid" in line]
    assert done.returncode == 0 and not problems, done.stdout + done.stderr


def test_a_counter_without_pins_exits_with_a_status_its_unit_does_not_restart_on(tmp_path):
    unit = read_unit(units(tmp_path, "counter", "--counter", "1") / "anjungan-counter-1.service")
    no_restart = {int(s) for s in one(unit, "Service", "RestartPreventExitStatus").split()}
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "kiosk", "--db", made_sqlite(tmp_path / "q.sqlite"), "counter",
                           "--counter", "1"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode in no_restart and done.returncode == 7, done.stderr
    assert "anjungan staff set-pin" in done.stderr and "Traceback" not in done.stderr
