"""The store as the application sees it: a `Database` that opens units of work, and the
`UnitOfWork` that owns every store for the length of one transaction.

Everything done inside one unit of work commits together or not at all. The application
layer never touches SQLAlchemy: it asks the unit of work for the store it needs
(`uow.queue`, `uow.bookings`, `uow.reports`, `uow.tokens`, `uow.participants`, `uow.pins`,
`uow.feed`, `uow.branch_config`) and gets domain objects back.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from typing import Callable, Iterator, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from kiosk.domain.position import EventPosition
from kiosk.domain.ticket import QueueEvent
from kiosk.store import db, feed, participants as participant_rows, pins as pin_rows, roles, schema
from kiosk.store.bookings import BookingStore
from kiosk.store.days import DayStore
from kiosk.store.devices import DeviceStore
from kiosk.store.imports import ImportStore
from kiosk.store.branch_config import BranchConfigStore
from kiosk.store.queue import QueueStore
from kiosk.store.reports import ReportStore
from kiosk.store.sms import SmsStore
from kiosk.store.tokens import TokenStore

T = TypeVar("T")
NOT_ALLOWED = "42501"        # SQLSTATE insufficient_privilege


class StoreRefused(Exception):
    """The database refused a statement for a reason other than being unreachable (a constraint,
    a permission, a value out of range); `detail` is the driver's first line, without values."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def _refusals(work: Callable[[], T]) -> T:
    try:
        return work()
    except DBAPIError as exc:
        if isinstance(exc, OperationalError) or exc.connection_invalidated \
                or getattr(exc.orig, "sqlstate", None) == NOT_ALLOWED:
            raise       # said by the transaction: the server is gone, or this machine's role may not
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else type(exc).__name__
        raise StoreRefused(detail) from None


class ParticipantRows:
    """The participant table inside one unit of work."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def upsert_batch(self, batch: list[dict]) -> int:
        return _refusals(lambda: participant_rows.upsert_batch(self._conn, batch))


class PinRows:
    """The staff PIN hashes inside one unit of work."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def read(self) -> dict[str, str]:
        return pin_rows.read(self._conn)

    def save(self, role: str, pin_hash: str, at) -> None:
        pin_rows.save(self._conn, role, pin_hash, at)

    def salts(self) -> dict[str, tuple[int, str]]:
        """PostgreSQL: each PIN role's KDF rounds and salt, never its hash."""
        return pin_rows.salts(self._conn)

    def check(self, role: str, digests: dict[str, str | None], local: str | None) -> pin_rows.ServerCheck:
        """PostgreSQL: the server compares the digests and keeps the attempt lock."""
        return pin_rows.check(self._conn, role, digests, local)


class FeedReader:
    """Positions in the event feed and the events committed since one (late commits included)."""

    def __init__(self, conn: Connection):
        self._conn = conn

    def position(self) -> EventPosition:
        return feed.position(self._conn)

    def events_since(self, at: EventPosition, limit: int = 500) -> tuple[list[QueueEvent], EventPosition, bool]:
        return feed.events_since(self._conn, at, limit)


class UnitOfWork:
    """Every store over one transaction; each is made when first asked for."""

    def __init__(self, conn: Connection):
        self._conn = conn

    @cached_property
    def queue(self) -> QueueStore:
        return QueueStore(self._conn)

    @cached_property
    def bookings(self) -> BookingStore:
        return BookingStore(self._conn)

    @cached_property
    def reports(self) -> ReportStore:
        return ReportStore(self._conn)

    @cached_property
    def tokens(self) -> TokenStore:
        return TokenStore(self._conn)

    @cached_property
    def participants(self) -> ParticipantRows:
        return ParticipantRows(self._conn)

    @cached_property
    def pins(self) -> PinRows:
        return PinRows(self._conn)

    @cached_property
    def feed(self) -> FeedReader:
        return FeedReader(self._conn)

    @cached_property
    def devices(self) -> DeviceStore:
        """Each machine's heartbeat and its printer's paper state."""
        return DeviceStore(self._conn)

    @cached_property
    def imports(self) -> ImportStore:
        """The files imported, by the identity of their content."""
        return ImportStore(self._conn)

    @cached_property
    def days(self) -> DayStore:
        """The day close: earlier days still open, closing one, its summary."""
        return DayStore(self._conn)

    @cached_property
    def sms(self) -> SmsStore:
        """The SMS opt-ins: a phone number per ticket until the visit ends."""
        return SmsStore(self._conn)

    @cached_property
    def branch_config(self) -> BranchConfigStore:
        return BranchConfigStore(self._conn)

    def apply_roles(self, prefix: str) -> roles.RolePlan:
        """Create or update the PostgreSQL roles of least privilege (`anjungan db roles`)."""
        conn = self._conn.execution_options(deadline=None)
        return _refusals(lambda: roles.apply(conn, prefix))


@contextmanager
def unit_of_work(engine: Engine, write: bool = True, snapshot: bool = False,
                 bulk: bool = False) -> Iterator[UnitOfWork]:
    with db.transaction(engine, write=write, snapshot=snapshot, bulk=bulk) as conn:
        yield UnitOfWork(conn)


class Database:
    """The branch's database: where units of work are opened, and what a machine needs to know of
    it (its kind, its address without the password, how to follow its changes)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def connect(cls, url: str, create: bool = True) -> "Database":
        """`create=False`: a SQLite file that is not there is not made (only `db upgrade` makes one)."""
        return cls(db.make_engine(url, create))

    def uow(self, write: bool = True, snapshot: bool = False, bulk: bool = False):
        """`with database.uow() as uow:` one transaction (`snapshot=True`: a read that sees one
        moment throughout; `bulk=True`: work that may rightly take long, without the deadline)."""
        return unit_of_work(self.engine, write=write, snapshot=snapshot, bulk=bulk)

    def upgrade(self, migrate: bool = True, progress=None) -> None:
        """Create or migrate the schema (`migrate=False`: only make sure it is this program's); a
        driver failure while connecting is said in one sentence. `progress(steps done, steps)`
        per migration step."""
        from kiosk.domain import errors

        try:
            if migrate:
                schema.upgrade(self.engine, progress=progress)
            else:
                schema.require_current(self.engine)
        except errors.AnjunganError:
            raise
        except Exception as exc:  # driver errors while connecting
            raise db.unavailable(self.engine, exc) from None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def url_text(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def role(self) -> str | None:
        return self.engine.url.username

    @property
    def notify_channel(self) -> str:
        """The PostgreSQL NOTIFY channel of this branch's queue (per schema)."""
        return db.notify_channel(self.engine)

    def listen_dsn(self) -> str | None:
        """libpq connection string for a LISTEN connection (PostgreSQL only; carries the password)."""
        if self.dialect != "postgresql":
            return None
        return self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def sqlite_path(self) -> str | None:
        """The SQLite database file, or None for PostgreSQL and in-memory databases."""
        if self.dialect != "sqlite":
            return None
        database = self.engine.url.database
        return None if not database or database == ":memory:" else database

    def find_participant(self, nik: str) -> dict | None:
        return participant_rows.find(self.engine, nik)

    def find_card(self, card_number: str) -> dict | None:
        return participant_rows.find_card(self.engine, card_number)

    def participant_count(self) -> int:
        try:
            return participant_rows.count(self.engine)
        except Exception as exc:
            raise db.unavailable(self.engine, exc) from None

    def close(self) -> None:
        self.engine.dispose()
