"""The hall display: a TV across the waiting room.

Big "now calling" number and the counter to go to (flashes on a new call), the last calls
(always on screen: people who missed a call look there first), a row per counter, the waiting
count and estimated wait per service group, date and clock, and a running text. Sizes follow the
window: from 1366×768 to 3840×2160, landscape or portrait. Never a name or a NIK.

Every text is legible from the back of the room: on a 43" TV at 6 m it subtends at least 18
minutes of arc (`kiosk.domain.legibility.HALL`), "Loket N" is at least half the height of the
called number, and every text stands 7:1 against its box (`kiosk.domain.palette`). At that size
the counter rows and the waiting counts do not all fit below the last calls, so they take turns
in a strip under them (`SIDE_PAGE_MS` each, `ROWS_PER_PAGE` counters a page).
"""
from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QBoxLayout, QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout,
                               QWidget)

from kiosk.domain.formatting import time_en, time_id, when_text
from kiosk.domain.catalog import pick, tr
from kiosk.domain import palette
from kiosk.domain.legibility import COUNTER_SHARE, HALL
from kiosk.ui import worker
from kiosk.ui.display.marquee import Marquee
from kiosk.ui.display.panel import BACKGROUND, BAR, BOX, FLASH, PAUSED, Panel
from kiosk.domain.hall import DisplayState, branch_changed, waiting_changes
from kiosk.ui.display.text import CachedLabel, ElidedLabel, FitLabel

log = logging.getLogger("anjungan.display")

FRESH_CALL = timedelta(minutes=1)       # older calls (caught up after a gap) are shown, not spoken
FLASHES = 6
FLASH_MS = 450
STATUS_REFRESH_MS = 1000                # waiting counts: at most once a second after changes
STATUS_SAFETY_MS = 30000                # and every 30 s anyway (estimates age)
SIDE_PAGE_MS = 6000                     # counter rows, waiting counts: each page this long
LAST_CALL_ROWS = 5                      # at most; as many as the panel holds at the legible size
ROWS_PER_PAGE = 3                       # counter rows on one page of the strip
COUNTER_FONT = COUNTER_SHARE * 1.1      # "Loket N" beside the number: the rule's share, and room for rounding
BRANCH_NAME_CHARS = 24                  # at least this much of the branch name stays in the header

# Text colours only: the boxes paint themselves (panel.py), so a flash or a pause repaints
# one box and never re-polishes a style sheet.
STYLE = f"""
#display {{ background: {BACKGROUND}; }}
QLabel {{ color: {palette.HALL_TEXT}; }}
#reconnecting {{ color: #1b1b1b; background: {palette.HALL_FLASH}; border-radius: 6px; padding: 2px 10px; }}
#nowNumber {{ color: {palette.HALL_NUMBER}; }}
#tileNumber {{ color: {palette.HALL_NUMBER}; }}
#panelTitle {{ color: {palette.HALL_TITLE}; }}
#groupFigures {{ color: {palette.HALL_NUMBER}; }}
"""
STALE_TEXT = palette.HALL_STALE         # an old call while the data is being refreshed
FLASH_TEXT = palette.HALL_FLASH_TEXT    # dark text on the yellow flash


def _label(text: str = "", name: str | None = None, align=Qt.AlignmentFlag.AlignLeft) -> QLabel:
    label = CachedLabel(text)
    if name:
        label.setObjectName(name)
    label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
    # text is sized from the window, never the window from the text
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


def _elided(text: str = "", name: str | None = None) -> QLabel:
    """A one-line text that ends in "…" when its box is too narrow (never cut mid-letter)."""
    label = ElidedLabel(text)
    if name:
        label.setObjectName(name)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class CounterTile(Panel):
    """One counter as a row: "Loket 3" and the number it serves (or "Istirahat")."""

    def __init__(self, counter: int, lang: str):
        super().__init__(f"counterTile_{counter}", BOX, radius=12)
        self.counter = counter
        self.paused = False
        self.title = _label(tr("display.counter", lang, counter=counter), "tileTitle")
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)   # always whole
        self.number = _label(tr("display.counter_idle", lang), "tileNumber", Qt.AlignmentFlag.AlignRight)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 0)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.number, 1)

    def show_tile(self, number: str | None, paused: bool, lang: str) -> None:
        text = number or (tr("display.counter_paused", lang) if paused else tr("display.counter_idle", lang))
        self.number.setText(text)
        self.paused = paused
        self.set_color(PAUSED if paused else BOX)

    def text(self) -> str:
        return f"{self.title.text()} {self.number.text()}"


class HallServices(Protocol):
    """What the hall display uses of the application: the branch, its settings, the clock and the status."""

    branch: Any
    config: Any

    def now(self) -> datetime: ...
    def status(self) -> Any: ...
    def heartbeat_timer(self, kind: str, **given) -> Any: ...


class DisplayWindow(QWidget):
    def __init__(self, svc: HallServices, feed, settings=None, *, announcer=None, lang: str = "id", parent=None):
        super().__init__(parent)
        self.svc = svc
        self.feed = feed
        self.settings = settings if settings is not None else svc.config.display
        self.title = self.settings.title or svc.branch.name
        self.announcer = announcer
        self.lang = lang
        self.state = DisplayState.for_branch(svc.branch, self.settings.counters, self.settings.services)
        self.connected: bool | None = None
        self.applied = 0                    # events applied (for tests and benchmarks)
        self.setObjectName("display")
        self.setWindowTitle(f"{tr('display.now_calling', lang)} — {svc.branch.name}")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(480, 480)  # fixed once: the layout never resizes the window itself
        self._build()
        self._portrait: bool | None = None
        self._flash_left = 0
        self._flash_on = False
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_MS)
        self._flash.timeout.connect(self._flash_step)
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._show_clock)
        self.heartbeat = svc.heartbeat_timer("display")      # this machine's heartbeat, ticked by the clock
        self._clock.timeout.connect(self.heartbeat.tick)
        self._clock.start()
        self._status_due = QTimer(self)
        self._status_due.setSingleShot(True)
        self._status_due.setInterval(STATUS_REFRESH_MS)
        self._status_due.timeout.connect(self._refresh_status)
        self._status_safety = QTimer(self)
        self._status_safety.setInterval(STATUS_SAFETY_MS)
        self._status_safety.timeout.connect(self._refresh_status)
        self._status_safety.start()
        self._pager = QTimer(self)
        self._pager.setInterval(SIDE_PAGE_MS)
        self._pager.timeout.connect(self.next_page)
        self._pager.start()
        self._status_busy = False
        self._background = worker.Background(self, "display-status")
        feed.events.connect(self.on_events)
        feed.resynced.connect(self.on_resynced)
        feed.connection_changed.connect(self.on_connection)
        self._show_clock()
        self._render()
        self.resize(1366, 768)

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        lang = self.lang
        self.header = Panel("header", BAR)
        self.branch_label = ElidedLabel(self.title)
        self.branch_label.setObjectName("branchName")
        self.branch_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.branch_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.reconnecting = QLabel(tr("staff.reconnecting", lang))   # a plain label: it has a background
        self.reconnecting.setObjectName("reconnecting")
        self.reconnecting.hide()
        self.date_label = _label("", "dateLabel", Qt.AlignmentFlag.AlignRight)
        self.clock_label = _label("", "clockLabel", Qt.AlignmentFlag.AlignRight)
        for label in (self.date_label, self.clock_label, self.reconnecting):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(24, 0, 24, 0)
        head.addWidget(self.branch_label, 1)
        head.addWidget(self.reconnecting)
        head.addSpacing(16)
        head.addWidget(self.date_label)
        head.addSpacing(16)
        head.addWidget(self.clock_label)

        self.now = Panel("nowCalling", BOX, radius=18)
        self.now_title = _label(tr("display.now_calling", lang), "nowTitle", Qt.AlignmentFlag.AlignHCenter)
        self.now_title.setWordWrap(True)
        self.now_number = FitLabel("nowNumber")
        self.now_number.fitted = self._fit
        self.now_counter = _label("", "nowCounter", Qt.AlignmentFlag.AlignHCenter)
        self.now_counter.setWordWrap(True)
        now = QVBoxLayout(self.now)
        now.setSpacing(0)
        now.addStretch(1)
        now.addWidget(self.now_title)
        now.addWidget(self.now_number, 4)
        now.addWidget(self.now_counter)
        now.addStretch(1)

        self.last = Panel("lastCalls", BAR, radius=12)
        self.last.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.last_title = _elided(tr("display.last_calls", lang), "panelTitle")
        self.last_rows = [_elided("", f"lastCall_{i}") for i in range(LAST_CALL_ROWS)]
        last = QVBoxLayout(self.last)
        last.setSpacing(0)
        last.addWidget(self.last_title)
        for row in self.last_rows:
            last.addWidget(row)
        last.addStretch(1)

        self.waiting_rows: list[tuple[QLabel, QLabel]] = []
        self.waiting_pages: list[Panel] = []
        for _ in range(max(1, len(self.svc.branch.groups) or len(self.svc.branch.services))):
            page = Panel("waitingPanel", BAR, radius=12)
            name, figures = _label("", "groupName"), _elided("", "groupFigures")
            name.setWordWrap(True)          # a group's name takes two lines where it must
            box = QVBoxLayout(page)
            box.setSpacing(0)
            box.addWidget(name, 2)
            box.addWidget(figures, 1)
            self.waiting_pages.append(page)
            self.waiting_rows.append((name, figures))

        # under the last calls, the counter rows and the waiting counts take turns
        self.tiles: dict[int, CounterTile] = {}
        self.tile_pages: list[QWidget] = []
        self.pages = QStackedWidget()
        self.pages.setObjectName("sidePages")
        self._make_tiles()
        self.side = QVBoxLayout()
        self.side.addWidget(self.last, 1)
        self.side.addWidget(self.pages)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addWidget(self.now, 3)
        self.body.addLayout(self.side, 4)

        self.footer = Panel("footer", BAR)
        self.marquee = Marquee(" · ".join(self.settings.running_text) or self.svc.branch.name)
        self.marquee.setObjectName("runningText")
        foot = QHBoxLayout(self.footer)
        foot.setContentsMargins(0, 4, 0, 4)
        foot.addWidget(self.marquee)

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        self.middle = QWidget()
        self.middle.setLayout(self.body)
        root.addWidget(self.middle, 1)
        root.addWidget(self.footer)

    def _make_tiles(self) -> None:
        """A row per counter, `ROWS_PER_PAGE` to a page of the strip, then a page per waiting group."""
        for page in self.tile_pages:             # the waiting pages stay where they are, owned by the strip
            self.pages.removeWidget(page)
            page.deleteLater()
        self.tiles = {n: CounterTile(n, self.lang) for n in self.state.counters}
        tiles = list(self.tiles.values())
        self.tile_pages = []
        for i in range(0, len(tiles), ROWS_PER_PAGE):
            page = QWidget()
            page.setObjectName("counterRows")
            rows = QVBoxLayout(page)
            rows.setContentsMargins(0, 0, 0, 0)
            for tile in tiles[i:i + ROWS_PER_PAGE]:
                rows.addWidget(tile, 1)
            for _ in range(ROWS_PER_PAGE - len(tiles[i:i + ROWS_PER_PAGE])):
                rows.addStretch(1)
            self.pages.insertWidget(len(self.tile_pages), page)
            self.tile_pages.append(page)
        if self.pages.indexOf(self.waiting_pages[0]) < 0:
            for page in self.waiting_pages:
                self.pages.addWidget(page)

    def next_page(self) -> None:
        """The strip's next page (counter rows, then the waiting counts, then round)."""
        self.pages.setCurrentIndex((self.pages.currentIndex() + 1) % self.pages.count())

    def show_page(self, name: str) -> None:
        """Show one page of the strip now: "tiles" (the first counter rows) or "waitingPanel"
        (tests, screenshots); "lastCalls" are always on screen."""
        pages = {"tiles": self.tile_pages, "waitingPanel": self.waiting_pages}.get(name, [])
        if pages:
            self.pages.setCurrentWidget(pages[0])
        self._pager.start()

    @property
    def legible_px(self) -> int:
        """The smallest font pixel size legible from the back of the room on this window's TV."""
        probe = QFont(self.font())
        probe.setBold(True)
        probe.setPixelSize(200)
        cap = max(1, QFontMetrics(probe).capHeight()) / 200
        return HALL.min_font_px((max(1, self.width()), max(1, self.height())), cap)

    # -- sizing ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scale()
        QTimer.singleShot(0, self._fit)

    def _scale(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        portrait = h > w
        if portrait != self._portrait:
            self._portrait = portrait
            self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
            self.body.setStretch(0, 5 if portrait else 3)
            self.body.setStretch(1, 6 if portrait else 4)
        unit = min(w / 1080, h / 1920) if portrait else min(w / 1920, h / 1080)
        unit = max(unit, 0.3)
        floor = self.legible_px
        self._unit = unit

        def px(size: float, bold: bool = False) -> QFont:
            font = QFont(self.font())
            font.setPixelSize(max(floor, int(size * unit)))
            font.setBold(bold)
            return font

        self.branch_label.setFont(px(34, True))
        self.reconnecting.setFont(px(28, True))
        self.date_label.setFont(px(34))
        self.clock_label.setFont(px(44, True))
        self.now_title.setFont(px(64, True))
        self.now_number.setFont(px(100, True))
        self.now_number.set_min(floor)
        row = px(40, True)
        line = QFontMetrics(row).height()
        pad = max(4, int(10 * unit))
        for tile in self.tiles.values():
            tile.title.setFont(row)
            tile.number.setFont(row)
            tile.layout().setContentsMargins(2 * pad, 0, 2 * pad, 0)
        self.last_title.setFont(row)
        for label in self.last_rows:
            label.setFont(row)
        for name, figures in self.waiting_rows:
            name.setFont(px(32, True))
            figures.setFont(px(36))
        for panel in (self.now, self.last, *self.waiting_pages):
            panel.layout().setContentsMargins(2 * pad, pad, 2 * pad, pad)
        for page in self.tile_pages:
            page.layout().setSpacing(pad)
        self.pages.setFixedHeight(ROWS_PER_PAGE * (line + pad) + pad)
        self.marquee.setFont(px(40))
        self._fit_header()
        margin = int(16 * unit)
        self.body.setContentsMargins(margin, margin, margin, margin)
        self.body.setSpacing(margin)
        self.side.setSpacing(margin)
        self._fit()

    def _fit(self) -> None:
        """The called number as large as its box allows while "Loket N" under it keeps its share
        of the number's height (and fits across); as many last calls as the panel holds."""
        floor = self.legible_px
        margins = self.now.layout().contentsMargins()
        room = max(1, self.now.width() - margins.left() - margins.right())
        probe = QFont(self.now_number.font())
        probe.setPixelSize(100)
        widest = tr("display.counter", self.lang, counter=max(self.tiles, default=1))
        advance = max(1, QFontMetrics(probe).horizontalAdvance(widest)) / 100
        by_counter = int(room * 0.92 / (COUNTER_FONT * advance))
        self.now_number.set_max(max(floor, min(int(300 * getattr(self, "_unit", 1.0)), by_counter)))
        counter = QFont(self.now_number.font())
        if self.state.now_calling is not None and self.connected is not False:
            counter.setPixelSize(max(floor, math.ceil(COUNTER_FONT * self.now_number.font().pixelSize())))
        else:
            counter.setPixelSize(floor)         # a sentence in its place wraps at the legible size
        if counter != self.now_counter.font():
            self.now_counter.setFont(counter)
            self.now_counter.setMinimumHeight(QFontMetrics(counter).height() if counter.pixelSize() > floor else 0)
        self._fit_rows()

    def _fit_rows(self) -> None:
        margins = self.last.layout().contentsMargins()
        line = QFontMetrics(self.last_title.font()).height()
        fits = (self.last.height() - margins.top() - margins.bottom()) // max(1, line) - 1
        for i, label in enumerate(self.last_rows):
            show = i < fits
            if label.isVisibleTo(self) != show:
                label.setVisible(show)

    # -- feed ------------------------------------------------------------------------------
    @Slot(object)
    def on_resynced(self, status) -> None:
        self.state.load(status)
        self._render()

    @Slot(bool)
    def on_connection(self, connected: bool) -> None:
        self.connected = connected
        self.reconnecting.setVisible(not connected)
        self._paint_now()
        if not connected:
            self.now_counter.setText(tr("display.stale", self.lang))
        self._fit()

    @Slot(list)
    def on_events(self, events: list) -> None:
        if branch_changed(events):
            self.follow_branch()
        newest = None
        refresh = False
        for event in events:
            entry = self.state.apply(event)
            refresh = refresh or waiting_changes(event)
            if entry is not None:
                newest = entry
                self._speak(event)
        self.applied += len(events)
        self._render()
        if newest is not None:
            self._start_flash()
        if refresh and not self._status_due.isActive():
            self._status_due.start()

    def follow_branch(self) -> None:
        """A branch configuration was pushed: show the counters, running text and title it gives
        now, without a restart (this display's own choice of counters and services stays)."""
        settings = self.svc.config.display
        state = DisplayState.for_branch(self.svc.branch, settings.counters, settings.services)
        self.settings = settings
        self.title = settings.title or self.svc.branch.name
        self.branch_label.setText(self.title)
        self.marquee.setText(" · ".join(settings.running_text) or self.svc.branch.name)
        if state.counters != self.state.counters:
            self.state = state
            self._make_tiles()
            self._portrait = None           # lay the new rows out and size their text
            self._scale()
            self._background.run(self.svc.status, worker.answers(self.on_resynced, lambda exc: log.warning(
                "display status after a new branch configuration not read: %s", exc)))
        self._render()

    def _speak(self, event) -> None:
        if self.announcer is None:
            return
        if event.at is not None and self.svc.now() - event.at > FRESH_CALL:
            return
        self.announcer.announce(event.number, int(event.counter))

    def _refresh_status(self) -> None:
        if self._status_busy:
            self._status_due.start()
            return
        self._status_busy = True

        def done(status) -> None:
            self._status_busy = False
            self.state.load_waiting(status)
            self._render_waiting()

        def failed(exc) -> None:
            self._status_busy = False
            log.warning("display status refresh failed: %s", exc)

        self._background.run(self.svc.status, worker.answers(done, failed))

    # -- painting --------------------------------------------------------------------------
    def _render(self) -> None:
        lang = self.lang
        now = self.state.now_calling
        if now is None:
            self.now_number.setText("—")
            self.now_counter.setText(tr("display.waiting_first", lang))
            self.now.setAccessibleName(tr("display.waiting_first", lang))
        else:
            self.now_number.setText(now.number)
            self.now_counter.setText(tr("display.counter", lang, counter=now.counter))
            self.now.setAccessibleName(f"{now.number} · {tr('display.go_to', lang, counter=now.counter)}")
        if self.connected is False:
            self.now_counter.setText(tr("display.stale", lang))
        self._fit()
        for n, tile in self.tiles.items():
            t = self.state.tiles[n]
            tile.show_tile(t.number, t.paused, lang)
        for i, row in enumerate(self.last_rows):
            if i < len(self.state.last_calls):
                c = self.state.last_calls[i]
                row.setText(tr("display.last_call_row", lang, number=c.number, counter=c.counter))
            else:
                row.setText("")
        self._render_waiting()

    def _render_waiting(self) -> None:
        lang = self.lang
        groups = self.state.groups
        for i, (name, figures) in enumerate(self.waiting_rows):
            if i < len(groups):
                g = groups[i]
                name.setText(pick(lang, g.name_id, g.name_en))
                if g.estimated_wait_min is None or g.waiting == 0:
                    figures.setText(tr("display.waiting_row_no_estimate", lang, count=g.waiting))
                else:
                    figures.setText(tr("display.waiting_row", lang, count=g.waiting, minutes=g.estimated_wait_min))
            else:
                name.setText("")
                figures.setText("")

    def _show_clock(self) -> None:
        now = self.svc.now()
        self.date_label.setText(when_text(now, self.lang, clock=None))
        self.clock_label.setText(pick(self.lang, time_id, time_en)(now))
        self._fit_header()

    def _fit_header(self) -> None:
        """At the legible size the date and the branch name may not both fit beside the clock:
        the date gives way, so the branch name is never cut to a stub."""
        fm_name = QFontMetrics(self.branch_label.font())
        head = self.header.layout()
        margins = head.contentsMargins()
        # what is left for the name beside the clock (and the date), as the header's layout gives it
        room = (self.width() - margins.left() - margins.right() - self.clock_label.sizeHint().width()
                - 16 - 2 * max(0, head.spacing()))
        with_date = room - self.date_label.sizeHint().width() - 16 - 2 * max(0, head.spacing())
        wanted = fm_name.horizontalAdvance(self.title[:BRANCH_NAME_CHARS]) + fm_name.averageCharWidth()
        show = with_date >= wanted
        if self.date_label.isVisibleTo(self) != show:
            self.date_label.setVisible(show)

    def _start_flash(self) -> None:
        self._flash_left = FLASHES
        self._flash_on = True
        self._paint_now()
        self._flash.start()

    def _flash_step(self) -> None:
        self._flash_left -= 1
        self._flash_on = self._flash_left % 2 == 0 and self._flash_left > 0
        self._paint_now()
        if self._flash_left <= 0:
            self._flash.stop()

    def _paint_now(self) -> None:
        """Colours of the "now calling" box: yellow while flashing, grey text while stale."""
        self.now.set_color(FLASH if self._flash_on else BOX)
        text = STALE_TEXT if self.connected is False else FLASH_TEXT if self._flash_on else None
        for label in (self.now_title, self.now_number, self.now_counter):
            label.set_color(text)

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()

    def closeEvent(self, event) -> None:
        self.heartbeat.stop()
        self._pager.stop()
        self._clock.stop()
        self._status_safety.stop()
        self._status_due.stop()
        self._background.close(wait=False)
        super().closeEvent(event)
