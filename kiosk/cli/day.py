"""`anjungan day close [--date D] [--json]`: close a service day by hand.

Every ticket still open ends (waiting: not served; at a counter: left unconfirmed), bookings never
checked in become no-shows, and the day's summary per service is written (kiosk/domain/day.py).
Closing a closed day changes nothing and says so. A machine closes earlier days by itself before
its first action of a new day, so this is for the evening, or for a day the branch wants summarised
now.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date

from kiosk.cli import UserError, print_json
from kiosk.cli.common import add_json, services
from kiosk.domain.catalog import tr


def register(sub) -> None:
    day = sub.add_parser("day", help="the service day: close it (open tickets, bookings, the day's summary)")
    actions = day.add_subparsers(dest="day_action", metavar="close", required=True)
    close = actions.add_parser("close", help="close a service day by hand (default: today, after the office closes)",
                               description="Close a service day: open tickets end not served or unconfirmed, "
                                           "bookings never checked in become no-shows, and the day's summary is "
                                           "written. Closing a closed day changes nothing and says so.")
    close.add_argument("--date", metavar="YYYY-MM-DD", help="the service day to close (default: today)")
    add_json(close)
    close.set_defaults(handler=run_close)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError.of("day.close.bad_date", text=text) from None


def run_close(args: argparse.Namespace) -> int:
    day = _day(args.date)
    svc = services(args)
    try:
        result = svc.close_day(day)
        if args.json:
            print_json(result.to_json())
        else:
            sys.stdout.write(tr(result.message_key, date=result.day.isoformat(), not_served=result.not_served,
                                unconfirmed=result.unconfirmed, booking_no_shows=result.booking_no_shows,
                                services=result.services) + "\n")
        return 0
    finally:
        svc.close()
