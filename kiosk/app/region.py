"""A region of branches (`anjungan region …`, docs/region.md): a branch publishes what the region
needs by PostgreSQL logical replication; the region subscribes each branch, watches the links, and
makes the branch report's figures per branch and for the region.

On a branch (`publish`, `apply`) the context is the branch's own database, as its owner role (the
first time as the superuser, which alone may make the replication role). In the region the report
and the monitor may run as the report role (`anjungan_region_report`, SELECT only); every other use
case runs on the region's database as its superuser (PostgreSQL 15 lets only a superuser make a
subscription). The region's figures of one branch are made by the branch's own report code on a
schema of views that shows that branch's rows in a branch database's shape (kiosk/store/region.py),
under the branch's own stored configuration: the same arithmetic, the same figures.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime

from kiosk.app import reports
from kiosk.app.core import AppCore
from kiosk.app.region_bundles import bundle_file
from kiosk.domain import errors, region as rules
from kiosk.domain.catalog import msgid, pair, tr
from kiosk.domain.report import build_report
from kiosk.store import region as store, region_access as access
from kiosk.store.schema import HEAD
from kiosk.store.uow import Database


@contextmanager
def _refused():
    try:
        yield
    except store.RegionRefused as exc:
        raise errors.AnjunganError.of(exc.key, **exc.values) from None


def _postgresql(app: AppCore) -> None:
    if app.dialect != "postgresql":
        raise errors.ConfigError.of("region.postgresql_only")


def _code(code: str) -> str:
    if not rules.valid_code(code):
        raise errors.ConfigError.of("region.code", code=code)
    return code


def _region(app: AppCore) -> store.RegionStore:
    _postgresql(app)
    region = store.RegionStore(app.database.engine)
    if not region.superuser():
        raise errors.AnjunganError.of("region.not_superuser")
    return region


def _reader(app: AppCore) -> store.RegionStore:
    """The region's database to read only (`region report`, `region monitor`): as the superuser or
    as the report role (`anjungan_region_report`), which may read and nothing else."""
    _postgresql(app)
    return store.RegionStore(app.database.engine)


# ------------------------------------------------------------------------------ the branch side

def publish(app: AppCore, code: str, *, role: str = rules.REPLICATION_ROLE, keep_wal: str | None = None) -> dict:
    """Publish this branch to a region (again after every `db upgrade`); what crosses, by table."""
    _postgresql(app)
    with _refused():
        done = store.publish(app.database.engine, _code(code), role=role, keep_wal=keep_wal)
    return {"branch": done.branch, "publication": done.publication, "role": done.role,
            "tables": done.tables, "max_slot_wal_keep_size": done.max_slot_wal_keep_size, "slots": done.slots}


def branch_slots(app: AppCore) -> list[dict]:
    """The region's replication slots on this branch (`doctor`): none when it does not publish."""
    if app.dialect != "postgresql":
        return []
    return store.slots(app.database.engine)


def keep_wal_size(app: AppCore) -> str:
    return store.keep_wal_size(app.database.engine)


# ------------------------------------------------------------------------------ the region side

def add_branch(app: AppCore, code: str, url: str) -> dict:
    """Subscribe a branch: its tables made or completed in the region, its views, its subscription
    (the branch's rows are copied first, then its changes follow)."""
    region = _region(app)
    code = _code(code)
    if code in {c for c, _, _ in region.branches()}:
        raise errors.AnjunganError.of("region.add.exists", code=code)
    with _refused():
        branch = store.read_branch(url)
    if branch.code != code:
        raise errors.AnjunganError.of("region.add.other_code", code=code, published=branch.code or "?")
    schemas = {schema for schema, _ in branch.tables}
    if len(schemas) != 1:
        raise errors.AnjunganError.of("region.add.schemas", schemas=", ".join(sorted(schemas)))
    schema = schemas.pop()
    behind = region.missing_columns(branch)
    if behind and region.branches():
        raise errors.AnjunganError.of("region.add.behind", columns=", ".join(behind[:5]))
    region.ensure_bundles()
    with _refused():
        tables = region.prepare(branch)
        views = region.views(code, schema)
        subscription = region.subscribe(code, url, schema)
    return {"branch": code, "subscription": subscription, "schema": schema, "views": views, "tables": tables,
            "report_role": access.keep_report_role(region.engine)}


def remove_branch(app: AppCore, code: str, forget: bool = False) -> dict:
    """Stop following a branch (its rows stay, unless `forget`); the branch's slot is dropped when
    the branch answers (else `slot_left`: drop it there)."""
    region = _region(app)
    if code not in {c for c, _, _ in region.branches()}:
        raise errors.AnjunganError.of("region.unknown", code=code)
    dropped = region.unsubscribe(code)
    gone = region.forget(code) if forget else 0
    return {"branch": code, "slot_dropped": dropped, "rows_deleted": gone}


def reseed(app: AppCore, code: str) -> dict:
    """Copy a branch afresh (after its slot was lost, or its database restored): the subscription
    made again with the same address, the branch's rows in the region replaced by its rows now."""
    region = _region(app)
    known = {c: schema for c, _, schema in region.branches()}
    if code not in known:
        raise errors.AnjunganError.of("region.unknown", code=code)
    url = region.conninfo(code)
    if url is None:
        raise errors.AnjunganError.of("region.unknown", code=code)
    with _refused():
        store.read_branch(url)                    # the branch answers before anything is dropped
    region.unsubscribe(code)
    gone = region.forget(code, known[code])
    with _refused():
        region.views(code, known[code])
        region.subscribe(code, url, known[code])
    access.keep_report_role(region.engine)
    return {"branch": code, "rows_replaced": gone}


def status(app: AppCore, probe: bool = True) -> dict:
    """Each branch's link: connected, lag in seconds and bytes, its newest event, the WAL its slot
    keeps, and what is wrong with it in a sentence (with the command that mends it)."""
    return {"branches": _links(_region(app), probe)}


def _links(region: store.RegionStore, probe: bool) -> list[dict]:
    answers = region.bundle_results()
    out = []
    for f in region.links(probe=probe):
        link = rules.BranchLink(f.branch, f.enabled, f.worker, f.reachable, f.wal_status, f.sending, f.lag_s,
                                f.lag_bytes, f.slot_wal_bytes)
        problem = link.problem
        out.append({"branch": f.branch, "connected": link.connected, "lag_s": f.lag_s, "lag_bytes": f.lag_bytes,
                    "last_event_at": f.last_event_at.isoformat() if f.last_event_at else None,
                    "slot_wal_bytes": f.slot_wal_bytes, "wal_status": f.wal_status, "slot_lost": link.slot_lost,
                    "reachable": f.reachable, "problem": tr(problem, code=f.branch) if problem else None,
                    "bundle": answers.get(f.branch)})
    return out


def upgrade(app: AppCore) -> dict:
    """Bring the region's tables to this program's published columns before any branch is
    upgraded (additive only), and note the schema the region now takes."""
    region = _region(app)
    known = region.meta("schema_head")
    if known is not None and known > HEAD:
        raise errors.AnjunganError.of("region.upgrade.older_program", region=known, program=HEAD)
    region.ensure_bundles()
    added = region.model_tables()
    for code, _, schema in region.branches():
        region.views(code, schema)
    region.set_meta("schema_head", HEAD)
    return {"schema_head": HEAD, "columns_added": added, "report_role": access.keep_report_role(region.engine)}


def report(app: AppCore, first: date, last: date) -> rules.RegionReport:
    """The branch report's figures for each branch (by the branch's own configuration) and for
    the whole region, with the league table. As the report role (which may not keep the branches'
    summaries of closed days) the days not summarised yet are summed from their events each time."""
    region = _reader(app)
    if first > last:
        raise errors.AnjunganError.of("error.report.range", start=first.isoformat(), end=last.isoformat())
    if (last - first).days + 1 > reports.MAX_DAYS:
        raise errors.AnjunganError.of("error.report.too_long", days=reports.MAX_DAYS)
    per_branch, merged = [], None
    for code, _, _ in region.branches():
        branch_app = AppCore(app.file_config, Database.connect(store.branch_url(app.database.engine, code)),
                             clock=app.now)
        try:
            if access.may_summarise(region.engine, code):
                reports.summarise_closed_days(branch_app, first, last)
                inputs = reports.report_inputs(branch_app, first, last)
            else:
                inputs = reports.report_inputs(branch_app, first, last,
                                               fresh=reports.unsummarised_facts(branch_app, first, last))
        finally:
            branch_app.close()
        per_branch.append((code, build_report(**inputs)))
        if merged is None:
            merged = {k: list(inputs[k]) for k in ("facts", "marks", "ratings", "surveys", "bookings")}
        else:
            for k in merged:
                merged[k] += inputs[k]
    merged = merged or {k: [] for k in ("facts", "marks", "ratings", "surveys", "bookings")}
    whole = build_report(date_from=first, date_to=last, branch=app.branch, targets=app.config.reports.targets,
                         default_target=app.config.reports.target_wait_min, generated_at=app.now(), **merged)
    return rules.RegionReport(first, last, whole, tuple(per_branch))


def doctor_findings(app: AppCore) -> list[tuple[str, str, dict]]:
    """What `anjungan doctor` says of a branch that publishes, as (level, message id, values): each
    region slot, the WAL it keeps and its bound; a lost slot fails with the command that mends it."""
    if app.dialect != "postgresql" or not store.publishes(app.database.engine):
        return []
    keep = store.keep_wal_size(app.database.engine)
    found = store.slots(app.database.engine)
    said: list[tuple[str, str, dict]] = []
    answer = store.last_result(app.database.engine)
    if answer is not None and not answer["applied"]:
        said.append(("warn", msgid("doctor.region.bundle_refused"), {"bundle": answer["bundle"],
                                                                   "reason": answer["reason"]}))
    if keep == "-1":
        said.append(("warn", msgid("doctor.region.unbounded"), {}))
    if not found:
        said.append(("warn", msgid("doctor.region.no_slot"), {}))
    for slot in found:
        if slot["wal_status"] == rules.SLOT_LOST:
            said.append(("fail", msgid("doctor.region.lost"), {"slot": slot["slot"]}))
        else:
            kept = slot["wal_bytes"] or 0
            said.append(("ok", msgid("doctor.region.ok"), {"slot": slot["slot"], "kept": f"{kept / 1048576:.1f} MB",
                                                   "keep": keep}))
    return said


# ------------------------------------------------------------------------------ configuration from the centre

def push_bundle(app: AppCore, path: str, target: str = rules.ALL_BRANCHES) -> dict:
    """In the region: a configuration file's branch sections for one branch or all, validated here by
    the same loader as `config push` (and again by each branch before it takes it)."""
    from pathlib import Path

    from kiosk.app.branch_sections import branch_sections, canonical, compose, digest_of
    from kiosk.config import config_path, load_config
    from kiosk.config.reader import read_toml_file

    region = _region(app)
    if target != rules.ALL_BRANCHES:
        _code(target)
    chosen = config_path(path)
    load_config(chosen, label=str(path))
    sections = branch_sections(read_toml_file(chosen, str(path)))
    compose(app.file_config, json.loads(canonical(sections)), str(path))
    try:
        body = Path(chosen).read_text(encoding="utf-8")
    except OSError as exc:
        raise errors.ConfigError.of("region.bundle.unreadable", path=path, error=exc.strerror or exc) from None
    number = region.add_bundle(target, Path(chosen).name, digest_of(sections), body)
    return {"bundle": number, "target": target, "digest": digest_of(sections)[:12]}


def follow_region(app: AppCore, url: str) -> dict:
    """On a branch (its superuser): follow the region's bundles and the schema the region takes."""
    _postgresql(app)
    code = store.branch_code(app.database.engine)
    if not code:
        raise errors.AnjunganError.of("region.follow.publish_first")
    with _refused():
        name = store.follow_bundles(app.database.engine, code, url)
    return {"branch": code, "subscription": name}


def apply_bundle(app: AppCore) -> dict:
    """On a branch (its owner role): take the region's newest bundle for it through `config push`'s
    own validation; a bundle that does not validate is refused, and the refusal goes back to the
    region (`region status`) and into this branch's `doctor`."""
    from kiosk.app.branch_config import push_config

    _postgresql(app)
    engine = app.database.engine
    code = store.branch_code(engine)
    pending = store.pending_bundle(engine, code) if code else None
    if pending is None:
        return {"bundle": None, "applied": None, "reason": None, "version": None}
    number, source, body = pending
    with bundle_file(number, source, body) as path:
        try:
            stored, _ = push_config(app, path, region_bundle=number)
        except errors.AnjunganError as exc:
            store.record_result(engine, number, False, None, exc.text("id"), app.now())
            return {"bundle": number, "applied": False, "reason": exc.text("id"), "version": None}
    store.record_result(engine, number, True, stored.version, None, app.now())
    return {"bundle": number, "applied": True, "reason": None, "version": stored.version}


def check_upgrade_order(app: AppCore) -> None:
    """`db upgrade` on a branch that follows a region: the region takes the new schema first."""
    if app.dialect != "postgresql":
        return
    head = store.region_head(app.database.engine)
    if head is not None and head < HEAD:
        raise errors.AnjunganError.of("region.upgrade.region_first", region=head, program=HEAD)


def overview(app: AppCore) -> list[dict]:
    """Every branch at a glance, live from the region database (`region monitor`): its link, how
    many wait and the longest wait now, the counters open, the branch monitor's advice, and whether
    the branch has gone silent. Each branch's figures are its own monitor's, folded from its events."""
    from kiosk.domain.monitor import CounterState

    region = _reader(app)
    links = {d["branch"]: d for d in _links(region, probe=False)}
    now = app.now()
    rows = []
    for code, _, _ in region.branches():
        branch_app = AppCore(app.file_config, Database.connect(store.branch_url(app.database.engine, code)),
                             clock=app.now)
        try:
            figures = reports.monitor_figures(branch_app)
            name = branch_app.branch.name
        finally:
            branch_app.close()
        link = links.get(code, {})
        last = link.get("last_event_at")
        quiet_s = (now - datetime.fromisoformat(last)).total_seconds() if last else None
        waits = [s.longest_wait_min for s in figures.services if s.longest_wait_min is not None]
        advice = figures.advice
        rows.append({
            "branch": code, "name": name, "connected": bool(link.get("connected")),
            "waiting": sum(s.waiting for s in figures.services), "longest_wait_min": max(waits) if waits else None,
            "counters_open": sum(1 for c in figures.counters if c.state is not CounterState.OFF),
            "advice": pair(advice.key, **advice.params) if advice is not None else None,
            "severity": str(getattr(advice.severity, "value", advice.severity)) if advice is not None else None,
            "last_event_at": last, "silent": quiet_s is None or quiet_s > rules.SILENT_AFTER_S})
        rows[-1]["trouble"] = rules.in_trouble(rows[-1]["connected"], rows[-1]["silent"],
                                               advice.severity if advice is not None else None)
    return rows


def summaries_report(app: AppCore, first: date, last: date) -> dict:
    """The region's figures from the branches' day summaries (`region report --from-summaries`):
    per branch and for the region, with the league table; made in well under a second for a
    country's month. Days a branch has not closed yet are not in it."""
    region = _reader(app)
    if first > last:
        raise errors.AnjunganError.of("error.report.range", start=first.isoformat(), end=last.isoformat())
    sums = region.summary_sums(first, last)
    whole: dict = {}
    for per in sums.values():
        for k, v in per.items():
            whole[k] = (whole.get(k) or 0) + (v or 0)
    branches = [{"branch": code, **rules.summary_figures(per)} for code, per in sums.items()]
    return {"from": first.isoformat(), "to": last.isoformat(), "source": "day_summaries",
            "region": rules.summary_figures(whole), "branches": branches, "league": rules.league(branches)}
