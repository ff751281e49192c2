"""Visit classification: every rule kind on its own, then the default branch's real cases."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import load_config
from kiosk.domain.branch import CounterSpec, EligibilityRule, OnlineChannel, PriorityRule, ServiceSpec
from kiosk.domain.classification import Route, Visitor, can_issue, classify, classify_all, rule_matches
from kiosk.domain.hours import office_status
from kiosk.domain.participant import Participant, Status

WIB = ZoneInfo("Asia/Jakarta")
BRANCH = load_config().branch
OPEN = office_status(BRANCH.hours, datetime(2026, 11, 23, 9, tzinfo=WIB))
BREAK = office_status(BRANCH.hours, datetime(2026, 11, 23, 12, 15, tzinfo=WIB))
WEEKEND = office_status(BRANCH.hours, datetime(2026, 11, 28, 9, tzinfo=WIB))
RULE = PriorityRule(every_n_regular=3, age_threshold=60)


def member(status=Status.ACTIVE, segment="PU", programs=("JHT", "JKK", "JKM", "JP")):
    return Participant(verified=True, found=True, status=status, segment=segment,
                       programs=frozenset(programs))


def visitor(age=40, participant=None):
    return Visitor(age=age, sex="M", participant=participant or member())


def serving(spec):
    """The default branch with `spec` as its only service, served at counter 1."""
    return replace(BRANCH, services=(spec,), counters=(CounterSpec(1, (spec.code,)),), priority=RULE)


def opt(code, v, status=OPEN, issued=0, reason=None):
    return classify(BRANCH.service(code), v, status, issued, BRANCH, reason)


# ---------------------------------------------------------------- each rule kind


def rule(kind, age=None, values=()):
    return EligibilityRule(kind, "pesan", "message", age=age, values=frozenset(values))


@pytest.mark.parametrize("r,v,expected", [
    (rule("min_age", age=59), visitor(58), True),
    (rule("min_age", age=59), visitor(59), False),
    (rule("min_age", age=59), visitor(None), False),                 # age unknown: no match
    (rule("max_age", age=17), visitor(18), True),
    (rule("max_age", age=17), visitor(17), False),
    (rule("segments", values=["BPU"]), visitor(participant=member(segment="PU")), True),
    (rule("segments", values=["BPU"]), visitor(participant=member(segment="bpu")), False),
    (rule("segments", values=["BPU"]), visitor(participant=member(segment=None)), False),
    (rule("excluded_segments", values=["BPU"]), visitor(participant=member(segment="BPU")), True),
    (rule("excluded_segments", values=["BPU"]), visitor(participant=member(segment="PU")), False),
    (rule("statuses", values=["active"]), visitor(participant=member(Status.UNPAID)), True),
    (rule("statuses", values=["active"]), visitor(participant=member(Status.ACTIVE)), False),
    (rule("excluded_statuses", values=["deceased"]), visitor(participant=member(Status.DECEASED)),
     True),
    (rule("excluded_statuses", values=["deceased"]), visitor(participant=member(Status.ACTIVE)),
     False),
    (rule("programs", values=["JP"]), visitor(participant=member(programs=("JHT",))), True),
    (rule("programs", values=["JP"]), visitor(participant=member(programs=("JHT", "JP"))), False),
    (rule("programs", values=["JP"]), visitor(participant=member(programs=())), False),  # unknown
    (rule("registered"), visitor(participant=Participant.not_found()), True),
    (rule("registered"), visitor(participant=member()), False),
    (rule("active_under_age_means_employed", age=56, values=["PU"]), visitor(40), True),
    (rule("active_under_age_means_employed", age=56, values=["PU"]), visitor(56), False),
    (rule("active_under_age_means_employed", age=56, values=["PU"]),
     visitor(40, member(Status.INACTIVE)), False),
    (rule("active_under_age_means_employed", age=56, values=["PU"]),
     visitor(40, member(segment="BPU")), False),
])
def test_rule(r, v, expected):
    assert rule_matches(r, v) is expected


@pytest.mark.parametrize("kind,values", [
    ("segments", ["BPU"]), ("excluded_segments", ["PU"]), ("statuses", ["deceased"]),
    ("excluded_statuses", ["active"]), ("programs", ["JKP"]), ("registered", []),
])
def test_status_rules_are_skipped_for_an_unverified_visit(kind, values):
    v = visitor(participant=Participant.unavailable())
    assert not rule_matches(rule(kind, values=values), v)


def test_status_rules_need_a_found_record():
    v = visitor(participant=Participant.not_found())
    assert not rule_matches(rule("excluded_segments", values=["PU"]), v)
    assert not rule_matches(rule("statuses", values=["active"]), v)


def test_age_rules_apply_even_when_unverified():
    v = visitor(30, Participant.unavailable())
    assert rule_matches(rule("min_age", age=59), v)


def test_first_matching_rule_wins():
    spec = ServiceSpec("X", "X", "X", "X", eligibility=(
        EligibilityRule("min_age", "muda", "young", age=50),
        EligibilityRule("excluded_segments", "bpu", "bpu", values=frozenset({"BPU"})),
    ))
    o = classify(spec, visitor(30, member(segment="BPU")), OPEN, 0, serving(spec))
    assert (o.route, o.reason, o.reason_code) == (Route.NOT_ELIGIBLE, "muda", "min_age")


# ---------------------------------------------------------------- the default branch


def test_jht_while_still_employed_under_56():
    o = opt("JHT", visitor(40))
    assert o.route is Route.NOT_ELIGIBLE and o.reason_code == "active_under_age_means_employed"
    assert "56" in o.reason and o.suggest == "INFO"
    assert not o.can_issue()
    assert o.documents == BRANCH.service("JHT").documents      # the checklist still shows


def test_jht_after_leaving_work_goes_online_but_may_queue():
    o = opt("JHT", visitor(40, member(Status.INACTIVE)))
    assert o.route is Route.ONLINE and o.can_queue_anyway and o.can_issue()
    assert o.online.name.startswith("Lapak Asik") and "online" in o.reason
    assert not o.priority


def test_jht_at_56_while_still_active():
    assert opt("JHT", visitor(56)).route is Route.ONLINE


def test_elderly_visitors_get_priority_and_a_ticket_not_an_app():
    o = opt("JHT", visitor(63, member(Status.INACTIVE)))
    assert o.route is Route.QUEUE and o.priority and o.priority_reason == "lansia"
    assert o.reason == "Layanan Prioritas: Lansia (60 tahun ke atas)."
    assert o.online is not None            # the channel is still mentioned


def test_staff_given_priority_reason():
    o = opt("INFO", visitor(30), reason="hamil")
    assert o.priority and o.priority_reason == "hamil" and o.reason == "Layanan Prioritas: Ibu hamil."
    o = opt("INFO", visitor(30), reason="kursi roda")
    assert o.priority and "kursi roda" in o.reason


def test_deceased_participant_own_jht_goes_to_the_heir_claim():
    o = opt("JHT", visitor(50, member(Status.DECEASED)))
    assert o.route is Route.NOT_ELIGIBLE and o.suggest == "JKM" and "ahli waris" in o.reason
    assert opt("JKM", visitor(50, member(Status.DECEASED))).route is Route.QUEUE


def test_jp_rules():
    bpu = opt("JP", visitor(60, member(segment="BPU", programs=("JHT", "JKK", "JKM"))))
    assert bpu.route is Route.NOT_ELIGIBLE and bpu.reason_code == "excluded_segments"
    young = opt("JP", visitor(45))
    assert young.route is Route.NOT_ELIGIBLE and young.reason_code == "min_age"
    assert "59" in young.reason
    assert opt("JP", visitor(59, member(Status.INACTIVE))).route is Route.QUEUE


def test_jkp_is_online_only():
    o = opt("JKP", visitor(30))
    assert o.route is Route.ONLINE and o.reason_code == "online_only" and not o.can_queue_anyway
    assert o.online.online_only and not o.can_queue_anyway and "online" in o.reason


def test_not_registered_gets_registration_info():
    v = visitor(40, Participant.not_found())
    o = opt("JKK", v)
    assert o.route is Route.NOT_ELIGIBLE and o.reason_code == "registered" and o.suggest == "INFO"
    assert "belum terdaftar" in o.reason
    assert opt("INFO", v).route is Route.QUEUE            # registration happens there


def test_front_desk_needs_no_ticket():
    o = opt("CEK", visitor())
    assert o.route is Route.FRONT_DESK and not o.can_issue()


def test_closed_and_break_carry_the_next_opening():
    o = opt("INFO", visitor(), status=WEEKEND)
    assert o.route is Route.CLOSED and o.next_opening == datetime(2026, 11, 30, 8, tzinfo=WIB)
    assert o.reason.startswith("Layanan tutup — buka kembali")
    o = opt("INFO", visitor(), status=BREAK)
    assert o.route is Route.CLOSED and o.reason == "Istirahat — buka kembali pukul 13.00"
    assert o.next_opening == datetime(2026, 11, 23, 13, tzinfo=WIB)
    # online only stays online even when closed (no reason to come back)
    assert opt("JKP", visitor(), status=WEEKEND).route is Route.ONLINE


def test_quota_used():
    quota = BRANCH.service("JKM").daily_quota
    assert opt("JKM", visitor(), issued=quota - 1).route is Route.QUEUE
    o = opt("JKM", visitor(), issued=quota)
    assert o.route is Route.CLOSED and o.reason_code == "quota_full"
    assert o.reason.startswith("Kuota layanan hari ini sudah penuh — silakan datang kembali Selasa")
    assert o.next_opening == datetime(2026, 11, 24, 8, tzinfo=WIB)


def test_unverified_visit_queues_without_status_rules():
    v = visitor(40, Participant.unavailable())
    o = opt("JHT", v)
    assert o.route is Route.QUEUE and o.reason_code == "unverified"
    assert "belum terverifikasi" in o.reason
    # age rules still apply, online-only still online-only
    assert opt("JP", v).route is Route.NOT_ELIGIBLE
    assert opt("JKP", v).route is Route.ONLINE
    assert opt("JHT", visitor(70, Participant.unavailable())).priority


def test_classify_all_gives_one_option_per_service_in_order():
    options = classify_all(BRANCH, visitor(40), OPEN, {"JHT": 0})
    assert [o.code for o in options] == [s.code for s in BRANCH.services]


def test_service_without_online_text_gets_a_plain_sentence():
    spec = ServiceSpec("X", "X", "X", "X", online=OnlineChannel("Aplikasi", online_only=False))
    o = classify(spec, visitor(), OPEN, 0, serving(spec))
    assert o.route is Route.ONLINE and o.reason == "Dapat dilayani secara online melalui Aplikasi."


statuses = st.sampled_from([None, *Status])
participants = st.one_of(
    st.just(Participant.unavailable()), st.just(Participant.not_found()),
    st.builds(member, statuses.filter(lambda s: s is not None),
              st.sampled_from([None, "PU", "BPU", "JAKON", "PMI"]),
              st.sets(st.sampled_from(["JHT", "JKK", "JKM", "JP", "JKP"]))),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BRANCH.services), st.one_of(st.none(), st.integers(0, 110)), participants,
       st.sampled_from([OPEN, BREAK, WEEKEND]), st.integers(0, 100),
       st.sampled_from([None, "disabilitas"]))
def test_every_visit_gets_a_consistent_answer(service, age, participant, status, issued, reason):
    o = classify(service, Visitor(age, "F", participant), status, issued, BRANCH, reason)
    assert o.reason and o.reason_en
    assert o.documents == service.documents
    if o.can_issue():
        # a ticket only while open, within the quota, for a counter service
        assert status.is_open and service.queues
        assert service.daily_quota is None or issued < service.daily_quota
    if o.route is Route.CLOSED:
        assert o.next_opening is not None
    if o.route is Route.ONLINE and o.can_queue_anyway:
        assert not o.priority and participant.verified
    if o.route is Route.ONLINE and not o.can_queue_anyway:
        assert service.online_only and not o.can_issue(assisted=True)
    for assisted in (False, True):
        if o.can_issue(assisted):
            assert status.is_open and service.queues and BRANCH.counters_serving(service.code)
    if o.priority:
        assert reason is not None or (age is not None and age >= BRANCH.priority.age_threshold)


# ---------------------------------------------------------------- the one refusal rule

@pytest.mark.parametrize("route,assisted,anyway,expected", [
    (Route.QUEUE, False, False, True), (Route.QUEUE, True, False, True),
    (Route.ONLINE, False, True, True), (Route.ONLINE, False, False, False),
    (Route.NOT_ELIGIBLE, False, False, False), (Route.NOT_ELIGIBLE, True, False, True),
    (Route.FRONT_DESK, False, False, False), (Route.FRONT_DESK, True, False, False),
    (Route.CLOSED, False, False, False), (Route.CLOSED, True, False, False),
])
def test_can_issue(route, assisted, anyway, expected):
    assert can_issue(route, assisted, can_queue_anyway=anyway) is expected
    assert can_issue(route.value, assisted, can_queue_anyway=anyway) is expected
    assert can_issue(route, assisted, can_queue_anyway=anyway, office_open=False) is (
        expected and route is not Route.NOT_ELIGIBLE)


def test_online_only_and_front_desk_services_refuse_staff_too_and_say_where_to_go():
    jkp = opt("JKP", visitor(40))
    assert jkp.route is Route.ONLINE and jkp.reason_code == "online_only" and not jkp.can_queue_anyway
    assert not jkp.can_issue(assisted=True)
    assert "online lewat SIAPkerja" in jkp.reason and BRANCH.service("JKP").online.url
    cek = opt("CEK", visitor(40))
    assert cek.route is Route.FRONT_DESK and not cek.can_issue(assisted=True)
    assert "meja depan" in cek.reason


def test_a_service_no_counter_serves_is_refused_with_where_to_go():
    spec = BRANCH.service("JHT")
    nobody = replace(BRANCH, counters=tuple(c for c in BRANCH.counters if not c.serves("JHT")))
    o = classify(spec, visitor(40), OPEN, 0, nobody)
    assert (o.route, o.reason_code, o.can_queue_anyway) == (Route.ONLINE, "no_counter", False)
    assert not o.can_issue(assisted=True)
    assert spec.online.name in o.reason and "meja depan" in o.reason and "front desk" in o.reason_en
    plain = replace(spec, online=None)
    o = classify(plain, visitor(40), OPEN, 0, nobody)
    assert (o.route, o.reason_code) == (Route.FRONT_DESK, "no_counter") and not o.can_issue(True)
