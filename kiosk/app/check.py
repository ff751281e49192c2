"""Check a NIK: the participant's status and where each kind of visit goes today."""
from __future__ import annotations

import logging
from datetime import timedelta

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import CheckResult, ServiceOption
from kiosk.directory.base import SourceUnavailable, with_nik_facts
from kiosk.domain import classification, errors
from kiosk.domain.booking import quota_count
from kiosk.domain.classification import Route
from kiosk.domain.hours import serving_minutes_left
from kiosk.domain.nik import NikError, NikInfo, parse_nik
from kiosk.domain.participant import Participant
from kiosk.domain.wait import late_warning

log = logging.getLogger("anjungan.services")
LATE_WARNING_ROUTES = (Route.QUEUE, Route.ONLINE)


def lookup(app: AppCore, info: NikInfo) -> Participant:
    try:
        participant = app.directory.lookup(info.nik)
    except SourceUnavailable:
        log.warning("participant status source unavailable (NIK %s)", info.masked)
        participant = Participant.unavailable()
    except errors.StoreUnavailable:
        participant = Participant.unavailable()
    return with_nik_facts(participant, info)


def parse_nik_or_fail(app: AppCore, nik: str | None) -> NikInfo:
    """A NIK for a ticket: an empty or malformed one is refused with the reason."""
    try:
        return parse_nik(nik or "", app.today())
    except NikError as exc:
        raise errors.InvalidNik(exc.message, exc.message_en, key=exc.key) from None


def check(app: AppCore, nik_text: str, heir: bool = False, heir_age: int | None = None) -> CheckResult:
    """The participant's status and every service's route; `heir`: the visitor is the heir of
    the (deceased) holder of the NIK (heir services and documents, no priority from the NIK;
    `heir_age`: her own age, when she gave it, for her priority)."""
    today = app.today()
    try:
        info = parse_nik(nik_text, today)
    except NikError as exc:
        return CheckResult(nik_valid=False, error=exc.message, error_en=exc.message_en, error_code=exc.code)
    participant = lookup(app, info)
    visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant, heir=heir,
                                     heir_age=heir_age)
    return CheckResult(nik_valid=True, nik=info, participant=participant, options=tuple(_options(app, visitor)),
                       checked_on=today, heir=heir)


def nik_of_card(app: AppCore, card_number: str) -> str | None:
    """The NIK of the holder of a scanned membership card, from the status source; None when the
    card is unknown or the source cannot resolve cards. The source being down raises
    `SourceUnavailable` (the participant types the NIK instead)."""
    lookup_card = getattr(app.directory, "lookup_card", None)
    return lookup_card(card_number) if lookup_card is not None else None


def check_card(app: AppCore, card_number: str) -> CheckResult | None:
    """`check` for the holder of a scanned membership card; None when the card is unknown."""
    nik = nik_of_card(app, card_number)
    return check(app, nik) if nik is not None else None


def _options(app: AppCore, visitor: classification.Visitor) -> list[ServiceOption]:
    now = app.now()
    with app.uow(write=False) as uow:
        counts = uow.queue.service_counts(app.today())
        held = uow.bookings.held(app.today(), now - timedelta(minutes=app.config.bookings.late_min))
    minutes, paused = queries.timing_figures(app)
    office = app.office_status()
    # places held by bookings count as used (kiosk.domain.booking)
    issued = {code: quota_count(counts.get(code, {}).get("issued", 0), held.get(code, 0))
              for code in set(counts) | set(held)}
    minutes_left = serving_minutes_left(app.branch.hours, app.now())
    options = []
    for option in classification.classify_all(app.branch, visitor, office, issued):
        spec = option.service
        waiting = counts.get(spec.code, {}).get("waiting", 0)
        estimate = queries.wait_estimate(app, spec, waiting, minutes, paused) if spec.queues else None
        warning = late_warning(estimate, minutes_left) if option.route in LATE_WARNING_ROUTES else None
        options.append(ServiceOption(option, waiting, estimate, warning=warning[0] if warning else None,
                                     warning_en=warning[1] if warning else None))
    return options

