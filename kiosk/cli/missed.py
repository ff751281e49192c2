"""`anjungan return TICKET_ID|NUMBER --counter N`: a no-show (or a participant who came back) goes
back into the queue at the place the branch configures (`[counter] return_after`)."""
from __future__ import annotations

import argparse

from kiosk.cli.common import add_json, emit, services
from kiosk.domain.catalog import tr


def register(sub) -> None:
    back = sub.add_parser("return", help="put a no-show (or a participant who came back) into the queue again")
    back.add_argument("ticket", metavar="TICKET_ID|NUMBER", help="the ticket's id or today's number (D-001)")
    back.add_argument("--counter", type=int, required=True, metavar="N", help="the counter that puts it back")
    add_json(back)
    back.set_defaults(handler=return_ticket)


def return_ticket(args: argparse.Namespace) -> int:
    svc = services(args)
    view = svc.return_to_queue(args.counter, args.ticket)
    name = svc.branch.service(view.service).name_id
    svc.close()
    emit(args, {"ticket": view.to_json()}, tr("cli.return.done", number=view.number, service=name))
    return 0
