"""`anjungan participants import FILE.csv` and `anjungan participants demo --count N`."""
from __future__ import annotations

import argparse
import sys

from kiosk.cli import UserError
from kiosk.cli.common import add_json, already_said, emit, services
from kiosk.cli.progress import add_progress, shown
from kiosk.domain.catalog import tr

MAX_ERRORS_SHOWN = 20
MAX_DEMO_PARTICIPANTS = 2_000_000


def register(sub) -> None:
    parser = sub.add_parser("participants", help="the local participant directory")
    psub = parser.add_subparsers(dest="participants_command", metavar="ACTION")
    psub.required = True
    imp = psub.add_parser("import", help="import or update participants from a CSV file")
    imp.add_argument("file")
    imp.add_argument("--encoding", metavar="NAME",
                     help="the file's encoding when it is not UTF-8/UTF-16 (detected): latin-1 or cp1252")
    imp.add_argument("--strict", action="store_true", help="all rows or none: import nothing if a row is refused")
    add_json(imp)
    add_progress(imp)
    imp.set_defaults(handler=import_csv)
    demo = psub.add_parser("demo", help="add synthetic demo participants")
    demo.add_argument("--count", type=int, default=200)
    demo.add_argument("--seed", type=int, default=2026)
    add_json(demo)
    add_progress(demo)
    demo.set_defaults(handler=add_demo)


def import_csv(args: argparse.Namespace) -> int:
    svc = services(args)
    with shown(args, "participants_import") as progress:
        report = svc.import_csv(args.file, encoding=args.encoding, strict=args.strict, progress=progress)
    if report.already is not None:
        emit(args, report.to_json(), already_said(report.already))
        return 0
    errors = report.rejected
    lines = [tr("cli.participants.imported", imported=report.imported, rejected=len(errors), seconds=report.seconds)]
    lines += ["  " + tr("cli.participants.row", line=e.line, reason=e.reason) for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append("  " + tr("cli.participants.more", count=len(errors) - MAX_ERRORS_SHOWN))
    emit(args, report.to_json(), "\n".join(lines))
    if not report.written:
        print(f"anjungan: {tr('safety.csv.strict_refused', count=len(errors))}", file=sys.stderr)
        return 1
    if errors and not report.imported:
        print(f"anjungan: {tr('safety.csv.all_refused', count=len(errors))}", file=sys.stderr)
        return 1
    return 0


def add_demo(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise UserError.of("cli.participants.count")
    if args.count > MAX_DEMO_PARTICIPANTS:          # NIKs are unique: there are only so many to make up
        raise UserError.of("safety.participants.too_many", most=MAX_DEMO_PARTICIPANTS)
    svc = services(args)
    with shown(args, "participants_demo") as progress:
        count = svc.add_demo_participants(args.count, args.seed, progress=progress)
    emit(args, {"added": count}, tr("cli.participants.demo_added", count=count))
    return 0
