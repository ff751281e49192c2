"""The head of service's monitor: today live, and the report of any period.

"Pantauan" (live): what to do now (will the queue clear before closing; if not, which services
a ranger counter should take), the queues per service with the longest wait, the tickets past
their target, quota used against today's capacity, each counter serving / idle / paused and for
how long, and today's satisfaction. It follows the same event feed as the hall display: the
start of the day is read once (and after every reconnect), then each event is folded in; a
clock tick only re-reads the figures off that state.
"Laporan" (report): the figures and charts of the report for a period, saved as Excel or PDF.
Only ticket numbers and counts: never a name or a NIK.
"""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from kiosk.domain.catalog import Lang, error_text, pick, tr
from kiosk.domain.formatting import decimal_text, time_text, when_text
from kiosk.domain.report import MONITOR_SERVICE_COLUMNS
from kiosk.domain.report_text import ReportFormat, figure_text, heading, ikm_text, period_text, ratings_text
from kiosk.domain import palette
from kiosk.domain.monitor import CounterState, Severity
from kiosk.domain.skm import ELEMENT_NAMES, ELEMENTS, GRADE_NAMES
from kiosk.ui import charts
from kiosk.ui.charts import ORANGE, SKY, Series
from kiosk.ui.app import label as _label
from kiosk.ui.monitor.advice import BANNER_STEPS, banner, fit_table, fit_width, wait_now_text
from kiosk.ui.monitor.needs import MonitorServices
from kiosk.ui.monitor.report_progress import ReportProgress
from kiosk.ui.worker import Background, answers

log = logging.getLogger("anjungan.monitor")

CLOCK_MS = 30_000               # waits and idle times keep counting between events
OVERDUE_SHOWN = 12

# Colours come from palettes and boxes that paint themselves; style sheets only on the few widgets
# that need one (buttons, the table headers), so a new figure repaints its own cell and nothing
# around it.
BACKGROUND = QColor("#f4f6f8")
NAVY = QColor(palette.NAVY)
BUTTON_STYLE = "QPushButton { padding: 8px 14px; border-radius: 8px; background: #dfe7ef; color: #0b2545; }"
MAIN_BUTTON_STYLE = (f"QPushButton {{ padding: 8px 14px; border-radius: 8px; background: {palette.NAVY}; "
                     "color: #ffffff; font-weight: bold; }")
HEADER_STYLE = ("QHeaderView::section {{ background: " + palette.NAVY + "; color: #ffffff; padding: 6px; border: 0; "
                "font-weight: bold; font-size: {size}pt; }}")
RECONNECTING_STYLE = "color: #1b1b1b; background: #ffd166; border-radius: 6px; padding: 2px 10px;"
# the report tab's table: the report's columns it shows (headings: `report_text.heading`)
REPORT_COLUMNS = MONITOR_SERVICE_COLUMNS
OVERDUE_BG = QColor("#fde2dc")
FULL_BG = QColor("#ffe8cc")


def _ink(widget: QWidget, color: QColor | str, role=QPalette.ColorRole.WindowText) -> QWidget:
    palette = widget.palette()
    palette.setColor(role, QColor(color))
    widget.setPalette(palette)
    return widget


def _table(name: str, columns: int, size: int = 14) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setAlternatingRowColors(True)
    _ink(table, "#ffffff", QPalette.ColorRole.Base)
    _ink(table, "#f4f6f8", QPalette.ColorRole.AlternateBase)
    table.horizontalHeader().setStyleSheet(HEADER_STYLE.format(size=max(10, size - 3)))
    f = QFont(table.font())
    f.setPointSize(size)
    table.setFont(f)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    hf = QFont(header.font())
    hf.setPointSize(max(10, size - 3))
    hf.setBold(True)
    header.setFont(hf)
    table.verticalHeader().setDefaultSectionSize(int(size * 2.4))
    return table


def _set(table: QTableWidget, row: int, col: int, value: str, background: QColor | None = None,
         align=Qt.AlignmentFlag.AlignCenter) -> None:
    item = table.item(row, col)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, col, item)
    if item.text() != value:
        item.setText(value)
    align = align | Qt.AlignmentFlag.AlignVCenter
    if item.textAlignment() != align:
        item.setTextAlignment(align)
    color = background if background is not None else QColor(0, 0, 0, 0)
    if item.background().color() != color:
        item.setBackground(color)


TILE_COLORS = {CounterState.SERVING: QColor("#d8f3dc"), CounterState.IDLE: QColor("#fff3c4"),
               CounterState.PAUSED: QColor("#e0e0e0"), CounterState.OFF: QColor("#ffffff")}
ADVICE_COLORS = {Severity.OK: ("#2a9d8f", "#ffffff"), Severity.WARN: ("#f4a261", "#1b1b1b"),
                 Severity.ALERT: ("#e76f51", "#ffffff"), Severity.CLOSED: ("#5a6673", "#ffffff")}


class _Box(QWidget):
    """A rounded box that paints its own colour: a change of colour repaints this box only."""

    def __init__(self, color: QColor, radius: int = 10):
        super().__init__()
        self.color, self.radius = color, radius
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def set_color(self, color: QColor) -> None:
        if color != self.color:
            self.color = color
            self.update()

    def paintEvent(self, event) -> None:
        from PySide6.QtGui import QPainter, QPen

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#c9d3dd"), 1))
        p.setBrush(self.color)
        p.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), self.radius, self.radius)
        p.end()


def _fixed(label: QLabel, lines: int = 1) -> QLabel:
    """A label whose new text never moves the layout around it (no repaint of the whole page)."""
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    label.setFixedHeight(int(label.fontMetrics().lineSpacing() * lines + 4))
    return label


def _text(label: QLabel, value: str) -> None:
    if label.text() != value:
        label.setText(value)


class CounterTile(_Box):
    def __init__(self, number: int):
        super().__init__(TILE_COLORS[CounterState.OFF])
        self.number = number
        self.setObjectName(f"counterTile_{number}")
        self.title = _fixed(_label("", f"counterTitle_{number}", 15, True))
        self.state = _fixed(_label("", f"counterState_{number}", 13), 3)     # three lines: a pause's reason at 1366
        self.state.setWordWrap(True)
        self.served = _fixed(_label("", f"counterServed_{number}", 11))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.served)
        self._state: str | None = None

    def show_counter(self, c, lang: str) -> None:
        _text(self.title, tr("monitor.counter.title", lang, counter=c.number))
        minutes = c.for_min if c.for_min is not None else 0
        _text(self.state, tr("monitor.counter.paused_for", lang, minutes=minutes,
                             reason=pick(lang, c.pause_reason.name_id, c.pause_reason.name_en))
              if c.pause_reason else tr(c.state.label_key, lang, number=c.ticket or "", minutes=minutes))
        _text(self.served, tr("monitor.counter.served", lang, count=c.served))
        self.setAccessibleName(f"{self.title.text()}: {self.state.text()}")
        self._state = c.state.value
        self.set_color(TILE_COLORS[c.state])

    def text(self) -> str:
        return f"{self.title.text()} {self.state.text()} {self.served.text()}"


class MonitorWindow(QWidget):
    def __init__(self, svc: MonitorServices, feed, *, lang: str = "id", parent=None):
        super().__init__(parent)
        self.svc = svc
        self.feed = feed
        self.lang = lang
        self.monitor = None                 # kiosk.domain.monitor.BranchMonitor once loaded
        self.figures = None
        self.report = None
        self.connected: bool | None = None
        self.renders = 0
        self._loading = False
        self._reload_again = False
        self._report_busy = False
        self._pending: list = []
        self.device_states: list | None = None      # the branch's machines and printers (`anjungan devices`)
        self.setObjectName("monitorWindow")
        self.setAutoFillBackground(True)
        _ink(self, BACKGROUND, QPalette.ColorRole.Window)
        self.setMinimumSize(1100, 700)
        self.background = Background(self, "monitor")
        self._build()
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._tick)
        self.heartbeat = svc.heartbeat_timer("monitor")      # this machine's heartbeat, ticked by the clock
        self._clock.timeout.connect(self.heartbeat.tick)
        self._clock.timeout.connect(self.read_devices)
        self._clock.start()
        feed.events.connect(self.on_events)
        feed.resynced.connect(self.on_resynced)
        feed.connection_changed.connect(self.on_connection)
        self.retranslate()
        self.resize(1920, 1080)
        self.reload()
        self.heartbeat.tick()
        self.read_devices()

    # -- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        header = _Box(NAVY, radius=0)
        header.setObjectName("header")
        self.title = _label("", "monitorTitle", 16, True)
        self.title.setWordWrap(True)            # the branch's whole name, on two lines where it must
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reconnecting = _label("", "reconnecting", 13, True)
        self.reconnecting.setStyleSheet(RECONNECTING_STYLE)
        self.reconnecting.hide()
        self.devices_line = _label("", "devicesLine", 13, True)      # silent machines, printers out of paper
        self.devices_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.devices_line.setWordWrap(True)                     # two lines in the header at 1366×768
        self.date_label = _label("", "dateLabel", 15)
        self.clock_label = _label("", "clockLabel", 20, True)
        for label in (self.title, self.date_label, self.clock_label):
            _ink(label, "#ffffff")
        self.language = QPushButton()
        self.language.setStyleSheet(BUTTON_STYLE)
        self.language.setObjectName("languageToggle")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self.toggle_language)
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 8, 16, 8)
        head.addWidget(self.title, 2)
        head.addWidget(self.devices_line, 1)
        head.addWidget(self.reconnecting)
        head.addSpacing(16)
        head.addWidget(self.date_label)
        head.addSpacing(16)
        head.addWidget(self.clock_label)
        head.addSpacing(16)
        head.addWidget(self.language)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("monitorTabs")
        self.tabs.addTab(self._build_live(), "")
        self.tabs.addTab(self._build_report(), "")
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(header)
        root.addWidget(self.tabs, 1)

    def _build_live(self) -> QWidget:
        page = QWidget()
        self.advice_box = _Box(QColor(ADVICE_COLORS[Severity.OK][0]))
        self.advice = _label("", "adviceBanner", 16, True)
        self.advice.setWordWrap(True)
        self.advice.setProperty("severity", Severity.OK.value)
        _fixed(self.advice, BANNER_STEPS + 1)      # the steps, one a line, and room to wrap one
        box = QVBoxLayout(self.advice_box)
        box.setContentsMargins(18, 8, 18, 8)
        box.addWidget(self.advice)
        self.today_line = _fixed(_label("", "todayLine", 14), 2)
        self.today_line.setWordWrap(True)
        self.services_title = _ink(_label("", "panelTitle", 16, True), NAVY)
        self.services = _table("servicesTable", 9, 15)
        header = self.services.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.services.setWordWrap(True)
        self.counters_title = _ink(_label("", "panelTitle", 16, True), NAVY)
        self.tiles = {c.number: CounterTile(c.number) for c in self.svc.branch.counters}
        grid = QGridLayout()
        grid.setSpacing(8)
        columns = 3 if len(self.tiles) > 4 else 2
        for i, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, i // columns, i % columns)
        self.overdue_title = _ink(_label("", "panelTitle", 16, True), NAVY)
        self.overdue = QListWidget()
        self.overdue.setObjectName("overdueList")
        _ink(self.overdue, "#9b2226", QPalette.ColorRole.Text)
        _ink(self.overdue, "#ffffff", QPalette.ColorRole.Base)
        self.overdue.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        f = QFont(self.overdue.font())
        f.setPointSize(14)
        self.overdue.setFont(f)
        self.ikm_title = _ink(_label("", "panelTitle", 16, True), NAVY)
        self.ikm_box = _Box(QColor("#ffffff"))
        self.ikm_box.setObjectName("ikmToday")
        self.ikm_line = _fixed(_label("", "ikmLine", 15, True))
        self.rating_line = _fixed(_label("", "ratingLine", 15, True))
        box = QVBoxLayout(self.ikm_box)
        box.addWidget(self.ikm_line)
        box.addWidget(self.rating_line)

        left = QVBoxLayout()
        left.addWidget(self.services_title)
        left.addWidget(self.services, 1)
        left.addWidget(self.today_line)
        right = QVBoxLayout()
        right.addWidget(self.counters_title)
        right.addLayout(grid)
        right.addWidget(self.overdue_title)
        right.addWidget(self.overdue, 1)
        right.addWidget(self.ikm_title)
        right.addWidget(self.ikm_box)
        body = self.body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addSpacing(12)
        body.addLayout(right, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.advice_box)
        layout.addSpacing(6)
        layout.addLayout(body, 1)
        return page

    def _build_report(self) -> QWidget:
        page = QWidget()
        today = self.svc.today()
        self.report_from = QDateEdit(QDate(today.year, today.month, 1))
        self.report_from.setObjectName("reportFrom")
        self.report_to = QDateEdit(QDate(today.year, today.month, today.day))
        self.report_to.setObjectName("reportTo")
        for edit in (self.report_from, self.report_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
        self.from_label = _label("", "reportFromLabel", 13)
        self.to_label = _label("", "reportToLabel", 13)
        self.report_show = QPushButton()
        self.report_show.setObjectName("reportShow")
        self.report_show.setStyleSheet(MAIN_BUTTON_STYLE)
        self.report_show.clicked.connect(self.load_report)
        self.save_xlsx_button = QPushButton()
        self.save_xlsx_button.setObjectName("reportSaveXlsx")
        self.save_xlsx_button.setStyleSheet(BUTTON_STYLE)
        self.save_xlsx_button.clicked.connect(lambda: self._ask_save(ReportFormat.XLSX))
        self.save_pdf_button = QPushButton()
        self.save_pdf_button.setObjectName("reportSavePdf")
        self.save_pdf_button.setStyleSheet(BUTTON_STYLE)
        self.save_pdf_button.clicked.connect(lambda: self._ask_save(ReportFormat.PDF))
        self.report_status = _label("", "reportStatus", 12)
        self.report_status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.report_progress = ReportProgress()
        bar = QHBoxLayout()
        for w in (self.from_label, self.report_from, self.to_label, self.report_to, self.report_show,
                  self.save_xlsx_button, self.save_pdf_button, self.report_progress):
            bar.addWidget(w)
        bar.addWidget(self.report_status, 1)
        self.report_summary = _label("", "reportSummary", 15, True)
        self.report_summary.setWordWrap(True)
        self.report_table = _table("reportServices", 9, 13)
        self.chart_waits = charts.ChartView("chartWaits")
        self.chart_hours = charts.ChartView("chartHours")
        self.chart_nrr = charts.ChartView("chartNrr")
        chart_row = QHBoxLayout()
        chart_row.addWidget(self.chart_waits, 1)
        chart_row.addWidget(self.chart_hours, 1)
        chart_row.addWidget(self.chart_nrr, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(bar)
        layout.addWidget(self.report_summary)
        layout.addWidget(self.report_table, 2)
        layout.addLayout(chart_row, 3)
        return page

    # -- language ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(tr("monitor.title", lang, branch=self.svc.branch.name))
        self.title.setText(tr("monitor.title", lang, branch=self.svc.branch.name))
        self.language.setText(tr("monitor.language", lang))
        self.language.setAccessibleName(tr("monitor.language", lang))
        self.reconnecting.setText(tr("monitor.reconnecting", lang))
        self.tabs.setTabText(0, tr("monitor.tab.live", lang))
        self.tabs.setTabText(1, tr("monitor.tab.report", lang))
        self.services_title.setText(tr("monitor.services", lang))
        self.counters_title.setText(tr("monitor.counters", lang))
        self.overdue_title.setText(tr("monitor.overdue", lang))
        self.ikm_title.setText(tr("monitor.ikm_today", lang))
        self.services.setHorizontalHeaderLabels([tr(k, lang) for k in (
            "monitor.col.service", "monitor.col.waiting", "monitor.col.wait_now", "monitor.col.longest",
            "monitor.col.overdue",
            "monitor.col.quota", "monitor.col.served", "monitor.col.sl", "monitor.col.clears")])
        self.services.setAccessibleName(tr("monitor.services", lang))
        self.overdue.setAccessibleName(tr("monitor.overdue", lang))
        self.from_label.setText(tr("monitor.report.from", lang))
        self.to_label.setText(tr("monitor.report.to", lang))
        self.report_from.setAccessibleName(tr("monitor.report.from", lang))
        self.report_to.setAccessibleName(tr("monitor.report.to", lang))
        for button, key in ((self.report_show, "monitor.report.show"), (self.save_xlsx_button, "monitor.report.save_xlsx"),
                            (self.save_pdf_button, "monitor.report.save_pdf")):
            button.setText(tr(key, lang))
            button.setAccessibleName(tr(key, lang))
        self.report_table.setHorizontalHeaderLabels([heading(k, lang) for k in REPORT_COLUMNS])
        self._show_clock()
        self._show_devices()
        self.render()
        self._show_report()

    def toggle_language(self) -> None:
        self.lang = Lang.of(self.lang).other
        self.retranslate()

    # -- the feed ------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read today so far (at start, after a reconnect, at a new day); events keep it current."""
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        self._pending = []

        def done(monitor) -> None:
            self._loading = False
            monitor.apply(self._pending)
            self._pending = []
            self.monitor = monitor
            self.render()
            if self._reload_again:
                self._reload_again = False
                self.reload()

        def failed(exc) -> None:
            self._loading = False
            log.warning("monitor could not read today: %s", exc)

        self.background.run(self.svc.monitor_snapshot, answers(done, failed))

    @Slot(list)
    def on_events(self, events: list) -> None:
        if self.monitor is None or self._loading:
            self._pending.extend(events)
            return
        if self.monitor.apply(events):
            self.render()

    @Slot(object)
    def on_resynced(self, _status) -> None:
        self.reload()

    @Slot(bool)
    def on_connection(self, connected: bool) -> None:
        self.connected = connected
        self.reconnecting.setVisible(not connected)

    def _tick(self) -> None:
        self._show_clock()
        if self.monitor is not None and self.monitor.day != self.svc.today():
            self.reload()
            return
        self.render()

    def read_devices(self) -> None:
        """Read the machines' heartbeats and printers again (at start and at every clock tick)."""
        def done(states) -> None:
            self.device_states = states
            self._show_devices()

        self.background.run(self.svc.devices, answers(done, lambda exc: log.warning("devices not read: %s", exc)))

    def _show_devices(self) -> None:
        states = self.device_states
        if states is None:
            return
        self.devices_line.setText(self.svc.device_summary(states, self.lang))
        self.devices_line.setToolTip("\n".join(self.svc.device_line(s, self.lang) for s in states))
        trouble = any(not s.ok for s in states)
        self.devices_line.setStyleSheet(RECONNECTING_STYLE if trouble else "color: #ffffff;")

    def _show_clock(self) -> None:
        now = self.svc.now()
        self.date_label.setText(when_text(now, self.lang, clock=None))
        self.clock_label.setText(time_text(now, self.lang))

    # -- the live page -------------------------------------------------------------------------
    def render(self) -> None:
        if self.monitor is None:
            return
        lang = self.lang
        figures = self.figures = self.monitor.figures(self.svc.now())
        self.renders += 1
        text, severity = banner(figures, lang)
        _text(self.advice, text)
        self.advice.setAccessibleName(self.advice.text())
        if self.advice.property("severity") != severity.value:
            background, ink = ADVICE_COLORS[severity]
            self.advice.setProperty("severity", severity.value)
            self.advice.setStyleSheet(f"color: {ink};")
            self.advice_box.set_color(QColor(background))
        _text(self.today_line, tr("monitor.today", lang, **figures.totals))
        self._render_services(figures)
        for c in figures.counters:
            tile = self.tiles.get(c.number)
            if tile is not None:
                tile.show_counter(c, lang)
        self._render_overdue(figures)
        ikm, ratings = figures.ikm, figures.ratings
        _text(self.ikm_line, tr("monitor.ikm_value", lang, value=decimal_text(ikm.value, lang, 2), grade=ikm.grade,
                                count=ikm.respondents) if ikm.value is not None else tr("monitor.ikm_none", lang))
        _text(self.rating_line,
              tr("monitor.rating_value", lang, value=decimal_text(ratings.value, lang, 2), grade=ratings.grade,
                 count=ratings.count) if ratings.count else tr("monitor.rating_none", lang))

    def _render_services(self, figures) -> None:
        lang, table = self.lang, self.services
        rows = list(figures.ranked)            # the longest wait for someone arriving now first
        if table.rowCount() != len(rows):
            table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            late = OVERDUE_BG if s.overdue else None
            _set(table, r, 0, f"{s.code} · {pick(lang, s.name_id, s.name_en)}", align=Qt.AlignmentFlag.AlignLeft)
            _set(table, r, 1, str(s.waiting))
            _set(table, r, 2, wait_now_text(s, lang), OVERDUE_BG if s.waiting and (
                s.wait_now_min is None or s.wait_now_min > s.target_min) else None)
            _set(table, r, 3, "–" if s.longest_wait_min is None else str(s.longest_wait_min), late)
            _set(table, r, 4, str(s.overdue), late)
            quota = (tr("monitor.quota", lang, used=s.issued, capacity=s.quota_capacity)
                     if s.quota_capacity is not None else tr("monitor.quota_none", lang, used=s.issued))
            _set(table, r, 5, quota, FULL_BG if s.quota_full and (s.issued or s.quota_capacity) else None)
            _set(table, r, 6, str(s.served))
            _set(table, r, 7, "–" if s.service_level_pct is None else f"{decimal_text(s.service_level_pct, lang)} %")
            if not s.waiting:
                clears = tr("monitor.clears_empty", lang)
            elif s.clears_at is not None:
                clears = time_text(s.clears_at, lang)
            else:
                clears = tr("monitor.clears_never", lang, left=s.left_at_close)
            _set(table, r, 8, clears, OVERDUE_BG if s.waiting and s.clears_at is None else None)
        fit_table(table, self.width())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        fit_width(self)

    def _render_overdue(self, figures) -> None:
        lang = self.lang
        lines = [tr("monitor.overdue_row", lang, number=o.number, service=o.service, minutes=o.waited_min,
                    target=o.target_min) for o in figures.overdue[:OVERDUE_SHOWN]]
        if len(figures.overdue) > OVERDUE_SHOWN:
            lines.append(tr("monitor.overdue_more", lang, count=len(figures.overdue) - OVERDUE_SHOWN))
        if not lines:
            lines = [tr("monitor.overdue_none", lang)]
        for i, line in enumerate(lines):
            item = self.overdue.item(i)
            if item is None:
                self.overdue.addItem(QListWidgetItem(line))
            elif item.text() != line:
                item.setText(line)
        while self.overdue.count() > len(lines):
            self.overdue.takeItem(self.overdue.count() - 1)

    # -- the report page -----------------------------------------------------------------------
    def _range(self) -> tuple[date, date]:
        a, b = self.report_from.date(), self.report_to.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def set_range(self, first: date, last: date) -> None:
        self.report_from.setDate(QDate(first.year, first.month, first.day))
        self.report_to.setDate(QDate(last.year, last.month, last.day))

    @property
    def report_busy(self) -> bool:
        return self._report_busy

    def load_report(self) -> None:
        if self._report_busy:
            return
        first, last = self._range()
        self._report_busy = True
        self.report_status.setText("")
        self.report_progress.start(tr("monitor.report.working", self.lang))       # the bar says it

        def done(report) -> None:
            self._report_busy = False
            self.report_progress.finish()
            self.report = report
            self.report_status.setText("")
            self._show_report()

        def failed(exc) -> None:
            self._report_busy = False
            self.report_progress.stop()
            self.report_status.setText(tr("monitor.report.failed", self.lang, error=error_text(exc, self.lang)))

        self.background.run(lambda step: self.svc.report(first, last, progress=step), answers(done, failed),
                            progress=self.report_progress.step)

    def _show_report(self) -> None:
        report, lang = self.report, self.lang
        if report is None:
            return
        t = report.total
        figures = ", ".join(f"{heading(k, lang)} {figure_text(t, k, lang)}"
                            for k in ("arrivals", "served", "wait_p50_min", "service_level_pct"))
        self.report_summary.setText(f"{period_text(report, lang)}\n{ikm_text(report, lang)}\n"
                                    f"{ratings_text(report, lang)}\n{figures}")
        table = self.report_table
        table.setRowCount(len(report.services))
        for r, s in enumerate(report.services):
            for c, key in enumerate(REPORT_COLUMNS):
                _set(table, r, c, figure_text(s, key, lang),
                     align=Qt.AlignmentFlag.AlignLeft if c == 0 else Qt.AlignmentFlag.AlignCenter)
        services = list(report.services)
        hours = list(report.hours)
        codes = [s["service"] for s in services]
        self.chart_waits.show_chart(lambda p, rect: charts.bar_chart(
            p, rect, tr("report.chart.wait_by_service", lang), codes, [
                Series(tr("report.legend.p50", lang), [s["wait_p50_min"] for s in services], NAVY),
                Series(tr("report.legend.p90", lang), [s["wait_p90_min"] for s in services], SKY)], lang))
        self.chart_hours.show_chart(lambda p, rect: charts.column_chart(
            p, rect, tr("report.chart.arrivals_by_hour", lang), [f"{h['hour']:02d}" for h in hours],
            Series(tr("report.legend.arrivals", lang), [h["arrivals"] for h in hours], NAVY),
            Series(tr("report.legend.wait", lang), [h["wait_p50_min"] for h in hours], ORANGE), lang))
        nrr = [None if n is None else round(n, 2) for n in report.ikm.nrr]
        self.chart_nrr.show_chart(lambda p, rect: charts.bar_chart(
            p, rect, tr("report.chart.nrr", lang), [code.upper() for code in ELEMENTS],
            [Series(tr("report.col.nrr", lang), nrr, NAVY)], lang, max_value=4.0, decimals=2))
        self.chart_nrr.setToolTip("\n".join(f"{c.upper()} {tr(ELEMENT_NAMES[c], lang)}" for c in ELEMENTS))
        if report.ikm.grade:
            self.report_summary.setAccessibleName(tr(GRADE_NAMES[report.ikm.grade], lang))

    def _ask_save(self, fmt: ReportFormat | str) -> None:
        first, last = self._range()
        fmt = ReportFormat(fmt)
        button = self.save_xlsx_button if fmt is ReportFormat.XLSX else self.save_pdf_button
        path, _ = QFileDialog.getSaveFileName(self, button.text(), fmt.file_name(first, last))
        if path:
            self.save(Path(path), fmt)

    def save(self, path: Path, fmt: ReportFormat | str) -> None:
        """Write the shown report (made first when none is shown) as Excel or PDF."""
        from kiosk.services import export_report
        from kiosk.ui.reports_pdf import write_pdf

        report, lang, fmt = self.report, self.lang, ReportFormat(fmt)
        if report is None:
            first, last = self._range()
            report = self.report = self.svc.report(first, last)
            self._show_report()
        try:
            suggestions = self.svc.suggestions(report.date_from, report.date_to) if fmt.shows_suggestions else ()
            export_report(report, fmt, path, lang, suggestions=suggestions, pdf=write_pdf)
        except Exception as exc:  # a file that cannot be written is said on the page
            self.report_status.setText(tr("monitor.report.failed", lang, error=error_text(exc, lang)))
            return
        self.report_status.setText(tr("monitor.report.saved", lang, path=path))

    def closeEvent(self, event) -> None:
        self.heartbeat.stop()
        self._clock.stop()
        self.background.close(wait=False)
        super().closeEvent(event)

