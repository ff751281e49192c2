"""`anjungan ktp read IMAGE [--json]`: read the NIK from one picture of a KTP, as the kiosk's
camera would (a field check for the IT officer). The picture is read into memory and never
written; the text read is printed once and never logged. The JSON document holds the full NIK
by contract; the plain text shows it masked."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from kiosk.cli import UserError, print_json
from kiosk.domain.catalog import msgid, tr

_NOT_A_KTP = {"family_card": msgid("cli.ktp.family_card"), "other": msgid("cli.ktp.other_card"),
              "none": msgid("cli.ktp.none")}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("ktp", help=tr("cli.ktp.help", "en"), description="Reading a KTP with the kiosk's camera.")
    sub = p.add_subparsers(dest="ktp_command", metavar="ACTION")
    sub.required = True
    read = sub.add_parser("read", help="read the NIK, birth date and sex from one picture of a KTP")
    read.add_argument("image", metavar="IMAGE", help="a picture file (PNG, JPEG, …) of the card on the tray")
    read.add_argument("--json", action="store_true", help="print one JSON document (it holds the full NIK)")
    read.set_defaults(handler=run_read)


def _today():
    from kiosk.services import fixed_clock_from_env

    clock = fixed_clock_from_env()
    return (clock() if clock else datetime.now().astimezone()).date()


def run_read(args: argparse.Namespace) -> int:
    path = Path(args.image)
    try:
        data = path.read_bytes()
    except OSError:
        raise UserError.of("cli.ktp.unreadable", path=args.image) from None
    try:
        from kiosk.ktp import decode_picture, read_ktp
    except ImportError:
        raise UserError.of("cli.ktp.missing") from None
    frame = decode_picture(data)
    del data
    if frame is None:
        raise UserError.of("cli.ktp.unreadable", path=args.image)
    result = read_ktp(frame, _today())
    del frame
    if not result.found:
        raise UserError.of(_NOT_A_KTP[result.kind], path=args.image)
    if args.json:
        print_json(result.to_json())
        return 0
    yes_no = {True: tr("cli.word.yes"), False: tr("cli.word.no"), None: tr("cli.ktp.unread")}
    valid = tr("cli.ktp.valid") if result.nik_valid else tr("cli.ktp.invalid")
    lines = [tr("cli.ktp.line.nik", nik=result.masked or tr("cli.ktp.unread"), valid=valid),
             tr("cli.ktp.line.born", born=result.birth_date.isoformat() if result.birth_date else tr("cli.ktp.unread")),
             tr("cli.ktp.line.agrees", answer=yes_no[result.agrees_with_card]),
             tr("cli.ktp.line.sure", answer=yes_no[result.sure]),
             tr("cli.ktp.line.ms", ms=result.ms)]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
