"""`anjungan demo --headless`: a simulated morning through the real kiosk window."""
from __future__ import annotations

import re

from kiosk.cli import main


def test_headless_demo_writes_screens_tickets_and_a_report_without_full_niks(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:30:00+07:00")        # the demo's morning starts then
    out = tmp_path / "demo-out"
    assert main(["demo", "--headless", "--out", str(out)]) == 0
    shots = sorted(p.name for p in (out / "screenshots").glob("*.png"))
    for needed in ("welcome-id-landscape", "welcome-en-landscape", "welcome-id-portrait", "nik-invalid-month",
                   "status-id", "services-en-portrait", "online-channel-id", "online-only-id", "front-desk-id",
                   "documents-id", "ticket-en-portrait", "staff-pin", "staff-menu", "assisted-online-only",
                   "assisted-ticket", "printer-failed-id", "printer-failed-en", "counter-window",
                   "counter-pin-locked", "display-window", "display-window-en",
                   # the lobby as it really is
                   "large-welcome", "large-documents", "idle-warning", "kk-question", "repeat-visit",
                   "heir-question", "heir-documents", "scanned-card", "scanned-ticket", "grouped-services",
                   "next-visitor-default",
                   # a booked visit checked in, a finished visit rated at the kiosk
                   "kiosk-booking", "kiosk-rating", "booking-code"):
        assert any(needed in name for name in shots), needed
    tickets = list((out / "tickets").iterdir())
    pngs = [p for p in tickets if p.suffix == ".png"]
    bins = [p for p in tickets if p.suffix == ".bin"]
    assert len(pngs) >= 10 and len(pngs) == len(bins)
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert "Jam demo: Senin, 23 November 2026 09.30" in report and "Tiket diterbitkan:" in report
    assert "tidak ada NIK lengkap" in report
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".txt", ".bin"):
            assert not re.search(rb"(?<!\d)\d{16}(?!\d)", path.read_bytes()), path.name
    assert "Demo selesai" in capsys.readouterr().out
