"""Helpers shared by the command modules: opening the services and printing results."""
from __future__ import annotations

import argparse
import sys

from kiosk.cli import print_json


def services(args: argparse.Namespace, upgrade: bool | None = None, progress=None):
    """The services for a command. Only `db upgrade` migrates a PostgreSQL server (`upgrade=True`);
    every other command migrates the one-PC SQLite file only (kiosk/app/bootstrap.py).
    `progress(steps done, steps)` per migration step (kiosk/cli/progress.py)."""
    from kiosk.services import open_services

    return open_services(config_path=args.config, db_url=args.db, upgrade=upgrade, progress=progress)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document")


def emit(args: argparse.Namespace, document: dict, text: str) -> None:
    if getattr(args, "json", False):
        print_json(document)
    else:
        sys.stdout.write(text.rstrip("\n") + "\n")


def run_live_window(svc, make_window, fullscreen: bool) -> int:
    """Open the window `make_window(feed)` on the live event feed, run it until it is closed, then
    close the window, the feed and the services."""
    from kiosk.ui.app import make_app, show_window

    app = make_app()
    from kiosk.events.qt import QtEventFeed

    feed = QtEventFeed(svc)
    window = make_window(feed)
    feed.start()
    show_window(window, fullscreen)
    try:
        return app.exec()
    finally:
        window.close()
        feed.close()
        svc.close()


def already_said(record) -> str:
    """The sentence for a file imported before (`kiosk.domain.imports.ImportRecord`, local time)."""
    from kiosk.domain.catalog import tr

    return tr("import.already", name=record.name, when=record.at.strftime("%Y-%m-%d %H.%M"), kept=record.kept,
              rows=record.rows)
