"""The one entry point to the application: `open_services()` and the `Services` facade it returns.

The use cases are plain functions in the modules of `kiosk.app`, each taking the branch context
(`AppCore`) first; this facade only names them, so the windows, the command line, the web service
and the benchmarks need not know the split. Each method forwards to one function: to see what a
use case needs, read that function.
"""
from __future__ import annotations

from concurrent.futures import Future
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

from kiosk.app import (
    assistance, bookings as booking_cases, branch_config, check as checking, counter as counters, following,
    issue as issuing, logsetup, missed, participants as participant_cases, phone, printing, reports as reporting, roles,
    skm, staff, status as branch_status, timeline, tokens,
)
from kiosk.app import holding as holding_cases
from kiosk.app import monitor_view
from kiosk.app import clock as clock_cases, days as day_cases
from kiosk.app import region as region_cases
from kiosk.app import ktp as ktp_cases
from kiosk.app import sms as sms_cases
from kiosk.app.region_files import export_region_report, region_report_text
from kiosk.app import backup as backups
from kiosk.app.backup import BackupMade, Restored
from kiosk.app.bootstrap import fixed_clock_from_env, open_app
from kiosk.app.core import AppCore
from kiosk.app.branch_config import BranchConfigVersion, ConfigInForce
from kiosk.app.counter import parse_reference
from kiosk.app import devices as device_cases
from kiosk.app.devices import BranchMetrics, Heartbeat
from kiosk.app.counter_desk import CounterDesk, CounterServices, act as counter_act
from kiosk.app.doctor import MACHINES as DOCTOR_MACHINES, Check, check_config, database_health, run_doctor
from kiosk.app.phone import PHONE_DYNAMIC_KEYS, Board
from kiosk.app.printing import check_page_labels, ticket_labels
from kiosk.app.progress import Progress
from kiosk.app.report_files import PdfRenderer, ReportFormat, export_report, report_text
from kiosk.app.skm import RatingView, SurveyImport
from kiosk.app.staff import PinCheck, with_demo_pins
from kiosk.app.tokens import Caller, Forbidden, Unauthorized
from kiosk.app.views import (
    BookingImportReport, CheckInResult, CheckResult, ImportReport, IssuedTicket, QueueEvent, ServiceOption,
    StatusView, TicketView, participant_json,
)
from kiosk.app.visit_flow import Change, Event, KioskCases, KioskSettings, RatingPage, Step, VisitFlow
from kiosk.events.feed import Backoff, ConnectionLost, EventFollower, follow
from kiosk.domain.clock import ClockSkew
from kiosk.domain.day import DayClose

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.domain.access import Permission
    from kiosk.domain.booking import Arrival, Booking, BookingState
    from kiosk.domain.branch import CounterSpec
    from kiosk.domain.devices import DeviceRecord, DeviceState
    from kiosk.domain.hours import OfficeStatus
    from kiosk.domain.missed import NoShowGrace
    from kiosk.domain.monitor import BranchMonitor, MonitorFigures
    from kiosk.domain.place import Place
    from kiosk.domain.position import EventPosition
    from kiosk.domain.report import Report
    from printer.outcome import PrintOutcome
    from printer.settings import PrinterSettings
    from printer.ticket import TicketData

__all__ = ["Board", "BookingImportReport", "Caller", "CheckInResult", "CheckResult", "Forbidden", "ImportReport",
           "IssuedTicket", "PinCheck", "QueueEvent", "RatingView", "ServiceOption", "Services", "StatusView",
           "SurveyImport", "TicketView", "Unauthorized", "fixed_clock_from_env", "open_services", "parse_reference",
           "participant_json", "PHONE_DYNAMIC_KEYS"]
__all__ += ["Backoff", "ConnectionLost", "CounterDesk", "CounterServices", "EventFollower", "counter_act", "follow"]
__all__ += ["PdfRenderer", "ReportFormat", "check_page_labels", "export_report", "logsetup", "report_text",
            "ticket_labels"]
__all__ += ["Change", "Event", "KioskCases", "KioskSettings", "RatingPage", "Step", "VisitFlow"]      # the kiosk's visit model
__all__ += ["BranchConfigVersion", "ConfigInForce"]      # anjungan config show
__all__ += ["Check", "DOCTOR_MACHINES", "check_config", "database_health", "run_doctor"]   # anjungan doctor
__all__ += ["BackupMade", "Restored", "restore_backup"]      # anjungan backup, anjungan restore
__all__ += ["export_region_report", "region_report_text"]      # anjungan region report
__all__ += ["ClockSkew", "DayClose"]      # anjungan day close, the clock banner
__all__ += ["Progress"]      # how far a long use case is: progress(done, total)


def open_services(config_path=None, db_url: str | None = None, clock: Callable[[], datetime] | None = None,
                  directory=None, upgrade: bool | None = True, config: Config | None = None,
                  progress: Progress | None = None) -> Services:
    """Load the configuration, connect to the store (creating/migrating it), and return the facade.
    `progress(steps done, steps)` per migration step, when the schema is migrated."""
    return Services(open_app(config_path, db_url, clock=clock, directory=directory, upgrade=upgrade, config=config,
                             progress=progress))


def restore_backup(config_path=None, db_url: str | None = None, path="", *, force: bool = False,
                   clock: Callable[[], datetime] | None = None, config: Config | None = None,
                   progress: Progress | None = None) -> Restored:
    """Put a backup made by `Services.backup` into the configured store (`anjungan restore`): made
    before any services are opened, as the store may be missing or about to be replaced."""
    return backups.restore(config_path, db_url, path, force=force, clock=clock, config=config, progress=progress)


def demo_config(config_path=None):
    """The branch configuration with the demo's PINs (staff 1234, admin 9999): `anjungan demo` only."""
    from kiosk.config import load_config

    return with_demo_pins(load_config(config_path))


class Services:
    """What the windows, the command line, the web service and the benchmarks may ask of the branch."""

    def __init__(self, app: AppCore):
        self._app = app

    # -- the branch, its clock and its database ---------------------------------------------------
    @property
    def config(self) -> Config:
        return self._app.config

    @config.setter
    def config(self, config: Config) -> None:
        """Put a configuration in force in this process (as a pushed branch configuration is)."""
        self._app.config = config

    @property
    def branch(self):
        return self._app.branch

    @property
    def tz(self):
        return self._app.tz

    @property
    def directory(self):
        """The participant status source (tests and the demo look through it)."""
        return self._app.directory

    @property
    def database(self):
        """The branch's database (`kiosk.store.uow.Database`): its kind, address and units of work."""
        return self._app.database

    @property
    def dialect(self) -> str:
        return self._app.dialect

    @property
    def db_url(self) -> str:
        """The database address without its password."""
        return self._app.database.url_text

    @property
    def notify_channel(self) -> str:
        return self._app.database.notify_channel

    def listen_dsn(self) -> str | None:
        return self._app.database.listen_dsn()

    def sqlite_path(self) -> str | None:
        return self._app.database.sqlite_path()

    def uow(self, write: bool = True, snapshot: bool = False, bulk: bool = False):
        """A unit of work over every store (tools and tests that read the store directly)."""
        return self._app.uow(write=write, snapshot=snapshot, bulk=bulk)

    def close(self) -> None:
        self._app.close()

    def now(self) -> datetime:
        return self._app.now()

    def today(self) -> date:
        return self._app.today()

    def local(self, dt: datetime | None) -> datetime | None:
        return self._app.local(dt)

    def office_status(self) -> OfficeStatus:
        return self._app.office_status()

    def counter_spec(self, number: int) -> CounterSpec:
        return self._app.counter_spec(number)

    # -- events pushed in this process ------------------------------------------------------------
    def subscribe(self, callback: Callable[[list[QueueEvent]], None]) -> Callable[[], None]:
        return self._app.subscribe(callback)

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        return self._app.events_after(event_id, limit)

    def last_event_id(self) -> int:
        return self._app.last_event_id()

    def record(self, kind: str, *, counter: int | None = None, data: dict | None = None,
               service: str | None = None) -> int:
        return self._app.record(kind, counter=counter, data=data, service=service)

    # -- checking a NIK ------------------------------------------------------------------------------
    def check(self, nik_text: str, heir: bool = False, heir_age: int | None = None) -> CheckResult:
        return checking.check(self._app, nik_text, heir, heir_age)

    def read_ktp(self, picture):
        """The KTP on the kiosk's tray read from one camera frame (in memory, never kept); a
        `kiosk.ktp.KtpRead`, or None when this machine has no KTP reader."""
        return ktp_cases.read_ktp(self._app, picture)

    def nik_of_card(self, card_number: str) -> str | None:
        return checking.nik_of_card(self._app, card_number)

    def check_card(self, card_number: str) -> CheckResult | None:
        return checking.check_card(self._app, card_number)

    # -- tickets -------------------------------------------------------------------------------------
    def issue(self, nik: str | None, service: str, *, priority_reason: str | None = None, assisted: bool = False,
              documents_complete: bool = True, kiosk_id: str = "kiosk-1",
              booking: tuple[Booking, BookingState, Arrival] | None = None, heir: bool = False,
              insist: bool | None = None, lang: str = "id", heir_age: int | None = None) -> IssuedTicket:
        return issuing.issue(self._app, nik, service, priority_reason=priority_reason, assisted=assisted,
                             documents_complete=documents_complete, kiosk_id=kiosk_id, booking=booking, heir=heir,
                             insist=insist, lang=lang, heir_age=heir_age)

    def held_tickets(self, nik: str, lang: str = "id") -> dict[str, IssuedTicket]:
        return issuing.held_tickets(self._app, nik, lang)

    def holding(self, nik: str) -> list[Place]:
        return holding_cases.holding(self._app, nik)

    def ticket_status(self, reference: str, lang: str = "id") -> IssuedTicket | None:
        return issuing.ticket_status(self._app, reference, lang)

    def purge_full_niks(self) -> int:
        return issuing.purge_full_niks(self._app)

    # -- SMS to the participant's phone ---------------------------------------------------------------
    def sms_opt_in(self, ticket_id: str, phone: str, lang: str = "id") -> str:
        return sms_cases.opt_in(self._app, ticket_id, phone, lang)

    def sms_opted_in(self, ticket_id: str) -> bool:
        return sms_cases.opted_in(self._app, ticket_id)

    def sms_provider(self):
        return sms_cases.provider(self._app)

    def sms_round(self, carrier) -> list:
        return sms_cases.notify_round(self._app, carrier)

    # -- printing ------------------------------------------------------------------------------------
    def ticket_data(self, ticket_id: str, reprint: bool = False, lang: str = "id") -> TicketData:
        return printing.ticket_data(self._app, ticket_id, reprint, lang)

    def printer_settings(self, url: str | None = None) -> PrinterSettings:
        return printing.printer_settings(self._app, url)

    def printer_status(self, url: str | None = None) -> dict:
        return printing.printer_status(self._app, url)

    def ticket_preview(self, ticket_id: str, printer_url: str | None = None, reprint: bool = False,
                       lang: str = "id"):
        return printing.ticket_preview(self._app, ticket_id, printer_url, reprint, lang)

    def preview_ticket_data(self, data: TicketData, printer_url: str | None = None):
        return printing.preview_ticket_data(self._app, data, printer_url)

    def print_ticket(self, ticket_id: str, printer_url: str | None = None, wait: bool = True,
                     reprint: bool = False, lang: str = "id") -> PrintOutcome | Future:
        return printing.print_ticket(self._app, ticket_id, printer_url, wait, reprint, lang)

    def print_ticket_data(self, data: TicketData, printer_url: str | None = None,
                          wait: bool = True) -> PrintOutcome | Future:
        return printing.print_ticket_data(self._app, data, printer_url, wait)

    def reprint(self, ticket_id: str, printer_url: str | None = None, lang: str = "id") -> PrintOutcome:
        return printing.reprint(self._app, ticket_id, printer_url, lang)

    # -- bookings ------------------------------------------------------------------------------------
    def book(self, nik: str, service: str, day: date | str, start: time | str, end: time | str, *,
             source: str = "", code: str | None = None) -> tuple[dict, bool]:
        return booking_cases.book(self._app, nik, service, day, start, end, source=source, code=code)

    def book_for_ticket(self, ticket_id: str, service: str, day: date | str, start: time | str,
                        end: time | str) -> dict:
        return booking_cases.book_for_ticket(self._app, ticket_id, service, day, start, end)

    def import_bookings(self, path, *, progress: Progress | None = None) -> BookingImportReport:
        return booking_cases.import_bookings(self._app, path, progress=progress)

    def cancel_booking(self, code: str) -> dict:
        return booking_cases.cancel_booking(self._app, code)

    def booking(self, code: str) -> dict:
        return booking_cases.booking(self._app, code)

    def bookings_of(self, day: date | str | None = None, service: str | None = None) -> list[dict]:
        return booking_cases.bookings_of(self._app, day, service)

    def check_in(self, code_or_nik: str, *, kiosk_id: str = "kiosk-1", walk_in: bool = False,
                 lang: str = "id") -> CheckInResult:
        return booking_cases.check_in(self._app, code_or_nik, kiosk_id=kiosk_id, walk_in=walk_in, lang=lang)

    def todays_booking(self, nik: str) -> dict | None:
        return booking_cases.todays_booking(self._app, nik)

    # -- the counter ---------------------------------------------------------------------------------
    def call_next(self, counter: int, previous: str | None = None) -> TicketView | None:
        return counters.call_next(self._app, counter, previous)

    def recall(self, counter: int) -> TicketView | None:
        return counters.recall(self._app, counter)

    def skip(self, counter: int) -> TicketView | None:
        return counters.skip(self._app, counter)

    def finish(self, counter: int) -> TicketView | None:
        return counters.finish(self._app, counter)

    def transfer(self, counter: int, to_service: str, reason: str = "") -> TicketView | None:
        return counters.transfer(self._app, counter, to_service, reason)

    def open_ticket(self, counter: int, reference: str, previous: str | None = None) -> TicketView:
        return counters.open_ticket(self._app, counter, reference, previous)

    def current_ticket(self, counter: int) -> TicketView | None:
        return counters.current_ticket(self._app, counter)

    def pause(self, counter: int, reason: str | None = None) -> None:
        return counters.pause(self._app, counter, reason)

    def pause_state(self, counter: int) -> dict | None:
        return missed.pause_state(self._app, counter)

    def return_to_queue(self, counter: int, reference: str | None = None) -> TicketView | None:
        return missed.return_to_queue(self._app, counter, reference)

    def no_show_grace(self, called_at: datetime | None, call_count: int) -> NoShowGrace:
        return missed.no_show_grace(self._app, called_at, call_count)

    def recent_no_shows(self, counter: int) -> list[TicketView]:
        return missed.recent_no_shows(self._app, counter)

    def no_show_of(self, nik: str, service: str) -> str | None:
        return missed.no_show_of(self._app, nik, service)

    def no_shows_of(self, nik: str) -> dict[str, str]:
        return missed.no_shows_of(self._app, nik)

    def return_no_show(self, nik: str, service: str, kiosk_id: str = "kiosk-1") -> TicketView | None:
        return missed.return_no_show(self._app, nik, service, kiosk_id)

    def resume(self, counter: int) -> None:
        return counters.resume(self._app, counter)

    def waiting(self, services: Iterable[str] | None = None) -> list[TicketView]:
        return counters.waiting(self._app, services)

    def counter_stats(self, counter: int) -> dict:
        return counters.counter_stats(self._app, counter)

    # -- the visit's timeline ------------------------------------------------------------------------
    def start_serving(self, counter: int) -> TicketView | None:
        return timeline.start_serving(self._app, counter)

    def serving_since(self, counter: int) -> datetime | None:
        return timeline.serving_since(self._app, counter)

    def record_online_redirect(self, service: str, kiosk_id: str = "kiosk-1", assisted: bool = False) -> int:
        return timeline.record_online_redirect(self._app, service, kiosk_id, assisted)

    # -- assistance at the kiosk ---------------------------------------------------------------------
    def request_assistance(self, kiosk_id: str, reason: str = "") -> int:
        return assistance.request_assistance(self._app, kiosk_id, reason)

    def acknowledge_assistance(self, event_id: int, counter: int | None = None) -> int:
        return assistance.acknowledge_assistance(self._app, event_id, counter)

    def open_assistance(self) -> list[QueueEvent]:
        return assistance.open_assistance(self._app)

    def record_front_desk(self, service: str, assisted: bool = True) -> int:
        return assistance.record_front_desk(self._app, service, assisted)

    def last_ticket(self, kiosk_id: str) -> TicketView | None:
        return assistance.last_ticket(self._app, kiosk_id)

    # -- the branch now ------------------------------------------------------------------------------
    def status(self, uow=None) -> StatusView:
        return branch_status.status(self._app, uow)

    # -- following the events ------------------------------------------------------------------------
    def event_position(self) -> EventPosition:
        return following.event_position(self._app)

    def events_since(self, at: EventPosition, limit: int = 500) -> tuple[list[QueueEvent], EventPosition, bool]:
        return following.events_since(self._app, at, limit)

    def status_at_position(self) -> tuple[StatusView, EventPosition]:
        return following.status_at_position(self._app)

    # -- the phone page ------------------------------------------------------------------------------
    def board(self) -> Board:
        return phone.board(self._app)

    def public_ticket(self, ref: str, lang: str = "id") -> tuple[dict, str] | None:
        return phone.public_ticket(self._app, ref, lang)

    def ticket_lang(self, ref: str) -> str | None:
        return phone.ticket_lang(self._app, ref)

    def phone_dynamic(self, place: Place, lang: str) -> dict:
        return phone.phone_dynamic(self._app, place, lang)

    # -- ratings and SKM -----------------------------------------------------------------------------
    def rate(self, reference: str, score, source: str = "counter") -> RatingView:
        return skm.rate(self._app, reference, score, source)

    def rating_target(self, reference: str) -> tuple[str, str] | None:
        return skm.rating_target(self._app, reference)

    def rating_of(self, ticket_id: str) -> int | None:
        return skm.rating_of(self._app, ticket_id)

    def submit_survey(self, answers: Mapping, *, ticket_id: str | None = None, service: str | None = None,
                      respondent: Mapping | None = None, suggestion: str | None = None,
                      source: str = "kiosk") -> int:
        return skm.submit_survey(self._app, answers, ticket_id=ticket_id, service=service, respondent=respondent,
                                 suggestion=suggestion, source=source)

    def rate_by_ref(self, ref: str, score) -> RatingView:
        return skm.rate_by_ref(self._app, ref, score)

    def survey_by_ref(self, ref: str, answers: Mapping, *, respondent: Mapping | None = None,
                      suggestion: str | None = None) -> int:
        return skm.survey_by_ref(self._app, ref, answers, respondent=respondent, suggestion=suggestion)

    def import_skm_csv(self, path) -> SurveyImport:
        return skm.import_skm_csv(self._app, path)

    # -- reports and the monitor ---------------------------------------------------------------------
    def summarise_closed_days(self, first: date, last: date, *, progress: Progress | None = None) -> int:
        return reporting.summarise_closed_days(self._app, first, last, progress=progress)

    def report(self, first: date, last: date, *, progress: Progress | None = None) -> Report:
        return reporting.report(self._app, first, last, progress=progress)

    def close_day(self, day: date | None = None) -> DayClose:
        """`anjungan day close`: the day's open tickets and bookings closed, its summary written."""
        return day_cases.close_day(self._app, day)

    def close_day_if_due(self) -> DayClose | None:
        """Today closed once its closing time has passed (counter windows, the web service)."""
        return day_cases.close_if_due(self._app)

    def day_summaries(self, first: date, last: date) -> list[dict]:
        return day_cases.summaries(self._app, first, last)

    def clock_skew(self) -> ClockSkew | None:
        """This machine's clock against the database server's (None on SQLite)."""
        return clock_cases.clock_skew(self._app)

    def suggestions(self, first: date, last: date, limit: int = 200) -> list[tuple[date, str | None, str]]:
        return reporting.suggestions(self._app, first, last, limit)

    def monitor_snapshot(self) -> BranchMonitor:
        return reporting.monitor_snapshot(self._app)

    def monitor_figures(self) -> MonitorFigures:
        return reporting.monitor_figures(self._app)

    def monitor_json(self) -> dict:
        return monitor_view.monitor_json(self._app)

    # -- participants --------------------------------------------------------------------------------
    def import_participants(self, rows: Iterable, batch_size: int = participant_cases.BATCH_SIZE, *, at_once: bool = False) -> int:
        return participant_cases.import_participants(self._app, rows, batch_size, at_once=at_once)

    def import_csv(self, path, *, encoding: str | None = None, strict: bool = False,
                   progress: Progress | None = None) -> ImportReport:
        return participant_cases.import_csv(self._app, path, encoding=encoding, strict=strict, progress=progress)

    def add_demo_participants(self, count: int, seed: int = 2026, *, progress: Progress | None = None) -> int:
        return participant_cases.add_demo_participants(self._app, count, seed, progress=progress)

    def participant_count(self) -> int:
        return participant_cases.participant_count(self._app)

    # -- staff PINs ----------------------------------------------------------------------------------
    def staff_pin(self, pin: str, role: str = "staff") -> PinCheck:
        return staff.staff_pin(self._app, pin, role)

    def pin_settings(self, uow=None):
        return staff.pin_settings(self._app, uow)

    def missing_pins(self) -> tuple[str, ...]:
        return staff.missing_pins(self._app)

    def set_pin(self, role: str, pin: str) -> None:
        return staff.set_pin(self._app, role, pin)

    def check_staff_pin(self, pin: str, role: str = "staff") -> bool:
        return staff.check_staff_pin(self._app, pin, role)

    # -- API tokens ----------------------------------------------------------------------------------
    def create_token(self, role: str, name: str) -> tuple[str, dict]:
        return tokens.create_token(self._app, role, name)

    def tokens(self) -> list[dict]:
        return tokens.tokens(self._app)

    def revoke_token(self, which: str) -> int:
        return tokens.revoke_token(self._app, which)

    def authorize(self, secret: str | None, permission: Permission) -> Caller:
        return tokens.authorize(self._app, secret, permission)

    # -- machines and printers -------------------------------------------------------------------
    def heartbeat(self, kind: str, *, name: str | None = None, counter: int | None = None,
                  printer_url: str | None = None, printer: bool = False) -> DeviceRecord:
        return device_cases.heartbeat(self._app, kind, name=name, counter=counter, printer_url=printer_url,
                                      printer=printer)

    def heartbeat_timer(self, kind: str, *, name: str | None = None, counter: int | None = None,
                        printer_url: str | None = None, printer: bool = False, background: bool = True) -> Heartbeat:
        return device_cases.Heartbeat(self._app, kind, name=name, counter=counter, printer_url=printer_url,
                                      printer=printer, background=background)

    def devices(self) -> list[DeviceState]:
        return device_cases.devices(self._app)

    def forget_device(self, name: str) -> bool:
        return device_cases.forget_device(self._app, name)

    def devices_json(self, states: list[DeviceState] | None = None) -> dict:
        return device_cases.devices_json(self._app, states)

    def device_line(self, state: DeviceState, lang: str = "id") -> str:
        return device_cases.device_line(self._app, state, lang)

    def device_summary(self, states: list[DeviceState], lang: str = "id") -> str:
        return device_cases.device_summary(self._app, states, lang)

    def metrics(self) -> BranchMetrics:
        return device_cases.metrics(self._app)

    # -- backups -------------------------------------------------------------------------------------
    def backup(self, to=None, keep: int = backups.rules.BACKUPS_KEPT, *, progress: Progress | None = None) -> BackupMade:
        return backups.backup(self._app, to, keep, progress)

    # -- database roles ------------------------------------------------------------------------------
    def create_roles(self, prefix: str = "anjungan") -> dict[str, str]:
        return roles.create_roles(self._app, prefix)

    # -- the branch configuration kept in the database ------------------------------------------------
    def push_config(self, path) -> tuple[BranchConfigVersion, bool]:
        return branch_config.push_config(self._app, path)

    def config_in_force(self) -> ConfigInForce:
        return branch_config.config_in_force(self._app)

    def follow_config(self) -> bool:
        return branch_config.follow_config(self._app)

    def config_history(self, limit: int = 100) -> list[BranchConfigVersion]:
        return branch_config.config_history(self._app, limit)

    # -- a region of branches (kiosk/app/region.py) -----------------------------------------------
    def region_publish(self, code: str, *, role: str = "anjungan_region", keep_wal: str | None = None) -> dict:
        return region_cases.publish(self._app, code, role=role, keep_wal=keep_wal)

    def region_slots(self) -> list[dict]:
        return region_cases.branch_slots(self._app)

    def region_add_branch(self, code: str, url: str) -> dict:
        return region_cases.add_branch(self._app, code, url)

    def region_remove_branch(self, code: str, forget: bool = False) -> dict:
        return region_cases.remove_branch(self._app, code, forget)

    def region_reseed(self, code: str) -> dict:
        return region_cases.reseed(self._app, code)

    def region_status(self, probe: bool = True) -> dict:
        return region_cases.status(self._app, probe)

    def region_upgrade(self) -> dict:
        return region_cases.upgrade(self._app)

    def region_report(self, first: date, last: date):
        return region_cases.report(self._app, first, last)

    def region_push_bundle(self, path: str, target: str = "*") -> dict:
        return region_cases.push_bundle(self._app, path, target)

    def region_follow(self, url: str) -> dict:
        return region_cases.follow_region(self._app, url)

    def region_apply(self) -> dict:
        return region_cases.apply_bundle(self._app)

    def region_check_upgrade_order(self) -> None:
        return region_cases.check_upgrade_order(self._app)

    def region_overview(self) -> list[dict]:
        return region_cases.overview(self._app)

    def region_summaries_report(self, first: date, last: date) -> dict:
        return region_cases.summaries_report(self._app, first, last)
