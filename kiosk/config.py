"""Branch configuration: one TOML file, validated once into frozen dataclasses.

A bad file fails with one sentence naming the file, the key and the reason, e.g.
``config/x.toml: services[2].letter: harus satu huruf kapital (must be one capital letter)``.
Unknown keys are errors too, so a typo never passes silently.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from datetime import date, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.domain.branch import (
    DEFAULT_PRIORITY_REASONS, RULE_KINDS, RULES_WITH_AGE, RULES_WITH_VALUES, WEEKDAYS, Branch,
    CounterSpec, DayHours, EligibilityRule, OfficeHours, OnlineChannel, PriorityReason,
    PriorityRule, ServiceGroup, ServiceSpec, TimeRange,
)
from kiosk.domain.errors import ConfigError
from kiosk.domain.pins import hash_pin, parse_pin_hash, verify_pin
from printer.settings import PrinterSettings

__all__ = [
    "Config", "Retention", "DirectoryConfig", "KioskConfig", "DisplayConfig", "VoiceConfig",
    "load_config", "default_config_path", "hash_pin", "verify_pin", "MIN_INACTIVITY_S",
]

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
MIN_INACTIVITY_S = 45
VOICE_BACKENDS = ("clips", "espeak", "qt", "silent")
DIRECTORY_KINDS = ("local", "http", "vclaim")
LANGUAGES = ("id", "en")
PAPER_WIDTHS = (58, 80)
PREVIEW_DEFAULT = "preview://"      # preview printer writing into the user data dir


def default_config_path() -> Path:
    return CONFIG_DIR / "default.toml"


# --------------------------------------------------------------------------- the values


@dataclass(frozen=True)
class Retention:
    """How long a full NIK is kept: until the end of the service day, or for `days` days."""

    full_nik: str = "end_of_service_day"       # the text as written
    days: int | None = None                    # None: end of the service day

    @property
    def end_of_service_day(self) -> bool:
        return self.days is None


@dataclass(frozen=True)
class DirectoryConfig:
    kind: str = "local"                        # "local" | "http" | "vclaim"
    url: str | None = None
    timeout_s: float = 2.0
    cons_id: str | None = None                 # vclaim: consumer id
    secret_env: str = "ANJUNGAN_VCLAIM_SECRET"      # vclaim: environment variable holding the secret
    user_key_env: str = "ANJUNGAN_VCLAIM_USER_KEY"  # vclaim: environment variable holding the user key


@dataclass(frozen=True)
class KioskConfig:
    inactivity_s: int = MIN_INACTIVITY_S
    staff_pin_hash: str | None = None
    admin_pin_hash: str | None = None
    large_text: bool = False
    spoken_guidance: bool = False
    languages: tuple[str, ...] = LANGUAGES

    def check_pin(self, pin: str, role: str = "staff") -> bool:
        """Admin PIN opens staff functions too; staff PIN does not open admin functions."""
        if role == "admin":
            return verify_pin(pin, self.admin_pin_hash)
        return verify_pin(pin, self.staff_pin_hash) or verify_pin(pin, self.admin_pin_hash)


@dataclass(frozen=True)
class DisplayConfig:
    running_text: tuple[str, ...] = ()
    counters: tuple[int, ...] = ()             # empty: every counter
    services: tuple[str, ...] = ()             # empty: every service


@dataclass(frozen=True)
class VoiceConfig:
    backends: tuple[str, ...] = VOICE_BACKENDS
    clip_dir: str | None = None                # None: the bundled clips
    digit_by_digit: bool = False
    chime: bool = True


@dataclass(frozen=True)
class Config:
    path: Path
    branch: Branch
    database_url: str | None = None
    retention: Retention = field(default_factory=Retention)
    directory: DirectoryConfig = field(default_factory=DirectoryConfig)
    printer: PrinterSettings | None = None
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    display: DisplayConfig = field(default_factory=DisplayConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)


# --------------------------------------------------------------------------- reading


class _Missing:
    pass


_REQUIRED = _Missing()


class _Table:
    """A TOML table being read: typed getters that name the key in every error, and a final
    check that no unknown key was left."""

    def __init__(self, data: Any, key: str, file: str):
        self.key = key
        self.file = file
        if not isinstance(data, dict):
            self.fail("", "harus berupa tabel", "must be a table")
        self.data = data
        self.used: set[str] = set()

    def path(self, name: str) -> str:
        if not name:
            return self.key or "(berkas)"
        return f"{self.key}.{name}" if self.key else name

    def fail(self, name: str, reason_id: str, reason_en: str):
        where = self.path(name)
        raise ConfigError(f"{self.file}: {where}: {reason_id} ({reason_en})",
                          f"{self.file}: {where}: {reason_en}")

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = _REQUIRED) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is _REQUIRED:
                self.fail(name, "wajib diisi", "is required")
            return default
        return self.data[name]

    def str(self, name: str, default: Any = _REQUIRED, *, empty_ok: bool = False) -> Any:
        value = self.raw(name, default)
        if value is default and name not in self.data:
            return value
        if not isinstance(value, str):
            self.fail(name, "harus berupa teks", "must be text")
        value = value.strip()
        if not value and not empty_ok:
            self.fail(name, "tidak boleh kosong", "must not be empty")
        return value

    def opt_str(self, name: str) -> str | None:
        value = self.str(name, None, empty_ok=True)
        return value or None

    def bool(self, name: str, default: Any = _REQUIRED) -> Any:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            self.fail(name, "harus true atau false", "must be true or false")
        return value

    def int(self, name: str, default: Any = _REQUIRED, *, lo: int | None = None,
            hi: int | None = None) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, "harus berupa bilangan bulat", "must be a whole number")
        if lo is not None and value < lo:
            self.fail(name, f"minimal {lo}", f"must be at least {lo}")
        if hi is not None and value > hi:
            self.fail(name, f"maksimal {hi}", f"must be at most {hi}")
        return value

    def number(self, name: str, default: Any = _REQUIRED, *, lo: float = 0.0) -> float:
        value = self.raw(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(name, "harus berupa angka", "must be a number")
        if value <= lo:
            self.fail(name, f"harus lebih dari {lo:g}", f"must be more than {lo:g}")
        return float(value)

    def str_list(self, name: str, default: Any = _REQUIRED, *, empty_ok: bool = True) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            self.fail(name, "harus berupa daftar teks", "must be a list of text")
        items = tuple(v.strip() for v in value)
        if any(not v for v in items):
            self.fail(name, "berisi teks kosong", "contains empty text")
        if not items and not empty_ok:
            self.fail(name, "tidak boleh kosong", "must not be empty")
        return items

    def int_list(self, name: str, default: Any = _REQUIRED) -> tuple:
        value = self.raw(name, default)
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.fail(name, "harus berupa daftar bilangan bulat", "must be a list of whole numbers")
        return tuple(value)

    def table(self, name: str, *, required: bool = False) -> "_Table":
        value = self.raw(name, _REQUIRED if required else {})
        return _Table(value, self.path(name), self.file)

    def tables(self, name: str, *, required: bool = False) -> list["_Table"]:
        value = self.raw(name, _REQUIRED if required else [])
        if not isinstance(value, list):
            self.fail(name, "harus berupa daftar tabel ([[...]])", "must be an array of tables")
        return [_Table(v, f"{self.path(name)}[{i}]", self.file) for i, v in enumerate(value)]

    def time(self, name: str, default: Any = _REQUIRED) -> Any:
        value = self.raw(name, default)
        if value is None and default is None:
            return None
        parsed = _parse_time(value)
        if parsed is None:
            self.fail(name, "jam tidak sah, tulis seperti \"08.45\"",
                      "invalid time, write it like \"08.45\"")
        return parsed

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            self.fail(unknown[0], "kunci tidak dikenal", "unknown key")


_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")


def _parse_time(value: Any) -> time | None:
    if isinstance(value, time):
        return value.replace(tzinfo=None)
    if not isinstance(value, str):
        return None
    m = _TIME_RE.match(value.strip())
    if not m:
        return None
    return time(int(m.group(1)), int(m.group(2)))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _from_minutes(m: int) -> time:
    return time(m // 60, m % 60)


# --------------------------------------------------------------------------- sections


def _read_hours(t: _Table, tz: str) -> OfficeHours:
    last_min = t.int("last_ticket_before_close_min", 30, lo=0, hi=240)
    closed: set[date] = set()
    raw_dates = t.raw("closed_dates", [])
    if not isinstance(raw_dates, list):
        t.fail("closed_dates", "harus berupa daftar tanggal", "must be a list of dates")
    for i, d in enumerate(raw_dates):
        if isinstance(d, date):
            closed.add(d)
            continue
        try:
            closed.add(date.fromisoformat(str(d)))
        except ValueError:
            t.fail(f"closed_dates[{i}]", "tanggal tidak sah, tulis seperti \"2026-12-25\"",
                   "invalid date, write it like \"2026-12-25\"")
    days: list[DayHours | None] = []
    for wd in WEEKDAYS:
        if not t.has(wd):
            t.used.add(wd)
            days.append(None)
            continue
        days.append(_read_day(t.table(wd), last_min))
    t.done()
    if all(d is None for d in days):
        t.fail("", "tidak ada hari buka", "has no opening day")
    return OfficeHours(timezone=tz, days=tuple(days), closed_dates=frozenset(closed))


def _read_day(t: _Table, last_min: int) -> DayHours | None:
    if t.bool("closed", False):
        for name in ("open", "close", "breaks", "last_ticket"):
            if t.has(name):
                t.fail(name, "tidak boleh bersama closed = true", "cannot go with closed = true")
        t.done()
        return None
    opens, closes = t.time("open"), t.time("close")
    if closes <= opens:
        t.fail("close", "harus setelah jam buka", "must be after the opening time")
    breaks: list[TimeRange] = []
    raw = t.raw("breaks", [])
    if not isinstance(raw, list):
        t.fail("breaks", "harus berupa daftar [\"12.00\", \"13.00\"]",
               "must be a list of [\"12.00\", \"13.00\"] pairs")
    for i, pair in enumerate(raw):
        key = f"breaks[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            t.fail(key, "harus berupa pasangan [\"mulai\", \"selesai\"]",
                   "must be a [\"start\", \"end\"] pair")
        start, end = _parse_time(pair[0]), _parse_time(pair[1])
        if start is None or end is None:
            t.fail(key, "jam tidak sah, tulis seperti \"12.00\"", "invalid time, write it like \"12.00\"")
        if end <= start:
            t.fail(key, "jam selesai harus setelah jam mulai", "the end must be after the start")
        if start <= opens or end >= closes:
            t.fail(key, "istirahat harus di dalam jam layanan", "a break must lie within office hours")
        if breaks and start < breaks[-1].end:
            t.fail(key, "istirahat tumpang tindih atau tidak berurutan",
                   "breaks overlap or are out of order")
        breaks.append(TimeRange(start, end))
    last = t.time("last_ticket", None)
    if last is None:
        last = _from_minutes(max(_minutes(opens), _minutes(closes) - last_min))
    elif not (opens < last <= closes):
        t.fail("last_ticket", "harus di antara jam buka dan jam tutup",
               "must lie between opening and closing time")
    t.done()
    return DayHours(opens=opens, closes=closes, breaks=tuple(breaks), last_ticket=last)


def _read_channels(t: _Table) -> dict[str, OnlineChannel]:
    channels = {}
    for key in list(t.data):
        c = t.table(key)
        channels[key] = OnlineChannel(
            name=c.str("name"), url=c.str("url", "", empty_ok=True),
            text_id=c.str("text", "", empty_ok=True), text_en=c.str("text_en", "", empty_ok=True),
        )
        c.done()
    t.done()
    return channels


def _read_rule(t: _Table) -> EligibilityRule:
    kind = t.str("rule")
    if kind not in RULE_KINDS:
        t.fail("rule", "jenis aturan tidak dikenal; pilih salah satu: " + ", ".join(RULE_KINDS),
               "unknown rule kind; choose one of: " + ", ".join(RULE_KINDS))
    age = t.int("age", None, lo=0, hi=130)
    if kind in RULES_WITH_AGE and age is None:
        t.fail("age", f"wajib diisi untuk aturan {kind}", f"is required for rule {kind}")
    if kind not in RULES_WITH_AGE and age is not None:
        t.fail("age", f"tidak dipakai oleh aturan {kind}", f"is not used by rule {kind}")
    values = t.str_list("values", ())
    if kind in RULES_WITH_VALUES and not values:
        t.fail("values", f"wajib diisi untuk aturan {kind}", f"is required for rule {kind}")
    if kind not in RULES_WITH_VALUES and values:
        t.fail("values", f"tidak dipakai oleh aturan {kind}", f"is not used by rule {kind}")
    if kind in ("statuses", "excluded_statuses"):
        from kiosk.domain.participant import STATUS_WORDS
        for v in values:
            if v.lower() not in STATUS_WORDS:
                t.fail("values", f"status tidak dikenal: {v}; pilih dari "
                       + ", ".join(STATUS_WORDS), f"unknown status: {v}; choose from "
                       + ", ".join(STATUS_WORDS))
        values = tuple(v.lower() for v in values)
    elif kind != "statuses":
        values = tuple(v.upper() for v in values)
    rule = EligibilityRule(
        kind=kind, message_id=t.str("message"), message_en=t.str("message_en"), age=age,
        values=frozenset(values), suggest=(t.opt_str("suggest") or "").upper() or None,
    )
    t.done()
    return rule


_CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")


def _read_service(t: _Table, channels: dict[str, OnlineChannel],
                  counters_for: dict[str, int], groups: set[str]) -> ServiceSpec:
    code = t.str("code")
    if not _CODE_RE.match(code):
        t.fail("code", "harus huruf kapital/angka, diawali huruf, paling panjang 16",
               "must be capital letters or digits, start with a letter, at most 16 long")
    letter = t.str("letter")
    if len(letter) != 1 or not ("A" <= letter <= "Z"):
        t.fail("letter", "harus satu huruf kapital", "must be one capital letter")
    group = t.str("group", "", empty_ok=True)
    if groups and group and group not in groups:
        t.fail("group", f"kelompok tidak dikenal: {group}", f"unknown group: {group}")
    needs_counter = t.bool("needs_counter", True)
    quota = t.int("daily_quota", None, lo=1)
    per_counter = t.int("quota_per_counter", None, lo=1)
    if quota is not None and per_counter is not None:
        t.fail("quota_per_counter", "isi daily_quota atau quota_per_counter, jangan keduanya",
               "give daily_quota or quota_per_counter, not both")
    if per_counter is not None:
        quota = per_counter * max(1, counters_for.get(code, 0))
    documents = t.str_list("documents", ())
    documents_en = t.str_list("documents_en", ())
    if documents_en and len(documents_en) != len(documents):
        t.fail("documents_en", "jumlahnya harus sama dengan documents",
               "must have as many entries as documents")
    online = None
    channel_key = t.opt_str("online")
    online_only = t.bool("online_only", False)
    text_id, text_en = t.opt_str("online_text"), t.opt_str("online_text_en")
    if channel_key is not None:
        if channel_key not in channels:
            t.fail("online", f"kanal online tidak dikenal: {channel_key}",
                   f"unknown online channel: {channel_key}")
        base = channels[channel_key]
        online = OnlineChannel(name=base.name, url=base.url, text_id=text_id or base.text_id,
                               text_en=text_en or base.text_en, online_only=online_only)
    elif online_only or text_id or text_en:
        t.fail("online", "wajib diisi bila online_only atau online_text dipakai",
               "is required when online_only or online_text is given")
    rules = tuple(_read_rule(r) for r in t.tables("eligibility"))
    spec = ServiceSpec(
        code=code, letter=letter, name_id=t.str("name"), name_en=t.str("name_en"), group=group,
        daily_quota=quota, documents=documents, documents_en=documents_en or documents,
        needs_counter=needs_counter, online=online, eligibility=rules,
        service_minutes=t.int("service_minutes", 10, lo=1, hi=240),
        description_id=t.str("description", "", empty_ok=True),
        description_en=t.str("description_en", "", empty_ok=True),
    )
    t.done()
    return spec


def _read_priority(t: _Table) -> PriorityRule:
    every = t.int("every_n_regular", 3, lo=1, hi=100)
    age = t.int("age_threshold", 60, lo=1, hi=130)
    reasons: list[PriorityReason] = []
    tables = t.tables("reasons")
    for r in tables:
        code = r.str("code").lower()
        if any(x.code == code for x in reasons):
            r.fail("code", f"kode alasan ganda: {code}", f"duplicate reason code: {code}")
        reasons.append(PriorityReason(code, r.str("name"), r.str("name_en")))
        r.done()
    t.done()
    return PriorityRule(every_n_regular=every, age_threshold=age,
                        reasons=tuple(reasons) if tables else DEFAULT_PRIORITY_REASONS)


def _read_branch(root: _Table) -> Branch:
    b = root.table("branch", required=True)
    name, address = b.str("name"), b.str("address")
    kind = b.str("kind", "ketenagakerjaan")
    if kind not in ("ketenagakerjaan", "kesehatan"):
        b.fail("kind", "harus \"ketenagakerjaan\" atau \"kesehatan\"",
               "must be \"ketenagakerjaan\" or \"kesehatan\"")
    tz = b.str("timezone", "Asia/Jakarta")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        b.fail("timezone", f"zona waktu tidak dikenal: {tz} (contoh: Asia/Jakarta, Asia/Makassar, "
               "Asia/Jayapura)", f"unknown time zone: {tz}")
    b.done()

    hours = _read_hours(root.table("hours", required=True), tz)
    channels = _read_channels(root.table("channels"))

    groups: list[ServiceGroup] = []
    for g in root.tables("groups"):
        code = g.str("code")
        if any(x.code == code for x in groups):
            g.fail("code", f"kode kelompok ganda: {code}", f"duplicate group code: {code}")
        groups.append(ServiceGroup(code, g.str("name"), g.str("name_en")))
        g.done()

    # counters first (as raw codes) so quota_per_counter can count them
    counter_tables = root.tables("counters", required=True)
    raw_counters: list[tuple[_Table, int, tuple[str, ...], str]] = []
    counters_for: dict[str, int] = {}
    for c in counter_tables:
        number = c.int("number", lo=1, hi=999)
        if any(number == x[1] for x in raw_counters):
            c.fail("number", f"nomor loket ganda: {number}", f"duplicate counter number: {number}")
        codes = tuple(s.upper() for s in c.str_list("services", empty_ok=False))
        for code in set(codes):
            counters_for[code] = counters_for.get(code, 0) + 1
        raw_counters.append((c, number, codes, c.str("name", "", empty_ok=True)))

    services: list[ServiceSpec] = []
    for st in root.tables("services", required=True):
        s = _read_service(st, channels, counters_for, {g.code for g in groups})
        for other in services:
            if other.code == s.code:
                st.fail("code", f"kode layanan ganda: {s.code}", f"duplicate service code: {s.code}")
            if other.letter == s.letter:
                st.fail("letter", f"huruf ganda: {s.letter} sudah dipakai {other.code}",
                        f"duplicate letter: {s.letter} is already used by {other.code}")
        services.append(s)
    if not services:
        root.fail("services", "tidak ada layanan", "has no service")
    codes = {s.code for s in services}
    for i, s in enumerate(services):
        for j, rule in enumerate(s.eligibility):
            if rule.suggest and rule.suggest not in codes:
                root.fail(f"services[{i}].eligibility[{j}].suggest",
                          f"layanan tidak dikenal: {rule.suggest}", f"unknown service: {rule.suggest}")

    counters: list[CounterSpec] = []
    for c, number, codes_served, cname in raw_counters:
        for code in codes_served:
            if code not in codes:
                c.fail("services", f"layanan tidak dikenal: {code}", f"unknown service: {code}")
        c.done()
        counters.append(CounterSpec(number=number, services=codes_served, name=cname))
    for i, s in enumerate(services):
        if s.queues and not counters_for.get(s.code):
            root.fail(f"services[{i}]", f"layanan {s.code} tidak dilayani loket mana pun",
                      f"service {s.code} is not served by any counter")

    priority = _read_priority(root.table("priority"))
    ticket = root.table("ticket")
    footer = ticket.str_list("footer", ())
    ticket.done()
    return Branch(name=name, address=address, timezone=tz, hours=hours, services=tuple(services),
                  counters=tuple(counters), priority=priority, footer=footer,
                  groups=tuple(groups), kind=kind)


def _read_retention(t: _Table) -> Retention:
    text = t.str("full_nik", "end_of_service_day")
    if text == "end_of_service_day":
        t.done()
        return Retention(text, None)
    m = re.fullmatch(r"(\d{1,3})d", text)
    if not m or not (1 <= int(m.group(1)) <= 365):
        t.fail("full_nik", "tulis \"end_of_service_day\" atau jumlah hari seperti \"7d\" (1–365)",
               "write \"end_of_service_day\" or a number of days like \"7d\" (1-365)")
    t.done()
    return Retention(text, int(m.group(1)))


def _read_database(t: _Table) -> str | None:
    url = t.opt_str("url")
    if url is not None and not re.match(r"^(sqlite|postgresql)(\+\w+)?://", url):
        t.fail("url", "harus URL sqlite:/// atau postgresql+psycopg://",
               "must be a sqlite:/// or postgresql+psycopg:// URL")
    t.done()
    return url


def _read_directory(t: _Table) -> DirectoryConfig:
    kind = t.str("kind", "local")
    if kind not in DIRECTORY_KINDS:
        t.fail("kind", "harus \"local\", \"http\" atau \"vclaim\"", "must be \"local\", \"http\" or \"vclaim\"")
    url = t.opt_str("url")
    if kind in ("http", "vclaim"):
        if url is None:
            t.fail("url", f"wajib diisi untuk sumber {kind}", f"is required for a {kind} source")
        if not re.match(r"^https?://", url):
            t.fail("url", "harus diawali http:// atau https://", "must start with http:// or https://")
    cons_id = t.opt_str("cons_id")
    # Secrets are not written in the file: name the environment variables that hold them.
    secret_env = t.str("secret_env", "ANJUNGAN_VCLAIM_SECRET")
    user_key_env = t.str("user_key_env", "ANJUNGAN_VCLAIM_USER_KEY")
    if kind == "vclaim" and cons_id is None:
        t.fail("cons_id", "wajib diisi untuk sumber vclaim", "is required for a vclaim source")
    timeout = t.number("timeout_s", 2.0)
    t.done()
    return DirectoryConfig(kind=kind, url=url, timeout_s=timeout, cons_id=cons_id, secret_env=secret_env,
                           user_key_env=user_key_env)


_PRINTER_SCHEMES = ("tcp", "usb", "serial", "file", "cups", "preview", "dummy")


def _check_printer_url(t: _Table, name: str, url: str) -> None:
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in _PRINTER_SCHEMES:
        t.fail(name, "skema printer tidak dikenal; pilih " + ", ".join(
            s + "://" for s in _PRINTER_SCHEMES), "unknown printer scheme; choose "
            + ", ".join(s + "://" for s in _PRINTER_SCHEMES))


def _read_printer(t: _Table) -> Any:
    url = t.str("url", PREVIEW_DEFAULT)
    _check_printer_url(t, "url", url)
    failover = t.opt_str("failover_url")
    if failover is not None:
        _check_printer_url(t, "failover_url", failover)
    paper = t.int("paper_mm", 80)
    if paper not in PAPER_WIDTHS:
        t.fail("paper_mm", "harus 58 atau 80", "must be 58 or 80")
    values = {}
    if t.has("profile"):
        values["profile"] = t.str("profile")
    if t.has("native_qr"):
        values["native_qr"] = t.bool("native_qr")
    if t.has("disable_feed_button"):
        values["disable_feed_button"] = t.bool("disable_feed_button")
    if t.has("codepage"):
        values["codepage"] = t.str("codepage")
    if t.has("timeout_s"):
        values["timeout_s"] = t.number("timeout_s")
    if failover is not None:
        values["failover_url"] = failover
    dpi = t.int("dpi", 203)
    if dpi not in (180, 203):
        t.fail("dpi", "harus 203 atau 180", "must be 203 or 180")
    t.done()
    return _printer_settings(t, url, paper, dpi, values)


def _printer_settings(t: _Table, url: str, paper_mm: int, dpi: int, values: dict) -> PrinterSettings:
    known = {f.name for f in fields(PrinterSettings)}
    values = {k: v for k, v in values.items() if k in known}
    try:
        return PrinterSettings.for_paper(url, paper_mm, dpi=dpi, **values)
    except (ValueError, TypeError) as exc:
        t.fail("", f"pengaturan printer tidak sah: {exc}", f"invalid printer settings: {exc}")


def _read_pin_hash(t: _Table, name: str) -> str | None:
    value = t.opt_str(name)
    if value is None:
        return None
    try:
        parse_pin_hash(value)
    except ValueError:
        t.fail(name, "harus hash \"pbkdf2$iterasi$garam_hex$hash_hex\" (buat dengan "
               "kiosk.config.hash_pin)", "must be a \"pbkdf2$iterations$salt_hex$hash_hex\" hash "
               "(make one with kiosk.config.hash_pin)")
    return value


def _read_kiosk(t: _Table) -> KioskConfig:
    inactivity = t.int("inactivity_s", MIN_INACTIVITY_S, lo=MIN_INACTIVITY_S, hi=3600)
    languages = t.str_list("languages", LANGUAGES, empty_ok=False)
    for lang in languages:
        if lang not in LANGUAGES:
            t.fail("languages", f"bahasa tidak dikenal: {lang}; pilih id atau en",
                   f"unknown language: {lang}; choose id or en")
    k = KioskConfig(
        inactivity_s=inactivity,
        staff_pin_hash=_read_pin_hash(t, "staff_pin_hash"),
        admin_pin_hash=_read_pin_hash(t, "admin_pin_hash"),
        large_text=t.bool("large_text", False),
        spoken_guidance=t.bool("spoken_guidance", False),
        languages=languages,
    )
    t.done()
    return k


def _read_display(t: _Table, branch: Branch) -> DisplayConfig:
    running = t.str_list("running_text", ())
    counters = t.int_list("counters", ())
    for n in counters:
        if branch.counter(n) is None:
            t.fail("counters", f"loket tidak dikenal: {n}", f"unknown counter: {n}")
    services = tuple(s.upper() for s in t.str_list("services", ()))
    for code in services:
        if branch.service(code) is None:
            t.fail("services", f"layanan tidak dikenal: {code}", f"unknown service: {code}")
    t.done()
    return DisplayConfig(running_text=running, counters=counters, services=services)


def _read_voice(t: _Table, base_dir: Path) -> VoiceConfig:
    backends = t.str_list("backends", VOICE_BACKENDS, empty_ok=False)
    for b in backends:
        if b not in VOICE_BACKENDS:
            t.fail("backends", f"suara tidak dikenal: {b}; pilih dari " + ", ".join(VOICE_BACKENDS),
                   f"unknown backend: {b}; choose from " + ", ".join(VOICE_BACKENDS))
    if len(set(backends)) != len(backends):
        t.fail("backends", "ada yang ganda", "has duplicates")
    clip_dir = t.opt_str("clip_dir")
    if clip_dir is not None:
        clip_dir = str((base_dir / clip_dir).resolve())
    v = VoiceConfig(backends=backends, clip_dir=clip_dir,
                    digit_by_digit=t.bool("digit_by_digit", False), chime=t.bool("chime", True))
    t.done()
    return v


# --------------------------------------------------------------------------- entry point


def _merge(base: dict, over: dict) -> dict:
    """`over` on top of `base`: tables merge key by key, everything else is replaced."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _read_toml(p: Path, label: str, seen: tuple[Path, ...] = ()) -> dict:
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{label}: berkas konfigurasi tidak ditemukan (file not found)",
                          f"{label}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: berkas konfigurasi tidak dapat dibaca ({exc})",
                          f"{label}: configuration file cannot be read ({exc})") from None
    data = _parse_toml(text, label)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str) or not parent.strip():
        raise ConfigError(f"{label}: extends: harus berupa nama berkas (must be a file name)",
                          f"{label}: extends: must be a file name")
    parent_path = (p.resolve().parent / parent).resolve()
    if parent_path in seen or parent_path == p.resolve():
        raise ConfigError(f"{label}: extends: berkas saling merujuk (files extend each other)",
                          f"{label}: extends: files extend each other")
    base = _read_toml(parent_path, parent, seen + (p.resolve(),))
    return _merge(base, data)


def _parse_toml(text: str, label: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: TOML tidak sah: {exc} (invalid TOML)",
                          f"{label}: invalid TOML: {exc}") from None


def load_config(path: str | Path | None = None) -> Config:
    """Read and validate a branch configuration file (default: $ANJUNGAN_CONFIG, else
    config/default.toml).

    A file may start with `extends = "default.toml"` (relative to itself): its tables are laid
    over that file's, key by key; arrays such as [[services]] replace the base's whole."""
    if path is None and os.environ.get("ANJUNGAN_CONFIG"):
        path = os.environ["ANJUNGAN_CONFIG"]
    p = Path(path) if path is not None else default_config_path()
    label = str(path) if path is not None else str(p)
    data = _read_toml(p, label)
    return _build(data, label, p.resolve().parent)


def parse_config(text: str, label: str = "config.toml", base_dir: Path | None = None) -> Config:
    """Validate TOML text; `label` names the file in error messages."""
    data = _parse_toml(text, label)
    if "extends" in data:
        raise ConfigError(f"{label}: extends: hanya untuk berkas (only for files)",
                          f"{label}: extends: only for files")
    return _build(data, label, base_dir or Path.cwd())


def _build(data: dict, label: str, base_dir: Path) -> Config:
    root = _Table(data, "", label)
    branch = _read_branch(root)
    config = Config(
        path=Path(label),
        branch=branch,
        database_url=_read_database(root.table("database")),
        retention=_read_retention(root.table("retention")),
        directory=_read_directory(root.table("directory")),
        printer=_read_printer(root.table("printer")),
        kiosk=_read_kiosk(root.table("kiosk")),
        display=_read_display(root.table("display"), branch),
        voice=_read_voice(root.table("voice"), base_dir),
    )
    root.done()
    return config
