"""The kiosk window: header, staff banner, and a stack of screens for one visit at a time.

Slow work (status source, database writes, printing, PIN hashing) runs off the UI thread via
`Background`; its results come back as queued signals and are dropped when the visit was
abandoned meanwhile. Every return to Welcome clears the visit, so a NIK never stays on screen;
the end of a visit also gives the next visitor the branch's language, text size and voice.

Walk-aways: after the quiet time a warning counts down (`kiosk.domain.idle`); only then does
the visit end. Notices and the warning float over the screens, so nothing moves under a finger.
A keyboard-wedge scanner's burst on Welcome, the NIK screen or the booking screen starts the
visit from a membership card, a JMO digital card, a ticket or a booking (`kiosk.domain.scan`).

A booked visit is checked in by its code (typed on the booking screen or scanned) or found by the
NIK; a scanned ticket whose visit is over asks for its rating (the faces, then the questionnaire on
request). A visit shown an online route that ends without a ticket is counted as sent online.
"""
from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import datetime
from types import SimpleNamespace
from typing import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from kiosk.domain import visit as visit_rules
from kiosk.domain.booking import CheckIn
from kiosk.domain.catalog import pick, tr
from kiosk.domain.classification import Route
from kiosk.domain.errors import AnjunganError, ServiceClosed, StoreUnavailable
from kiosk.domain.formatting import time_en, time_id
from kiosk.domain.idle import IdleRule
from kiosk.domain.participant import Status
from kiosk.domain.scan import ScanBurst, ScanKind, read_scan
from kiosk.domain.speech import GAIN, Volume, next_volume, ticket_sentence
from kiosk.ui import pin as staff_pin
from kiosk.ui.app import qimage_from_pil
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.booking import BookingFoundScreen, BookingScreen
from kiosk.ui.kiosk.overlays import IdleWarning, Notice
from kiosk.ui.kiosk.rating import RatingScreen
from kiosk.ui.kiosk.screens import (
    DocumentsScreen, HeirScreen, KkScreen, MessageScreen, NikScreen, RepeatScreen, RouteScreen, StatusScreen,
    TicketScreen, VisitScreen, WelcomeScreen,
)
from kiosk.ui.kiosk.staff import PinScreen, StaffScreen
from kiosk.ui.kiosk.state import Visit
from kiosk.ui.kiosk.widgets import button, label
from kiosk.ui.kiosk.worker import Background

log = logging.getLogger("anjungan.kiosk")

PRESS_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel,
})
TICKET_RETURN_MS = 20_000          # a printed ticket: back to Welcome after this
FAILED_TICKET_RETURN_MS = 180_000  # a ticket that did not print stays until staff saw it
LONG_PRESS_MS = 3_000
NOTICE_MS = 10_000
COUNTDOWN_TICK_MS = 250
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def _todays_booking(svc, nik: str):
    """Today's booking of `nik` to offer, or None (a lookup that fails never stops the visit)."""
    try:
        return svc.todays_booking(nik)
    except AnjunganError as exc:
        log.warning("booking lookup failed: %s", exc.__class__.__name__)
        return None


def _preview_and_print(svc, ticket_id: str, url: str | None):
    """The new ticket's preview image (None when it cannot be drawn) and its print job (a future,
    or the error that stopped it)."""
    try:
        image = qimage_from_pil(svc.ticket_preview(ticket_id, url))
    except Exception:
        log.exception("ticket preview could not be drawn")
        image = None
    try:
        future = svc.print_ticket(ticket_id, url, wait=False)
    except AnjunganError as exc:
        future = exc
    return image, future


class _InputWatch(QObject):
    """Tells the window of every touch, click and key press in it (the walk-away timer, scans)."""

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
            self.window.user_input()
            return self.window.key_pressed(event)
        self.window.user_input()
        return False


class KioskWindow(QWidget):
    """The participant's kiosk. `svc` is an open `kiosk.services.Services`; `settings` the
    configuration's kiosk section (idle time, text size, language; default: the one `svc` was
    opened with)."""

    screenShown = Signal(str)       # screen name, after it is drawn
    ticketPrinted = Signal(object)  # PrintOutcome (or a failure stand-in)
    closedByStaff = Signal()

    def __init__(self, svc, *, kiosk_id: str = "kiosk-1", printer_url: str | None = None,
                 lockdown: bool = False, hide_cursor: bool = False, inactivity_ms: int | None = None,
                 ticket_return_ms: int = TICKET_RETURN_MS, failed_return_ms: int = FAILED_TICKET_RETURN_MS,
                 long_press_ms: int = LONG_PRESS_MS, lang: str | None = None, large_text: bool | None = None,
                 guide: Callable[[str], None] | None = None, settings=None, idle_warning_ms: int | None = None):
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)     # a scanner types into the window itself
        self.svc = svc
        self.kiosk_id = kiosk_id
        self.printer_url = printer_url
        self.lockdown = lockdown
        self.settings = settings if settings is not None else svc.config.kiosk
        # what every visit starts with (the next visitor never inherits the last one's choices)
        self.default_lang = lang or self.settings.default_language
        self.default_large = self.settings.large_text if large_text is None else large_text
        self.default_voice = bool(self.settings.spoken_guidance)
        self.lang = self.default_lang
        self.large_text = self.default_large
        self.volume = Volume.LOUD if self.default_voice else Volume.OFF
        self.guide = guide
        self.visit = Visit()
        self.history: list[Screen] = []
        self.staff_role: str | None = None
        self.ticket_return_ms = ticket_return_ms
        self.failed_return_ms = failed_return_ms
        self._may_close = not lockdown
        self._portrait = False
        self._factor = 1.0
        self.bg = Background(self)
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
        self.screens: list[Screen] = [self.welcome, self.nik, self.kk, self.heir, self.status, self.visit_screen,
                                      self.route, self.documents, self.ticket, self.repeat, self.message,
                                      self.pin, self.staff, self.booking, self.booking_found, self.rating]
        for screen in self.screens:
            self.stack.addWidget(screen)

        # overlays: laid over the screens, never in a layout
        self.notice = Notice(self)
        self.idle_warning = IdleWarning(self)
        self.idle_warning.extend.connect(self.extend_visit)

        seconds = self.settings.inactivity_s          # the configuration keeps it at 45 s or more
        quiet_ms = inactivity_ms if inactivity_ms is not None else seconds * 1000
        warning_ms = idle_warning_ms if idle_warning_ms is not None else self.settings.idle_warning_s * 1000
        self.idle_rule = IdleRule(quiet_s=seconds, warning_s=self.settings.idle_warning_s)
        self.idle_warning_ms = warning_ms
        self.extensions = 0                 # "still here" answers in a row
        self._warning_since: float | None = None
        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.setInterval(quiet_ms)
        self.inactivity.timeout.connect(self._inactive)
        self.countdown = QTimer(self)
        self.countdown.setInterval(COUNTDOWN_TICK_MS)
        self.countdown.timeout.connect(self._count_down)
        self.scan_burst = ScanBurst()
        self._digits_before_burst = ""
        self._code_before_burst = ""
        self._watch = _InputWatch(self)
        QApplication.instance().installEventFilter(self._watch)

        self.return_timer = QTimer(self)
        self.return_timer.setSingleShot(True)
        self.return_timer.timeout.connect(lambda: self.go_welcome())
        self.notice_timer = QTimer(self)
        self.notice_timer.setSingleShot(True)
        self.notice_timer.timeout.connect(self.notice.hide)
        self.long_press = QTimer(self)
        self.long_press.setSingleShot(True)
        self.long_press.setInterval(long_press_ms)
        self.long_press.timeout.connect(self.open_pin_pad)
        self.clock_timer = QTimer(self)
        self.clock_timer.setInterval(1000)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start()

        self.apply_theme()
        if lockdown:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        if hide_cursor:
            self.setCursor(Qt.CursorShape.BlankCursor)
        self.go_welcome()

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
        self.logo.released.connect(self.long_press_stop)
        self.branch_label = label(header, "branchName", wrap=True)
        self.branch_label.setText(self.svc.branch.name)
        self.clock = label(header, "clock", wrap=False)
        self.voice_toggle = button(header, "voiceToggle", "header")
        self.voice_toggle.setCheckable(True)
        self.voice_toggle.clicked.connect(self.toggle_voice)
        self.large_toggle = button(header, "largeTextToggle", "header")
        self.large_toggle.setCheckable(True)
        self.large_toggle.clicked.connect(self.toggle_large_text)
        self.language_toggle = button(header, "languageToggle", "header")
        self.language_toggle.clicked.connect(self.toggle_language)
        self.help_button = button(header, "helpButton", "header")
        self.help_button.clicked.connect(self.request_help)
        row.addWidget(self.logo)
        row.addWidget(self.branch_label, 100)
        row.addStretch(1)
        row.addWidget(self.clock)
        row.addWidget(self.voice_toggle)
        row.addWidget(self.large_toggle)
        row.addWidget(self.language_toggle)
        row.addWidget(self.help_button)
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
        self.banner_menu.clicked.connect(self.show_staff)
        self.banner_exit = button(banner, "assistedExit", "secondary")
        self.banner_exit.clicked.connect(self.end_assisted)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_menu)
        row.addWidget(self.banner_exit)
        banner.hide()
        self.banner = banner
        return banner

    # ------------------------------------------------------------------ basics
    def now(self) -> datetime:
        return self.svc.now()

    def today(self):
        return self.svc.today()

    def office(self):
        return self.svc.office_status()

    def current(self) -> Screen:
        return self.stack.currentWidget()

    @property
    def current_name(self) -> str:
        return self.current().name

    def apply_theme(self) -> None:
        scale = self._factor * (theme.LARGE_SCALE if self.large_text else 1.0)
        self.setStyleSheet(theme.style_sheet(scale, self._factor))
        self.large_toggle.setChecked(self.large_text)

    def show_screen(self, screen: Screen, remember: bool = True, speak: bool = True) -> None:
        current = self.current()
        if screen in self.history:
            del self.history[self.history.index(screen):]
        elif remember and current is not None and current is not screen and current.remembered:
            self.history.append(current)
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        self.screen_changed(screen, speak=speak)

    def screen_changed(self, screen: Screen, speak: bool = True) -> None:
        self._retranslate_chrome()
        self.restart_quiet_time()
        if speak:
            self.speak(screen.spoken())
        self.screenShown.emit(screen.name)

    def speak(self, text: str) -> None:
        """Spoken guidance, when the branch has it and the participant has not muted it."""
        if not text or self.guide is None or self.volume is Volume.OFF:
            return
        try:
            self.guide(text)
        except Exception:
            log.exception("spoken guidance failed")

    def _retranslate_chrome(self) -> None:
        lang = self.lang
        self.language_toggle.setText(tr("language.toggle", lang))
        self.help_button.setText("? " + tr("help.button", lang))
        self.help_button.setAccessibleName(tr("help.button", lang))
        self.large_toggle.setText(tr("large.toggle.off" if self.large_text else "large.toggle", lang))
        self.voice_toggle.setText(tr(f"voice.{self.volume.value}", lang))
        self.voice_toggle.setChecked(self.volume is Volume.OFF)
        self.voice_toggle.setAccessibleName(tr(f"voice.name.{self.volume.value}", lang))
        self.voice_toggle.setVisible(self.guide is not None)        # only where there is a voice to mute
        self.logo.setAccessibleName(tr("a11y.logo", lang))
        self._tick()
        if self.staff_role:
            text = tr("assisted.banner.admin" if self.staff_role == "admin" else "assisted.banner", lang)
            reason = self.svc.branch.priority.reason(self.visit.priority_reason or "")
            if reason is not None:
                text += "  ·  " + tr("assisted.banner.priority", lang, reason=pick(lang, reason.name_id, reason.name_en))
            self.banner_text.setText(text)
            self.banner_menu.setText(tr("assisted.menu", lang))
            self.banner_exit.setText(tr("assisted.exit", lang))
        self.banner.setVisible(bool(self.staff_role))
        if self.idle_warning.isVisible():
            self._show_countdown()

    def _tick(self) -> None:
        now = self.now()
        self.clock.setText(time_en(now) if self.lang == "en" else time_id(now))
        if self.stack.currentWidget() is self.welcome and self.isVisible():
            self.welcome.refresh()
        elif self.stack.currentWidget() is self.pin:
            self.pin.tick()

    # ------------------------------------------------------------------ the flow
    def go_welcome(self, end_visit: bool = True) -> None:
        """Back to the start: forget everything of the visit (the NIK first). At the end of a visit
        the next visitor gets the branch's language, text size and voice again."""
        self.bg.forget()
        self.return_timer.stop()
        self._hide_warning()
        self._count_online_redirect()
        self.visit.clear()
        self.history = []
        self.nik.reset()
        self.booking.reset()
        self.documents.reset()
        self.visit_screen.reset()
        self.repeat.feedback = ("", "")
        self.route.recorded_text = ""
        self.ticket.set_preview(None)
        if end_visit:
            self.reset_preferences()
        self.show_screen(self.welcome, remember=False)

    def reset_preferences(self) -> None:
        """The branch's default language, text size and voice (a new visitor)."""
        changed = (self.lang, self.large_text) != (self.default_lang, self.default_large)
        self.lang = self.default_lang
        self._set_volume(Volume.LOUD if self.default_voice else Volume.OFF)
        if self.large_text != self.default_large:
            self.large_text = self.default_large
            self.apply_theme()
        if changed:
            self.current().refresh()
        self._retranslate_chrome()

    def go_back(self) -> None:
        """One step back; what was typed stays."""
        while self.history:
            screen = self.history.pop()
            if screen.remembered:
                screen.refresh()
                self.stack.setCurrentWidget(screen)
                self.screen_changed(screen)
                return
        self.go_welcome(end_visit=False)

    def _count_online_redirect(self) -> None:
        """The visit ends: shown an online route and left without a ticket, it counts as sent online
        (once for the visit)."""
        visit = self.visit
        service = visit.online_shown
        if service is None or visit.ticket is not None or visit.shown is not None:
            return
        visit.online_shown = None
        svc, kiosk_id, assisted = self.svc, self.kiosk_id, bool(self.staff_role)

        def done(_result, error) -> None:
            if error is not None:
                log.warning("online redirect not counted: %s", error.__class__.__name__)

        self.bg.run(lambda: svc.record_online_redirect(service, kiosk_id=kiosk_id, assisted=assisted), done)

    def start_visit(self) -> None:
        reason = self.visit.priority_reason
        self.bg.forget()
        self.visit.clear()
        self.visit.priority_reason = reason
        self.nik.reset()
        self.documents.reset()
        self.visit_screen.reset()
        self.show_screen(self.nik)

    def check_nik(self, digits: str) -> None:
        svc = self.svc
        self.bg.run(lambda: (svc.check(digits), svc.held_tickets(digits), _todays_booking(svc, digits)),
                    self._checked)

    def _checked(self, value, error) -> None:
        self.nik.check_done()
        if error is not None:
            self.show_error(error)
            return
        result, held, booking = value
        if not result.nik_valid:
            self.nik.say(result.error or "", result.error_en)
            return
        self.visit.result = result
        self.visit.held = held
        self.visit.heir = None
        self.visit.booking = booking
        self.visit_screen.reset()
        if booking is not None:                 # today's booking: offered before the walk-in path
            self.booking_found.mode = BookingFoundScreen.FOUND
            self.show_screen(self.booking_found)
            return
        self._route_checked()

    def continue_without_booking(self) -> None:
        """Today's booking aside: the visit goes on as a walk-in."""
        self.visit.booking = None
        self._route_checked()

    def _route_checked(self) -> None:
        """After the check: the KK or heir question, the status, or straight to the services."""
        participant = self.visit.result.participant
        if visit_rules.ask_if_family_card(participant) and not self.visit.scanned:
            self.show_screen(self.kk)
        elif visit_rules.ask_if_heir(participant) and any(s.heirs for s in self.svc.branch.services):
            self.show_screen(self.heir)
        elif participant is not None and participant.verified and participant.found \
                and participant.status is Status.ACTIVE:
            self.show_screen(self.visit_screen)      # nothing to read on the status screen: straight on
        else:
            self.show_screen(self.status)

    def retype_nik(self) -> None:
        """The KK question: type the NIK from the ID card (the field starts empty)."""
        self.visit.result = None
        self.nik.reset()
        self.show_screen(self.nik)

    def not_family_card(self) -> None:
        self.show_screen(self.status)

    def answer_heir(self, heir: bool) -> None:
        self.visit.heir = heir
        if not heir:
            self.show_screen(self.status)
            return
        svc, nik = self.svc, self.visit.nik

        def done(value, error) -> None:
            if error is not None:
                self.show_error(error)
                return
            self.visit.result, self.visit.held = value
            self.visit_screen.reset()
            self.show_screen(self.status)

        self.bg.run(lambda: (svc.check(nik, heir=True), svc.held_tickets(nik)), done)

    def show_visit(self) -> None:
        self.documents.reset()
        self.route.recorded_text = ""
        self.show_screen(self.visit_screen)

    def choose_service(self, code: str) -> None:
        result = self.visit.result
        option = result.option(code) if result is not None else None
        if option is None:
            return
        self.visit.option = option
        self.route.recorded_text = ""
        self.documents.reset()
        held = self.visit.held.get(code)
        if held is not None:
            self._show_held(held, scanned=False)
            return
        if option.route == Route.ONLINE:
            self.visit.online_shown = code         # counted as sent online if the visit ends without a ticket
        # A plain queue goes straight to the documents; every other route explains itself first.
        self.show_screen(self.documents if option.route == Route.QUEUE else self.route)

    def _show_held(self, ticket, scanned: bool) -> None:
        self.visit.shown = ticket
        self.repeat.scanned = scanned
        self.repeat.feedback = ("", "")
        self.show_screen(self.repeat)

    def queue_anyway(self) -> None:
        option = self.visit.option
        if option is None or not option.can_issue(bool(self.staff_role)):
            return
        self.documents.reset()
        self.show_screen(self.documents)

    def issue_ticket(self, documents_complete: bool = True, insist: bool = False) -> None:
        option = self.visit.option
        if option is None or self.documents.issuing or not option.can_issue(bool(self.staff_role)):
            return
        if insist and not self.staff_role:
            return
        self.visit.documents_complete = documents_complete
        self.documents.issuing = True
        self.documents.refresh()
        svc, visit, url = self.svc, self.visit, self.printer_url
        nik, code, reason, assisted = visit.nik, option.service, visit.priority_reason, bool(self.staff_role)
        kiosk_id, heir = self.kiosk_id, bool(visit.heir)

        def work():
            issued = svc.issue(nik, code, priority_reason=reason, assisted=assisted,
                               documents_complete=documents_complete, kiosk_id=kiosk_id, heir=heir,
                               insist=insist)
            if issued.existing:
                return issued, None, None
            return (issued, *_preview_and_print(svc, issued.ticket_id, url))

        self.bg.run(work, self._issued)

    def _issued(self, value, error) -> None:
        self.documents.issuing = False
        if error is not None:
            self.show_error(error)
            return
        issued, image, future = value
        if issued.existing:                      # the NIK already holds a ticket for this service
            self.visit.held[issued.service] = issued
            self._show_held(issued, scanned=False)
            return
        self._show_issued(issued, image, future)

    def _show_issued(self, issued, image, future) -> None:
        """A new ticket: on screen (its preview), read out, printing."""
        self.visit.ticket = issued
        self.visit.nik = ""
        self.nik.reset()
        self.ticket.set_preview(QPixmap.fromImage(image) if image is not None else None)
        self.show_screen(self.ticket, speak=False)
        option = self.visit.option
        if option is not None:
            name = pick(self.lang, option.name_id, option.name_en)
        else:
            spec = self.svc.branch.service(issued.service)
            name = pick(self.lang, spec.name_id, spec.name_en) if spec is not None else issued.service
        booked = pick(self.lang, *self.visit.booking_message) + " " if self.visit.booking_message else ""
        self.speak(ticket_sentence(issued.number, name, issued.ahead, self.lang) + " " + booked +
                   tr("speak.take", self.lang))
        self.return_timer.start(self.failed_return_ms)     # until the printer answers
        if isinstance(future, Exception):
            self._printed(None, future)
        else:
            self.bg.watch(future, self._printed)

    def _printed(self, outcome, error) -> None:
        if error is not None or outcome is None:
            message = getattr(error, "message", None) or tr("error.unexpected", "id")
            outcome = SimpleNamespace(ok=False, status="failed", reason=message,
                                      reason_en=getattr(error, "message_en", None), paper_near_end=False)
        self.visit.print_outcome = outcome
        if not outcome.ok:
            svc, kiosk_id = self.svc, self.kiosk_id
            self.bg.run(lambda: svc.request_assistance(kiosk_id, reason="printer"), lambda _r, _e: None)
            self.return_timer.start(self.failed_return_ms)
        else:
            self.return_timer.start(self.ticket_return_ms)
        self.show_screen(self.ticket, speak=not outcome.ok)
        self.ticketPrinted.emit(outcome)

    def reprint_shown(self) -> None:
        """Staff reprint the ticket on the repeat screen (the participant lost it)."""
        ticket = self.visit.shown
        if not self.staff_role or ticket is None:
            return
        svc, url = self.svc, self.printer_url

        def done(outcome, error) -> None:
            if error is not None:
                text = (getattr(error, "message", tr("error.unexpected", "id")),
                        getattr(error, "message_en", None) or tr("error.unexpected", "en"))
            elif outcome.ok:
                text = (tr("staff.reprint.ok", "id", number=ticket.number),
                        tr("staff.reprint.ok", "en", number=ticket.number))
            else:
                text = (tr("staff.reprint.failed", "id", number=ticket.number, reason=outcome.reason),
                        tr("staff.reprint.failed", "en", number=ticket.number, reason=outcome.reason_en or outcome.reason))
            self.repeat.feedback = text
            self.repeat.refresh()

        self.bg.run(lambda: svc.reprint(ticket.ticket_id, url), done)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, ServiceClosed) or (isinstance(error, AnjunganError) and
                                                not isinstance(error, StoreUnavailable)):
            self.message.message = (error.message, error.message_en)
        elif isinstance(error, StoreUnavailable):
            self.message.message = (tr("error.store", "id"), tr("error.store", "en"))
        else:
            log.error("kiosk action failed: %s", error.__class__.__name__)
            self.message.message = (tr("error.unexpected", "id"), tr("error.unexpected", "en"))
        self.show_screen(self.message)

    # ------------------------------------------------------------------ booked visits
    def start_booking(self, code: str = "") -> None:
        """"Saya sudah booking": the booking code screen (with a scanned code in it)."""
        reason = self.visit.priority_reason
        self.bg.forget()
        self.visit.clear()
        self.visit.priority_reason = reason
        self.nik.reset()
        self.booking.reset()
        self.booking.set_code(code)
        self.show_screen(self.booking)

    def check_in_booking(self, code: str) -> None:
        """The typed or scanned code: checked in by the application (`svc.check_in`)."""
        self.booking.start_checking()
        self._check_in(code, walk_in=False)

    def check_in_found(self) -> None:
        """Today's booking of the typed NIK: checked in."""
        booking = self.visit.booking
        if booking is not None and not self.visit.checking_in:
            self._check_in(booking["code"], walk_in=False)

    def check_in_walk_in(self) -> None:
        """An early arrival takes an ordinary ticket now instead of waiting for the slot."""
        result = self.visit.checkin
        if result is not None and not self.visit.checking_in:
            self._check_in(result.booking["code"], walk_in=True)

    def _check_in(self, code: str, walk_in: bool) -> None:
        svc, url, kiosk_id = self.svc, self.printer_url, self.kiosk_id
        self.visit.checking_in = True
        if self.current() is self.booking_found:
            self.booking_found.refresh()

        def work():
            result = svc.check_in(code, kiosk_id=kiosk_id, walk_in=walk_in)
            if result.ticket is None or result.outcome == CheckIn.ALREADY:
                return result, None, None
            # the place as the printed ticket and the phone page tell it (booked order counted)
            place = svc.ticket_status(result.ticket.ticket_id)
            if place is not None:
                result = replace(result, ticket=replace(result.ticket, ahead=place.ahead,
                                                        estimated_wait_min=place.estimated_wait_min))
            return (result, *_preview_and_print(svc, result.ticket.ticket_id, url))

        self.bg.run(work, self._checked_in)

    def _checked_in(self, value, error) -> None:
        self.visit.checking_in = False
        if error is not None:
            if isinstance(error, AnjunganError) and not isinstance(error, StoreUnavailable):
                # one sentence (unknown, used, other day…) under the code, which stays to be corrected
                if self.current() is not self.booking:
                    self.show_screen(self.booking)
                self.booking.say(error.message, error.message_en)
                self.speak(self.booking.message.text())
                return
            self.booking.checking = False
            self.show_error(error)
            return
        result, image, future = value
        self.booking.checking = False
        if result.ticket is None:                   # early: told when; a walk-in ticket may be taken now
            self.visit.checkin = result
            self.booking_found.mode = BookingFoundScreen.EARLY
            self.show_screen(self.booking_found)
            return
        if result.outcome == CheckIn.ALREADY:               # checked in before: that ticket again
            self.visit.booking_message = (result.message, result.message_en)
            self._show_held(result.ticket, scanned=True)
            return
        self.visit.booking = None
        self.visit.booking_message = (result.message, result.message_en)
        self._show_issued(result.ticket, image, future)

    # ------------------------------------------------------------------ rating a finished visit
    def rate_visit(self, score: int) -> None:
        """One tap on a face: the scanned visit's rating, once."""
        target = self.visit.rating
        if target is None or self.rating.page != RatingScreen.ASK:
            return
        ticket_id = target[0]
        self.rating.show_page(RatingScreen.THANKS)        # thanked at once, whatever the database says
        svc = self.svc

        def done(_view, error) -> None:
            if error is not None:
                log.warning("rating not kept: %s", error.__class__.__name__)

        self.bg.run(lambda: svc.rate(ticket_id, score, source="kiosk"), done)

    def open_survey(self) -> None:
        if self.visit.rating is not None:
            self.rating.show_page(RatingScreen.SURVEY)

    def send_survey(self, answers: dict, respondent: dict, suggestion: str) -> None:
        """The full SKM questionnaire, kept for the scanned visit (once)."""
        target = self.visit.rating
        if target is None or self.rating.surveyed:
            return
        ticket_id = target[0]
        self.rating.surveyed = True
        self.rating.show_page(RatingScreen.THANKS)
        svc = self.svc

        def done(_event_id, error) -> None:
            if error is not None:
                log.warning("questionnaire not kept: %s", error.__class__.__name__)

        self.bg.run(lambda: svc.submit_survey(answers, ticket_id=ticket_id, respondent=respondent,
                                              suggestion=suggestion or None, source="kiosk"), done)

    # ------------------------------------------------------------------ scanning
    def key_pressed(self, event) -> bool:
        """A scanner's burst (fast keys, then Enter) on Welcome or the NIK screen is a scan; True
        when the Enter was taken as the end of one."""
        # the key's own time (the window system's, in ms) when it has one: a busy kiosk that handles
        # the keys late still sees the scanner's pace
        now = event.timestamp() / 1000 if event.timestamp() else time.monotonic()
        if event.key() in ENTER_KEYS:
            scanned = self.scan_burst.enter(now)
            if scanned is None or not self._scans_here():
                return False
            self.handle_scan(scanned)
            return True
        text = event.text()
        if len(text) == 1 and text.isprintable():
            if self.scan_burst.key(text, now):
                self._digits_before_burst = self.nik.digits
                self._code_before_burst = self.booking.code
        return False

    def _scans_here(self) -> bool:
        return self.current() in (self.welcome, self.nik, self.booking) and not self.nik.checking \
            and not self.booking.checking and not self.idle_warning.isVisible()

    def handle_scan(self, text: str) -> None:
        """What a scanned code starts: a NIK typed in, a card looked up, a ticket's status. Each
        kind of code has its handler here."""
        scan = read_scan(text)
        if self.current() is self.nik:
            self.nik.set_digits(self._digits_before_burst)     # what the burst typed into the field goes
        elif self.current() is self.booking:
            self.booking.set_code(self._code_before_burst)
        handlers = {ScanKind.TICKET: self._scanned_ticket, ScanKind.CARD: self._scanned_card,
                    ScanKind.NIK: self._scanned_nik, ScanKind.BOOKING: self._scanned_booking}
        handlers.get(scan.kind, self._scanned_unreadable)(scan.value)

    def _scanned_unreadable(self, _value: str) -> None:
        if self.current() is self.nik:
            self.nik.say(tr("scan.unreadable", "id"), tr("scan.unreadable", "en"))
        else:
            self.show_notice("scan.unreadable", error=True)

    def _scanned_booking(self, code: str) -> None:
        """A booking's code or QR: straight to its check-in."""
        self.start_booking(code)
        self.check_in_booking(self.booking.code)

    def _scanned_ticket(self, reference: str) -> None:
        svc = self.svc

        def work():
            ticket = svc.ticket_status(reference)
            if ticket is None:
                return None, None, None
            return ticket, svc.rating_target(reference), svc.rating_of(ticket.ticket_id)

        def done(value, error) -> None:
            if error is not None or value[0] is None:
                self.show_notice("scan.ticket_unknown", error=True)
                return
            ticket, target, rated = value
            self._count_online_redirect()
            self.visit.clear()
            if target is not None or rated is not None:      # the visit is over: its rating
                self.visit.rating = target or (ticket.ticket_id, ticket.number)
                self.rating.start(already=target is None)
                self.show_screen(self.rating, remember=False)
                return
            self._show_held(ticket, scanned=True)

        self.bg.run(work, done)

    def _scanned_nik(self, nik: str) -> None:
        if self.current() is not self.nik:
            self.start_visit()
        self.nik.set_digits(nik)
        if self.nik.ready:
            self.nik._submit()

    def _scanned_card(self, card: str) -> None:
        if self.current() is not self.nik:
            self.start_visit()
        self.visit.scanned = True
        self.nik.set_digits("")
        self.nik.start_checking()
        svc = self.svc

        def work():
            result = svc.check_card(card)
            if result is None:
                return None, {}, None
            return result, svc.held_tickets(result.nik.nik), _todays_booking(svc, result.nik.nik)

        def done(value, error) -> None:
            if error is not None or value[0] is None:
                self.nik.check_done()
                self.visit.scanned = False
                if error is not None and isinstance(error, AnjunganError):
                    self.nik.say(error.message, error.message_en)
                else:
                    self.nik.say(tr("scan.card_unknown", "id"), tr("scan.card_unknown", "en"))
                return
            result = value[0]
            self.visit.nik = result.nik.nik
            self.nik.digits = result.nik.nik            # masked in the field, if Back leads there
            self._checked(value, None)

        self.bg.run(work, done)

    # ------------------------------------------------------------------ help, language, text size, voice
    def request_help(self) -> None:
        svc, kiosk_id = self.svc, self.kiosk_id

        def done(_result, error) -> None:
            if error is not None:
                self.show_notice("help.failed", error=True)

        # The participant is told at once; a failure to record replaces the message.
        self.show_notice("help.sent")
        self.bg.run(lambda: svc.request_assistance(kiosk_id, reason="help"), done)

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

    def show_notice(self, key: str, error: bool = False, **fmt) -> None:
        self.notice.setProperty("key", key)
        self.notice.say(tr(key, self.lang, **fmt), error=error)
        self.notice_timer.start(NOTICE_MS)
        self.speak(self.notice.text())

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        key = self.notice.property("key")
        if self.notice.isVisible() and key:
            self.notice.say(tr(key, self.lang), error=self.notice.property("tone") == "error")
        self.current().refresh()
        self._retranslate_chrome()

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self.apply_theme()
        self.current().refresh()
        self._retranslate_chrome()
        self._place_overlays()

    def toggle_voice(self) -> None:
        """The volume button: loud, soft, off, and round again."""
        self._set_volume(next_volume(self.volume))
        self._retranslate_chrome()
        if self.volume is not Volume.OFF:
            self.speak(self.current().spoken())

    def _set_volume(self, volume: Volume) -> None:
        self.volume = volume
        set_volume = getattr(self.guide, "set_volume", None)
        if set_volume is not None:
            set_volume(GAIN[volume])

    # ------------------------------------------------------------------ walk-aways
    def user_input(self) -> None:
        """A touch or key: real activity restarts the quiet time (not while the warning asks)."""
        if self.idle_warning.isVisible():
            return
        self.extensions = 0
        self.restart_quiet_time()

    def restart_quiet_time(self) -> None:
        if not self.idle_warning.isVisible():
            self.inactivity.start()

    def _inactive(self) -> None:
        current = self.current()
        if current is self.welcome and not self.staff_role:
            self.reset_preferences()         # the next visitor starts with the branch's defaults
            return
        if current is self.ticket and self.visit.ticket is not None:
            return      # the ticket screen has its own timer (longer when the ticket did not print)
        self._show_warning()

    def _show_warning(self) -> None:
        self.notice.hide()
        self._warning_since = time.monotonic()
        self.idle_warning.cover()
        self._show_countdown()
        self.idle_warning.show()
        self.idle_warning.raise_()
        self.countdown.start()
        self.speak(tr("idle.spoken", self.lang))

    def seconds_left(self) -> int:
        if self._warning_since is None:
            return 0
        elapsed_ms = (time.monotonic() - self._warning_since) * 1000
        left_ms = max(0.0, self.idle_warning_ms - elapsed_ms)
        return int(-(-left_ms // 1000))

    def _show_countdown(self) -> None:
        lang, left = self.lang, self.seconds_left()
        may = self.idle_rule.may_extend(self.extensions)
        self.idle_warning.title.setText(tr("idle.title", lang))
        self.idle_warning.countdown.setText(tr("idle.countdown" if may else "idle.last", lang, n=left))
        self.idle_warning.continue_button.setText(tr("idle.continue", lang))
        self.idle_warning.continue_button.setVisible(may)

    def _count_down(self) -> None:
        if self.seconds_left() <= 0:
            self.end_by_walk_away()
            return
        self._show_countdown()

    def extend_visit(self) -> None:
        """"Ya, saya masih di sini": the full time again (up to the rule's number of times)."""
        if not self.idle_rule.may_extend(self.extensions):
            return
        self.extensions += 1
        self._hide_warning()
        self.inactivity.start()

    def _hide_warning(self) -> None:
        self.countdown.stop()
        self._warning_since = None
        self.idle_warning.hide()

    def end_by_walk_away(self) -> None:
        self._hide_warning()
        self.extensions = 0
        if self.staff_role:
            self.staff_role = None
        self.go_welcome()

    # ------------------------------------------------------------------ assisted mode
    def long_press_start(self) -> None:
        self.long_press.start()

    def long_press_stop(self) -> None:
        self.long_press.stop()

    def open_pin_pad(self) -> None:
        if self.staff_role:
            self.show_staff()
            return
        self._count_online_redirect()
        self.visit.clear()
        self.nik.reset()
        self.pin.reset()
        self.show_screen(self.pin, remember=False)

    def cancel_pin(self) -> None:
        self.pin.reset()
        self.go_welcome(end_visit=False)

    def check_pin(self, pin: str) -> None:
        """Ask the application on a worker thread; the pad shows its answer (wrong, locked, …)."""
        svc = self.svc
        self.bg.run(lambda: staff_pin.kiosk_sign_in(svc, pin), self._pin_checked)

    def _pin_checked(self, answer, error) -> None:
        if error is not None:
            log.warning("staff PIN could not be checked: %s", error.__class__.__name__)
            answer = staff_pin.failed(error)
        self.pin.pin_checked(answer)
        if not answer.ok:
            return
        self.staff_role = answer.role
        self.show_staff()

    def show_staff(self) -> None:
        if not self.staff_role:
            return
        self.staff.feedback_text = ("", "")
        self.history = []
        self.show_screen(self.staff, remember=False)
        self.refresh_printer_status()

    def end_assisted(self) -> None:
        self.staff_role = None
        self.go_welcome()

    def set_priority_reason(self, code: str | None) -> None:
        self.visit.priority_reason = code
        self.staff.refresh()
        self._retranslate_chrome()

    def record_front_desk(self, code: str | None = None) -> None:
        if not self.staff_role:
            return
        from_route = code is None
        code = code or (self.visit.option.service if self.visit.option is not None else None)
        if code is None:
            return
        svc = self.svc
        spec = svc.branch.service(code)

        def done(_result, error) -> None:
            if error is not None:
                text = (getattr(error, "message", tr("error.unexpected", "id")),
                        getattr(error, "message_en", tr("error.unexpected", "en")))
            elif from_route:
                text = (tr("route.front_desk.recorded", "id"), tr("route.front_desk.recorded", "en"))
            else:
                text = (tr("staff.front_desk.done", "id", service=spec.name_id),
                        tr("staff.front_desk.done", "en", service=spec.name_en))
            if from_route:
                self.route.recorded_text = pick(self.lang, *text)
                self.route.refresh()
            else:
                self.staff.feedback_text = text
                self.staff.refresh()

        self.bg.run(lambda: svc.record_front_desk(code, assisted=True), done)

    def reprint_last(self) -> None:
        if not self.staff_role:
            return
        svc, url, kiosk_id = self.svc, self.printer_url, self.kiosk_id

        def work():
            last = svc.last_ticket(kiosk_id)
            if last is None:
                return None, None
            return last, svc.reprint(last.ticket_id, url)

        def done(value, error) -> None:
            if error is not None:
                text = (getattr(error, "message", tr("error.unexpected", "id")),
                        getattr(error, "message_en", tr("error.unexpected", "en")))
            else:
                last, outcome = value
                if last is None:
                    text = (tr("staff.reprint.none", "id"), tr("staff.reprint.none", "en"))
                elif outcome.ok:
                    text = (tr("staff.reprint.ok", "id", number=last.number), tr("staff.reprint.ok", "en", number=last.number))
                else:
                    text = (tr("staff.reprint.failed", "id", number=last.number, reason=outcome.reason),
                            tr("staff.reprint.failed", "en", number=last.number, reason=outcome.reason_en or outcome.reason))
            self.staff.feedback_text = text
            self.staff.refresh()

        self.bg.run(work, done)

    def refresh_printer_status(self) -> None:
        svc, url = self.svc, self.printer_url
        self.staff.printer_text = ("", "")
        self.staff.printer_tone = None
        self.staff.refresh()

        def done(doc, error) -> None:
            if error is not None:
                message = (getattr(error, "message", str(error)), getattr(error, "message_en", str(error)))
                ok, low = False, False
            else:
                ok, low = bool(doc.get("ok")), bool(doc.get("paper_near_end"))
                if ok and not low:
                    message = (tr("staff.printer.ok", "id"), tr("staff.printer.ok", "en"))
                elif ok:
                    message = (tr("staff.printer.low", "id"), tr("staff.printer.low", "en"))
                else:
                    message = (doc.get("message") or "-", doc.get("message_en") or doc.get("message") or "-")
            self.staff.printer_text = (tr("staff.printer", "id", message=message[0]),
                                       tr("staff.printer", "en", message=message[1]))
            self.staff.printer_tone = "ok" if ok and not low else ("warn" if ok else "error")
            self.staff.refresh()

        self.bg.run(lambda: svc.printer_status(url), done)

    def leave_kiosk(self) -> None:
        if self.staff_role != "admin":
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

    @property
    def portrait(self) -> bool:
        return self._portrait

    @property
    def roomy(self) -> bool:
        """Normal text on a full-size window: long sentences may stay in the big size."""
        return not self.large_text and self._factor >= 0.9

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close:
            event.ignore()
            return
        self.clock_timer.stop()
        self.inactivity.stop()
        self.countdown.stop()
        self.bg.forget()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._watch)
        super().closeEvent(event)
