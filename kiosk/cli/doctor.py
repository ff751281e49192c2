"""`anjungan doctor [--json] [--machine KIND]` and `anjungan config check FILE`.

The doctor checks what this branch machine needs (kiosk/app/doctor.py) and says each problem in
one sentence with its fix; it exits 0 only when every check is ok. `config check` reads and
validates one configuration file (with what it extends, and its credentials file) without
touching the database.
"""
from __future__ import annotations

import argparse
import re
import sys

from kiosk.cli import print_json
from kiosk.cli.common import emit
from kiosk.domain.catalog import msgid, tr
from kiosk.domain.errors import ConfigError

LEVEL_KEYS = {"ok": msgid("doctor.level.ok"), "warn": msgid("doctor.level.warn"), "fail": msgid("doctor.level.fail")}


def register(sub) -> None:
    from kiosk.cli.units import MACHINES          # the services' own list is checked equal by a test

    doctor = sub.add_parser("doctor", help="check what this branch machine needs: configuration, database, role, "
                                           "NIK key, PINs, printer, sound, clock, disk",
                            description="Check this machine and say each problem in one sentence with its fix. "
                                        "Exit 0 only when all is well.")
    doctor.add_argument("--machine", choices=(*MACHINES, "server"),
                        help="the kind of machine this is (default: the one its database role names, else server)")
    doctor.add_argument("--unit", metavar="NAME", help="its systemd unit, named in fixes (default anjungan-KIND)")
    doctor.add_argument("--json", action="store_true",
                        help='print one JSON document {"ok", "machine", "checks": [{"name", "ok", "level", '
                             '"message", "fix"}]}')
    doctor.set_defaults(handler=run_doctor)

    config = sub.add_parser("config", help="the branch configuration: check a file, push it to the database, "
                                           "show the one in force, its history")
    config_sub = config.add_subparsers(dest="config_command", metavar="ACTION")
    config_sub.required = True
    check = config_sub.add_parser("check", help="read and validate a configuration file (offline)")
    check.add_argument("file", metavar="FILE")
    check.add_argument("--json", action="store_true", help="print one JSON document")
    check.set_defaults(handler=run_config_check)
    from kiosk.cli import config as branch_config       # push, show, history: the branch's, in the database

    branch_config.register(config_sub)


def run_doctor(args: argparse.Namespace) -> int:
    from kiosk.services import run_doctor as doctor

    machine, checks = doctor(args.config, args.db, args.machine, args.unit)
    problems = [c for c in checks if not c.ok]
    if args.json:
        print_json({"ok": not problems, "machine": machine, "checks": [c.to_json() for c in checks]})
    else:
        width = max(len(tr(key)) for key in LEVEL_KEYS.values())
        for c in checks:
            line = f"[{tr(LEVEL_KEYS[c.level]):<{width}}] {c.name}: {c.message}"
            sys.stdout.write(line + (f" {c.fix}" if c.fix else "") + "\n")
        summary = tr("doctor.problems", count=len(problems)) if problems else tr("doctor.all_well")
        sys.stdout.write(summary + "\n")
    return 1 if problems else 0


def run_config_check(args: argparse.Namespace) -> int:
    from kiosk.services import check_config

    result, config = check_config(args.file)
    if config is None:
        print(f"anjungan: {result.message}", file=sys.stderr)
        return 2
    try:
        db = config.database_url or tr("deploy.config.sqlite")          # reads the credentials file too
    except ConfigError as exc:
        print(f"anjungan: {exc.text('id')}", file=sys.stderr)
        return exc.exit_status
    db = re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", db)                    # never the password
    printer = config.printer.url if config.printer is not None else "-"
    doc = {"ok": True, "path": str(args.file), "branch": config.branch.name, "counters": len(config.branch.counters),
           "services": len(config.branch.services), "printer": printer, "database": db}
    emit(args, doc, tr("deploy.config.valid", path=args.file, counters=doc["counters"], services=doc["services"],
                       printer=printer, db=db))
    return 0
