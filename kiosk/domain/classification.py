"""Visit classification: for a visitor and a chosen service, where the visit goes.

Routes, checked in this order:
1. online / front_desk, no ticket — the service is online-only, or no counter serves it (the
   reason names the channel or the front desk).
   not_eligible — an eligibility rule of the service matches (its message says what is wrong
   and what to do; staff may still issue after checking by hand).
2. closed       — the office is closed or on a break (with the next opening).
3. front_desk   — answered at the door, no ticket.
4. closed       — the day's quota for the service is used (next opening: next working day).
5. queue        — an unverified participant (status source unreachable) queues, "belum
   terverifikasi"; priority visitors queue (they need a person, not an app).
6. online       — the service can be done online; the visitor may still queue
   (can_queue_anyway).
7. queue.
Status-based rules need a verified record: they are skipped when the source did not answer.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Mapping, NamedTuple

from kiosk.domain.branch import (
    RULE_EMPLOYED_UNDER_AGE, RULE_EXCLUDED_SEGMENTS, RULE_EXCLUDED_STATUSES, RULE_MAX_AGE,
    RULE_MIN_AGE, RULE_PROGRAMS, RULE_REGISTERED, RULE_SEGMENTS, RULE_STATUSES, Branch,
    EligibilityRule, OnlineChannel, PriorityRule, ServiceSpec,
)
from kiosk.domain.catalog import ByLanguage, msgid, pair
from kiosk.domain.formatting import when_text
from kiosk.domain.hours import OfficeStatus
from kiosk.domain.participant import Participant, Status


class Route(str, Enum):
    QUEUE = "queue"
    ONLINE = "online"
    FRONT_DESK = "front_desk"
    NOT_ELIGIBLE = "not_eligible"
    CLOSED = "closed"


@dataclass(frozen=True)
class Visitor:
    age: int | None                 # from the NIK
    sex: str | None                 # "M" | "F"
    participant: Participant
    heir: bool = False              # the heir of a deceased participant, visiting on their NIK
    heir_age: int | None = None     # the heir's own age (she said it, or her own KTP gave it)


@dataclass(frozen=True)
class Option:
    service: ServiceSpec
    route: Route
    reason: str
    reason_en: str
    documents: tuple[str, ...]
    documents_en: tuple[str, ...]
    priority: bool
    online: OnlineChannel | None
    can_queue_anyway: bool
    next_opening: datetime | None
    reason_code: str = ""           # stable word: queue, priority, unverified, online, ...
    priority_reason: str | None = None
    suggest: str | None = None      # a service code to go to instead
    office_open: bool = True        # staff may override an eligibility rule only while open
    reason_key: str = ""            # message id of `reason`; empty for a text of the configuration

    @property
    def code(self) -> str:
        return self.service.code

    def can_issue(self, assisted: bool = False) -> bool:
        """Whether a ticket may be issued for this option (see `can_issue`)."""
        return can_issue(self.route, assisted, can_queue_anyway=self.can_queue_anyway,
                         office_open=self.office_open)


def can_issue(route: Route | str, assisted: bool, *, can_queue_anyway: bool = False,
              office_open: bool = True) -> bool:
    """The one refusal rule, for the kiosk, the counters and the command line alike.

    A ticket is issued for the queue route, and for the online route when the visitor may still
    queue. Staff (assisted) may override an eligibility rule they checked by hand. Nobody gets a
    ticket while the service is closed (hours, quota), for a visit answered at the front desk, or
    for a service no counter serves (online only, or no counter configured for it): the reason
    says where to go instead, and staff record a front-desk visit rather than a ticket.
    """
    route = Route(route)
    if route is Route.QUEUE:
        return True
    if route is Route.ONLINE:
        return can_queue_anyway
    if route is Route.NOT_ELIGIBLE:
        return assisted and office_open
    return False


class Refusal(NamedTuple):
    """Why no ticket can exist for a service: the reason code and the sentence in both
    languages, with its message id (`key`; empty for a text of the configuration)."""

    code: str
    reason: str
    reason_en: str
    key: str = ""


def _refusal(code: str, key: str, **params) -> Refusal:
    return Refusal(code, *pair(key, **params), key=key)


def _channel_text(ch: OnlineChannel, key: str) -> tuple[str, str, str]:
    """The channel's configured text (Indonesian, English), else the catalog's sentence `key`
    naming the channel; with the message id ("" for the configured text)."""
    if ch.text_id and ch.text_en:
        return ch.text_id, ch.text_en, ""
    default_id, default_en = pair(key, channel=ch.names)
    return ch.text_id or default_id, ch.text_en or default_en, "" if ch.text_id else key


def counter_refusal(service: ServiceSpec, branch: Branch) -> Refusal | None:
    """Why no ticket can exist for `service` at all (reason code, Indonesian, English), or None.

    Used when a visit is classified and when a counter transfers a ticket, so that nobody is
    put in a queue no counter will ever call.
    """
    if service.online_only:
        return Refusal("online_only", *_channel_text(service.online, msgid("reason.online_only")))
    if not service.needs_counter:
        return _refusal("front_desk", msgid("reason.front_desk"))
    if not branch.counters_serving(service.code):
        if service.online is not None:
            return _refusal("no_counter", msgid("reason.no_counter.online"), channel=service.online.names)
        return _refusal("no_counter", msgid("reason.no_counter"))
    return None


FRONT_DESK_ID, FRONT_DESK_EN = pair("reason.front_desk")


AGE_REASON = "lansia"


def priority_for(visitor: Visitor, rule: PriorityRule,
                 priority_reason: str | None = None) -> str | None:
    """The priority reason of a visit: the staff-given one, or "lansia" from the visitor's age.

    An heir visits on the deceased's NIK: its birth date says nothing of the visitor, so an heir's
    age is her own (`heir_age`: said by her, or from her own KTP), or unknown."""
    if priority_reason:
        return priority_reason
    return AGE_REASON if elderly(visitor.heir_age if visitor.heir else visitor.age, rule) else None


def elderly(age: int | None, rule: PriorityRule) -> bool:
    """Whether a visitor of `age` is served first for her age ("lansia")."""
    return age is not None and age >= rule.age_threshold


def rule_matches(rule: EligibilityRule, visitor: Visitor) -> bool:
    """Whether `rule` makes the service unavailable for `visitor`. Rules that need facts the
    visitor's record lacks (unknown age, segment, status, programs) do not match."""
    age_check = _AGE_CHECKS.get(rule.kind)
    if age_check is not None:
        return age_check(rule, visitor.age)
    p = visitor.participant
    if not p.verified:
        return False
    if rule.kind == RULE_REGISTERED:
        return not p.found
    if not p.found:
        return False
    record_check = _RECORD_CHECKS.get(rule.kind)
    if record_check is None:
        raise ValueError(f"unknown eligibility rule: {rule.kind}")
    return record_check(rule, p, visitor.age)


# -- one check per rule kind: the age read from the NIK ...
def _younger_than_minimum(rule: EligibilityRule, age: int | None) -> bool:
    return age is not None and age < rule.age


def _older_than_maximum(rule: EligibilityRule, age: int | None) -> bool:
    return age is not None and age > rule.age


# ... and the participant's verified, found record
def _segment_of(p: Participant) -> str | None:
    return p.segment.upper() if p.segment else None


def _status_of(p: Participant) -> str | None:
    return p.status.value if p.status is not None else None


def _segment_not_listed(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    segment = _segment_of(p)
    return segment is not None and segment not in rule.values


def _segment_excluded(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    segment = _segment_of(p)
    return segment is not None and segment in rule.values


def _status_not_listed(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    status = _status_of(p)
    return status is not None and status not in rule.values


def _status_excluded(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    status = _status_of(p)
    return status is not None and status in rule.values


def _program_missing(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    held = {x.upper() for x in p.programs}
    return bool(held) and not rule.values <= held


def _employed_under_age(rule: EligibilityRule, p: Participant, age: int | None) -> bool:
    segment = _segment_of(p)
    return (p.status is Status.ACTIVE and segment is not None and segment in rule.values
            and age is not None and age < rule.age)


_AGE_CHECKS = {RULE_MIN_AGE: _younger_than_minimum, RULE_MAX_AGE: _older_than_maximum}
_RECORD_CHECKS = {
    RULE_SEGMENTS: _segment_not_listed,
    RULE_EXCLUDED_SEGMENTS: _segment_excluded,
    RULE_STATUSES: _status_not_listed,
    RULE_EXCLUDED_STATUSES: _status_excluded,
    RULE_PROGRAMS: _program_missing,
    RULE_EMPLOYED_UNDER_AGE: _employed_under_age,
}


# The rules that still apply when an heir claims on a deceased participant's NIK: the deceased
# must be registered and hold the program; rules about the participant's own age, work or
# status do not concern the heir's claim.
HEIR_RULES = frozenset({RULE_REGISTERED, RULE_PROGRAMS})


def heir_service(branch: Branch) -> str | None:
    """The service an heir is sent to first (the first heir claim service of the branch)."""
    for s in branch.services:
        if s.heirs and s.heir_documents:
            return s.code
    return None


def _option(service: ServiceSpec, route: Route, reason: str, reason_en: str, code: str, *,
            priority: str | None = None, can_queue_anyway: bool = False,
            next_opening: datetime | None = None, suggest: str | None = None,
            office_open: bool = True, key: str = "") -> Option:
    return Option(
        service=service, route=route, reason=reason, reason_en=reason_en,
        documents=service.documents, documents_en=service.documents_en or service.documents,
        priority=priority is not None, online=service.online, can_queue_anyway=can_queue_anyway,
        next_opening=next_opening, reason_code=code, priority_reason=priority, suggest=suggest,
        office_open=office_open, reason_key=key,
    )


def _said(service: ServiceSpec, route: Route, code: str, key: str, params: dict | None = None,
          **kw) -> Option:
    """An option whose reason is the catalog's sentence `key`."""
    return _option(service, route, *pair(key, **(params or {})), code, key=key, **kw)


def _quota_full(service: ServiceSpec, back: datetime | None) -> Option:
    if back is None:
        return _said(service, Route.CLOSED, "quota_full", msgid("reason.quota_full"), next_opening=None)
    when = ByLanguage(when_text(back, "id"), when_text(back, "en"))
    return _said(service, Route.CLOSED, "quota_full", msgid("reason.quota_full.return"), {"when": when},
                 next_opening=back)


def classify(service: ServiceSpec, visitor: Visitor, status: OfficeStatus, issued_today: int,
             branch: Branch, priority_reason: str | None = None) -> Option:
    """Where a visit for `service` goes, with the reason and the document checklist (an heir's
    checklist for an heir)."""
    option = _classify(service, visitor, status, issued_today, branch, priority_reason)
    if visitor.heir and service.heir_documents:
        option = replace(option, documents=service.heir_documents,
                         documents_en=service.heir_documents_en or service.heir_documents)
    return option


def _classify(service: ServiceSpec, visitor: Visitor, status: OfficeStatus, issued_today: int,
              branch: Branch, priority_reason: str | None = None) -> Option:
    rule = branch.priority
    refusal = counter_refusal(service, branch)
    if refusal is not None and refusal.code != "front_desk":
        # online only, or no counter here: the reason names the channel or the front desk
        route = Route.ONLINE if service.online is not None else Route.FRONT_DESK
        return _option(service, route, refusal.reason, refusal.reason_en, refusal.code, key=refusal.key)
    if visitor.heir and not service.heirs:
        return _said(service, Route.NOT_ELIGIBLE, "not_for_heirs", msgid("reason.heir.not_for_heirs"),
                     suggest=heir_service(branch), office_open=status.is_open)
    for r in service.eligibility:
        if visitor.heir and r.kind not in HEIR_RULES:
            continue            # the rule is about the participant's own standing, not the heir's claim
        if rule_matches(r, visitor):
            return _option(service, Route.NOT_ELIGIBLE, r.message_id, r.message_en, r.kind,
                           suggest=r.suggest, office_open=status.is_open)
    if not status.is_open:
        return _option(service, Route.CLOSED, status.message_id, status.message_en, status.state,
                       next_opening=status.next_opening, key=status.message_key)
    if refusal is not None:
        return _option(service, Route.FRONT_DESK, refusal.reason, refusal.reason_en, refusal.code,
                       key=refusal.key)
    if service.daily_quota is not None and issued_today >= service.daily_quota:
        return _quota_full(service, status.next_day_opening)
    priority = priority_for(visitor, rule, priority_reason)
    if not visitor.participant.verified:
        return _said(service, Route.QUEUE, "unverified", msgid("reason.unverified"), priority=priority)
    if priority is not None:
        reason = rule.reason(priority)
        name = ByLanguage(reason.name_id, reason.name_en) if reason else priority
        return _said(service, Route.QUEUE, "priority", msgid("reason.priority"), {"name": name}, priority=priority)
    if service.online is not None:
        reason_id, reason_en, key = _channel_text(service.online, msgid("reason.online"))
        return _option(service, Route.ONLINE, reason_id, reason_en, "online", can_queue_anyway=True, key=key)
    return _said(service, Route.QUEUE, "queue", msgid("reason.queue"))


def classify_all(branch: Branch, visitor: Visitor, status: OfficeStatus,
                 issued_today: Mapping[str, int], priority_reason: str | None = None
                 ) -> list[Option]:
    """One option per service of the branch, in the configured order."""
    return [classify(s, visitor, status, issued_today.get(s.code, 0), branch, priority_reason)
            for s in branch.services]
