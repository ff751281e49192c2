"""The kiosk window: header, staff banner, and a stack of screens for one visit at a time.

Slow work (status source, database writes, printing, PIN hashing) runs off the UI thread via
`Background`; its results come back as queued signals and are dropped when the visit was
abandoned meanwhile. Every return to Welcome clears the visit, so a NIK never stays on screen.
"""
from __future__ import annotations

import logging
from datetime import datetime
from types import SimpleNamespace
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.catalog import pick, tr
from kiosk.domain.classification import Route
from kiosk.domain.errors import AnjunganError, ServiceClosed, StoreUnavailable
from kiosk.domain.formatting import time_en, time_id
from kiosk.ui import pin as staff_pin
from kiosk.ui.app import qimage_from_pil
from kiosk.ui.kiosk import theme
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.screens import (
    DocumentsScreen, MessageScreen, NikScreen, RouteScreen, StatusScreen, TicketScreen, VisitScreen, WelcomeScreen,
)
from kiosk.ui.kiosk.staff import PinScreen, StaffScreen
from kiosk.ui.kiosk.state import Visit
from kiosk.ui.kiosk.widgets import button, label, set_tone
from kiosk.ui.kiosk.worker import Background

log = logging.getLogger("anjungan.kiosk")

INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.Wheel,
})
TICKET_RETURN_MS = 20_000          # a printed ticket: back to Welcome after this
FAILED_TICKET_RETURN_MS = 180_000  # a ticket that did not print stays until staff saw it
LONG_PRESS_MS = 3_000
NOTICE_MS = 10_000


class _InputWatch(QObject):
    """Restarts the inactivity timer on any touch, click or key press in the application."""

    def __init__(self, timer: QTimer, parent: QObject):
        super().__init__(parent)
        self.timer = timer

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in INPUT_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class KioskWindow(QWidget):
    """The participant's kiosk. `svc` is an open `kiosk.services.Services`; `settings` the
    configuration's kiosk section (idle time, text size; default: the one `svc` was opened with)."""

    screenShown = Signal(str)       # screen name, after it is drawn
    ticketPrinted = Signal(object)  # PrintOutcome (or a failure stand-in)
    closedByStaff = Signal()

    def __init__(self, svc, *, kiosk_id: str = "kiosk-1", printer_url: str | None = None,
                 lockdown: bool = False, hide_cursor: bool = False, inactivity_ms: int | None = None,
                 ticket_return_ms: int = TICKET_RETURN_MS, failed_return_ms: int = FAILED_TICKET_RETURN_MS,
                 long_press_ms: int = LONG_PRESS_MS, lang: str = "id", large_text: bool | None = None,
                 guide: Callable[[str], None] | None = None, settings=None):
        super().__init__()
        self.setObjectName("kioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.svc = svc
        self.kiosk_id = kiosk_id
        self.printer_url = printer_url
        self.lockdown = lockdown
        self.lang = lang
        self.settings = settings if settings is not None else svc.config.kiosk
        self.large_text = self.settings.large_text if large_text is None else large_text
        self.guide = guide
        self.visit = Visit()
        self.staff_role: str | None = None
        self.ticket_return_ms = ticket_return_ms
        self.failed_return_ms = failed_return_ms
        self._may_close = not lockdown
        self._portrait = False
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
        self.notice = label(self, "notice", "big", align=Qt.AlignmentFlag.AlignCenter)
        self.notice.hide()
        root.addWidget(self.notice)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screens")
        root.addWidget(self.stack, 1)

        self.welcome = WelcomeScreen(self)
        self.nik = NikScreen(self)
        self.status = StatusScreen(self)
        self.visit_screen = VisitScreen(self)
        self.route = RouteScreen(self)
        self.documents = DocumentsScreen(self)
        self.ticket = TicketScreen(self)
        self.message = MessageScreen(self)
        self.pin = PinScreen(self)
        self.staff = StaffScreen(self)
        self.screens: list[Screen] = [self.welcome, self.nik, self.status, self.visit_screen, self.route,
                                      self.documents, self.ticket, self.message, self.pin, self.staff]
        for screen in self.screens:
            self.stack.addWidget(screen)

        seconds = self.settings.inactivity_s          # the configuration keeps it at 45 s or more
        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.setInterval(inactivity_ms if inactivity_ms is not None else seconds * 1000)
        self.inactivity.timeout.connect(self._inactive)
        self._watch = _InputWatch(self.inactivity, self)
        QApplication.instance().installEventFilter(self._watch)

        self.return_timer = QTimer(self)
        self.return_timer.setSingleShot(True)
        self.return_timer.timeout.connect(self.go_welcome)
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
        row.setContentsMargins(20, 12, 20, 12)
        row.setSpacing(16)
        self.logo = button(header, "logo")
        self.logo.setText("AM")
        self.logo.setFixedSize(64, 64)
        self.logo.pressed.connect(self.long_press_start)
        self.logo.released.connect(self.long_press_stop)
        self.branch_label = label(header, "branchName", wrap=True)
        self.branch_label.setText(self.svc.branch.name)
        self.clock = label(header, "clock", wrap=False)
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
        row.addWidget(self.large_toggle)
        row.addWidget(self.language_toggle)
        row.addWidget(self.help_button)
        return header

    def _build_banner(self) -> QWidget:
        banner = QWidget(self)
        banner.setObjectName("assistedBanner")
        banner.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(banner)
        row.setContentsMargins(20, 8, 20, 8)
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
        self.setStyleSheet(theme.style_sheet(theme.LARGE_SCALE if self.large_text else 1.0))
        self.large_toggle.setChecked(self.large_text)

    def show_screen(self, screen: Screen) -> None:
        screen.refresh()
        self.stack.setCurrentWidget(screen)
        self.screen_changed(screen)

    def screen_changed(self, screen: Screen) -> None:
        self._retranslate_chrome()
        if screen is self.welcome and not self.staff_role:
            self.inactivity.stop()
        else:
            self.inactivity.start()
        if self.guide is not None:
            text = screen.spoken()
            if text:
                try:
                    self.guide(text)
                except Exception:
                    log.exception("spoken guidance failed")
        self.screenShown.emit(screen.name)

    def _retranslate_chrome(self) -> None:
        lang = self.lang
        self.language_toggle.setText(tr("language.toggle", lang))
        self.help_button.setText("? " + tr("help.button", lang))
        self.large_toggle.setText(tr("large.toggle.off" if self.large_text else "large.toggle", lang))
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

    def _tick(self) -> None:
        now = self.now()
        self.clock.setText(time_en(now) if self.lang == "en" else time_id(now))
        if self.stack.currentWidget() is self.welcome and self.isVisible():
            self.welcome.refresh()
        elif self.stack.currentWidget() is self.pin:
            self.pin.tick()

    # ------------------------------------------------------------------ the flow
    def go_welcome(self) -> None:
        """Back to the start: forget everything of the visit (the NIK first)."""
        self.bg.forget()
        self.return_timer.stop()
        self.visit.clear()
        self.nik.reset()
        self.documents.reset()
        self.route.recorded_text = ""
        self.ticket.set_preview(None)
        self.show_screen(self.welcome)

    def start_visit(self) -> None:
        reason = self.visit.priority_reason
        self.bg.forget()
        self.visit.clear()
        self.visit.priority_reason = reason
        self.nik.reset()
        self.documents.reset()
        self.show_screen(self.nik)

    def check_nik(self, digits: str) -> None:
        svc = self.svc
        self.bg.run(lambda: svc.check(digits), self._checked)

    def _checked(self, result, error) -> None:
        self.nik.check_done()
        if error is not None:
            self.show_error(error)
            return
        if not result.nik_valid:
            self.nik.message.setText(pick(self.lang, result.error or "", result.error_en))
            set_tone(self.nik.message, "error")
            return
        self.visit.result = result
        self.show_screen(self.status)

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
        # A plain queue goes straight to the documents; every other route explains itself first.
        self.show_screen(self.documents if option.route == Route.QUEUE else self.route)

    def queue_anyway(self) -> None:
        option = self.visit.option
        if option is None or not option.can_issue(bool(self.staff_role)):
            return
        self.documents.reset()
        self.show_screen(self.documents)

    def issue_ticket(self, documents_complete: bool = True) -> None:
        option = self.visit.option
        if option is None or self.documents.issuing or not option.can_issue(bool(self.staff_role)):
            return
        self.visit.documents_complete = documents_complete
        self.documents.issuing = True
        self.documents.refresh()
        svc, visit, url = self.svc, self.visit, self.printer_url
        nik, code, reason, assisted = visit.nik, option.service, visit.priority_reason, bool(self.staff_role)
        kiosk_id = self.kiosk_id

        def work():
            issued = svc.issue(nik, code, priority_reason=reason, assisted=assisted,
                               documents_complete=documents_complete, kiosk_id=kiosk_id)
            try:
                image = qimage_from_pil(svc.ticket_preview(issued.ticket_id, url))
            except Exception:
                log.exception("ticket preview could not be drawn")
                image = None
            try:
                future = svc.print_ticket(issued.ticket_id, url, wait=False)
            except AnjunganError as exc:
                future = exc
            return issued, image, future

        self.bg.run(work, self._issued)

    def _issued(self, value, error) -> None:
        self.documents.issuing = False
        if error is not None:
            self.show_error(error)
            return
        issued, image, future = value
        self.visit.ticket = issued
        self.visit.nik = ""
        self.nik.reset()
        if image is not None:
            pixmap = QPixmap.fromImage(image)
            height = 620 if not self._portrait else 560
            self.ticket.set_preview(pixmap.scaledToHeight(min(height, pixmap.height()),
                                                          Qt.TransformationMode.SmoothTransformation))
        self.show_screen(self.ticket)
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
        self.show_screen(self.ticket)
        self.ticketPrinted.emit(outcome)

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

    # ------------------------------------------------------------------ help, language, text size
    def request_help(self) -> None:
        svc, kiosk_id = self.svc, self.kiosk_id

        def done(_result, error) -> None:
            if error is not None:
                self.show_notice("help.failed", error=True)

        # The participant is told at once; a failure to record replaces the message.
        self.show_notice("help.sent")
        self.bg.run(lambda: svc.request_assistance(kiosk_id, reason="help"), done)

    def show_notice(self, key: str, error: bool = False, **fmt) -> None:
        self.notice.setText(tr(key, self.lang, **fmt))
        self.notice.setProperty("key", key)
        set_tone(self.notice, "error" if error else None)
        self.notice.show()
        self.notice_timer.start(NOTICE_MS)

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        key = self.notice.property("key")
        if self.notice.isVisible() and key:
            self.notice.setText(tr(key, self.lang))
        self.current().refresh()
        self._retranslate_chrome()

    def toggle_large_text(self) -> None:
        self.large_text = not self.large_text
        self.apply_theme()
        self.current().refresh()
        self._retranslate_chrome()

    # ------------------------------------------------------------------ inactivity
    def _inactive(self) -> None:
        if self.current() is self.ticket and self.visit.ticket is not None:
            return      # the ticket screen has its own timer (longer when the ticket did not print)
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
        self.visit.clear()
        self.nik.reset()
        self.pin.reset()
        self.show_screen(self.pin)

    def cancel_pin(self) -> None:
        self.pin.reset()
        self.go_welcome()

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
        self.show_screen(self.staff)
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
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        portrait = self.height() > self.width()
        if portrait != self._portrait:
            self._portrait = portrait
            for screen in self.screens:
                screen.set_portrait(portrait)
            self.branch_label.setVisible(not portrait)
            self.current().refresh()

    @property
    def portrait(self) -> bool:
        return self._portrait

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if not self._may_close:
            event.ignore()
            return
        self.clock_timer.stop()
        self.inactivity.stop()
        self.bg.forget()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._watch)
        super().closeEvent(event)
