"""Membership card numbers in the directory: the CSV column, the demo data, the HTTP source."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.directory.base import SourceUnavailable
from kiosk.directory.csvfile import ParticipantRow, RowError, read_participants_text
from kiosk.directory.demo import demo_card_number, demo_rows
from kiosk.directory.http import HttpSource
from tests.directory.loopback import JsonHandler, serving

TODAY = date(2026, 11, 23)
NIK = "3171011708450001"
CARDS = {
    "16012345678": (200, {"nik": NIK, "status": "aktif", "card_number": "16012345678"}),
    "16000000000": (404, {}),
    "16099999999": (200, {"nik": "123", "status": "aktif"}),
}


def test_the_csv_card_number_column_is_optional_and_checked():
    text = ("nik,name,status,segment,programs,card_number\n"
            f"{NIK},Slamet,aktif,PU,JHT,1601-2345-678\n"
            "3171012902001234,Dewi,aktif,PU,JHT,\n"
            "7105100607610439,Agus,aktif,BPU,JKK,12AB\n")
    rows = list(read_participants_text(text, TODAY))
    assert isinstance(rows[0], ParticipantRow) and rows[0].card_number == "16012345678"
    assert isinstance(rows[1], ParticipantRow) and rows[1].card_number is None
    assert isinstance(rows[2], RowError) and rows[2].line == 4 and "kartu" in rows[2].reason
    plain = list(read_participants_text("nik,name,status,segment,programs\n" f"{NIK},S,aktif,PU,JHT\n", TODAY))
    assert plain[0].card_number is None


def test_demo_participants_have_stable_eleven_digit_cards():
    rows = list(demo_rows(20, seed=1, today=TODAY))
    assert all(len(r.card_number) == 11 and r.card_number.isdigit() for r in rows)
    assert rows[0].card_number == demo_card_number(rows[0].nik)
    assert len({r.card_number for r in rows}) == 20


class Handler(JsonHandler):
    def do_GET(self):
        card = self.path.rstrip("/").split("/")[-1]
        status, doc = CARDS.get(card, (404, {}))
        self.send_json(status, doc)


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as url:
        yield url


def test_the_http_source_finds_the_holder_of_a_card(server):
    source = HttpSource(f"{server}/p/{{nik}}", card_url=f"{server}/cards/{{card}}")
    assert source.lookup_card("16012345678") == NIK
    assert source.lookup_card("16000000000") is None            # unknown card
    with pytest.raises(SourceUnavailable):
        source.lookup_card("16099999999")                        # not a NIK in the answer
    assert HttpSource(f"{server}/p/{{nik}}").lookup_card("16012345678") is None   # no card_url: no cards
