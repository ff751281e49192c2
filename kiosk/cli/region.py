"""`anjungan region …`: a branch publishes to its region; the region subscribes branches, watches
the links, reports and monitors (docs/region.md).

`region publish`, `follow` and `apply` run on a branch database (`--db` the branch's, as its owner
role; the first time, and `follow`, as the superuser), `units` writes the systemd timer that runs
`apply` (kiosk/cli/region_units.py). `report` and `monitor` run on the region's database as its
report role or its superuser; every other command as its superuser.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kiosk.cli import UserError
from kiosk.cli.common import add_json, emit, services
from kiosk.domain.catalog import LANGUAGES, msgid, tr
from kiosk.domain.region import REGION_SCHEMA, REPLICATION_ROLE
from kiosk.domain.report_text import ReportFormat


def register(sub) -> None:
    region = sub.add_parser("region", help="a region of branches: PostgreSQL logical replication (docs/region.md)")
    rsub = region.add_subparsers(dest="region_command", metavar="ACTION")
    rsub.required = True

    publish = rsub.add_parser("publish", help="on a branch database: publish to the region (again after db upgrade)")
    publish.add_argument("--branch", required=True, metavar="CODE", help="the branch's code in the region")
    publish.add_argument("--role", default=REPLICATION_ROLE, help=f"the region's login at the branch (default {REPLICATION_ROLE})")
    publish.add_argument("--keep-wal", metavar="SIZE", help="bound the WAL kept for an absent region, e.g. 2GB (superuser)")
    add_json(publish)
    publish.set_defaults(handler=run_publish)

    add = rsub.add_parser("add-branch", help="in the region: subscribe a branch")
    add.add_argument("code", metavar="CODE")
    add.add_argument("--url", required=True, help="the branch as the region's replication role: postgresql://anjungan_region:…@host/db")
    add_json(add)
    add.set_defaults(handler=run_add)

    remove = rsub.add_parser("remove-branch", help="in the region: stop following a branch")
    remove.add_argument("code", metavar="CODE")
    remove.add_argument("--forget", action="store_true", help="delete the branch's rows from the region too")
    add_json(remove)
    remove.set_defaults(handler=run_remove)

    reseed = rsub.add_parser("reseed", help="in the region: copy a branch afresh (after its slot was lost)")
    reseed.add_argument("code", metavar="CODE")
    add_json(reseed)
    reseed.set_defaults(handler=run_reseed)

    status = rsub.add_parser("status", help="in the region: each branch's link, lag and kept WAL")
    add_json(status)
    status.set_defaults(handler=run_status)

    upgrade = rsub.add_parser("upgrade", help="in the region: take this program's columns, before the branches upgrade")
    add_json(upgrade)
    upgrade.set_defaults(handler=run_upgrade)

    bundle = rsub.add_parser("bundle", help="in the region: a configuration file's branch sections for one branch or all")
    bundle.add_argument("file", metavar="FILE")
    bundle.add_argument("--branch", metavar="CODE", help="only this branch (default: every branch)")
    add_json(bundle)
    bundle.set_defaults(handler=run_bundle)

    follow = rsub.add_parser("follow", help="on a branch (superuser): follow the region's configuration bundles")
    follow.add_argument("--url", required=True, help="the region as anjungan_branch: postgresql://anjungan_branch:…@host/db")
    add_json(follow)
    follow.set_defaults(handler=run_follow)

    apply = rsub.add_parser("apply", help="on a branch: take the region's newest bundle, validated as config push")
    add_json(apply)
    apply.set_defaults(handler=run_apply)

    from kiosk.cli import region_units

    region_units.register(rsub)                   # `region units`: the timer that runs `region apply`

    monitor = rsub.add_parser("monitor", help="in the region: every branch at a glance, live (window)")
    monitor.add_argument("--lang", choices=LANGUAGES, default="id")
    add_json(monitor)
    monitor.set_defaults(handler=run_monitor)

    report = rsub.add_parser("report", help="in the region: the branch report's figures per branch and for the region")
    report.add_argument("--from", dest="start", metavar="DATE", help="first day, YYYY-MM-DD (default: the 1st of this month)")
    report.add_argument("--to", dest="end", metavar="DATE", help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--format", choices=[f.value for f in ReportFormat], default=ReportFormat.JSON.value)
    report.add_argument("--out", metavar="FILE", help="file to write (json and csv: default stdout)")
    report.add_argument("--lang", choices=LANGUAGES, default="id")
    report.add_argument("--from-summaries", action="store_true",
                        help="from the branches' day summaries (closed days only; json or csv): a country in a second")
    report.set_defaults(handler=run_report)


def _region_services(args: argparse.Namespace):
    """The region's database, looking at its own schema (the merged branch tables are named in
    full): the region's own configuration file stays in force, not a branch's stored one."""
    url = args.db
    if url and "options=" not in url:
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{REGION_SCHEMA}"
    return services(argparse.Namespace(**{**vars(args), "db": url}), upgrade=False)


def run_publish(args: argparse.Namespace) -> int:
    svc = services(args, upgrade=False)
    try:
        done = svc.region_publish(args.branch, role=args.role, keep_wal=args.keep_wal)
    finally:
        svc.close()
    lines = [tr("region.published", code=done["branch"], tables=len(done["tables"]), role=done["role"],
                keep=done["max_slot_wal_keep_size"])]
    if done["max_slot_wal_keep_size"] == "-1":
        lines.append(tr("region.publish.unbounded"))
    emit(args, done, "\n".join(lines))
    return 0


def run_add(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        done = svc.region_add_branch(args.code, args.url)
    finally:
        svc.close()
    emit(args, done, tr("region.added", code=done["branch"], subscription=done["subscription"]))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        done = svc.region_remove_branch(args.code, forget=args.forget)
    finally:
        svc.close()
    text = tr("region.removed", code=args.code)
    if not done["slot_dropped"]:
        text += "\n" + tr("region.remove.slot_left", code=args.code)
    emit(args, done, text)
    return 0


def run_reseed(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        done = svc.region_reseed(args.code)
    finally:
        svc.close()
    emit(args, done, tr("region.reseeded", code=args.code))
    return 0


def _size(value) -> str:
    if value is None:
        return "?"
    return f"{value / 1048576:.1f} MB" if value >= 1048576 else f"{value / 1024:.0f} kB"


def run_status(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        doc = svc.region_status()
    finally:
        svc.close()
    lines = []
    for b in doc["branches"]:
        lag = "?" if b["lag_s"] is None else f"{b['lag_s']:.1f}"
        lines.append(tr("region.status.line", code=b["branch"],
                        state=tr(msgid("region.status.up") if b["connected"] else msgid("region.status.down")), lag=lag,
                        behind=_size(b["lag_bytes"]), kept=_size(b["slot_wal_bytes"]),
                        last=b["last_event_at"] or "–"))
        if b["problem"]:
            lines.append("  " + b["problem"])
        if b.get("bundle") and not b["bundle"]["applied"]:
            lines.append("  " + tr("region.status.bundle_refused", code=b["branch"], **{
                k: b["bundle"][k] for k in ("bundle", "reason")}))
    emit(args, doc, "\n".join(lines) or tr("region.status.none"))
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        done = svc.region_upgrade()
    finally:
        svc.close()
    emit(args, done, tr("region.upgraded", head=done["schema_head"], columns=len(done["columns_added"])))
    return 0


def run_bundle(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    try:
        done = svc.region_push_bundle(args.file, args.branch or "*")
    finally:
        svc.close()
    target = args.branch or tr("region.bundle.all")
    emit(args, done, tr("region.bundle.pushed", bundle=done["bundle"], target=target))
    return 0


def run_follow(args: argparse.Namespace) -> int:
    svc = services(args, upgrade=False)
    try:
        done = svc.region_follow(args.url)
    finally:
        svc.close()
    emit(args, done, tr("region.followed", code=done["branch"], subscription=done["subscription"]))
    return 0


def run_apply(args: argparse.Namespace) -> int:
    svc = services(args)
    try:
        done = svc.region_apply()
    finally:
        svc.close()
    if done["bundle"] is None:
        text = tr("region.applied.none")
    elif done["applied"]:
        text = tr("region.applied", bundle=done["bundle"], version=done["version"])
    else:
        text = tr("region.applied.refused", bundle=done["bundle"], reason=done["reason"])
    emit(args, done, text)
    return 0 if done["applied"] is not False else 1


def run_monitor(args: argparse.Namespace) -> int:
    svc = _region_services(args)
    if args.json:                                 # once, without Qt
        try:
            emit(args, {"branches": svc.region_overview()}, "")
        finally:
            svc.close()
        return 0
    from kiosk.ui.app import make_app, show_window
    from kiosk.ui.region_monitor import RegionMonitorWindow

    app = make_app()
    window = RegionMonitorWindow(svc.region_overview, lang=args.lang)
    show_window(window, fullscreen=False)
    try:
        return app.exec()
    finally:
        window.close()
        svc.close()


def _day(text: str | None, option: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError.of("cli.report.date", option=option, text=text) from None


def _summaries_report(doc: dict, fmt: ReportFormat, args: argparse.Namespace) -> int:
    import csv
    import io
    import json

    if fmt is ReportFormat.JSON:
        text = json.dumps(doc, ensure_ascii=False) + "\n"
    elif fmt is ReportFormat.CSV:
        out = io.StringIO()
        keys = ["rank", "branch", *(k for k in doc["region"])]
        writer = csv.DictWriter(out, keys, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(doc["league"])
        writer.writerow({"branch": tr("region.col.whole", args.lang), **doc["region"]})
        text = out.getvalue()
    else:
        raise UserError.of("region.report.summaries_formats")
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_report(args: argparse.Namespace) -> int:
    from kiosk.services import export_region_report, region_report_text

    svc = _region_services(args)
    fmt = ReportFormat(args.format)
    try:
        today = svc.today()
        start = _day(args.start, "from", today.replace(day=1))
        end = _day(args.end, "to", today)
        if args.from_summaries:
            return _summaries_report(svc.region_summaries_report(start, end), fmt, args)
        report = svc.region_report(start, end)
    finally:
        svc.close()
    if fmt.is_text and not args.out:
        sys.stdout.write(region_report_text(report, fmt, args.lang))
        return 0
    out = Path(args.out or fmt.file_name(start, end))
    pdf = None
    if fmt is ReportFormat.PDF:
        from kiosk.cli.reports import pdf_renderer

        pdf = pdf_renderer(region=True)
    export_region_report(report, fmt, out, args.lang, pdf=pdf)
    print(tr("cli.report.written", start=start.isoformat(), end=end.isoformat(), path=out))
    return 0
