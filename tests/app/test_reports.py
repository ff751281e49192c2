"""Reports on SQLite and PostgreSQL against figures worked out by hand for a scripted day, the
same figures from today's events and from the closed day's summary, ratings and questionnaires."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.domain import errors

YOUNG = "3171012902001234"
OTHER = "3171015708900001"      # born 1990: not priority
MONDAY = date(2026, 11, 23)


def scripted_day(svc, clock, tmp_path):
    """Monday 09.00–10.35 at counters 1 and 2 (see the expected figures in the tests)."""
    at = lambda h, m: clock.now.replace(hour=h, minute=m, second=0, microsecond=0)  # noqa: E731

    def when(h, m):
        clock.now = at(h, m)

    when(9, 0)
    a1 = svc.issue(YOUNG, "INFO")
    when(9, 5)
    a2 = svc.issue(OTHER, "INFO")
    when(9, 10)
    assert svc.call_next(1).number == a1.number
    when(9, 11)
    assert svc.start_serving(1).state == "serving"
    when(9, 15)
    assert svc.call_next(2).number == a2.number
    when(9, 17)
    svc.recall(2)
    when(9, 25)
    svc.finish(1)
    when(9, 30)
    svc.transfer(2, "DATA", "koreksi data")
    when(9, 32)
    assert svc.call_next(1).service == "DATA"
    when(9, 40)
    svc.finish(1)
    when(9, 41)
    svc.rate(a1.ticket_id, 4)
    svc.rate(a2.ticket_id, 3)              # the ticket it became at DATA is the one rated
    when(9, 45)
    svc.issue(YOUNG, "INFO")
    when(9, 50)
    svc.record_front_desk("CEK")
    when(9, 55)
    svc.record_online_redirect("JKP", kiosk_id="kiosk-1")
    when(10, 30)
    svc.call_next(2)
    when(10, 32)
    svc.recall(2)                          # a no-show only after the branch's grace: 2 calls, 2 minutes
    when(10, 35)
    svc.skip(2)
    paper = tmp_path / "skm.csv"
    paper.write_text("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,sex\n"
                     "2026-11-23,INFO,4,4,4,4,4,4,4,4,4,Perempuan\n"
                     "23/11/2026,INFO,3,3,3,3,3,3,3,3,3,\n", encoding="utf-8")
    imported = svc.import_skm_csv(paper)
    assert (imported.imported, imported.rejected) == (2, ())
    return a1, a2


def check_monday(doc):
    services = {s["service"]: s for s in doc["services"]}
    info, data = services["INFO"], services["DATA"]
    # INFO: waits 10, 10 and 45 minutes; p90 = 10 + 35 × 0.8 = 38; target 30 → 2 of 3 on time
    assert (info["arrivals"], info["served"], info["transferred"], info["no_show"]) == (3, 1, 1, 1)
    assert (info["wait_p50_min"], info["wait_p90_min"], info["wait_max_min"]) == (10.0, 38.0, 45.0)
    assert (info["service_p50_min"], info["service_level_pct"], info["target_wait_min"]) == (14.0, 66.7, 30)
    # DATA: the transferred ticket waited 2 minutes and was served in 8
    assert (data["arrivals"], data["transfers_in"], data["served"]) == (0, 1, 1)
    assert (data["wait_p50_min"], data["service_p50_min"], data["service_level_pct"]) == (2.0, 8.0, 100.0)
    assert data["rating_index"] == 75.0 and info["rating_index"] == 100.0
    assert services["CEK"]["front_desk"] == 1 and services["JKP"]["online"] == 1
    total = doc["total"]
    assert (total["arrivals"], total["served"], total["no_show"], total["front_desk"], total["online"]) == (3, 2, 1, 1, 1)
    assert (total["recalls"], total["walk_p50_min"]) == (2, 1.0)
    counters = {c["counter"]: c for c in doc["counters"]}
    # counter 1: busy 15 + 8 = 23 of its 30 active minutes; counter 2: 15 + 5 of 80
    assert (counters[1]["busy_min"], counters[1]["idle_min"], counters[1]["served"]) == (23.0, 7.0, 2)
    assert (counters[2]["busy_min"], counters[2]["idle_min"], counters[2]["no_show"]) == (20.0, 60.0, 1)
    assert doc["ratings"]["count"] == 2 and doc["ratings"]["index"] == 87.5 and doc["ratings"]["grade"] == "B"
    assert doc["ikm"] == {"value": 87.5, "grade": "B", "respondents": 2,
                          "elements": [{"element": f"u{i}", "nrr": 3.5} for i in range(1, 10)]}
    hours = {h["hour"]: h for h in doc["hours"]}
    assert hours[9]["arrivals"] == 3 and hours[9]["front_desk"] == 1 and hours[9]["online"] == 1
    assert doc["heatmap"]["weekdays"] == [0] and doc["heatmap"]["arrivals"] == [[3]]


def test_a_scripted_day_gives_the_figures_worked_by_hand_today_and_once_it_is_closed(make_services, db_url, clock,
                                                                                        tmp_path):
    svc = make_services(db_url)
    scripted_day(svc, clock, tmp_path)
    live = svc.report(MONDAY, MONDAY).to_json()          # today: straight from today's events
    check_monday(live)
    clock.advance(days=1)
    assert svc.summarise_closed_days(MONDAY, MONDAY) == 1
    closed = svc.report(MONDAY, MONDAY + timedelta(days=1)).to_json()     # Monday from its summary
    check_monday(closed)
    assert svc.summarise_closed_days(MONDAY, MONDAY) == 0                  # kept
    for key in ("services", "counters", "hours", "total", "ikm", "ratings"):
        assert closed[key] == live[key], key


def test_an_event_for_a_closed_days_ticket_summarises_that_day_again(make_services, clock):
    svc = make_services()
    ticket = svc.issue(YOUNG, "INFO")
    svc.call_next(1)
    svc.finish(1)
    clock.advance(days=1)
    assert svc.report(MONDAY, MONDAY).to_json()["total"]["ratings"] == 0
    svc.rate(ticket.ticket_id, 4)          # Tuesday morning: Monday's visit is rated at last
    assert svc.summarise_closed_days(MONDAY, MONDAY) == 1
    assert svc.report(MONDAY, MONDAY).to_json()["total"]["ratings"] == 1


def test_a_visit_left_at_a_counter_is_not_finished_the_next_morning(make_services, clock):
    """The day closed before Tuesday's first action: Monday's called ticket is no counter's any more."""
    svc = make_services()
    svc.issue(YOUNG, "INFO")
    svc.call_next(1)
    clock.advance(days=1)
    assert svc.finish(1) is None
    total = svc.report(MONDAY, MONDAY).to_json()["total"]
    assert (total["served"], total["arrivals"]) == (0, 1)


def test_one_rating_per_finished_visit(make_services, clock):
    svc = make_services()
    ticket = svc.issue(YOUNG, "INFO")
    with pytest.raises(errors.IllegalTransition) as err:
        svc.rate(ticket.ticket_id, 4)
    assert "belum selesai" in err.value.message
    svc.call_next(1)
    svc.finish(1)
    with pytest.raises(errors.AnjunganError) as err:
        svc.rate(ticket.ticket_id, 5)
    assert "1, 2, 3 atau 4" in err.value.message
    view = svc.rate(ticket.ticket_id, "2", source="cli")
    assert (view.number, view.score, view.counter) == (ticket.number, 2, 1)
    with pytest.raises(errors.IllegalTransition) as err:
        svc.rate(ticket.ticket_id, 4)
    assert "sudah dinilai" in err.value.message and "already" in err.value.message_en
    assert svc.rating_of(ticket.ticket_id) == 2
    with pytest.raises(errors.UnknownTicket):
        svc.rate("NOSUCHTICKET", 3)
    assert [e.kind for e in svc.events_after(0)][-1] == "rated"


def test_a_questionnaire_from_the_kiosk_is_kept_once_per_ticket_without_numbers_that_could_be_a_nik(make_services):
    svc = make_services()
    ticket = svc.issue(YOUNG, "INFO")
    svc.call_next(1)
    svc.finish(1)
    answers = {f"u{i}": 4 for i in range(1, 10)}
    svc.submit_survey(answers, ticket_id=ticket.ticket_id, respondent={"sex": "perempuan", "education": "S1"},
                      suggestion=f"NIK saya {YOUNG}, antre lama")
    with pytest.raises(errors.IllegalTransition):
        svc.submit_survey(answers, ticket_id=ticket.ticket_id)
    with pytest.raises(errors.AnjunganError) as err:
        svc.submit_survey({**answers, "u3": 0})
    assert "U3" in err.value.message
    with pytest.raises(errors.AnjunganError) as err:
        svc.submit_survey(answers, respondent={"education": "Sekolah tinggi sekali"})
    assert "education" in err.value.message
    ((day, service, text),) = svc.suggestions(MONDAY, MONDAY)
    assert service == "INFO" and YOUNG not in text and text.endswith("1234, antre lama")
    doc = svc.report(MONDAY, MONDAY).to_json()
    assert doc["ikm"]["value"] == 100.0 and doc["counters"][0]["ikm"] == 100.0


def test_paper_questionnaires_report_bad_rows_by_line(make_services, tmp_path):
    svc = make_services()
    path = tmp_path / "paper.csv"
    path.write_text("Date;Service;U1;U2;U3;U4;U5;U6;U7;U8;U9;Occupation\n"
                    "2026-11-20;JHT;4;4;3;4;3;4;4;3;4;Swasta\n"
                    "2026-11-20;NOPE;4;4;3;4;3;4;4;3;4;\n"
                    "31/02/2026;JHT;4;4;3;4;3;4;4;3;4;\n"
                    "2026-11-20;JHT;4;4;3;4;3;4;9;3;4;\n"
                    "2026-11-20;;4;4;3;4;3;4;4;3;;\n", encoding="utf-8")
    result = svc.import_skm_csv(path)
    assert result.imported == 1
    assert [(e.line, e.reason) for e in result.rejected] == [
        (3, "layanan tidak dikenal 'NOPE'"), (4, "tanggal harus YYYY-MM-DD atau DD/MM/YYYY (bukan '31/02/2026')"),
        (5, "unsur U7: nilai harus 1–4 (bukan 9)"), (6, "unsur U9 belum diisi")]
    bad = tmp_path / "bad.csv"
    bad.write_text("date,u1\n2026-11-20,4\n", encoding="utf-8")
    with pytest.raises(errors.AnjunganError) as err:
        svc.import_skm_csv(bad)
    assert "service" in err.value.message and "u9" in err.value.message
    with pytest.raises(errors.AnjunganError):
        svc.import_skm_csv(tmp_path / "missing.csv")


def test_report_ranges_are_checked(make_services):
    svc = make_services()
    with pytest.raises(errors.AnjunganError):
        svc.report(MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(errors.AnjunganError):
        svc.report(MONDAY - timedelta(days=800), MONDAY)
    assert svc.report(MONDAY + timedelta(days=3), MONDAY + timedelta(days=4)).empty
