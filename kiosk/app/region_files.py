"""The region's report as files (`anjungan region report --format json|csv|xlsx|pdf`): the league
table of the branches and the region's own figures. JSON is the contract `{"from", "to", "region":
{…the branch report's shape…}, "branches": [{"branch", …the branch report's shape…}], "league"}`;
CSV is the league table with the region's row last; the Excel file has the league, one summary
row per branch and the region; PDF is the league table on its first page, then the region's
figures in the branch report's own PDF form.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Callable

from kiosk.app.report_files import cell
from kiosk.domain import errors
from kiosk.domain.catalog import msgid, tr
from kiosk.domain.region import LEAGUE_COLUMNS, RegionReport
from kiosk.domain.report_text import COLUMN_HEADINGS, ReportFormat, heading
from kiosk.domain.spreadsheet import inert_text

# draws the region's report as a PDF at a path, in a language: `kiosk.ui.reports_pdf.write_region_pdf`
RegionPdfRenderer = Callable[[RegionReport, Path, str], Path]
_OWN = {"rank": msgid("region.col.rank"), "branch": msgid("region.col.branch")}


def _heading(key: str, lang: str) -> str:
    if key in _OWN:
        return tr(_OWN[key], lang)
    return heading(key, lang) if key in COLUMN_HEADINGS else key


def _region_row(report: RegionReport, lang: str) -> dict:
    return {**report.region_row(), "branch": tr("region.col.whole", lang)}


def region_report_text(report: RegionReport, fmt: ReportFormat | str, lang: str = "id") -> str:
    fmt = ReportFormat(fmt)
    if fmt is ReportFormat.JSON:
        return json.dumps(report.to_json(), ensure_ascii=False, default=str) + "\n"
    if fmt is not ReportFormat.CSV:
        raise ValueError(f"{fmt} is not a text format")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_heading(k, lang) for k in LEAGUE_COLUMNS])
    for row in [*report.league(), _region_row(report, lang)]:
        writer.writerow([inert_text(cell(k, row.get(k), lang)) for k in LEAGUE_COLUMNS])
    return out.getvalue()


def export_region_report(report: RegionReport, fmt: ReportFormat | str, path: str | Path, lang: str = "id", *,
                         pdf: RegionPdfRenderer | None = None) -> Path:
    fmt, path = ReportFormat(fmt), Path(path)
    if fmt is ReportFormat.PDF:
        if pdf is None:
            raise errors.AnjunganError.of("error.report.needs_library", format="PDF", package="PySide6")
        return pdf(report, path, lang)
    if fmt is ReportFormat.XLSX:
        return _xlsx(report, path, lang)
    text = region_report_text(report, fmt, lang)
    try:
        path.write_text(("\ufeff" if fmt is ReportFormat.CSV else "") + text, encoding="utf-8")
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=exc.strerror or exc) from None
    return path


def _xlsx(report: RegionReport, path: Path, lang: str) -> Path:
    import xlsxwriter

    try:
        book = xlsxwriter.Workbook(str(path))
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=exc.strerror or exc) from None
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(tr("region.sheet.league", lang)[:31])
    sheet.write_row(0, 0, [_heading(k, lang) for k in LEAGUE_COLUMNS], bold)
    rows = [*report.league(), _region_row(report, lang)]
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [inert_text(cell(k, row.get(k), lang)) for k in LEAGUE_COLUMNS])
    sheet.set_column(0, len(LEAGUE_COLUMNS) - 1, 14)
    if report.branches:
        chart = book.add_chart({"type": "bar"})
        ikm = LEAGUE_COLUMNS.index("ikm")
        chart.add_series({"name": _heading("ikm", lang), "categories": [sheet.name, 1, 1, len(report.branches), 1],
                          "values": [sheet.name, 1, ikm, len(report.branches), ikm]})
        chart.set_legend({"none": True})
        sheet.insert_chart(len(rows) + 2, 1, chart)
    book.close()
    return path
