"""`anjungan doctor`: what a branch machine needs, checked one thing at a time.

Each check is a plain function of what it needs and answers one `Check`: its name, a level
(ok, warn, fail), one sentence of what it found and, for a problem, one sentence of the fix, in
Indonesian and English (kiosk/domain/catalog/doctor.py). `run_doctor` runs them all for one kind
of machine (`MACHINES`); nothing is changed on the way: the database is not migrated (the one-PC
SQLite file excepted, as every command does), the job of the machine's role is tried in a
transaction that is rolled back, the key file is only read.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from kiosk.config import Config, config_path, load_config
from kiosk.domain import errors
from kiosk.domain.catalog import msgid, pair
from kiosk.domain.clock import SKEW_LIMIT_S, skew

__all__ = ["CLOCK_WARN_S", "Check", "MACHINES", "check_clock", "check_config", "check_database", "check_disk",
           "database_health",
           "check_inotify", "check_key", "check_pins", "check_printer", "check_role", "check_schema", "check_sms",
           "check_sound",
           "check_voice", "machine_of", "run_doctor"]

MACHINES = ("kiosk", "counter", "display", "web", "monitor", "rating", "notifier", "server")
CLOCK_WARN_S = SKEW_LIMIT_S          # the one limit (kiosk/domain/clock.py), the banners' too
DISK_WARN_MB = 1024
DISK_FAIL_MB = 200
INOTIFY_LEAST = {"max_user_instances": 128, "max_user_watches": 8192}
REFUSALS_SHOWN = 4

_KEY_USERS = ("kiosk", "counter", "web", "server")          # they hash NIKs
_PIN_USERS = ("kiosk", "counter", "server")                 # their windows open staff functions
_PRINTING = ("kiosk", "server")
_SOUNDING = ("kiosk", "display", "server")
_SENDING = ("notifier",)                                    # SMS, through gammu-smsd
_ROLE_SUFFIX = {"kiosk": "kiosk", "counter": "counter", "display": "display", "report": "monitor", "web": "web",
                "notifier": "notifier"}


@dataclass(frozen=True)
class Check:
    name: str
    level: str                      # "ok" | "warn" | "fail"
    message: str
    message_en: str
    fix: str = ""
    fix_en: str = ""

    @property
    def ok(self) -> bool:
        return self.level == "ok"

    @classmethod
    def said(cls, name: str, level: str, key: str, fix_key: str | None = None, /, **params) -> "Check":
        """A check whose sentence is the catalog's `key` and whose fix is `fix_key` (same values)."""
        message, message_en = pair(key, **params)
        fix, fix_en = pair(fix_key, **params) if fix_key else ("", "")
        return cls(name, level, message, message_en, fix, fix_en)

    @classmethod
    def of_error(cls, name: str, exc: errors.AnjunganError, fix_key: str, level: str = "fail", /,
                 **params) -> "Check":
        fix, fix_en = pair(fix_key, **params)
        return cls(name, level, exc.text("id"), exc.text("en"), fix, fix_en)

    def to_json(self) -> dict:
        return {"name": self.name, "ok": self.ok, "level": self.level, "message": self.message, "fix": self.fix,
                "message_en": self.message_en, "fix_en": self.fix_en}


# -- the configuration ----------------------------------------------------------------------------

def check_config(path: str | Path | None) -> tuple[Check, Config | None]:
    """The configuration this machine reads (merged with what it extends), validated."""
    shown = config_path(path)
    try:
        config = load_config(path)
    except errors.ConfigError as exc:
        return Check.of_error("config", exc, msgid("doctor.config.fix"), path=shown), None
    return Check.said("config", "ok", msgid("doctor.config.ok"), path=shown), config


# -- the database ---------------------------------------------------------------------------------

_DB_FIXES = {errors.StoreNotAllowed: msgid("doctor.database.fix.not_allowed"),
             errors.StoreNotReady: msgid("doctor.database.fix.not_ready")}


def database_fix(exc: errors.AnjunganError) -> str:
    return next((key for kind, key in _DB_FIXES.items() if isinstance(exc, kind)),
                msgid("doctor.database.fix.unreachable"))


def check_database(app) -> Check:
    """The database answers a read (the one-PC SQLite file is created or migrated first, as every
    command does; a PostgreSQL server is never migrated here)."""
    from kiosk.store import health

    try:
        if app.dialect == "sqlite":
            app.database.upgrade()
        health.ping(app.database.engine)
    except errors.AnjunganError as exc:
        return Check.of_error("database", exc, database_fix(exc))
    return Check.said("database", "ok", msgid("doctor.database.ok"), url=app.database.url_text)


def check_schema(app) -> Check:
    from kiosk.store import health

    try:
        state, revision, head = health.schema_state(app.database.engine)
    except errors.AnjunganError as exc:
        return Check.of_error("schema", exc, database_fix(exc))
    if state == "current":
        return Check.said("schema", "ok", msgid("doctor.schema.ok"), revision=revision)
    host = app.database.engine.url.host or "localhost"
    if state == "newer":
        from kiosk.version import program_version

        return Check.said("schema", "fail", msgid("install.pg.schema_newer"), msgid("doctor.schema.fix.update"),
                          version=program_version(), revision=revision, head=head)
    if state == "missing":
        return Check.said("schema", "fail", msgid("deploy.schema.missing"), msgid("doctor.schema.fix.upgrade"),
                          host=host)
    return Check.said("schema", "fail", msgid("deploy.schema.behind"), msgid("doctor.schema.fix.upgrade"),
                      revision=revision, head=head, host=host)


def machine_of(app) -> str:
    """The kind of machine its database role says (`anjungan_kiosk` → kiosk); "server" otherwise
    (the owner, a superuser, the one-PC SQLite file)."""
    user = app.database.role or ""
    return next((machine for suffix, machine in _ROLE_SUFFIX.items() if user.endswith(f"_{suffix}")), "server")


def check_role(app, machine: str) -> Check:
    """This machine's role may do its machine's job: each read and write the job needs is tried
    on no row, in a transaction that is rolled back (PostgreSQL; SQLite has no roles)."""
    from kiosk.store import health

    if app.dialect != "postgresql":
        return Check.said("role", "ok", msgid("doctor.role.sqlite"))
    role = app.database.role or "?"
    jobs = sorted(set(health.JOB_ROLES)) if machine == "server" else [machine]
    try:
        refused = [what if len(jobs) == 1 else f"{job}: {what}" for job in jobs
                   for what in health.job_refusals(app.database.engine, job)]
    except errors.AnjunganError as exc:
        return Check.of_error("role", exc, database_fix(exc))
    if not refused:
        return Check.said("role", "ok", msgid("doctor.role.ok"), role=role, machine=machine)
    shown = ", ".join(refused[:REFUSALS_SHOWN]) + (", …" if len(refused) > REFUSALS_SHOWN else "")
    wanted = "anjungan_owner" if machine == "server" else f"anjungan_{health.JOB_ROLES[machine]}"
    return Check.said("role", "fail", msgid("doctor.role.refused"), msgid("doctor.role.fix"), role=role,
                      machine=machine, refused=shown, wanted=wanted)


# -- the NIK key ----------------------------------------------------------------------------------

def _key_here() -> tuple[bytes | None, Path | None, Check | None]:
    """This machine's NIK key and its file, or the check that says why there is none. Only read:
    nothing is created or changed (the product itself makes a missing key and narrows its mode)."""
    from kiosk.store import secrets

    if os.environ.get(secrets.KEY_ENV):
        try:
            return secrets.load_nik_key(create=False), None, None
        except errors.ConfigError as exc:
            return None, None, Check.of_error("nik_key", exc, msgid("doctor.key.unusable.fix"), path=secrets.KEY_ENV)
    path = secrets.key_file()
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None, path, Check.said("nik_key", "fail", msgid("doctor.key.missing"), msgid("doctor.key.missing.fix"),
                                      path=path)
    except OSError as exc:
        error = errors.ConfigError.of("safety.key.unreadable", path=path, error=exc.strerror or exc)
        return None, path, Check.of_error("nik_key", error, msgid("doctor.key.unusable.fix"), path=path)
    if mode & 0o077:
        return None, path, Check.said("nik_key", "fail", msgid("doctor.key.mode"), msgid("doctor.key.mode.fix"),
                                      path=path, mode=f"{mode:04o}")
    try:
        return secrets.load_nik_key(create=False), path, None
    except errors.ConfigError as exc:
        return None, path, Check.of_error("nik_key", exc, msgid("doctor.key.unusable.fix"), path=path)


def check_key(app, machine: str) -> Check:
    """The NIK key is here, readable by its owner only, and the branch's (its fingerprint is the
    one the database keeps)."""
    from kiosk.store import health

    if machine not in _KEY_USERS:
        return Check.said("nik_key", "ok", msgid("doctor.key.not_needed"), machine=machine)
    key, path, problem = _key_here()
    if problem is not None:
        return problem
    mine = health.key_fingerprint(key)
    shown = str(path) if path is not None else "$ANJUNGAN_NIK_KEY"
    try:
        branch = health.stored_key_fingerprint(app.database.engine)
    except errors.AnjunganError as exc:
        return Check.of_error("nik_key", exc, database_fix(exc))
    if branch is None:
        return Check.said("nik_key", "warn", msgid("doctor.key.unknown"), msgid("doctor.key.unknown.fix"), mine=mine)
    if branch != mine:
        return Check.said("nik_key", "fail", msgid("doctor.key.wrong"), msgid("doctor.key.missing.fix"), mine=mine,
                          branch=branch, path=shown)
    return Check.said("nik_key", "ok", msgid("doctor.key.ok"), path=shown, fingerprint=mine)


def check_pins(app, machine: str, unit: str) -> Check:
    if machine not in _PIN_USERS:
        return Check.said("pins", "ok", msgid("doctor.pins.not_needed"), machine=machine)
    from kiosk.app.staff import missing_pins

    try:
        missing = missing_pins(app)
    except errors.AnjunganError as exc:
        return Check.of_error("pins", exc, database_fix(exc))
    if missing:
        return Check.said("pins", "fail", msgid("safety.pin.missing"),
                          msgid("doctor.pins.fix.here") if machine == "server" else msgid("doctor.pins.fix"),
                          roles=" & ".join(missing), unit=unit)
    return Check.said("pins", "ok", msgid("doctor.pins.ok"))


# -- the clock ------------------------------------------------------------------------------------

def check_clock(app) -> Check:
    """This PC's clock (as the product reads it: ANJUNGAN_NOW pins it) against the database server's."""
    from kiosk.store import health

    try:
        server = health.server_now(app.database.engine)
    except errors.AnjunganError as exc:
        return Check.of_error("clock", exc, database_fix(exc))
    if server is None:
        return Check.said("clock", "ok", msgid("doctor.clock.sqlite"))
    off = skew(app.now(), server)
    if off.off:
        return Check.said("clock", "warn", msgid("doctor.clock.off"), msgid("doctor.clock.fix"),
                          seconds=off.whole_seconds, most=SKEW_LIMIT_S)
    return Check.said("clock", "ok", msgid("doctor.clock.ok"), seconds=off.whole_seconds)


# -- the printer, the voice, the sound ------------------------------------------------------------

def check_printer(config: Config, machine: str, status: Callable[[object], dict] | None = None) -> Check:
    """The configured ticket printer's status (online, paper, cover), by the printer's own status
    function."""
    if machine not in _PRINTING:
        return Check.said("printer", "ok", msgid("doctor.printer.not_needed"), machine=machine)
    if config.printer is None or not config.printer.url:
        return Check.said("printer", "fail", msgid("doctor.printer.none"), msgid("doctor.printer.none.fix"))
    if status is None:
        from printer.spooler import printer_status as status
    doc = status(config.printer)
    url = config.printer.url
    if not doc["ok"]:
        fix, fix_en = pair(msgid("doctor.printer.fix"))
        return Check("printer", "fail", doc["message"], doc["message_en"], fix, fix_en)
    if doc.get("paper_near_end"):
        return Check.said("printer", "warn", msgid("doctor.printer.near_end"), msgid("doctor.printer.near_end.fix"),
                          printer=url)
    if doc.get("kind") == "preview" and machine == "kiosk":
        return Check.said("printer", "warn", msgid("doctor.printer.preview"), msgid("doctor.printer.none.fix"),
                          printer=url)
    if not doc.get("status_readable"):
        return Check.said("printer", "ok", msgid("doctor.printer.reachable"), printer=url)
    return Check.said("printer", "ok", msgid("doctor.printer.ok"), printer=url)


def check_voice(config: Config, machine: str) -> Check:
    """espeak-ng with the Indonesian voice, when the configuration speaks with it."""
    if machine not in _SOUNDING:
        return Check.said("voice", "ok", msgid("doctor.sound.not_needed"), machine=machine)
    if "espeak" not in config.voice.backends:
        return Check.said("voice", "ok", msgid("doctor.voice.not_used"))
    from kiosk.voice.backends import EspeakBackend

    reason = EspeakBackend().available()
    if reason is not None:
        return Check.said("voice", "warn", msgid("doctor.voice.missing"), msgid("doctor.voice.missing.fix"),
                          reason=reason)
    return Check.said("voice", "ok", msgid("doctor.voice.ok"))


def check_phone_page(config: Config, machine: str) -> Check | None:
    """The phone page (the ticket's QR opens it) needs the branch's web address: without
    `[web] public_url` the QR carries only the reference the counters scan. Said, not failed."""
    if machine not in ("kiosk", "web", "server"):
        return None
    if config.web.public_url:
        return Check.said("phone_page", "ok", msgid("doctor.phone_page.ok"), url=config.web.public_url)
    return Check.said("phone_page", "ok", msgid("doctor.phone_page.off"))


def check_sms(config: Config, machine: str) -> Check | None:
    """The notifier's way to the phones: SMS on, gammu-smsd's configuration there and its
    `gammu-smsd-inject` installed (kiosk/app/sms.py); no other machine sends SMS."""
    if machine not in _SENDING:
        return None
    from kiosk.app.sms import provider_of

    try:
        carrier = provider_of(config.sms)
    except errors.AnjunganError as exc:
        return Check.of_error("sms", exc, msgid("doctor.sms.fix"))
    return Check.said("sms", "ok", msgid("doctor.sms.ok"), provider=carrier.name)


def check_sound(machine: str, devices: Path = Path("/dev/snd")) -> Check:
    """A player that reaches the speakers, and a sound card under it."""
    if machine not in _SOUNDING:
        return Check.said("sound", "ok", msgid("doctor.sound.not_needed"), machine=machine)
    from kiosk.voice.sinks import available_players

    players = available_players()
    if not players:
        return Check.said("sound", "warn", msgid("doctor.sound.no_player"), msgid("doctor.sound.no_player.fix"))
    if not devices.exists():
        return Check.said("sound", "warn", msgid("doctor.sound.no_card"), msgid("doctor.sound.no_card.fix"))
    return Check.said("sound", "ok", msgid("doctor.sound.ok"), player=players[0])


# -- the disk and inotify -------------------------------------------------------------------------

def check_disk(path: Path) -> Check:
    """Free space where the data folder is (the SQLite file, previews, logs, backups)."""
    try:
        usage = shutil.disk_usage(path)
    except OSError as exc:
        return Check.said("disk", "fail", msgid("doctor.disk.unreadable"), msgid("doctor.disk.unreadable.fix"),
                          path=path, error=exc.strerror or exc)
    free = usage.free // (1024 * 1024)
    if free < DISK_WARN_MB:
        return Check.said("disk", "fail" if free < DISK_FAIL_MB else "warn", msgid("doctor.disk.low"),
                          msgid("doctor.disk.fix"), path=path, free=free,
                          least=DISK_FAIL_MB if free < DISK_FAIL_MB else DISK_WARN_MB)
    return Check.said("disk", "ok", msgid("doctor.disk.ok"), path=path, free=free)


def check_inotify(dialect: str, proc: Path = Path("/proc/sys/fs/inotify")) -> Check:
    """The kernel's inotify limits, which the SQLite change watch of every window uses."""
    if dialect != "sqlite":
        return Check.said("inotify", "ok", msgid("doctor.inotify.not_needed"))
    try:
        limits = {name: int((proc / name).read_text().strip()) for name in INOTIFY_LEAST}
    except (OSError, ValueError):
        return Check.said("inotify", "warn", msgid("doctor.inotify.not_linux"))
    values = {"instances": limits["max_user_instances"], "watches": limits["max_user_watches"]}
    if any(limits[name] < least for name, least in INOTIFY_LEAST.items()):
        return Check.said("inotify", "warn", msgid("doctor.inotify.low"), msgid("doctor.inotify.fix"), **values)
    return Check.said("inotify", "ok", msgid("doctor.inotify.ok"), **values)


# -- all of them ----------------------------------------------------------------------------------

def run_doctor(config_file: str | None = None, db_url: str | None = None, machine: str | None = None,
               unit: str | None = None) -> tuple[str, list[Check]]:
    """Every check for this machine (`machine`: a kind of `MACHINES`; None: the one its database
    role says). Returns the machine checked and the checks in order."""
    from kiosk.store.db import data_dir_path

    config_check, config = check_config(config_file)
    checks, dialect = [config_check], "sqlite"
    if config is None:
        checks.append(Check.said("database", "fail", msgid("doctor.database.skipped"), msgid("doctor.config.fix"),
                                 path=config_path(config_file)))
        machine = machine or "server"
    else:
        machine, dialect, database_checks = _database_checks(config, db_url, machine, unit)
        checks += database_checks
        checks += [check_printer(config, machine), check_voice(config, machine), check_sound(machine)]
        checks += [c for c in (check_phone_page(config, machine), check_sms(config, machine)) if c is not None]
    checks += [check_disk(_existing(data_dir_path())), check_inotify(dialect)]
    return machine, checks


def _database_checks(config: Config, db_url: str | None, machine: str | None,
                     unit: str | None) -> tuple[str, str, list[Check]]:
    """The machine checked, the database's dialect, and the checks made on the database."""
    from kiosk.app.bootstrap import open_app
    from kiosk.app.region import doctor_findings

    try:
        app = open_app(config=config, db_url=db_url, upgrade=False)
    except errors.AnjunganError as exc:
        return machine or "server", "sqlite", [Check.of_error("database", exc, database_fix(exc))]
    try:
        machine = machine or machine_of(app)
        first = check_database(app)
        checks = [first]
        if first.ok:
            schema = check_schema(app)
            checks.append(schema)
            if schema.ok:
                checks += [check_role(app, machine), check_key(app, machine),
                           check_pins(app, machine, unit or f"anjungan-{machine}")]
            checks.append(check_clock(app))
            checks += [Check.said("region", level, key, **values) for level, key, values in doctor_findings(app)]
        return machine, app.dialect, checks
    finally:
        app.close()


def _existing(path: Path) -> Path:
    """The folder itself, or the nearest one above it that exists (a data folder not made yet)."""
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def database_health(app) -> dict:
    """One real read of the queue for the web service's `/healthz` (raises the database's
    sentence when it cannot be read): the schema's revision and the newest event's id."""
    from kiosk.store import health

    return health.read_check(app.database.engine)
