"""The kiosk follows no event feed, yet a branch configuration pushed from another PC reaches it
within 2 s: a holiday declared for today closes the running kiosk's Welcome screen."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "default.toml"


def test_a_holiday_pushed_from_another_pc_closes_the_running_kiosk_within_2_s(qtbot, make_kiosk, kiosk_svc,
                                                                                 make_services, clock, tmp_path):
    window = make_kiosk()
    office = window.findChild(QLabel, "officeStatus")
    qtbot.waitUntil(lambda: bool(office.text()), timeout=2000)
    opened, before = kiosk_svc.office_status().state, office.text()
    pushed = tmp_path / "holiday.toml"
    pushed.write_text(f'extends = "{SHIPPED}"\n\n[hours]\nclosed_dates = ["{clock.now.date().isoformat()}"]\n',
                      encoding="utf-8")
    make_services().push_config(pushed)                   # the IT officer's PC, on the same database
    qtbot.waitUntil(lambda: office.text() != before, timeout=2000)
    assert kiosk_svc.office_status().state != opened
    assert kiosk_svc.config_in_force().version is not None
