"""The real kiosk on a real X server: Xvfb and Qt's xcb platform (not offscreen), a ticket taken with
pointer clicks through the X server. Proves every library the xcb platform loads is installed
(`./run` installs them)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb():
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing: ./run installs it (Debian package xvfb)")
        pytest.skip("Xvfb is not installed (./run installs it)")
    n = _free_display()
    server = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if server.poll() is not None or time.monotonic() > end:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{n}"
    server.terminate()
    server.wait(10)


def test_the_real_kiosk_takes_a_ticket_on_the_xcb_platform(xvfb, tmp_path):
    shot = tmp_path / "xcb.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xvfb, ANJUNGAN_NOW="2026-11-23T09:00:00+07:00", ANJUNGAN_DATA_DIR=str(tmp_path),
               QT_DEBUG_PLUGINS="0", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "tests.ui.xcb_kiosk", f"sqlite:///{tmp_path / 'x.sqlite'}",
                           str(shot)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    assert result["number"] == "A-001"
    assert result["screens"][-1] == "ticket" and "nik" in result["screens"] and "documents" in result["screens"]
    assert shot.stat().st_size > 10_000
