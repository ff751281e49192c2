"""Two branches and a region on private PostgreSQL 15 servers (tests/region/conftest.py): each branch
publishes by the command line, the region subscribes both, and what a branch does shows in the
region; no NIK, name or phone number ever reaches it; the link cut and restored loses and doubles
nothing; a lost slot is said and mended by `anjungan region reseed`; the region's report of each
branch is the branch's own."""
from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta

import pytest

from kiosk.cli import main
from tests.conftest import JAKARTA, Clock, fresh_nik
from tests.region.conftest import wait_for

pytestmark = pytest.mark.postgres
CUT_TICKETS = int(os.environ.get("ANJUNGAN_REGION_CUT_TICKETS", "300"))
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=JAKARTA)
NAMES = ("Budi Santoso", "Siti Rahayu")
PHONES = ("081234567890", "+6281298765432")


def run(capsys, *argv, now: datetime | None = None, expect: int = 0):
    """`anjungan ARGV` in this process: (exit status, stdout, stderr)."""
    if now is not None:
        os.environ["ANJUNGAN_NOW"] = now.isoformat()
    try:
        status = main(list(argv))
    finally:
        os.environ.pop("ANJUNGAN_NOW", None)
    out, err = capsys.readouterr()
    assert expect is None or status == expect, (status, out, err)
    return status, out, err


class Region:
    def __init__(self, branches, region):
        self.branches, self.region = branches, region
        self.clock = Clock(MONDAY)
        self.svc = {}
        self.niks: list[str] = []

    def branch_url(self, code: str, user: str = "postgres") -> str:
        return self.branches[code].url("branch", user)

    def branch_rows(self, code: str, sql: str, user: str = "postgres"):
        return self.branches[code].sql(sql, "branch", user)

    @property
    def region_url(self) -> str:
        return self.region.url("region")

    def region_rows(self, sql: str):
        return self.region.sql(sql, "region")

    def issue(self, code: str, service: str = "INFO"):
        nik = fresh_nik()
        self.niks.append(nik)
        return self.svc[code].issue(nik, service)


@pytest.fixture(scope="module")
def region(region_servers, tmp_path_factory):
    """Both branches made by `db upgrade` and `db roles`, published by `region publish` (the first
    time refused to the owner role, then by the superuser, then again as the owner), and
    subscribed by the region's `region add-branch`."""
    from kiosk.services import demo_config, open_services

    branches, server = region_servers
    world = Region(branches, server)
    saved = {k: os.environ.get(k) for k in ("ANJUNGAN_DATA_DIR", "ANJUNGAN_NIK_KEY")}
    os.environ["ANJUNGAN_DATA_DIR"] = str(tmp_path_factory.mktemp("region-data"))
    os.environ["ANJUNGAN_NIK_KEY"] = "5a" * 32          # every machine of a branch holds its key
    for code in ("A01", "B02"):
        svc = open_services(db_url=world.branch_url(code), config=demo_config(), clock=world.clock, upgrade=True)
        svc.create_roles("anjungan")
        world.svc[code] = svc
        for nik, name in zip(("3171011708450001", "3171015708450001"), NAMES):
            world.branch_rows(code, f"INSERT INTO participants (nik, name, status, status_text, programs) "
                                    f"VALUES ('{nik}', '{name}', 'active', 'Aktif', 'JHT')")
    assert main(["--db", world.branch_url("A01", "anjungan_owner"), "region", "publish", "--branch", "A01"]) == 1
    for code in ("A01", "B02"):
        assert main(["--db", world.branch_url(code), "region", "publish", "--branch", code, "--json"]) == 0
        assert main(["--db", world.branch_url(code, "anjungan_owner"), "region", "publish", "--branch", code]) == 0
        assert main(["--db", world.region_url, "region", "add-branch", code, "--url",
                     world.branch_url(code, "anjungan_region")]) == 0
    yield world
    for svc in world.svc.values():
        svc.close()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def _count(world: Region, table: str, code: str) -> int:
    return world.region_rows(f"SELECT count(*) FROM public.{table} WHERE branch_code = '{code}'")[0][0]


def _a_visit_at_each_branch(world: Region) -> None:
    """A ticket issued at each branch and in the region: a test that needs rows makes its own, as
    the tests of a module share its region but may run in any worker."""
    for code in ("A01", "B02"):
        world.issue(code)
        wanted = world.branch_rows(code, "SELECT count(*) FROM tickets")[0][0]
        assert wait_for(lambda code=code, wanted=wanted: _count(world, "tickets", code) == wanted, timeout=5)


def test_publish_says_what_crosses_and_refuses_a_wrong_code(region, capsys):
    _, out, _ = run(capsys, "--db", region.branch_url("A01", "anjungan_owner"), "region", "publish",
                    "--branch", "A01", "--json")
    doc = json.loads(out)
    assert doc["role"] == "anjungan_region" and doc["max_slot_wal_keep_size"] == "8MB"
    assert "participants" not in doc["tables"] and "staff_pins" not in doc["tables"]
    for table, columns in doc["tables"].items():
        assert not {"nik", "nik_hash", "nik_last4", "ref", "suggestion", "transfer_reason"} & set(columns), table
        assert "branch_code" in columns
    _, _, err = run(capsys, "--db", region.branch_url("A01"), "region", "publish", "--branch", "Z99", expect=1)
    assert "A01" in err and "Traceback" not in err
    # the region's login at the branch reads the published columns and nothing else
    with pytest.raises(Exception, match="permission denied"):
        region.branch_rows("A01", "SELECT nik FROM tickets", "anjungan_region")
    with pytest.raises(Exception, match="permission denied"):
        region.branch_rows("A01", "SELECT name FROM participants", "anjungan_region")
    _, _, err = run(capsys, "--db", region.region_url, "region", "add-branch", "C03", "--url",
                    region.branch_url("A01", "anjungan_region"), expect=1)
    assert "A01" in err and "C03" in err


def test_tickets_issued_and_called_in_both_branches_are_in_the_region_within_5_s(region):
    made = {code: [region.issue(code).ticket_id for _ in range(3)] for code in ("A01", "B02")}
    called = {code: region.svc[code].call_next(1).ticket_id for code in ("A01", "B02")}
    began = time.monotonic()

    def arrived():
        rows = region.region_rows("SELECT branch_code, ticket_id, state FROM public.tickets")
        have = {(b, t): s for b, t, s in rows}
        return all((code, t) in have for code, ids in made.items() for t in ids) and \
            all(have.get((code, t)) == "called" for code, t in called.items())

    assert wait_for(arrived, timeout=5.0), "not in the region within 5 s"
    took = time.monotonic() - began
    assert took <= 5.0
    # the same ticket ids in two branches never collide: each row keeps its branch
    assert _count(region, "events", "A01") == region.branch_rows("A01", "SELECT count(*) FROM events")[0][0]


def test_no_nik_name_or_phone_anywhere_in_the_region(region):
    a = region.svc["A01"]
    ticket = region.issue("A01", "INFO")
    while a.call_next(2) is not None:
        a.finish(2)
    a.rate(ticket.ticket_id, 4, source="counter")
    a.submit_survey({f"u{i}": 4 for i in range(1, 10)}, ticket_id=ticket.ticket_id, service="INFO",
                    suggestion=f"Terima kasih, saya {NAMES[0]}, hubungi {PHONES[0]}", source="paper")
    refs = [r[0] for r in region.branch_rows("A01", "SELECT ref FROM tickets WHERE ref IS NOT NULL")]
    hashes = [r[0] for r in region.branch_rows("A01", "SELECT nik_hash FROM tickets WHERE nik_hash IS NOT NULL")]
    assert wait_for(lambda: _count(region, "skm_responses", "A01") >= 1, timeout=5.0)
    assert wait_for(lambda: _count(region, "ratings", "A01") >= 1, timeout=5.0)
    secrets = [*region.niks, "3171011708450001", "3171015708450001", *NAMES, *PHONES, *refs, *hashes]
    assert region.niks and refs and hashes
    columns = region.region_rows(
        "SELECT c.table_schema, c.table_name, string_agg(quote_ident(c.column_name) || '::text', ', ') "
        "FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema "
        "AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' WHERE c.table_schema NOT IN "
        "('pg_catalog', 'information_schema') GROUP BY 1, 2")
    assert len(columns) >= 8
    pattern = "|".join(s.replace("+", "[+]") for s in secrets)
    found = []
    for schema, table, cols in columns:               # every column of every table, as text
        hits = region.region_rows(f"SELECT count(*) FROM \"{schema}\".\"{table}\" WHERE "
                                  f"concat_ws(' ', {cols}) ~ '{pattern}'")[0][0]
        if hits:
            found.append(f"{schema}.{table}")
    assert found == []


def _branch_report(world: Region, code: str, day, now: datetime) -> dict:
    from kiosk.services import demo_config, open_services

    svc = open_services(db_url=world.branch_url(code), config=demo_config(), clock=lambda: now, upgrade=False)
    try:
        return svc.report(day, day).to_json()
    finally:
        svc.close()


def test_the_regions_figures_of_each_branch_are_the_branchs_own_report(region, capsys, tmp_path):
    for code, score in (("A01", 3), ("B02", 2)):
        svc = region.svc[code]
        for _ in range(2):
            region.issue(code, "INFO")
        region.clock.advance(minutes=12)
        while (t := svc.call_next(2)) is not None:
            svc.finish(2)
            svc.rate(t.ticket_id, score, source="counter")
            svc.submit_survey({f"u{i}": score + (i % 2) for i in range(1, 10)}, ticket_id=t.ticket_id,
                              service="INFO", source="paper")
    for code in ("A01", "B02"):
        wanted = region.branch_rows(code, "SELECT count(*) FROM events")[0][0]
        assert wait_for(lambda: _count(region, "events", code) == wanted, timeout=5.0)
    day = MONDAY.date()
    for now in (MONDAY + timedelta(hours=6), MONDAY + timedelta(days=1)):     # today so far, then the closed day
        _, out, _ = run(capsys, "--db", region.region_url, "region", "report", "--from", day.isoformat(), "--to",
                        day.isoformat(), "--format", "json", now=now)
        doc = json.loads(out)
        assert (doc["from"], doc["to"]) == (day.isoformat(), day.isoformat())
        by_code = {b["branch"]: b for b in doc["branches"]}
        assert set(by_code) == {"A01", "B02"}
        for code in ("A01", "B02"):
            own = _branch_report(region, code, day, now)
            theirs = dict(by_code[code])
            assert theirs.pop("name") == own.pop("branch")
            theirs.pop("branch")
            for staff in ("officers",):     # each officer's own figures name a person: they stay at the branch
                own.pop(staff, None)
                assert not theirs.pop(staff, None)
            assert theirs == own
        assert doc["region"]["total"]["arrivals"] == sum(b["total"]["arrivals"] for b in doc["branches"])
        assert doc["region"]["ikm"]["respondents"] == sum(b["ikm"]["respondents"] for b in doc["branches"])
        assert [row["branch"] for row in doc["league"]] == ["A01", "B02"]        # the better IKM first
        assert doc["league"][0]["ikm"] > doc["league"][1]["ikm"], doc["league"]
    _, out, _ = run(capsys, "--db", region.region_url, "region", "report", "--from", day.isoformat(), "--to",
                    day.isoformat(), "--format", "csv", "--lang", "en", now=now)
    lines = out.strip().splitlines()
    assert lines[0].startswith("Rank,Branch") and lines[1].startswith("1,A01") and lines[-1].split(",")[1] == "REGION"
    book = tmp_path / "region.xlsx"
    run(capsys, "--db", region.region_url, "region", "report", "--from", day.isoformat(), "--to", day.isoformat(),
        "--format", "xlsx", "--out", str(book), now=now)
    import openpyxl

    sheet = openpyxl.load_workbook(book)["Peringkat cabang"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:2] == ["Peringkat", "Cabang"] and [r[1] for r in rows[1:4]] == ["A01", "B02", "WILAYAH"]
    assert rows[3][3] == doc["region"]["total"]["arrivals"]
    pdf = tmp_path / "region.pdf"
    run(capsys, "--db", region.region_url, "region", "report", "--from", day.isoformat(), "--to", day.isoformat(),
        "--format", "pdf", "--out", str(pdf), now=now)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000
    import subprocess

    page = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    if os.environ.get("ANJUNGAN_SHOTS"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                        os.path.join(os.environ["ANJUNGAN_SHOTS"], "region-league")], check=True)
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    assert any(line.startswith("Laporan") and "Peringkat cabang" in line for line in lines[:3]), lines[:3]
    league = {row["branch"]: row for row in doc["league"]}
    for code in ("A01", "B02"):
        row = league[code]
        line = next(line for line in lines if f"{code} — {row['name']}" in line)
        ikm = f"{row['ikm']:.2f}".replace(".", ",")
        p90 = "–" if row["wait_p90_min"] is None else f"{row['wait_p90_min']:.1f}".replace(".", ",")
        level = "–" if row["service_level_pct"] is None else f"{row['service_level_pct']:.1f}".replace(".", ",")
        assert line.split() == [str(row["rank"]), code, "—", *row["name"].split(), ikm, row["ikm_grade"], level, p90,
                                str(row["arrivals"])], line
    whole = next(line for line in lines if line.startswith("WILAYAH"))
    assert whole.split()[-1] == str(doc["region"]["total"]["arrivals"])
    assert lines.index(whole) > max(i for i, line in enumerate(lines) if "B02 —" in line)
    for word in ("Peringkat", "Cabang", "IKM", "Mutu", "p90"):
        assert word in page, word


def _status(world: Region, capsys) -> dict:
    _, out, _ = run(capsys, "--db", world.region_url, "region", "status", "--json")
    return json.loads(out)


def test_status_names_each_branch_with_its_lag_and_kept_wal(region, capsys):
    for code in ("A01", "B02"):
        region.issue(code)
    assert wait_for(lambda: all(b["connected"] and b["last_event_at"] for b in _status(region, capsys)["branches"]),
                    timeout=10, step=0.2)
    doc = _status(region, capsys)
    assert [b["branch"] for b in doc["branches"]] == ["A01", "B02"]
    for b in doc["branches"]:
        assert set(b) >= {"branch", "connected", "lag_s", "lag_bytes", "last_event_at", "slot_wal_bytes"}
        assert b["lag_s"] is not None and b["lag_s"] <= 5.0
        assert isinstance(b["slot_wal_bytes"], int) and b["problem"] is None
        assert b["last_event_at"] is not None


def test_status_says_a_branch_that_does_not_answer(region, capsys):
    """Branch B's server down: `region status` says B02 is neither reached nor connected, with a
    sentence; up again, the link comes back by itself."""
    region.branches["B02"].stop()
    try:
        doc = {b["branch"]: b for b in _status(region, capsys)["branches"]}
        assert doc["B02"]["reachable"] is False and doc["B02"]["connected"] is False
        assert "B02" in doc["B02"]["problem"] and doc["A01"]["connected"]
        _, out, _ = run(capsys, "--db", region.region_url, "region", "status")
        assert "B02: TERPUTUS" in out
    finally:
        region.branches["B02"].start()
        region.svc["B02"].database.engine.dispose()
    assert wait_for(lambda: {b["branch"]: b for b in _status(region, capsys)["branches"]}["B02"]["connected"],
                    timeout=15, step=0.3)


def test_a_cut_link_loses_nothing_and_doubles_nothing(region, capsys):
    """The region's server stopped while branch A issues tickets and calls some; started again,
    every row arrives once and the lag is back under 5 s."""
    _cut_link(region, capsys, CUT_TICKETS)


@pytest.mark.slow
def test_a_cut_link_through_1000_tickets(region, capsys):
    """The soak: 1,000 tickets while the link is cut (`-m slow`), on the next day (a service's
    numbers run to 999 a day)."""
    region.clock.advance(days=1)
    _cut_link(region, capsys, 1000)


def _cut_link(region: Region, capsys, count: int) -> None:
    svc = region.svc["A01"]
    region.region.stop()
    try:
        began = time.monotonic()
        for i in range(count):
            region.issue("A01")
            if i % 10 == 9:
                t = svc.call_next(2)
                if t is not None:
                    svc.finish(2)
        issuing = time.monotonic() - began
    finally:
        region.region.start()
    restarted = time.monotonic()
    ids = {r[0] for r in region.branch_rows("A01", "SELECT ticket_id FROM tickets")}
    events = region.branch_rows("A01", "SELECT count(*) FROM events")[0][0]
    assert wait_for(lambda: _count(region, "events", "A01") == events, timeout=30.0)
    caught_up = time.monotonic() - restarted
    got = [r[0] for r in region.region_rows("SELECT ticket_id FROM public.tickets WHERE branch_code = 'A01'")]
    assert len(got) == len(set(got)) and set(got) == ids                  # 0 lost, 0 duplicated
    states = dict(region.branch_rows("A01", "SELECT ticket_id, state FROM tickets"))
    assert dict(region.region_rows("SELECT ticket_id, state FROM public.tickets WHERE branch_code = 'A01'")) == states
    assert wait_for(lambda: (b := _status(region, capsys)["branches"][0])["connected"] and b["lag_s"] <= 5.0,
                    timeout=5.0, step=0.2)
    print(f"\ncut link: {count} tickets issued in {issuing:.1f} s while cut; caught up {caught_up:.2f} s "
          f"after the region's server was back")


def test_a_lost_slot_is_said_by_status_and_doctor_and_mended_by_reseed(region, capsys):
    """Branch B's subscription paused while the branch server writes more WAL than it may keep for
    a region (8 MB): the slot is lost; `region status` and the branch's `doctor` say so; `region
    reseed B02` copies the branch afresh and its new tickets follow again."""
    region.issue("B02")
    region.region_rows("ALTER SUBSCRIPTION anjungan_b02 DISABLE")
    wait_for(lambda: not region.branch_rows(
        "B02", "SELECT active FROM pg_replication_slots WHERE slot_name = 'anjungan_b02'")[0][0], timeout=10)
    region.issue("B02")
    region.branch_rows("B02", "CREATE TABLE wal_filler (x text)")
    for _ in range(3):
        region.branch_rows("B02", "INSERT INTO wal_filler SELECT repeat('x', 900) FROM generate_series(1, 5000)")
        region.branch_rows("B02", "SELECT pg_switch_wal()")
    region.branch_rows("B02", "CHECKPOINT")
    assert wait_for(lambda: region.branch_rows(
        "B02", "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'anjungan_b02'")[0][0] == "lost",
        timeout=10)
    region.branch_rows("B02", "DROP TABLE wal_filler")
    region.region_rows("ALTER SUBSCRIPTION anjungan_b02 ENABLE")
    doc = {x["branch"]: x for x in _status(region, capsys)["branches"]}
    assert doc["B02"]["slot_lost"] and not doc["B02"]["connected"]
    assert "region reseed B02" in doc["B02"]["problem"]
    assert doc["A01"]["slot_lost"] is False
    _, out, _ = run(capsys, "--db", region.region_url, "region", "status")
    assert "reseed B02" in out
    _, out, _ = run(capsys, "--db", region.branch_url("B02"), "doctor", "--json", expect=None)
    said = [c for c in json.loads(out)["checks"] if c["name"] == "region"]
    assert [c["level"] for c in said] == ["fail"] and "reseed" in said[0]["message"]
    _, out, _ = run(capsys, "--db", region.branch_url("A01"), "doctor", "--json", expect=None)
    assert [c["level"] for c in json.loads(out)["checks"] if c["name"] == "region"] == ["ok"]
    _, out, _ = run(capsys, "--db", region.region_url, "region", "reseed", "B02")
    assert "B02" in out
    region.issue("B02")
    wanted = {r[0] for r in region.branch_rows("B02", "SELECT ticket_id FROM tickets")}
    assert wait_for(lambda: {r[0] for r in region.region_rows(
        "SELECT ticket_id FROM public.tickets WHERE branch_code = 'B02'")} == wanted, timeout=10)
    assert wait_for(lambda: {x["branch"]: x for x in _status(region, capsys)["branches"]}["B02"]["connected"],
                    timeout=10, step=0.2)


def test_a_bundle_from_the_region_changes_a_branchs_hours_and_a_bad_one_is_refused_and_said(region, capsys,
                                                                                            tmp_path):
    """The region pushes a configuration bundle; the branch takes it through `config push`'s own
    validation (Monday closes at 14.30 instead of 15.00); a bundle that does not validate is
    refused at the branch, and `region status` and the branch's `doctor` say so."""
    from pathlib import Path

    from kiosk.services import demo_config, open_services

    run(capsys, "--db", region.region_url, "region", "upgrade", "--json")
    _, out, _ = run(capsys, "--db", region.branch_url("A01"), "region", "follow", "--url",
                    region.region.url("region", "anjungan_branch"), "--json")
    assert json.loads(out)["subscription"] == "anjungan_bundles_a01"
    text = (Path(__file__).resolve().parents[2] / "config" / "default.toml").read_text(encoding="utf-8")
    assert 'close = "15.00"' in text
    bundle = tmp_path / "region-hours.toml"
    bundle.write_text(text.replace('[hours.monday]\nopen = "08.00"\nclose = "15.00"',
                                   '[hours.monday]\nopen = "08.00"\nclose = "14.30"'), encoding="utf-8")
    _, out, _ = run(capsys, "--db", region.region_url, "region", "bundle", str(bundle), "--branch", "A01", "--json")
    number = json.loads(out)["bundle"]
    assert wait_for(lambda: region.branch_rows("A01", f"SELECT count(*) FROM anjungan_region.bundles "
                                                      f"WHERE id = {number}")[0][0] == 1, timeout=5)
    _, out, _ = run(capsys, "--db", region.branch_url("A01", "anjungan_owner"), "region", "apply", "--json")
    assert json.loads(out)["applied"] is True
    svc = open_services(db_url=region.branch_url("A01"), config=demo_config(), upgrade=None)
    try:
        assert svc.branch.hours.for_date(MONDAY.date()).closes.strftime("%H.%M") == "14.30"
    finally:
        svc.close()
    # a bundle the branch cannot take (written past the region's own check) is refused and said
    region.region_rows("INSERT INTO anjungan_region.bundles (target, source, digest, body, pushed_at) VALUES "
                       "('A01', 'broken.toml', 'x', '[hours.monday]\nopen = \"25.99\"\n', now())")
    assert wait_for(lambda: region.branch_rows("A01", "SELECT count(*) FROM anjungan_region.bundles")[0][0] == 2,
                    timeout=5)
    _, out, _ = run(capsys, "--db", region.branch_url("A01", "anjungan_owner"), "region", "apply", "--json", expect=1)
    refused = json.loads(out)
    assert refused["applied"] is False and refused["reason"]
    assert wait_for(lambda: (_status(region, capsys)["branches"][0]["bundle"] or {}).get("applied") is False,
                    timeout=5, step=0.2)
    _, out, _ = run(capsys, "--db", region.region_url, "region", "status")
    assert "menolak bundel" in out
    _, out, _ = run(capsys, "--db", region.branch_url("A01"), "doctor", "--json", expect=None)
    assert any(c["name"] == "region" and c["level"] == "warn" and "ditolak" in c["message"]
               for c in json.loads(out)["checks"])


def _take_bundle(world: Region, capsys, path) -> int:
    """`region bundle FILE --branch A01` in the region, then `region apply` at A01 as its owner role."""
    _, out, _ = run(capsys, "--db", world.region_url, "region", "bundle", str(path), "--branch", "A01", "--json")
    number = json.loads(out)["bundle"]
    assert wait_for(lambda: world.branch_rows("A01", f"SELECT count(*) FROM anjungan_region.bundles "
                                                     f"WHERE id = {number}")[0][0] == 1, timeout=5)
    _, out, _ = run(capsys, "--db", world.branch_url("A01", "anjungan_owner"), "region", "apply", "--json")
    assert json.loads(out) | {"version": None} == {"bundle": number, "applied": True, "reason": None, "version": None}
    return number


def test_under_a_bundle_a_branch_changes_itself_only_the_sections_the_region_lets_it(region, capsys, tmp_path):
    """Under the region's bundle a branch's own `config push` may change its machine sections (the
    hall display's running text) but not its hours: refused whole, exit 2, one sentence naming
    [hours], nothing stored; a bundle whose `[region] local_sections` adds hours lets the branch
    change them, and one with an empty list keeps even the running text the region's."""
    from pathlib import Path

    owner = region.branch_url("A01", "anjungan_owner")
    run(capsys, "--db", region.region_url, "region", "upgrade")
    run(capsys, "--db", region.branch_url("A01"), "region", "follow", "--url", region.region.url("region", "anjungan_branch"))
    text = (Path(__file__).resolve().parents[2] / "config" / "default.toml").read_text(encoding="utf-8")
    monday = '[hours.monday]\nopen = "08.00"\nclose = "15.00"'
    base = text.replace(monday, monday.replace("15.00", "14.45"))
    assert base != text and "Call Center 175 —" in base

    def write(name: str, body: str):
        (tmp_path / name).write_text(body, encoding="utf-8")
        return tmp_path / name

    def monday_closes() -> str:
        _, out, _ = run(capsys, "--db", owner, "config", "show", "--json")
        return json.loads(out)["sections"]["hours"]["monday"]["close"]

    number = _take_bundle(region, capsys, write("region.toml", base))
    own_hours = write("own-hours.toml", base.replace('close = "14.45"', 'close = "14.30"'))
    _, _, err = run(capsys, "--db", owner, "config", "push", str(own_hours), expect=2)
    assert err.count("\n") == 1 and "[hours]" in err and f"bundel nomor {number}" in err and "region bundle" in err
    assert "[display]" not in err and "Traceback" not in err
    assert monday_closes() == "14.45"                                     # nothing stored
    own_text = write("own-text.toml", base.replace("Call Center 175 —", "Call Center 175 (KC A01) —"))
    _, out, _ = run(capsys, "--db", owner, "config", "push", str(own_text), "--json")
    assert json.loads(out)["stored"] is True
    _, out, _ = run(capsys, "--db", owner, "config", "show", "--json")
    assert any("KC A01" in line for line in json.loads(out)["sections"]["display"]["running_text"])
    # the region widens the list: the branch may now keep its own hours
    _take_bundle(region, capsys, write("widened.toml", base + '\n[region]\nlocal_sections = ["printer", "display", '
                                                              '"voice", "web", "hours"]\n'))
    run(capsys, "--db", owner, "config", "push", str(own_hours))
    assert monday_closes() == "14.30"
    # and narrows it to nothing: even the running text is the region's
    number = _take_bundle(region, capsys, write("narrowed.toml", base + "\n[region]\nlocal_sections = []\n"))
    assert monday_closes() == "14.45"
    _, _, err = run(capsys, "--db", owner, "config", "push", str(own_text), expect=2)
    assert "[display]" in err and f"bundel nomor {number}" in err
    # a section the program does not know is refused by the region before any branch sees it
    _, _, err = run(capsys, "--db", region.region_url, "region", "bundle",
                    str(write("typo.toml", base + '\n[region]\nlocal_sections = ["hourz"]\n')), expect=2)
    assert "region.local_sections" in err and "hourz" in err


def test_the_shipped_timer_takes_a_bundle_as_the_owner_role(region, capsys, tmp_path):
    """The command `region units` writes into its service, run as it stands (the server's postgres
    login, acting as the owner role), takes the region's new bundle: the version it stores is the
    owner role's. (The units themselves: tests/cli/test_region_units.py.)"""
    from pathlib import Path

    from tests.cli.test_units import read_unit

    run(capsys, "--db", region.region_url, "region", "upgrade")
    run(capsys, "--db", region.branch_url("A01"), "region", "follow", "--url", region.region.url("region", "anjungan_branch"))
    run(capsys, "region", "units", "--out", str(tmp_path / "units"), "--program", "anjungan", "--branch-db",
        region.branch_url("A01"))
    command = read_unit(tmp_path / "units" / "anjungan-region-apply.service")["Service"]["ExecStart"][0]
    argv = command.replace("%%", "%").split()
    assert argv[0] == "anjungan" and argv[-2:] == ["region", "apply"] and "role%3Danjungan_owner" in argv[2]
    text = (Path(__file__).resolve().parents[2] / "config" / "default.toml").read_text(encoding="utf-8")
    monday = '[hours.monday]\nopen = "08.00"\nclose = "15.00"'
    (tmp_path / "hours.toml").write_text(text.replace(monday, monday.replace("15.00", "14.40")), encoding="utf-8")
    _, out, _ = run(capsys, "--db", region.region_url, "region", "bundle", str(tmp_path / "hours.toml"), "--branch",
                    "A01", "--json")
    number = json.loads(out)["bundle"]
    assert wait_for(lambda: region.branch_rows("A01", f"SELECT count(*) FROM anjungan_region.bundles "
                                                      f"WHERE id = {number}")[0][0] == 1, timeout=5)
    _, out, _ = run(capsys, *argv[1:], "--json")
    assert json.loads(out)["bundle"] == number and json.loads(out)["applied"] is True
    _, out, _ = run(capsys, "--db", region.branch_url("A01"), "config", "history", "--json")
    newest = json.loads(out)["versions"][0]
    assert newest["role"] == "anjungan_owner" and newest["version"] == json.loads(
        run(capsys, "--db", region.branch_url("A01"), "config", "show", "--json")[1])["version"]
    _, out, _ = run(capsys, *argv[1:])                                       # the next run: nothing new
    assert "Tidak ada bundel baru" in out


def test_db_upgrade_refuses_to_go_before_the_region(region, capsys):
    """A branch that follows a region may not take a newer schema than the region's; `region
    upgrade` refuses a program older than the region's schema."""
    from kiosk.store.schema import HEAD

    run(capsys, "--db", region.region_url, "region", "upgrade")       # each test stands alone (the suite runs on two cores)
    run(capsys, "--db", region.branch_url("A01"), "region", "follow", "--url", region.region.url("region", "anjungan_branch"))
    region.region_rows("UPDATE anjungan_region.meta SET value = '0001' WHERE key = 'schema_head'")
    assert wait_for(lambda: region.branch_rows(
        "A01", "SELECT value FROM anjungan_region.meta WHERE key = 'schema_head'") == [("0001",)], timeout=5)
    _, _, err = run(capsys, "--db", region.branch_url("A01"), "db", "upgrade", expect=1)
    assert "region upgrade" in err and "Traceback" not in err
    run(capsys, "--db", region.region_url, "region", "upgrade")
    assert wait_for(lambda: region.branch_rows(
        "A01", "SELECT value FROM anjungan_region.meta WHERE key = 'schema_head'") == [(HEAD,)], timeout=5)
    run(capsys, "--db", region.branch_url("A01"), "db", "upgrade")
    region.region_rows("UPDATE anjungan_region.meta SET value = '9999' WHERE key = 'schema_head'")
    _, _, err = run(capsys, "--db", region.region_url, "region", "upgrade", expect=1)
    assert "9999" in err
    region.region_rows(f"UPDATE anjungan_region.meta SET value = '{HEAD}' WHERE key = 'schema_head'")


def test_the_region_monitor_shows_every_branch_live(region, qtbot, capsys, tmp_path):
    """`region monitor`: a row per branch with its link, waiting, longest wait, counters open and
    advice, from the region database; a ticket issued at a branch shows at the next refresh."""
    from kiosk.services import open_services
    from kiosk.ui.region_monitor import RegionMonitorWindow

    os.environ["ANJUNGAN_NOW"] = region.clock.now.isoformat()
    svc = open_services(db_url=region.region_url + "?options=-csearch_path%3Danjungan_region", upgrade=False)
    try:
        window = RegionMonitorWindow(svc.region_overview, lang="id", refresh_ms=60000)
        qtbot.addWidget(window)
        window.resize(1100, 320)
        table = window.table
        assert table.rowCount() == 2
        assert table.item(0, 0).text().startswith("A01") and table.item(1, 0).text().startswith("B02")
        waiting = int(table.item(1, 2).text())
        region.issue("B02")
        assert wait_for(lambda: (window.refresh(), int(table.item(1, 2).text()))[1] == waiting + 1, timeout=5)
        assert "cabang" in window.summary.text()
        window.refresh()
        window.grab().save(str(tmp_path / "region-monitor.png"))
        if os.environ.get("ANJUNGAN_SHOTS"):
            window.grab().save(os.path.join(os.environ["ANJUNGAN_SHOTS"], "region-monitor.png"))
    finally:
        os.environ.pop("ANJUNGAN_NOW", None)
        svc.close()
    _, out, _ = run(capsys, "--db", region.region_url, "region", "monitor", "--json", now=region.clock.now)
    rows = json.loads(out)["branches"]
    assert [r["branch"] for r in rows] == ["A01", "B02"] and all(r["connected"] for r in rows)


def test_the_report_from_day_summaries_gives_each_branchs_counts_and_ikm(region, capsys):
    """Both branches close the day; `region report --from-summaries` gives each branch's counts and
    IKM as its day close kept them (the branch's own summaries), and the region's as their sum."""
    day = region.clock.now.date()
    for code, score in (("A01", 4), ("B02", 3)):
        svc = region.svc[code]
        region.issue(code)
        while (t := svc.call_next(2)) is not None:
            svc.finish(2)
            svc.submit_survey({f"u{i}": score for i in range(1, 10)}, ticket_id=t.ticket_id, service="INFO",
                              source="paper")
    region.clock.advance(days=1)
    for code in ("A01", "B02"):
        region.svc[code].close_day(day)
    for code in ("A01", "B02"):
        wanted = region.branch_rows(code, f"SELECT count(*) FROM day_summaries WHERE service_day = '{day}'")[0][0]
        assert wanted and wait_for(lambda: region.region_rows(
            f"SELECT count(*) FROM public.day_summaries WHERE branch_code = '{code}' "
            f"AND service_day = '{day}'")[0][0] == wanted, timeout=5)
    _, out, _ = run(capsys, "--db", region.region_url, "region", "report", "--from-summaries", "--from",
                    day.isoformat(), "--to", day.isoformat(), now=region.clock.now)
    doc = json.loads(out)
    assert doc["source"] == "day_summaries"
    by_code = {b["branch"]: b for b in doc["branches"]}
    for code in ("A01", "B02"):
        own = _branch_report(region, code, day, region.clock.now)
        got = by_code[code]
        kept = region.branch_rows(code, f"SELECT sum(arrivals), sum(no_show) FROM day_summaries "
                                        f"WHERE service_day = '{day}'")[0]
        assert (got["arrivals"], got["no_show"]) == tuple(kept)          # the day close's own counts
        kept = region.branch_rows(code, "SELECT sum(skm_respondents), " + ", ".join(
            f"sum(skm_u{i})" for i in range(1, 10)) + f" FROM day_summaries WHERE service_day = '{day}'")[0]
        from kiosk.domain.skm import ikm_from_sums

        ikm = ikm_from_sums([float(x) for x in kept[1:]], int(kept[0]))
        assert (got["ikm"], got["ikm_grade"], got["ikm_respondents"]) == (ikm.value, ikm.grade, ikm.respondents)
        assert got["ikm_respondents"] >= 1 and own["ikm"]["grade"] == got["ikm_grade"]
    assert doc["region"]["arrivals"] == sum(b["arrivals"] for b in doc["branches"])
    assert [r["rank"] for r in doc["league"]] == [1, 2]


def test_the_report_role_reads_the_report_and_the_monitor_and_nothing_else(region, capsys):
    """`anjungan_region_report`, kept by `region add-branch` and `region upgrade`: `region report
    --format json` as it gives the superuser's figures (closed days it may not summarise are summed
    afresh, and left unsummarised), the monitor's overview through the services works; it cannot
    write a row, read a subscription's connection string, or run a command of the superuser."""
    import psycopg

    from kiosk.services import open_services

    run(capsys, "--db", region.region_url, "region", "upgrade")
    reader = region.region.url("region", "anjungan_region_report")
    assert region.region_rows("SELECT rolcanlogin, rolsuper, rolreplication, rolcreaterole FROM pg_roles "
                              "WHERE rolname = 'anjungan_region_report'") == [(True, False, False, False)]
    _a_visit_at_each_branch(region)          # on a day that is over by the report
    region.clock.advance(days=1)
    for code in ("a01", "b02"):          # no summary kept: the reader must sum the closed days itself
        region.region_rows(f"DELETE FROM anjungan_b_{code}.visit_facts; DELETE FROM anjungan_b_{code}.visit_days")
    now = region.clock.now
    assert now.date() > MONDAY.date()
    args = ("region", "report", "--from", MONDAY.date().isoformat(), "--to", now.date().isoformat(), "--format", "json")
    _, out, _ = run(capsys, "--db", reader, *args, now=now)
    theirs = json.loads(out)
    assert region.region_rows("SELECT count(*) FROM anjungan_b_a01.visit_days")[0][0] == 0
    _, out, _ = run(capsys, "--db", region.region_url, *args, now=now)
    ours = json.loads(out)
    assert region.region_rows("SELECT count(*) FROM anjungan_b_a01.visit_days")[0][0] > 0
    assert theirs == ours and [b["branch"] for b in theirs["branches"]] == ["A01", "B02"]
    assert theirs["region"]["total"]["arrivals"] > 0 and theirs["league"][0]["rank"] == 1
    summed = ("region", "report", "--from-summaries", "--from", MONDAY.date().isoformat(), "--to", now.date().isoformat())
    assert json.loads(run(capsys, "--db", reader, *summed, now=now)[1]) == \
        json.loads(run(capsys, "--db", region.region_url, *summed, now=now)[1])
    svc = open_services(db_url=reader + "?options=-csearch_path%3Danjungan_region", upgrade=False)
    try:
        rows = svc.region_overview()
    finally:
        svc.close()
    assert [r["branch"] for r in rows] == ["A01", "B02"] and all(r["connected"] for r in rows)
    assert sum(r["waiting"] for r in rows) == sum(
        region.branch_rows(c, "SELECT count(*) FROM tickets WHERE state = 'waiting' AND service_day = "
                              f"'{now.date()}'")[0][0] for c in ("A01", "B02"))
    for sql in ("INSERT INTO public.events (branch_code, id, at) VALUES ('Z', 1, now())",
                "UPDATE public.tickets SET state = 'done'", "DELETE FROM public.tickets",
                "DELETE FROM anjungan_b_a01.visit_days", "DELETE FROM anjungan_region.branches",
                "SELECT subconninfo FROM pg_subscription", "ALTER SUBSCRIPTION anjungan_a01 DISABLE",
                "CREATE TABLE public.mine (x int)"):
        with pytest.raises(psycopg.Error, match="permission denied|must be owner"):
            region.region.sql(sql, "region", "anjungan_region_report")
    _, _, err = run(capsys, "--db", reader, "region", "status", expect=1)
    assert "superuser" in err


def test_remove_branch_drops_its_slot_and_forget_deletes_its_rows(region, capsys):
    _a_visit_at_each_branch(region)          # rows of each branch in the region, whatever ran before
    assert _count(region, "tickets", "B02") > 0
    _, out, _ = run(capsys, "--db", region.region_url, "region", "remove-branch", "B02", "--forget", "--json")
    done = json.loads(out)
    assert done["slot_dropped"] is True and done["rows_deleted"] > 0
    assert _count(region, "tickets", "B02") == 0 and _count(region, "tickets", "A01") > 0
    assert region.branch_rows("B02", "SELECT count(*) FROM pg_replication_slots")[0][0] == 0
    assert [b["branch"] for b in _status(region, capsys)["branches"]] == ["A01"]
    _, _, err = run(capsys, "--db", region.region_url, "region", "remove-branch", "B02", expect=1)
    assert "B02" in err
