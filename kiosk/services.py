"""The application layer: the one API that the windows and the `anjungan` command call.

Every state change happens in one transaction together with its event row, so a crash leaves
nothing half-done, and every window (in this process or on another machine) can follow the
events. Nothing here imports Qt.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Row

from kiosk.domain import errors
from kiosk.config import Config, load_config
from kiosk.domain import classification, queue as rules
from kiosk.domain.branch import OnlineChannel, ServiceSpec
from kiosk.domain.hours import office_status, service_day, serving_minutes_left
from kiosk.domain.nik import NikError, NikInfo, mask_nik, parse_nik
from kiosk.domain.participant import Participant
from kiosk.domain.wait import estimate_wait_minutes, late_warning
from kiosk.store import db, participants as participant_table, queue as store, schema
from printer.outcome import PrintOutcome
from printer.settings import PrinterSettings
from printer.ticket import TicketData, parse_qr_reference, qr_reference

if TYPE_CHECKING:
    from printer.spooler import Spooler

log = logging.getLogger("anjungan.services")
PURGE_EVERY = timedelta(minutes=10)
TIMING_CACHE_S = 3.0


# ---------------------------------------------------------------------------------------------
# What the services hand out
# ---------------------------------------------------------------------------------------------

def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat(timespec="seconds") if dt else None


@dataclass(frozen=True)
class ServiceOption:
    service: str
    name_id: str
    name_en: str
    route: str
    reason: str
    reason_en: str
    documents: tuple[str, ...]
    documents_en: tuple[str, ...]
    priority: bool
    waiting: int
    estimated_wait_min: int | None
    online: OnlineChannel | None
    can_queue_anyway: bool
    next_opening: datetime | None
    priority_reason: str | None = None
    suggest: str | None = None
    reason_code: str = ""          # stable word: queue, priority, online, quota_full, closed, …
    warning: str | None = None     # said before issuing, e.g. the wait runs past closing time
    warning_en: str | None = None

    def to_json(self) -> dict:
        return {
            "service": self.service, "name": self.name_id, "name_en": self.name_en, "route": self.route,
            "reason": self.reason, "reason_en": self.reason_en, "documents": list(self.documents),
            "priority": self.priority, "waiting": self.waiting, "estimated_wait_min": self.estimated_wait_min,
            "online": None if self.online is None else {"name": self.online.name, "url": self.online.url,
                                                        "text": self.online.text_id},
            "can_queue_anyway": self.can_queue_anyway, "next_opening": _iso(self.next_opening),
            "priority_reason": self.priority_reason, "suggest": self.suggest, "reason_code": self.reason_code,
            "warning": self.warning,
        }


@dataclass(frozen=True)
class CheckResult:
    nik_valid: bool
    error: str | None = None
    error_en: str | None = None
    nik: NikInfo | None = None
    participant: Participant | None = None
    options: tuple[ServiceOption, ...] = ()
    checked_on: date | None = None

    @property
    def nik_masked(self) -> str | None:
        return self.nik.masked if self.nik else None

    def option(self, service: str) -> ServiceOption | None:
        return next((o for o in self.options if o.service == service), None)

    def to_json(self) -> dict:
        return {
            "nik_valid": self.nik_valid, "error": self.error,
            "nik": self.nik.to_json(on=self.checked_on) if self.nik else None,
            "participant": participant_json(self.participant) if self.participant else None,
            "options": [o.to_json() for o in self.options],
        }


def participant_json(p: Participant) -> dict:
    """What may be said about a participant: no name, initials at most."""
    return {
        "verified": p.verified, "found": p.found,
        "status": p.status.value if p.status else None,
        "status_label": p.status.label_id if p.status else None,
        "status_text": p.status_text or None, "segment": p.segment,
        "programs": sorted(p.programs), "last_paid": p.last_paid, "initials": p.initials or None,
    }


@dataclass(frozen=True)
class TicketView:
    ticket_id: str
    number: str
    service: str
    state: str
    counter: int | None
    priority: bool
    priority_reason: str | None
    arrived_at: datetime
    called_at: datetime | None
    waited_min: int
    nik_masked: str | None
    documents: tuple[str, ...]
    assisted: bool
    verified: bool
    call_count: int = 0

    def to_json(self) -> dict:
        return {
            "ticket_id": self.ticket_id, "number": self.number, "service": self.service, "state": self.state,
            "counter": self.counter, "priority": self.priority, "priority_reason": self.priority_reason,
            "arrived_at": _iso(self.arrived_at), "called_at": _iso(self.called_at), "waited_min": self.waited_min,
            "nik_masked": self.nik_masked, "assisted": self.assisted, "verified": self.verified,
            "call_count": self.call_count,
        }


@dataclass(frozen=True)
class IssuedTicket:
    ticket_id: str
    number: str
    service: str
    service_day: date
    priority: bool
    priority_reason: str | None
    ahead: int
    estimated_wait_min: int | None
    verified: bool
    nik_masked: str | None
    ticket_data: TicketData
    print_result: PrintOutcome | None = None
    warning: str | None = None      # e.g. the estimated wait runs past closing time

    def to_json(self) -> dict:
        return {
            "ticket_id": self.ticket_id, "number": self.number, "service": self.service,
            "service_day": self.service_day.isoformat(), "priority": self.priority,
            "priority_reason": self.priority_reason, "ahead": self.ahead,
            "estimated_wait_min": self.estimated_wait_min, "verified": self.verified,
            "nik_masked": self.nik_masked, "warning": self.warning,
            "print": self.print_result.to_json() if self.print_result else None,
        }


@dataclass(frozen=True)
class QueueEvent:
    id: int
    at: datetime
    kind: str
    ticket_id: str | None
    number: str | None
    service: str | None
    counter: int | None
    data: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"id": self.id, "at": _iso(self.at), "kind": self.kind, "ticket_id": self.ticket_id,
                "number": self.number, "service": self.service, "counter": self.counter, "data": self.data}


@dataclass(frozen=True)
class ImportReport:
    imported: int
    rejected: tuple        # kiosk.directory.csvfile.RowError(line, nik_masked, reason)
    seconds: float

    def to_json(self, limit: int = 1000) -> dict:
        return {"imported": self.imported, "rejected": len(self.rejected), "seconds": round(self.seconds, 2),
                "errors": [{"line": e.line, "nik": e.nik_masked, "reason": e.reason} for e in self.rejected[:limit]]}


@dataclass(frozen=True)
class StatusView:
    services: tuple[dict, ...]
    counters: tuple[dict, ...]
    last_calls: tuple[dict, ...]
    office: dict

    def to_json(self) -> dict:
        return {"services": list(self.services), "counters": list(self.counters),
                "last_calls": list(self.last_calls), "office": self.office}


# ---------------------------------------------------------------------------------------------
# The services
# ---------------------------------------------------------------------------------------------

def open_services(config_path=None, db_url: str | None = None, clock: Callable[[], datetime] | None = None,
                  directory=None, upgrade: bool = True, config: Config | None = None) -> "Services":
    """Load the configuration, connect to the store (creating/migrating it), and return the API."""
    config = config or load_config(config_path)
    clock = clock or fixed_clock_from_env()
    url = db_url or config.database_url or db.default_url()
    engine = db.make_engine(url)
    if upgrade:
        try:
            schema.upgrade(engine)
        except errors.AnjunganError:
            raise
        except Exception as exc:  # driver errors while connecting
            raise db.unavailable(engine, exc) from None
    return Services(config, engine, clock=clock, directory=directory)


def fixed_clock_from_env() -> Callable[[], datetime] | None:
    """`ANJUNGAN_NOW=2026-11-23T09:00:00+07:00` pins the clock (rehearsals, scripted checks)."""
    import os

    value = os.environ.get("ANJUNGAN_NOW")
    if not value:
        return None
    try:
        fixed = datetime.fromisoformat(value)
    except ValueError:
        raise errors.ConfigError(f"ANJUNGAN_NOW={value!r} bukan waktu ISO (contoh 2026-11-23T09:00:00+07:00).",
                                 f"ANJUNGAN_NOW={value!r} is not an ISO time (e.g. 2026-11-23T09:00:00+07:00).") from None
    if fixed.tzinfo is None:
        raise errors.ConfigError("ANJUNGAN_NOW harus menyebut zona waktu, misalnya +07:00.",
                                 "ANJUNGAN_NOW must include a time zone, e.g. +07:00.")
    return lambda: fixed


class Services:
    def __init__(self, config: Config, engine: Engine, clock=None, directory=None):
        self.config = config
        self.engine = engine
        self.branch = config.branch
        self.tz = ZoneInfo(self.branch.timezone)
        self._clock = clock
        self._directory = directory
        self._subscribers: list[Callable[[list[QueueEvent]], None]] = []
        self._spoolers: dict[str, Spooler] = {}
        self._spooler_lock = threading.Lock()
        self._nik_key: bytes | None = None
        self._last_purge: datetime | None = None
        self._timing_cache: tuple | None = None

    # -- basics -------------------------------------------------------------------------------
    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def db_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    notify_channel = db.NOTIFY_CHANNEL

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

    def now(self) -> datetime:
        now = self._clock() if self._clock else datetime.now(self.tz)
        return now.astimezone(self.tz)

    def today(self) -> date:
        return service_day(self.now())

    def _day_start(self) -> datetime:
        return datetime.combine(self.today(), time(0), tzinfo=self.tz)

    def _local(self, dt: datetime | None) -> datetime | None:
        return store.utc(dt).astimezone(self.tz) if dt else None

    def office_status(self):
        return office_status(self.branch.hours, self.now())

    def service_spec(self, code: str) -> ServiceSpec:
        spec = self.branch.service(code)
        if spec is None:
            known = ", ".join(s.code for s in self.branch.services)
            raise errors.UnknownService(f"Layanan {code!r} tidak ada di kantor ini (pilihan: {known}).",
                                        f"Service {code!r} does not exist at this branch (choose: {known}).")
        return spec

    def _counter(self, number: int):
        spec = self.branch.counter(number)
        if spec is None:
            known = ", ".join(str(c.number) for c in self.branch.counters)
            raise errors.UnknownCounter(f"Loket {number} tidak ada (loket yang ada: {known}).",
                                        f"Counter {number} does not exist (counters: {known}).")
        return spec

    def close(self) -> None:
        for spooler in self._spoolers.values():
            spooler.close()
        self._spoolers.clear()
        self.engine.dispose()

    # -- participants -------------------------------------------------------------------------
    @property
    def directory(self):
        if self._directory is None:
            self._directory = self._make_directory()
        return self._directory

    def _make_directory(self):
        settings = self.config.directory
        if settings.kind == "http":
            from kiosk.directory.http import HttpSource

            return HttpSource(settings.url, timeout_s=settings.timeout_s)
        if settings.kind == "vclaim":
            import os

            from kiosk.directory.vclaim import VClaimSource

            secret, user_key = os.environ.get(settings.secret_env), os.environ.get(settings.user_key_env)
            if not secret or not user_key:
                raise errors.ConfigError(
                    f"Sumber status VClaim butuh {settings.secret_env} dan {settings.user_key_env} di lingkungan.",
                    f"The VClaim status source needs {settings.secret_env} and {settings.user_key_env} set.")
            return VClaimSource(settings.url, settings.cons_id, secret, user_key, timeout_s=settings.timeout_s,
                                today=self.today)
        from kiosk.directory.local import LocalSource

        return LocalSource(self.engine)

    def _lookup(self, info: NikInfo) -> Participant:
        from kiosk.directory.base import SourceUnavailable, with_nik_facts

        try:
            participant = self.directory.lookup(info.nik)
        except SourceUnavailable:
            log.warning("participant status source unavailable (NIK %s)", info.masked)
            participant = Participant.unavailable()
        except errors.StoreUnavailable:
            participant = Participant.unavailable()
        return with_nik_facts(participant, info)

    def import_participants(self, rows: Iterable, batch_size: int = 5000) -> int:
        """Upsert participant rows (from `kiosk.directory.csvfile` or `.demo`); returns how many."""
        total = 0
        batch: list[dict] = []
        for row in rows:
            batch.append({
                "nik": row.nik, "name": row.name, "status": row.status.value, "status_text": row.status_text,
                "segment": row.segment, "programs": " ".join(sorted(row.programs)),
                "birth_date": row.birth_date, "last_paid": row.last_paid,
            })
            if len(batch) >= batch_size:
                total += self._upsert(batch)
                batch = []
        if batch:
            total += self._upsert(batch)
        return total

    def import_csv(self, path) -> "ImportReport":
        """Import or update participants from a CSV file; bad rows are reported by line, good rows kept."""
        import time as _time

        from kiosk.directory.csvfile import CsvFormatError, RowError, read_participants

        rejected: list[RowError] = []

        def good_rows():
            for item in read_participants(path, self.today()):
                if isinstance(item, RowError):
                    rejected.append(item)
                else:
                    yield item

        started = _time.perf_counter()
        try:
            imported = self.import_participants(good_rows())
        except FileNotFoundError:
            raise errors.AnjunganError(f"Berkas {path} tidak ditemukan.", f"File {path} was not found.") from None
        except CsvFormatError as exc:
            raise errors.AnjunganError(f"{path}: {exc.message}", f"{path}: {exc.message_en}") from None
        return ImportReport(imported, tuple(rejected), _time.perf_counter() - started)

    def add_demo_participants(self, count: int, seed: int = 2026) -> int:
        from kiosk.directory.demo import demo_rows

        return self.import_participants(demo_rows(count, seed=seed, today=self.today()))

    def _upsert(self, batch: list[dict]) -> int:
        with db.transaction(self.engine) as conn:
            return participant_table.upsert_batch(conn, batch)

    def participant_count(self) -> int:
        try:
            return participant_table.count(self.engine)
        except Exception as exc:
            raise db.unavailable(self.engine, exc) from None

    # -- check --------------------------------------------------------------------------------
    def check(self, nik_text: str) -> CheckResult:
        today = self.today()
        try:
            info = parse_nik(nik_text, today)
        except NikError as exc:
            return CheckResult(nik_valid=False, error=exc.message, error_en=exc.message_en)
        participant = self._lookup(info)
        visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant)
        options = self._options(visitor)
        return CheckResult(nik_valid=True, nik=info, participant=participant, options=tuple(options), checked_on=today)

    def _queue_figures(self) -> tuple[dict, dict, set[int]]:
        with db.transaction(self.engine, write=False) as conn:
            counts = store.service_counts(conn, self.today())
        return (counts, *self._timing_figures())

    def _timing_figures(self) -> tuple[dict, set[int]]:
        """Recent service times and paused counters, for estimates; a few seconds old at most."""
        now = self.now()
        cached = self._timing_cache
        if cached is None or not (0 <= (now - cached[0]).total_seconds() < TIMING_CACHE_S):
            with db.transaction(self.engine, write=False) as conn:
                cached = (now, store.recent_service_minutes(conn, self.today()), store.paused_counters(conn))
            self._timing_cache = cached
        return cached[1], cached[2]

    def _estimate(self, spec: ServiceSpec, ahead: int, minutes: dict, paused: set[int]) -> int | None:
        open_counters = sum(1 for c in self.branch.counters if spec.code in c.services and c.number not in paused)
        samples = minutes.get(spec.code) or []
        return estimate_wait_minutes(ahead, samples, open_counters, spec.service_minutes)

    def _options(self, visitor) -> list[ServiceOption]:
        counts, minutes, paused = self._queue_figures()
        office = self.office_status()
        issued = {code: c["issued"] for code, c in counts.items()}
        options = []
        minutes_left = serving_minutes_left(self.branch.hours, self.now())
        for option in classification.classify_all(self.branch, visitor, office, issued):
            spec = option.service
            waiting = counts.get(spec.code, {}).get("waiting", 0)
            estimate = self._estimate(spec, waiting, minutes, paused) if spec.needs_counter else None
            warning = late_warning(estimate, minutes_left) if option.route.value in ("queue", "online") else None
            options.append(ServiceOption(
                service=spec.code, name_id=spec.name_id, name_en=spec.name_en, route=option.route.value,
                reason=option.reason, reason_en=option.reason_en, documents=tuple(option.documents),
                documents_en=tuple(option.documents_en), priority=option.priority, waiting=waiting,
                estimated_wait_min=estimate, online=option.online, can_queue_anyway=option.can_queue_anyway,
                next_opening=option.next_opening, priority_reason=option.priority_reason, suggest=option.suggest,
                reason_code=option.reason_code, warning=warning[0] if warning else None,
                warning_en=warning[1] if warning else None,
            ))
        return options

    # -- issue --------------------------------------------------------------------------------
    def issue(self, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
              documents_complete: bool = True, kiosk_id: str = "kiosk-1") -> IssuedTicket:
        spec = self.service_spec(service)
        now = self.now()
        today = service_day(now)
        info: NikInfo | None = None
        participant = Participant.unavailable()
        if nik:
            try:
                info = parse_nik(nik, today)
            except NikError as exc:
                raise errors.InvalidNik(exc.message, exc.message_en) from None
            participant = self._lookup(info)
        visitor = classification.Visitor(age=info.age(today) if info else None, sex=info.sex if info else None,
                                         participant=participant)
        self._check_priority_reason(priority_reason)
        office = self.office_status()
        minutes, paused = self._timing_figures()
        purge = self._purge_due(now)
        with db.transaction(self.engine) as conn:
            if purge:
                self._purge(conn, now)
            waiting_before = store.waiting_count(conn, today, spec.code)
            # The number is allocated first: it also tells how many were issued today (quota), and
            # a refusal below rolls it back, so no number is ever skipped.
            seq = store.allocate_seq(conn, today, spec.code)
            option = classification.classify(spec, visitor, office, seq - 1, self.branch.priority, priority_reason)
            self._refuse_unless_ticket(option.route.value, option.reason, option.reason_en, assisted)
            reason = option.priority_reason if option.priority else None
            ticket = {
                "ticket_id": store.new_ticket_id(), "service_day": today, "service": spec.code, "seq": seq,
                "number": rules.format_number(spec.letter, seq), "state": rules.TicketState.WAITING.value,
                "priority": reason is not None, "priority_reason": reason, "assisted": assisted,
                "verified": participant.verified, "documents_complete": documents_complete,
                "nik": info.nik if info else None, "nik_hash": self._hash_nik(conn, info.nik) if info else None,
                "nik_last4": info.nik[-4:] if info else None, "kiosk_id": kiosk_id,
                "arrived_at": store.utc(now), "issued_at": store.utc(now), "call_count": 0,
                "print_state": "none",
            }
            store.insert_ticket(conn, **ticket)
            # A regular newcomer is last in line; a priority one goes by the fairness rule.
            ahead = self._ahead(conn, ticket["ticket_id"], today, spec.code) if reason else waiting_before
            event_id = store.add_event(conn, now, "issued", ticket=ticket, data={
                "priority": reason is not None, "assisted": assisted, "kiosk_id": kiosk_id,
                "verified": participant.verified})
        self._publish_after(event_id - 1)
        estimate = self._estimate(spec, ahead, minutes, paused)
        late = late_warning(estimate, serving_minutes_left(self.branch.hours, now))
        data = self._ticket_data(ticket, ahead, estimate, documents=option.documents)
        return IssuedTicket(
            ticket_id=ticket["ticket_id"], number=ticket["number"], service=spec.code, service_day=today,
            priority=reason is not None, priority_reason=reason, ahead=ahead, estimated_wait_min=estimate,
            verified=participant.verified, nik_masked=info.masked if info else None, ticket_data=data,
            warning=late[0] if late else None)

    def _ahead(self, conn, ticket_id: str, day: date, service: str) -> int:
        """People called before this ticket, by the fairness rule, if nobody else arrived."""
        waiting = [rules.WaitingTicket(w.ticket_id, w.service, bool(w.priority), store.utc(w.arrived_at), w.seq)
                   for w in store.waiting_order_keys(conn, day, service)]
        since = store.regular_since_priority(conn, self._day_start(), self.branch.priority.every_n_regular)
        return rules.ahead_of(ticket_id, rules.call_order(waiting, {service}, since, self.branch.priority))

    @staticmethod
    def _refuse_unless_ticket(route: str, reason: str, reason_en: str, assisted: bool) -> None:
        """Closed (hours, quota) always refuses; staff may still give a ticket for the other refusals."""
        if route == "closed" or (route in ("not_eligible", "front_desk") and not assisted):
            raise errors.ServiceClosed(reason, reason_en)

    def _check_priority_reason(self, given: str | None) -> None:
        if given and self.branch.priority.reason(given) is None:
            allowed = ", ".join(r.code for r in self.branch.priority.reasons)
            raise errors.AnjunganError(f"Alasan prioritas {given!r} tidak dikenal (pilihan: {allowed}).",
                                       f"Unknown priority reason {given!r} (choose: {allowed}).")

    def _hash_nik(self, conn, nik: str) -> str:
        if self._nik_key is None:
            self._nik_key = bytes.fromhex(store.nik_key(conn))
        return hmac.new(self._nik_key, nik.encode(), hashlib.sha256).hexdigest()

    def _ticket_data(self, ticket: dict | Row, ahead: int, estimate: int | None, documents=None,
                     reprint: bool = False) -> TicketData:
        t = ticket._mapping if isinstance(ticket, Row) else ticket
        spec = self.branch.service(t["service"])
        return TicketData(
            ticket_id=t["ticket_id"], number=t["number"], service_code=spec.code, service_name=spec.name_id,
            service_name_en=spec.name_en, issued_at=self._local(t["issued_at"]), branch_name=self.branch.name,
            branch_address=self.branch.address, ahead=ahead, estimated_wait_min=estimate,
            priority=bool(t["priority"]), priority_reason=t["priority_reason"], verified=bool(t["verified"]),
            nik_masked=mask_nik("0" * 12 + t["nik_last4"]) if t["nik_last4"] else None,
            documents=tuple(documents if documents is not None else spec.documents),
            footer=tuple(self.branch.footer), reprint=reprint,
            qr_payload=qr_reference(t["ticket_id"], t["number"], datetime.combine(t["service_day"], time(0))))

    # -- retention ----------------------------------------------------------------------------
    def _purge_due(self, now: datetime) -> bool:
        return self._last_purge is None or now - self._last_purge >= PURGE_EVERY

    def _purge(self, conn, now: datetime) -> int:
        self._last_purge = now
        keep = self.config.retention.days
        if keep is None:
            return store.purge_full_niks(conn, before_day=service_day(now))
        return store.purge_full_niks(conn, issued_before=now - timedelta(days=keep))

    def purge_full_niks(self) -> int:
        """Forget full NIKs older than the retention setting; the keyed hash stays for statistics."""
        now = self.now()
        with db.transaction(self.engine) as conn:
            return self._purge(conn, now)

    # -- printing -----------------------------------------------------------------------------
    def printer_settings(self, url: str | None = None) -> PrinterSettings:
        from dataclasses import replace

        settings = self.config.printer
        if url:
            settings = replace(settings, url=url)
        if settings.url.rstrip("/") == "preview:":
            settings = replace(settings, url=f"preview://{db.data_dir() / 'tickets'}")
        return settings

    def _spooler(self, url: str | None):
        from printer.spooler import Spooler

        settings = self.printer_settings(url)
        with self._spooler_lock:
            spooler = self._spoolers.get(settings.url)
            if spooler is None:
                spooler = self._spoolers[settings.url] = Spooler(settings)
            return spooler

    def ticket_data(self, ticket_id: str, reprint: bool = False) -> TicketData:
        with db.transaction(self.engine, write=False) as conn:
            row = self._ticket_row(conn, ticket_id)
            ahead = self._ahead(conn, ticket_id, row.service_day, row.service)
            minutes = store.recent_service_minutes(conn, row.service_day)
            paused = store.paused_counters(conn)
        estimate = self._estimate(self.branch.service(row.service), ahead, minutes, paused)
        return self._ticket_data(row, ahead, estimate, reprint=reprint)

    def print_ticket(self, ticket_id: str, printer_url: str | None = None, wait: bool = True,
                     reprint: bool = False) -> PrintOutcome | Future:
        """Print through the printer's spooler; the ticket's print state and an event record the outcome."""
        data = self.ticket_data(ticket_id, reprint=reprint)
        self._set_print_state(ticket_id, "pending", None)
        future = self._spooler(printer_url).submit(data)
        future.add_done_callback(lambda f: self._print_done(ticket_id, f))
        if not wait:
            return future
        return future.result()

    def reprint(self, ticket_id: str, printer_url: str | None = None) -> PrintOutcome:
        return self.print_ticket(ticket_id, printer_url, wait=True, reprint=True)

    def _print_done(self, ticket_id: str, future: Future) -> None:
        try:
            outcome: PrintOutcome = future.result()
            ok, reason, near_end = outcome.ok, outcome.reason, outcome.paper_near_end
        except Exception as exc:  # the spooler reports failures as outcomes; this is the last guard
            ok, reason, near_end = False, str(exc), False
        try:
            self._set_print_state(ticket_id, "printed" if ok else "failed", reason, near_end)
        except errors.AnjunganError:
            log.exception("could not record the print state of ticket %s", ticket_id)

    def _set_print_state(self, ticket_id: str, state: str, reason: str | None, near_end: bool = False) -> None:
        now = self.now()
        with db.transaction(self.engine) as conn:
            row = self._ticket_row(conn, ticket_id)
            store.change_ticket(conn, ticket_id, [row.state], print_state=state, print_reason=reason)
            event_id = None
            if state in ("printed", "failed"):
                event_id = store.add_event(conn, now, "printed" if state == "printed" else "print_failed",
                                           ticket=row, data={"reason": reason, "paper_near_end": near_end})
        if event_id:
            self._publish_after(event_id - 1)

    def printer_status(self, url: str | None = None) -> dict:
        from printer.spooler import printer_status

        return printer_status(self.printer_settings(url))

    # -- counters -----------------------------------------------------------------------------
    def _ticket_row(self, conn, ticket_id: str) -> Row:
        row = store.get_ticket(conn, ticket_id)
        if row is None:
            raise errors.UnknownTicket(f"Tiket {ticket_id} tidak ditemukan.", f"Ticket {ticket_id} was not found.")
        return row

    def _view(self, row: Row | None) -> TicketView | None:
        if row is None:
            return None
        arrived = self._local(row.arrived_at)
        end = self._local(row.called_at) or self.now()
        spec = self.branch.service(row.service)
        return TicketView(
            ticket_id=row.ticket_id, number=row.number, service=row.service, state=row.state, counter=row.counter,
            priority=bool(row.priority), priority_reason=row.priority_reason, arrived_at=arrived,
            called_at=self._local(row.called_at), waited_min=max(0, int((end - arrived).total_seconds() // 60)),
            nik_masked=mask_nik("0" * 12 + row.nik_last4) if row.nik_last4 else None, documents=spec.documents,
            assisted=bool(row.assisted), verified=bool(row.verified), call_count=row.call_count or 0)

    def _act(self, counter: int, action: Callable) -> TicketView | None:
        self._counter(counter)
        now = self.now()
        with db.transaction(self.engine) as conn:
            first = store.last_event_id(conn)
            row = action(conn, now)
            result = self._view(store.get_ticket(conn, row.ticket_id) if row is not None else None)
        self._publish_after(first)
        return result

    def call_next(self, counter: int) -> TicketView | None:
        """Finish the counter's current ticket (if any) and call the next one by the fairness rule."""
        spec = self._counter(counter)

        def action(conn, now):
            if counter in store.paused_counters(conn):
                raise errors.IllegalTransition(f"Loket {counter} sedang jeda; lanjutkan dulu sebelum memanggil.",
                                               f"Counter {counter} is paused; resume it before calling.")
            current = store.counter_ticket(conn, counter)
            if current is not None:
                self._finish(conn, now, current, counter)
            for _ in range(10):
                waiting = store.waiting_tickets(conn, service_day(now), spec.services)
                candidates = [rules.WaitingTicket(ticket_id=w.ticket_id, service=w.service, priority=bool(w.priority),
                                                  arrived_at=store.utc(w.arrived_at), seq=w.seq) for w in waiting]
                rule = self.branch.priority
                since = store.regular_since_priority(conn, self._day_start(), rule.every_n_regular)
                chosen = rules.pick_next(candidates, set(spec.services), since, rule)
                if chosen is None:
                    return None
                if store.change_ticket(conn, chosen.ticket_id, ["waiting"], state="called", counter=counter,
                                       called_at=store.utc(now), call_count=1):
                    row = store.get_ticket(conn, chosen.ticket_id)
                    store.add_event(conn, now, "called", ticket=row, counter=counter,
                                    data={"priority": bool(row.priority), "service_name": self.branch.service(row.service).name_id})
                    return row
            raise errors.StoreUnavailable("Antrian sedang ramai diubah; coba panggil lagi.",
                                          "The queue is changing fast; try calling again.")

        return self._act(counter, action)

    def _current_or_none(self, conn, counter: int, states: Sequence[str]) -> Row | None:
        row = store.counter_ticket(conn, counter)
        return row if row is not None and row.state in states else None

    def recall(self, counter: int) -> TicketView | None:
        def action(conn, now):
            row = self._current_or_none(conn, counter, ["called", "serving"])
            if row is None:
                return None
            store.change_ticket(conn, row.ticket_id, [row.state], call_count=(row.call_count or 0) + 1)
            store.add_event(conn, now, "recalled", ticket=row, counter=counter,
                            data={"priority": bool(row.priority), "call_count": (row.call_count or 0) + 1})
            return row

        return self._act(counter, action)

    def skip(self, counter: int) -> TicketView | None:
        def action(conn, now):
            row = self._current_or_none(conn, counter, ["called"])
            if row is None:
                return None
            rules.check_transition(rules.TicketState(row.state), rules.TicketState.NO_SHOW)
            store.change_ticket(conn, row.ticket_id, ["called"], state="no_show", finished_at=store.utc(now))
            store.add_event(conn, now, "skipped", ticket=row, counter=counter)
            return row

        return self._guarded(counter, action)

    def _finish(self, conn, now, row: Row, counter: int) -> None:
        store.change_ticket(conn, row.ticket_id, ["called", "serving"], state="done", finished_at=store.utc(now))
        store.add_event(conn, now, "finished", ticket=row, counter=counter)

    def finish(self, counter: int) -> TicketView | None:
        def action(conn, now):
            row = self._current_or_none(conn, counter, ["called", "serving"])
            if row is None:
                return None
            self._finish(conn, now, row, counter)
            return row

        return self._act(counter, action)

    def transfer(self, counter: int, to_service: str, reason: str = "") -> TicketView | None:
        """Send the current ticket to another service; it keeps its number and original arrival time."""
        target = self.service_spec(to_service)

        def action(conn, now):
            row = self._current_or_none(conn, counter, ["called", "serving"])
            if row is None:
                return None
            if row.service == target.code:
                raise errors.IllegalTransition(f"Tiket {row.number} sudah di layanan {target.name_id}.",
                                               f"Ticket {row.number} is already in {target.name_en}.")
            rules.check_transition(rules.TicketState(row.state), rules.TicketState.TRANSFERRED)
            store.change_ticket(conn, row.ticket_id, [row.state], state="transferred", finished_at=store.utc(now),
                                transfer_reason=reason or None)
            moved = dict(row._mapping)
            moved.update(ticket_id=store.new_ticket_id(), service=target.code, state="waiting", counter=None,
                         called_at=None, finished_at=None, call_count=0, origin_ticket_id=row.ticket_id,
                         transfer_reason=reason or None, print_state="none", print_reason=None)
            store.insert_ticket(conn, **moved)
            store.add_event(conn, now, "transferred", ticket=row, counter=counter,
                            data={"to": target.code, "new_ticket_id": moved["ticket_id"], "reason": reason})
            return store.get_ticket(conn, moved["ticket_id"])

        return self._guarded(counter, action)

    def _guarded(self, counter: int, action: Callable) -> TicketView | None:
        try:
            return self._act(counter, action)
        except rules.IllegalTransitionError as exc:
            raise errors.IllegalTransition(str(exc)) from None

    def open_ticket(self, counter: int, reference: str) -> TicketView:
        """A ticket's QR scanned at a counter: call that ticket here if it is waiting, else show it."""
        ticket_id = parse_reference(reference)

        def action(conn, now):
            row = self._ticket_row(conn, ticket_id)
            while row.state == "transferred" and (follow := store.transferred_to(conn, row.ticket_id)) is not None:
                row = follow
            if row.state == "waiting":
                current = store.counter_ticket(conn, counter)
                if current is not None:
                    self._finish(conn, now, current, counter)
                store.change_ticket(conn, row.ticket_id, ["waiting"], state="called", counter=counter,
                                    called_at=store.utc(now), call_count=1)
                store.add_event(conn, now, "called", ticket=row, counter=counter,
                                data={"priority": bool(row.priority), "scanned": True,
                                      "service_name": self.branch.service(row.service).name_id})
            return row

        return self._act(counter, action)

    def current_ticket(self, counter: int) -> TicketView | None:
        self._counter(counter)
        with db.transaction(self.engine, write=False) as conn:
            return self._view(store.counter_ticket(conn, counter))

    def pause(self, counter: int) -> None:
        self._set_paused(counter, True)

    def resume(self, counter: int) -> None:
        self._set_paused(counter, False)

    def _set_paused(self, counter: int, paused: bool) -> None:
        self._counter(counter)
        now = self.now()
        self._timing_cache = None
        with db.transaction(self.engine) as conn:
            first = store.last_event_id(conn)
            if store.set_paused(conn, counter, paused, now):
                store.add_event(conn, now, "paused" if paused else "resumed", counter=counter)
        self._publish_after(first)

    def waiting(self, services: Iterable[str] | None = None) -> list[TicketView]:
        """Waiting tickets in the order the fairness rule would call them."""
        services = list(services) if services is not None else [s.code for s in self.branch.services]
        with db.transaction(self.engine, write=False) as conn:
            rows = {r.ticket_id: r for r in store.waiting_tickets(conn, self.today(), services)}
            since = store.regular_since_priority(conn, self._day_start(), self.branch.priority.every_n_regular)
        ordered = rules.call_order(
            [rules.WaitingTicket(r.ticket_id, r.service, bool(r.priority), store.utc(r.arrived_at), r.seq)
             for r in rows.values()], set(services), since, self.branch.priority)
        return [self._view(rows[t.ticket_id]) for t in ordered]

    def counter_stats(self, counter: int) -> dict:
        self._counter(counter)
        with db.transaction(self.engine, write=False) as conn:
            counts = store.counter_counts(conn, self.today(), counter)
        return {"served": counts.get("done", 0), "skipped": counts.get("no_show", 0),
                "transferred": counts.get("transferred", 0),
                "at_counter": counts.get("called", 0) + counts.get("serving", 0)}

    # -- status -------------------------------------------------------------------------------
    def status(self) -> StatusView:
        today = self.today()
        with db.transaction(self.engine, write=False) as conn:
            counts = store.service_counts(conn, today)
            minutes = store.recent_service_minutes(conn, today)
            paused = store.paused_counters(conn)
            current = {c.number: store.counter_ticket(conn, c.number) for c in self.branch.counters}
            calls = store.events_of(conn, ["called", "recalled"], self._day_start(), 8)
        services = []
        for spec in self.branch.services:
            c = counts.get(spec.code, {"waiting": 0, "issued": 0})
            services.append({
                "service": spec.code, "name": spec.name_id, "name_en": spec.name_en, "group": spec.group,
                "letter": spec.letter, "waiting": c["waiting"], "issued": c["issued"], "quota": spec.daily_quota,
                "estimated_wait_min": self._estimate(spec, c["waiting"], minutes, paused) if spec.needs_counter else None,
            })
        counters = [{"counter": n, "ticket": (v.to_json() if (v := self._view(row)) else None), "paused": n in paused}
                    for n, row in current.items()]
        last_calls = [{"number": e.number, "counter": e.counter, "service": e.service,
                       "at": _iso(self._local(e.at)), "recall": e.kind == "recalled"} for e in calls]
        office = self.office_status()
        return StatusView(tuple(services), tuple(counters), tuple(last_calls), {
            "state": office.state, "message": office.message_id, "message_en": office.message_en,
            "next_opening": _iso(office.next_opening)})

    # -- events -------------------------------------------------------------------------------
    def _event(self, row: Row) -> QueueEvent:
        return QueueEvent(id=row.id, at=self._local(row.at), kind=row.kind, ticket_id=row.ticket_id,
                          number=row.number, service=row.service, counter=row.counter,
                          data=json.loads(row.data or "{}"))

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        with db.transaction(self.engine, write=False) as conn:
            return [self._event(r) for r in store.events_after(conn, event_id, limit)]

    def last_event_id(self) -> int:
        with db.transaction(self.engine, write=False) as conn:
            return store.last_event_id(conn)

    def subscribe(self, callback: Callable[[list[QueueEvent]], None]) -> Callable[[], None]:
        """In-process push: `callback(events)` after each commit made through this object."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def _publish_after(self, event_id: int) -> None:
        if not self._subscribers:
            return
        events = self.events_after(event_id)
        if not events:
            return
        for callback in list(self._subscribers):
            try:
                callback(events)
            except Exception:
                log.exception("event subscriber failed")

    def _record(self, kind: str, *, counter: int | None = None, data: dict | None = None,
                service: str | None = None) -> int:
        now = self.now()
        with db.transaction(self.engine) as conn:
            event_id = store.add_event(conn, now, kind, ticket={"service": service} if service else None,
                                       counter=counter, data=data)
        self._publish_after(event_id - 1)
        return event_id

    def request_assistance(self, kiosk_id: str, reason: str = "") -> int:
        return self._record("assistance", data={"kiosk_id": kiosk_id, "reason": reason})

    def acknowledge_assistance(self, event_id: int, counter: int | None = None) -> int:
        return self._record("assistance_ack", counter=counter, data={"assistance_id": event_id})

    def open_assistance(self) -> list[QueueEvent]:
        with db.transaction(self.engine, write=False) as conn:
            rows = store.events_of(conn, ["assistance", "assistance_ack"], self._day_start(), 500)
        acked = {json.loads(r.data).get("assistance_id") for r in rows if r.kind == "assistance_ack"}
        return [self._event(r) for r in reversed(rows) if r.kind == "assistance" and r.id not in acked]

    def record_front_desk(self, service: str, assisted: bool = True) -> int:
        spec = self.service_spec(service)
        return self._record("front_desk", service=spec.code, data={"assisted": assisted})

    def last_ticket(self, kiosk_id: str) -> TicketView | None:
        with db.transaction(self.engine, write=False) as conn:
            return self._view(store.last_ticket_of_kiosk(conn, kiosk_id))

    def check_staff_pin(self, pin: str, role: str = "staff") -> bool:
        return self.config.kiosk.check_pin(pin, role)


def parse_reference(text: str) -> str:
    """The ticket id in a scanned QR reference (`printer.ticket.qr_reference`) or a typed ticket id."""
    parsed = parse_qr_reference(text)
    if parsed:
        return parsed["ticket_id"]
    text = text.strip()
    if text and text.isalnum():
        return text.upper()
    raise errors.UnknownTicket("Kode tiket tidak dapat dibaca; pindai ulang QR pada tiket.",
                               "The ticket code cannot be read; scan the ticket's QR again.")
