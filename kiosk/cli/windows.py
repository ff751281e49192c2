"""`anjungan kiosk [--windowed]` and `anjungan demo [--headless] [--out DIR]`.

Qt is imported only inside the handlers, so the other commands start fast.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.cli import UserError
from kiosk.domain.catalog import tr


def register(sub) -> None:
    kiosk = sub.add_parser("kiosk", help="the participant's kiosk window (fullscreen, locked down)")
    kiosk.add_argument("--windowed", action="store_true", help="an ordinary window, for trying it out")
    kiosk.add_argument("--kiosk-id", default="kiosk-1", help="name of this kiosk in events and statistics")
    kiosk.add_argument("--printer", metavar="URL", help="ticket printer (default: the configured one)")
    kiosk.add_argument("--hide-cursor", action="store_true", help="hide the mouse pointer (touchscreens)")
    kiosk.add_argument("--english", action="store_true", help="start in English instead of Indonesian")
    kiosk.set_defaults(handler=run_kiosk)

    demo = sub.add_parser("demo", help="kiosk + counter + hall display on the embedded default, preview printer")
    demo.add_argument("--headless", action="store_true",
                      help="run a scripted simulated morning offscreen and write screenshots, tickets and a report")
    demo.add_argument("--out", default="demo-out", metavar="DIR", help="output folder (default: ./demo-out)")
    demo.set_defaults(handler=run_demo)


def run_kiosk(args: argparse.Namespace) -> int:
    from kiosk.ui.app import make_app, show_window

    app = make_app()
    from kiosk.cli.common import services
    from kiosk.ui.kiosk import KioskWindow
    from kiosk.ui.kiosk.guidance import make_guide

    svc = services(args)
    from kiosk.cli.staff import pins_in_place

    pins_in_place(svc)                  # the staff pad needs PINs: a first start asks for them
    lockdown = not args.windowed
    window = KioskWindow(svc, kiosk_id=args.kiosk_id, printer_url=args.printer, lockdown=lockdown,
                         hide_cursor=args.hide_cursor, lang="en" if args.english else "id",
                         guide=make_guide(svc.config.kiosk.spoken_guidance))
    window.closedByStaff.connect(app.quit)
    if not lockdown:
        window.resize(1280, 800)
    show_window(window, fullscreen=lockdown)
    try:
        return app.exec()
    finally:
        svc.close()


def _has_screen() -> bool:
    """Whether windows can be shown: a display server on Linux, or a platform chosen explicitly."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError.of("cli.demo.out_not_folder", out=out)
    if not args.headless and not _has_screen():
        print(f"anjungan: {tr('cli.demo.no_screen', out=out)}", file=sys.stderr)
        args.headless = True
    if args.headless:
        from kiosk.demo.headless import run_headless

        return run_headless(out, config_path=args.config, db_url=args.db)
    from kiosk.demo.windows import run_windows

    return run_windows(config_path=args.config, db_url=args.db, out=out)
