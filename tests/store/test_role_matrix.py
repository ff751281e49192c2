"""The role matrix on a real PostgreSQL: every command, window action and web route under every
role `anjungan db roles` makes works exactly where kiosk/store/access_matrix.py (and so
docs/roles.md) says it does, and is refused with "this computer may not do that" everywhere else.

Before: the web service answered 503 on its API under every machine role, no role could save a
rating, the counter could neither check in nor book the next visit, the report role read every
full NIK and name, and the kiosk and counter roles could read the PIN hashes.

One schema and one set of roles for the module; before each cell the queue is emptied and the
cell's starting point (a waiting ticket, a called one, a finished visit, a booking) is made by
the database's superuser, then the command, window action or route runs as the role.
"""
from __future__ import annotations

import contextlib
import functools
import io
import json
import threading
import uuid
from pathlib import Path
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from kiosk.domain import errors
from kiosk.domain.queue import TicketState
from kiosk.store import access_matrix as matrix
from tests.conftest import Clock, drop_pg_schema, fresh_nik, fresh_pg_schema

pytestmark = pytest.mark.timeout(120)

NIK = "3171012902001234"
OTHER_NIK = "3171011708450001"
MONDAY_9 = "2026-11-23T09:00:00+07:00"
STAFF_PIN = "2468"
NOT_ALLOWED = "safety.db.not_allowed"
QUEUE_TABLES = ("ratings", "skm_responses", "visit_facts", "visit_days", "bookings", "events", "tickets",
                "number_sequences", "counter_states", "pin_attempts", "day_summaries", "day_closes")


@dataclass
class Branch:
    url: str                              # the superuser's
    urls: dict[str, str]                  # role kind -> URL
    admin: object                         # services as the superuser: makes each cell's starting point
    svcs: dict[str, object]
    token: str                            # an admin API token
    tmp: object
    prefix: str
    clock: object
    servers: dict[str, object] = field(default_factory=dict)
    last_out: str = ""                    # what the last command printed

    def server(self, role: str):
        if role not in self.servers:
            from kiosk.web.server import BackgroundServer

            self.servers[role] = BackgroundServer(self.svcs[role]).start()
        return self.servers[role]


def _open(url: str, clock):
    from dataclasses import replace

    from kiosk.config.web import WebConfig
    from kiosk.services import demo_config, open_services

    config = demo_config()
    return open_services(db_url=url, config=replace(config, web=WebConfig(page_requests_per_min=0)), clock=clock)


@pytest.fixture(scope="module")
def branch(pg_url, tmp_path_factory):
    import psycopg

    tmp = tmp_path_factory.mktemp("matrix")
    url, schema = fresh_pg_schema(pg_url)
    prefix = f"m{uuid.uuid4().hex[:8]}"
    made: dict[str, str] = {}
    opened = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANJUNGAN_NOW", MONDAY_9)
        mp.setenv("ANJUNGAN_DATA_DIR", str(tmp))
        mp.setenv("ANJUNGAN_NIK_KEY", uuid.uuid4().hex + uuid.uuid4().hex)   # the branch's key, on every machine
        mp.delenv("ANJUNGAN_CONFIG", raising=False)
        clock = Clock()
        try:
            admin = _open(url, clock)
            opened.append(admin)
            made = admin.create_roles(prefix)
            admin.import_participants([_participant()])
            admin.set_pin("staff", STAFF_PIN)
            urls = {kind: url.replace("postgres@", f"{name}@", 1) for kind, name in made.items()}
            svcs = {kind: _open(urls[kind], clock) for kind in matrix.ROLES}
            opened.extend(svcs.values())
            token = admin.create_token("admin", "matrix")[0]
            found = Branch(url, urls, admin, svcs, token, tmp, prefix, clock)
            yield found
        finally:
            servers = list(locals().get("found", Branch("", {}, None, {}, "", None, "", None)).servers.values())
            stopping = [threading.Thread(target=server.stop) for server in servers]   # each waits for its hub
            for thread in stopping:
                thread.start()
            for thread in stopping:
                thread.join()
            for svc in opened:
                svc.close()
            drop_pg_schema(pg_url, schema)
            with psycopg.connect(pg_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
                for role in made.values():
                    conn.execute(f'DROP OWNED BY "{role}" CASCADE')
                    conn.execute(f'DROP ROLE "{role}"')


def _participant():
    from types import SimpleNamespace

    from kiosk.domain.participant import Status

    return SimpleNamespace(nik=NIK, name="Dewi Lestari", status=Status.ACTIVE, status_text="active", segment="PU",
                           programs=frozenset({"JHT"}), birth_date=date(2000, 2, 29), last_paid="2026-10")


def _empty_queue(b: Branch) -> None:
    with b.admin.database.engine.begin() as conn:
        conn.exec_driver_sql("; ".join(f"DELETE FROM {t}" for t in QUEUE_TABLES))


# -- how a cell ends --------------------------------------------------------------------------------

ALLOWED, REFUSED = "allowed", "refused"


def _refusal(exc: errors.AnjunganError, extra: tuple[str, ...] = ()) -> str:
    """A refusal is the not-allowed sentence, or one of the command's own sentences for a refusal
    by the database (`extra`) that names the permission."""
    named = "permission denied" in exc.message or "must be owner" in exc.message
    if exc.key == NOT_ALLOWED or (exc.key in extra and named):
        return REFUSED
    raise AssertionError(f"failed for another reason: {exc.key}: {exc}") from exc


@functools.lru_cache(maxsize=1)
def _parser():
    from kiosk.cli import build_parser

    return build_parser()


def cli(b: Branch, role: str, *argv: str, refusals: tuple[str, ...] = ()) -> str:
    """The command as `anjungan --db URL …` runs it, in this process; the refusal by its message id."""
    import kiosk.services

    args = _parser().parse_args(["--db", b.urls[role], *argv])
    out, err = io.StringIO(), io.StringIO()
    opened = []
    real = kiosk.services.open_services

    def open_services(*a, **kw):
        opened.append(real(*a, **kw))
        return opened[-1]

    kiosk.services.open_services = open_services
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = args.handler(args) or 0
    except errors.AnjunganError as exc:
        return _refusal(exc, refusals)
    finally:
        kiosk.services.open_services = real
        for svc in opened:                # the command's engine goes with its connections
            svc.close()
    assert status == 0, err.getvalue()
    b.last_out = out.getvalue()
    return ALLOWED


def found(b: Branch, outcome: str) -> str:
    """A check answers even when the directory cannot be read (the participant unverified): it
    is allowed only when the participant was found (in what the command printed)."""
    return outcome if outcome == REFUSED or json.loads(b.last_out)["participant"]["found"] else REFUSED


def window(b: Branch, role: str, action) -> str:
    try:
        action(b.svcs[role])
    except errors.AnjunganError as exc:
        return _refusal(exc)
    return ALLOWED


def route(b: Branch, role: str, method: str, path: str, *, token: bool = True, **kwargs) -> str:
    import httpx

    headers = {"Authorization": f"Bearer {b.token}"} if token else {}
    answer = httpx.request(method, b.server(role).url + path, headers=headers, timeout=30, **kwargs)
    if answer.status_code == 503 and answer.json().get("code") == NOT_ALLOWED:
        return REFUSED
    assert answer.status_code < 400, (answer.status_code, answer.text)
    return ALLOWED


def stream(b: Branch, role: str, path: str, *, token: bool = True) -> str:
    """An event stream: allowed once its first event arrives."""
    import httpx

    headers = {"Authorization": f"Bearer {b.token}"} if token else {}
    with httpx.stream("GET", b.server(role).url + path, headers=headers, timeout=10) as answer:
        if answer.status_code == 503:
            answer.read()
            assert answer.json().get("code") == NOT_ALLOWED, answer.text
            return REFUSED
        assert answer.status_code == 200, answer.status_code
        for line in answer.iter_lines():
            if line.startswith("data:"):
                return ALLOWED
    raise AssertionError(f"{path}: the stream ended without an event")


def routes(*outcomes: str) -> str:
    assert len(set(outcomes)) == 1, outcomes          # a route group is allowed or refused as a whole
    return outcomes[0]


# -- starting points, made by the superuser ---------------------------------------------------------

def waiting(b: Branch, service: str = "INFO"):
    return b.admin.issue(NIK, service, assisted=True)


def called(b: Branch, counter: int = 1):
    waiting(b)
    return b.admin.call_next(counter)


def earlier(b: Branch, action, minutes: int = 3):
    """`action`, done `minutes` ago (the branch's clock turned back while it runs)."""
    b.clock.now -= timedelta(minutes=minutes)
    try:
        return action()
    finally:
        b.clock.now += timedelta(minutes=minutes)


def no_show_due(b: Branch, counter: int = 1):
    """A called ticket past the branch's grace: called three minutes ago, and recalled."""
    b.clock.now -= timedelta(minutes=3)
    try:
        ticket = called(b, counter)
    finally:
        b.clock.now += timedelta(minutes=3)
    b.admin.recall(counter)
    return ticket


def no_show(b: Branch):
    ticket = no_show_due(b)
    b.admin.skip(1)
    return ticket


def finished(b: Branch):
    ticket = waiting(b)
    b.admin.call_next(1)
    b.admin.finish(1)
    return ticket


def finished_last_week(b: Branch) -> None:
    """A visit of a closed day: the report summarises it (`visit_facts`) the first time."""
    b.clock.now -= timedelta(days=7)
    try:
        finished(b)
    finally:
        b.clock.now += timedelta(days=7)


def waiting_last_week(b: Branch) -> str:
    """A ticket still waiting on a day a week ago that nobody closed."""
    b.clock.now -= timedelta(days=7)
    try:
        return waiting(b).ticket_id
    finally:
        b.clock.now += timedelta(days=7)


def _first_action_closes(b: Branch, role: str) -> str:
    """The role's machine, at its first action of the day, closes the day a week ago: allowed when
    the ticket left waiting then is closed after it (read past the services, which would close it)."""
    ticket_id = waiting_last_week(b)
    svc = b.svcs[role]
    svc._app._day_done = None                     # as a machine started this morning
    try:
        svc.status()                              # its first unit of work closes the day, if the role may
    except errors.StoreNotAllowed:
        pass                                      # a role that may not read the status either
    with b.admin.database.engine.connect() as conn:
        state = conn.exec_driver_sql("SELECT state FROM tickets WHERE ticket_id = %s", (ticket_id,)).scalar_one()
    return ALLOWED if state == TicketState.NOT_SERVED.value else REFUSED


def booking(b: Branch) -> str:
    doc, _ = b.admin.book(OTHER_NIK, "INFO", "2026-11-23", "09.00", "09.30", source="test")
    return doc["code"]


def later_booking(b: Branch) -> str:
    doc, _ = b.admin.book(OTHER_NIK, "INFO", "2026-11-24", "09.00", "09.30", source="test")
    return doc["code"]


def _csv(b: Branch, name: str, text: str) -> str:
    path = b.tmp / name
    path.write_text(text, encoding="utf-8")
    return str(path)


SKM_ROW = "date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9\n2026-11-23,INFO,4,4,3,4,4,3,4,4,4\n"


def _own_file(rows: str, role: str) -> str:
    """The rows with the role's name in a suggestion: a file of its own (one imported before is
    said to be in already, whoever imports it again)."""
    head, *lines = rows.splitlines()
    return "\n".join([head + ",suggestion", *(line + f",{role}" for line in lines)]) + "\n"
SURVEY = {f"u{i}": 4 for i in range(1, 10)}


def _upgrade(b: Branch, role: str) -> str:
    """`db upgrade` over a schema one revision behind the program."""
    from alembic import command

    from kiosk.store import schema

    with b.admin.database.engine.connect() as conn:
        command.downgrade(schema.alembic_config(b.admin.database.engine, conn), "-1")
        conn.commit()
    try:
        return cli(b, role, "db", "upgrade")
    finally:
        schema.upgrade(b.admin.database.engine)
        b.admin.create_roles(b.prefix)


def _found(checked) -> None:
    if not checked.to_json()["participant"]["found"]:
        raise errors.AnjunganError("the directory could not be read", key=NOT_ALLOWED)


MACHINE_OF_ROLE = {"owner": "server", "kiosk": "kiosk", "counter": "counter", "display": "display",
                   "report": "monitor", "web": "web", "notifier": "notifier"}


def _changed_branch(b: Branch, role: str) -> str:
    """A branch file whose ticket footer differs from every push before it, so a push must write."""
    path = Path(str(b.tmp)) / f"branch-{role}-{uuid.uuid4().hex[:8]}.toml"
    shipped = Path(__file__).parents[2] / "config" / "default.toml"
    path.write_text(f'extends = "{shipped}"\n\n[ticket]\nfooter = ["{path.stem}"]\n', encoding="utf-8")
    return str(path)


def _doctor(b: Branch, role: str, machine: str | None = None) -> str:
    """`anjungan doctor --json` as the role: allowed when its role check finds the machine's job
    possible (other checks, a printer or sound on this test machine, do not count here)."""
    args = _parser().parse_args(["--db", b.urls[role], "doctor", "--json", "--machine",
                                 machine or MACHINE_OF_ROLE[role]])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        args.handler(args)
    check = next(c for c in json.loads(out.getvalue())["checks"] if c["name"] == "role")
    return ALLOWED if check["level"] == "ok" else REFUSED


def _notifier(b: Branch, role: str) -> str:
    """`anjungan notifier --once` on a branch that sends SMS: it reads the phone numbers kept."""
    rc = b.tmp / "smsdrc"
    rc.write_text("[gammu]\nconnection = none\nmodel = dummy\n")
    cfg = b.tmp / "sms.toml"
    cfg.write_text(f'extends = "default.toml"\n[sms]\nenabled = true\nsmsdrc = "{rc}"\n')
    return cli(b, role, "--config", str(cfg), "notifier", "--once")


def _kiosk_check(svc) -> None:
    """What the kiosk reads for a NIK (or a membership card) before it offers the services."""
    _found(svc.check(NIK))
    svc.check_card("0001234567890")
    svc.held_tickets(NIK)
    svc.todays_booking(NIK)
    svc.office_status()


def _kiosk_issue(svc) -> None:
    """A ticket issued, printed, shown and printed again, as the kiosk does."""
    ticket = svc.issue(NIK, "INFO", assisted=True)
    svc.print_ticket(ticket.ticket_id, "dummy://")
    svc.ticket_status(ticket.ticket_id)
    svc.ticket_preview(ticket.ticket_id, "dummy://")
    svc.last_ticket("kiosk-1")
    svc.reprint(ticket.ticket_id, "dummy://")
    svc.rating_of(ticket.ticket_id)


def _kiosk_assistance(svc) -> None:
    svc.request_assistance("kiosk-1", "")
    svc.record_front_desk("INFO")
    svc.record_online_redirect("DATA", "kiosk-1")


def _counter_call(svc) -> None:
    svc.call_next(1)
    svc.recall(1)
    svc.start_serving(1)
    svc.current_ticket(1)
    svc.serving_since(1)
    svc.finish(1)


def _counter_view(svc, ref: str) -> None:
    svc.open_ticket(1, ref)
    svc.waiting(["INFO"])
    svc.counter_stats(1)


def _answer_assistance(b: Branch, svc) -> None:
    b.admin.request_assistance("kiosk-1", "")
    event = svc.open_assistance()[0]
    svc.acknowledge_assistance(event["id"] if isinstance(event, dict) else event.id, 1)


def _rate_at_kiosk(svc, scanned: str) -> None:
    ticket_id, _number = svc.rating_target(scanned)
    svc.rate(ticket_id, 4, source="kiosk")
    svc.submit_survey(SURVEY, ticket_id=ticket_id, source="kiosk")


def _rate_at_counter(svc, scanned: str) -> None:
    ticket_id, _number = svc.rating_target(scanned)
    svc.rate(ticket_id, 3, source="counter")
    svc.submit_survey(SURVEY, ticket_id=ticket_id, source="counter")


def _monitor(svc) -> None:
    svc.monitor_figures()
    svc.report(date(2026, 11, 16), date(2026, 11, 23))
    svc.suggestions(date(2026, 11, 1), date(2026, 11, 23))


def _follow(svc) -> None:
    status, position = svc.status_at_position()
    svc.events_since(position.__class__(0))


def _heartbeat(svc, role: str) -> None:
    """Each machine writes its heartbeat (twice: made, then kept up to date) and reads every machine's
    (the SMS service, which has none of its own, tries the web service's)."""
    kind = {"owner": "web", "report": "monitor", "notifier": "web"}.get(role, role)
    for _ in range(2):
        svc.heartbeat(kind, name=f"{kind}-{role}", printer=role == "kiosk", printer_url="dummy://")
    assert any(s.record.name == f"{kind}-{role}" for s in svc.devices())
    svc.device_summary(svc.devices())


def _backup(b: Branch) -> str:
    """A backup of the branch made by its superuser (once), for the restore's cells."""
    folder = b.tmp / "backups"
    made = sorted(folder.glob("anjungan-*")) if folder.exists() else []
    return str(made[-1]) if made else str(b.admin.backup(folder).path)


def _pin(svc) -> None:
    assert svc.missing_pins() == ()
    assert svc.staff_pin(STAFF_PIN).ok


# Each cell: the matrix's key -> how to try it as `role` (its starting point made first).
CASES = {
    "cli.db_upgrade": _upgrade,
    "cli.db_roles": lambda b, r: cli(b, r, "db", "roles", "--prefix", b.prefix, refusals=("safety.roles.refused",)),
    "cli.check": lambda b, r: found(b, cli(b, r, "check", NIK, "--json")),
    "cli.issue": lambda b, r: cli(b, r, "issue", "--nik", NIK, "--service", "INFO", "--assisted", "--json"),
    "cli.call": lambda b, r: (waiting(b), cli(b, r, "call", "--counter", "1", "--json"))[1],
    "cli.recall": lambda b, r: (called(b), cli(b, r, "recall", "--counter", "1", "--json"))[1],
    "cli.start": lambda b, r: (called(b), cli(b, r, "start", "--counter", "1", "--json"))[1],
    "cli.skip": lambda b, r: (no_show_due(b), cli(b, r, "skip", "--counter", "1", "--json"))[1],
    "cli.return": lambda b, r: cli(b, r, "return", no_show(b).ticket_id, "--counter", "1", "--json"),
    "cli.finish": lambda b, r: (called(b), cli(b, r, "finish", "--counter", "1", "--json"))[1],
    "cli.transfer": lambda b, r: (called(b), cli(b, r, "transfer", "--counter", "1", "--to", "JHT", "--json"))[1],
    "cli.pause": lambda b, r: routes(cli(b, r, "pause", "--counter", "2", "--json"),
                                     cli(b, r, "resume", "--counter", "2", "--json")),
    "cli.status": lambda b, r: (called(b), cli(b, r, "status", "--json"))[1],
    "cli.watch": lambda b, r: (waiting(b), cli(b, r, "watch", "--json", "--from-start", "--count", "1"))[1],
    "cli.reprint": lambda b, r: cli(b, r, "ticket", "reprint", waiting(b).ticket_id, "--printer", "dummy://"),
    "cli.purge": lambda b, r: cli(b, r, "purge", "--json"),
    "cli.participants_import": lambda b, r: routes(
        cli(b, r, "participants", "import",          # a file of its own: the same one again is "imported already"
            _csv(b, "p.csv", f"nik,name,status,segment,programs\n{OTHER_NIK},Budi {r},aktif,PU,JHT\n"), "--json"),
        cli(b, r, "participants", "demo", "--count", "3")),
    "cli.set_pin": lambda b, r: cli(b, r, "staff", "set-pin", "--role", "staff", "--pin-from-env"),
    "cli.report": lambda b, r: (finished_last_week(b), cli(b, r, "report", "--from", "2026-11-16", "--to", "2026-11-23",
                                                 "--format", "json", "--out", str(b.tmp / "r.json")))[1],
    "cli.rate": lambda b, r: cli(b, r, "rate", finished(b).ticket_id, "--score", "4", "--json"),
    "cli.skm_import": lambda b, r: cli(b, r, "skm", "import", _csv(b, "skm.csv", _own_file(SKM_ROW, r)), "--json"),
    "cli.token_create": lambda b, r: routes(cli(b, r, "token", "create", "--role", "display", "--name", f"t {r}"),
                                            cli(b, r, "token", "revoke", f"t {r}")),
    "cli.token_list": lambda b, r: cli(b, r, "token", "list", "--json"),
    "cli.bookings_import": lambda b, r: routes(
        cli(b, r, "bookings", "import", _csv(b, "b.csv", "code,nik,service,date,start,end\n"   # one NIK a booking
                                               f"LPK-1,{fresh_nik(OTHER_NIK)},INFO,2026-11-24,09.00,09.30\n"), "--json"),
        cli(b, r, "bookings", "add", "--nik", fresh_nik(OTHER_NIK), "--service", "INFO", "--date", "2026-11-24",
            "--start", "10.00", "--end", "10.30", "--code", f"ADD-{r}", "--json")),
    "cli.bookings_cancel": lambda b, r: cli(b, r, "bookings", "cancel", later_booking(b), "--json"),
    "cli.bookings_list": lambda b, r: (booking(b), cli(b, r, "bookings", "list", "--json"))[1],
    "cli.check_in": lambda b, r: cli(b, r, "check-in", booking(b), "--json"),
    "cli.doctor": _doctor,
    "cli.notifier": _notifier,
    "cli.config_push": lambda b, r: cli(b, r, "config", "push", _changed_branch(b, r)),
    "cli.config_show": lambda b, r: cli(b, r, "config", "history", "--json")
    if cli(b, r, "config", "show", "--json") == ALLOWED else REFUSED,
    "cli.devices": lambda b, r: (b.admin.heartbeat("kiosk", name="kiosk-9", printer=True, printer_url="dummy://"),
                                 cli(b, r, "devices", "--json"))[1],
    "cli.backup": lambda b, r: cli(b, r, "backup", "--to", str(b.tmp / f"backups-{r}"), "--json",
                                   refusals=("backup.pg.not_allowed",)),
    "cli.restore": lambda b, r: cli(b, r, "restore", _backup(b), "--force", refusals=("backup.pg.not_allowed",)),
    "cli.day_close": lambda b, r: (waiting_last_week(b),
                                   cli(b, r, "day", "close", "--date", "2026-11-16", "--json"))[1],
    "machine.day_close": _first_action_closes,
    "kiosk.check": lambda b, r: window(b, r, _kiosk_check),
    "kiosk.issue": lambda b, r: window(b, r, _kiosk_issue),
    "kiosk.check_in": lambda b, r: window(b, r, lambda s, code=booking(b): s.check_in(code)),
    "kiosk.return": lambda b, r: window(b, r, lambda s, t=no_show(b): s.return_no_show(NIK, "INFO")),
    "kiosk.staff_pin": lambda b, r: window(b, r, _pin),
    "kiosk.assistance": lambda b, r: window(b, r, _kiosk_assistance),
    "kiosk.rate": lambda b, r: window(b, r, lambda s, t=finished(b): _rate_at_kiosk(s, t.ticket_id)),
    "counter.call": lambda b, r: (waiting(b), window(b, r, _counter_call))[1],
    "counter.skip": lambda b, r: (no_show_due(b), window(b, r, lambda s: s.skip(1)))[1],
    "counter.return": lambda b, r: window(b, r, lambda s, t=no_show(b): s.return_to_queue(1, t.ticket_id)),
    "counter.transfer": lambda b, r: (called(b), window(b, r, lambda s: s.transfer(1, "JHT", "klaim")))[1],
    "counter.pause": lambda b, r: window(b, r, lambda s: (s.pause(2), s.resume(2))),
    "counter.open_ticket": lambda b, r: window(b, r, lambda s, t=waiting(b): _counter_view(s, t.ticket_id)),
    "counter.book": lambda b, r: window(b, r, lambda s, t=finished(b): s.book_for_ticket(
        t.ticket_id, "INFO", date(2026, 11, 24), "09.00", "09.30")),
    "counter.assistance": lambda b, r: window(b, r, lambda s: _answer_assistance(b, s)),
    "rating.rate": lambda b, r: window(b, r, lambda s, t=finished(b): _rate_at_counter(s, t.ticket_id)),
    "display.follow": lambda b, r: (called(b), window(b, r, _follow))[1],
    "monitor.report": lambda b, r: (finished_last_week(b), window(b, r, _monitor))[1],
    "machine.heartbeat": lambda b, r: window(b, r, lambda s: _heartbeat(s, r)),
    "api.page": lambda b, r, t=None: routes(route(b, r, "GET", f"/t/{(t := waiting(b)).ref}", token=False),
                                            route(b, r, "GET", f"/t/{t.ref}/state", token=False),
                                            route(b, r, "GET", f"/api/v1/tickets/{t.ref}", token=False),
                                            stream(b, r, f"/t/{t.ref}/events", token=False)),
    "api.rating": lambda b, r, ref=None: routes(
        route(b, r, "POST", f"/t/{(ref := finished(b).ref)}/rating", token=False, json={"score": 4}),
        route(b, r, "POST", f"/t/{ref}/survey", token=False, json=SURVEY)),
    "api.status": lambda b, r: (waiting(b), routes(route(b, r, "GET", "/api/v1/status"),
                                                   stream(b, r, "/api/v1/events?after=0")))[1],
    "api.check": lambda b, r: route(b, r, "POST", "/api/v1/check", json={"nik": NIK}),
    "api.issue": lambda b, r: route(b, r, "POST", "/api/v1/tickets", json={"nik": NIK, "service": "INFO",
                                                                            "assisted": True}),
    "api.check_in": lambda b, r: route(b, r, "POST", "/api/v1/check-in", json={"code_or_nik": booking(b)}),
    "api.counter": lambda b, r: (waiting(b), waiting(b), routes(
        route(b, r, "GET", "/api/v1/counters/1"), route(b, r, "POST", "/api/v1/counters/1/call"),
        route(b, r, "POST", "/api/v1/counters/1/recall"),
        route(b, r, "POST", "/api/v1/counters/1/transfer", json={"to": "JHT", "reason": "klaim"}),
        earlier(b, lambda: route(b, r, "POST", "/api/v1/counters/1/call")),      # past the grace ...
        route(b, r, "POST", "/api/v1/counters/1/recall"), route(b, r, "POST", "/api/v1/counters/1/skip"),
        route(b, r, "POST", "/api/v1/counters/2/pause"), route(b, r, "POST", "/api/v1/counters/2/resume"),
        route(b, r, "POST", "/api/v1/counters/1/finish")))[2],
    "api.metrics": lambda b, r: (waiting(b), route(b, r, "GET", "/metrics", token=False))[1],
    "api.bookings": lambda b, r: routes(
        route(b, r, "POST", "/api/v1/bookings", json={"nik": OTHER_NIK, "service": "INFO", "date": "2026-11-24",
                                                      "start": "11.00", "end": "11.30", "code": f"API-{r}"}),
        route(b, r, "GET", "/api/v1/bookings?date=2026-11-24"), route(b, r, "GET", f"/api/v1/bookings/API-{r}"),
        route(b, r, "DELETE", f"/api/v1/bookings/API-{r}")),
}


def test_every_action_of_the_matrix_is_tried():
    assert set(CASES) == set(matrix.BY_KEY)


def test_every_command_of_the_command_line_is_in_the_matrix():
    """A new command must say where it stands: `COMMANDS` in kiosk/store/access_matrix.py."""
    import argparse

    def leaves(parser, prefix=()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    nested = list(leaves(sub, (*prefix, name)))
                    yield from nested or [" ".join((*prefix, name))]

    assert set(leaves(_parser())) == set(matrix.COMMANDS)
    for command, where in matrix.COMMANDS.items():
        if where in (None, "api", "sqlite", "region"):
            continue
        prefix = where.removeprefix("window:")
        assert any(key == prefix or (where != prefix and key.startswith(prefix)) for key in matrix.BY_KEY), command
    covered = set(matrix.COMMANDS.values())
    assert {a.key for a in matrix.ACTIONS if a.surface == "command"} <= covered


@pytest.mark.parametrize("role", matrix.ROLES)
@pytest.mark.parametrize("key", list(matrix.BY_KEY))
def test_the_role_may_do_exactly_what_the_matrix_says(branch, key, role, monkeypatch):
    monkeypatch.setenv("ANJUNGAN_NEW_PIN", STAFF_PIN)
    _empty_queue(branch)
    expected = ALLOWED if matrix.allowed(key, role) else REFUSED
    assert CASES[key](branch, role) == expected, f"{matrix.BY_KEY[key].title} as {role}"


def test_the_docs_say_what_the_matrix_says():
    """docs/roles.md's table and the README's least-privilege paragraph are written from the
    matrix (`python -m kiosk.store.access_matrix --write`)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path, text in matrix.documents(root).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run python -m kiosk.store.access_matrix --write"
    table = (root / "docs" / "roles.md").read_text(encoding="utf-8")
    assert "| `anjungan rate` | ✓ | ✓ | ✓ | · | · | ✓ | · |" in table
    assert table.count("\n| ") == 1 + len(matrix.SURFACES) + len(matrix.ACTIONS)      # header, headings, cells


@pytest.mark.parametrize("role", ["display", "report"])
def test_doctor_says_a_reading_role_cannot_run_a_kiosk(branch, role):
    assert _doctor(branch, role, "kiosk") == REFUSED
