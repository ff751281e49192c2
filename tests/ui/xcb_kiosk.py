"""The real kiosk window on a real X server (Xvfb, the xcb platform), touched like a finger.

Run as `python -m tests.ui.xcb_kiosk SQLITE_URL OUT_PNG` with DISPLAY set: opens the kiosk as
`anjungan kiosk --windowed` does, then takes a ticket with clicks sent through the X server
(xdotool moves the pointer onto each button and clicks), and prints one JSON line: the Qt
platform, the screens it went through and the ticket number.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from types import SimpleNamespace

NIK = "3171012902001234"


def main(db_url: str, out_png: str) -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from kiosk.ui.app import make_app

    app = make_app(["anjungan-xcb"])
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QPushButton

    from kiosk.domain.participant import Status
    from kiosk.services import open_services
    from kiosk.ui.kiosk import KioskWindow

    svc = open_services(db_url=db_url)
    svc.import_participants([SimpleNamespace(
        nik=NIK, name="Dewi Lestari", status=Status.ACTIVE, status_text="Aktif", segment="PU",
        programs=frozenset({"JHT", "JKK", "JKM", "JP"}), birth_date=date(2000, 2, 29), last_paid=None,
        card_number=None)])
    window = KioskWindow(svc, printer_url="dummy://", inactivity_ms=600_000)
    window.resize(1280, 800)
    window.move(0, 0)
    window.show()
    screens: list[str] = []
    window.screenShown.connect(screens.append)

    def pump(seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.005)

    def wait(predicate, timeout: float = 15.0) -> None:
        end = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > end:
                raise SystemExit(f"timed out on the {window.current_name} screen")
            pump(0.02)

    wait(lambda: window.isVisible() and window.windowHandle() is not None and window.windowHandle().isExposed())
    pump(0.3)
    xdotool = shutil.which("xdotool")

    def touch(name: str) -> None:
        button = window.findChild(QPushButton, name)
        wait(lambda: button is not None and button.isVisible() and button.isEnabled())
        centre = button.mapToGlobal(QPoint(button.width() // 2, button.height() // 2))
        if xdotool:
            subprocess.run([xdotool, "mousemove", str(centre.x()), str(centre.y()), "click", "1"],
                           check=True, timeout=10)
            before = len(screens)
            wait(lambda: len(screens) > before or window.bg.busy or name.startswith("keypad_"), timeout=5)
            pump(0.05)
        else:
            button.click()
            pump(0.05)

    touch("takeTicket")
    wait(lambda: window.current_name == "nik")
    for digit in NIK:
        before = len(window.nik.digits)
        touch(f"keypad_{digit}")
        wait(lambda: len(window.nik.digits) > before)
    touch("nikSubmit")
    wait(lambda: window.current_name == "visit")
    touch("group_informasi")
    touch("service_INFO")
    wait(lambda: window.current_name == "documents")
    touch("ticketConfirm")
    wait(lambda: window.current_name == "ticket" and window.visit.print_outcome is not None)
    pump(0.2)
    QGuiApplication.primaryScreen().grabWindow(0).save(out_png)       # what the X server shows
    result = {"platform": QGuiApplication.platformName(), "screens": screens, "number": window.visit.ticket.number,
              "clicks": "xdotool" if xdotool else "qt"}
    window._may_close = True
    window.close()
    svc.close()
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
