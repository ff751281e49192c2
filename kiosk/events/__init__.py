"""Change notification: in-process, SQLite change polling, PostgreSQL LISTEN/NOTIFY.

The Qt-free core lives in `feed` (used by `anjungan watch`); `kiosk.events.qt.QtEventFeed`
is the Qt edge the windows use. Importing this package never imports Qt.
"""
from kiosk.events.feed import Backoff, ConnectionLost, EventFollower, feed_mode, follow

__all__ = ["Backoff", "ConnectionLost", "EventFollower", "feed_mode", "follow"]
