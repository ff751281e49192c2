"""`anjungan doctor` as a branch's IT officer runs it on each machine: every broken case says its
one sentence and its fix, and the command exits 0 only when all is well. Also `config check`,
and a machine that is not set up yet stops with its own exit status instead of migrating.

The PostgreSQL cases run on a branch schema of their own with the roles `db roles` makes; a
machine is another data folder (its own NIK key file) logging in with its role.
"""
from __future__ import annotations

import json
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.printer.standin import PrinterStandin

STAFF_PIN, ADMIN_PIN = "2468", "8642"


def doctor(capsys, *args: str, config: Path | None = None, db: str | None = None) -> tuple[int, dict]:
    argv = [*(["--config", str(config)] if config else []), *(["--db", db] if db else []), "doctor", "--json", *args]
    status = main(argv)
    out = capsys.readouterr().out
    return status, json.loads(out)


def check(doc: dict, name: str) -> dict:
    return next(c for c in doc["checks"] if c["name"] == name)


@pytest.fixture
def branch(make_services, pg_db, pg_url, isolated_data_dir):
    """A migrated branch schema (the server's key in the test's data folder), its roles and PINs;
    yields (url of a role, the server's key file, the admin's services)."""
    admin = make_services(pg_db)
    prefix = f"t{uuid.uuid4().hex[:8]}"
    made = admin.create_roles(prefix)
    admin.set_pin("staff", STAFF_PIN)
    admin.set_pin("admin", ADMIN_PIN)

    def as_role(kind: str) -> str:
        return pg_db.replace("postgres@", f"{made[kind]}@", 1)

    yield as_role, isolated_data_dir / "nik.key", admin
    import psycopg

    admin.close()
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        for role in made.values():
            conn.execute(f'DROP OWNED BY "{role}" CASCADE')
            conn.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def machine_dir(tmp_path, monkeypatch):
    """Another PC of the branch: a data folder of its own (no NIK key unless one is copied)."""
    folder = tmp_path / "machine"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(folder))
    return folder


def copy_key(server_key: Path, machine: Path) -> Path:
    target = machine / "nik.key"
    shutil.copyfile(server_key, target)
    target.chmod(0o600)
    return target


# -- all well ---------------------------------------------------------------------------------------

def test_a_counter_set_up_as_documented_is_all_well(capsys, branch, machine_dir):
    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    status, doc = doctor(capsys, db=as_role("counter"))
    assert doc["machine"] == "counter"                       # said by its role's name
    assert status == 0 and doc["ok"], [c for c in doc["checks"] if not c["ok"]]
    assert {"config", "database", "schema", "role", "nik_key", "pins", "clock", "disk"} <= {c["name"] for c in doc["checks"]}
    for c in doc["checks"]:
        assert set(c) >= {"name", "ok", "level", "message", "fix"} and c["level"] == "ok" and c["fix"] == ""
    assert "boleh mengerjakan tugas mesin counter" in check(doc, "role")["message"]


# -- the NIK key -------------------------------------------------------------------------------------

def test_a_machine_without_the_key_file_is_told_to_copy_it(capsys, branch, machine_dir):
    as_role, _, _ = branch
    status, doc = doctor(capsys, db=as_role("counter"))
    key = check(doc, "nik_key")
    assert status == 1 and not doc["ok"] and key["level"] == "fail"
    assert key["message_en"] == f"The NIK key file {machine_dir / 'nik.key'} does not exist."
    assert "Copy the key file from the server PC" in key["fix_en"]
    assert not (machine_dir / "nik.key").exists()            # the doctor made no key of its own


def test_a_machine_with_another_key_is_told_it_is_not_the_branchs(capsys, branch, machine_dir):
    as_role, server_key, _ = branch
    (machine_dir / "nik.key").write_text("ab" * 32 + "\n")
    (machine_dir / "nik.key").chmod(0o600)
    status, doc = doctor(capsys, db=as_role("kiosk"), *("--machine", "counter"))
    key = check(doc, "nik_key")
    assert status == 1 and key["level"] == "fail"
    assert "is not the branch's" in key["message_en"] and "would never match" in key["message_en"]
    assert "ab" * 32 not in json.dumps(doc)                  # a fingerprint, never the key


def test_a_key_file_others_can_read_is_told_to_be_made_owner_only(capsys, branch, machine_dir):
    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir).chmod(0o644)
    _, doc = doctor(capsys, db=as_role("counter"))
    key = check(doc, "nik_key")
    assert key["level"] == "fail" and "(mode 0644)" in key["message_en"] and "chmod 600" in key["fix_en"]


# -- the role ------------------------------------------------------------------------------------------

def test_a_counter_logged_in_with_the_display_role_is_told_which_role_to_use(capsys, branch, machine_dir):
    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    status, doc = doctor(capsys, "--machine", "counter", db=as_role("display"))
    role = check(doc, "role")
    assert status == 1 and role["level"] == "fail"
    assert "may not do the job of a counter machine" in role["message_en"]
    assert "INSERT tickets" in role["message_en"] or "SELECT participants" in role["message_en"]
    assert role["fix_en"].startswith("Connect this machine as anjungan_counter")


def test_a_kiosk_role_that_lost_its_sequences_and_pin_check_is_told(capsys, branch, machine_dir, pg_db):
    """What a zero-row statement cannot show: a new ticket's event needs its sequence, the staff
    pad the PIN check function."""
    from sqlalchemy import create_engine, text

    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    kiosk = as_role("kiosk").split("//", 1)[1].split("@", 1)[0]
    engine = create_engine(pg_db)
    with engine.begin() as conn:
        conn.execute(text(f'REVOKE USAGE ON SEQUENCE events_id_seq FROM "{kiosk}"'))
        conn.execute(text(f'REVOKE EXECUTE ON FUNCTION anjungan_check_pin(text, text, text, text) FROM "{kiosk}"'))
    engine.dispose()
    status, doc = doctor(capsys, db=as_role("kiosk"))
    role = check(doc, "role")
    assert status == 1 and role["level"] == "fail"
    assert "USAGE events_id_seq" in role["message_en"] and "EXECUTE anjungan_check_pin" in role["message_en"]


def test_trying_the_job_changes_nothing(capsys, branch, machine_dir):
    as_role, server_key, admin = branch
    copy_key(server_key, machine_dir)
    before = admin.status().to_json()
    doctor(capsys, "--machine", "kiosk", db=as_role("kiosk"))
    assert admin.status().to_json() == before


# -- the schema ----------------------------------------------------------------------------------------

def _set_revision(url: str, revision: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_a_schema_newer_than_the_program_says_update_this_pc(capsys, branch, machine_dir, pg_db):
    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    _set_revision(pg_db, "0099")
    status, doc = doctor(capsys, db=as_role("counter"))
    schema = check(doc, "schema")
    assert status == 1 and schema["level"] == "fail"
    assert "the database schema is newer (revision 0099" in schema["message_en"]
    assert "update anjungan on this PC" in schema["message_en"]
    # and the machine itself does not start on it (exit 6), so systemd does not loop
    assert main(["--db", as_role("counter"), "status"]) == 6
    assert "skema database lebih baru" in capsys.readouterr().err


# -- the clock -----------------------------------------------------------------------------------------

def test_a_clock_two_minutes_off_the_database_server_is_a_warning(capsys, branch, machine_dir, monkeypatch, pg_db):
    from sqlalchemy import create_engine, text

    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    engine = create_engine(pg_db)
    with engine.connect() as conn:
        server_now = conn.execute(text("SELECT now()")).scalar_one()
    engine.dispose()
    monkeypatch.setenv("ANJUNGAN_NOW", (server_now + timedelta(minutes=2)).isoformat())
    status, doc = doctor(capsys, db=as_role("counter"))
    clock = check(doc, "clock")
    assert status == 1 and clock["level"] == "warn" and not doc["ok"]
    seconds = int(clock["message_en"].split("clock is ")[1].split(" seconds")[0])
    assert 118 <= seconds <= 125
    assert "(more than 30)" in clock["message_en"] and "timesyncd" in clock["fix_en"]


# -- the printer ---------------------------------------------------------------------------------------

@pytest.fixture
def standin():
    printer = PrinterStandin()
    yield printer
    printer.close()


def _config_with_printer(tmp_path: Path, url: str) -> Path:
    config = tmp_path / "branch.toml"
    config.write_text(f'extends = "default.toml"\n\n[printer]\nurl = "{url}"\n', encoding="utf-8")
    return config


def test_a_kiosk_whose_printer_is_out_of_paper_is_told(capsys, branch, machine_dir, standin, tmp_path):
    as_role, server_key, _ = branch
    copy_key(server_key, machine_dir)
    config = _config_with_printer(tmp_path, standin.url)
    _, doc = doctor(capsys, config=config, db=as_role("kiosk"))
    assert doc["machine"] == "kiosk" and check(doc, "printer")["level"] == "ok"
    assert check(doc, "role")["level"] == "ok" and check(doc, "nik_key")["level"] == "ok"
    standin.paper_out()
    status, doc = doctor(capsys, config=config, db=as_role("kiosk"))
    printer = check(doc, "printer")
    assert status == 1 and printer["level"] == "fail"
    assert "out of paper" in printer["message_en"] and "anjungan printer status" in printer["fix_en"]


def test_a_printer_nearly_out_of_paper_is_a_warning(capsys, standin, tmp_path):
    standin.paper_near_end()
    _, doc = doctor(capsys, "--machine", "kiosk", config=_config_with_printer(tmp_path, standin.url))
    printer = check(doc, "printer")
    assert printer["level"] == "warn" and "nearly out of paper" in printer["message_en"]


# -- one PC, SQLite -------------------------------------------------------------------------------------

def test_one_pc_on_sqlite_says_what_is_missing_in_text_and_in_json(capsys, isolated_data_dir):
    assert main(["db", "upgrade"]) == 0                   # a one-PC branch makes its database first
    capsys.readouterr()
    status = main(["doctor"])
    text = capsys.readouterr().out
    assert status == 1
    lines = text.strip().splitlines()
    assert lines[-1] == "1 hal perlu dibereskan (lihat di atas)." or "hal perlu dibereskan" in lines[-1]
    pins = next(line for line in lines if "] pins:" in line)
    assert pins.startswith("[GAGAL") and "belum diatur" in pins and "anjungan staff set-pin" in pins
    status, doc = doctor(capsys)
    assert doc["machine"] == "server" and check(doc, "clock")["message_en"] == "SQLite: the database's clock is this PC's."
    assert check(doc, "schema")["ok"] and check(doc, "nik_key")["ok"]


def test_a_broken_configuration_is_named_and_the_database_is_not_tried(capsys, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "default.toml"\n[printer]\npaper_mm = 70\n', encoding="utf-8")
    status, doc = doctor(capsys, config=bad)
    assert status == 1
    config = check(doc, "config")
    assert config["level"] == "fail" and "paper_mm" in config["message"]
    assert f"anjungan config check {bad}" in config["fix_en"]
    assert check(doc, "database")["message_en"] == "The database was not checked: the configuration is not valid yet."


def test_the_doctor_knows_the_same_machines_as_the_units():
    from kiosk.cli.units import MACHINES
    from kiosk.services import DOCTOR_MACHINES

    assert set(DOCTOR_MACHINES) == {*MACHINES, "server"}


# -- config check ----------------------------------------------------------------------------------------

def test_config_check_reads_a_file_offline(capsys, tmp_path):
    good = tmp_path / "branch.toml"
    good.write_text('extends = "default.toml"\n\n[database]\nurl = "postgresql://anjungan_kiosk:rahasia@10.0.0.2/x"\n',
                    encoding="utf-8")
    assert main(["config", "check", str(good), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["database"] == "postgresql://anjungan_kiosk:***@10.0.0.2/x"   # no server was asked
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "default.toml"\n[printer]\npaper_mm = 70\n', encoding="utf-8")
    assert main(["config", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "paper_mm" in err and len(err.strip().splitlines()) == 1


def test_config_check_refuses_a_credentials_file_others_can_read(capsys, tmp_path):
    secret = tmp_path / "db-url"
    secret.write_text("postgresql://anjungan_kiosk:rahasia@10.0.0.2/anjungan\n")
    secret.chmod(0o644)
    config = tmp_path / "branch.toml"
    config.write_text('extends = "default.toml"\n\n[database]\ndb_url_file = "db-url"\n', encoding="utf-8")
    assert main(["config", "check", str(config)]) == 2
    assert "0644" in capsys.readouterr().err


# -- not set up yet: no migration at start, a status of its own --------------------------------------------

def test_a_machine_on_a_schema_behind_says_so_and_does_not_migrate(capsys, pg_db):
    from alembic import command
    from sqlalchemy import create_engine, text

    from kiosk.store.schema import HEAD, alembic_config

    engine = create_engine(pg_db)
    with engine.begin() as conn:                       # the branch as an earlier version left it
        command.upgrade(alembic_config(engine, conn), "0010")
    assert main(["--db", pg_db, "status"]) == 6
    err = capsys.readouterr().err
    assert "revision 0010" in err or "revisi 0010" in err
    assert "anjungan db upgrade" in err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0010"   # untouched
    assert main(["--db", pg_db, "db", "upgrade"]) == 0              # only this migrates
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    engine.dispose()
    assert main(["--db", pg_db, "status"]) == 0


def test_a_branch_database_without_tables_says_run_db_upgrade(capsys, pg_db):
    assert main(["--db", pg_db, "status"]) == 6
    assert "`anjungan db upgrade`" in capsys.readouterr().err


def test_a_database_that_cannot_be_reached_is_said_with_what_to_check(capsys):
    status, doc = doctor(capsys, "--machine", "display", db="postgresql+psycopg://anjungan_display@127.0.0.1:1/anjungan")
    database = check(doc, "database")
    assert status == 1 and database["level"] == "fail"
    assert "127.0.0.1" in database["message_en"] and "the database server is running" in database["fix_en"]
    assert "schema" not in {c["name"] for c in doc["checks"]}       # nothing more is asked of it


def test_low_inotify_limits_and_a_nearly_full_disk_are_said(tmp_path, monkeypatch):
    import shutil as shutil_module
    from collections import namedtuple

    from kiosk.app.doctor import check_disk, check_inotify

    proc = tmp_path / "inotify"
    proc.mkdir()
    (proc / "max_user_instances").write_text("8\n")
    (proc / "max_user_watches").write_text("8192\n")
    low = check_inotify("sqlite", proc)
    assert low.level == "warn" and "(8 instances, 8192 watches)" in low.message_en
    assert "fs.inotify.max_user_instances = 512" in low.fix_en
    assert check_inotify("postgresql", proc).ok
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: usage(10 << 30, (10 << 30) - (150 << 20), 150 << 20))
    full = check_disk(tmp_path)
    assert full.level == "fail" and f"{tmp_path} has only 150 MB free (under 200 MB)" in full.message_en
