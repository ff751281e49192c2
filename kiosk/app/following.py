"""Following the queue's events from a position, for the displays, the counters and `watch`.

The position (`EventPosition`) carries, on PostgreSQL, the snapshot of the last read, so that an
event that commits late is still delivered, once (kiosk/store/feed.py).
"""
from __future__ import annotations

from kiosk.app import status as branch_status
from kiosk.app.core import AppCore
from kiosk.app.views import StatusView
from kiosk.domain.position import EventPosition
from kiosk.domain.ticket import QueueEvent


def event_position(app: AppCore) -> EventPosition:
    """Where a follower that starts now stands."""
    with app.uow(write=False) as uow:
        return uow.feed.position()


def events_since(app: AppCore, at: EventPosition, limit: int = 500) -> tuple[list[QueueEvent], EventPosition, bool]:
    """Events committed since `at` (late commits included), the new position, and whether
    more are waiting."""
    with app.uow(write=False) as uow:
        events, position, more = uow.feed.events_since(at, limit)
    return app.local_events(events), position, more


def status_at_position(app: AppCore) -> tuple[StatusView, EventPosition]:
    """The branch now and the position that goes with it, read at one moment: the events
    after that position are exactly the changes the status does not show yet."""
    with app.uow(write=False, snapshot=True) as uow:
        position = uow.feed.position()
        return branch_status.status(app, uow), position

