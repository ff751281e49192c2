"""The counter window for an officer at the desk: large enough buttons, assistance in Indonesian."""
from __future__ import annotations

from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.ui.counter.parts import BUTTON_TEXT_PX, MIN_BUTTON_PX
from tests.ui.test_counter import desk  # noqa: F401 - the shared fixture


def test_every_button_is_at_least_44_px_tall_with_text_of_18_px(qtbot, desk):  # noqa: F811
    svc, window, _display = desk()
    svc.issue("3171011708450001", "INFO")
    svc.request_assistance("kiosk-1", reason="help")
    window.call_next()
    qtbot.waitUntil(lambda: not window.busy, timeout=5000)
    window.refresh()
    qtbot.waitUntil(lambda: window.assistance.isVisible(), timeout=5000)
    window.open_transfer()
    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) >= 8
    for b in buttons:
        assert b.height() >= MIN_BUTTON_PX, (b.objectName(), b.height())
        assert QFontInfo(b.font()).pixelSize() >= BUTTON_TEXT_PX, (b.objectName(), QFontInfo(b.font()).pixelSize())


def test_assistance_requests_say_what_is_wanted_in_indonesian(qtbot, desk):  # noqa: F811
    svc, window, _display = desk()
    svc.request_assistance("kiosk-1", reason="help")
    svc.request_assistance("kiosk-2", reason="printer")
    window.refresh()
    qtbot.waitUntil(lambda: window.assistance.isVisible() and len(window.assistance_rows) == 2, timeout=5000)
    texts = " ".join(label.text() for label in window.assistance.findChildren(QLabel))
    assert "Peserta minta bantuan" in texts and "Printer tiket bermasalah" in texts
    assert "help" not in texts.split() and "printer" not in texts.split()
