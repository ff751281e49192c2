"""Wiring: load the configuration, connect and migrate the store, and make the branch context."""
from __future__ import annotations

import os
from datetime import datetime
from typing import Callable

from kiosk.app import days
from kiosk.app.core import AppCore
from kiosk.app.progress import Progress
from kiosk.config import Config, load_config
from kiosk.domain import errors
from kiosk.store import db
from kiosk.store.uow import Database


def open_app(config_path=None, db_url: str | None = None, clock: Callable[[], datetime] | None = None,
             directory=None, upgrade: bool | None = True, config: Config | None = None,
             progress: Progress | None = None) -> AppCore:
    """Load the configuration, connect to the store, and return the branch context the use cases take.

    `upgrade`: True creates/migrates the schema (`db upgrade`, the demo); None, a machine at work,
    migrates only the one-PC SQLite file and on PostgreSQL stops (exit 6) unless the schema is
    this program's, so only `anjungan db upgrade` migrates a branch server; False touches nothing.
    `progress(steps done, steps)` per migration step."""
    config = config or load_config(config_path)
    clock = clock or fixed_clock_from_env()
    url = db_url or config.database_url or db.default_url()
    database = Database.connect(url, create=upgrade is True)       # only `db upgrade` (and the demo) makes a store
    if upgrade is not False:
        database.upgrade(migrate=upgrade is True or database.dialect != "postgresql", progress=progress)
    app = AppCore(config, database, clock=clock, directory=directory)
    if upgrade is not False:            # a machine at work: earlier days closed before its first action
        app.on_new_day = days.close_earlier_days
        if upgrade is True:             # `db upgrade`: the days an older version left open, not the first visitor
            app.open_day()
    return app


def fixed_clock_from_env() -> Callable[[], datetime] | None:
    """`ANJUNGAN_NOW=2026-11-23T09:00:00+07:00` pins the clock (rehearsals, scripted checks)."""
    value = os.environ.get("ANJUNGAN_NOW")
    if not value:
        return None
    try:
        fixed = datetime.fromisoformat(value)
    except ValueError:
        raise errors.ConfigError.of("error.clock.not_iso", value=value) from None
    if fixed.tzinfo is None:
        raise errors.ConfigError.of("error.clock.no_zone")
    return lambda: fixed
