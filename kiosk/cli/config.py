"""`anjungan config push FILE | show | history`: the one branch configuration kept in the database.

`push` validates the file whole with the loader every machine uses and stores its branch sections
(hours, holidays, services, counters, quotas, texts) as the next version; a bad file is refused
with the reason (exit 2) and nothing is stored. On PostgreSQL only the owner role may push (every
machine role reads it). `show` says the configuration in force and its version, `history` every
version: when, by which role from which machine, and a short digest. (`config check` is in
kiosk/cli/doctor.py.)
"""
from __future__ import annotations

import argparse
import sys

from kiosk.cli import print_json
from kiosk.cli.common import services
from kiosk.domain.catalog import msgid, tr
from kiosk.domain.errors import ConfigError

DIGEST_SHOWN = 12


def register(config_sub) -> None:
    """The push, show and history actions of `anjungan config`."""
    push = config_sub.add_parser("push", help="validate a configuration file and store its branch sections in the "
                                              "database, for every machine of the branch (owner role only)")
    push.add_argument("file", metavar="FILE")
    push.add_argument("--json", action="store_true", help='print {"stored", "version", "digest", ...}')
    push.set_defaults(handler=run_push)

    show = config_sub.add_parser("show", help="the branch configuration in force and its version")
    show.add_argument("--json", action="store_true", help="print one JSON document with the sections")
    show.set_defaults(handler=run_show)

    history = config_sub.add_parser("history", help="every stored version: when, by whom, from where, its digest")
    history.add_argument("--json", action="store_true", help="print one JSON document")
    history.add_argument("--limit", type=int, default=100, metavar="N")
    history.set_defaults(handler=run_history)


def _version_json(v) -> dict:
    return {"version": v.version, "pushed_at": v.pushed_at.isoformat(), "role": v.role, "machine": v.machine,
            "file": v.source, "digest": v.digest[:DIGEST_SHOWN]}


def run_push(args: argparse.Namespace) -> int:
    svc = services(args)
    try:
        version, stored = svc.push_config(args.file)
    except ConfigError as exc:
        print(f"anjungan: {tr('branch_config.refused', reason=exc.text('id'))}", file=sys.stderr)
        return exc.exit_status
    finally:
        svc.close()
    if args.json:
        print_json({"stored": stored, **_version_json(version)})
    else:
        key = msgid("branch_config.pushed") if stored else msgid("branch_config.unchanged")
        sys.stdout.write(tr(key, version=version.version, digest=version.digest[:DIGEST_SHOWN], file=args.file) + "\n")
    return 0


def run_show(args: argparse.Namespace) -> int:
    svc = services(args)
    try:
        in_force = svc.config_in_force()
    finally:
        svc.close()
    doc = in_force.to_json()
    if args.json:
        print_json(doc)
        return 0
    if doc["source"] == "database":
        at = svc.local(in_force.version.pushed_at).strftime("%Y-%m-%d %H.%M")
        line = tr("branch_config.in_force.database", version=doc["version"], digest=doc["digest"], at=at,
                  role=doc["role"], machine=doc["machine"], file=doc["file"])
    else:
        line = tr("branch_config.in_force.file", file=doc["file"], digest=doc["digest"])
    sys.stdout.write("\n".join([line, *_summary(in_force.config.branch)]) + "\n")
    return 0


def _summary(branch) -> list[str]:
    from kiosk.domain.formatting import WEEKDAYS_ID, time_id

    holidays = ", ".join(d.isoformat() for d in sorted(branch.hours.closed_dates)) or tr("branch_config.none")
    lines = [tr("branch_config.summary", name=branch.name, counters=len(branch.counters),
                services=len(branch.services), holidays=holidays)]
    for name, day in zip(WEEKDAYS_ID, branch.hours.days):
        hours = tr("branch_config.closed") if day is None else f"{time_id(day.opens)}–{time_id(day.closes)}"
        lines.append(tr("branch_config.hours", day=name, hours=hours))
    for counter in branch.counters:
        lines.append(f"  {tr('cli.watch.counter', counter=counter.number)}: {', '.join(counter.services)}")
    return lines


def run_history(args: argparse.Namespace) -> int:
    svc = services(args)
    try:
        versions = svc.config_history(max(1, args.limit))
        rows = [(v, svc.local(v.pushed_at)) for v in versions]
    finally:
        svc.close()
    if args.json:
        print_json({"versions": [_version_json(v) for v, _at in rows]})
        return 0
    if not rows:
        sys.stdout.write(tr("branch_config.history.empty") + "\n")
        return 0
    lines = [tr("branch_config.history.header")]
    lines += [f"{v.version:>5}  {at:%Y-%m-%d %H.%M.%S}  {v.role}@{v.machine}  {v.digest[:DIGEST_SHOWN]}  {v.source}"
              for v, at in rows]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
