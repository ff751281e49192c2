"""The lobby's use cases through the application and the command line: a NIK gets its waiting
ticket back, heirs, a scanned card, a scanned ticket."""
from __future__ import annotations

import json
from types import SimpleNamespace

from kiosk.domain.participant import Status

ELDER = "3171011708450001"
YOUNG = "3171012902001234"
DECEASED = "3171040901580002"


def _rows():
    from datetime import date

    return [SimpleNamespace(nik=YOUNG, name="Dewi Lestari", status=Status.ACTIVE, status_text="Aktif", segment="PU",
                            programs=frozenset({"JHT", "JKK", "JKM", "JP"}), birth_date=date(2000, 2, 29),
                            last_paid="2026-10", card_number="16012345678"),
            SimpleNamespace(nik=DECEASED, name="Hendra Wijaya", status=Status.DECEASED, status_text="Meninggal",
                            segment="PU", programs=frozenset({"JHT", "JKK", "JKM", "JP"}), birth_date=date(1958, 1, 9),
                            last_paid="2026-06", card_number=None)]


def test_a_nik_that_holds_a_waiting_ticket_gets_it_back(svc):
    first = svc.issue(ELDER, "INFO")
    again = svc.issue(ELDER, "INFO")
    assert again.existing and again.ticket_id == first.ticket_id and again.number == first.number
    assert again.ahead == 0 and again.to_json()["existing"] is True
    assert svc.status().to_json()["services"][0]["issued"] == 1          # no number used
    other = svc.issue(ELDER, "ADUAN")                                     # another service: a new ticket
    assert not other.existing


def test_staff_who_insist_get_a_new_ticket(svc):
    first = svc.issue(ELDER, "INFO")
    insisted = svc.issue(ELDER, "INFO", assisted=True)
    assert not insisted.existing and insisted.number != first.number
    asked = svc.issue(ELDER, "INFO", assisted=True, insist=False)       # the kiosk's staff mode asks first
    assert asked.existing


def test_a_called_ticket_is_no_longer_handed_back(svc):
    first = svc.issue(ELDER, "INFO")
    svc.call_next(1)
    assert not svc.issue(ELDER, "INFO").existing and first.number.endswith("001")


def test_held_tickets_and_a_scanned_ticket(svc):
    issued = svc.issue(ELDER, "ADUAN")
    held = svc.held_tickets(ELDER)
    assert list(held) == ["ADUAN"] and held["ADUAN"].number == issued.number
    assert svc.held_tickets(YOUNG) == {}
    scanned = svc.ticket_status(issued.ticket_data.qr_payload)
    assert scanned.number == issued.number and scanned.existing and scanned.state == "waiting"
    assert svc.ticket_status("ANJ1:A-001:20261123:NOPE") is None
    assert svc.ticket_status("") is None


def test_an_heir_checks_with_the_heir_documents_and_no_priority(svc):
    svc.import_participants(_rows())
    own = {o.service: o for o in svc.check(DECEASED).options}
    heir = {o.service: o for o in svc.check(DECEASED, heir=True).options}
    assert own["INFO"].priority                                      # 68 years old by the NIK
    assert not any(o.priority for o in heir.values())
    assert any("ahli waris" in d for d in heir["JHT"].documents)
    assert heir["DATA"].route == "not_eligible"
    ticket = svc.issue(DECEASED, "JKM", heir=True)
    assert not ticket.priority


def test_a_scanned_card_finds_its_holder(svc):
    svc.import_participants(_rows())
    result = svc.check_card("16012345678")
    assert result is not None and result.nik.nik == YOUNG
    assert svc.check_card("99999999999") is None


def test_an_import_without_card_numbers_keeps_the_known_card(svc):
    rows = _rows()
    svc.import_participants(rows)
    rows[0].card_number = None
    svc.import_participants(rows)
    assert svc.nik_of_card("16012345678") == YOUNG


def test_cli_issue_answers_with_the_held_ticket_unless_staff_insist(cli_run):
    first = json.loads(cli_run("issue", "--nik", ELDER, "--service", "INFO", "--json").stdout)
    assert first["existing"] is False
    again = cli_run("issue", "--nik", ELDER, "--service", "INFO", "--json")
    assert again.returncode == 0
    doc = json.loads(again.stdout)
    assert doc["existing"] is True and doc["number"] == first["number"] and doc["ticket_id"] == first["ticket_id"]
    text = cli_run("issue", "--nik", ELDER, "--service", "INFO")
    assert "sudah memegang nomor A-001" in text.stdout
    insisted = json.loads(cli_run("issue", "--nik", ELDER, "--service", "INFO", "--assisted", "--json").stdout)
    assert insisted["existing"] is False and insisted["number"] == "A-002"
