"""`anjungan devices [--json]`: the branch's machines and printers seen from one place.

Each kiosk, counter, hall display, rating screen, monitor and the web service reports a heartbeat
about every 30 seconds, with its printer's paper state where it has a printer; this lists each
one, trouble first: silent (no heartbeat for 2 minutes) or a printer out of paper (or failing),
and since when. The monitor window shows the same in its header.
"""
from __future__ import annotations

import argparse
import sys

from kiosk.cli import UserError, print_json
from kiosk.cli.common import add_json, services
from kiosk.domain.catalog import tr


def register(sub) -> None:
    devices = sub.add_parser("devices", help="the branch's machines and printers: which is silent or out of paper, "
                                             "and since when",
                             description="List every machine that reports a heartbeat (kiosks, counters, displays, "
                                         "rating screens, monitors, the web service), trouble first.")
    add_json(devices)
    devices.add_argument("--forget", metavar="NAME",
                         help="take a machine removed for good off the list (the owner role; a PC replaced under "
                              "the same name needs nothing)")
    devices.set_defaults(handler=run_devices)


def run_devices(args: argparse.Namespace) -> int:
    svc = services(args)
    try:
        if args.forget:
            if not svc.forget_device(args.forget):
                raise UserError.of("devices.unknown", name=args.forget)
            sys.stdout.write(tr("devices.forgotten", name=args.forget) + "\n")
            return 0
        states = svc.devices()
        if args.json:
            print_json(svc.devices_json(states))
            return 0
        if not states:
            sys.stdout.write(tr("devices.none") + "\n")
        for state in states:
            sys.stdout.write(svc.device_line(state) + "\n")
        return 0
    finally:
        svc.close()
