"""The report as files offices work with, exported by one function, `export_report`: Excel (one
sheet per table, with native Excel charts), CSV (one tidy table: which table, which group, then
the figures), JSON (the `anjungan report --format json` contract) and PDF. Headings in Indonesian,
or English with `lang="en"`, from the one heading map (`kiosk.domain.report_text`).

The PDF is drawn by the windows' layer (`kiosk.ui.reports_pdf`, Qt's QPdfWriter); the caller hands
its renderer in, so this layer stays Qt-free and the format is decided here only.

Neither file holds a name or a NIK: the report has neither.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import IO, Callable, Sequence

from kiosk.domain import errors
from kiosk.domain.catalog import msgid, tr
from kiosk.domain.formatting import date_text
from kiosk.domain.report import STAFF_TABLES, SUMMARY_FIGURES, TABLES, Report
from kiosk.domain.report_text import ReportFormat, heading, ikm_text, period_text, ratings_text, weekday_name
from kiosk.domain.skm import ELEMENT_NAMES, ELEMENTS
from kiosk.domain.spreadsheet import inert_text

# draws the report as a PDF at a path, in a language: `kiosk.ui.reports_pdf.write_pdf`
PdfRenderer = Callable[[Report, Path, str], Path]
_MINUTES = frozenset({"wait_p50_min", "wait_p90_min", "wait_max_min", "walk_p50_min", "service_p50_min",
                      "service_p90_min", "busy_min", "idle_min", "paused_min", "service_level_pct", "ikm",
                      "rating_index"})


def export_report(report: Report, fmt: ReportFormat | str, path: str | Path, lang: str = "id", *,
                  suggestions: Sequence[tuple] = (), pdf: PdfRenderer | None = None) -> Path:
    """Write `report` at `path` as `fmt`, the one place the format is dispatched. `suggestions`
    (day, service, text) go on the Excel file's own sheet; `pdf` draws a PDF (the windows' layer)."""
    fmt, path = ReportFormat(fmt), Path(path)
    if fmt is ReportFormat.XLSX:
        return write_xlsx(report, path, lang, suggestions)
    if fmt is ReportFormat.PDF:
        if pdf is None:
            raise errors.AnjunganError.of("error.report.needs_library", format="PDF", package="PySide6")
        return pdf(report, path, lang)
    # the mark tells Excel a CSV file is UTF-8
    text = "\ufeff" + csv_text(report, lang) if fmt is ReportFormat.CSV else report_text(report, fmt, lang)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=exc.strerror or exc) from None
    return path


def report_text(report: Report, fmt: ReportFormat | str, lang: str = "id") -> str:
    """A text format (CSV, JSON) as it goes to the terminal."""
    fmt = ReportFormat(fmt)
    if fmt is ReportFormat.JSON:
        return json.dumps(report.to_json(), ensure_ascii=False, default=str) + "\n"
    if fmt is ReportFormat.CSV:
        return csv_text(report, lang)
    raise ValueError(f"{fmt} is not a text format")


def default_name(first: date, last: date, fmt: ReportFormat | str) -> str:
    return ReportFormat(fmt).file_name(first, last)


def cell(key: str, value, lang: str):
    """A report value as a file holds it (weekday names, empty for no figure)."""
    if value is None:
        return ""
    if key == "weekday":
        return weekday_name(int(value), lang)
    return value


def _rows(report: Report, table: str) -> list[dict]:
    return list(getattr(report, table))


# --------------------------------------------------------------------------- CSV


def write_csv(report: Report, out: IO[str], lang: str = "id") -> None:
    """One table for all: `table, group, figures…`; the IKM elements follow as table `ikm`."""
    columns: list[str] = []
    for _, _, cols in TABLES:
        columns += [k for k in cols if k not in columns]
    keys = [k for k in columns if k not in ("date", "month", "service", "counter", "hour")]
    writer = _InertWriter(csv.writer(out, lineterminator="\n"))
    writer.writerow([tr("report.col.table", lang), tr("report.col.key", lang)]
                    + [heading(k, lang) for k in keys])
    total = {**report.total, "ikm": report.ikm.value, "ikm_grade": report.ikm.grade}
    writer.writerow([tr("report.sheet.summary", lang), ""] + [cell(k, total.get(k), lang) for k in keys])
    for title, table, cols in TABLES:
        group_key = next(iter(cols))
        for row in _rows(report, table):
            writer.writerow([tr(title, lang), row.get(group_key)] + [cell(k, row.get(k), lang) for k in keys])
    for code, nrr in zip(ELEMENTS, report.ikm.nrr):
        writer.writerow([tr("report.sheet.ikm", lang), code.upper()]
                        + ["" if nrr is None or k != "ikm" else round(nrr, 3) for k in keys])


class _InertWriter:
    """A CSV writer whose text cells never start a formula (`kiosk.domain.spreadsheet`)."""

    def __init__(self, writer):
        self.writer = writer

    def writerow(self, row) -> None:
        self.writer.writerow([inert_text(value) for value in row])


def csv_text(report: Report, lang: str = "id") -> str:
    out = io.StringIO()
    write_csv(report, out, lang)
    return out.getvalue()


# --------------------------------------------------------------------------- Excel


def write_xlsx(report: Report, path: str | Path, lang: str = "id", suggestions: Sequence[tuple] = ()) -> Path:
    """An Excel workbook: a summary sheet, one sheet per table, the heatmap and the IKM, with charts,
    and the questionnaires' suggestions `(day, service, text)` when given."""
    try:
        import xlsxwriter
    except ImportError:
        raise errors.AnjunganError.of("error.report.needs_library", format="Excel", package="XlsxWriter") from None
    path = Path(path)
    try:
        # every text is a string cell: never a formula, a link or a number read out of text
        book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=str(exc)) from None
    fmt = _Formats(book)
    sheets = {}
    summary = book.add_worksheet(tr("report.sheet.summary", lang))
    for title, table, cols in TABLES:
        sheets[table] = _table_sheet(book, fmt, tr(title, lang), _rows(report, table), cols, lang)
    _summary_sheet(summary, fmt, report, lang)
    _charts(book, report, sheets, lang)
    _heatmap_sheet(book, fmt, report, lang)
    _ikm_sheet(book, fmt, report, lang)
    for title, table, cols in STAFF_TABLES:          # pauses per reason, per officer: when there are any
        if _rows(report, table):
            _table_sheet(book, fmt, tr(title, lang), _rows(report, table), cols, lang)
    if suggestions:
        _suggestions_sheet(book, fmt, suggestions, lang)
    try:
        book.close()
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=str(exc)) from None
    return path


class _Formats:
    def __init__(self, book):
        self.title = book.add_format({"bold": True, "font_size": 16, "font_color": "#134074"})
        self.big = book.add_format({"bold": True, "font_size": 13})
        self.bold = book.add_format({"bold": True})
        self.head = book.add_format({"bold": True, "bg_color": "#134074", "font_color": "#FFFFFF", "text_wrap": True,
                                     "valign": "top", "border": 1})
        self.one = book.add_format({"num_format": "0.0"})
        self.two = book.add_format({"num_format": "0.00"})
        self.int = book.add_format({"num_format": "0"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})


def _write(sheet, fmt: _Formats, row: int, col: int, key: str, value, lang: str) -> None:
    value = cell(key, value, lang)
    if value == "":
        sheet.write_blank(row, col, None)
    elif key == "date":
        sheet.write_datetime(row, col, date.fromisoformat(value), fmt.date)
    elif key == "ikm" and isinstance(value, float):
        sheet.write_number(row, col, value, fmt.two)
    elif key in _MINUTES and isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt.one)
    elif isinstance(value, str):
        sheet.write_string(row, col, value)
    else:
        sheet.write(row, col, value)


def _table_sheet(book, fmt: _Formats, title: str, rows: list[dict], cols: tuple[str, ...], lang: str):
    sheet = book.add_worksheet(title)
    keys = list(cols)
    sheet.set_row(0, 45)
    for c, key in enumerate(keys):
        sheet.write(0, c, heading(key, lang), fmt.head)
        sheet.set_column(c, c, 24 if key == "name" else 12)
    for r, row in enumerate(rows, start=1):
        for c, key in enumerate(keys):
            _write(sheet, fmt, r, c, key, row.get(key), lang)
    sheet.freeze_panes(1, 1)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(keys) - 1)
    return sheet, keys, len(rows)


def _summary_sheet(sheet, fmt: _Formats, report: Report, lang: str) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 14)
    sheet.set_column(3, 3, 8)
    sheet.set_column(4, 4, 44)
    sheet.set_column(5, 5, 12)
    sheet.write_string(0, 0, f"{tr('report.title', lang)} — {report.branch}", fmt.title)
    sheet.write(1, 0, period_text(report, lang))
    if report.generated_at:
        sheet.write(2, 0, tr("report.generated", lang, when=date_text(report.generated_at, lang)))
    sheet.write(4, 0, ikm_text(report, lang), fmt.big)
    sheet.write(5, 0, ratings_text(report, lang), fmt.big)
    sheet.write(7, 0, tr("report.col.figure", lang), fmt.head)
    sheet.write(7, 1, tr("report.col.value", lang), fmt.head)
    for r, key in enumerate(SUMMARY_FIGURES, start=8):
        sheet.write(r, 0, heading(key, lang))
        _write(sheet, fmt, r, 1, key, report.total.get(key), lang)
    sheet.write(7, 3, tr("report.col.element", lang), fmt.head)
    sheet.write(7, 4, tr("report.col.element_name", lang), fmt.head)
    sheet.write(7, 5, tr("report.col.nrr", lang), fmt.head)
    for r, (code, nrr) in enumerate(zip(ELEMENTS, report.ikm.nrr), start=8):
        sheet.write(r, 3, code.upper())
        sheet.write(r, 4, tr(ELEMENT_NAMES[code], lang))
        if nrr is None:
            sheet.write_blank(r, 5, None)
        else:
            sheet.write_number(r, 5, round(nrr, 3), fmt.two)
    sheet.write(len(SUMMARY_FIGURES) + 10, 0, tr("report.ikm.rule", lang))


def _chart(book, kind: str, title: str, subtype: str | None = None):
    chart = book.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
    chart.set_title({"name": title, "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 760, "height": 360})
    return chart


def _series(chart, sheet_name: str, keys: list[str], key: str, count: int, label_col: int = 0, **extra) -> None:
    c = keys.index(key)
    chart.add_series({"name": [sheet_name, 0, c], "categories": [sheet_name, 1, label_col, count, label_col],
                      "values": [sheet_name, 1, c, count, c], **extra})


def _charts(book, report: Report, sheets: dict, lang: str) -> None:
    services, keys, count = sheets["services"]
    if count:
        name = services.get_name()
        chart = _chart(book, "bar", tr("report.chart.wait_by_service", lang))
        _series(chart, name, keys, "wait_p50_min", count, fill={"color": "#134074"})
        _series(chart, name, keys, "wait_p90_min", count, fill={"color": "#8DA9C4"})
        chart.set_x_axis({"name": tr("report.legend.wait", lang)})
        services.insert_chart(count + 3, 0, chart)
        sl = _chart(book, "column", tr("report.chart.sl_by_service", lang))
        _series(sl, name, keys, "service_level_pct", count, fill={"color": "#2A9D8F"})
        sl.set_y_axis({"min": 0, "max": 100})
        sl.set_legend({"none": True})
        services.insert_chart(count + 3, 9, sl)
    hours, keys, count = sheets["hours"]
    if count:
        name = hours.get_name()
        chart = _chart(book, "column", tr("report.chart.arrivals_by_hour", lang))
        _series(chart, name, keys, "arrivals", count, fill={"color": "#134074"})
        line = book.add_chart({"type": "line"})
        _series(line, name, keys, "wait_p50_min", count, y2_axis=True, line={"color": "#E76F51", "width": 2.5},
                marker={"type": "circle"})
        chart.combine(line)
        hours.insert_chart(count + 3, 0, chart)
    days, keys, count = sheets["days"]
    if count:
        name = days.get_name()
        chart = _chart(book, "column", tr("report.chart.days", lang))
        _series(chart, name, keys, "arrivals", count, fill={"color": "#134074"})
        _series(chart, name, keys, "served", count, fill={"color": "#2A9D8F"})
        days.insert_chart(count + 3, 0, chart)
    counters, keys, count = sheets["counters"]
    if count:
        name = counters.get_name()
        chart = _chart(book, "bar", tr("report.sheet.counters", lang), "stacked")
        for key, color in (("busy_min", "#134074"), ("idle_min", "#F4A261"), ("paused_min", "#8DA9C4")):
            _series(chart, name, keys, key, count, fill={"color": color})
        counters.insert_chart(count + 3, 0, chart)


def _heatmap_sheet(book, fmt: _Formats, report: Report, lang: str) -> None:
    sheet = book.add_worksheet(tr("report.sheet.heatmap", lang))
    heat = report.heatmap
    hours, weekdays = heat["hours"], heat["weekdays"]
    sheet.set_column(0, 0, 14)
    row = 0
    for key, title, colors in (("arrivals", msgid("report.heatmap.arrivals"), ("#FFFFFF", "#134074")),
                               ("wait_p50_min", msgid("report.heatmap.waits"), ("#FFFFFF", "#E76F51"))):
        sheet.write(row, 0, tr(title, lang), fmt.big)
        sheet.write(row + 1, 0, heading("weekday", lang), fmt.head)
        for c, h in enumerate(hours, start=1):
            sheet.write(row + 1, c, f"{h:02d}", fmt.head)
        for r, (wd, values) in enumerate(zip(weekdays, heat[key]), start=row + 2):
            sheet.write(r, 0, weekday_name(wd, lang), fmt.bold)
            for c, v in enumerate(values, start=1):
                if v is None:
                    sheet.write_blank(r, c, None)
                else:
                    sheet.write_number(r, c, v, fmt.one if key != "arrivals" else fmt.int)
        if hours and weekdays:
            sheet.conditional_format(row + 2, 1, row + 1 + len(weekdays), len(hours), {
                "type": "2_color_scale", "min_color": colors[0], "max_color": colors[1]})
        row += len(weekdays) + 4


def _ikm_sheet(book, fmt: _Formats, report: Report, lang: str) -> None:
    sheet = book.add_worksheet(tr("report.sheet.ikm", lang))
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 46)
    sheet.set_column(2, 4, 14)
    sheet.write(0, 0, tr("report.ikm.heading", lang), fmt.title)
    sheet.write(1, 0, ikm_text(report, lang), fmt.big)
    sheet.write(2, 0, tr("report.ikm.rule", lang))
    heads = (msgid("report.col.element"), msgid("report.col.element_name"), msgid("report.col.nrr"))
    for c, key in enumerate(heads):
        sheet.write(4, c, tr(key, lang), fmt.head)
    for r, (code, nrr) in enumerate(zip(ELEMENTS, report.ikm.nrr), start=5):
        sheet.write(r, 0, code.upper())
        sheet.write(r, 1, tr(ELEMENT_NAMES[code], lang))
        if nrr is None:
            sheet.write_blank(r, 2, None)
        else:
            sheet.write_number(r, 2, round(nrr, 3), fmt.two)
    if report.ikm.respondents:
        name = sheet.get_name()
        chart = _chart(book, "bar", tr("report.chart.nrr", lang))
        chart.add_series({"name": tr("report.col.nrr", lang), "categories": [name, 5, 1, 13, 1],
                          "values": [name, 5, 2, 13, 2], "fill": {"color": "#134074"}})
        chart.set_x_axis({"min": 1, "max": 4})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        sheet.insert_chart(4, 4, chart)
    # per service
    row = 16
    for c, key in enumerate(("service", "ikm", "ikm_grade", "ikm_respondents", "rating_index", "ratings")):
        sheet.write(row, c, heading(key, lang), fmt.head)
    for r, s in enumerate(report.services, start=row + 1):
        sheet.write(r, 0, s["service"])
        for c, key in enumerate(("ikm", "ikm_grade", "ikm_respondents", "rating_index", "ratings"), start=1):
            _write(sheet, fmt, r, c, key, s.get(key), lang)


def _suggestions_sheet(book, fmt: _Formats, suggestions: Sequence[tuple], lang: str) -> None:
    sheet = book.add_worksheet(tr("report.sheet.suggestions", lang))
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 1, 10)
    sheet.set_column(2, 2, 90)
    for c, text in enumerate((heading("date", lang), heading("service", lang), tr("report.col.suggestion", lang))):
        sheet.write(0, c, text, fmt.head)
    for r, (day, service, text) in enumerate(suggestions, start=1):
        sheet.write_datetime(r, 0, day, fmt.date)
        sheet.write_string(r, 1, service or "")
        sheet.write_string(r, 2, text or "")


__all__ = ["PdfRenderer", "ReportFormat", "cell", "csv_text", "default_name", "export_report", "ikm_text",
           "period_text", "ratings_text", "report_text", "weekday_name", "write_csv", "write_xlsx"]
