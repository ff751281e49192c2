import socket
from datetime import date

import pytest

from kiosk.directory.base import UNAVAILABLE_ID, SourceUnavailable, status_from_word, with_nik_facts
from kiosk.directory.http import HttpSource
from kiosk.directory.vclaim import VClaimSource
from kiosk.domain.nik import parse_nik
from kiosk.domain.participant import Participant, Status
from kiosk.domain.errors import AnjunganError
from tests.directory.loopback import JsonHandler, serving

TODAY = date(2026, 11, 22)


def test_nik_facts_fill_only_what_the_source_lacks():
    info = parse_nik("3171015708450001", TODAY)        # woman, 1945-08-17
    filled = with_nik_facts(Participant(found=True, status=Status.ACTIVE), info)
    assert filled.birth_date == date(1945, 8, 17) and filled.sex == "F"
    assert filled.status is Status.ACTIVE and filled.found
    own = Participant(found=True, birth_date=date(1945, 8, 18), sex="M")
    kept = with_nik_facts(own, info)
    assert kept.birth_date == date(1945, 8, 18) and kept.sex == "M"
    assert with_nik_facts(Participant.unavailable(), info).verified is False
    assert with_nik_facts(own, None) is own


def test_source_unavailable_is_a_plain_sentence():
    err = SourceUnavailable(detail="HTTP 500")
    assert isinstance(err, AnjunganError)
    assert str(err) == "Status peserta belum dapat diperiksa"
    assert err.message_en and err.detail == "HTTP 500"


def test_status_words_in_english_and_indonesian():
    assert status_from_word("ACTIVE") is Status.ACTIVE
    assert status_from_word("  Tidak   Aktif ") is Status.INACTIVE
    assert status_from_word("meninggal dunia") is Status.DECEASED
    assert status_from_word("menunggak") is Status.UNPAID
    assert status_from_word("actve") is None


NIK = "3171015708450001"


class KnowsNobody(JsonHandler):
    """A participant service that knows no one: HTTP 404, or VClaim's code 201."""

    def do_GET(self):
        if "/Peserta/nik/" in self.path:
            status, body = 200, {"metaData": {"code": "201", "message": "Peserta Tidak Ditemukan"}, "response": None}
        else:
            status, body = 404, {}
        self.send_json(status, body)


@pytest.fixture(scope="module")
def knows_nobody():
    with serving(KnowsNobody) as url:
        yield url


def nobody_listens() -> str:
    with socket.socket() as probe:                 # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


# Every remote source the office can configure, as the services build them.
SOURCES = {
    "http": lambda base: HttpSource(f"{base}/participants/{{nik}}", timeout_s=1),
    "vclaim": lambda base: VClaimSource(f"{base}/vclaim-rest", "1234", "rahasia", "kunci", timeout_s=1,
                                        today=lambda: TODAY),
}


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_every_source_answers_not_registered_as_a_verified_not_found(kind, knows_nobody):
    source = SOURCES[kind](knows_nobody)
    assert source.name == kind
    assert source.lookup(NIK) == Participant.not_found()


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_every_source_that_cannot_answer_raises_source_unavailable(kind, caplog):
    # the services catch SourceUnavailable only: anything else would break the visit
    with pytest.raises(SourceUnavailable) as caught:
        SOURCES[kind](nobody_listens()).lookup(NIK)
    assert type(caught.value) is SourceUnavailable
    assert str(caught.value) == UNAVAILABLE_ID and caught.value.detail
    assert NIK not in caught.value.detail and NIK not in caplog.text


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_every_source_asks_only_for_a_validated_nik(kind, knows_nobody):
    for bad in ("3171", "31710157084500012", "317101570845000x"):
        with pytest.raises(ValueError, match="16 digits"):
            SOURCES[kind](knows_nobody).lookup(bad)
