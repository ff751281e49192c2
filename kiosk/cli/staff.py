"""Staff commands: the counter window, the hall display, and `watch` (the live event stream)."""
from __future__ import annotations

import argparse
import os
import sys

from kiosk.cli import NOT_SET_UP, UserError, print_json
from kiosk.cli.common import run_live_window, services
from kiosk.domain.catalog import LANGUAGES, tr
from kiosk.domain.ticket import EventKind

PIN_ENV = "ANJUNGAN_STAFF_PIN"
NEW_PIN_ENV = "ANJUNGAN_NEW_PIN"


def register(sub) -> None:
    counter = sub.add_parser("counter", help="the counter (loket) window for a customer service officer")
    counter.add_argument("--counter", type=int, required=True, metavar="N")
    counter.add_argument("--pin-from-env", action="store_true",
                         help=f"take the staff PIN from ${PIN_ENV} instead of asking for it")
    counter.add_argument("--fullscreen", action="store_true")
    counter.add_argument("--lang", choices=LANGUAGES, default="id")
    counter.set_defaults(handler=run_counter)

    display = sub.add_parser("display", help="the hall display (TV): now calling, counters, last calls")
    display.add_argument("--screen", type=int, metavar="N", help="show it full screen on screen N (0 = first)")
    display.add_argument("--silent", action="store_true", help="do not speak the calls")
    display.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    display.add_argument("--counters", metavar="N,N", help="only these counters (default: from the configuration)")
    display.add_argument("--services", metavar="CODE,CODE", help="only these services (default: from the configuration)")
    display.set_defaults(handler=run_display)

    watch = sub.add_parser("watch", help="print queue events as they happen (what the display sees)")
    watch.add_argument("--json", action="store_true", help="one JSON line per event")
    start = watch.add_mutually_exclusive_group()
    start.add_argument("--after", type=int, metavar="ID", help="start after this event id (default: from now on)")
    start.add_argument("--from-start", action="store_true", help="print every stored event first")
    watch.add_argument("--count", type=int, metavar="N", help="stop after N events")
    watch.set_defaults(handler=run_watch)

    staff = sub.add_parser("staff", help="staff PINs")
    staff_sub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    staff_sub.required = True
    set_pin = staff_sub.add_parser("set-pin", help="set the staff and/or admin PIN for every machine of the branch")
    set_pin.add_argument("--role", choices=("staff", "admin", "both"), default="both")
    set_pin.add_argument("--pin-from-env", action="store_true",
                         help=f"take the new PIN from ${NEW_PIN_ENV} instead of asking (one --role)")
    set_pin.set_defaults(handler=run_set_pin)


# ---------------------------------------------------------------------------------------------
# staff PINs
# ---------------------------------------------------------------------------------------------

def ask_pins(svc, roles) -> None:
    """Ask for each role's new PIN twice (hidden) and save it."""
    import getpass

    for role in roles:
        first = getpass.getpass(tr("safety.pin.prompt", role=role))
        again = getpass.getpass(tr("safety.pin.again", role=role))
        if first != again:
            raise UserError.of("safety.pin.mismatch")
        svc.set_pin(role, first)
        print(tr("safety.pin.saved", role=role), file=sys.stderr)


def run_set_pin(args: argparse.Namespace) -> int:
    svc = services(args)
    roles = ("staff", "admin") if args.role == "both" else (args.role,)
    if args.pin_from_env:
        if len(roles) != 1:
            raise UserError.of("safety.pin.env_one_role", exit_status=2)
        pin = os.environ.get(NEW_PIN_ENV)
        if not pin:
            raise UserError.of("cli.counter.pin_env_empty", env=NEW_PIN_ENV)
        svc.set_pin(roles[0], pin)
        print(tr("safety.pin.saved", role=roles[0]), file=sys.stderr)
    else:
        ask_pins(svc, roles)
    svc.close()
    return 0


def pins_in_place(svc) -> None:
    """A window that opens staff functions needs the PINs: the first start asks for them (at a
    terminal), otherwise the command stops with the sentence that says what to run."""
    missing = svc.missing_pins()
    if not missing:
        return
    if sys.stdin is not None and sys.stdin.isatty():
        print(tr("safety.pin.first_start"), file=sys.stderr)
        ask_pins(svc, missing)
        return
    raise UserError.of("safety.pin.missing", roles=" & ".join(missing), exit_status=NOT_SET_UP)


# ---------------------------------------------------------------------------------------------
# watch
# ---------------------------------------------------------------------------------------------

def describe(event) -> str:
    at = event.at.strftime("%H.%M.%S") if event.at else "--.--.--"
    parts = [at, f"{event.kind:14}"]
    if event.number:
        parts.append(event.number)
    if event.service:
        parts.append(f"({event.service})")
    if event.counter is not None:
        parts.append(tr("cli.watch.counter", counter=event.counter))
    if event.kind == EventKind.TRANSFERRED and event.data.get("to"):
        parts.append(f"-> {event.data['to']}")
    if event.kind == EventKind.ASSISTANCE and event.data.get("kiosk_id"):
        parts.append(tr("cli.watch.assistance", kiosk=event.data["kiosk_id"]))
    return "  ".join(parts)


def run_watch(args: argparse.Namespace) -> int:
    from kiosk.services import follow

    if args.count is not None and args.count < 0:
        raise UserError.of("safety.watch.count")
    if args.count == 0:
        return 0                            # nothing asked for: done before following anything
    svc = services(args)
    after = 0 if args.from_start else args.after

    def on_connection(connected: bool, reason: str | None) -> None:
        if connected:
            print(f"anjungan: {tr('cli.watch.connected')}", file=sys.stderr, flush=True)
        else:
            print(f"anjungan: {tr('cli.watch.reconnecting', reason=reason)}", file=sys.stderr, flush=True)

    seen = 0
    try:
        for event in follow(svc, after, on_connection=on_connection):
            if args.json:
                print_json(event.to_json())
            else:
                sys.stdout.write(describe(event) + "\n")
                sys.stdout.flush()
            seen += 1
            if args.count is not None and seen >= args.count:
                break
    except BrokenPipeError:
        pass
    finally:
        svc.close()
    return 0


# ---------------------------------------------------------------------------------------------
# windows
# ---------------------------------------------------------------------------------------------

def _app():
    from kiosk.ui.app import make_app

    return make_app()


def _numbers(text: str | None, what: str) -> tuple | None:
    if not text:
        return None
    items = [t.strip() for t in text.split(",") if t.strip()]
    if what == "counters":
        try:
            return tuple(int(t) for t in items)
        except ValueError:
            raise UserError.of("cli.display.counters", text=text) from None
    return tuple(t.upper() for t in items)


def run_counter(args: argparse.Namespace) -> int:
    svc = services(args)
    svc.counter_stats(args.counter)  # an unknown counter is a one-line error before any window opens
    pins_in_place(svc)
    pin = None
    if args.pin_from_env:
        pin = os.environ.get(PIN_ENV)
        if not pin:
            raise UserError.of("cli.counter.pin_env_empty", env=PIN_ENV)
        checked = svc.staff_pin(pin)
        if not checked.ok:
            raise UserError(checked.message, key=checked.message_key)
    from kiosk.ui.counter import CounterWindow

    return run_live_window(svc, lambda feed: CounterWindow(svc, args.counter, feed, unlocked=pin is not None,
                                                           lang=args.lang), args.fullscreen)


def run_display(args: argparse.Namespace) -> int:
    from dataclasses import replace

    svc = services(args)
    settings = svc.config.display
    counters, codes = _numbers(args.counters, "counters"), _numbers(args.services, "services")
    if counters is not None:
        settings = replace(settings, counters=counters)
    if codes is not None:
        settings = replace(settings, services=codes)
    app = _app()
    from kiosk.events.qt import QtEventFeed
    from kiosk.ui.display import DisplayWindow, make_announcer

    announcer = None if args.silent else make_announcer(svc)
    feed = QtEventFeed(svc)
    window = DisplayWindow(svc, feed, settings, announcer=announcer)
    feed.start()
    screens = app.screens()
    if args.screen is not None:
        if not 0 <= args.screen < len(screens):
            raise UserError.of("cli.display.screen", screen=args.screen, count=len(screens), last=len(screens) - 1)
        window.setScreen(screens[args.screen])
        window.move(screens[args.screen].geometry().topLeft())
    from kiosk.ui.app import show_window

    show_window(window, fullscreen=not args.windowed)
    status = app.exec()
    window.close()
    feed.close()
    if announcer is not None:
        announcer.close(timeout=5, drain=False)
    svc.close()
    return status
