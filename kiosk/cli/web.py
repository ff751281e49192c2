"""`anjungan web`, `anjungan token …`, `anjungan bookings …` and `anjungan check-in`.

The web service's libraries are imported only inside `web`, so the other commands start fast;
none of these commands loads Qt.
"""
from __future__ import annotations

import argparse
import errno
import sys

from kiosk.cli import UserError, print_json
from kiosk.cli.common import add_json, already_said, emit, services
from kiosk.cli.progress import add_progress, shown
from kiosk.domain.catalog import tr

MAX_ERRORS_SHOWN = 20


def register(sub) -> None:
    web = sub.add_parser("web", help="the branch LAN web service: phone status page, open API, event stream")
    web.add_argument("--host", help="address to listen on (default: [web] host, 127.0.0.1; 0.0.0.0 for the LAN)")
    web.add_argument("--port", type=int, help="port (default: [web] port, 8080)")
    web.add_argument("--access-log", action="store_true", help="log every request")
    web.set_defaults(handler=run_web)

    token = sub.add_parser("token", help="API tokens of the web service")
    tsub = token.add_subparsers(dest="token_command", metavar="ACTION")
    tsub.required = True
    create = tsub.add_parser("create", help="make a token for one role (shown once)")
    create.add_argument("--role", required=True, help="kiosk, counter, display, booking or admin")
    create.add_argument("--name", required=True, help="what the token is for, e.g. 'Loket 3 tablet'")
    add_json(create)
    create.set_defaults(handler=token_create)
    listing = tsub.add_parser("list", help="the tokens (never their secrets)")
    add_json(listing)
    listing.set_defaults(handler=token_list)
    revoke = tsub.add_parser("revoke", help="revoke a token by number, or every active token of a name")
    revoke.add_argument("which", metavar="ID|NAME")
    add_json(revoke)
    revoke.set_defaults(handler=token_revoke)

    bookings = sub.add_parser("bookings", help="booked visits")
    bsub = bookings.add_subparsers(dest="bookings_command", metavar="ACTION")
    bsub.required = True
    imp = bsub.add_parser("import", help="make or update bookings from a CSV file (code,nik,service,date,start,end,source)")
    imp.add_argument("file")
    add_json(imp)
    add_progress(imp)
    imp.set_defaults(handler=bookings_import)
    lst = bsub.add_parser("list", help="the bookings of a day")
    lst.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    lst.add_argument("--service", metavar="CODE")
    add_json(lst)
    lst.set_defaults(handler=bookings_list)
    add = bsub.add_parser("add", help="make one booking (e.g. at a counter for a later day)")
    add.add_argument("--nik", required=True)
    add.add_argument("--service", required=True, metavar="CODE")
    add.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--start", required=True, metavar="HH.MM")
    add.add_argument("--end", required=True, metavar="HH.MM")
    add.add_argument("--source", default="loket")
    add.add_argument("--code")
    add_json(add)
    add.set_defaults(handler=bookings_add)
    cancel = bsub.add_parser("cancel", help="cancel a booking")
    cancel.add_argument("code")
    add_json(cancel)
    cancel.set_defaults(handler=bookings_cancel)

    check_in = sub.add_parser("check-in", help="check a booking in by its code or the NIK of today's booking")
    check_in.add_argument("code_or_nik", metavar="CODE|NIK")
    check_in.add_argument("--walk-in", action="store_true", help="an early arrival takes an ordinary ticket instead")
    check_in.add_argument("--kiosk", default="cli", help="which kiosk checks in (default: cli)")
    add_json(check_in)
    check_in.set_defaults(handler=run_check_in)


# ---------------------------------------------------------------------------------------------

def run_web(args: argparse.Namespace) -> int:
    import logging

    svc = services(args)
    host = args.host or svc.config.web.host
    port = svc.config.web.port if args.port is None else args.port
    from kiosk.web.server import bind, serve

    try:
        sock = bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UserError.of("cli.web.port_busy", host=host, port=port) from None
        raise UserError.of("cli.web.bind", host=host, port=port, error=exc.strerror or exc) from None
    from kiosk.services import logsetup

    logsetup.echo_to_stderr(logging.WARNING, "%(asctime)s %(name)s: %(message)s")
    shown = sock.getsockname()
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{shown[1]}"
    sys.stdout.write(tr("cli.web.running", url=url) + "\n")
    sys.stdout.flush()
    try:
        serve(svc, sock, log_level="info" if args.access_log else "warning", access_log=args.access_log)
    finally:
        sock.close()
        svc.close()
    return 0


# ---------------------------------------------------------------------------------------------

def token_create(args: argparse.Namespace) -> int:
    secret, info = services(args).create_token(args.role, args.name)
    emit(args, {**info, "token": secret}, tr("cli.token.created", role=info["role"], name=info["name"], id=info["id"],
                                             token=secret))
    return 0


def _token_line(t: dict) -> str:
    state = tr("cli.token.active") if t["active"] else tr("cli.token.revoked_state")
    return tr("cli.token.row", id=t["id"], role=t["role"], prefix=t["prefix"], state=state, name=t["name"])


def token_list(args: argparse.Namespace) -> int:
    tokens = services(args).tokens()
    emit(args, {"tokens": tokens}, "\n".join(_token_line(t) for t in tokens) or tr("cli.token.none"))
    return 0


def token_revoke(args: argparse.Namespace) -> int:
    count = services(args).revoke_token(args.which)
    emit(args, {"revoked": count}, tr("cli.token.revoked", count=count))
    return 0


# ---------------------------------------------------------------------------------------------

def bookings_import(args: argparse.Namespace) -> int:
    svc = services(args)
    with shown(args, "bookings_import") as progress:
        report = svc.import_bookings(args.file, progress=progress)
    if report.already is not None:
        emit(args, report.to_json(), already_said(report.already))
        return 0
    lines = [tr("cli.bookings.imported", imported=report.imported, updated=report.updated,
                rejected=len(report.rejected), seconds=report.seconds)]
    lines += ["  " + tr("cli.participants.row", line=line, reason=reason)
              for line, _code, reason in report.rejected[:MAX_ERRORS_SHOWN]]
    if len(report.rejected) > MAX_ERRORS_SHOWN:
        lines.append("  " + tr("cli.bookings.more", count=len(report.rejected) - MAX_ERRORS_SHOWN))
    emit(args, report.to_json(), "\n".join(lines))
    return 0 if report.imported or report.updated or not report.rejected else 1


def _booking_line(b: dict) -> str:
    from kiosk.domain.booking import STATE_LABELS

    return tr("cli.bookings.line", code=b["code"], service=b["service"], start=b["slot_start"][11:16],
              end=b["slot_end"][11:16], nik=b["nik_masked"], state=tr(STATE_LABELS[b["state"]]))


def bookings_list(args: argparse.Namespace) -> int:
    svc = services(args)
    found = svc.bookings_of(args.date, args.service)
    emit(args, {"bookings": found},
         "\n".join(_booking_line(b) for b in found) or tr("cli.bookings.none", when=args.date or svc.today().isoformat()))
    return 0


def bookings_add(args: argparse.Namespace) -> int:
    doc, _new = services(args).book(args.nik, args.service, args.date, args.start, args.end, source=args.source,
                                    code=args.code)
    emit(args, doc, tr("cli.bookings.made", code=doc["code"], service=doc["service"], when=doc["date"],
                       start=doc["slot_start"][11:16], end=doc["slot_end"][11:16]))
    return 0


def bookings_cancel(args: argparse.Namespace) -> int:
    doc = services(args).cancel_booking(args.code)
    emit(args, doc, tr("cli.bookings.cancelled", code=doc["code"]))
    return 0


def run_check_in(args: argparse.Namespace) -> int:
    result = services(args).check_in(args.code_or_nik, kiosk_id=args.kiosk, walk_in=args.walk_in)
    ticket = result.ticket
    text = result.message if ticket is None else tr("cli.checkin.ticket", message=result.message,
                                                    number=ticket.number, service=ticket.service, ahead=ticket.ahead)
    if args.json:
        print_json(result.to_json())
    else:
        sys.stdout.write(text + "\n")
    return 0
