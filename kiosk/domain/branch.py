"""What a branch office is: its hours, services, counters and priority rule.

Plain frozen values, built once from the configuration file (`kiosk.config`) and read by the
rules in `hours`, `classification`, `queue` and `wait`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property

from kiosk.domain.catalog import ByLanguage, pick

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class TimeRange:
    start: time
    end: time

    def contains(self, t: time) -> bool:
        return self.start <= t < self.end


@dataclass(frozen=True)
class DayHours:
    """One weekday: the service window, its breaks and when ticket issuing stops."""

    opens: time
    closes: time
    breaks: tuple[TimeRange, ...] = ()
    last_ticket: time | None = None     # None: tickets until closing

    @property
    def ticket_deadline(self) -> time:
        return self.last_ticket if self.last_ticket is not None else self.closes


@dataclass(frozen=True)
class OfficeHours:
    """Weekly opening hours. `days[0]` is Monday, `days[6]` Sunday; None is a closed day."""

    timezone: str = "Asia/Jakarta"
    days: tuple[DayHours | None, ...] = (None,) * 7
    closed_dates: frozenset[date] = frozenset()

    def for_date(self, d: date) -> DayHours | None:
        if d in self.closed_dates:
            return None
        return self.days[d.weekday()]


@dataclass(frozen=True)
class OnlineChannel:
    """Where a visit can be done without coming to a counter (app, website, WhatsApp)."""

    name: str
    url: str = ""
    text_id: str = ""
    text_en: str = ""
    online_only: bool = False
    name_en: str = ""           # its name on English screens (default: `name`)

    def name_in(self, lang: str) -> str:
        """Its name in the screen's language."""
        return pick(lang, self.name, self.name_en or self.name)

    @property
    def names(self) -> ByLanguage:
        """Its name as a placeholder of a sentence in both languages."""
        return ByLanguage(self.name, self.name_en or self.name)


# Kinds of eligibility rule. Each rule, when it matches, makes the service not available at the
# branch for this visitor, with the rule's own message (what is wrong and what to do).
RULE_MIN_AGE = "min_age"                      # age < age
RULE_MAX_AGE = "max_age"                      # age > age
RULE_SEGMENTS = "segments"                    # segment not in values
RULE_EXCLUDED_SEGMENTS = "excluded_segments"  # segment in values
RULE_STATUSES = "statuses"                    # status not in values
RULE_EXCLUDED_STATUSES = "excluded_statuses"  # status in values
RULE_PROGRAMS = "programs"                    # a program in values is missing
RULE_REGISTERED = "registered"                # participant not found
RULE_EMPLOYED_UNDER_AGE = "active_under_age_means_employed"  # active, segment in values, age < age

RULE_KINDS = (
    RULE_MIN_AGE, RULE_MAX_AGE, RULE_SEGMENTS, RULE_EXCLUDED_SEGMENTS, RULE_STATUSES,
    RULE_EXCLUDED_STATUSES, RULE_PROGRAMS, RULE_REGISTERED, RULE_EMPLOYED_UNDER_AGE,
)
AGE_RULES = frozenset({RULE_MIN_AGE, RULE_MAX_AGE})
RULES_WITH_AGE = frozenset({RULE_MIN_AGE, RULE_MAX_AGE, RULE_EMPLOYED_UNDER_AGE})
RULES_WITH_VALUES = frozenset({
    RULE_SEGMENTS, RULE_EXCLUDED_SEGMENTS, RULE_STATUSES, RULE_EXCLUDED_STATUSES, RULE_PROGRAMS,
    RULE_EMPLOYED_UNDER_AGE,
})


@dataclass(frozen=True)
class EligibilityRule:
    """One declarative check. Age rules use the age read from the NIK; the others need a
    verified participant record and are skipped when the status source could not answer."""

    kind: str
    message_id: str
    message_en: str
    age: int | None = None
    values: frozenset[str] = frozenset()
    suggest: str | None = None       # a service code to go to instead (e.g. JKM for heirs)

    @property
    def needs_status(self) -> bool:
        return self.kind not in AGE_RULES


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    letter: str
    name_id: str
    name_en: str
    group: str = ""
    daily_quota: int | None = None
    documents: tuple[str, ...] = ()
    documents_en: tuple[str, ...] = ()
    needs_counter: bool = True
    online: OnlineChannel | None = None
    eligibility: tuple[EligibilityRule, ...] = ()
    service_minutes: int = 10          # default minutes per visit before real figures exist
    quota_per_counter: int | None = None      # the daily quota is this × the counters serving it
    description_id: str = ""
    description_en: str = ""
    heirs: bool = False                # heirs of a deceased participant are served here
    heir_documents: tuple[str, ...] = ()      # what an heir brings (else `documents`)
    heir_documents_en: tuple[str, ...] = ()
    spoken: str = ""                   # the name as said aloud ("Perubahan atau Koreksi Data"); "": from name_id

    @property
    def online_only(self) -> bool:
        return self.online is not None and self.online.online_only

    @property
    def queues(self) -> bool:
        """Whether tickets are issued for this service at the branch."""
        return self.needs_counter and not self.online_only


@dataclass(frozen=True)
class CounterSpec:
    number: int
    services: tuple[str, ...]
    name: str = ""

    def serves(self, code: str) -> bool:
        return code in self.services


@dataclass(frozen=True)
class PriorityReason:
    code: str
    name_id: str
    name_en: str


DEFAULT_PRIORITY_REASONS = (
    PriorityReason("lansia", "Lansia (60 tahun ke atas)", "Elderly (60 and over)"),
    PriorityReason("disabilitas", "Penyandang disabilitas", "Person with a disability"),
    PriorityReason("hamil", "Ibu hamil", "Pregnant woman"),
    PriorityReason("anak", "Anak-anak", "Child"),
    PriorityReason("bencana", "Korban bencana", "Disaster victim"),
)


@dataclass(frozen=True)
class PriorityRule:
    """One waiting priority ticket is called after every `every_n_regular` regular calls."""

    every_n_regular: int = 3
    age_threshold: int = 60
    reasons: tuple[PriorityReason, ...] = DEFAULT_PRIORITY_REASONS

    def reason(self, code: str) -> PriorityReason | None:
        for r in self.reasons:
            if r.code == code:
                return r
        return None


@dataclass(frozen=True)
class ServiceGroup:
    code: str
    name_id: str
    name_en: str
    description_id: str = ""           # one line under the name on the kiosk's group tile
    description_en: str = ""
    icon: str = ""                     # a name of the kiosk's icon set (info, claim, complaint, …)


@dataclass(frozen=True)
class Branch:
    name: str
    address: str
    timezone: str
    hours: OfficeHours
    services: tuple[ServiceSpec, ...]
    counters: tuple[CounterSpec, ...]
    priority: PriorityRule = field(default_factory=PriorityRule)
    footer: tuple[str, ...] = ()
    footer_en: tuple[str, ...] = ()     # the footer of an English visit's paper (empty: `footer`)
    groups: tuple[ServiceGroup, ...] = ()
    kind: str = "ketenagakerjaan"      # or "kesehatan"

    def service(self, code: str) -> ServiceSpec | None:
        code = code.strip().upper()
        for s in self.services:
            if s.code == code:
                return s
        return None

    def service_by_letter(self, letter: str) -> ServiceSpec | None:
        letter = letter.strip().upper()
        for s in self.services:
            if s.letter == letter:
                return s
        return None

    def counter(self, number: int) -> CounterSpec | None:
        for c in self.counters:
            if c.number == number:
                return c
        return None

    def counters_serving(self, code: str) -> tuple[CounterSpec, ...]:
        return self._serving.get(code, ())

    @cached_property
    def _serving(self) -> dict[str, tuple[CounterSpec, ...]]:
        serving: dict[str, list[CounterSpec]] = {}
        for c in self.counters:
            for code in c.services:
                serving.setdefault(code, []).append(c)
        return {code: tuple(cs) for code, cs in serving.items()}

    def group(self, code: str) -> ServiceGroup | None:
        for g in self.groups:
            if g.code == code:
                return g
        return None

    def services_of(self, group: str) -> tuple[ServiceSpec, ...]:
        """The services of a group, in the configured order."""
        return tuple(s for s in self.services if s.group == group)
