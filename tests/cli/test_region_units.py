"""`anjungan region units`: the systemd service and timer that take the region's configuration
bundles at a branch every few minutes as the owner role, read back key by key and checked by
`systemd-analyze verify` where it exists. (That the written command takes a bundle as the owner
role on a real server: tests/region/test_region.py.)"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from kiosk.cli import main
from tests.cli.test_units import read_unit


def test_the_region_apply_timer(tmp_path, capsys):
    out = tmp_path / "units"
    assert main(["region", "units", "--out", str(out), "--program", "/usr/bin/true"]) == 0
    service = read_unit(out / "anjungan-region-apply.service")["Service"]
    timer = read_unit(out / "anjungan-region-apply.timer")
    assert service["Type"] == ["oneshot"] and service["User"] == ["postgres"]
    # the server's postgres user through the socket, acting as the owner role from the first statement
    assert service["ExecStart"] == ["/usr/bin/true --db postgresql+psycopg:///anjungan?options=-crole%%3Danjungan_owner "
                                    "region apply"]
    assert "Environment=ANJUNGAN_DATA_DIR=/var/lib/postgresql/anjungan-setup" in \
        (out / "anjungan-region-apply.service").read_text()
    assert timer["Timer"]["OnUnitActiveSec"] == ["5min"] and timer["Timer"]["OnBootSec"] == ["2min"]
    assert timer["Timer"]["Unit"] == ["anjungan-region-apply.service"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]
    assert "enable --now anjungan-region-apply.timer" in (out / "README").read_text()
    assert "enable --now anjungan-region-apply.timer" in capsys.readouterr().err

    other = tmp_path / "other"
    assert main(["region", "units", "--out", str(other), "--program", "/usr/bin/true", "--every", "15",
                 "--branch-db", "postgresql+psycopg://db.kc01.lan/anjungan?sslmode=require", "--role", "kc01_owner"]) == 0
    assert read_unit(other / "anjungan-region-apply.timer")["Timer"]["OnUnitActiveSec"] == ["15min"]
    assert read_unit(other / "anjungan-region-apply.service")["Service"]["ExecStart"] == [
        "/usr/bin/true --db postgresql+psycopg://db.kc01.lan/anjungan?sslmode=require&options=-crole%%3Dkc01_owner "
        "region apply"]
    assert main(["region", "units", "--out", str(tmp_path / "never"), "--every", "0"]) == 2
    assert "--every 0" in capsys.readouterr().err and not (tmp_path / "never").exists()

    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here (apt-get install systemd)")
    for folder in (out, other):
        done = subprocess.run(["systemd-analyze", "verify", "anjungan-region-apply.service",
                               "anjungan-region-apply.timer"], cwd=folder, capture_output=True, text=True, timeout=60)
        problems = [line for line in (done.stdout + done.stderr).splitlines() if "anjungan-region-apply" in line]
        assert done.returncode == 0 and not problems, done.stdout + done.stderr
