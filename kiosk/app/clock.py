"""This machine's clock against the database server's (the rule: kiosk/domain/clock.py), for the
kiosk's staff banner, the counter window and `anjungan doctor`."""
from __future__ import annotations

from kiosk.app.core import AppCore
from kiosk.domain.clock import ClockSkew, skew
from kiosk.store import health


def clock_skew(app: AppCore) -> ClockSkew | None:
    """How far this machine's clock (as the product reads it) is off the server's; None on SQLite,
    where the database's clock is this PC's."""
    server = health.server_now(app.database.engine)
    if server is None:
        return None
    return skew(app.now(), server)
