"""The report as people read it, said once for every file and screen that shows it: the formats
it is exported in, the one heading of each column, and the texts of its period, IKM, ratings and
figures (decimal comma in Indonesian, point in English).

The XLSX and CSV writers, the PDF and the monitor's report tab all take their headings and
figure texts from here, so a column is named the same everywhere.
"""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from kiosk.domain.catalog import msgid, tr
from kiosk.domain.formatting import date_text, decimal_text, weekday_text
from kiosk.domain.report import Report
from kiosk.domain.skm import GRADE_NAMES


class ReportFormat(StrEnum):
    """The files a report is exported as (`anjungan report --format`, the monitor's save buttons)."""

    XLSX = "xlsx"
    CSV = "csv"
    PDF = "pdf"
    JSON = "json"

    @property
    def is_text(self) -> bool:
        """A text file that may as well go to the terminal (no `--out`)."""
        return self in (ReportFormat.CSV, ReportFormat.JSON)

    @property
    def shows_suggestions(self) -> bool:
        """The file has a sheet for the questionnaires' written suggestions."""
        return self is ReportFormat.XLSX

    def file_name(self, first: date, last: date) -> str:
        """The file's name when none is given: `laporan-2026-11-01-2026-11-30.xlsx`."""
        return f"laporan-{first.isoformat()}-{last.isoformat()}.{self.value}"


# -- every column of every report table, and its one heading ---------------------------------
COLUMN_HEADINGS: dict[str, str] = {
    "date": msgid("report.col.date"), "weekday": msgid("report.col.weekday"), "month": msgid("report.col.month"),
    "service": msgid("report.col.service"), "name": msgid("report.col.name"),
    "counter": msgid("report.col.counter"), "hour": msgid("report.col.hour"),
    "arrivals": msgid("report.col.arrivals"), "served": msgid("report.col.served"),
    "no_show": msgid("report.col.no_show"), "transferred": msgid("report.col.transferred"),
    "transfers_in": msgid("report.col.transfers_in"), "unserved": msgid("report.col.unserved"),
    "wait_p50_min": msgid("report.col.wait_p50_min"), "wait_p90_min": msgid("report.col.wait_p90_min"),
    "wait_max_min": msgid("report.col.wait_max_min"), "walk_p50_min": msgid("report.col.walk_p50_min"),
    "service_p50_min": msgid("report.col.service_p50_min"), "service_p90_min": msgid("report.col.service_p90_min"),
    "service_level_pct": msgid("report.col.service_level_pct"),
    "target_wait_min": msgid("report.col.target_wait_min"),
    "calls": msgid("report.col.calls"), "recalls": msgid("report.col.recalls"),
    "assisted": msgid("report.col.assisted"), "priority": msgid("report.col.priority"),
    "front_desk": msgid("report.col.front_desk"), "online": msgid("report.col.online"),
    "booked": msgid("report.col.booked"), "booked_checked_in": msgid("report.col.booked_checked_in"),
    "booked_early": msgid("report.col.booked_early"), "booked_late": msgid("report.col.booked_late"),
    "booked_no_show": msgid("report.col.booked_no_show"), "printer_failures": msgid("report.col.printer_failures"),
    "quota_used": msgid("report.col.quota_used"), "quota_capacity": msgid("report.col.quota_capacity"),
    "quota": msgid("report.col.quota_used"),                # "used / capacity" in one column
    "busy_min": msgid("report.col.busy_min"), "idle_min": msgid("report.col.idle_min"),
    "paused_min": msgid("report.col.paused_min"),
    "ikm": msgid("report.col.ikm"), "ikm_grade": msgid("report.col.ikm_grade"),
    "ikm_respondents": msgid("report.col.ikm_respondents"), "rating_index": msgid("report.col.rating_index"),
    "ratings": msgid("report.col.ratings"),
    "officer": msgid("report.col.officer"), "idle_waiting_min": msgid("report.col.idle_waiting_min"),
    "pause_reason": msgid("report.col.pause_reason"), "pauses": msgid("report.col.pauses"),
    "pause_min": msgid("report.col.pause_min"),
}
# the figures shown with two decimals (the IKM); every other fractional figure has one
TWO_DECIMALS = frozenset({"ikm"})


def heading(key: str, lang: str = "id") -> str:
    """The column's heading in `lang`."""
    return tr(COLUMN_HEADINGS[key], lang)


def weekday_name(index: int, lang: str = "id") -> str:
    return weekday_text(index, lang)


def figure_text(row: dict, key: str, lang: str = "id") -> str:
    """One figure of a report row as a page or a screen writes it: `–` for none, a decimal comma
    in Indonesian, the weekday's name, `12 / 40` for a quota, `23-11` for a day."""
    value = row.get(key)
    if key == "quota":
        used, cap = row.get("quota_used"), row.get("quota_capacity")
        return f"{used} / {cap}" if cap else "–"
    if value is None:
        return "–"
    if key == "weekday":
        return weekday_name(int(value), lang)
    if key == "date":
        day = date.fromisoformat(value)
        return f"{day.day:02d}-{day.month:02d}"
    if isinstance(value, float):
        return decimal_text(value, lang, 2 if key in TWO_DECIMALS else 1)
    return str(value)


def period_text(report: Report, lang: str = "id") -> str:
    return tr("report.period", lang, start=date_text(report.date_from, lang), end=date_text(report.date_to, lang))


def ikm_text(report: Report, lang: str = "id") -> str:
    ikm = report.ikm
    if ikm.value is None:
        return tr("report.ikm.none", lang)
    return tr("report.ikm.big", lang, value=decimal_text(ikm.value, lang, 2), grade=ikm.grade,
              grade_name=tr(GRADE_NAMES[ikm.grade], lang), count=ikm.respondents)


def ratings_text(report: Report, lang: str = "id") -> str:
    r = report.ratings
    if not r.count:
        return tr("report.ratings.none", lang)
    return tr("report.ratings.big", lang, value=decimal_text(r.value, lang, 2), grade=r.grade, count=r.count)


__all__ = ["COLUMN_HEADINGS", "ReportFormat", "TWO_DECIMALS", "figure_text", "heading", "ikm_text", "period_text",
           "ratings_text", "weekday_name"]
