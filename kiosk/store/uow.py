"""One unit of work over the queue store: everything inside commits together or not at all."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Engine

from kiosk.store.db import transaction
from kiosk.store.queue import QueueStore


@contextmanager
def unit_of_work(engine: Engine, write: bool = True, snapshot: bool = False,
                 bulk: bool = False) -> Iterator[QueueStore]:
    with transaction(engine, write=write, snapshot=snapshot, bulk=bulk) as conn:
        yield QueueStore(conn)
