"""A throwaway PostgreSQL cluster of the tests' own, under a temporary folder on a free port.

For what must not be done to a shared server: freezing it with SIGSTOP (what a dead switch or a
hung machine looks like to a client), stopping and restarting it. Only the processes this class
started are ever signalled.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateCluster:
    def __init__(self):
        self.initdb, self.pg_ctl = _bin("initdb"), _bin("pg_ctl")
        self.root = Path(tempfile.mkdtemp(prefix="anjungan-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.frozen = False
        self._as = self._runner()

    @staticmethod
    def _runner() -> list[str]:
        """initdb and the server refuse to run as root: run them as the `postgres` user then."""
        if os.geteuid() != 0:
            return []
        runuser = shutil.which("runuser")
        return [runuser, "-u", "postgres", "--"] if runuser else []

    @classmethod
    def why_not(cls) -> str | None:
        if not _bin("initdb") or not _bin("pg_ctl"):
            return "no initdb/pg_ctl on this machine"
        if os.geteuid() == 0 and not shutil.which("runuser"):
            return "running as root without runuser"
        return None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run([*self._as, *args], check=True, capture_output=True, timeout=timeout)

    def start(self) -> "PrivateCluster":
        if self._as:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "30",
                  "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return self

    def pids(self) -> list[int]:
        """The postmaster and every process it started (never any other server's)."""
        head = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(head)], capture_output=True,
                                  text=True).stdout.split()
        return [head, *(int(p) for p in children)]

    def freeze(self) -> None:
        self.frozen = True                    # first: a failure below must still be thawed
        self._signal_all(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal_all(signal.SIGCONT)
        self.frozen = False

    def _signal_all(self, signum: int) -> None:
        """The postmaster first, then its children; a backend that ended since `ps` listed it is
        passed over (it used to stop the freeze half-way, with the postmaster stopped for good)."""
        for pid in self.pids():
            try:
                os.kill(pid, signum)
            except ProcessLookupError:
                pass

    def restart(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.root / "log"), "-m", "fast", "-w", "-t", "30",
                  "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off", "restart")

    def stop(self) -> None:
        if self.frozen:
            self.thaw()
        try:
            self._run(self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        except (subprocess.SubprocessError, OSError):
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def wait_ready(self, timeout: float = 20) -> None:
        import psycopg

        end = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(self.url.replace("postgresql+psycopg", "postgresql"), connect_timeout=2).close()
                return
            except psycopg.Error:
                if time.monotonic() > end:
                    raise
                time.sleep(0.2)
