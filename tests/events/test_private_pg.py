"""The throwaway cluster's freeze and thaw survive a backend that ends while they run.

`freeze()` lists the postmaster and its children, then stops each; a backend that exited in
between (a client hanging up) used to raise ProcessLookupError half-way, leaving the postmaster
stopped and `frozen` false, so nothing ever thawed it (the queue soak then measured a server
that never came back).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

from tests.events.private_pg import PrivateCluster


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def test_freeze_and_thaw_pass_over_a_process_that_is_gone(monkeypatch):
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    cluster = PrivateCluster()
    try:
        monkeypatch.setattr(cluster, "pids", lambda: [gone.pid, alive.pid])
        cluster.freeze()
        assert cluster.frozen
        deadline = time.monotonic() + 5
        while _state(alive.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _state(alive.pid) == "T"
        cluster.thaw()
        assert not cluster.frozen
        deadline = time.monotonic() + 5
        while _state(alive.pid) == "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _state(alive.pid) != "T"
    finally:
        alive.kill()
        alive.wait()
        shutil.rmtree(cluster.root, ignore_errors=True)
