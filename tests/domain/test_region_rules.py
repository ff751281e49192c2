"""What crosses the WAN from a branch to its region, and how the region ranks its branches."""
from __future__ import annotations

from hypothesis import given, strategies as st

from kiosk.domain import region as rules
from kiosk.store.models import metadata


def test_no_nik_name_phone_reference_or_free_text_crosses():
    for table in metadata.tables.values():
        for column in table.columns:
            if any(word in column.name for word in ("nik", "phone", "pin_", "token", "suggestion", "birth")) \
                    or column.name in ("ref", "transfer_reason", "card_number", "token_hash", "pin_hash"):
                assert not rules.crosses(table.name, column.name), f"{table.name}.{column.name}"
    for table in ("participants", "staff_pins", "pin_attempts", "api_tokens", "key_fingerprints"):
        assert table in rules.NEVER_PUBLISHED
        assert not any(rules.crosses(table, c.name) for c in metadata.tables[table].columns if table in metadata.tables)


def test_what_a_report_needs_crosses():
    for table, column in (("tickets", "ticket_id"), ("tickets", "state"), ("tickets", "called_at"),
                          ("events", "data"), ("events", "kind"), ("ratings", "score"), ("skm_responses", "u9"),
                          ("bookings", "slot_end"), ("devices", "name"), ("branch_configs", "sections")):
        assert rules.crosses(table, column), f"{table}.{column}"


@given(st.builds(lambda a, word, b: a + word + b, st.text("abcxyz_", max_size=8),
                 st.sampled_from(("nik", "phone", "name", "token", "pin", "hash")), st.text("abcxyz_", max_size=8)))
def test_a_column_added_later_with_a_personal_name_stays_at_home(column):
    if ("devices", column) != ("devices", "name"):
        assert not rules.crosses("tickets", column)
        assert not rules.crosses("day_summaries", column)


def test_codes_and_the_names_made_of_them():
    assert rules.valid_code("KC01") and rules.valid_code("jakarta_selatan")
    for bad in ("", "-A", "A B", "A;DROP", "X" * 17, "'"):
        assert not rules.valid_code(bad)
    assert rules.subscription_name("KC01") == "anjungan_kc01"
    assert rules.view_schema("KC01") == "anjungan_b_kc01"


def test_the_league_ranks_ikm_then_service_level_then_the_shorter_wait_and_puts_no_survey_last():
    rows = [{"branch": "A", "ikm": None, "service_level_pct": 99.0, "wait_p90_min": 5.0},
            {"branch": "B", "ikm": 80.0, "service_level_pct": 70.0, "wait_p90_min": 30.0},
            {"branch": "C", "ikm": 80.0, "service_level_pct": 90.0, "wait_p90_min": 40.0},
            {"branch": "D", "ikm": 91.5, "service_level_pct": 50.0, "wait_p90_min": 60.0},
            {"branch": "E", "ikm": 80.0, "service_level_pct": 90.0, "wait_p90_min": 20.0}]
    ranked = rules.league(rows)
    assert [r["branch"] for r in ranked] == ["D", "E", "C", "B", "A"]
    assert [r["rank"] for r in ranked] == [1, 2, 3, 4, 5]


def test_a_link_says_what_is_wrong_with_it():
    up = rules.BranchLink("A", True, True, True, "reserved", True, 0.0, 0, 100)
    assert up.connected and up.problem is None
    lost = rules.BranchLink("A", True, False, True, "lost", False, None, None, None)
    assert lost.slot_lost and lost.problem == "region.status.slot_lost"
    away = rules.BranchLink("A", True, False, False, None, False, None, None, None)
    assert not away.connected and away.problem == "region.status.unreachable"


def test_the_monitor_flags_a_cut_silent_or_warning_branch_but_not_a_closed_office():
    from kiosk.domain.monitor import Severity

    assert not rules.in_trouble(True, False, Severity.OK)
    assert not rules.in_trouble(True, False, Severity.CLOSED)
    assert rules.in_trouble(True, False, Severity.WARN) and rules.in_trouble(True, False, Severity.ALERT)
    assert rules.in_trouble(False, False, Severity.OK) and rules.in_trouble(True, True, None)


def test_under_a_bundle_a_branch_changes_itself_only_the_sections_it_lets_it():
    in_force = {"hours": {"monday": {"close": "15.00"}}, "display": {"running_text": ["a"]}, "services": [1]}
    text_only = {**in_force, "display": {"running_text": ["b"]}}
    hours_too = {**text_only, "hours": {"monday": {"close": "14.30"}}}
    assert rules.refused_locally(None, in_force, hours_too) == ()                 # no bundle taken: the branch decides
    default = rules.BundleInForce.of(7, None)
    assert default.local == ("printer", "display", "voice", "web")
    assert rules.refused_locally(default, in_force, text_only) == ()
    assert rules.refused_locally(default, in_force, hours_too) == ("hours",)
    assert rules.refused_locally(default, in_force, {"hours": in_force["hours"]}) == ("services",)   # a section dropped
    assert rules.refused_locally(rules.BundleInForce.of(8, ("display", "hours")), in_force, hours_too) == ()
    assert rules.refused_locally(rules.BundleInForce.of(9, ()), in_force, text_only) == ("display",)
