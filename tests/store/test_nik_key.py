"""The key of the NIK hash lives outside the database (a key file readable by its owner only, or
an environment variable), and a purged ticket keeps only what statistics need.

Before: the key lived in the database next to the hash and the last four digits, and 3 of 3
purged NIKs were recovered from a copy of the database in 44 s.
"""
from __future__ import annotations

import hashlib
import hmac
import stat

import pytest
from sqlalchemy import inspect, text

from kiosk.domain import errors
from kiosk.store import secrets

NIK = "3171012902001234"


def stored_hash(svc) -> str:
    with svc.database.engine.connect() as conn:
        return conn.execute(text("SELECT nik_hash FROM tickets")).scalar_one()


def test_the_key_is_a_file_for_its_owner_only_and_not_in_the_database(make_services, tmp_path, isolated_data_dir):
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    svc.issue(NIK, "INFO", assisted=True)
    key_file = isolated_data_dir / "nik.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = bytes.fromhex(key_file.read_text().strip())
    assert stored_hash(svc) == hmac.new(key, NIK.encode(), hashlib.sha256).hexdigest()
    assert not inspect(svc.database.engine).has_table("branch_secret")
    assert key_file.read_text().strip().encode() not in (tmp_path / "q.sqlite").read_bytes()


def test_the_key_may_come_from_the_environment(make_services, tmp_path, isolated_data_dir, monkeypatch):
    monkeypatch.setenv(secrets.KEY_ENV, "ab" * 32)
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    svc.issue(NIK, "INFO", assisted=True)
    assert stored_hash(svc) == hmac.new(bytes.fromhex("ab" * 32), NIK.encode(), hashlib.sha256).hexdigest()
    assert not (isolated_data_dir / "nik.key").exists()


def test_a_bad_key_is_one_sentence(make_services, tmp_path, monkeypatch):
    monkeypatch.setenv(secrets.KEY_ENV, "not-hex")
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    with pytest.raises(errors.ConfigError, match="64 digit heksadesimal"):
        svc.issue(NIK, "INFO", assisted=True)


def test_machines_starting_at_once_share_one_whole_key(isolated_data_dir):
    """Sixteen starts at the same moment: one key, and no start ever reads a half-written one."""
    import threading

    keys, failures, go = [], [], threading.Barrier(16)

    def start() -> None:
        go.wait()
        try:
            keys.append(secrets.load_nik_key())
        except Exception as exc:  # noqa: BLE001 - a failure is the finding
            failures.append(exc)

    threads = [threading.Thread(target=start) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not failures and len(keys) == 16 and len(set(keys)) == 1
    assert sorted(p.name for p in isolated_data_dir.iterdir()) == ["nik.key"]      # no drafts left


def test_a_start_that_dies_while_writing_the_key_leaves_no_empty_key(isolated_data_dir, monkeypatch):
    """The first start dies between making the file and writing the key (a power cut, a kill):
    the next start still gets a whole key, not an empty file for ever."""
    real_open = secrets.os.fdopen

    def dies_writing(fd, *args, **kwargs):          # the process ends as it writes the key
        f = real_open(fd, *args, **kwargs)
        f.write = lambda _text: (_ for _ in ()).throw(KeyboardInterrupt())
        return f

    monkeypatch.setattr(secrets.os, "fdopen", dies_writing)
    with pytest.raises(KeyboardInterrupt):
        secrets.load_nik_key()
    monkeypatch.setattr(secrets.os, "fdopen", real_open)
    key = secrets.load_nik_key()
    assert len(key) == 32 and (isolated_data_dir / "nik.key").read_text().strip() == key.hex()


def test_a_key_file_others_could_read_is_made_owner_only(isolated_data_dir):
    path = isolated_data_dir / "nik.key"
    path.write_text("cd" * 32 + "\n")
    path.chmod(0o644)
    assert secrets.load_nik_key() == bytes.fromhex("cd" * 32)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_old_database_key_moves_to_the_key_file_and_the_hashes_stay_comparable(tmp_path, isolated_data_dir):
    from alembic import command

    from kiosk.store import schema
    from kiosk.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.connect() as conn:
        command.upgrade(schema.alembic_config(engine, conn), "0007")
        conn.execute(text("INSERT INTO branch_secret (id, nik_key) VALUES (1, :k)"), {"k": "ef" * 32})
        conn.commit()
    assert schema.upgrade(engine) == schema.HEAD
    assert (isolated_data_dir / "nik.key").read_text().strip() == "ef" * 32
    assert stat.S_IMODE((isolated_data_dir / "nik.key").stat().st_mode) == 0o600
    assert not inspect(engine).has_table("branch_secret")
    engine.dispose()


def test_on_a_branch_server_every_machine_needs_the_same_key(make_services, pg_db, tmp_path, monkeypatch):
    first = make_services(pg_db)                 # creates the database, and with it the key file here
    first.issue(NIK, "INFO", assisted=True)
    made = secrets.key_file()
    assert made.exists()
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(tmp_path / "second-pc"))
    second = make_services(pg_db)
    with pytest.raises(errors.ConfigError, match="nik.key"):
        second.issue("3171011708450001", "INFO", assisted=True)
    monkeypatch.setenv(secrets.KEY_FILE_ENV, str(made))
    third = make_services(pg_db)
    third.issue(NIK, "INFO", assisted=True)
    with third.database.engine.connect() as conn:            # the same NIK gives the same hash on every machine
        hashes = conn.execute(text("SELECT nik_hash FROM tickets")).scalars().all()
    assert len(hashes) == 2 and len(set(hashes)) == 1


def test_a_purged_ticket_keeps_only_a_short_visitor_key(make_services, clock, tmp_path):
    svc = make_services(f"sqlite:///{tmp_path / 'q.sqlite'}")
    svc.issue(NIK, "INFO", assisted=True)
    full = stored_hash(svc)
    clock.advance(days=1)
    svc.purge_full_niks()
    with svc.database.engine.connect() as conn:
        row = conn.execute(text("SELECT nik, nik_last4, nik_hash FROM tickets")).one()
    assert row == (None, None, full[:8])
