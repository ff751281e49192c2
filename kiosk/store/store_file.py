"""A running process keeps working on the SQLite file it opened, or refuses.

A file removed (`rm`) or replaced (a copy put in its place) under a running service would
otherwise take its writes into a deleted file, or mix two stores. The file's identity (device and
inode) is taken when the engine is made; every unit of work (each connection taken from the pool)
compares it with the file now at the path: one `stat`, about a microsecond
(tests/store/test_store_file.py measures it). Gone or replaced, the work is refused with one
sentence and nothing is written; a restart opens the file that is there now.
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, event

from kiosk.domain.errors import StoreNotReady


def identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode (None: there is no file, or it cannot be looked at)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check(path: Path, known: tuple[int, int]) -> None:
    """Refuse (one sentence, exit 6) when the file at `path` is gone or is no longer `known`."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise StoreNotReady.of("backup.store.gone", path=path) from None
    except OSError:
        return                                # a folder that cannot be read: SQLite says why
    if (st.st_dev, st.st_ino) != known:
        raise StoreNotReady.of("backup.store.replaced", path=path)


class Guard:
    """The identity of one SQLite file, checked before every new connection to it and every time a
    connection is taken from the engine's pool."""

    def __init__(self, path: Path):
        self.path = path
        self.known = identity(path)

    def check(self) -> None:
        if self.known is None:                # not there when the engine was made: the first one seen
            self.known = identity(self.path)
            return
        check(self.path, self.known)

    def connect(self, uri: str, options: dict):
        """A new connection (the pool's creator): to the same file, never a new one (`mode=rw`)."""
        import sqlite3

        self.check()
        return sqlite3.connect(uri, uri=True, **options)

    def watch(self, engine: Engine) -> None:
        @event.listens_for(engine, "checkout")
        def _same_file(_dbapi_connection, _record, _proxy) -> None:
            self.check()
