"""A SQLite file that cannot be used now: waited for at most 3 s, and the exact reason said.

Before: a locked file made `issue`/`call` wait 15.7 s before "Database sedang sibuk", a
read-only file was "cannot be reached", a path under a file was a traceback.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kiosk.domain import errors
from tests.events.helpers import MONDAY_9, ROOT

NIK = "3171012902001234"


def cli(*args: str, env: dict | None = None, user: str | None = None) -> tuple[subprocess.CompletedProcess, float]:
    full_env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, **(env or {})}
    prefix = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups"] if user else []
    started = time.monotonic()
    done = subprocess.run([*prefix, sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=60)
    return done, time.monotonic() - started


def one_sentence(done: subprocess.CompletedProcess) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def test_a_locked_file_is_waited_for_3_s_at_most_and_said_to_be_locked(make_services, tmp_path):
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    svc = make_services(url)
    svc.issue(NIK, "INFO", assisted=True)
    other = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                       # another process holds the write lock
    try:
        started = time.monotonic()
        with pytest.raises(errors.StoreUnavailable, match="sibuk.*terkunci setelah 3 detik") as caught:
            svc.call_next(1)
        took = time.monotonic() - started
        done, cli_took = cli("--db", url, "issue", "--nik", NIK, "--service", "INFO", "--assisted")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert 2.5 <= took <= 3.5, took
    assert "locked" in caught.value.message_en
    assert done.returncode == 3 and "terkunci" in one_sentence(done)
    assert cli_took <= 6, cli_took
    assert svc.call_next(1).number == "A-001"             # nothing was half-done


def test_a_missing_folder_is_named(tmp_path):
    done, _ = cli("--db", f"sqlite:///{tmp_path / 'nowhere' / 'q.sqlite'}", "status")
    assert done.returncode == 3
    sentence = one_sentence(done)
    assert "tidak ada" in sentence and "nowhere" in sentence
    assert not (tmp_path / "nowhere").exists()             # a typo never makes an empty database


def test_a_path_under_a_file_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    done, _ = cli("--db", f"sqlite:///{tmp_path / 'notes.txt' / 'q.sqlite'}", "status")
    assert done.returncode == 3
    assert "bukan folder" in one_sentence(done) and "notes.txt" in done.stderr


@pytest.mark.parametrize("content", [b"nik,name\n3171012902001234,Dewi\n", bytes(range(256)) * 64])
def test_a_file_that_is_not_a_database_is_named(tmp_path, content):
    path = tmp_path / "peserta.csv"
    path.write_bytes(content)
    done, _ = cli("--db", f"sqlite:///{path}", "status")
    assert done.returncode == 3
    assert "bukan berkas database SQLite" in one_sentence(done)
    assert path.read_bytes() == content                    # and it was not touched


def test_a_folder_given_as_the_database_is_named(tmp_path):
    done, _ = cli("--db", f"sqlite:///{tmp_path}", "status")
    assert done.returncode == 3 and "bukan berkas database" in one_sentence(done)


def test_a_data_folder_that_cannot_be_made_is_named(tmp_path):
    (tmp_path / "afile").write_text("x")
    done, _ = cli("status", env={"ANJUNGAN_DATA_DIR": str(tmp_path / "afile" / "data")})
    assert done.returncode == 2
    assert "Folder data" in one_sentence(done)


def test_the_database_file_and_the_data_folder_are_for_their_owner_only(make_services, isolated_data_dir):
    svc = make_services(f"sqlite:///{isolated_data_dir / 'anjungan.sqlite'}")
    svc.issue(NIK, "INFO", assisted=True)
    assert stat.S_IMODE(isolated_data_dir.stat().st_mode) == 0o700
    for name in ("anjungan.sqlite", "anjungan.sqlite-wal", "anjungan.sqlite-shm"):
        path = isolated_data_dir / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name


def test_an_existing_world_readable_database_is_made_owner_only(make_services, tmp_path):
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).close()
    path.chmod(0o644)
    make_services(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def other_user_place():
    """A folder another (unprivileged) user can read but not write, for the read-only cases."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    place = Path(tempfile.mkdtemp(prefix="anjungan-ro-"))
    place.chmod(0o755)
    data = place / "data"
    data.mkdir()
    shutil.chown(data, "nobody")
    yield place, data
    shutil.rmtree(place, ignore_errors=True)


def _made(path: Path) -> None:
    from kiosk.services import open_services

    open_services(db_url=f"sqlite:///{path}").close()


def test_a_read_only_file_is_said_to_be_read_only(other_user_place):
    place, data = other_user_place
    db_file = place / "ro.sqlite"
    _made(db_file)
    db_file.chmod(0o644)          # readable by everyone, writable by its owner (root) only
    (place / "ro.sqlite-wal").unlink(missing_ok=True)
    done, _ = cli("--db", f"sqlite:///{db_file}", "issue", "--nik", NIK, "--service", "INFO", "--assisted",
                  env={"ANJUNGAN_DATA_DIR": str(data)}, user="nobody")
    assert done.returncode == 3
    sentence = one_sentence(done)
    assert "read-only" in sentence or "tidak dapat ditulisi" in sentence, sentence


def test_a_file_nobody_else_may_read_is_said_so(other_user_place):
    place, data = other_user_place
    db_file = place / "mine.sqlite"
    _made(db_file)
    db_file.chmod(0o600)
    done, _ = cli("--db", f"sqlite:///{db_file}", "status", env={"ANJUNGAN_DATA_DIR": str(data)}, user="nobody")
    assert done.returncode == 3
    sentence = one_sentence(done)
    assert "izin" in sentence or "read-only" in sentence or "ditulisi" in sentence, sentence
