"""The report as one PDF file (A4), drawn with QPainter onto QPdfWriter: the IKM and key figures,
the services with their waiting times and service level, arrivals per hour and the weekday ×
hour heatmap, the counters, and the days; the region's report has the league of its branches
first. Indonesian headings, or English with `lang="en"`.
Needs a Qt application (offscreen is enough); no browser, no window.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter

from kiosk.domain import errors
from kiosk.domain.catalog import msgid, pick, tr
from kiosk.domain.formatting import date_text, decimal_text, time_text
from kiosk.domain.region import LEAGUE_PAGE_COLUMNS, RegionReport
from kiosk.domain.report import STAFF_TABLES, SUMMARY_FIGURES, Report
from kiosk.domain.report_text import figure_text, heading, ikm_text, period_text, ratings_text, weekday_name
from kiosk.domain.skm import ELEMENT_NAMES, ELEMENTS, GRADE_NAMES
from kiosk.ui import charts
from kiosk.ui.charts import NAVY, ORANGE, SKY, TEAL, Series, pt

RESOLUTION = 150
GRADE_COLORS = {"A": "#2A9D8F", "B": "#4C9F38", "C": "#F4A261", "D": "#E76F51"}
# the columns of each table and their relative widths
SERVICE_TABLE = {"service": 1.35, "arrivals": 1.65, "served": 1.1, "no_show": 1, "transferred": 1.25, "wait_p50_min": 1,
                 "wait_p90_min": 1, "service_p50_min": 1, "service_level_pct": 1, "quota": 1.1, "ikm": 0.9,
                 "rating_index": 0.9}
COUNTER_TABLE = {"counter": 1, "served": 1, "no_show": 1, "transferred": 1.2, "recalls": 1.2, "service_p50_min": 1,
                 "busy_min": 1, "idle_min": 1, "paused_min": 1, "rating_index": 1}
DAY_TABLE = {"date": 1, "weekday": 1.1, "arrivals": 1.75, "served": 1.1, "no_show": 1, "wait_p50_min": 1,
             "wait_p90_min": 1, "service_p50_min": 1, "service_level_pct": 1, "front_desk": 1.1, "online": 1.4,
             "ikm": 0.9}
# the league page's columns (domain.region.LEAGUE_PAGE_COLUMNS) and their relative widths
LEAGUE_TABLE = {"rank": 0.9, "branch": 5.4, "ikm": 0.75, "ikm_grade": 0.6, "service_level_pct": 1.0,
                "wait_p90_min": 1.0, "arrivals": 1.05}
LEAGUE_HEADINGS = {"rank": msgid("region.col.rank"), "branch": msgid("region.col.branch")}


class _Pages:
    def __init__(self, path: Path, report: Report, lang: str):
        self.report, self.lang = report, lang
        self.writer = QPdfWriter(str(path))
        self.writer.setResolution(RESOLUTION)
        self.writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                              QMarginsF(14, 14, 14, 14), QPageLayout.Unit.Millimeter))
        self.writer.setTitle(f"{tr('report.title', lang)} — {report.branch}")
        self.writer.setCreator("anjungan")
        self.painter = QPainter()
        if not self.painter.begin(self.writer):
            raise errors.AnjunganError.of("error.report.write", path=path, error="QPdfWriter")
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.page = 1
        self.area = QRectF(self.painter.viewport())
        self.y = self.area.top()

    def pt(self, points: float) -> float:
        return pt(self.painter, points)

    def rect(self, height: float) -> QRectF:
        r = QRectF(self.area.left(), self.y, self.area.width(), height)
        self.y += height
        return r

    def space(self, points: float) -> None:
        self.y += self.pt(points)

    def room(self) -> float:
        return self.area.bottom() - self.pt(20) - self.y

    def header(self, title: str) -> None:
        p, lang = self.painter, self.lang
        band = self.rect(self.pt(62))
        p.fillRect(band, NAVY)
        inner = band.adjusted(self.pt(10), self.pt(5), -self.pt(10), -self.pt(5))
        line = inner.height() / 3
        charts.text(p, QRectF(inner.left(), inner.top(), inner.width(), line),
                    f"{tr('report.title', lang)} · {title}", 14, bold=True, color=charts.WHITE)
        charts.text(p, QRectF(inner.left(), inner.top() + line, inner.width(), line), self.report.branch, 10.5,
                    color=charts.WHITE)
        charts.text(p, QRectF(inner.left(), inner.top() + 2 * line, inner.width(), line),
                    period_text(self.report, lang), 10.5, color=charts.WHITE)
        self.space(10)

    def footer(self) -> None:
        p, lang = self.painter, self.lang
        r = QRectF(self.area.left(), self.area.bottom() - self.pt(14), self.area.width(), self.pt(14))
        made = self.report.generated_at
        when = ""
        if made is not None:
            when = tr("report.generated", lang, when=f"{date_text(made, lang)} {time_text(made, lang)}")
        charts.text(p, r, when, 8, color=charts.MUTED)
        charts.text(p, r, f"{self.report.branch} · {self.page}", 8, color=charts.MUTED,
                    align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def new_page(self) -> None:
        self.footer()
        self.writer.newPage()
        self.page += 1
        self.y = self.area.top()

    def finish(self) -> None:
        self.footer()
        self.painter.end()


def _writable(path: str | Path) -> Path:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise errors.AnjunganError.of("error.report.write", path=path, error=exc.strerror or exc) from None
    return path


def write_pdf(report: Report, path: str | Path, lang: str = "id") -> Path:
    """Write the report as a PDF at `path`."""
    path = _writable(path)
    pages = _Pages(path, report, lang)
    _report_pages(pages)
    return path


def write_region_pdf(report: RegionReport, path: str | Path, lang: str = "id") -> Path:
    """Write the region's report as a PDF at `path`: the league table of its branches first, then
    the region's own figures in the branch report's pages."""
    path = _writable(path)
    pages = _Pages(path, report.region, lang)
    _league(pages, report)
    pages.new_page()
    _report_pages(pages)
    return path


def _report_pages(pages: _Pages) -> None:
    _summary(pages)
    pages.new_page()
    _services(pages)
    pages.new_page()
    _hours(pages)
    pages.new_page()
    _counters_and_days(pages)
    pages.finish()


def _league(pages: _Pages, report: RegionReport) -> None:
    """The branches ranked (domain.region.league), the region's own row last, and their IKM as bars."""
    p, lang = pages.painter, pages.lang
    head = [tr(LEAGUE_HEADINGS[k], lang) if k in LEAGUE_HEADINGS else heading(k, lang) for k in LEAGUE_PAGE_COLUMNS]
    league = report.league()

    def line(row: dict) -> list[str]:
        name = f"{row['branch']} — {row['name']}" if row["name"] else row["branch"]
        return [str(row["rank"]), name, *(figure_text(row, k, lang) for k in LEAGUE_PAGE_COLUMNS[2:])]

    # the region's own row last, named by the page's header
    rows = [line(r) for r in league] + [line({**report.region_row(), "branch": tr("region.col.whole", lang),
                                              "name": ""})]
    title = tr("region.sheet.league", lang)
    pages.header(title)
    charts.text(p, pages.rect(pages.pt(26)), tr("region.league.rule", lang), 8.5, color=charts.MUTED, wrap=True)
    pages.space(4)
    size = 7.5                  # a branch's whole name fits ("BPJS Ketenagakerjaan Kantor Cabang Jakarta Setiabudi")
    while rows:
        per_page = max(1, int((pages.room() - pages.pt(size * 3.2)) // pages.pt(size * 1.9)))
        chunk, rows = rows[:per_page], rows[per_page:]
        height = pages.pt(size * 3.2 + size * 1.9 * len(chunk))
        pages.y += charts.table(p, QRectF(pages.area.left(), pages.y, pages.area.width(), height), head, chunk,
                                [LEAGUE_TABLE[k] for k in LEAGUE_PAGE_COLUMNS], size_pt=size)
        if rows:
            pages.new_page()
            pages.header(title)
    named = [r for r in league if r["ikm"] is not None]
    if named and pages.room() > pages.pt(80):
        pages.space(14)
        height = min(charts.bar_chart_height(p, len(named), 1), pages.room())
        charts.bar_chart(p, pages.rect(height), tr("region.chart.ikm", lang), [r["branch"] for r in named],
                         [Series(heading("ikm", lang), [r["ikm"] for r in named], NAVY)], lang, max_value=100.0,
                         decimals=2)


def _summary(pages: _Pages) -> None:
    p, lang, report = pages.painter, pages.lang, pages.report
    pages.header(tr("report.sheet.summary", lang))
    box = pages.rect(pages.pt(112))
    p.fillRect(box, charts.LIGHT)
    ikm = report.ikm
    inner = box.adjusted(pages.pt(12), pages.pt(8), -pages.pt(12), -pages.pt(8))
    charts.text(p, QRectF(inner.left(), inner.top(), inner.width(), pages.pt(16)), tr("report.ikm.heading", lang),
                11.5, bold=True, color=NAVY)
    if ikm.value is not None:
        badge = QRectF(inner.left(), inner.top() + pages.pt(22), pages.pt(56), pages.pt(56))
        p.setBrush(QColor(GRADE_COLORS[ikm.grade]))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(badge)
        p.setBrush(Qt.BrushStyle.NoBrush)
        charts.text(p, badge, ikm.grade, 30, bold=True, color=charts.WHITE, align=Qt.AlignmentFlag.AlignCenter)
        left = badge.right() + pages.pt(14)
        charts.text(p, QRectF(left, badge.top() - pages.pt(2), pages.pt(140), pages.pt(36)), decimal_text(ikm.value, lang, 2),
                    28, bold=True, color=NAVY)
        charts.text(p, QRectF(left, badge.top() + pages.pt(36), inner.right() - left, pages.pt(20)),
                    f"{tr('skm.grade.label', lang, grade=ikm.grade, name=tr(GRADE_NAMES[ikm.grade], lang))}  ·  "
                    f"{heading('ikm_respondents', lang)}: {ikm.respondents}", 11.5)
    else:
        charts.text(p, QRectF(inner.left(), inner.top() + pages.pt(30), inner.width(), pages.pt(22)),
                    ikm_text(report, lang), 12, color=charts.MUTED)
    charts.text(p, QRectF(inner.left(), inner.bottom() - pages.pt(22), inner.width(), pages.pt(22)),
                tr("report.ikm.rule", lang), 8, color=charts.MUTED, wrap=True)
    pages.space(8)
    charts.text(p, pages.rect(pages.pt(18)), ratings_text(report, lang), 11, bold=True)
    pages.space(6)
    if report.empty:
        charts.text(p, pages.rect(pages.pt(20)), tr("report.empty", lang), 12, color=charts.MUTED)
    # key figures in two halves side by side
    figures = [[heading(key, lang), figure_text(report.total, key, lang)] for key in SUMMARY_FIGURES]
    half = (len(figures) + 1) // 2
    width = pages.area.width() / 2 - pages.pt(6)
    head = [tr("report.col.figure", lang), tr("report.col.value", lang)]
    height = pages.pt(9 * 3.2 + 9 * 1.9 * (half + 1))
    top = pages.y
    charts.table(p, QRectF(pages.area.left(), top, width, height), head, figures[:half], (3, 1), size_pt=9)
    charts.table(p, QRectF(pages.area.left() + width + pages.pt(12), top, width, height), head, figures[half:],
                 (3, 1), size_pt=9)
    pages.y = top + height
    pages.space(12)
    names = [f"{code.upper()}  {tr(ELEMENT_NAMES[code], lang)}" for code in ELEMENTS]
    height = min(charts.bar_chart_height(p, len(names), 1), pages.room())
    charts.bar_chart(p, pages.rect(height), tr("report.chart.nrr", lang), names,
                     [Series(tr("report.col.nrr", lang), [None if n is None else round(n, 2) for n in ikm.nrr], NAVY)],
                     lang, max_value=4.0, decimals=2)


def _services(pages: _Pages) -> None:
    p, lang, report = pages.painter, pages.lang, pages.report
    pages.header(tr("report.sheet.services", lang))
    rows = [[figure_text(s, key, lang) for key in SERVICE_TABLE] for s in report.services]
    height = pages.pt(9 * 3.2 + 9 * 1.9 * (len(rows) + 1))
    late = {i for i, s in enumerate(report.services)
            if s.get("service_level_pct") is not None and s["service_level_pct"] < 80}
    pages.y += charts.table(p, QRectF(pages.area.left(), pages.y, pages.area.width(), height),
                            [heading(k, lang) for k in SERVICE_TABLE], rows, list(SERVICE_TABLE.values()),
                            size_pt=8.5, highlight=lambda i: i in late)
    pages.space(14)
    codes = [s["service"] for s in report.services]
    chart_h = min(charts.bar_chart_height(p, len(codes), 2), (pages.room() - pages.pt(20)) / 2)
    charts.bar_chart(p, pages.rect(chart_h), tr("report.chart.wait_by_service", lang), codes, [
        Series(tr("report.legend.p50", lang), [s["wait_p50_min"] for s in report.services], NAVY),
        Series(tr("report.legend.p90", lang), [s["wait_p90_min"] for s in report.services], SKY)], lang)
    pages.space(14)
    chart_h = min(charts.bar_chart_height(p, len(codes), 1), pages.room())
    charts.bar_chart(p, pages.rect(chart_h), tr("report.chart.sl_by_service", lang), codes, [
        Series(heading("service_level_pct", lang), [s["service_level_pct"] for s in report.services], TEAL)],
        lang, max_value=100.0)


def _hours(pages: _Pages) -> None:
    p, lang, report = pages.painter, pages.lang, pages.report
    pages.header(tr("report.sheet.hours", lang))
    hours = list(report.hours)
    charts.column_chart(p, pages.rect(pages.pt(250)), tr("report.chart.arrivals_by_hour", lang),
                        [f"{h['hour']:02d}" for h in hours],
                        Series(tr("report.legend.arrivals", lang), [h["arrivals"] for h in hours], NAVY),
                        Series(tr("report.legend.wait", lang), [h["wait_p50_min"] for h in hours], ORANGE), lang)
    pages.space(16)
    heat = report.heatmap
    rows = [weekday_name(wd, lang) for wd in heat["weekdays"]]
    cols = [f"{h:02d}" for h in heat["hours"]]
    height = pages.pt(40 + 22 * max(1, len(rows)))
    charts.heatmap(p, pages.rect(height), tr("report.heatmap.arrivals", lang), rows, cols, heat["arrivals"], NAVY,
                   lang)
    pages.space(14)
    charts.heatmap(p, pages.rect(height), tr("report.heatmap.waits", lang), rows, cols, heat["wait_p50_min"], ORANGE,
                   lang, decimals=0)
    if report.days and len(report.days) > 1:
        pages.space(14)
        days = list(report.days)
        charts.column_chart(p, pages.rect(min(pages.pt(220), pages.room())), tr("report.chart.days", lang),
                            [figure_text(d, "date", lang) for d in days],
                            Series(tr("report.legend.arrivals", lang), [d["arrivals"] for d in days], NAVY),
                            Series(tr("report.legend.served", lang), [d["served"] for d in days], TEAL), lang,
                            same_scale=True)


def _staff_tables(pages: _Pages) -> None:
    """Pauses per reason and the per-officer figures, under the counters (when there are any)."""
    p, lang, report = pages.painter, pages.lang, pages.report
    for title, table, cols in STAFF_TABLES:
        found = [dict(r, pause_reason=pick(lang, r.get("pause_reason"), r.get("pause_reason_en")))
                 for r in getattr(report, table)]
        if not found or pages.room() < pages.pt(60):
            continue
        pages.space(10)
        charts.text(p, pages.rect(pages.pt(16)), tr(title, lang), 10, bold=True, color=NAVY)
        height = pages.pt(8.5 * 3.2 + 8.5 * 1.9 * (len(found) + 1))
        pages.y += charts.table(p, QRectF(pages.area.left(), pages.y, pages.area.width(), height),
                                [heading(k, lang) for k in cols], [[figure_text(r, k, lang) for k in cols]
                                                                  for r in found], [1] * len(cols), size_pt=8.5)


def _counters_and_days(pages: _Pages) -> None:
    p, lang, report = pages.painter, pages.lang, pages.report
    pages.header(f"{tr('report.sheet.counters', lang)} · {tr('report.sheet.days', lang)}")
    rows = [[figure_text(c, key, lang) for key in COUNTER_TABLE] for c in report.counters]
    height = pages.pt(9 * 3.2 + 9 * 1.9 * (len(rows) + 1))
    pages.y += charts.table(p, QRectF(pages.area.left(), pages.y, pages.area.width(), height),
                            [heading(k, lang) for k in COUNTER_TABLE], rows, list(COUNTER_TABLE.values()),
                            size_pt=8.5)
    _staff_tables(pages)
    pages.space(16)
    days = [[figure_text(d, key, lang) for key in DAY_TABLE] for d in report.days]
    per_page = max(1, int((pages.room() - pages.pt(8.5 * 3.2)) // pages.pt(8.5 * 1.9)) - 1)
    while days:
        chunk, days = days[:per_page], days[per_page:]
        height = pages.pt(8.5 * 3.2 + 8.5 * 1.9 * (len(chunk) + 1))
        charts.table(p, QRectF(pages.area.left(), pages.y, pages.area.width(), height),
                     [heading(k, lang) for k in DAY_TABLE], chunk, list(DAY_TABLE.values()), size_pt=8.5)
        if days:
            pages.new_page()
            pages.header(tr("report.sheet.days", lang))
            per_page = max(1, int((pages.room() - pages.pt(8.5 * 3.2)) // pages.pt(8.5 * 1.9)) - 1)
