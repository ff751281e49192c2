"""`anjungan participants import FILE.csv` and `anjungan participants demo --count N`."""
from __future__ import annotations

import argparse
import sys
import time

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
    from kiosk.directory.csvfile import CsvFormatError, ParticipantRow, RowError, read_participants

    svc = services(args)
    errors: list = []

    def good_rows():
        for item in read_participants(args.file, svc.today()):
            if isinstance(item, RowError):
                errors.append(item)
            elif isinstance(item, ParticipantRow):
                yield item

    started = time.perf_counter()
    try:
        imported = svc.import_participants(good_rows())
    except FileNotFoundError:
        raise UserError(f"Berkas {args.file} tidak ditemukan.") from None
    except CsvFormatError as exc:
        raise UserError(f"{args.file}: {exc}") from None
    seconds = time.perf_counter() - started
    doc = {"imported": imported, "rejected": len(errors), "seconds": round(seconds, 2),
           "errors": [{"line": e.line, "nik": e.nik_masked, "reason": e.reason} for e in errors[:1000]]}
    lines = [f"{imported} peserta diimpor, {len(errors)} baris ditolak ({seconds:.1f} s)."]
    lines += [f"  baris {e.line}: {e.reason}" for e in errors[:MAX_ERRORS_SHOWN]]
    if len(errors) > MAX_ERRORS_SHOWN:
        lines.append(f"  … dan {len(errors) - MAX_ERRORS_SHOWN} baris lain (lihat --json)")
    emit(args, doc, "\n".join(lines))
    return 0 if imported or not errors else 1


def add_demo(args: argparse.Namespace) -> int:
    from kiosk.directory.demo import demo_rows

    if args.count < 1:
        raise UserError("--count harus 1 atau lebih.")
    svc = services(args)
    count = svc.import_participants(demo_rows(args.count, seed=args.seed, today=svc.today()))
    emit(args, {"added": count}, f"{count} peserta demo ditambahkan.")
    return 0
