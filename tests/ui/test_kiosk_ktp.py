"""The KTP laid on the kiosk's tray, through the real kiosk window with the camera that plays
picture files: camera → "NIK ****0001 · lahir 17 Agustus 1945 — benar?" → check → ticket."""
from __future__ import annotations

from datetime import date

import pytest

from tests.ui.conftest import ELDERLY_NIK, Driver

pytest.importorskip("rapidocr_onnxruntime")
pytest.importorskip("cv2")

READ_MS = 30_000            # the first read loads the OCR model; a busy test machine is slow


def _tray_picture(path, nik=ELDERLY_NIK, born=date(1945, 8, 17), sex="M", angle=8.0):
    from kiosk.demo.ktp_pictures import KtpFace, Spoil, draw_ktp, on_tray

    face = KtpFace(nik=nik, name="SLAMET RIYADI", birth_date=born, sex=sex)
    on_tray(draw_ktp(face, seed=3), Spoil(angle=angle, blur=0.8), seed=3).save(path)
    return path


def _all_text(window) -> str:
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

    texts = [w.text() for kind in (QLabel, QAbstractButton, QLineEdit) for w in window.findChildren(kind)
             if w.isVisible()]
    return "\n".join(texts)


class Presses:
    """Counts the participant's touches on the window's buttons."""

    def __init__(self, drive: Driver):
        self.drive, self.count = drive, 0

    def tap(self, name: str) -> None:
        self.count += 1
        self.drive.tap(name)


def test_a_ktp_on_the_tray_gives_a_ticket_in_four_touches_without_the_nik_on_screen(qtbot, make_kiosk, tmp_path):
    from kiosk.ui.kiosk.camera import FileCamera

    window = make_kiosk()
    drive = Driver(qtbot, window)
    assert drive.widget("ktpHint_welcome").isVisible() is False       # no camera configured: no promise
    camera = FileCamera()
    camera.play(_tray_picture(tmp_path / "ktp.png"))
    window.ktp_watch.use(camera)
    assert drive.text("ktpHint_welcome").endswith("Letakkan KTP di sini")
    drive.wait_screen("ktpCheck", timeout=READ_MS)
    assert drive.text("ktpQuestion") == "NIK ****0001 · lahir 17 Agustus 1945 — benar?"
    assert ELDERLY_NIK not in _all_text(window)
    presses = Presses(drive)
    presses.tap("ktpConfirm")
    if drive.wait_screens("status", "visit") == "status":
        presses.tap("statusNext")
    drive.wait_screen("visit")
    screen = window.visit_screen
    if screen.showing_groups:
        presses.tap(f"group_{window.svc.branch.service('INFO').group}")
    presses.tap("service_INFO")
    drive.wait_screen("documents")
    presses.tap("ticketConfirm")
    drive.wait_screen("ticket")
    qtbot.waitUntil(lambda: window.visit.ticket is not None, timeout=10000)
    assert window.visit.ticket.priority            # 81 years old, read from the card's NIK
    assert presses.count <= 4
    assert ELDERLY_NIK not in _all_text(window)


def test_no_on_the_question_empties_the_field_and_a_family_card_is_named_not_read(qtbot, make_kiosk, tmp_path):
    from kiosk.demo.ktp_pictures import Spoil, draw_family_card, empty_tray, on_tray
    from kiosk.ui.kiosk.camera import FileCamera

    window = make_kiosk()
    drive = Driver(qtbot, window)
    family = tmp_path / "kk.png"
    on_tray(draw_family_card("3171011708450001"), Spoil(angle=-4)).save(family)
    camera = FileCamera()
    camera.play(family)
    window.ktp_watch.use(camera)
    qtbot.waitUntil(lambda: window.flow.notice is not None, timeout=READ_MS)
    assert window.flow.notice.key == "ktp.family_card"
    assert window.current_name == "welcome"
    assert window.visit.nik == ""
    window.flow.hide_notice()
    camera.play(family)                         # still there: not named again, not read
    qtbot.waitUntil(lambda: not camera.pending and not window.flow.ktp.reading, timeout=READ_MS)
    assert window.flow.notice is None and window.current_name == "welcome"
    empty_tray().save(tmp_path / "empty.png")
    camera.play(tmp_path / "empty.png", _tray_picture(tmp_path / "ktp.png"))   # lifted, then her KTP
    drive.wait_screen("ktpCheck", timeout=READ_MS)
    drive.tap("ktpRetype")
    drive.wait_screen("nik")
    assert window.visit.nik == "" and drive.text("nikInput") == ""


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1366, 768)])
def test_the_ktp_question_and_the_tray_hints_fit_in_both_languages_and_large_text(make_kiosk, size):
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.domain.catalog import pair
    from kiosk.ktp.reader import KtpRead
    from kiosk.services import Step
    from kiosk.ui.kiosk.camera import FileCamera
    from tests.ui.fit import text_problems

    window = make_kiosk(size=size, inactivity_ms=3_600_000)
    window.ktp_watch.use(FileCamera())              # a camera with nothing on the tray: the hints show
    flow = window.flow

    def settle():
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            QApplication.processEvents()

    def question():
        flow.go_welcome(end_visit=False)
        flow.start_visit()
        flow.set_nik(ELDERLY_NIK)
        flow.ktp.sure_read = KtpRead("ktp", ELDERLY_NIK, True, True, date(1945, 8, 17), True)
        flow.show(Step.KTP_CHECK, speak=False)

    def unsure():
        flow.go_welcome(end_visit=False)
        flow.start_visit()
        flow.set_nik(ELDERLY_NIK)
        flow.nik.note = pair("ktp.check_digits")
        flow.redraw()

    def empty_nik():
        flow.go_welcome(end_visit=False)
        flow.start_visit()

    problems = []
    for lang in ("id", "en"):
        for large in (False, True):
            if window.lang != lang:
                flow.toggle_language()
            if window.large_text != large:
                flow.toggle_large_text()
            for name, setter in (("welcome", lambda: flow.go_welcome(end_visit=False)), ("question", question),
                                 ("unsure", unsure), ("nik", empty_nik)):
                setter()
                settle()
                crowded = large and size[1] < 900          # large text on a small Welcome: no room
                assert window.ktp_watch.hints[0].isVisible() == (name == "welcome" and not crowded)
                problems += [f"{lang} {'large' if large else 'normal'} {name}: {p}" for p in text_problems(window)]
    assert not problems, "\n".join(problems)
