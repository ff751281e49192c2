"""`anjungan db roles`: every kind of machine logs in with a role that can do its job and nothing
else; the hall display cannot read NIKs or names; only the owner can change the schema.

Before: every PC used the table owner and could `DROP TABLE`.
"""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from kiosk.domain import errors
from tests.events.helpers import anjungan

NIK = "3171012902001234"


@pytest.fixture
def branch(make_services, pg_db, pg_url):
    """A migrated branch schema with its roles; yields (admin services, url maker, role names)."""
    admin = make_services(pg_db)
    prefix = f"t{uuid.uuid4().hex[:8]}"
    made = admin.create_roles(prefix)

    def as_role(kind: str) -> str:
        return pg_db.replace("postgres@", f"{made[kind]}@", 1)

    yield admin, as_role, made
    import psycopg

    admin.close()
    with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        for role in made.values():
            conn.execute(f'DROP OWNED BY "{role}" CASCADE')
            conn.execute(f'DROP ROLE "{role}"')


def denied(url: str, sql: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql))
        return False
    except DBAPIError as exc:
        return getattr(exc.orig, "sqlstate", None) in ("42501", "42P01") or "permission denied" in str(exc)
    finally:
        engine.dispose()


FORBIDDEN_TO_EVERY_MACHINE = ["DROP TABLE tickets", "DELETE FROM events", "TRUNCATE tickets",
                              "CREATE TABLE x (a int)", "ALTER TABLE tickets ADD COLUMN x int",
                              "INSERT INTO staff_pins (role, pin_hash, set_at) VALUES ('staff', 'x', now())",
                              "UPDATE staff_pins SET pin_hash = 'x'"]


@pytest.mark.parametrize("kind", ["kiosk", "counter", "display", "report"])
def test_no_machine_role_may_change_the_schema_delete_or_set_pins(branch, kind):
    _admin, as_role, _made = branch
    for sql in FORBIDDEN_TO_EVERY_MACHINE:
        assert denied(as_role(kind), sql), (kind, sql)


def test_the_kiosk_checks_and_issues_and_does_nothing_at_a_counter(branch, make_services):
    _admin, as_role, _ = branch
    kiosk = make_services(as_role("kiosk"))
    assert kiosk.check(NIK).nik_valid
    ticket = kiosk.issue(NIK, "INFO", assisted=True)
    assert ticket.number == "A-001"
    assert kiosk.staff_pin("0000").ok is False            # its PIN attempts are counted
    with pytest.raises(errors.StoreUnavailable, match="tidak boleh"):
        kiosk.call_next(1)
    with pytest.raises(errors.StoreUnavailable):
        kiosk.pause(1)
    assert denied(as_role("kiosk"), "UPDATE tickets SET state = 'called'")


def test_the_counter_calls_and_transfers_but_cannot_issue(branch, make_services):
    admin, as_role, _ = branch
    admin.issue(NIK, "INFO", assisted=True)
    counter = make_services(as_role("counter"))
    called = counter.call_next(1)
    assert called.number == "A-001"
    assert counter.recall(1).number == "A-001"
    counter.transfer(1, "JHT", "klaim")
    counter.pause(2)
    counter.resume(2)
    with pytest.raises(errors.StoreUnavailable, match="tidak boleh"):
        counter.issue("3171011708450001", "INFO", assisted=True)
    assert denied(as_role("counter"), "UPDATE number_sequences SET last_seq = 0")


def test_the_display_follows_the_queue_without_nik_columns_or_names(branch, make_services):
    admin, as_role, _ = branch
    admin.import_participants([_row()])
    admin.issue(NIK, "INFO", assisted=True)
    admin.call_next(1)
    display = make_services(as_role("display"))
    status, position = display.status_at_position()
    assert any(c["ticket"] and c["ticket"]["number"] == "A-001" for c in status.to_json()["counters"])
    assert display.status().to_json()["counters"][0]["ticket"]["nik_masked"] is None
    events, _, _ = display.events_since(position.__class__(0))
    assert [e.kind for e in events][:2] == ["issued", "called"]
    url = as_role("display")
    for sql in ("SELECT nik FROM tickets", "SELECT nik_hash FROM tickets", "SELECT nik_last4 FROM tickets",
                "SELECT * FROM tickets", "SELECT name FROM participants", "SELECT nik FROM participants",
                "SELECT nik FROM bookings", "SELECT * FROM staff_pins",
                "INSERT INTO events (at, kind, data) VALUES (now(), 'called', '{}')"):
        assert denied(url, sql), sql
    assert not denied(url, "SELECT number, state, counter FROM tickets")


def test_the_report_role_reads_but_never_the_full_nik(branch):
    admin, as_role, _ = branch
    admin.issue(NIK, "INFO", assisted=True)
    url = as_role("report")
    assert not denied(url, "SELECT count(*), min(nik_hash) FROM tickets")
    assert not denied(url, "SELECT count(*) FROM events")
    for sql in ("SELECT nik FROM tickets", "SELECT * FROM staff_pins", "SELECT * FROM api_tokens",
                "INSERT INTO events (at, kind, data) VALUES (now(), 'called', '{}')", "UPDATE tickets SET counter = 1"):
        assert denied(url, sql), sql


def test_the_owner_runs_migrations_and_db_roles_is_idempotent(branch, make_services):
    admin, as_role, made = branch
    owner = as_role("owner")
    assert not denied(owner, "CREATE TABLE scratch (a int)")
    assert not denied(owner, "DROP TABLE scratch")
    assert make_services(owner).set_pin("staff", "2468") is None
    assert admin.create_roles(made["owner"].rsplit("_", 1)[0]) == made      # again: same roles, same grants
    assert make_services(as_role("kiosk")).staff_pin("2468").ok


def test_db_roles_from_the_command_line_and_on_sqlite(branch, tmp_path):
    _admin, _as_role, made = branch
    done = anjungan("db", "roles", "--prefix", made["owner"].rsplit("_", 1)[0], "--json", db=_admin_url(branch))
    assert done.returncode == 0, done.stderr
    done = anjungan("db", "roles", db=f"sqlite:///{tmp_path / 'q.sqlite'}")
    assert done.returncode == 2 and "PostgreSQL" in done.stderr and "Traceback" not in done.stderr


def _admin_url(branch) -> str:
    admin = branch[0]
    return admin.database.engine.url.render_as_string(hide_password=False)


def _row():
    from datetime import date
    from types import SimpleNamespace

    from kiosk.domain.participant import Status

    return SimpleNamespace(nik=NIK, name="Dewi Lestari", status=Status.ACTIVE, status_text="active", segment="PU",
                           programs=frozenset({"JHT"}), birth_date=date(2000, 2, 29), last_paid="2026-10")
