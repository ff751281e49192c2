"""`anjungan participants import FILE.csv` and `anjungan participants demo --count N`."""
from __future__ import annotations

import argparse
from kiosk.cli import UserError
from kiosk.cli.common import add_json, emit, services

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
    lines = [f"{report.imported} peserta diimpor, {len(errors)} baris ditolak ({report.seconds:.1f} s)."]
    lines += [f"  baris {e.line}: {e.reason}" for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(f"  … dan {len(errors) - MAX_ERRORS_SHOWN} baris lain (lihat --json)")
    emit(args, report.to_json(), "\n".join(lines))
    return 0 if report.imported or not errors else 1


def add_demo(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise UserError("--count harus 1 atau lebih.")
    count = services(args).add_demo_participants(args.count, args.seed)
    emit(args, {"added": count}, f"{count} peserta demo ditambahkan.")
    return 0
