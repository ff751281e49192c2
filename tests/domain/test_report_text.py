"""The report as people read it: one heading per column for every file and screen, one decimal
comma, one list of export formats."""
from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.catalog import catalog, tr
from kiosk.domain.formatting import decimal_text
from kiosk.domain.report import SUMMARY_FIGURES, TABLES
from kiosk.domain.report_text import COLUMN_HEADINGS, ReportFormat, figure_text, heading


def test_every_column_of_every_table_has_its_one_heading_in_both_languages():
    columns = set(SUMMARY_FIGURES).union(*(cols for _, _, cols in TABLES))
    assert columns <= set(COLUMN_HEADINGS)
    assert all(COLUMN_HEADINGS[c] in catalog() for c in columns)
    assert heading("arrivals") == "Kedatangan" and heading("arrivals", "en") == "Arrivals"
    assert heading("quota", "en") == tr("report.col.quota_used", "en")


@pytest.mark.parametrize("value,lang,decimals,text", [
    (12.5, "id", 1, "12,5"), (12.5, "en", 1, "12.5"), (86.111, "id", 2, "86,11"), (3.0, "en", 0, "3"),
    (None, "id", 1, "–"), (2.5, "id", None, "2,5"), (3.0, "id", None, "3")])
def test_one_decimal_comma(value, lang, decimals, text):
    assert decimal_text(value, lang, decimals) == text


def test_a_figure_as_pages_and_screens_write_it():
    row = {"wait_p50_min": 12.5, "ikm": 86.111, "arrivals": 24, "weekday": 0, "date": "2026-11-23",
           "quota_used": 12, "quota_capacity": 40, "service_level_pct": None}
    assert [figure_text(row, k) for k in ("wait_p50_min", "ikm", "arrivals", "weekday", "date", "quota",
                                          "service_level_pct")] == ["12,5", "86,11", "24", "Senin", "23-11",
                                                                    "12 / 40", "–"]
    assert figure_text(row, "weekday", "en") == "Monday" and figure_text(row, "wait_p50_min", "en") == "12.5"
    assert figure_text({"quota_used": 3, "quota_capacity": None}, "quota") == "–"


def test_the_formats_a_report_is_exported_as():
    assert [f.value for f in ReportFormat] == ["xlsx", "csv", "pdf", "json"]
    assert ReportFormat("pdf") is ReportFormat.PDF
    assert {f for f in ReportFormat if f.is_text} == {ReportFormat.CSV, ReportFormat.JSON}
    assert [f for f in ReportFormat if f.shows_suggestions] == [ReportFormat.XLSX]
    assert ReportFormat.XLSX.file_name(date(2026, 11, 1), date(2026, 11, 30)) == "laporan-2026-11-01-2026-11-30.xlsx"
    with pytest.raises(ValueError):
        ReportFormat("docx")
