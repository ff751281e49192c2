"""The counter (loket) window for a customer service officer.

Staff PIN first (checked by the application on the worker thread, under the branch-wide
attempt limit). Then: the current ticket (number, service, waited time, priority reason, a
booking's slot, masked NIK behind a "show" toggle, the document checklist), the large "start
serving" button once a ticket is called (the participant has reached the counter; afterwards,
since when the ticket is being served), the waiting list of this counter's services (booked
tickets with their slot), today's counts, assistance requests from the kiosks, and the actions
with keyboard shortcuts. When documents are missing, the officer books the participant a visit on
one of the next open days (an inline panel: service, day, slot) and reads the code out. Which action is possible is asked of the domain (`can_move`). Every
database call runs on a worker thread; a button answers at once with "Memproses…" and the
result follows.
"""
from __future__ import annotations

import logging
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QStackedWidget,
                               QVBoxLayout, QWidget)

from kiosk.domain.booking import BookingState, day_slots, open_days
from kiosk.domain.catalog import pick, tr
from kiosk.domain.formatting import time_en, time_id, when_text
from kiosk.domain.queue import Move, TicketState, can_move
from kiosk.domain.ticket import EventKind
from kiosk.events.qt import Background
from kiosk.ui import pin as staff_pin

log = logging.getLogger("anjungan.counter")

REFRESH_DELAY_MS = 120        # events close together make one refresh
WAITING_TICK_MS = 30000       # waited minutes keep counting

MIN_BUTTON_PX = 44          # every button at least this tall (with text of at least BUTTON_TEXT_PX)
BUTTON_TEXT_PX = 18
START_BUTTON_PX = 72        # the "start serving" button: the one pressed on every visit
START_TEXT_PX = 22
START_SHORTCUT = "F7"
BOOK_SHORTCUT = "F8"        # a later visit for the participant at the counter
SHORT_WINDOW_PX = 720       # below this height the booking panel takes the place of the action buttons
BODY_MARGIN_PX = 12
SHORT_GAP_PX = 6            # margins above and below the body on a short screen
BOOKED_ROW = "#e3ecfa"      # booked tickets in the waiting list
ASSISTANCE_KINDS = {"help": "assistance.help", "printer": "assistance.printer"}   # what a kiosk asked for

STYLE = f"""
#counterWindow {{ background: #f4f6f8; }}
#currentTicket {{ background: #ffffff; border: 2px solid #134074; border-radius: 12px; }}
#ticketNumber {{ color: #134074; }}
#header {{ background: #134074; }}
#header QLabel {{ color: #ffffff; }}
#reconnecting {{ color: #1b1b1b; background: #ffd166; border-radius: 6px; padding: 2px 8px; }}
#pausedMark {{ color: #1b1b1b; background: #ffb4a2; border-radius: 6px; padding: 2px 8px; }}
#feedback {{ color: #134074; }}
#feedback[error="true"] {{ color: #b00020; }}
QPushButton {{ padding: 8px 14px; border-radius: 8px; background: #dfe7ef; color: #0b2545;
    font-size: {BUTTON_TEXT_PX}px; min-height: {MIN_BUTTON_PX - 2 * 8 - 2 * 2}px; border: 2px solid #5f6e85; }}
QPushButton:disabled {{ color: #4d4d4d; background: #e6e8eb; border: 2px dashed #767676; }}
#callNext, #recall, #skip, #finish, #transfer, #pause {{ min-height: {56 - 2 * 8 - 2 * 2}px; }}
#callNext {{ background: #134074; color: #ffffff; font-weight: bold; }}
#callNext:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
#assistancePanel {{ background: #fff4d6; border-radius: 8px; }}
#startServing {{ background: #1b6e3c; color: #ffffff; font-weight: bold; border: 2px solid #0f4d29;
    font-size: {START_TEXT_PX}px; min-height: {START_BUTTON_PX - 2 * 8 - 2 * 2}px; }}
#startServing:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
#servingSince {{ color: #0f4d29; background: #dff3e6; border: 2px solid #1b6e3c; border-radius: 8px;
    padding: 6px 14px; }}
#ticketBooking {{ color: #0b2545; background: #e3ecfa; border: 1px solid #134074; border-radius: 6px;
    padding: 3px 10px; }}
#bookingPanel {{ background: #e3ecfa; border: 1px solid #134074; border-radius: 8px; }}
#bookingPanel QComboBox {{ font-size: 16px; min-height: 30px; }}
#bookingConfirm {{ background: #134074; color: #ffffff; font-weight: bold; }}
#bookingConfirm:disabled {{ background: #e6e8eb; color: #4d4d4d; border: 2px dashed #767676; }}
"""

ACTIONS = (  # objectName, text key, shortcut
    ("callNext", "counter.call_next", "F1"),
    ("recall", "counter.recall", "F2"),
    ("skip", "counter.skip", "F3"),
    ("finish", "counter.finish", "F4"),
    ("transfer", "counter.transfer", "F5"),
    ("pause", "counter.pause", "F6"),
)


def _label(text: str = "", name: str | None = None, size: int | None = None, bold: bool = False) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    if size or bold:
        font = QFont(label.font())
        if size:
            font.setPointSize(size)
        font.setBold(bold)
        label.setFont(font)
    return label


class CounterWindow(QWidget):
    def __init__(self, svc, counter: int, feed, *, unlocked: bool = False, lang: str = "id", parent=None):
        super().__init__(parent)
        self.svc = svc
        self.counter = int(counter)
        self.feed = feed
        self.lang = lang
        self.spec = svc.branch.counter(self.counter)
        self.services = tuple(self.spec.services)
        self.current = None
        self.serving_from: datetime | None = None     # when the current ticket started being served
        self.paused = False
        self.busy = False
        self.nik_visible = False
        self.feedback_error = False
        self.connected: bool | None = None
        self.setObjectName("counterWindow")
        self.setWindowTitle(f"{tr('counter.title', lang, counter=self.counter)} — {svc.branch.name}")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(1024, 640)
        self.background = Background(self, f"counter-{self.counter}")
        self._refresh_due = QTimer(self)
        self._refresh_due.setSingleShot(True)
        self._refresh_due.setInterval(REFRESH_DELAY_MS)
        self._refresh_due.timeout.connect(self.refresh)
        self._tick = QTimer(self)
        self._tick.setInterval(WAITING_TICK_MS)
        self._tick.timeout.connect(self.refresh)
        self._refreshing = False
        self._refresh_again = False
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_pin())
        self.stack.addWidget(self._build_main())
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.stack)
        feed.events.connect(self.on_events)
        feed.resynced.connect(self.on_resynced)
        feed.connection_changed.connect(self.on_connection)
        self.resize(1366, 768)
        if unlocked:
            self.unlock()

    # -- sign in -----------------------------------------------------------------------------
    def _build_pin(self) -> QWidget:
        page = QWidget()
        self.pin_prompt = _label(tr("counter.pin_prompt", self.lang, counter=self.counter), "pinPrompt", 20, True)
        self.pin_prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_input = QLineEdit()
        self.pin_input.setObjectName("pinInput")
        self.pin_input.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_input.setMaxLength(12)
        self.pin_input.setFixedWidth(280)
        self.pin_input.returnPressed.connect(self._check_pin)
        self.pin_submit = QPushButton(tr("counter.pin_open", self.lang))
        self.pin_submit.setObjectName("pinSubmit")
        self.pin_submit.clicked.connect(self._check_pin)
        self.pin_error = _label("", "pinError", 16)
        self.pin_error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_error.setWordWrap(True)
        self.pin_checking = False
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.pin_input)
        row.addWidget(self.pin_submit)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.pin_prompt)
        layout.addLayout(row)
        layout.addWidget(self.pin_error)
        layout.addStretch(2)
        return page

    def _check_pin(self) -> None:
        """Send the PIN to the application on the worker thread; the window keeps answering."""
        if self.pin_checking:
            return
        pin = self.pin_input.text()
        self.pin_input.clear()
        if len(pin) < staff_pin.MIN_PIN:
            self._pin_says(tr("pin.hint", self.lang), error=True)
            return
        self.pin_checking = True
        self.pin_input.setEnabled(False)
        self.pin_submit.setEnabled(False)
        self._pin_says(tr("pin.checking", self.lang))
        svc = self.svc
        self.background.call(lambda: staff_pin.sign_in(svc, pin, "staff"), self._pin_answered,
                             lambda exc: self._pin_answered(staff_pin.failed(exc)))

    def _pin_answered(self, answer: staff_pin.PinAnswer) -> None:
        self.pin_checking = False
        self.pin_input.setEnabled(True)
        self.pin_submit.setEnabled(True)
        if answer.ok:
            self._pin_says("")
            self.unlock()
            return
        self._pin_says(answer.text(self.lang), error=True)
        self.pin_input.setFocus()

    def _pin_says(self, text: str, error: bool = False) -> None:
        self.pin_error.setText(text)
        self.pin_error.setStyleSheet("color: #b00020;" if error else "color: #134074;")

    @property
    def unlocked(self) -> bool:
        return self.stack.currentIndex() == 1

    def unlock(self) -> None:
        self.stack.setCurrentIndex(1)
        for shortcut in self.shortcuts:
            shortcut.setEnabled(True)
        self.scan.setFocus()
        self._tick.start()
        self.refresh()

    # -- main page ---------------------------------------------------------------------------
    def _build_main(self) -> QWidget:
        lang = self.lang
        page = QWidget()
        header = QFrame()
        header.setObjectName("header")
        names = ", ".join(self.svc.branch.service(code).name_id for code in self.services)
        self.title = _label(tr("counter.title", lang, counter=self.counter), "counterTitle", 22, True)
        self.services_label = _label(tr("counter.services", lang, services=names), "counterServices", 12)
        self.services_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.paused_mark = _label(tr("counter.paused_mark", lang), "pausedMark", 14, True)
        self.paused_mark.hide()
        self.reconnecting = _label(tr("staff.reconnecting", lang), "reconnecting", 14, True)
        self.reconnecting.hide()
        self.clock = _label("", "counterClock", 18, True)
        head = QHBoxLayout(header)
        head.addWidget(self.title)
        head.addSpacing(12)
        head.addWidget(self.services_label, 1)
        head.addWidget(self.paused_mark)
        head.addWidget(self.reconnecting)
        head.addSpacing(12)
        head.addWidget(self.clock)

        # current ticket
        self.ticket_box = QFrame()
        self.ticket_box.setObjectName("currentTicket")
        self.ticket_number = _label("", "ticketNumber", 56, True)
        self.ticket_number.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)   # never cut
        self.ticket_service = _label("", "ticketService", 16, True)
        self.ticket_service.setWordWrap(True)
        self.ticket_facts = _label("", "ticketFacts", 14)
        self.ticket_facts.setWordWrap(True)
        self.ticket_booking = _label("", "ticketBooking", 15, True)
        self.ticket_booking.setWordWrap(True)
        self.ticket_booking.hide()
        self.nik_label = _label("", "nikLabel", 14)
        self.nik_toggle = QPushButton(tr("counter.nik_show", lang))
        self.nik_toggle.setObjectName("nikToggle")
        self.nik_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nik_toggle.clicked.connect(self._toggle_nik)
        nik_row = QHBoxLayout()
        nik_row.addWidget(self.nik_label)
        nik_row.addWidget(self.nik_toggle)
        nik_row.addStretch(1)
        self.documents_title = _label(tr("counter.documents", lang), "documentsTitle", 13, True)
        # documents missing: the participant is booked a visit on a later day, here at the counter
        self.book_button = QPushButton(f"{tr('counter.book_next', lang)}  [{BOOK_SHORTCUT}]")
        self.book_button.setObjectName("bookNext")
        self.book_button.setAccessibleName(tr("counter.book_next", lang))
        self.book_button.setAccessibleDescription(tr("counter.book_next_hint", lang))
        self.book_button.setToolTip(tr("counter.book_next_hint", lang))
        self.book_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.book_button.setMinimumHeight(MIN_BUTTON_PX)
        font = QFont(self.book_button.font())
        font.setPixelSize(BUTTON_TEXT_PX)
        self.book_button.setFont(font)
        self.book_button.setEnabled(False)
        self.book_button.clicked.connect(self.open_booking)
        documents_row = QHBoxLayout()
        documents_row.addWidget(self.documents_title)
        documents_row.addStretch(1)
        documents_row.addWidget(self.book_button)
        self.documents_box = QVBoxLayout()
        self.document_checks: list[QCheckBox] = []
        box = QVBoxLayout(self.ticket_box)
        self.number_row = QHBoxLayout()             # the number, and beside it "start serving"
        self.number_row.addWidget(self.ticket_number)
        box.addLayout(self.number_row)
        box.addWidget(self.ticket_service)
        box.addWidget(self.ticket_booking)
        box.addWidget(self.ticket_facts)
        box.addLayout(nik_row)
        box.addLayout(documents_row)
        box.addLayout(self.documents_box)
        box.addStretch(1)

        # actions
        self.buttons: dict[str, QPushButton] = {}
        self.shortcuts: list[QShortcut] = []
        actions = self.actions = QGridLayout()
        self.actions_stacked = False               # the key below the words (a narrow window)
        handlers = {"callNext": self.call_next, "recall": self.recall, "skip": self.skip, "finish": self.finish,
                    "transfer": self.open_transfer, "pause": self.toggle_pause}
        for i, (name, key, shortcut) in enumerate(ACTIONS):
            button = QPushButton(f"{tr(key, lang)}  [{shortcut}]")
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a scanner's keystrokes stay in the scan field
            button.setMinimumHeight(56)
            font = QFont(button.font())
            font.setPixelSize(20)
            button.setFont(font)
            button.clicked.connect(handlers[name])
            self.buttons[name] = button
            actions.addWidget(button, i // 3, i % 3)
            sc = QShortcut(QKeySequence(shortcut), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(button.click)
            sc.setEnabled(False)
            self.shortcuts.append(sc)

        # the participant reached the counter: serving starts (then: since when it is being served)
        self.start_button = QPushButton(f"{tr('counter.start_serving', lang)}  [{START_SHORTCUT}]")
        self.start_button.setObjectName("startServing")
        self.start_button.setAccessibleName(tr("counter.start_serving", lang))
        self.start_button.setAccessibleDescription(tr("counter.start_serving_hint", lang))
        self.start_button.setToolTip(tr("counter.start_serving_hint", lang))
        self.start_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.start_button.setMinimumHeight(START_BUTTON_PX)
        font = QFont(self.start_button.font())
        font.setPixelSize(START_TEXT_PX)
        font.setBold(True)
        self.start_button.setFont(font)
        self.start_button.clicked.connect(self.start_serving)
        self.buttons["startServing"] = self.start_button
        self.buttons["bookNext"] = self.book_button
        for shortcut, button in ((START_SHORTCUT, self.start_button), (BOOK_SHORTCUT, self.book_button)):
            sc = QShortcut(QKeySequence(shortcut), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(button.click)
            sc.setEnabled(False)
            self.shortcuts.append(sc)
        self.serving_label = _label("", "servingSince", 18, True)
        self.serving_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.serving_label.setMinimumHeight(START_BUTTON_PX)
        self.serving_label.setWordWrap(True)
        self.serving_stack = QStackedWidget()       # one height for all three: nothing below moves
        self.serving_stack.setObjectName("servingStage")
        self.serving_stack.addWidget(QWidget())     # no ticket at the counter
        self.serving_stack.addWidget(self.start_button)
        self.serving_stack.addWidget(self.serving_label)
        self.number_row.addSpacing(16)
        self.number_row.addWidget(self.serving_stack, 1, Qt.AlignmentFlag.AlignVCenter)

        # transfer panel (inline, so the window never waits on a dialog)
        self.transfer_panel = QFrame()
        self.transfer_panel.setObjectName("transferPanel")
        self.transfer_target = QComboBox()
        self.transfer_target.setObjectName("transferTarget")
        self.transfer_reason = QLineEdit()
        self.transfer_reason.setObjectName("transferReason")
        self.transfer_reason.setPlaceholderText(tr("counter.transfer_reason", lang))
        self.transfer_reason.returnPressed.connect(self.confirm_transfer)
        confirm = QPushButton(tr("counter.transfer_confirm", lang))
        confirm.setObjectName("transferConfirm")
        confirm.clicked.connect(self.confirm_transfer)
        cancel = QPushButton(tr("counter.transfer_cancel", lang))
        cancel.setObjectName("transferCancel")
        cancel.clicked.connect(self.close_transfer)
        tp = QHBoxLayout(self.transfer_panel)
        tp.addWidget(_label(tr("counter.transfer_to", lang)))
        tp.addWidget(self.transfer_target, 2)
        tp.addWidget(self.transfer_reason, 3)
        tp.addWidget(confirm)
        tp.addWidget(cancel)
        self.transfer_panel.hide()
        self._build_booking_panel()

        # scan + feedback
        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setPlaceholderText(tr("counter.scan", lang))
        self.scan.returnPressed.connect(self._scanned)
        self.feedback = _label("", "feedback", 15, True)
        self.feedback.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.ticket_box, 1)
        self.actions_box = QWidget()
        self.actions_box.setObjectName("actionsBox")
        actions.setContentsMargins(0, 0, 0, 0)
        self.actions_box.setLayout(actions)
        left.addWidget(self.actions_box)
        left.addWidget(self.transfer_panel)
        left.addWidget(self.booking_panel)
        left.addWidget(self.scan)
        left.addWidget(self.feedback)

        # right column: waiting list, today's counts, assistance
        self.waiting_title = _label(tr("counter.waiting", lang, count=0), "waitingTitle", 15, True)
        self.waiting_list = QListWidget()
        self.waiting_list.setObjectName("waitingList")
        self.waiting_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.waiting_list.setWordWrap(True)           # a row with a priority and a booking wraps, never hides
        self.waiting_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.waiting_list.setResizeMode(QListView.ResizeMode.Adjust)
        font = QFont(self.waiting_list.font())
        font.setPointSize(14)
        self.waiting_list.setFont(font)
        self.today = _label("", "todayCounts", 12)
        self.today.setWordWrap(True)
        self.assistance = QFrame()
        self.assistance.setObjectName("assistancePanel")
        self.assistance_layout = QVBoxLayout(self.assistance)
        self.assistance_layout.addWidget(_label(tr("counter.assistance", lang), "assistanceTitle", 14, True))
        self.assistance_rows: list[QWidget] = []
        self.assistance.hide()
        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.waiting_list, 1)
        right.addWidget(self.today)
        right.addWidget(self.assistance)

        body = self.body = QHBoxLayout()
        body.setContentsMargins(BODY_MARGIN_PX, BODY_MARGIN_PX, BODY_MARGIN_PX, BODY_MARGIN_PX)
        body.addLayout(left, 7)
        body.addLayout(right, 3)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addLayout(body, 1)
        self._show_ticket(None)
        self._show_clock()
        clock = QTimer(self)
        clock.setInterval(10000)
        clock.timeout.connect(self._show_clock)
        clock.start()
        return page

    def _build_booking_panel(self) -> None:
        """The later visit: service, day and slot, inline like the transfer (no dialog)."""
        lang = self.lang
        self.booking_panel = QFrame()
        self.booking_panel.setObjectName("bookingPanel")
        self.booking_ticket: str | None = None          # the ticket the panel books for
        self.booking_slots: list = []                    # (start, end) of the slot list, in its order
        self.booking_title = _label("", "bookingTitle", 14, True)
        self.booking_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        combos = {}
        for name, key in (("bookingService", "counter.booking_service"), ("bookingDay", "counter.booking_day"),
                          ("bookingSlot", "counter.booking_slot")):
            combo = QComboBox()
            combo.setObjectName(name)
            combo.setAccessibleName(tr(key, lang))
            combo.setToolTip(tr(key, lang))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combos[name] = combo
        self.booking_service = combos["bookingService"]
        self.booking_day = combos["bookingDay"]
        self.booking_slot = combos["bookingSlot"]
        self.booking_day.currentIndexChanged.connect(self._fill_slots)
        self.booking_confirm = QPushButton(tr("counter.booking_confirm", lang))
        self.booking_confirm.setObjectName("bookingConfirm")
        self.booking_confirm.clicked.connect(self.confirm_booking)
        cancel = QPushButton(tr("counter.booking_cancel", lang))
        cancel.setObjectName("bookingCancel")
        cancel.clicked.connect(self.close_booking)
        for button in (self.booking_confirm, cancel):
            button.setMinimumHeight(MIN_BUTTON_PX)
            font = QFont(button.font())
            font.setPixelSize(BUTTON_TEXT_PX)
            button.setFont(font)
        top = QHBoxLayout()
        top.addWidget(self.booking_title, 1)
        top.addWidget(self.booking_confirm)
        top.addWidget(cancel)
        choices = QHBoxLayout()
        self.booking_slot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo, stretch in ((self.booking_service, 3), (self.booking_day, 4), (self.booking_slot, 0)):
            choices.addWidget(combo, stretch)
        panel = QVBoxLayout(self.booking_panel)
        panel.setContentsMargins(10, 6, 10, 8)
        panel.setSpacing(6)
        panel.addLayout(top)
        panel.addLayout(choices)
        self.booking_panel.hide()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        QTimer.singleShot(0, self._arrange_actions)        # once the layout has given out the new width
        self._place_booking()

    def _place_booking(self) -> None:
        """On a short screen the open booking panel stands where the action buttons are (their
        keys still work), and the rows sit closer so a two-line feedback sentence keeps its room;
        otherwise both are shown at the usual spacing."""
        if hasattr(self, "actions_box"):
            short = self.height() < SHORT_WINDOW_PX
            self.actions_box.setVisible(not (short and not self.booking_panel.isHidden()))
            gap = SHORT_GAP_PX if short else BODY_MARGIN_PX
            self.body.setContentsMargins(BODY_MARGIN_PX, gap, BODY_MARGIN_PX, gap)
            self.ticket_box.layout().setSpacing(SHORT_GAP_PX // 2 if short else -1)    # -1: the style's

    def _arrange_actions(self) -> None:
        """The action buttons say their key beside the words, or below them where the column is
        too narrow for three buttons a row with the words and the key on one line."""
        if not self.buttons:
            return
        actions = [self.buttons[name] for name, _key, _shortcut in ACTIONS]
        spacing = max(0, self.actions.horizontalSpacing())
        fm = actions[0].fontMetrics()
        pad = actions[0].sizeHint().width() - fm.horizontalAdvance(actions[0].text())
        need = 3 * (max(fm.horizontalAdvance(self._action_text(name, key, shortcut, False))
                        for name, key, shortcut in ACTIONS) + pad) + 2 * spacing
        stacked = self.ticket_box.width() < need
        if stacked != self.actions_stacked:
            self.actions_stacked = stacked
            for name, key, shortcut in ACTIONS:
                self.buttons[name].setText(self._action_text(name, key, shortcut, stacked))

    def _action_text(self, name: str, key: str, shortcut: str, stacked: bool) -> str:
        if name == "pause" and self.paused:
            key = "counter.resume"
        return f"{tr(key, self.lang)}{chr(10) if stacked else '  '}[{shortcut}]"

    def _time(self, dt) -> str:
        return time_en(dt) if self.lang == "en" else time_id(dt)

    def _show_clock(self) -> None:
        self.clock.setText(self._time(self.svc.now()))
        if self.unlocked:
            self._show_serving()

    # -- showing ---------------------------------------------------------------------------
    def _show_ticket(self, view, serving_from: datetime | None = None) -> None:
        """Show `view` at the counter; `serving_from` is when it started being served, when known
        (None keeps what is known of the same ticket)."""
        lang = self.lang
        same = view is not None and self.current is not None and view.ticket_id == self.current.ticket_id
        if not same:
            self.nik_visible = False
        if serving_from is not None or not same:
            self.serving_from = serving_from
        self.current = view
        if self.booking_ticket is not None and (view is None or not view.at_counter
                                                or view.ticket_id != self.booking_ticket):
            self.close_booking()                 # the panel books for the ticket it was opened for
        for check in self.document_checks:
            self.documents_box.removeWidget(check)
            check.deleteLater()
        self.document_checks = []
        if view is None:
            self.ticket_number.setText("—")
            self.ticket_service.setText(tr("counter.no_ticket", lang))
            self.ticket_facts.setText("")
            self.nik_label.setText("")
            self.nik_toggle.hide()
            self.documents_title.hide()
            self.ticket_booking.hide()
        else:
            spec = self.svc.branch.service(view.service)
            state = TicketState(view.state)
            state = (tr(f"counter.state.{state.value}", lang) if view.at_counter
                     else pick(lang, state.label_id, state.label_en))
            self.ticket_number.setText(view.number)
            self.ticket_service.setText(f"{state} · {spec.name_en if lang == 'en' else spec.name_id}")
            booked = self._booking_text(view.booking, detail=True)
            self.ticket_booking.setText(booked or "")
            self.ticket_booking.setVisible(bool(booked))
            facts = [tr("counter.waited", lang, minutes=view.waited_min)]
            if view.call_count > 1:
                facts.append(tr("counter.call_count", lang, count=view.call_count))
            if view.priority:
                facts.append(tr("counter.priority", lang, reason=self._reason_name(view.priority_reason)))
            if view.assisted:
                facts.append(tr("counter.assisted", lang))
            if not view.verified:
                facts.append(tr("counter.unverified", lang))
            self.ticket_facts.setText(" · ".join(facts))
            self._show_nik()
            docs = (spec.documents_en if lang == "en" and spec.documents_en else spec.documents)
            self.documents_title.setVisible(bool(docs))
            for doc in docs:
                check = QCheckBox(doc)
                check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                self.documents_box.addWidget(check)
                self.document_checks.append(check)
        self._show_serving()
        self._update_buttons()

    def _booking_text(self, booking: dict | None, detail: bool = False) -> str | None:
        """The booking a ticket was checked in for, with its slot; None for a walk-in."""
        if not booking:
            return None
        try:
            start = datetime.fromisoformat(booking["slot_start"])
            end = datetime.fromisoformat(booking["slot_end"])
            kept = BookingState(booking["state"]) is BookingState.CHECKED_IN
        except (KeyError, TypeError, ValueError):
            return None
        times = {"start": self._time(start), "end": self._time(end)}
        if detail:
            key = "counter.booked_detail" if kept else "counter.booked_detail_walk_in"
            return tr(key, self.lang, code=booking.get("code") or "-", **times)
        return tr("counter.booked" if kept else "counter.booked_walk_in", self.lang, **times)

    def _show_serving(self) -> None:
        """The start-serving button after a call; once serving, since when and for how long."""
        view = self.current
        if view is None or not view.at_counter:
            self.serving_stack.setCurrentIndex(0)
        elif can_move(view.state, Move.START):
            self.serving_stack.setCurrentIndex(1)
        else:
            if self.serving_from is None:
                self.serving_label.setText(tr("counter.serving_now", self.lang))
            else:
                minutes = max(0, int((self.svc.now() - self.serving_from).total_seconds() // 60))
                self.serving_label.setText(tr("counter.serving_since", self.lang, at=self._time(self.serving_from),
                                              minutes=minutes))
            self.serving_stack.setCurrentIndex(2)

    def _reason_name(self, code: str | None) -> str:
        for reason in getattr(self.svc.branch.priority, "reasons", ()):
            if getattr(reason, "code", reason) == code:
                name = getattr(reason, "name_en" if self.lang == "en" else "name_id", None)
                return name or str(code)
        return code or "-"

    def _show_nik(self) -> None:
        view = self.current
        if view is None:
            return
        self.nik_toggle.setVisible(view.nik_masked is not None)
        if view.nik_masked is None:
            self.nik_label.setText(tr("counter.nik_none", self.lang))
        elif self.nik_visible:
            self.nik_label.setText(tr("counter.nik", self.lang, nik=view.nik_masked))
        else:
            self.nik_label.setText(tr("counter.nik_hidden", self.lang))
        self.nik_toggle.setText(tr("counter.nik_hide" if self.nik_visible else "counter.nik_show", self.lang))

    def _toggle_nik(self) -> None:
        self.nik_visible = not self.nik_visible
        self._show_nik()

    def _update_buttons(self) -> None:
        working = self.busy
        self.buttons["callNext"].setEnabled(not working and not self.paused)
        for name, move in (("recall", Move.RECALL), ("finish", Move.FINISH), ("transfer", Move.TRANSFER),
                           ("skip", Move.SKIP), ("startServing", Move.START)):
            self.buttons[name].setEnabled(not working and self._may(move))
        self.buttons["bookNext"].setEnabled(not working and self.current is not None and self.current.at_counter)
        self.buttons["pause"].setEnabled(not working)
        self.booking_confirm.setEnabled(not working)
        self.buttons["pause"].setText(self._action_text("pause", "counter.pause", "F6", self.actions_stacked))
        self.paused_mark.setVisible(self.paused)

    def _may(self, move: Move) -> bool:
        """Whether the domain allows `move` on the ticket at the counter."""
        return self.current is not None and can_move(self.current.state, move)

    def say(self, text: str, error: bool = False) -> None:
        self.feedback.setText(text)
        if self.feedback_error != error:  # kept here: reading a bool back with property() is avoided
            self.feedback_error = error
            self.feedback.setProperty("error", error)
            self.feedback.style().unpolish(self.feedback)
            self.feedback.style().polish(self.feedback)

    # -- actions ---------------------------------------------------------------------------
    def _run(self, work, done) -> None:
        """Start an action: feedback now, the database call on the worker, the result later."""
        if self.busy:
            return
        self.busy = True
        self.say(tr("counter.working", self.lang))
        self._update_buttons()

        def finished(result) -> None:
            self.busy = False
            done(result)
            self._update_buttons()
            self.refresh()

        def failed(exc: Exception) -> None:
            self.busy = False
            message = getattr(exc, "message", None) or str(exc)
            if self.lang == "en" and getattr(exc, "message_en", None):
                message = exc.message_en
            self.say(message, error=True)
            self._update_buttons()
            self.refresh()

        self.background.call(work, finished, failed)

    def _ticket_done(self, key: str, show_result: bool = True):
        def done(view) -> None:
            if view is None:
                self.say(tr("counter.nothing" if key == "counter.called" else "counter.nothing_current", self.lang))
                if key == "counter.called":
                    self._show_ticket(None)
                return
            self.say(tr(key, self.lang, number=view.number, counter=self.counter,
                        service=self.svc.branch.service(view.service).name_id))
            if show_result:
                self._show_ticket(view if view.at_counter else None)
            else:
                self._show_ticket(None)
        return done

    def call_next(self) -> None:
        self._run(lambda: self.svc.call_next(self.counter), self._ticket_done("counter.called"))

    def recall(self) -> None:
        self._run(lambda: self.svc.recall(self.counter), self._ticket_done("counter.recalled"))

    def skip(self) -> None:
        self._run(lambda: self.svc.skip(self.counter), self._ticket_done("counter.skipped", False))

    def finish(self) -> None:
        self._run(lambda: self.svc.finish(self.counter), self._ticket_done("counter.finished", False))

    def start_serving(self) -> None:
        """The called participant is at the counter: serving starts now."""
        svc, counter = self.svc, self.counter

        def work():
            if svc.start_serving(counter) is None:
                return None, None
            view = svc.current_ticket(counter)          # with the booking it was checked in for
            return view, (svc.serving_since(counter) if view is not None else None)

        def done(result) -> None:
            view, since = result
            if view is None:
                self.say(tr("counter.nothing_current", self.lang))
                self._show_ticket(None)
                return
            self.say(tr("counter.started", self.lang, number=view.number))
            self._show_ticket(view if view.at_counter else None, since)

        self._run(work, done)

    def toggle_pause(self) -> None:
        pause = not self.paused

        def work():
            (self.svc.pause if pause else self.svc.resume)(self.counter)
            return pause

        def done(paused: bool) -> None:
            self.paused = paused
            self.say(tr("counter.paused" if paused else "counter.resumed", self.lang))

        self._run(work, done)

    def open_transfer(self) -> None:
        if self.current is None:
            return
        self.close_booking()
        self.transfer_target.clear()
        for spec in self.svc.branch.services:
            if spec.needs_counter and spec.code != self.current.service:
                self.transfer_target.addItem(f"{spec.name_id} ({spec.code})", spec.code)
        self.transfer_reason.clear()
        self.transfer_panel.show()
        self.transfer_reason.setFocus()

    def close_transfer(self) -> None:
        self.transfer_panel.hide()
        self.scan.setFocus()

    def confirm_transfer(self) -> None:
        target = self.transfer_target.currentData()
        reason = self.transfer_reason.text().strip()
        if not reason:
            self.say(tr("counter.transfer_need_reason", self.lang), error=True)
            return
        if not target:
            return
        self.close_transfer()
        self._run(lambda: self.svc.transfer(self.counter, target, reason),
                  self._ticket_done("counter.transferred", False))

    # -- a later visit ---------------------------------------------------------------------
    def open_booking(self) -> None:
        """The panel for a later visit of the participant at the counter (the next open days)."""
        view = self.current
        if view is None or not view.at_counter:
            return
        self.close_transfer()
        lang, branch = self.lang, self.svc.branch
        self.booking_ticket = view.ticket_id
        self.booking_title.setText(tr("counter.booking_title", lang, number=view.number))
        self.booking_service.clear()
        for spec in branch.services:
            if spec.queues:
                self.booking_service.addItem(spec.name_en if lang == "en" else spec.name_id, spec.code)
        self.booking_service.setCurrentIndex(max(0, self.booking_service.findData(view.service)))
        today = self.svc.today()
        self.booking_day.blockSignals(True)
        self.booking_day.clear()
        for day in open_days(branch.hours, today):
            self.booking_day.addItem(when_text(day, lang, clock=None, today=today), day.isoformat())
        self.booking_day.blockSignals(False)
        self._fill_slots()
        self.booking_panel.show()
        self._place_booking()
        self.booking_day.setFocus()

    def _booking_date(self) -> date | None:
        value = self.booking_day.currentData()
        try:
            return date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            return None

    def _fill_slots(self, *_args) -> None:
        """The chosen day's slots (its service hours, breaks left out)."""
        day = self._booking_date()
        self.booking_slots = day_slots(self.svc.branch.hours.for_date(day)) if day is not None else []
        self.booking_slot.clear()
        for start, end in self.booking_slots:
            self.booking_slot.addItem(f"{self._time(start)}–{self._time(end)}")

    def close_booking(self) -> None:
        self.booking_ticket = None
        if not self.booking_panel.isHidden():
            self.booking_panel.hide()
            self._place_booking()
            self.scan.setFocus()

    def confirm_booking(self) -> None:
        ticket_id, service = self.booking_ticket, self.booking_service.currentData()
        day, index = self._booking_date(), self.booking_slot.currentIndex()
        if ticket_id is None or not service:
            return
        if day is None or not 0 <= index < len(self.booking_slots):
            self.say(tr("counter.booking_no_slot", self.lang), error=True)
            return
        start, end = self.booking_slots[index]
        svc = self.svc

        def done(booking: dict) -> None:
            self.close_booking()
            self.say(self._booking_made(booking))

        self._run(lambda: svc.book_for_ticket(ticket_id, service, day, start, end), done)

    def _booking_made(self, booking: dict) -> str:
        """The one sentence the officer reads out: the code, the day and the slot."""
        start = datetime.fromisoformat(booking["slot_start"])
        end = datetime.fromisoformat(booking["slot_end"])
        spec = self.svc.branch.service(booking["service"])
        name = (spec.name_en if self.lang == "en" else spec.name_id) if spec else booking["service"]
        return tr("counter.booking_made", self.lang, code=booking["code"], service=name,
                  when=when_text(start.date(), self.lang, clock=None, today=self.svc.today()),
                  start=self._time(start), end=self._time(end))

    def _scanned(self) -> None:
        text = self.scan.text().strip()
        self.scan.clear()
        if not text:
            return

        def done(view) -> None:
            self.say(tr("counter.opened", self.lang, number=view.number))
            self._show_ticket(view)

        self._run(lambda: self.svc.open_ticket(self.counter, text), done)

    def acknowledge(self, event_id: int) -> None:
        self._run(lambda: self.svc.acknowledge_assistance(event_id, self.counter), lambda _r: None)

    # -- refreshing from the store --------------------------------------------------------
    def refresh(self) -> None:
        """Reload the current ticket, waiting list, counts and assistance (off the UI thread)."""
        if not self.unlocked:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        svc, counter, services = self.svc, self.counter, self.services

        def work():
            current = svc.current_ticket(counter)
            since = svc.serving_since(counter) if current is not None else None
            return (current, since, svc.waiting(services), svc.counter_stats(counter), svc.open_assistance())

        def done(result) -> None:
            self._refreshing = False
            current, since, waiting, stats, assistance = result
            if not self.busy:
                self._show_ticket(current, since)
            self._show_waiting(waiting)
            self.today.setText(tr("counter.today", self.lang, **stats))
            self._show_assistance(assistance)
            self._again()

        def failed(exc) -> None:
            self._refreshing = False
            log.warning("counter refresh failed: %s", exc)
            self._again()

        self.background.call(work, done, failed)

    def _again(self) -> None:
        if self._refresh_again:
            self._refresh_again = False
            self._refresh_due.start()

    def _show_waiting(self, waiting) -> None:
        self.waiting_title.setText(tr("counter.waiting", self.lang, count=len(waiting)))
        self.waiting_list.clear()
        for view in waiting[:200]:
            text = tr("counter.waiting_row", self.lang, number=view.number, service=view.service,
                      minutes=view.waited_min)
            if view.priority:
                text += f"   ★ {self._reason_name(view.priority_reason)}"
            booked = self._booking_text(view.booking)
            item = QListWidgetItem(f"{text}   {booked}" if booked else text)
            if booked:
                item.setBackground(QBrush(QColor(BOOKED_ROW)))
            self.waiting_list.addItem(item)

    def _show_assistance(self, events) -> None:
        for row in self.assistance_rows:
            self.assistance_layout.removeWidget(row)
            row.deleteLater()
        self.assistance_rows = []
        # as many as the window has room for (the waiting list keeps its place); the rest counted
        shown = 5 if self.height() >= 900 else 3 if self.height() >= 720 else 2
        for event in events[:shown]:
            row = QWidget()
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            at = self._time(event.at) if event.at else ""
            kiosk = event.data.get("kiosk_id", "")
            kind = event.data.get("reason") or ""
            reason = tr(ASSISTANCE_KINDS[kind], self.lang) if kind in ASSISTANCE_KINDS else \
                (tr("assistance.other", self.lang) if kind else "")
            text = _label(f"{at}  {kiosk}  {reason}".strip(), f"assistance_{event.id}", 14)
            text.setWordWrap(True)
            text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(text, 1)
            ack = QPushButton(tr("counter.assistance_ack", self.lang))
            ack.setObjectName(f"ack_{event.id}")
            ack.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            ack.clicked.connect(lambda _=False, eid=event.id: self.acknowledge(eid))
            layout.addWidget(ack)
            self.assistance_layout.addWidget(row)
            self.assistance_rows.append(row)
        if len(events) > shown:
            more = _label(tr("counter.assistance_more", self.lang, count=len(events) - shown), "assistanceMore", 14)
            self.assistance_layout.addWidget(more)
            self.assistance_rows.append(more)
        self.assistance.setVisible(bool(events))

    # -- feed ------------------------------------------------------------------------------
    @Slot(list)
    def on_events(self, events: list) -> None:
        for event in events:
            if event.counter == self.counter and event.kind in (EventKind.PAUSED, EventKind.RESUMED):
                self.paused = event.kind == EventKind.PAUSED
        self._update_buttons()
        if not self._refresh_due.isActive():
            self._refresh_due.start()

    @Slot(object)
    def on_resynced(self, status) -> None:
        for c in status.counters:
            if c["counter"] == self.counter:
                self.paused = bool(c["paused"])
        self._update_buttons()
        self.refresh()

    @Slot(bool)
    def on_connection(self, connected: bool) -> None:
        self.connected = connected
        self.reconnecting.setVisible(not connected)

    def closeEvent(self, event) -> None:
        self._tick.stop()
        self._refresh_due.stop()
        self.background.close(wait=False)
        super().closeEvent(event)
