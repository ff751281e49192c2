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
from kiosk.store.access_matrix import MACHINE_ROLES
from tests.conftest import made_sqlite
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
                              "UPDATE staff_pins SET pin_hash = 'x'", "SELECT pin_hash FROM staff_pins",
                              "UPDATE pin_attempts SET failures = 0, locked_until = NULL",
                              "DELETE FROM pin_attempts", "DELETE FROM ratings", "UPDATE skm_responses SET u1 = 4",
                              "CREATE OR REPLACE FUNCTION anjungan_pin_salts() RETURNS TABLE (role text, "
                              "iterations integer, salt text) LANGUAGE sql AS 'SELECT role, 1, pin_hash FROM staff_pins'"]


@pytest.mark.parametrize("kind", MACHINE_ROLES)
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


def test_the_counter_calls_transfers_checks_in_books_and_rates(branch, make_services):
    admin, as_role, _ = branch
    admin.issue(NIK, "INFO", assisted=True)
    counter = make_services(as_role("counter"))
    called = counter.call_next(1)
    assert called.number == "A-001"
    assert counter.recall(1).number == "A-001"
    counter.finish(1)
    counter.pause(2)
    counter.resume(2)
    # the rating screen beside the counter runs as the counter machine
    assert counter.rate(called.ticket_id, 4).score == 4
    # F8: the next visit, booked at the counter
    doc = counter.book_for_ticket(called.ticket_id, "INFO", "2026-11-24", "09.00", "09.30")
    assert doc["code"] in [b["code"] for b in admin.bookings_of("2026-11-24")]
    # check-in (the API says counters may): a booked ticket for today
    code = admin.book("3171011708450001", "INFO", "2026-11-23", "09.00", "09.30", source="test")[0]["code"]
    assert counter.check_in(code).ticket.number == "A-002"
    assert denied(as_role("counter"), "DELETE FROM bookings")
    assert denied(as_role("counter"), "UPDATE ratings SET score = 1")


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


def test_the_report_role_reads_but_never_the_full_nik_or_a_name(branch):
    admin, as_role, _ = branch
    admin.import_participants([_row()])
    admin.issue(NIK, "INFO", assisted=True)
    url = as_role("report")
    assert not denied(url, "SELECT count(*), min(nik_hash) FROM tickets")
    assert not denied(url, "SELECT count(*) FROM events")
    assert not denied(url, "SELECT status, segment, programs, last_paid FROM participants")
    for sql in ("SELECT nik FROM tickets", "SELECT * FROM tickets", "SELECT nik FROM bookings",
                "SELECT nik FROM participants", "SELECT name FROM participants", "SELECT * FROM participants",
                "SELECT birth_date FROM participants", "SELECT card_number FROM participants",
                "SELECT * FROM staff_pins", "SELECT * FROM api_tokens",
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
    done = anjungan("db", "roles", db=made_sqlite(tmp_path / "q.sqlite"))
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


def test_no_machine_reads_a_pin_hash_and_the_attempt_limit_is_kept_in_the_server(branch, make_services):
    """Before: the kiosk role read `staff_pins` and the 4-digit PIN fell offline in minutes."""
    admin, as_role, made = branch
    admin.set_pin("staff", "2468")
    stored = admin_hash(admin)
    for kind in ("kiosk", "counter"):
        engine = create_engine(as_role(kind))
        try:
            with engine.begin() as conn:
                handed_out = conn.execute(text("SELECT * FROM anjungan_pin_salts()")).all()
        finally:
            engine.dispose()
        assert [tuple(r) for r in handed_out] == [("staff", 120000, stored.split("$")[2])]   # salt, never the digest
        assert stored.split("$")[3] not in repr(handed_out)
    for kind in ("display", "report", "web", "notifier"):
        assert denied(as_role(kind), "SELECT * FROM anjungan_pin_salts()"), kind
    kiosk, counter = make_services(as_role("kiosk")), make_services(as_role("counter"))
    assert kiosk.staff_pin("2468").role == "staff"
    assert kiosk.staff_pin("2468", "admin").ok is False                 # a staff PIN opens no admin function
    answers = [counter.staff_pin("1357") for _ in range(5)]
    assert [a.tries_left for a in answers] == [4, 3, 2, 1, 0] and answers[-1].locked_until is not None
    # the lock holds for every machine, the right PIN included, and no machine can lift it
    assert kiosk.staff_pin("2468").ok is False and kiosk.staff_pin("2468").locked_until is not None
    assert denied(as_role("kiosk"), "UPDATE pin_attempts SET failures = 0, locked_until = NULL")
    # the admin PIN is not set at the branch: this machine's configured one opens (its own lock)
    assert kiosk.missing_pins() == ()
    assert kiosk.staff_pin("9999", "admin").role == "admin"


def test_the_web_role_serves_the_phone_page_the_api_and_ratings(branch, make_services):
    """Before: `anjungan web` answered 503 under every machine role."""
    admin, as_role, made = branch
    assert made["web"].endswith("_web")
    web = make_services(as_role("web"))
    secret, _ = admin.create_token("counter", "Loket 1")
    assert web.authorize(secret, __import__("kiosk.domain.access", fromlist=["Permission"]).Permission.COUNTER)
    ticket = web.issue(NIK, "INFO", assisted=True)
    assert web.public_ticket(ticket.ref, "id")[0]["number"] == "A-001"
    web.call_next(1)
    web.finish(1)
    assert web.rate_by_ref(ticket.ref, 4).score == 4
    for sql in ("SELECT * FROM staff_pins", "INSERT INTO api_tokens (name, role, token_hash, prefix, created_at) "
                "VALUES ('x', 'admin', 'x', 'x', now())", "UPDATE api_tokens SET revoked_at = NULL"):
        assert denied(as_role("web"), sql), sql


def admin_hash(admin) -> str:
    with admin.database.engine.connect() as conn:
        return conn.execute(text("SELECT pin_hash FROM staff_pins WHERE role = 'staff'")).scalar_one()


def test_the_documented_lan_configurations_log_in_with_the_machines_own_roles():
    """Before: the documented LAN configuration ran the web service with the kiosk role."""
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from kiosk.config import load_config

    examples = Path(__file__).resolve().parents[2] / "config" / "examples"
    assert make_url(load_config(examples / "lan-web.toml").database_url).username == "anjungan_web"
    assert make_url(load_config(examples / "lan-postgres.toml").database_url).username == "anjungan_kiosk"
    assert "anjungan --config lan-web.toml web" in (examples / "lan-postgres.toml").read_text(encoding="utf-8")
    web_doc = (examples.parents[1] / "docs" / "web.md").read_text(encoding="utf-8")
    assert "anjungan_web" in web_doc and "config/examples/lan-web.toml" in web_doc


def test_db_roles_again_gives_the_same_grants_and_takes_back_what_was_added_by_hand(branch):
    """`db roles` is re-run after every upgrade: the same rights come out, whatever was granted by hand."""
    admin, _as_role, made = branch
    before = _grants(admin, made)
    with admin.database.engine.begin() as conn:
        conn.execute(text(f'GRANT SELECT ON staff_pins TO "{made["display"]}"'))
        conn.execute(text(f'GRANT UPDATE (nik) ON participants TO "{made["report"]}"'))
    assert _grants(admin, made) != before
    assert admin.create_roles(made["owner"].rsplit("_", 1)[0]) == made
    assert _grants(admin, made) == before
    assert {kind for kind, *_ in before} == set(MACHINE_ROLES)


def _grants(admin, made) -> set[tuple]:
    kinds = {name: kind for kind, name in made.items() if kind != "owner"}
    with admin.database.engine.connect() as conn:
        rows = conn.execute(text(GRANTS)).all()
    return {(kinds[g], *rest) for g, *rest in rows if g in kinds}


# Every grant in the schema, read from the catalog's access lists: tables, columns and functions.
# (information_schema's privilege views say the same, but join every column of every schema in the
# database against every role, and take seconds while the other test worker's schemas are there.)
GRANTS = """
SELECT r.rolname, c.relname, g.privilege_type, ''
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL aclexplode(c.relacl) g JOIN pg_roles r ON r.oid = g.grantee
 WHERE n.nspname = current_schema()
UNION ALL
SELECT r.rolname, c.relname, g.privilege_type, a.attname
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL aclexplode(a.attacl) g JOIN pg_roles r ON r.oid = g.grantee
 WHERE n.nspname = current_schema()
UNION ALL
SELECT r.rolname, p.proname, g.privilege_type, ''
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  CROSS JOIN LATERAL aclexplode(p.proacl) g JOIN pg_roles r ON r.oid = g.grantee
 WHERE n.nspname = current_schema()
"""


def test_a_configured_pin_cannot_hide_wrong_guesses_of_the_branch_pin(branch, make_services):
    """A machine may claim its configuration's admin PIN (the branch set none), but not beside a
    guessed digest of the branch's staff PIN: that guess still counts against the lock."""
    admin, as_role, _made = branch
    admin.set_pin("staff", "2468")
    engine = create_engine(as_role("kiosk"))
    try:
        with engine.begin() as conn:
            guess = text("SELECT entered, failures FROM anjungan_check_pin('staff', NULL, :d, 'admin')")
            answers = [conn.execute(guess, {"d": "00" * 32}).one() for _ in range(5)]
            claim = text("SELECT entered, locked_until FROM anjungan_check_pin('staff', NULL, NULL, 'admin')")
            claimed = conn.execute(claim).one()
    finally:
        engine.dispose()
    assert [tuple(a) for a in answers] == [(None, 1), (None, 2), (None, 3), (None, 4), (None, 5)]
    assert claimed.entered is None and claimed.locked_until is not None          # locked, claims included


def test_anjungan_web_serves_the_branch_under_the_web_role(branch):
    """The command itself, as the web service's unit runs it, logged in as anjungan_web: the phone
    page, the API with a token and the event stream answer; the token's own role still decides."""
    import os
    import re
    import signal
    import subprocess
    import sys

    import httpx

    from tests.events.helpers import MONDAY_9, ROOT

    admin, as_role, _made = branch
    ticket = admin.issue(NIK, "INFO", assisted=True)
    secret, _ = admin.create_token("display", "Papan lobi")
    server = subprocess.Popen([sys.executable, "-m", "kiosk", "--db", as_role("web"), "web", "--port", "0"],
                              cwd=ROOT, env={**os.environ, "ANJUNGAN_NOW": MONDAY_9}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://[\d.]+:\d+", server.stdout.readline()).group(0)
        assert httpx.get(f"{url}/t/{ticket.ref}").status_code == 200
        auth = {"Authorization": f"Bearer {secret}"}
        assert httpx.get(f"{url}/api/v1/status", headers=auth).json()["services"]
        assert httpx.post(f"{url}/api/v1/counters/1/call", headers=auth).status_code == 403    # a display's token
        with httpx.stream("GET", f"{url}/api/v1/events?after=0", headers=auth, timeout=10) as events:
            assert events.status_code == 200
            assert any(line.startswith("data:") for line in _first_lines(events, 20))
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0, server.stderr.read()


def _first_lines(answer, count: int):
    for n, line in enumerate(answer.iter_lines()):
        yield line
        if n >= count or line.startswith("data:"):
            return


def test_a_machine_role_writes_only_its_own_kind_of_heartbeat(branch, make_services):
    """A kiosk PC (or anyone on the LAN with the kiosk role's password) cannot make the counters
    look alive, silence the display or forge a printer's paper state: each role makes and updates
    only the heartbeat rows of its own kinds of machine, and still reads every row."""
    from kiosk.domain.errors import StoreUnavailable

    admin, as_role, _ = branch
    admin.heartbeat("counter", name="counter-2", counter=2)
    admin.heartbeat("display", name="display-hall")
    before = {s.record.name: s.record.last_seen for s in admin.devices()}
    kiosk = make_services(as_role("kiosk"))
    kiosk.heartbeat("kiosk", name="kiosk-1")                           # its own: fine
    for kind, name in (("counter", "counter-2"), ("display", "display-hall"), ("counter", "counter-7")):
        try:
            kiosk.heartbeat(kind, name=name)
        except StoreUnavailable:
            pass                                                       # refused outright: as good
    after = {s.record.name: s.record for s in admin.devices()}
    assert "counter-7" not in after                                    # no forged machine
    assert after["counter-2"].last_seen == before["counter-2"]         # nobody else's row moved
    assert after["display-hall"].last_seen == before["display-hall"]
    assert "kiosk-1" in after
    assert {s.record.name for s in kiosk.devices()} >= {"counter-2", "display-hall", "kiosk-1"}   # reads all
    assert denied(as_role("kiosk"), "UPDATE devices SET kind = 'kiosk' WHERE name = 'counter-2'") or \
        after["counter-2"].kind == "counter"
    counter = make_services(as_role("counter"))
    counter.heartbeat("rating", name="rating-2", counter=2)            # the rating screen beside a counter
    assert "rating-2" in {s.record.name for s in admin.devices()}
