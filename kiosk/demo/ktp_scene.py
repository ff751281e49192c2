"""The demo morning's KTP tray: an elderly participant lays his KTP on the tray (the camera that
plays picture files shows a specimen card drawn for him), the kiosk asks "NIK ****… · lahir … —
benar?", he says yes and takes his ticket. The card's picture lives in a temporary folder that
is removed at once; no output file holds his NIK."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kiosk.demo.director import Director
from kiosk.domain.nik import PROVINCES, parse_nik

READ_S = 90.0           # the first read loads the OCR model; a busy machine is slow


def _reader_installed() -> bool:
    try:
        import cv2  # noqa: F401
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def _wait(d: Director, name: str) -> bool:
    end = time.monotonic() + READ_S
    while d.window.current_name != name:
        if time.monotonic() > end:
            return False
        d.app.processEvents()
        time.sleep(0.02)
    d.settle()
    return True


def _lay(d: Director, camera, folder: Path, card, screen: str) -> bool:
    """The tray seen empty, then the card on it; True when the kiosk came to `screen`."""
    from kiosk.demo.ktp_pictures import Spoil, empty_tray, on_tray

    empty, picture = folder / "empty.png", folder / "tray.png"
    empty_tray(seed=4).save(empty)
    on_tray(card, Spoil(angle=6, blur=0.8), seed=4).save(picture)
    camera.play(empty, picture)
    found = _wait(d, screen)
    picture.unlink()
    return found


def ktp_shots(d: Director, nik: str, name: str, today) -> None:
    """Welcome with its "Letakkan KTP di sini"; the KTP question in Indonesian (yes: the services)
    and in English (no: the NIK to type); a card whose header names another province (he moved):
    read but not sure, its digits in the field to check."""
    if not _reader_installed():
        return
    from kiosk.demo.ktp_pictures import KtpFace, draw_ktp
    from kiosk.ui.kiosk.camera import FileCamera

    info = parse_nik(nik, today)
    city = ("KOTA " if int(info.regency_code) >= 71 else "KABUPATEN ") + "JAKARTA SELATAN"
    face = KtpFace(nik=nik, name=name.upper(), birth_date=info.birth_date, sex=info.sex,
                   province=f"PROVINSI {PROVINCES[info.province_code].upper()}", city=city)
    moved = KtpFace(nik=nik, name=name.upper(), birth_date=info.birth_date, sex=info.sex,
                    province="PROVINSI BANTEN" if info.province_code != "36" else "PROVINSI JAWA BARAT",
                    city="KOTA TANGERANG")
    camera = FileCamera()
    watch = d.window.ktp_watch
    before = watch.camera
    watch.use(camera)
    d.window.go_welcome()
    d.shot("ktp-welcome")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if _lay(d, camera, folder, draw_ktp(face, seed=4), "ktpCheck"):
            d.shot("ktp-confirm")
            d.tap("ktpConfirm")
            d.after_nik()
            d.shot("ktp-after-confirm")
        d.window.go_welcome()
        d.tap("languageToggle")
        if _lay(d, camera, folder, draw_ktp(face, seed=4), "ktpCheck"):
            d.shot("ktp-confirm")
            d.tap("ktpRetype")
            d.shot("ktp-retype")
        d.window.go_welcome()
        if _lay(d, camera, folder, draw_ktp(moved, seed=4), "nik"):
            d.shot("ktp-unsure")
    watch.use(before)
    d.window.go_welcome()
