"""The KTP tray in the kiosk's Qt-free visit model (`flow.ktp`), on a real branch database: the
camera's reads are scripted here (the reader itself: tests/ktp), the rest is the real visit."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.ktp.reader import KtpRead
from kiosk.services import Change, KioskSettings, Step, VisitFlow
from tests.ui.conftest import ELDERLY_NIK, scripted_rows

SURE = KtpRead("ktp", ELDERLY_NIK, True, True, date(1945, 8, 17), True, 900)
UNSURE = KtpRead("ktp", ELDERLY_NIK, True, False, date(1945, 8, 17), None, 900)
EMPTY = KtpRead("none")


class Tray:
    """The branch's use cases, with a camera whose reads are given in advance."""

    def __init__(self, svc, reads):
        self._svc, self.reads, self.frames = svc, list(reads), 0

    def read_ktp(self, picture):
        self.frames += 1
        return self.reads.pop(0) if self.reads else EMPTY

    def __getattr__(self, name):
        return getattr(self._svc, name)


@pytest.fixture
def branch(make_services):
    svc = make_services()
    svc.import_participants(scripted_rows())
    return svc


def flow_with(branch, *reads) -> VisitFlow:
    flow = VisitFlow(Tray(branch, reads), KioskSettings(), clock=lambda: 0.0)
    flow.events = []
    flow.listen(flow.events.append)
    flow.go_welcome()
    return flow


def test_a_sure_read_on_welcome_asks_with_the_tail_and_birth_date_only_and_yes_goes_on(branch):
    flow = flow_with(branch, SURE)
    assert flow.ktp.wanted
    flow.ktp.frame(b"frame")
    assert flow.step is Step.KTP_CHECK
    assert flow.ktp.question() == ("NIK ****0001 · lahir 17 Agustus 1945 — benar?",
                                   "NIK ****0001 · born 17 August 1945 — correct?")
    said = " ".join(e.text for e in flow.events if e.change is Change.SAY)
    assert ELDERLY_NIK not in said and "0001" not in said
    flow.ktp.confirm()
    assert flow.step in (Step.SERVICES, Step.STATUS)
    assert flow.visit.result.nik_valid and flow.visit.result.nik.nik == ELDERLY_NIK


def test_an_unsure_read_fills_the_field_for_her_to_check_and_no_empties_it(branch):
    flow = flow_with(branch, UNSURE, SURE)
    flow.ktp.frame(b"frame")
    assert flow.step is Step.NIK
    assert flow.nik.digits == ELDERLY_NIK
    assert flow.nik.note[0].startswith("NIK dari KTP Anda sudah terisi")
    assert not flow.ktp.wanted                   # the field holds digits: the tray waits
    flow.clear_nik()
    flow.ktp.tray_clear = True
    flow.ktp.frame(b"frame")                     # laid again, read sure this time
    assert flow.step is Step.KTP_CHECK
    flow.ktp.reject()
    assert flow.step is Step.NIK and flow.nik.digits == "" and flow.visit.nik == ""


def test_a_card_left_on_the_tray_never_starts_the_next_visit(branch):
    flow = flow_with(branch, SURE, SURE, EMPTY, SURE)
    flow.ktp.frame(b"frame")
    assert flow.step is Step.KTP_CHECK
    flow.go_welcome()                            # she walked away; the card stays on the tray
    assert flow.ktp.sure_read is None and flow.visit.nik == ""
    flow.ktp.frame(b"frame")
    assert flow.step is Step.WELCOME
    flow.ktp.frame(b"frame")                     # the tray seen empty: the next card counts
    flow.ktp.frame(b"frame")
    assert flow.step is Step.KTP_CHECK


@pytest.mark.parametrize("kind, key", [("family_card", "ktp.family_card"), ("other", "ktp.other_card")])
def test_a_family_card_or_another_card_is_named_and_nothing_is_read(branch, kind, key):
    flow = flow_with(branch, KtpRead(kind))
    flow.ktp.frame(b"frame")
    assert flow.step is Step.WELCOME and flow.visit.nik == ""
    assert flow.notice is not None and flow.notice.key == key


def test_without_a_reader_the_kiosk_stops_looking_at_the_tray(branch):
    class NoReader(Tray):
        def read_ktp(self, picture):
            self.frames += 1
            return None

    flow = VisitFlow(NoReader(branch, ()), KioskSettings(), clock=lambda: 0.0)
    flow.go_welcome()
    flow.ktp.frame(b"frame")
    assert not flow.ktp.available and not flow.ktp.wanted
    flow.ktp.frame(b"frame")
    assert flow.cases.frames == 1


def test_no_frame_is_read_while_another_step_is_shown(branch):
    flow = flow_with(branch, SURE)
    flow.start_booking()
    flow.ktp.frame(b"frame")
    assert flow.cases.frames == 0 and flow.step is Step.BOOKING
