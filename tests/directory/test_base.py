from datetime import date

from kiosk.directory.base import ParticipantSource, SourceUnavailable, status_from_word, with_nik_facts
from kiosk.directory.http import HttpSource
from kiosk.domain.nik import parse_nik
from kiosk.domain.participant import Participant, Status
from kiosk.domain.errors import AnjunganError

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


def test_http_source_satisfies_the_protocol():
    assert isinstance(HttpSource("http://127.0.0.1:1/p/{nik}"), ParticipantSource)
