"""`anjungan printer status|test --printer URL`: check a ticket printer from the command line."""
from __future__ import annotations

import argparse
import functools
import sys
from dataclasses import replace
from typing import Callable

from kiosk.cli import UserError, print_json
from kiosk.domain.catalog import msgid, tr

PAPER_WORDS = {"ok": msgid("cli.printer.paper.ok"), "near_end": msgid("cli.printer.paper.near_end"),
               "out": msgid("cli.printer.paper.out")}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("printer", help="check the ticket printer (status, test page)",
                              description="Check a ticket printer: its status, or print a test page.")
    sub = p.add_subparsers(dest="printer_command", metavar="ACTION")
    sub.required = True
    for name, handler, text in (
        ("status", run_status, "is the printer online, with paper, cover closed?"),
        ("test", run_test, "print a test page: alignment, sizes, QR code, code page"),
    ):
        s = sub.add_parser(name, help=text, description=text[:1].upper() + text[1:] + ".")
        s.add_argument("--printer", metavar="URL",
                       help="tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0?baudrate=19200, "
                            "file:///dev/usb/lp0, cups://QUEUE, preview://DIR, dummy:// "
                            "(default: the configured printer)")
        s.add_argument("--paper", type=int, choices=(58, 80), help="paper width in mm (default: configured)")
        s.add_argument("--profile", metavar="NAME", help="python-escpos capability profile, e.g. TM-T20II, TM-T88V")
        s.add_argument("--json", action="store_true", help="print one JSON document")
        s.set_defaults(handler=handler)


def _settings(args: argparse.Namespace):
    """Printer settings: the configuration's, with --printer/--paper/--profile on top."""
    from printer import PrinterSettings, parse_url

    from kiosk.config import load_config

    try:
        configured = load_config(args.config).printer
    except Exception:  # a broken configuration only matters without --printer
        if not args.printer:
            raise
        configured = None
    url = args.printer or (configured.url if configured is not None else None)
    if not url:
        raise UserError.of("cli.printer.needed")
    if configured is None or args.paper:
        paper = args.paper or (configured.paper_mm if configured is not None else 80)
        base = PrinterSettings.for_paper(url, paper)
        if configured is not None:
            base = replace(base, native_qr=configured.native_qr, disable_feed_button=configured.disable_feed_button,
                           timeout_s=configured.timeout_s, codepage=configured.codepage)
    else:
        base = replace(configured, url=url)
    base = replace(base, failover_url=None)
    if args.profile:
        from printer.settings import is_known_profile, known_profiles

        if not is_known_profile(args.profile):
            raise UserError.of("safety.printer.profile_option", name=args.profile, choices=", ".join(known_profiles()))
        base = replace(base, profile=args.profile)
    parse_url(base.url)
    return base


def _one_sentence(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A printer that cannot be used ends the command with its sentence and exit status 4."""
    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from printer import PrinterError

        try:
            return handler(args)
        except PrinterError as exc:
            raise UserError(str(exc), status=exc.exit_status) from None
    return run


@_one_sentence
def run_status(args: argparse.Namespace) -> int:
    from printer import printer_status

    doc = printer_status(_settings(args))
    if args.json:
        print_json(doc)
    else:
        lines = [tr("cli.printer.name", printer=doc["printer"])] + ([doc["message"]] if doc["ok"] else [])
        if doc["status_readable"]:
            paper = tr(PAPER_WORDS.get(doc["paper"] or "", msgid("cli.printer.paper.unknown")))
            lines.append(tr("cli.printer.state", online=tr("cli.word.yes" if doc["online"] else "cli.word.no"),
                            paper=paper,
                            cover=tr("cli.printer.cover.open" if doc["cover_open"] else "cli.printer.cover.closed")))
        sys.stdout.write("\n".join(lines) + "\n")
    if not doc["ok"]:
        print(f"anjungan: {doc['message']}", file=sys.stderr)
        return 4
    return 0


@_one_sentence
def run_test(args: argparse.Namespace) -> int:
    from printer import print_test_page

    from kiosk.services import check_page_labels

    outcome = print_test_page(_settings(args), check_page_labels())
    if args.json:
        print_json(outcome.to_json())
    elif outcome.ok:
        sys.stdout.write(tr("cli.printer.test_printed", url=outcome.printer_url) + "\n")
        for path in outcome.files:
            sys.stdout.write(f"  {path}\n")
    if not outcome.ok:
        print(f"anjungan: {outcome.reason}", file=sys.stderr)
        return 4
    return 0
