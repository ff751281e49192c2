"""`anjungan notifier`: the SMS service. It follows the queue's events (as the hall displays do)
and, after each, sends every opted-in participant what is due to her (kiosk/app/sms.py) through
gammu-smsd. One line per message on stdout (`--json`: one JSON line), with the number masked."""
from __future__ import annotations

import argparse
import sys

from kiosk.cli import NOT_SET_UP, UserError, print_json
from kiosk.cli.common import services
from kiosk.domain.catalog import tr


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("notifier", help="send SMS to opted-in participants as the queue moves ([sms])")
    p.add_argument("--once", action="store_true", help="send what is due now, then stop")
    p.add_argument("--json", action="store_true", help="one JSON line per message sent")
    p.set_defaults(handler=run_notifier)


def _say(args: argparse.Namespace, sent: list) -> None:
    for s in sent:
        if args.json:
            print_json(s.to_json())
        else:
            print(tr("sms.notifier.sent", kind=s.kind, number=s.number, phone=s.phone_masked), flush=True)


def run_notifier(args: argparse.Namespace) -> int:
    from kiosk.notify import NotifyUnavailable
    from kiosk.services import follow

    svc = services(args)
    try:
        try:
            carrier = svc.sms_provider()
        except NotifyUnavailable as exc:        # SMS off, no smsdrc, no gammu: a machine not set up
            raise UserError(str(exc), NOT_SET_UP, exc.key) from None
        if args.once:
            _say(args, svc.sms_round(carrier))
            return 0
        sms = svc.config.sms
        print(f"anjungan: {tr('sms.notifier.started', provider=carrier.name, ahead=sms.notify_when_ahead)}",
              file=sys.stderr, flush=True)
        _say(args, svc.sms_round(carrier))
        for _event in follow(svc):
            try:
                _say(args, svc.sms_round(carrier))
            except NotifyUnavailable as exc:     # the modem is gone for now: said, tried again at the next event
                print(f"anjungan: {exc}", file=sys.stderr, flush=True)
    except (KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        svc.close()
    return 0
