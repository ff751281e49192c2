"""Private PostgreSQL 15 instances for the region tests: Debian's binaries (`initdb`, `pg_ctl`) run
as the `postgres` user into a temporary folder, `wal_level=logical`, on a free loopback port.

One branch instance holds the branches' databases (`branch_a`, `branch_b`), one region instance
the region's; both live for the test session (a few seconds each to make). Outside CI a machine
without the binaries skips these tests with the reason."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

BIN = Path(os.environ.get("ANJUNGAN_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Instance:
    """One private PostgreSQL server: `url(db, user)`, `stop()`, `start()`, `psql(sql, db)`."""

    def __init__(self, root: Path, name: str, settings: dict[str, str]):
        self.dir = root / name
        self.data = self.dir / "data"
        self.port = _free_port()
        self.settings = {"wal_level": "logical", "listen_addresses": "127.0.0.1", "port": str(self.port),
                         "unix_socket_directories": str(self.dir), "fsync": "off", "synchronous_commit": "off",
                         "full_page_writes": "off", "max_wal_senders": "20", "max_replication_slots": "20",
                         "max_logical_replication_workers": "12", "max_worker_processes": "24",
                         "wal_sender_timeout": "10s", "wal_receiver_timeout": "10s",
                         "wal_retrieve_retry_interval": "500ms", "shared_buffers": "32MB", **settings}

    def init(self, template: Path | None) -> None:
        self.dir.mkdir()
        if template is not None:
            shutil.copytree(template, self.data)
        else:
            self.data.mkdir()
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", str(self.dir)], check=True)
        if template is None:
            _as_postgres([str(BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                          "--no-sync", "-E", "UTF8", "--locale=C.UTF-8", "--wal-segsize=1"])
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            for key, value in self.settings.items():
                conf.write(f"{key} = '{value}'\n")

    def start(self) -> None:
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-t", "30", "start"])

    def stop(self, mode: str = "fast") -> None:
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop"])

    def url(self, db: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{db}"

    def libpq(self, db: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{db}"

    def sql(self, statement: str, db: str = "postgres", user: str = "postgres"):
        import psycopg

        with psycopg.connect(self.libpq(db, user), autocommit=True) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else None


def _binaries_reason() -> str | None:
    if not (BIN / "initdb").exists() or not (BIN / "pg_ctl").exists():
        return f"region tests skipped: no PostgreSQL 15 binaries in {BIN} (apt-get install postgresql-15)"
    if os.geteuid() == 0:
        try:
            subprocess.run(["id", "postgres"], check=True, capture_output=True)
        except (subprocess.CalledProcessError, FileNotFoundError):
            return "region tests skipped: no `postgres` user to run the private servers as"
    return None


@pytest.fixture(scope="session")
def pg_cluster():
    """A factory of private servers; every server made is stopped and removed at the end."""
    reason = _binaries_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    # in memory where there is a tmpfs: the servers are thrown away, and made and removed in a blink
    scratch = os.environ.get("ANJUNGAN_PG_TMP") or ("/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    root = Path(tempfile.mkdtemp(prefix="anjungan-region-", dir=scratch))
    os.chmod(root, 0o755)
    made: list[Instance] = []
    template: list[Path] = []

    def make(name: str, **settings) -> Instance:
        inst = Instance(root, name, settings)
        inst.init(template[0] if template else None)
        if not template:                       # initdb once; later servers copy the fresh folder
            template.append(root / "template")
            shutil.copytree(inst.data, template[0])
            (template[0] / "postgresql.auto.conf").write_text("")
        inst.start()
        made.append(inst)
        return inst

    yield make
    for inst in made:
        try:
            inst.stop("immediate")           # thrown away next: no shutdown checkpoint
        except subprocess.CalledProcessError:
            pass
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def region_servers(pg_cluster):
    """{branch code: its own server} and the region's server; each branch server keeps at most
    8 MB of WAL for a region that does not come (`max_slot_wal_keep_size`)."""
    bounded = dict(max_slot_wal_keep_size="8MB", wal_keep_size="0", max_wal_size="32MB", min_wal_size="8MB")
    branches = {"A01": pg_cluster("branch_a", **bounded), "B02": pg_cluster("branch_b", **bounded)}
    region = pg_cluster("region", wal_receiver_status_interval="1s")
    for server in branches.values():
        server.sql("CREATE DATABASE branch")
    region.sql("CREATE DATABASE region")
    return branches, region


def wait_for(predicate, timeout: float = 5.0, step: float = 0.05):
    """Poll `predicate()` until true; its last value (falsy when the time ran out)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)
