"""Backups that restore: every committed ticket in the copy while a kiosk issues, the NIK key with
it, and a restored store that never hands out a number someone already holds.

Each test goes through the services (`Services.backup`, `restore_backup`) as `anjungan backup` and
`anjungan restore` do; the command line's own shape is in tests/cli/test_backup_cli.py.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.domain import errors
from kiosk.services import demo_config, restore_backup
from tests.conftest import fresh_nik

ROOT = Path(__file__).resolve().parents[2]


def seq(number: str) -> int:
    return int(number.split("-")[1])


def ticket_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT ticket_id FROM tickets")}
    finally:
        conn.close()


def info(svc) -> dict:
    return next(s for s in svc.status().to_json()["services"] if s["service"] == "INFO")


def restore(url: str, path: Path, clock, **kw):
    return restore_backup(db_url=url, path=path, config=demo_config(), clock=clock, **kw)


def test_a_backup_taken_while_a_kiosk_issues_holds_every_committed_ticket(make_services, tmp_path):
    """`cp anjungan.sqlite` during service misses the tickets still in the WAL (how many depends on
    when SQLite last checkpointed); the backup holds every ticket committed before it began, while
    the kiosk goes on."""
    live = tmp_path / "live.sqlite"
    office = make_services(f"sqlite:///{live}")
    kiosk = make_services(f"sqlite:///{live}")           # another engine, as another process would be
    committed: list[str] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def issue_on() -> None:
        try:
            while not stop.is_set():
                committed.append(kiosk.issue(fresh_nik(), "INFO", assisted=True).ticket_id)
        except BaseException as exc:  # noqa: BLE001 - said below
            failures.append(exc)

    worker = threading.Thread(target=issue_on)
    worker.start()
    try:
        deadline = time.monotonic() + 20
        while len(committed) < 15 and time.monotonic() < deadline and not failures:
            time.sleep(0.01)
        before = set(committed)                            # committed before the backup began
        made = office.backup(tmp_path / "backups")
        time.sleep(0.05)
    finally:
        stop.set()
        worker.join()
    assert not failures, failures
    copied = ticket_ids(made.path / "anjungan.sqlite")
    assert len(before) >= 15 and before <= copied
    assert made.tickets == len(copied) and made.bytes > 0
    assert copied <= set(committed)                        # nothing half-written, nothing invented
    assert sorted(p.name for p in made.path.iterdir()) == ["anjungan.sqlite", "config", "manifest.json", "nik.key"]
    assert all(p.stat().st_mode & 0o077 == 0 for p in made.path.rglob("*"))   # it holds the key: owner only


def test_a_restore_on_a_new_machine_goes_on_past_every_number_handed_out(make_services, tmp_path, monkeypatch,
                                                                          isolated_data_dir, clock):
    url = f"sqlite:///{isolated_data_dir / 'anjungan.sqlite'}"
    old = make_services(url)
    people = [fresh_nik() for _ in range(13)]
    for nik in people[:5]:
        old.issue(nik, "INFO")
    made = old.backup(tmp_path / "backups")
    handed = [old.issue(nik, "INFO").number for nik in people[5:]]       # in people's hands, not in the backup
    assert handed[-1] == "A-013"
    branch_key = (isolated_data_dir / "nik.key").read_text()
    old.close()

    new_machine = tmp_path / "new-pc"                     # a fresh data folder: no store, no key
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(new_machine))
    new_url = f"sqlite:///{new_machine / 'anjungan.sqlite'}"
    done = restore(new_url, made.path, clock)
    assert (new_machine / "nik.key").read_text() == branch_key and done.key_installed
    info_line = next(c for c in done.numbering if c.service == "INFO")
    assert not info_line.known and info_line.last_in_backup == 5

    svc = make_services(new_url)
    fresh = svc.issue(fresh_nik(), "INFO")
    assert seq(fresh.number) > 13                          # never one of A-006…A-013 again
    again = svc.issue(people[0], "INFO")                   # she typed her NIK again: her own ticket
    assert again.existing and again.number == "A-001"
    assert info(svc)["issued"] == 6                        # the numbers jumped over count for no quota


def test_a_restore_over_the_stores_own_file_continues_right_after_its_last_number(make_services, tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'anjungan.sqlite'}"
    svc = make_services(url)
    for _ in range(3):
        svc.issue(fresh_nik(), "INFO")
    made = svc.backup(tmp_path / "backups")
    assert svc.issue(fresh_nik(), "INFO").number == "A-004"
    svc.close()
    done = restore(url, made.path, clock)
    assert next(c for c in done.numbering if c.service == "INFO").known
    again = make_services(url)
    assert again.issue(fresh_nik(), "INFO").number == "A-005"
    assert len(ticket_ids(tmp_path / "anjungan.sqlite")) == 4        # the backup's three and the new one


def test_a_key_that_is_not_the_databases_is_refused_and_never_replaced(make_services, tmp_path, monkeypatch,
                                                                       isolated_data_dir, clock):
    svc = make_services(f"sqlite:///{isolated_data_dir / 'anjungan.sqlite'}")
    svc.issue(fresh_nik(), "INFO")
    made = svc.backup(tmp_path / "backups")
    svc.close()
    other = tmp_path / "other-pc"
    other.mkdir()
    (other / "nik.key").write_text("ab" * 32 + "\n")
    os.chmod(other / "nik.key", 0o600)
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(other))
    with pytest.raises(errors.ConfigError) as refused:
        restore(f"sqlite:///{other / 'anjungan.sqlite'}", made.path, clock)
    assert refused.value.key == "backup.restore.key_wrong"
    assert (other / "nik.key").read_text() == "ab" * 32 + "\n"
    assert not (other / "anjungan.sqlite").exists()


def test_a_restore_without_any_key_never_makes_a_new_one(make_services, tmp_path, monkeypatch, isolated_data_dir,
                                                         clock):
    svc = make_services(f"sqlite:///{isolated_data_dir / 'anjungan.sqlite'}")
    svc.issue(fresh_nik(), "INFO")
    made = svc.backup(tmp_path / "backups")
    svc.close()
    (made.path / "nik.key").unlink()                      # the key was left behind when the backup was copied
    bare = tmp_path / "bare-pc"
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(bare))
    with pytest.raises(errors.ConfigError) as refused:
        restore(f"sqlite:///{bare / 'anjungan.sqlite'}", made.path, clock)
    assert refused.value.key == "backup.restore.key_absent"
    assert not (bare / "nik.key").exists() and not (bare / "anjungan.sqlite").exists()


def test_a_backup_without_the_branch_key_is_refused(make_services, tmp_path, isolated_data_dir):
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    (isolated_data_dir / "nik.key").write_text("cd" * 32 + "\n")        # not the key the database knows
    with pytest.raises(errors.ConfigError) as refused:
        svc.backup(tmp_path / "backups")
    assert refused.value.key == "backup.key.not_branch"
    assert not list((tmp_path / "backups").glob("anjungan-*"))


def test_a_store_in_use_is_not_overwritten_without_force(make_services, tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'anjungan.sqlite'}"
    svc = make_services(url)
    svc.issue(fresh_nik(), "INFO")
    made = svc.backup(tmp_path / "backups")
    svc.heartbeat("kiosk", name="kiosk-2")                 # a kiosk at work a moment ago
    svc.close()
    with pytest.raises(errors.AnjunganError) as refused:
        restore(url, made.path, clock)
    assert refused.value.key == "backup.restore.in_use" and "kiosk-2" in str(refused.value)
    clock.advance(minutes=3)                               # silent for longer than the machines' limit
    restore(url, made.path, clock)


def test_a_file_another_process_has_open_is_in_use(make_services, tmp_path):
    """The command line refuses while another process holds the SQLite file open (idle or not),
    with one sentence; `--force` restores anyway."""
    url = f"sqlite:///{tmp_path / 'anjungan.sqlite'}"
    svc = make_services(url)
    svc.issue(fresh_nik(), "INFO")
    made = svc.backup(tmp_path / "backups")
    svc.close()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM tickets').fetchall();"
        " print('open', flush=True); time.sleep(60)"), str(tmp_path / "anjungan.sqlite")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        env = {**os.environ, "ANJUNGAN_NOW": "2026-11-23T09:30:00+07:00"}
        done = subprocess.run([sys.executable, "-m", "kiosk", "--db", url, "restore", str(made.path)], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1 and f"pid {holder.pid}" in done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        forced = subprocess.run([sys.executable, "-m", "kiosk", "--db", url, "restore", str(made.path), "--force"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert forced.returncode == 0, forced.stderr
    finally:
        holder.kill()
        holder.wait()


def test_backups_are_rotated_and_a_killed_one_is_never_counted(make_services, tmp_path):
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    folder = tmp_path / "backups"
    (folder / ".partial-anjungan-20000101T000000Z").mkdir(parents=True)   # what a backup killed part way left
    made = [svc.backup(folder, keep=2) for _ in range(3)]
    kept = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert kept == sorted(m.path.name for m in made[1:]) and made[2].removed == (made[0].path.name,)
    assert not list(folder.glob(".partial-*"))


def test_a_backup_run_again_right_after_a_killed_one_takes_the_name_it_left(make_services, tmp_path):
    """A backup killed (a power cut) and run again within the same second: the killed one's half
    folder has the very name the new one takes; it is cleared, never an internal error."""
    from datetime import datetime, timedelta, timezone

    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    folder = tmp_path / "backups"
    now = datetime.now(timezone.utc)
    for s in range(-1, 30):                             # whatever second the backup starts in
        left = folder / f".partial-anjungan-{now + timedelta(seconds=s):%Y%m%dT%H%M%SZ}"
        left.mkdir(parents=True)
        (left / "anjungan.sqlite").write_bytes(b"half a copy")
    made = svc.backup(folder)
    assert made.path.parent == folder and made.tickets == 0
    assert not list(folder.glob(".partial-*"))


def test_postgresql_backup_and_restore_of_the_branch_schema(make_services, pg_db, clock):
    """`pg_dump` of the branch's schema, restored into it in one transaction: the store as it was,
    numbering on past the replaced store's last number; a store lost altogether skips a margin."""
    import psycopg

    svc = make_services(pg_db)
    people = [fresh_nik() for _ in range(5)]
    for nik in people[:3]:
        svc.issue(nik, "INFO")
    made = svc.backup()
    assert (made.path / "anjungan.dump").is_file() and made.tickets == 3
    for nik in people[3:]:
        svc.issue(nik, "INFO")
    svc.close()
    done = restore(pg_db, made.path, clock)
    assert next(c for c in done.numbering if c.service == "INFO").known
    back = make_services(pg_db)
    with back.uow(write=False) as uow:
        assert len(uow.queue.waiting_tickets(clock().date())) == 3
    assert back.issue(fresh_nik(), "INFO").number == "A-006"
    back.close()

    schema = pg_db.rsplit("%3D", 1)[1]
    plain = pg_db.replace("postgresql+psycopg", "postgresql").split("?")[0]
    with psycopg.connect(plain, autocommit=True) as conn:     # the server lost the branch's tables
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')
    done = restore(pg_db, made.path, clock)
    assert not next(c for c in done.numbering if c.service == "INFO").known
    lost = make_services(pg_db)
    assert seq(lost.issue(fresh_nik(), "INFO").number) == 3 + 100 + 1
    assert lost.issue(people[0], "INFO").existing              # the key's hashes still match


def test_a_store_backed_up_before_its_upgrade_restores(make_services, tmp_path, monkeypatch, clock):
    """The upgrade's own order: `anjungan backup` with the new program on the old schema (it never
    migrates first), then the restore of that backup goes on past its numbers too."""
    from alembic import command

    from kiosk.store import schema

    url = f"sqlite:///{tmp_path / 'anjungan.sqlite'}"
    svc = make_services(url)
    for _ in range(2):
        svc.issue(fresh_nik(), "INFO")
    with svc.database.engine.connect() as conn:
        command.downgrade(schema.alembic_config(svc.database.engine, conn), "0013")    # before number gaps
        conn.commit()
    svc.close()
    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:00:00+07:00")
    from kiosk.cli import main

    assert main(["--db", url, "backup", "--to", str(tmp_path / "backups")]) == 0
    made = next((tmp_path / "backups").glob("anjungan-*"))
    assert schema.current_revision(svc.database.engine) == "0013"           # the backup migrated nothing
    new_machine = tmp_path / "new-pc"
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(new_machine))
    restore(f"sqlite:///{new_machine / 'anjungan.sqlite'}", made, clock)
    again = make_services(f"sqlite:///{new_machine / 'anjungan.sqlite'}")
    assert seq(again.issue(fresh_nik(), "INFO").number) > 2 + 100


def test_a_store_copied_without_its_key_never_gets_a_new_one(make_services, tmp_path, monkeypatch):
    """Before: a store restored by hand without `nik.key` silently made a new key, and a waiting
    participant who typed her NIK got a second ticket."""
    import shutil

    old_url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = make_services(old_url)
    nik = fresh_nik()
    old.issue(nik, "INFO")
    old.close()                                            # the WAL folded into the file: a whole copy
    new_machine = tmp_path / "new-pc"
    new_machine.mkdir()
    shutil.copyfile(tmp_path / "old.sqlite", new_machine / "anjungan.sqlite")
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(new_machine))
    svc = make_services(f"sqlite:///{new_machine / 'anjungan.sqlite'}")
    with pytest.raises(errors.ConfigError) as refused:
        svc.issue(nik, "INFO")
    assert refused.value.key == "safety.key.missing" and not (new_machine / "nik.key").exists()
    (new_machine / "nik.key").write_text("ef" * 32 + "\n")              # some other key
    os.chmod(new_machine / "nik.key", 0o600)
    other = make_services(f"sqlite:///{new_machine / 'anjungan.sqlite'}")
    with pytest.raises(errors.ConfigError) as refused:
        other.issue(nik, "INFO")
    assert refused.value.key == "backup.key.not_database"
    assert (new_machine / "nik.key").read_text() == "ef" * 32 + "\n"
