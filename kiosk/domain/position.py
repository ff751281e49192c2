"""Where a follower of the queue's events stands: the newest event id it has read, and on
PostgreSQL the snapshot that read was taken in.

An event id is given when its transaction writes the row, not when it commits, so a transaction
that commits late makes its (smaller) id appear after larger ones. With the snapshot of the last
read, the store finds exactly the rows that were not committed then and are now, however late
they committed; the follower never gives up waiting for an id (see `kiosk.store.feed`).
"""
from __future__ import annotations

from typing import NamedTuple


class EventPosition(NamedTuple):
    last_id: int                    # every committed event up to this id (as of `snapshot`) was read
    snapshot: str | None = None     # PostgreSQL `pg_snapshot` text of that read; None: nothing pending
