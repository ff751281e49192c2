"""The head of service's monitor: the morning live from the event feed, the ranger advice at
11.00, and the report tab saved as Excel and PDF (read back with openpyxl and pdftoppm)."""
from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QTableWidget

from kiosk.ui.monitor import MonitorWindow
from tests.app.test_monitor_figures import busy_jht_morning


@pytest.fixture
def desk(qtbot, make_services, live_window):
    def factory(svc=None, lang="id"):
        svc = svc or make_services()
        window, feed = live_window(svc, lambda feed: MonitorWindow(svc, feed, lang=lang), (1920, 1080))
        qtbot.waitUntil(lambda: window.monitor is not None and feed.connected is True, timeout=10000)
        return svc, window

    return factory


def row_of(table: QTableWidget, code: str) -> list[str]:
    for r in range(table.rowCount()):
        if table.item(r, 0).text().startswith(code + " "):
            return [table.item(r, c).text() for c in range(table.columnCount())]
    raise AssertionError(code)


def test_the_morning_arrives_live_and_at_eleven_the_monitor_advises_a_ranger_for_jht(desk, make_services, clock,
                                                                                       qtbot):
    svc = make_services()
    svc, window = desk(svc)
    advice = window.findChild(QLabel, "adviceBanner")
    assert advice.text().startswith("Tidak ada antrian menunggu")
    busy_jht_morning(svc, clock)                 # every change reaches the window through the feed
    qtbot.waitUntil(lambda: row_of(window.findChild(QTableWidget, "servicesTable"), "JHT")[1] == "14", timeout=5000)
    window._tick()                               # the clock moved to 11.00
    jht = row_of(window.findChild(QTableWidget, "servicesTable"), "JHT")
    # waiting, the wait if arriving now, the longest wait, past the target, quota (8 × 4 counters)
    assert jht[1:6] == ["14", "210 mnt", "130", "14", "24 / 32"]
    assert jht[8] == "tidak sempat,\nsisa 2"
    # no idle counter, no pause: rangers, until the wait if arriving now is as short as they make it
    assert advice.text() == "Buka 3 loket ranger untuk JHT (tunggu turun ke ± 60 menit)."
    assert advice.property("severity") == "warn"
    tile = window.findChild(object, "counterTile_3")
    assert "Melayani D-009 · 30 mnt" in tile.text() and "Belum dibuka" in window.findChild(object, "counterTile_1").text()
    assert tile.accessibleName() == "Loket 3: Melayani D-009 · 30 mnt"
    overdue = window.findChild(QListWidget, "overdueList")
    assert overdue.item(0).text() == "D-011  JHT  menunggu 130 menit (target 45)"
    before = window.renders
    svc.pause(4)
    qtbot.waitUntil(lambda: window.renders > before and "Jeda" in window.tiles[4].text(), timeout=5000)
    window.findChild(QPushButton, "languageToggle").click()
    assert advice.text().startswith("Counter 4 paused for 0 min — end the pause for JHT")


def test_the_report_tab_shows_the_period_and_saves_excel_and_pdf(desk, make_services, clock, qtbot, tmp_path):
    import openpyxl

    svc = make_services()
    busy_jht_morning(svc, clock)
    svc, window = desk(svc)
    window.tabs.setCurrentIndex(1)
    window.set_range(svc.today() - timedelta(days=1), svc.today())
    window.findChild(QPushButton, "reportShow").click()
    qtbot.waitUntil(lambda: window.report is not None and not window.report_busy, timeout=10000)
    table = window.findChild(QTableWidget, "reportServices")
    assert table.item(0, 0).text() == "JHT" and table.item(0, 1).text() == "24"
    assert "Belum ada kuesioner SKM" in window.findChild(QLabel, "reportSummary").text()
    xlsx, pdf = tmp_path / "bulan.xlsx", tmp_path / "bulan.pdf"
    window.save(xlsx, "xlsx")
    window.save(pdf, "pdf")
    assert "Laporan disimpan" in window.findChild(QLabel, "reportStatus").text()
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames[:8] == ["Ringkasan", "Per hari", "Per bulan", "Per layanan", "Per loket", "Per jam",
                                   "Hari x jam", "IKM"]
    services = list(book["Per layanan"].iter_rows(values_only=True))
    assert services[0][:4] == ("Layanan", "Nama layanan", "Target tunggu (mnt)", "Kedatangan")
    assert services[1][0] == "JHT" and services[1][3] == 24
    with zipfile.ZipFile(xlsx) as z:
        assert sum(1 for n in z.namelist() if n.startswith("xl/charts/chart")) >= 4
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=60)
        assert list(tmp_path.glob("page*.png"))
