"""The demo's head-of-service morning ends with ratings, the 11.00 ranger advice, and writes
report.xlsx, report.pdf and the monitor's screenshots, without a NIK in any of them."""
from __future__ import annotations

import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

from kiosk.demo.cast import DemoClock, cast, seed
from kiosk.demo.director import Director
from kiosk.demo.head import head_of_service
from kiosk.events.qt import QtEventFeed
from kiosk.services import open_services
from kiosk.ui.app import make_app


class _Window:                          # the kiosk window is not needed for this part
    class bg:
        busy = False


def test_the_morning_ends_with_ratings_the_advice_and_the_report_files(tmp_path, qtbot):
    app = make_app()
    clock = DemoClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    svc = open_services(db_url=f"sqlite:///{tmp_path / 'demo.sqlite'}", clock=clock)
    people = cast(svc.today())
    seed(svc, people)
    out, shots = tmp_path / "out", tmp_path / "out" / "screenshots"
    shots.mkdir(parents=True)
    (out / "report.txt").write_text("", encoding="utf-8")
    feed = QtEventFeed(svc).start()
    qtbot.waitUntil(lambda: feed.connected is True, timeout=10000)
    try:
        leaks = head_of_service(Director(app, _Window(), shots), svc, clock, feed, people, out, shots)
    finally:
        feed.close()
    assert leaks == []
    names = {p.name for p in shots.glob("*.png")}
    assert {"monitor-window.png", "monitor-window-en.png", "monitor-report.png", "rating-window.png"} <= names
    assert zipfile.is_zipfile(out / "report.xlsx") and (out / "report.pdf").read_bytes().startswith(b"%PDF")
    import openpyxl

    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    assert book.sheetnames[-1] == "Saran"
    assert any("Antrean JHT terlalu lama" in (row[2] or "") for row in book["Saran"].iter_rows(values_only=True))
    text = (out / "report.txt").read_text(encoding="utf-8")
    assert "tidak akan selesai sebelum tutup pukul 15.00" in text and "loket ranger untuk JHT" in text
    assert "sama dengan hitung ulang dari database: ya" in text
    report = svc.report(svc.today(), svc.today())
    assert report.ratings.count >= 10 and report.ikm.respondents >= 10
    assert report.total["front_desk"] == 5 and report.total["online"] == 4 and report.total["recalls"] >= 1
    svc.close()
