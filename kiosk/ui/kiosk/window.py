"""The kiosk window: a view of the visit model (`kiosk.services.VisitFlow`).

The model holds the visit and decides every step; the window draws the step's screen from it,
forwards touches, keys and the passing of time to it, and speaks, floats notices and shows the
walk-away warning when the model says so. Slow calls of the model run off the UI thread through
`Background` (the model's runner); an answer for a visit that has ended is dropped by the model.

The window's own: the header (clock, voice, text size, language, help), the staff banner, the
theme and its size for the screen, the staff PIN pad (checked by the application), the ticket's
preview drawn from the one layout the issue returned, and closing the kiosk.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from datetime import date, datetime

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from kiosk.domain.catalog import Lang, pick, tr
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.idle import IdleRule
from kiosk.domain.speech import GAIN, Volume
from kiosk.services import Change, Event, KioskCases, KioskSettings, VisitFlow
from kiosk.ui import pin as staff_pin
from kiosk.ui.app import qimage_from_pil
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.booking import BookingFoundScreen, BookingScreen
from kiosk.ui.kiosk.choices import DocumentsScreen, RouteScreen, VisitScreen
from kiosk.ui.kiosk.ktp import install_ktp
from kiosk.ui.kiosk.nik import NikScreen
from kiosk.ui.kiosk.overlays import IdleWarning, Notice
from kiosk.ui.kiosk.rating import RatingScreen
from kiosk.ui.kiosk.returning import ReturnOfferScreen
from kiosk.ui.kiosk.mend import HeirAgeScreen, KkScreen
from kiosk.ui.kiosk.screens import HeirScreen, MessageScreen, StatusScreen, WelcomeScreen
from kiosk.ui.kiosk.staff import PinScreen, StaffScreen
from kiosk.ui.kiosk.ticket import RepeatScreen, TicketScreen
from kiosk.ui.kiosk.widgets import button, label
from kiosk.ui.worker import Background

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.domain.hours import OfficeStatus

log = logging.getLogger("anjungan.kiosk")

PRESS_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel,
})
TICKET_RETURN_MS = 20_000          # a printed ticket: back to Welcome after this
FAILED_TICKET_RETURN_MS = 180_000  # a ticket that did not print stays until staff saw it
LONG_PRESS_MS = 3_000
TIME_TICK_MS = 250                 # how often the model hears that time passed (the countdown)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class KioskServices(KioskCases, Protocol):
    """What the kiosk window uses of the application: the visit's use cases (`KioskCases`), and
    for itself the branch's settings, the clock, the paper's preview, the staff PIN and its heartbeat."""

    config: Config

    def now(self) -> datetime: ...
    def office_status(self) -> OfficeStatus: ...
    def preview_ticket_data(self, data: Any, printer_url: str | None = None) -> Any: ...
    def staff_pin(self, pin: str, role: str = "staff") -> Any: ...
    def heartbeat_timer(self, kind: str, **given) -> Any: ...
    def follow_config(self) -> bool: ...
    def clock_skew(self) -> Any: ...


class _InputWatch(QObject):
    """Tells the model of every touch, click and key press in the window (walk-aways, scans)."""

    def __init__(self, window: "KioskWindow"):
        super().__init__(window)
        self.window = window

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if kind not in PRESS_EVENTS or not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        if kind == QEvent.Type.KeyPress:
            focus = QApplication.focusWidget()
            if obj is not (focus if focus is not None and focus.window() is self.window else self.window):
                return False            # the same key press on its way up to a parent
            self.window.flow.idle.touched()
            return self.window.key_pressed(event)
        self.window.flow.idle.touched()
        return False


def kiosk_settings(settings, kiosk_id: str, *, lang: str | None, large_text: bool | None,
                   inactivity_ms: int | None, idle_warning_ms: int | None, ticket_return_ms: int,
                   failed_return_ms: int) -> KioskSettings:
    """The model's settings from the configuration's kiosk section and the window's arguments."""
    rule = IdleRule(quiet_s=settings.inactivity_s, warning_s=settings.idle_warning_s)
    return KioskSettings(
        kiosk_id=kiosk_id, lang=Lang.of(lang or settings.default_language),
        large_text=settings.large_text if large_text is None else large_text,
        voice=bool(settings.spoken_guidance),
        quiet_s=settings.inactivity_s if inactivity_ms is None else inactivity_ms / 1000,
        warning_s=settings.idle_warning_s if idle_warning_ms is None else idle_warning_ms / 1000,
        extensions=rule.extensions, ticket_return_s=ticket_return_ms / 1000, failed_return_s=failed_return_ms / 1000)


class KioskWindow(QWidget):
    """The participant's kiosk. `svc` is an open `kiosk.services.Services`; `settings` the
    configuration's kiosk section (idle time, text size, language; default: the one `svc` was
    opened with)."""

    screenShown = Signal(str)       # screen name, after it is drawn
    ticketPrinted = Signal(object)  # PrintOutcome
    closedByStaff = Signal()

    def __init__(self, svc: KioskServices, *, kiosk_id: str = "kiosk-1", printer_url: str | None = None,
                 lockdown: bool = False, hide_cursor: bool = False, inactivity_ms: int | None = None,
                 ticket_return_ms: int = TICKET_RETURN_MS, failed_return_ms: int = FAILED_TICKET_RETURN_MS,
                 long_press_ms: int = LONG_PRESS_MS, lang: str | None = None, large_text: bool | None = None,
                 guide: Callable[[str], None] | None = None, settings=None, idle_warning_ms: int | None = None):
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)     # a scanner types into the window itself
        self.svc = svc
        self.settings = settings if settings is not None else svc.config.kiosk
        self.guide = guide
        self.bg = Background(self, "kiosk", max_threads=2)
        self.flow = VisitFlow(svc, kiosk_settings(
            self.settings, kiosk_id, lang=lang, large_text=large_text, inactivity_ms=inactivity_ms,
            idle_warning_ms=idle_warning_ms, ticket_return_ms=ticket_return_ms, failed_return_ms=failed_return_ms),
            clock=time.monotonic, runner=self.bg, printer_url=printer_url)
        self._may_close = not lockdown
        self._portrait = False
        self._factor = 1.0
        self._themed: tuple[float, bool] | None = None
        self.setWindowTitle("Anjungan — " + svc.branch.name)

        root = QVBoxLayout(self)
        # The window's size is the screen's, never the layout's (and no size hints to push to
        # the platform: some have none).
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._build_header())
        root.addWidget(self._build_banner())
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screens")
        root.addWidget(self.stack, 1)

        self.welcome = WelcomeScreen(self)
        self.nik = NikScreen(self)
        self.kk = KkScreen(self)
        self.heir = HeirScreen(self)
        self.heir_age = HeirAgeScreen(self)
        self.status = StatusScreen(self)
        self.visit_screen = VisitScreen(self)
        self.route = RouteScreen(self)
        self.documents = DocumentsScreen(self)
        self.ticket = TicketScreen(self)
        self.repeat = RepeatScreen(self)
        self.message = MessageScreen(self)
        self.pin = PinScreen(self)
        self.staff = StaffScreen(self)
        self.booking = BookingScreen(self)
        self.booking_found = BookingFoundScreen(self)
        self.rating = RatingScreen(self)
        self.return_offer = ReturnOfferScreen(self)
        self.screens: list[Screen] = [self.welcome, self.nik, self.kk, self.heir, self.status, self.visit_screen,
                                      self.route, self.documents, self.ticket, self.repeat, self.message,
                                      self.pin, self.staff, self.booking, self.booking_found, self.rating,
                                      self.heir_age, self.return_offer]
        self._by_name = {screen.name: screen for screen in self.screens}
        for screen in self.screens:
            self.stack.addWidget(screen)
        self.ktp_watch = install_ktp(self)          # the KTP tray: its question screen, hints and camera

        # overlays: laid over the screens, never in a layout
        self.notice = Notice(self)
        self.idle_warning = IdleWarning(self)
        self.idle_warning.extend.connect(self.flow.idle.extend)
        self._watch = _InputWatch(self)
        QApplication.instance().installEventFilter(self._watch)

        self.time_timer = QTimer(self)              # the model decides what the passing time means
        self.time_timer.setInterval(TIME_TICK_MS)
        self.time_timer.timeout.connect(self.flow.idle.tick)
        self.time_timer.start()
        self.long_press = QTimer(self)
        self.long_press.setSingleShot(True)
        self.long_press.setInterval(long_press_ms)
        self.long_press.timeout.connect(self.open_pin_pad)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.timeout.connect(self._follow_config)
        self.clock_timer.start()
        self._following_config = False
        # the machine's heartbeat and its printer's paper state, checked again right after a print
        self.heartbeat = svc.heartbeat_timer("kiosk", name=kiosk_id, printer_url=printer_url, printer=True)
        self.clock_timer.timeout.connect(self.heartbeat.tick)
        self.ticketPrinted.connect(self.heartbeat.soon)

        self._handlers: dict[Change, Callable[[Event], None]] = {
            Change.STEP: self._show_step, Change.STATE: lambda _e: self.current().refresh(),
            Change.CHROME: lambda _e: self._preferences_changed(), Change.IDLE: lambda _e: self._show_idle(),
            Change.NOTICE: lambda _e: self._show_notice(), Change.SAY: lambda e: self.speak(e.text),
            Change.TICKET: lambda _e: self._draw_preview(),
            Change.PRINTED: lambda _e: self.ticketPrinted.emit(self.flow.visit.print_outcome),
        }
        self.flow.listen(self._changed)
        self.apply_theme()
        if lockdown:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        if hide_cursor:
            self.setCursor(Qt.CursorShape.BlankCursor)
        self.flow.go_welcome()

    # ------------------------------------------------------------------ building
    def _build_header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        self.logo = button(header, "logo")
        self.logo.setText("AM")
        self.logo.setFixedSize(64, 64)
        self.logo.pressed.connect(self.long_press_start)
        self.logo.released.connect(lambda: self.long_press.stop())
        self.branch_label = label(header, "branchName", wrap=True)
        self.branch_label.setText(self.svc.branch.name)
        self.clock = label(header, "clock", wrap=False)
        self.voice_toggle = button(header, "voiceToggle", "header")
        self.voice_toggle.setCheckable(True)
        self.voice_toggle.clicked.connect(self.toggle_voice)
        self.large_toggle = button(header, "largeTextToggle", "header")
        self.large_toggle.setCheckable(True)
        self.large_toggle.clicked.connect(self.flow.toggle_large_text)
        self.language_toggle = button(header, "languageToggle", "header")
        self.language_toggle.clicked.connect(self.flow.toggle_language)
        self.help_button = button(header, "helpButton", "header")
        self.help_button.clicked.connect(self.flow.request_help)
        row.addWidget(self.logo)
        row.addWidget(self.branch_label, 100)
        row.addStretch(1)
        for w in (self.clock, self.voice_toggle, self.large_toggle, self.language_toggle, self.help_button):
            row.addWidget(w)
        self.header = header
        return header

    def _build_banner(self) -> QWidget:
        banner = QWidget(self)
        banner.setObjectName("assistedBanner")
        banner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 6, 16, 6)
        self.banner_text = label(banner, "assistedBannerText", wrap=True)
        self.banner_menu = button(banner, "assistedMenu", "secondary")
        self.banner_menu.clicked.connect(self.flow.show_staff)
        self.banner_exit = button(banner, "assistedExit", "secondary")
        self.banner_exit.clicked.connect(self.flow.end_assisted)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_menu)
        row.addWidget(self.banner_exit)
        banner.hide()
        self.banner = banner
        return banner

    # ------------------------------------------------------------------ what the screens read
    def now(self) -> datetime:
        return self.svc.now()

    def today(self) -> date:
        return self.svc.today()

    def office(self):
        return self.svc.office_status()

    @property
    def lang(self) -> Lang:
        return self.flow.lang

    @property
    def large_text(self) -> bool:
        return self.flow.large_text

    @property
    def staff_role(self) -> str | None:
        return self.flow.staff_role

    @property
    def visit(self):
        """The visit being made (the model's, read-only here)."""
        return self.flow.visit

    @property
    def printer_url(self) -> str | None:
        return self.flow.printer_url

    @printer_url.setter
    def printer_url(self, url: str | None) -> None:
        self.flow.printer_url = url

    @property
    def portrait(self) -> bool:
        return self._portrait

    @property
    def roomy(self) -> bool:
        """Normal text on a full-size window: long sentences may stay in the big size."""
        return not self.flow.large_text and self._factor >= 0.9

    def current(self) -> Screen:
        return self.stack.currentWidget()

    @property
    def current_name(self) -> str:
        return self.current().name

    # ------------------------------------------------------------------ the model's changes
    def _changed(self, event: Event) -> None:
        self._handlers[event.change](event)

    def _show_step(self, event: Event) -> None:
        screen = self._by_name[self.flow.step.value]
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        self._retranslate_chrome()
        if event.speak:
            self.speak(screen.spoken())
        self.screenShown.emit(screen.name)

    def _preferences_changed(self) -> None:
        self.apply_theme()
        set_volume = getattr(self.guide, "set_volume", None)
        if set_volume is not None:
            set_volume(GAIN[self.flow.volume])
        notice = self.flow.notice
        if notice is not None and self.notice.isVisible():
            self.notice.say(tr(notice.key, self.lang), error=notice.error)
        self.current().refresh()
        self._retranslate_chrome()
        self._place_overlays()

    def _show_notice(self) -> None:
        notice = self.flow.notice
        if notice is None:
            self.notice.hide()
            return
        self.notice.setProperty("key", notice.key)
        self.notice.say(tr(notice.key, self.lang), error=notice.error)

    def _show_idle(self) -> None:
        idle = self.flow.idle
        if not idle.warning:
            self.idle_warning.hide()
            return
        lang, may = self.lang, idle.may_extend()
        self.idle_warning.title.setText(tr("idle.title", lang))
        self.idle_warning.countdown.setText(tr("idle.countdown" if may else "idle.last", lang, n=idle.seconds_left()))
        self.idle_warning.continue_button.setText(tr("idle.continue", lang))
        self.idle_warning.continue_button.setVisible(may)
        if not self.idle_warning.isVisible():
            self.notice.hide()
            self.idle_warning.cover()
            self.idle_warning.show()
            self.idle_warning.raise_()

    def _draw_preview(self) -> None:
        """The new ticket as it is printed: drawn from the layout the issue returned."""
        ticket = self.flow.visit.ticket
        self.ticket.set_preview(None)
        if ticket is None:
            return
        svc, url, data = self.svc, self.flow.printer_url, ticket.ticket_data

        def done(image, error) -> None:
            if error is not None or image is None or self.flow.visit.ticket is not ticket:
                if error is not None:
                    log.error("ticket preview could not be drawn: %s", error.__class__.__name__)
                return
            self.ticket.set_preview(QPixmap.fromImage(image))
            if self.current() is self.ticket:
                self.ticket.refresh()

        self.bg.run(lambda: qimage_from_pil(svc.preview_ticket_data(data, url)), done)

    # ------------------------------------------------------------------ the window's own
    def apply_theme(self) -> None:
        themed = (self._factor, self.flow.large_text)
        if themed != self._themed:
            self._themed = themed
            scale = self._factor * (theme.LARGE_SCALE if self.flow.large_text else 1.0)
            self.setStyleSheet(theme.style_sheet(scale, self._factor))
        self.large_toggle.setChecked(self.flow.large_text)

    def speak(self, text: str) -> None:
        """Spoken guidance, when the branch has it and the participant has not muted it."""
        if not text or self.guide is None or self.flow.volume is Volume.OFF:
            return
        try:
            self.guide(text)
        except Exception:
            log.exception("spoken guidance failed")

    def toggle_voice(self) -> None:
        """The volume button: loud, soft, off, and round again (said at the new volume)."""
        self.flow.toggle_voice()
        if self.flow.volume is not Volume.OFF:
            self.speak(self.current().spoken())

    def _retranslate_chrome(self) -> None:
        lang, volume, role = self.lang, self.flow.volume, self.flow.staff_role
        self.language_toggle.setText(tr("language.toggle", lang))
        self.help_button.setText("? " + tr("help.button", lang))
        self.help_button.setAccessibleName(tr("help.button", lang))
        self.large_toggle.setText(tr("large.toggle.off" if self.flow.large_text else "large.toggle", lang))
        self.voice_toggle.setText(tr(f"voice.{volume.value}", lang))
        self.voice_toggle.setChecked(volume is Volume.OFF)
        self.voice_toggle.setAccessibleName(tr(f"voice.name.{volume.value}", lang))
        self.voice_toggle.setVisible(self.guide is not None)        # only where there is a voice to mute
        self.logo.setAccessibleName(tr("a11y.logo", lang))
        self._tick()
        if role:
            text = tr("assisted.banner.admin" if role == "admin" else "assisted.banner", lang)
            reason = self.svc.branch.priority.reason(self.flow.visit.priority_reason or "")
            if reason is not None:
                text += "  ·  " + tr("assisted.banner.priority", lang, reason=pick(lang, reason.name_id, reason.name_en))
            self.banner_text.setText(text)
            self.banner_menu.setText(tr("assisted.menu", lang))
            self.banner_exit.setText(tr("assisted.exit", lang))
        self.banner.setVisible(bool(role))
        if self.idle_warning.isVisible():
            self._show_idle()

    def _tick(self) -> None:
        now = self.now()
        self.clock.setText(time_en(now) if self.lang == Lang.EN else time_id(now))
        if self.stack.currentWidget() is self.welcome and self.isVisible():
            self.welcome.refresh()
        elif self.stack.currentWidget() is self.pin:
            self.pin.tick()

    def _follow_config(self) -> None:
        """The kiosk follows no event feed: it asks every second whether a branch configuration
        was pushed (hours, holidays, services, quotas), off the screen's thread."""
        if self._following_config:
            return
        self._following_config = True

        def done(changed, error) -> None:
            self._following_config = False
            if error is not None:
                log.warning("branch configuration not followed: %s", error)
            elif changed and self.stack.currentWidget() is self.welcome:
                self.welcome.refresh()

        self.bg.run(self.svc.follow_config, done)

    def key_pressed(self, event) -> bool:
        """A key for the scanner's watch; True when an Enter ended a scan (and was taken)."""
        # the key's own time (the window system's, in ms) when it has one: a busy kiosk that handles
        # the keys late still sees the scanner's pace
        at = event.timestamp() / 1000 if event.timestamp() else time.monotonic()
        if event.key() in ENTER_KEYS:
            return self.flow.scans.enter(at)
        text = event.text()
        if len(text) == 1 and text.isprintable():
            self.flow.scans.key(text, at)
        return False

    def notice_area(self) -> QRect:
        """Where notices float: over the top of the screen, above its first control (the title),
        so that nothing the participant may be about to touch is covered or moved."""
        top = self.stack.mapTo(self, self.stack.rect().topLeft())
        limit = top.y() + self.stack.height() // 3
        for kind in (QPushButton, QLineEdit):
            for w in self.current().findChildren(kind):
                if w.isVisible():
                    limit = min(limit, w.mapTo(self, w.rect().topLeft()).y() - 4)
        area = QRect(top.x(), top.y(), self.stack.width(), max(40, limit - top.y()))
        # the notice covers the title whole, never half of it
        title = getattr(self.current(), "title", None)
        cover = 0
        if isinstance(title, QWidget) and title.isVisible():
            cover = title.mapTo(self, title.rect().bottomLeft()).y() + 4 - top.y()
        self.notice.cover_height = min(cover, area.height())
        return area

    # ------------------------------------------------------------------ the participant's way in, staff
    def go_welcome(self, end_visit: bool = True) -> None:
        self.flow.go_welcome(end_visit)

    def start_visit(self) -> None:
        self.flow.start_visit()

    def show_idle_warning(self) -> None:
        """The walk-away warning now (the screenshots of the demo)."""
        self.flow.idle.warn()

    def long_press_start(self) -> None:
        self.long_press.start()

    def open_pin_pad(self) -> None:
        if not self.flow.assisted:
            self.pin.reset()
        self.flow.open_pin_pad()

    def cancel_pin(self) -> None:
        self.pin.reset()
        self.flow.cancel_pin()

    def check_pin(self, pin: str) -> None:
        """Ask the application on a worker thread; the pad shows its answer (wrong, locked, …)."""
        svc = self.svc
        self.bg.run(lambda: staff_pin.kiosk_sign_in(svc, pin), self._pin_checked)

    def _pin_checked(self, answer, error) -> None:
        if error is not None:
            log.warning("staff PIN could not be checked: %s", error.__class__.__name__)
            answer = staff_pin.failed(error)
        self.pin.pin_checked(answer)
        if answer.ok:
            self.flow.signed_in(answer.role)

    def leave_kiosk(self) -> None:
        if not self.flow.may_leave:
            return
        self._may_close = True
        self.closedByStaff.emit()
        self.close()

    # ------------------------------------------------------------------ window
    def _place_overlays(self) -> None:
        if self.notice.isVisible():
            self.notice.place()
        if self.idle_warning.isVisible():
            self.idle_warning.cover()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        factor = theme.window_factor(self.width(), self.height())
        if factor != self._factor:
            self._factor = factor
            self.apply_theme()
        if portrait != self._portrait:
            self._portrait = portrait
            for screen in self.screens:
                screen.set_portrait(portrait)
            self.branch_label.setVisible(not portrait)
        self.current().refresh()
        self._place_overlays()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close:
            event.ignore()
            return
        self.heartbeat.stop()
        self.clock_timer.stop()
        self.time_timer.stop()
        self.bg.forget()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._watch)
        super().closeEvent(event)
