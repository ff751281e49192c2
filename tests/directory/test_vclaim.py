from datetime import date

import pytest

from kiosk.directory.base import SourceUnavailable
from kiosk.directory.vclaim import VClaimSource, participant_from_peserta, response_key, signature
from kiosk.domain.participant import Status
from tests.directory.loopback import JsonHandler, serving

pytest.importorskip("cryptography")

CONS_ID, SECRET, USER_KEY, TIMESTAMP = "1234", "rahasia", "kunci-pengguna", "1700000000"
NIK = "3171015708450001"
# Vectors made independently with the openssl command line:
#   printf '1234&1700000000' | openssl dgst -sha256 -hmac rahasia -binary | base64
SIGNATURE = "KPRS9TtuHrVFuDkmpci6eMlvW4INEXDsL4Hh+T+auLo="
#   printf '1234rahasia1700000000' | openssl dgst -sha256
KEY_HEX = "f81a857dfd98bb29369a357f5bf542d7c21294215dd0bf8fbcbef7f30f72b562"
#   LZString (reference JS) of the peserta JSON, then openssl enc -aes-256-cbc -K KEY -iv KEY[:16] -base64 -A
ENCRYPTED = (
    "Rt3CTIMyMbLjfOUa+DuFxNYgt9uSqJxanKLo6mryaiph4H6ASSKDdmmDaDwEcOM+jvgiMNIJ2/TCXpLy/w5xwLAAfUwPCTV3/eAP"
    "xXPnZISFDhjZcZby9FTPyRHH+h1+8NB/G/lNjuccWwW6Hqn5+vleNvfo7ZtuMGrD8qD1MYxFSByBkSGeswjKKX4UusW9ETpFlZlP"
    "tt+fzik/KRj4lnTKwdgNpMsLVaK7ZwfyP0PGXsZ2QMKvGIvESNuX68LOmwa512pXKLiMXwty5cbCKrEjmqCTC/ChLeVDzbZmZcaR"
    "3rcuSvpToetV3rg7SznzkOv9thqON4VQLdBEHHoSzD6hwoSxxudYjNW5TbKB5R21/dpBAI2RL3yOTsfUYZDs3DZ0xzIhkCw1cn0V"
    "fYSjSJvMTUB+CdQ3VpVnBqIz/ALycRI7/x8pueHbufqh0rN8")

SEEN: list = []
ANSWERS = {
    "ok": {"metaData": {"code": "200", "message": "OK"}, "response": ENCRYPTED},
    "missing": {"metaData": {"code": "201", "message": "Peserta Tidak Ditemukan"}, "response": None},
    "refused": {"metaData": {"code": "401", "message": "Signature tidak valid"}, "response": None},
    "tampered": {"metaData": {"code": "200", "message": "OK"}, "response": ENCRYPTED[:-8] + "AAAAAAA="},
}


class Handler(JsonHandler):
    def do_GET(self):
        SEEN.append((self.path, self.headers))
        self.send_json(200, ANSWERS[self.path.split("/")[1]])


@pytest.fixture(scope="module")
def server():
    with serving(Handler) as url:
        yield url


def source(server, kind):
    return VClaimSource(f"{server}/{kind}/vclaim-rest", CONS_ID, SECRET, USER_KEY,
                        clock=lambda: 1700000000.7, today=lambda: date(2026, 11, 22))


def test_signature_and_key_match_independent_vectors():
    assert signature(CONS_ID, SECRET, TIMESTAMP) == SIGNATURE
    key, iv = response_key(CONS_ID, SECRET, TIMESTAMP)
    assert key.hex() == KEY_HEX and iv == key[:16]


def test_lookup_sends_signed_request_and_decrypts_the_answer(server, caplog):
    participant = source(server, "ok").lookup(NIK)
    path, headers = SEEN[-1]
    assert path == f"/ok/vclaim-rest/Peserta/nik/{NIK}/tglSEP/2026-11-22"
    assert headers["X-cons-id"] == CONS_ID and headers["X-timestamp"] == TIMESTAMP
    assert headers["X-signature"] == SIGNATURE and headers["user_key"] == USER_KEY
    assert participant.found and participant.verified
    assert participant.status is Status.ACTIVE and participant.status_text == "AKTIF"
    assert participant.segment == "PEKERJA MANDIRI"
    assert participant.sex == "F" and participant.birth_date == date(1945, 8, 17)
    assert participant.name == "SITI AMINAH"
    assert NIK not in caplog.text


def test_not_registered(server):
    participant = source(server, "missing").lookup(NIK)
    assert participant.verified and not participant.found


@pytest.mark.parametrize("kind", ["refused", "tampered"])
def test_refused_or_unreadable_answers_are_unavailable(server, kind, caplog):
    with pytest.raises(SourceUnavailable):
        source(server, kind).lookup(NIK)
    assert NIK not in caplog.text


@pytest.mark.parametrize("code, wording, status", [
    ("1", "MENINGGAL", Status.DECEASED),
    ("7", "PENANGGUHAN PESERTA", Status.SUSPENDED),
    ("9", "NON AKTIF KARENA PREMI", Status.UNPAID),
    ("2", "KELUAR KEMAUAN SENDIRI", Status.INACTIVE),
])
def test_any_code_but_zero_is_not_active_and_keeps_its_wording(code, wording, status):
    participant = participant_from_peserta({"statusPeserta": {"kode": code, "keterangan": wording},
                                            "jenisPeserta": {"kode": "1", "keterangan": "PBI (APBN)"},
                                            "sex": "L", "tglLahir": "1961-07-06"})
    assert participant.status is status and participant.status_text == wording
    assert participant.sex == "M" and participant.segment == "PBI (APBN)"
