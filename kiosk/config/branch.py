"""The branch's own sections: who it is, its hours, services and counters, priority and
eligibility, and where its participant data comes from and how long a full NIK is kept.

They build the frozen values of `kiosk.domain.branch` (and the small `Retention` and
`DirectoryConfig` values here); every mistake names its key (see `kiosk.config.reader`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.config.reader import Table, parse_time
from kiosk.domain.privacy import sent_in_clear
from kiosk.domain.branch import (
    DEFAULT_PRIORITY_REASONS, RULE_KINDS, RULES_WITH_AGE, RULES_WITH_VALUES, WEEKDAYS, Branch,
    CounterSpec, DayHours, EligibilityRule, OfficeHours, OnlineChannel, PriorityReason,
    PriorityRule, ServiceGroup, ServiceSpec, TimeRange,
)
from kiosk.domain.participant import STATUS_WORDS

__all__ = [
    "DIRECTORY_KINDS", "DirectoryConfig", "Retention", "read_branch",
    "read_directory", "read_retention",
]

DIRECTORY_KINDS = ("local", "http", "vclaim")


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
    card_url: str | None = None                # http: template with {card} for a scanned membership card
    allow_plain_http: bool = False             # NIKs over plain http:// to another machine (warned at start)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _from_minutes(m: int) -> time:
    return time(m // 60, m % 60)


# --------------------------------------------------------------------------- the branch


def _read_hours(t: Table, tz: str) -> OfficeHours:
    last_min = t.int("last_ticket_before_close_min", 30, lo=0, hi=240)
    closed: set[date] = set()
    raw_dates = t.raw("closed_dates", [])
    if not isinstance(raw_dates, list):
        t.fail("closed_dates", "config.date_list")
    for i, d in enumerate(raw_dates):
        if isinstance(d, date):
            closed.add(d)
            continue
        try:
            closed.add(date.fromisoformat(str(d)))
        except ValueError:
            t.fail(f"closed_dates[{i}]", "config.date", example="2026-12-25")
    days: list[DayHours | None] = []
    for wd in WEEKDAYS:
        if not t.has(wd):
            t.used.add(wd)
            days.append(None)
            continue
        days.append(_read_day(t.table(wd), last_min))
    t.done()
    if all(d is None for d in days):
        t.fail("", "config.hours.no_day")
    return OfficeHours(timezone=tz, days=tuple(days), closed_dates=frozenset(closed))


def _read_day(t: Table, last_min: int) -> DayHours | None:
    if t.bool("closed", False):
        for name in ("open", "close", "breaks", "last_ticket"):
            if t.has(name):
                t.fail(name, "config.hours.with_closed")
        t.done()
        return None
    opens, closes = t.time("open"), t.time("close")
    if closes <= opens:
        t.fail("close", "config.hours.close_after_open")
    breaks: list[TimeRange] = []
    raw = t.raw("breaks", [])
    if not isinstance(raw, list):
        t.fail("breaks", "config.breaks.list")
    for i, pair in enumerate(raw):
        key = f"breaks[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            t.fail(key, "config.breaks.pair")
        start, end = parse_time(pair[0]), parse_time(pair[1])
        if start is None or end is None:
            t.fail(key, "config.time", example="12.00")
        if end <= start:
            t.fail(key, "config.breaks.end_after_start")
        if start <= opens or end >= closes:
            t.fail(key, "config.breaks.within_hours")
        if breaks and start < breaks[-1].end:
            t.fail(key, "config.breaks.overlap")
        breaks.append(TimeRange(start, end))
    last = t.time("last_ticket", None)
    if last is None:
        last = _from_minutes(max(_minutes(opens), _minutes(closes) - last_min))
    elif not (opens < last <= closes):
        t.fail("last_ticket", "config.hours.last_ticket")
    t.done()
    return DayHours(opens=opens, closes=closes, breaks=tuple(breaks), last_ticket=last)


def _read_channels(t: Table) -> dict[str, OnlineChannel]:
    channels = {}
    for key in list(t.data):
        c = t.table(key)
        channels[key] = OnlineChannel(
            name=c.str("name"), name_en=c.str("name_en", "", empty_ok=True), url=c.str("url", "", empty_ok=True),
            text_id=c.str("text", "", empty_ok=True), text_en=c.str("text_en", "", empty_ok=True),
        )
        c.done()
    t.done()
    return channels


def _read_rule(t: Table) -> EligibilityRule:
    kind = t.str("rule")
    if kind not in RULE_KINDS:
        t.fail("rule", "config.unknown.rule", choices=", ".join(RULE_KINDS))
    age = t.int("age", None, lo=0, hi=130)
    if kind in RULES_WITH_AGE and age is None:
        t.fail("age", "config.rule.needs", kind=kind)
    if kind not in RULES_WITH_AGE and age is not None:
        t.fail("age", "config.rule.unused", kind=kind)
    values = t.str_list("values", ())
    if kind in RULES_WITH_VALUES and not values:
        t.fail("values", "config.rule.needs", kind=kind)
    if kind not in RULES_WITH_VALUES and values:
        t.fail("values", "config.rule.unused", kind=kind)
    if kind in ("statuses", "excluded_statuses"):
        for v in values:
            if v.lower() not in STATUS_WORDS:
                t.fail("values", "config.unknown.status", status=v, choices=", ".join(STATUS_WORDS))
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


def _read_service(t: Table, channels: dict[str, OnlineChannel],
                  counters_for: dict[str, int], groups: set[str]) -> ServiceSpec:
    code = t.str("code")
    if not _CODE_RE.match(code):
        t.fail("code", "config.service.code")
    letter = t.str("letter")
    if len(letter) != 1 or not ("A" <= letter <= "Z"):
        t.fail("letter", "config.service.letter")
    group = t.str("group", "", empty_ok=True)
    if groups and group and group not in groups:
        t.fail("group", "config.unknown.group", group=group)
    needs_counter = t.bool("needs_counter", True)
    quota = t.int("daily_quota", None, lo=1)
    per_counter = t.int("quota_per_counter", None, lo=1)
    if quota is not None and per_counter is not None:
        t.fail("quota_per_counter", "config.service.quota_both")
    if per_counter is not None:
        quota = per_counter * max(1, counters_for.get(code, 0))
    documents = t.str_list("documents", ())
    documents_en = t.str_list("documents_en", ())
    if documents_en and len(documents_en) != len(documents):
        t.fail("documents_en", "config.service.documents_en")
    online = None
    channel_key = t.opt_str("online")
    online_only = t.bool("online_only", False)
    text_id, text_en = t.opt_str("online_text"), t.opt_str("online_text_en")
    if channel_key is not None:
        if channel_key not in channels:
            t.fail("online", "config.unknown.channel", channel=channel_key)
        base = channels[channel_key]
        online = OnlineChannel(name=base.name, name_en=base.name_en, url=base.url, text_id=text_id or base.text_id,
                               text_en=text_en or base.text_en, online_only=online_only)
    elif online_only or text_id or text_en:
        t.fail("online", "config.service.online_needed")
    rules = tuple(_read_rule(r) for r in t.tables("eligibility"))
    heir_documents = t.str_list("heir_documents", ())
    heir_documents_en = t.str_list("heir_documents_en", ())
    if heir_documents_en and len(heir_documents_en) != len(heir_documents):
        t.fail("heir_documents_en", "config.service.documents_en")
    spec = ServiceSpec(
        code=code, letter=letter, name_id=t.str("name"), name_en=t.str("name_en"), group=group,
        daily_quota=quota, documents=documents, documents_en=documents_en or documents,
        needs_counter=needs_counter, online=online, eligibility=rules,
        service_minutes=t.int("service_minutes", 10, lo=1, hi=240), quota_per_counter=per_counter,
        description_id=t.str("description", "", empty_ok=True),
        description_en=t.str("description_en", "", empty_ok=True),
        heirs=t.bool("heirs", False), heir_documents=heir_documents,
        heir_documents_en=heir_documents_en or heir_documents,
        spoken=t.str("spoken", "", empty_ok=True),
    )
    t.done()
    return spec


def _read_priority(t: Table) -> PriorityRule:
    every = t.int("every_n_regular", 3, lo=1, hi=100)
    age = t.int("age_threshold", 60, lo=1, hi=130)
    reasons: list[PriorityReason] = []
    tables = t.tables("reasons")
    for r in tables:
        code = r.str("code").lower()
        if any(x.code == code for x in reasons):
            r.fail("code", "config.duplicate.reason", code=code)
        reasons.append(PriorityReason(code, r.str("name"), r.str("name_en")))
        r.done()
    t.done()
    return PriorityRule(every_n_regular=every, age_threshold=age,
                        reasons=tuple(reasons) if tables else DEFAULT_PRIORITY_REASONS)


def read_branch(root: Table) -> Branch:
    name, address, kind, tz = _read_identity(root.table("branch", required=True))
    hours = _read_hours(root.table("hours", required=True), tz)
    channels = _read_channels(root.table("channels"))
    groups = _read_groups(root)
    # counters first (as raw codes) so quota_per_counter can count them
    raw_counters, counters_for = _read_raw_counters(root)
    services = _read_services(root, channels, counters_for, {g.code for g in groups})
    codes = {s.code for s in services}
    counters: list[CounterSpec] = []
    for c, number, codes_served, cname in raw_counters:
        for code in codes_served:
            if code not in codes:
                c.fail("services", "config.unknown.service", code=code)
        c.done()
        counters.append(CounterSpec(number=number, services=codes_served, name=cname))
    for i, s in enumerate(services):
        if s.queues and not counters_for.get(s.code):
            root.fail(f"services[{i}]", "config.service.no_counter", code=s.code)

    priority = _read_priority(root.table("priority"))
    ticket = root.table("ticket")
    footer = ticket.str_list("footer", ())
    footer_en = ticket.str_list("footer_en", ())      # an English visit's paper (default: `footer`)
    ticket.done()
    return Branch(name=name, address=address, timezone=tz, hours=hours, services=tuple(services),
                  counters=tuple(counters), priority=priority, footer=footer, footer_en=footer_en,
                  groups=tuple(groups), kind=kind)


def _read_identity(b: Table) -> tuple[str, str, str, str]:
    name, address = b.str("name"), b.str("address")
    kind = b.str("kind", "ketenagakerjaan")
    if kind not in ("ketenagakerjaan", "kesehatan"):
        b.fail("kind", "config.branch.kind")
    tz = b.str("timezone", "Asia/Jakarta")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        b.fail("timezone", "config.unknown.timezone", tz=tz)
    b.done()
    return name, address, kind, tz


def _read_groups(root: Table) -> list[ServiceGroup]:
    groups: list[ServiceGroup] = []
    for g in root.tables("groups"):
        code = g.str("code")
        if any(x.code == code for x in groups):
            g.fail("code", "config.duplicate.group", code=code)
        groups.append(ServiceGroup(code, g.str("name"), g.str("name_en"),
                                   description_id=g.str("description", "", empty_ok=True),
                                   description_en=g.str("description_en", "", empty_ok=True),
                                   icon=g.str("icon", "", empty_ok=True)))
        g.done()
    return groups


def _read_raw_counters(root: Table) -> tuple[list[tuple[Table, int, tuple[str, ...], str]], dict[str, int]]:
    """The counters with the service codes as written, and how many counters serve each code."""
    raw_counters: list[tuple[Table, int, tuple[str, ...], str]] = []
    counters_for: dict[str, int] = {}
    for c in root.tables("counters", required=True):
        number = c.int("number", lo=1, hi=999)
        if any(number == x[1] for x in raw_counters):
            c.fail("number", "config.duplicate.counter", number=number)
        codes = tuple(s.upper() for s in c.str_list("services", empty_ok=False))
        for code in set(codes):
            counters_for[code] = counters_for.get(code, 0) + 1
        raw_counters.append((c, number, codes, c.str("name", "", empty_ok=True)))
    return raw_counters, counters_for


def _read_services(root: Table, channels, counters_for: dict[str, int], group_codes: set[str]) -> list[ServiceSpec]:
    services: list[ServiceSpec] = []
    for st in root.tables("services", required=True):
        s = _read_service(st, channels, counters_for, group_codes)
        for other in services:
            if other.code == s.code:
                st.fail("code", "config.duplicate.service", code=s.code)
            if other.letter == s.letter:
                st.fail("letter", "config.duplicate.letter", letter=s.letter, other=other.code)
        services.append(s)
    if not services:
        root.fail("services", "config.services.none")
    codes = {s.code for s in services}
    for i, s in enumerate(services):
        for j, rule in enumerate(s.eligibility):
            if rule.suggest and rule.suggest not in codes:
                root.fail(f"services[{i}].eligibility[{j}].suggest", "config.unknown.service", code=rule.suggest)
    return services


# --------------------------------------------------------------------------- its data


def read_retention(t: Table) -> Retention:
    text = t.str("full_nik", "end_of_service_day")
    if text == "end_of_service_day":
        t.done()
        return Retention(text, None)
    m = re.fullmatch(r"(\d{1,3})d", text)
    if not m or not (1 <= int(m.group(1)) <= 365):
        t.fail("full_nik", "config.retention.full_nik")
    t.done()
    return Retention(text, int(m.group(1)))


def read_directory(t: Table) -> DirectoryConfig:
    kind = t.str("kind", "local")
    if kind not in DIRECTORY_KINDS:
        t.fail("kind", "config.directory.kind")
    url = t.opt_str("url")
    if kind in ("http", "vclaim"):
        if url is None:
            t.fail("url", "config.directory.needs", kind=kind)
        if not re.match(r"^https?://", url):
            t.fail("url", "config.directory.url_scheme")
    cons_id = t.opt_str("cons_id")
    # Secrets are not written in the file: name the environment variables that hold them.
    secret_env = t.str("secret_env", "ANJUNGAN_VCLAIM_SECRET")
    user_key_env = t.str("user_key_env", "ANJUNGAN_VCLAIM_USER_KEY")
    if kind == "vclaim" and cons_id is None:
        t.fail("cons_id", "config.directory.needs", kind="vclaim")
    timeout = t.number("timeout_s", 2.0)
    card_url = t.opt_str("card_url")
    if card_url is not None and not re.match(r"^https?://", card_url):
        t.fail("card_url", "config.directory.url_scheme")
    # A NIK goes to the source: only encrypted, unless it stays on this machine or the branch
    # says otherwise in so many words (and is warned at every start).
    plain = t.bool("allow_plain_http", False)
    for name, value in (("url", url if kind in ("http", "vclaim") else None), ("card_url", card_url)):
        if value is not None and sent_in_clear(value) and not plain:
            t.fail(name, "safety.directory.https")
    t.done()
    return DirectoryConfig(kind=kind, url=url, timeout_s=timeout, cons_id=cons_id, secret_env=secret_env,
                           user_key_env=user_key_env, card_url=card_url, allow_plain_http=plain)
