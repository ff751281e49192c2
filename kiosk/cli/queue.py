"""Queue commands: db upgrade, check, issue, call/recall/skip/finish/transfer, status, ticket reprint."""
from __future__ import annotations

import argparse
import os
import sys

from kiosk.cli import UserError
from kiosk.cli.common import add_json, emit, services
from kiosk.cli.progress import add_progress, shown
from kiosk.domain.catalog import LANGUAGES, tr
from kiosk.domain.counter import CounterAction
from kiosk.domain.missed import Previous
from kiosk.services import counter_act


def register(sub) -> None:
    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION")
    db_sub.required = True
    up = db_sub.add_parser("upgrade", help="create or migrate the schema")
    add_json(up)
    add_progress(up)
    up.set_defaults(handler=db_upgrade)
    roles = db_sub.add_parser("roles", help="PostgreSQL: an owner role for migrations and one role per kind of machine")
    roles.add_argument("--prefix", default="anjungan", help="role names are PREFIX_owner, PREFIX_kiosk, … (default: anjungan)")
    add_json(roles)
    roles.set_defaults(handler=db_roles)

    check = sub.add_parser("check", help="check a NIK: participant status and what each service would do")
    check.add_argument("nik")
    add_json(check)
    check.set_defaults(handler=check_nik)

    issue = sub.add_parser("issue", help="issue a queue ticket")
    issue.add_argument("--nik", required=True)
    issue.add_argument("--service", required=True, metavar="CODE")
    issue.add_argument("--priority", metavar="REASON", help="priority reason given by staff (lansia, disabilitas, ibu_hamil, lainnya)")
    issue.add_argument("--assisted", action="store_true",
                       help="the ticket is made by staff for the participant (a new one even when the NIK holds one)")
    issue.add_argument("--heir", action="store_true", help="the visitor is the heir of the (deceased) holder of the NIK")
    issue.add_argument("--heir-age", type=int, metavar="YEARS", help="with --heir: the heir's own age (her priority)")
    issue.add_argument("--kiosk", default="cli", help="which kiosk issues it (default: cli)")
    issue.add_argument("--printer", metavar="URL", help="print the ticket on this printer too")
    issue.add_argument("--lang", choices=LANGUAGES, default="id", help="the language of the printed ticket")
    issue.add_argument("--sms", metavar="PHONE", help="send SMS to this phone (08… or +628…) when the turn is near")
    add_json(issue)
    issue.set_defaults(handler=issue_ticket)

    for name, text in (("call", "call the next ticket (fairness rule)"), ("recall", "call the current ticket again"),
                       ("skip", "mark the current ticket as no-show"), ("finish", "close the current visit"),
                       ("transfer", "send the current ticket to another service"),
                       ("pause", "pause the counter"), ("resume", "resume the counter")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--counter", type=int, required=True, metavar="N")
        if name == "transfer":
            p.add_argument("--to", required=True, metavar="CODE")
            p.add_argument("--reason", default="")
        if name == "call":
            p.add_argument("--previous", choices=[p.value for p in Previous],
                           help="what became of the called ticket that was never started")
        if name == "pause":
            p.add_argument("--reason", metavar="CODE", help="one of the branch's pause reasons ([counter])")
        add_json(p)
        p.set_defaults(handler=counter_action, action=name)

    status = sub.add_parser("status", help="waiting counts, counters and last calls")
    add_json(status)
    status.set_defaults(handler=show_status)

    ticket = sub.add_parser("ticket", help="ticket commands")
    ticket_sub = ticket.add_subparsers(dest="ticket_command", metavar="ACTION")
    ticket_sub.required = True
    reprint = ticket_sub.add_parser("reprint", help="print a ticket again")
    reprint.add_argument("ticket_id")
    reprint.add_argument("--printer", metavar="URL")
    add_json(reprint)
    reprint.set_defaults(handler=reprint_ticket)

    purge = sub.add_parser("purge", help="forget full NIKs older than the retention setting")
    add_json(purge)
    purge.set_defaults(handler=purge_niks)


def db_upgrade(args: argparse.Namespace) -> int:
    if (args.db or os.environ.get("ANJUNGAN_DB_URL") or "").startswith("postgresql"):
        svc = services(args, upgrade=False)        # a branch that follows a region: the region first
        try:
            svc.region_check_upgrade_order()
        finally:
            svc.close()
    with shown(args, "db_upgrade") as progress:
        svc = services(args, upgrade=True, progress=progress)
    emit(args, {"ok": True, "database": svc.db_url, "revision": "head"}, tr("cli.db.ready", url=svc.db_url))
    return 0


def db_roles(args: argparse.Namespace) -> int:
    made = services(args).create_roles(args.prefix)
    emit(args, {"roles": made}, "\n".join(tr("safety.roles.made", role=role, kind=kind) for kind, role in made.items()))
    return 0


def check_nik(args: argparse.Namespace) -> int:
    svc = services(args)
    result = svc.check(args.nik)
    doc = result.to_json()
    # today's open tickets of the NIK, said first (a repeat visit learns of its ticket at once)
    holding = svc.holding(args.nik) if result.nik_valid else []
    doc["holding"] = [{"number": h.number, "service": h.service, "state": h.state.value, "ahead": h.ahead,
                       "estimated_wait_min": h.estimated_wait_min} for h in holding]
    if result.nik_valid:
        p = doc["participant"]
        lines = [tr(("cli.check.registered" if p["found"] else "cli.check.not_registered") if p["verified"]
                    else "cli.check.unverified", nik=result.nik_masked)]
        lines += [tr("cli.check.holding", number=h.number, service=h.service,
                     state=tr(h.state.label_key), ahead=h.ahead or 0) for h in holding]
        if p["status_label"]:
            lines.append(tr("cli.check.status", status=p["status_label"], segment=p["segment"] or "-"))
        lines += [f"  {o.service:6} {o.route:13} {o.reason}" for o in result.options]
        text = "\n".join(lines)
        emit(args, doc, text)
        return 0
    if args.json:
        emit(args, doc, "")
    print(f"anjungan: {tr('cli.check.invalid', error=result.error)}", file=sys.stderr)
    return 1


def issue_ticket(args: argparse.Namespace) -> int:
    from kiosk.domain.phone import normalize_phone

    if args.sms:
        normalize_phone(args.sms)       # a wrong number issues nothing
    svc = services(args)
    if args.sms and not svc.config.sms.enabled:
        svc.close()
        raise UserError.of("sms.disabled")      # a number nobody would send to is not kept
    ticket = svc.issue(args.nik, args.service, priority_reason=args.priority, assisted=args.assisted,
                       kiosk_id=args.kiosk, heir=args.heir, lang=args.lang,
                       heir_age=args.heir_age)
    if args.sms:
        masked = svc.sms_opt_in(ticket.ticket_id, args.sms, args.lang)
        print(tr("sms.opted_in", args.lang, phone=masked), file=sys.stderr)
    if ticket.existing:             # the NIK already holds a waiting ticket for the service: that one
        svc.close()
        emit(args, ticket.to_json(), tr("repeat.cli", number=ticket.number, service=ticket.service,
                                        ahead=ticket.ahead))
        return 0
    if args.printer:
        from dataclasses import replace

        ticket = replace(ticket, print_result=svc.print_ticket_data(ticket.ticket_data, args.printer, wait=True))
    svc.close()
    text = tr("cli.issue.ticket", number=ticket.number, service=ticket.service, ahead=ticket.ahead)
    if ticket.print_result is not None and not ticket.print_result.ok:
        text += "\n" + tr("cli.ticket.not_printed", reason=ticket.print_result.reason)
    emit(args, ticket.to_json(), text)
    return 0 if ticket.print_result is None or ticket.print_result.ok else 4


def counter_action(args: argparse.Namespace) -> int:
    svc = services(args)
    if args.action == "transfer":
        view = svc.transfer(args.counter, args.to, args.reason)
    elif args.action == "call" and args.previous:
        view = svc.call_next(args.counter, args.previous)
    elif args.action == "pause" and args.reason:
        svc.pause(args.counter, args.reason)
        emit(args, {"counter": args.counter, "paused": True, "reason": args.reason},
             tr("cli.counter.paused", counter=args.counter))
        return 0
    elif (action := CounterAction(args.action)).pauses:
        paused = counter_act(svc, action, args.counter)
        emit(args, {"counter": args.counter, "paused": paused},
             tr("cli.counter.paused" if paused else "cli.counter.resumed", counter=args.counter))
        return 0
    else:
        view = counter_act(svc, action, args.counter)
    text = (tr("cli.counter.ticket", number=view.number, state=view.state, counter=view.counter or args.counter)
            if view else tr("cli.counter.no_ticket"))
    emit(args, {"ticket": view.to_json() if view else None}, text)
    return 0


def show_status(args: argparse.Namespace) -> int:
    status = services(args).status()
    doc = status.to_json()
    lines = [doc["office"]["message"]]
    lines += ["  " + tr("cli.status.service", service=s["service"], waiting=s["waiting"],
                        estimate=s["estimated_wait_min"] if s["estimated_wait_min"] is not None else "-")
              for s in doc["services"]]
    lines += ["  " + tr("cli.status.counter.paused" if c["paused"] else "cli.status.counter", counter=c["counter"],
                        number=c["ticket"]["number"] if c["ticket"] else "-")
              for c in doc["counters"]]
    emit(args, doc, "\n".join(lines))
    return 0


def reprint_ticket(args: argparse.Namespace) -> int:
    svc = services(args)
    outcome = svc.reprint(args.ticket_id, args.printer)
    svc.close()
    emit(args, {"ticket_id": args.ticket_id, "print": outcome.to_json()},
         tr("cli.ticket.reprinted") if outcome.ok else tr("cli.ticket.not_printed", reason=outcome.reason))
    return 0 if outcome.ok else 4


def purge_niks(args: argparse.Namespace) -> int:
    count = services(args).purge_full_niks()
    emit(args, {"purged": count}, tr("cli.purge.done", count=count))
    return 0
