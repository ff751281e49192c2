"""Check a NIK: the participant's status and where each kind of visit goes today."""
from __future__ import annotations

import logging
from datetime import timedelta

from kiosk.app.core import AppCore
from kiosk.app.sources import make_directory
from kiosk.app.views import CheckResult, ServiceOption
from kiosk.directory.base import SourceUnavailable, with_nik_facts
from kiosk.domain import classification, errors
from kiosk.domain.booking import quota_count
from kiosk.domain.branch import ServiceSpec
from kiosk.domain.classification import Route
from kiosk.domain.hours import serving_minutes_left
from kiosk.domain.nik import NikError, NikInfo, parse_nik
from kiosk.domain.participant import Participant
from kiosk.domain.wait import estimate_wait_minutes, late_warning
from kiosk.store.bookings import BookingStore

log = logging.getLogger("anjungan.services")
TIMING_CACHE_S = 3.0
LATE_WARNING_ROUTES = (Route.QUEUE, Route.ONLINE)


class CheckUseCases(AppCore):
    _timing_cache: tuple | None = None

    # -- the participant directory ------------------------------------------------------------
    @property
    def directory(self):
        if self._directory is None:
            self._directory = make_directory(self.config.directory, self.engine, self.today)
        return self._directory

    def lookup(self, info: NikInfo) -> Participant:
        try:
            participant = self.directory.lookup(info.nik)
        except SourceUnavailable:
            log.warning("participant status source unavailable (NIK %s)", info.masked)
            participant = Participant.unavailable()
        except errors.StoreUnavailable:
            participant = Participant.unavailable()
        return with_nik_facts(participant, info)

    def parse_nik_or_fail(self, nik: str | None) -> NikInfo:
        """A NIK for a ticket: an empty or malformed one is refused with the reason."""
        try:
            return parse_nik(nik or "", self.today())
        except NikError as exc:
            raise errors.InvalidNik(exc.message, exc.message_en, key=exc.key) from None

    # -- check --------------------------------------------------------------------------------
    def check(self, nik_text: str, heir: bool = False) -> CheckResult:
        """The participant's status and every service's route; `heir`: the visitor is the heir of
        the (deceased) holder of the NIK (heir services and documents, no priority from the NIK)."""
        today = self.today()
        try:
            info = parse_nik(nik_text, today)
        except NikError as exc:
            return CheckResult(nik_valid=False, error=exc.message, error_en=exc.message_en, error_code=exc.code)
        participant = self.lookup(info)
        visitor = classification.Visitor(age=info.age(today), sex=info.sex, participant=participant, heir=heir)
        return CheckResult(nik_valid=True, nik=info, participant=participant, options=tuple(self._options(visitor)),
                           checked_on=today, heir=heir)

    def nik_of_card(self, card_number: str) -> str | None:
        """The NIK of the holder of a scanned membership card, from the status source; None when the
        card is unknown or the source cannot resolve cards. The source being down raises
        `SourceUnavailable` (the participant types the NIK instead)."""
        lookup_card = getattr(self.directory, "lookup_card", None)
        return lookup_card(card_number) if lookup_card is not None else None

    def check_card(self, card_number: str) -> CheckResult | None:
        """`check` for the holder of a scanned membership card; None when the card is unknown."""
        nik = self.nik_of_card(card_number)
        return self.check(nik) if nik is not None else None

    def timing_figures(self) -> tuple[dict, set[int]]:
        """Recent service times and paused counters, for estimates; a few seconds old at most."""
        now = self.now()
        cached = self._timing_cache
        if cached is None or not (0 <= (now - cached[0]).total_seconds() < TIMING_CACHE_S):
            with self.uow(write=False) as q:
                cached = (now, q.recent_service_minutes(self.today()), q.paused_counters())
            self._timing_cache = cached
        return cached[1], cached[2]

    def forget_timing(self) -> None:
        self._timing_cache = None

    def estimate(self, spec: ServiceSpec, ahead: int, minutes: dict, paused: set[int]) -> int | None:
        open_counters = sum(1 for c in self.branch.counters_serving(spec.code) if c.number not in paused)
        return estimate_wait_minutes(ahead, minutes.get(spec.code) or [], open_counters, spec.service_minutes)

    def _options(self, visitor: classification.Visitor) -> list[ServiceOption]:
        now = self.now()
        with self.uow(write=False) as q:
            counts = q.service_counts(self.today())
            held = BookingStore(q.conn).held(self.today(), now - timedelta(minutes=self.config.bookings.late_min))
        minutes, paused = self.timing_figures()
        office = self.office_status()
        # places held by bookings count as used (kiosk.domain.booking)
        issued = {code: quota_count(counts.get(code, {}).get("issued", 0), held.get(code, 0))
                  for code in set(counts) | set(held)}
        minutes_left = serving_minutes_left(self.branch.hours, self.now())
        options = []
        for option in classification.classify_all(self.branch, visitor, office, issued):
            spec = option.service
            waiting = counts.get(spec.code, {}).get("waiting", 0)
            estimate = self.estimate(spec, waiting, minutes, paused) if spec.queues else None
            warning = late_warning(estimate, minutes_left) if option.route in LATE_WARNING_ROUTES else None
            options.append(ServiceOption(option, waiting, estimate, warning=warning[0] if warning else None,
                                         warning_en=warning[1] if warning else None))
        return options
