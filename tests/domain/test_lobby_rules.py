"""The lobby's rules, pure: walk-away timing, the KK and heir questions, repeat tickets, which
part of a NIK is wrong, what a scanner typed, the spoken ticket, legibility arithmetic."""
from __future__ import annotations

import math
from datetime import date, datetime

import pytest

from kiosk.domain import classification
from kiosk.domain.branch import Branch, CounterSpec, EligibilityRule, OfficeHours, RULE_EXCLUDED_STATUSES, RULE_REGISTERED, ServiceSpec
from kiosk.domain.formatting import month_text
from kiosk.domain.idle import MIN_EXTENSIONS, MIN_WARNING_S, IdlePhase, IdleRule
from kiosk.domain.legibility import HALL, Viewing, arcmin, height_for_arcmin, short_side_mm
from kiosk.domain.nik import NikError, nik_problem, problem_part_key, problem_span
from kiosk.domain.participant import Participant, Status
from kiosk.domain.reference import qr_reference
from kiosk.domain.scan import ScanBurst, ScanKind, read_scan
from kiosk.domain.speech import spoken_number, ticket_sentence
from kiosk.domain.visit import ask_if_family_card, ask_if_heir, ticket_to_return

TODAY = date(2026, 11, 23)


# -- walk-aways ------------------------------------------------------------------------------------
def test_the_warning_comes_after_the_quiet_time_and_counts_down_at_least_20_seconds():
    rule = IdleRule(quiet_s=45)
    assert rule.warning_s >= MIN_WARNING_S and rule.total_s == 45 + rule.warning_s
    assert rule.phase(44.9) is IdlePhase.ACTIVE
    assert rule.phase(45) is IdlePhase.WARNING
    assert rule.phase(rule.total_s - 0.1) is IdlePhase.WARNING
    assert rule.phase(rule.total_s) is IdlePhase.EXPIRED
    assert rule.seconds_left(0) == rule.warning_s
    assert rule.seconds_left(0.2) == rule.warning_s        # rounded up: never 0 with time left
    assert rule.seconds_left(rule.warning_s) == 0


def test_a_warning_shorter_than_20_seconds_or_fewer_than_ten_extensions_is_refused():
    with pytest.raises(ValueError):
        IdleRule(quiet_s=45, warning_s=19)
    with pytest.raises(ValueError):
        IdleRule(quiet_s=45, extensions=9)


def test_the_time_may_be_extended_ten_times_in_a_row():
    rule = IdleRule(quiet_s=45)
    assert [rule.may_extend(n) for n in range(MIN_EXTENSIONS + 1)] == [True] * MIN_EXTENSIONS + [False]


# -- the questions at the door -----------------------------------------------------------------
def test_the_kk_question_is_asked_only_when_the_source_answered_nobody():
    assert ask_if_family_card(Participant.not_found())
    assert not ask_if_family_card(Participant.unavailable())       # the source did not answer
    assert not ask_if_family_card(Participant(found=True, status=Status.ACTIVE))
    assert not ask_if_family_card(None)


def test_the_heir_question_is_asked_for_a_deceased_participant_only():
    assert ask_if_heir(Participant(found=True, status=Status.DECEASED))
    assert not ask_if_heir(Participant(found=True, status=Status.ACTIVE))
    assert not ask_if_heir(Participant.not_found())
    assert not ask_if_heir(Participant(verified=False, found=True, status=Status.DECEASED))


def test_a_waiting_ticket_is_handed_back_unless_staff_insist():
    held = object()
    assert ticket_to_return(held, insist=False) is held
    assert ticket_to_return(held, insist=True) is None
    assert ticket_to_return(None, insist=False) is None


def _branch(*services):
    return Branch(name="B", address="A", timezone="Asia/Jakarta", hours=OfficeHours(), services=services,
                  counters=(CounterSpec(1, tuple(s.code for s in services)),))


def test_an_heir_gets_no_priority_from_the_deceased_and_the_heir_documents():
    deceased = Participant(found=True, status=Status.DECEASED, programs=frozenset({"JHT", "JKM"}))
    jht = ServiceSpec("JHT", "D", "Klaim JHT", "JHT claim", documents=("KTP",), heirs=True,
                      heir_documents=("KTP ahli waris", "Akta kematian"),
                      eligibility=(EligibilityRule(RULE_EXCLUDED_STATUSES, "meninggal", "deceased",
                                                   values=frozenset({"deceased"}), suggest="JKM"),
                                   EligibilityRule(RULE_REGISTERED, "tidak terdaftar", "not registered")))
    data = ServiceSpec("DATA", "B", "Data", "Data", documents=("KTP",))
    branch = _branch(jht, data)
    rule = branch.priority
    as_self = classification.Visitor(age=68, sex="M", participant=deceased)
    as_heir = classification.Visitor(age=68, sex="M", participant=deceased, heir=True)
    assert classification.priority_for(as_self, rule) == "lansia"
    assert classification.priority_for(as_heir, rule) is None
    assert classification.priority_for(as_heir, rule, "disabilitas") == "disabilitas"   # staff can set it
    status = _open_status()
    own = classification.classify(jht, as_self, status, 0, branch)
    assert own.route is classification.Route.NOT_ELIGIBLE and own.suggest == "JKM"
    heir = classification.classify(jht, as_heir, status, 0, branch)
    assert heir.route is not classification.Route.NOT_ELIGIBLE and not heir.priority
    assert heir.documents == ("KTP ahli waris", "Akta kematian")
    other = classification.classify(data, as_heir, status, 0, branch)
    assert other.route is classification.Route.NOT_ELIGIBLE and other.reason_code == "not_for_heirs"


def _open_status():
    from kiosk.domain.branch import DayHours
    from kiosk.domain.hours import office_status
    from datetime import time
    from zoneinfo import ZoneInfo

    hours = OfficeHours(days=(DayHours(time(8), time(15)),) * 5 + (None, None))
    return office_status(hours, datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))


# -- which part of a NIK is wrong --------------------------------------------------------------------
@pytest.mark.parametrize("nik,span,part", [
    ("9971011708450001", (0, 2), "nik.part.province"),
    ("3170011708450001", (2, 4), "nik.part.regency"),
    ("3171001708450001", (4, 6), "nik.part.district"),
    ("3171018101900001", (6, 8), "nik.part.date"),
    ("7105101613610439", (8, 10), "nik.part.date"),
    ("3171013002001234", (6, 12), "nik.part.date"),
    ("7105100607610000", (12, 16), "nik.part.serial"),
])
def test_the_wrong_part_of_a_nik_is_named_by_its_digits(nik, span, part):
    problem = nik_problem(nik, TODAY)
    assert isinstance(problem, NikError)
    assert problem_span(problem) == span
    assert problem_part_key(problem) == part


def test_a_valid_or_unfinished_nik_marks_nothing():
    assert problem_span(nik_problem("3171011708450001", TODAY)) is None
    assert problem_span(nik_problem("3171", TODAY)) is None


# -- what a scanner typed ------------------------------------------------------------------------------
@pytest.mark.parametrize("text,kind,value", [
    ("16012345678", ScanKind.CARD, "16012345678"),
    ("0001234567890", ScanKind.CARD, "0001234567890"),               # JKN card, 13 digits
    ("JMO:16012345678", ScanKind.CARD, "16012345678"),
    ("https://jmo.example/kartu?kpj=16012345678&v=2", ScanKind.CARD, "16012345678"),
    ('{"kpj": "16012345678", "nama": "D"}', ScanKind.CARD, "16012345678"),
    ("3171-0117-0845-0001", ScanKind.NIK, "3171011708450001"),
    ("hello", ScanKind.UNKNOWN, ""),
    ("12345", ScanKind.UNKNOWN, ""),
    ("", ScanKind.UNKNOWN, ""),
])
def test_read_scan(text, kind, value):
    scan = read_scan(text)
    assert scan.kind is kind and scan.value == value


def test_a_ticket_qr_is_read_as_its_ticket():
    scan = read_scan(qr_reference("ABC123", "A-023", TODAY))
    assert scan.kind is ScanKind.TICKET and scan.value == "ABC123"


def test_a_burst_of_fast_keys_ending_in_enter_is_a_scan_and_slow_typing_is_not():
    burst = ScanBurst()
    t = 100.0
    for i, ch in enumerate("16012345678"):
        burst.key(ch, t + i * 0.005)
    assert burst.enter(t + 0.06) == "16012345678"
    for i, ch in enumerate("16012345678"):
        burst.key(ch, t + 1 + i * 0.2)             # a person: 200 ms between keys
    assert burst.enter(t + 1 + 11 * 0.2) is None
    burst.key("1", t + 10)
    assert burst.enter(t + 10.01) is None           # too short to be a card


# -- the spoken ticket ----------------------------------------------------------------------------------
def test_the_ticket_is_spoken_as_words():
    assert spoken_number("D-023") == "D, dua puluh tiga"
    assert spoken_number("A-111") == "A, seratus sebelas"
    assert ticket_sentence("D-023", "Klaim JHT", 3) == \
        "Nomor antrian Anda D, dua puluh tiga. Layanan Klaim JHT. Ada 3 orang di depan Anda."
    assert ticket_sentence("A-001", "Info", 0, "en") == "Your queue number is A, 1. Info. Nobody is ahead of you."


def test_months_are_written_in_words():
    assert month_text("2025-09") == "September 2025"
    assert month_text("2025-09", "en") == "September 2025"
    assert month_text("2026-08") == "Agustus 2026"
    assert month_text("bad") == "bad"


# -- legibility on the hall TV ----------------------------------------------------------------------------
def test_16_arcminutes_at_6_metres_is_about_28_millimetres():
    assert height_for_arcmin(16, 6000) == pytest.approx(27.93, abs=0.01)
    assert arcmin(height_for_arcmin(16, 6000), 6000) == pytest.approx(16)


def test_a_43_inch_tv_is_535_millimetres_high():
    assert short_side_mm(43) == pytest.approx(535.5, abs=0.2)


@pytest.mark.parametrize("resolution,cap_px", [((1366, 768), 41), ((1920, 1080), 57), ((1080, 1920), 57),
                                               ((3840, 2160), 113)])
def test_the_smallest_legible_capital_per_resolution(resolution, cap_px):
    iso = Viewing()
    assert iso.min_cap_px(resolution) == cap_px
    assert iso.arcmin_of(cap_px, resolution) >= 16
    assert iso.arcmin_of(cap_px - 1, resolution) < 16.2


@pytest.mark.parametrize("resolution,cap_px", [((1366, 768), 46), ((1920, 1080), 64), ((3840, 2160), 127)])
def test_the_hall_asks_18_arcminutes(resolution, cap_px):
    assert HALL.min_arcmin == 18
    assert HALL.min_cap_px(resolution) == cap_px
    assert HALL.arcmin_of(cap_px, resolution) >= 18 > HALL.arcmin_of(cap_px - 1, resolution)


def test_font_size_from_the_cap_height():
    assert HALL.min_font_px((1920, 1080), 0.729) == math.ceil(64 / 0.729)
    with pytest.raises(ValueError):
        HALL.min_font_px((1920, 1080), 0)
    closer = Viewing(distance_m=3)
    assert closer.min_cap_px((1920, 1080)) < HALL.min_cap_px((1920, 1080))
