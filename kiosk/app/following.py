"""Following the queue's events from a position, for the displays, the counters and `watch`.

The position (`EventPosition`) carries, on PostgreSQL, the snapshot of the last read, so that an
event that commits late is still delivered, once (kiosk/store/feed.py).
"""
from __future__ import annotations

from kiosk.app.status import StatusUseCases
from kiosk.app.views import StatusView
from kiosk.domain.position import EventPosition
from kiosk.domain.ticket import QueueEvent
from kiosk.store import feed


class FollowUseCases(StatusUseCases):
    def event_position(self) -> EventPosition:
        """Where a follower that starts now stands."""
        with self.uow(write=False) as q:
            return feed.position(q.conn)

    def events_since(self, at: EventPosition, limit: int = 500) -> tuple[list[QueueEvent], EventPosition, bool]:
        """Events committed since `at` (late commits included), the new position, and whether
        more are waiting."""
        with self.uow(write=False) as q:
            events, position, more = feed.events_since(q.conn, at, limit)
        return [self.local_event(e) for e in events], position, more

    def status_at_position(self) -> tuple[StatusView, EventPosition]:
        """The branch now and the position that goes with it, read at one moment: the events
        after that position are exactly the changes the status does not show yet."""
        with self.uow(write=False, snapshot=True) as q:
            position = feed.position(q.conn)
            return self.status(q), position
