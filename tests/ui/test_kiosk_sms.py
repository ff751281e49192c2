"""The ticket screen offers an SMS when her turn is near: she types her phone number on the
kiosk's keypad, sees it masked once sent, and the number is kept for her ticket."""
from __future__ import annotations

from dataclasses import replace

import pytest

from tests.ui.conftest import ACTIVE_NIK, Driver, scripted_rows


@pytest.fixture
def sms_svc(make_services, tmp_path):
    from kiosk.config.sms import SmsConfig
    from kiosk.services import demo_config

    config = replace(demo_config(), sms=SmsConfig(enabled=True, smsdrc=str(tmp_path / "smsdrc")))
    svc = make_services(config=config)
    svc.import_participants(scripted_rows())
    return svc


def test_she_types_her_phone_and_sees_it_masked(qtbot, make_kiosk, sms_svc):
    window = make_kiosk(sms_svc)
    drive = Driver(qtbot, window)
    drive.take_ticket(ACTIVE_NIK, "INFO")
    assert drive.text("smsOptIn") == "Kirim SMS saat giliran Anda hampir tiba?"
    drive.tap("smsOptIn")
    assert drive.widget("smsKey").isVisible() and not drive.widget("ticketPreview").isVisible()
    for d in "0812345678":
        drive.tap(f"smsKey_{d}")
    assert drive.text("smsPhone") == "0812345678"
    assert drive.widget("smsSend").isEnabled()               # 10 digits: a mobile number
    drive.tap("smsKey_9")
    drive.tap("smsSend")
    qtbot.waitUntil(lambda: drive.widget("smsResult").isVisible(), timeout=5000)
    result = drive.text("smsResult")
    assert result.startswith("SMS akan dikirim ke ") and result.endswith("789 saat giliran Anda hampir tiba.")
    assert "0812345" not in result and "812345" not in result
    assert not drive.widget("smsKey").isVisible() and not drive.widget("smsOptIn").isVisible()
    assert drive.widget("ticketPreview").isVisible() and drive.widget("ticketWait").isVisible()
    assert sms_svc.sms_opted_in(window.visit.ticket.ticket_id)


def test_a_landline_is_not_taken(qtbot, make_kiosk, sms_svc):
    window = make_kiosk(sms_svc)
    drive = Driver(qtbot, window)
    drive.take_ticket(ACTIVE_NIK, "INFO")
    drive.tap("smsOptIn")
    for d in "0215551234":
        drive.tap(f"smsKey_{d}")
    assert not drive.widget("smsSend").isEnabled()
    drive.tap("smsCancel")
    assert drive.widget("ticketPreview").isVisible() and drive.widget("smsOptIn").isVisible()


def test_without_sms_there_is_no_offer(drive):
    drive.take_ticket(ACTIVE_NIK, "INFO")                      # [sms] off: nothing offered
    assert not drive.widget("smsOptIn").isVisible()
