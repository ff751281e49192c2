"""`anjungan participants import FILE.csv` and `anjungan participants demo --count N`."""
from __future__ import annotations

import argparse
from kiosk.cli import UserError
from kiosk.cli.common import add_json, emit, services
from kiosk.domain.catalog import tr

MAX_ERRORS_SHOWN = 20


def register(sub) -> None:
    parser = sub.add_parser("participants", help="the local participant directory")
    psub = parser.add_subparsers(dest="participants_command", metavar="ACTION")
    psub.required = True
    imp = psub.add_parser("import", help="import or update participants from a CSV file")
    imp.add_argument("file")
    add_json(imp)
    imp.set_defaults(handler=import_csv)
    demo = psub.add_parser("demo", help="add synthetic demo participants")
    demo.add_argument("--count", type=int, default=200)
    demo.add_argument("--seed", type=int, default=2026)
    add_json(demo)
    demo.set_defaults(handler=add_demo)


def import_csv(args: argparse.Namespace) -> int:
    report = services(args).import_csv(args.file)
    errors = report.rejected
    lines = [tr("cli.participants.imported", imported=report.imported, rejected=len(errors), seconds=report.seconds)]
    lines += ["  " + tr("cli.participants.row", line=e.line, reason=e.reason) for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append("  " + tr("cli.participants.more", count=len(errors) - MAX_ERRORS_SHOWN))
    emit(args, report.to_json(), "\n".join(lines))
    return 0 if report.imported or not errors else 1


def add_demo(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise UserError.of("cli.participants.count")
    count = services(args).add_demo_participants(args.count, args.seed)
    emit(args, {"added": count}, tr("cli.participants.demo_added", count=count))
    return 0
