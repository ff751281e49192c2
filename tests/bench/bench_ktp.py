"""KTP reading figures: synthetic tray pictures (tests/ktp/scenes.py: made-up people, cards turned up
to 15°, blur, glare, shadow, low light, noise, a thumb over a corner), read as the kiosk reads them.

Prints, per OCR engine: the share read right and sure (straight to the confirmation), read right
but unsure (the digits go to the NIK field to check), wrong NIKs that got past the checks (sure
but wrong: must be 0), family and membership cards read as a KTP (must be 0), time per read
(wall and CPU, median and p95; target ≤ 1 s), and the presses from Welcome to a ticket with the
KTP on the tray (target ≤ 4). Run alone:
`.venv/bin/python -m tests.bench.bench_ktp [PICTURES] [--engine rapidocr|tesseract] [--compare]`
(default 120 pictures with rapidocr; `--compare` reads the first 40 with both engines; tesseract
needs Debian's tesseract-ocr and `pip install pytesseract`).
"""
from __future__ import annotations

import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from tests.ktp.scenes import TODAY, scenes


def cpu_s() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def bgr(picture):
    import numpy as np

    return np.ascontiguousarray(np.asarray(picture.convert("RGB"))[:, :, ::-1])


def accuracy(count: int, engine: str) -> dict:
    from kiosk.ktp import read_ktp
    from kiosk.ktp.engines import line_reader

    reader = line_reader(engine)
    read_ktp(bgr(scenes(1, seed=99)[0].picture()), TODAY, reader)          # the model loaded once, untimed
    figures = {"found": 0, "sure_right": 0, "unsure_right": 0, "sure_wrong": 0, "unsure_wrong": 0, "missed": 0,
               "sharp": 0, "sharp_sure_right": 0}
    wall, cpu = [], []
    for scene in scenes(count):
        frame = bgr(scene.picture())
        c0 = cpu_s()
        read = read_ktp(frame, TODAY, reader)
        cpu.append((cpu_s() - c0) * 1000)
        wall.append(read.ms)
        figures["found"] += read.found
        right = read.nik == scene.face.nik
        if scene.spoil.blur <= 0.8:                     # in focus (the label rows stay legible)
            figures["sharp"] += 1
            figures["sharp_sure_right"] += bool(read.sure and right)
        if read.nik is None:
            figures["missed"] += 1
        elif read.sure:
            figures["sure_right" if right else "sure_wrong"] += 1
        else:
            figures["unsure_right" if right else "unsure_wrong"] += 1
    figures["wall"], figures["cpu"] = wall, cpu
    figures["not_ktp_read"] = other_cards(reader)
    return figures


def other_cards(reader) -> int:
    """Family cards and membership cards (some printing the holder's NIK) read as a KTP."""
    import random

    from kiosk.demo.ktp_pictures import Spoil, draw_family_card, draw_membership_card, on_tray
    from kiosk.ktp import read_ktp

    rng = random.Random(5)
    wrong = 0
    for i in range(10):
        nik = scenes(10, seed=31)[i].face.nik
        card = draw_family_card(nik, seed=i) if i % 2 else draw_membership_card(f"160{i:08d}", nik=nik, seed=i)
        read = read_ktp(bgr(on_tray(card, Spoil(angle=rng.uniform(-15, 15)), seed=i)), TODAY, reader)
        wrong += read.found or read.nik is not None
    return wrong


def report(engine: str, count: int, f: dict) -> None:
    share = lambda n: f"{100 * n / count:.1f} %"        # noqa: E731
    print(f"{engine}: {count} pictures, card found {share(f['found'])}")
    print(f"  read right and sure {share(f['sure_right'])}; right but unsure (to the NIK field) "
          f"{share(f['unsure_right'])}; wrong but unsure (to the NIK field) {share(f['unsure_wrong'])}; "
          f"no NIK read {share(f['missed'])}")
    print(f"  in focus (blur ≤ 0.8 px, {f['sharp']} pictures): read right and sure "
          f"{100 * f['sharp_sure_right'] / max(1, f['sharp']):.1f} %; the rest is blurred 1.5-2.2 px, where the "
          f"small rows (birth date, sex) are lost and the read stays unsure")
    print(f"  wrong NIKs past the checks (sure but wrong): {f['sure_wrong']} (must be 0); "
          f"family/membership cards read as a KTP: {f['not_ktp_read']} of 10 (must be 0)")
    print(f"  ms per read: wall median {statistics.median(f['wall']):.0f}, p95 {p95(f['wall']):.0f}; "
          f"CPU median {statistics.median(f['cpu']):.0f}, p95 {p95(f['cpu']):.0f} (target ≤ 1000)", flush=True)


def presses_with_the_tray() -> int:
    """Welcome → ticket in the offscreen kiosk, the KTP laid on the tray (the camera plays it)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANJUNGAN_DATA_DIR"] = tmp
        from PySide6.QtWidgets import QPushButton

        from kiosk.demo.ktp_pictures import KtpFace, Spoil, draw_ktp, on_tray
        from kiosk.domain.participant import Status
        from kiosk.services import open_services
        from kiosk.ui.app import make_app
        from kiosk.ui.kiosk import KioskWindow
        from kiosk.ui.kiosk.camera import FileCamera
        from tests.ui.conftest import ELDERLY_NIK, scripted_rows

        app = make_app()
        now = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        svc = open_services(db_url=f"sqlite:///{tmp}/bench.sqlite", clock=lambda: now)
        svc.import_participants([r for r in scripted_rows() if r.status is Status.ACTIVE])
        window = KioskWindow(svc, printer_url="dummy://", inactivity_ms=3_600_000, ticket_return_ms=3_600_000)
        window.resize(1920, 1080)
        window.show()
        picture = f"{tmp}/ktp.png"
        face = KtpFace(nik=ELDERLY_NIK, name="SLAMET RIYADI", birth_date=datetime(1945, 8, 17).date(), sex="M")
        on_tray(draw_ktp(face), Spoil(angle=7, blur=0.8)).save(picture)
        camera = FileCamera()
        camera.play(picture)
        window.ktp_watch.use(camera)
        presses = 0

        def wait(names, limit=60.0):
            end = time.monotonic() + limit
            while window.current_name not in names or window.bg.busy:
                if time.monotonic() > end:
                    raise RuntimeError(f"stuck on the {window.current_name} screen")
                app.processEvents()
                time.sleep(0.01)

        def tap(name):
            nonlocal presses
            presses += 1
            window.findChild(QPushButton, name).click()

        wait(("ktpCheck",))
        tap("ktpConfirm")
        wait(("status", "visit"))
        if window.current_name == "status":
            tap("statusNext")
            wait(("visit",))
        if window.visit_screen.showing_groups:
            tap(f"group_{svc.branch.service('INFO').group}")
        tap("service_INFO")
        wait(("documents",))
        tap("ticketConfirm")
        wait(("ticket",))
        window.bg.forget()
        window._may_close = True
        window.close()
        return presses


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    engine = "rapidocr"
    if "--engine" in argv:
        engine = argv[argv.index("--engine") + 1]
        del argv[argv.index("--engine"):argv.index("--engine") + 2]
    compare = "--compare" in argv
    argv = [a for a in argv if a != "--compare"]
    count = int(argv[0]) if argv else (40 if compare else 120)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for name in (("rapidocr", "tesseract") if compare else (engine,)):
        report(name, count, accuracy(count, name))
    print(f"presses Welcome → ticket with the KTP on the tray: {presses_with_the_tray()} (target ≤ 4)")


if __name__ == "__main__":
    main()
