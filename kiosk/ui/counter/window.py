"""The counter (loket) window for a customer service officer: a view of the counter desk.

Staff PIN first (checked by the application on the worker thread, under the branch-wide
attempt limit). Then: the current ticket (number, service, waited time, priority reason, a
booking's slot, masked NIK behind a "show" toggle, the document checklist), the large "start
serving" button once a ticket is called (the participant has reached the counter; afterwards,
since when the ticket is being served), the waiting list of this counter's services (booked
tickets with their slot), today's counts, assistance requests from the kiosks, and the actions
with keyboard shortcuts. When documents are missing, the officer books the participant a visit on
one of the next open days (an inline panel: service, day, slot) and reads the code out.

What is shown and which action is possible is the desk's (`kiosk.services.CounterDesk`, Qt-free);
this window draws it and runs the desk's jobs on a worker thread: a button answers at once with
"Memproses…" and the result follows.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLineEdit, QListView, QListWidget, QListWidgetItem, QPushButton,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.domain.catalog import tr
from kiosk.domain.counter import CounterAction
from kiosk.services import CounterDesk, CounterServices
from kiosk.ui import pin as staff_pin
from kiosk.ui.clock_banner import ClockBanner
from kiosk.ui.counter.missed import PANEL_STYLE, PausePanel, PreviousPanel, ReturnPanel
from kiosk.ui.counter.parts import (BOOK_SHORTCUT, BOOKED_ROW, NO_SHOW_SHORTCUT, STYLE, ActionPad, BookingPanel, Header,
                                    HelpPanel, PinPage, ServingStage, TicketCard, TransferPanel, label)
from kiosk.ui.worker import Background, answers

log = logging.getLogger("anjungan.counter")

REFRESH_DELAY_MS = 120        # events close together make one refresh
WAITING_TICK_MS = 30000       # waited minutes keep counting
START_SHORTCUT = "F7"
SHORT_WINDOW_PX = 720       # below this height the booking panel takes the place of the action buttons
BODY_MARGIN_PX = 12
SHORT_GAP_PX = 6            # margins above and below the body on a short screen

class CounterWindow(QWidget):
    def __init__(self, svc: CounterServices, counter: int, feed, *, unlocked: bool = False, lang: str = "id",
                 parent=None):
        super().__init__(parent)
        self.svc = svc
        self.desk = CounterDesk(svc, counter, lang)
        self.counter = self.desk.counter
        self.feed = feed
        self.lang = lang
        self.services = self.desk.services
        self.feedback_error = False
        self.connected: bool | None = None
        self.pin_checking = False
        self._card_ticket: str | None = None         # the ticket whose checklist the card shows
        self.setObjectName("counterWindow")
        self.setWindowTitle(f"{tr('counter.title', lang, counter=self.counter)} — {svc.branch.name}")
        self.setStyleSheet(STYLE + PANEL_STYLE)
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
        self.heartbeat = svc.heartbeat_timer("counter", counter=self.counter)      # ticked by the clock
        self.pin_page = PinPage(lang, self.counter, self._check_pin)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pin_page)
        self.stack.addWidget(self._build_main())
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.clock_banner = ClockBanner(self, svc.clock_skew, lang)     # this PC's clock off the server's
        root.addWidget(self.clock_banner)
        root.addWidget(self.stack)
        feed.events.connect(self.on_events)
        feed.resynced.connect(self.on_resynced)
        feed.connection_changed.connect(self.on_connection)
        self.resize(1366, 768)
        self.heartbeat.tick()                # the first heartbeat as the window opens
        if unlocked:
            self.unlock()

    # -- the desk's state, as the window's ----------------------------------------------------
    @property
    def current(self):
        return self.desk.current

    @property
    def paused(self) -> bool:
        return self.desk.paused

    @paused.setter
    def paused(self, value: bool) -> None:
        self.desk.paused = value

    @property
    def busy(self) -> bool:
        return self.desk.busy

    # -- sign in -----------------------------------------------------------------------------
    def _check_pin(self) -> None:
        """Send the PIN to the application on the worker thread; the window keeps answering."""
        if self.pin_checking:
            return
        page = self.pin_page
        pin = page.input.text()
        page.input.clear()
        if len(pin) < staff_pin.MIN_PIN:
            page.say(tr("pin.hint", self.lang), error=True)
            return
        self.pin_checking = True
        page.set_checking(True)
        page.say(tr("pin.checking", self.lang))
        svc = self.svc
        self.background.run(lambda: staff_pin.sign_in(svc, pin, "staff"),
                            answers(self._pin_answered, lambda exc: self._pin_answered(staff_pin.failed(exc))))

    def _pin_answered(self, answer: staff_pin.PinAnswer) -> None:
        self.pin_checking = False
        self.pin_page.set_checking(False)
        if answer.ok:
            self.pin_page.say("")
            self.unlock()
            return
        self.pin_page.say(answer.text(self.lang), error=True)
        self.pin_page.input.setFocus()

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
    def _build_controls(self) -> None:
        """The header, the six actions, "start serving" beside the number, and their shortcuts."""
        names = ", ".join(self.svc.branch.service(code).name_id for code in self.services)
        self.header = Header(self.lang, self.counter, names)
        self.paused_mark, self.reconnecting, self.clock = (self.header.paused_mark, self.header.reconnecting,
                                                           self.header.clock)
        handlers = {"callNext": self.call_next, "recall": self.recall, "finish": self.finish,
                    "transfer": self.open_transfer, "pause": self.toggle_pause, "returnToQueue": self.open_return}
        words = {"pause": lambda: tr(self.desk.pause_key, self.lang)}
        self.pad = self.actions_box = ActionPad(self.lang, handlers, words)
        self.stage = ServingStage(self.lang, START_SHORTCUT, self.start_serving, self.skip)
        self.card.number_row.addSpacing(16)
        self.card.number_row.addWidget(self.stage, 1, Qt.AlignmentFlag.AlignVCenter)
        self.buttons: dict[str, QPushButton] = {**self.pad.buttons, "startServing": self.stage.start,
                                                "skip": self.stage.no_show, "bookNext": self.card.book_button}
        self.shortcuts: list[QShortcut] = []
        for key, target in (*self.pad.keys(), (START_SHORTCUT, self.stage.start), (NO_SHOW_SHORTCUT, self.stage.no_show),
                            (BOOK_SHORTCUT, self.card.book_button)):
            self._shortcut(key, target)

    def _shortcut(self, key: str, target: QPushButton) -> None:
        sc = QShortcut(QKeySequence(key), self)
        sc.setContext(Qt.ShortcutContext.WindowShortcut)
        sc.activated.connect(target.click)
        sc.setEnabled(False)
        self.shortcuts.append(sc)

    def _build_main(self) -> QWidget:
        lang = self.lang
        page = QWidget()
        self.card = self.ticket_box = TicketCard(lang, self._toggle_nik, self.open_booking)
        self.ticket_number, self.ticket_service = self.card.number, self.card.service
        self.ticket_booking, self.nik_label = self.card.booking, self.card.nik
        self._build_controls()
        self.transfer_panel = TransferPanel(lang, self.confirm_transfer, self.close_transfer)
        self.booking_panel = BookingPanel(lang, self._fill_slots, self.confirm_booking, self.close_booking)
        self.booking_confirm = self.booking_panel.confirm
        self.previous_panel = PreviousPanel(lang)
        self.return_panel = ReturnPanel(lang, self.confirm_return_number, self.close_panels)
        self.pause_panel = PausePanel(lang, self.close_panels)
        self._grace = QTimer(self)               # the no-show's grace counts down on its button
        self._grace.setInterval(1000)
        self._grace.timeout.connect(self._update_buttons)

        # scan + feedback
        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setPlaceholderText(tr("counter.scan", lang))
        self.scan.returnPressed.connect(self._scanned)
        self.feedback = label("", "feedback", 15, True)
        self.feedback.setWordWrap(True)

        left = QVBoxLayout()
        left.addWidget(self.card, 1)
        for widget in (self.actions_box, self.previous_panel, self.return_panel, self.pause_panel,
                       self.transfer_panel, self.booking_panel, self.scan):
            left.addWidget(widget)

        # right column: waiting list, today's counts, assistance
        self.waiting_title = label(tr("counter.waiting", lang, count=0), "waitingTitle", 15, True)
        self.waiting_list = QListWidget()
        self.waiting_list.setObjectName("waitingList")
        self.waiting_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.waiting_list.setWordWrap(True)           # a row with a priority and a booking wraps, never hides
        self.waiting_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.waiting_list.setResizeMode(QListView.ResizeMode.Adjust)
        font = self.waiting_list.font()
        font.setPointSize(14)
        self.waiting_list.setFont(font)
        self.today = label("", "todayCounts", 12)
        self.today.setWordWrap(True)
        self.assistance = HelpPanel(lang, self.acknowledge)
        right = QVBoxLayout()
        right.addWidget(self.waiting_title)
        right.addWidget(self.waiting_list, 1)
        right.addWidget(self.today)
        right.addWidget(self.assistance)

        columns = QHBoxLayout()
        columns.addLayout(left, 7)
        columns.addLayout(right, 3)
        body = self.body = QVBoxLayout()          # the feedback sentence runs under both columns:
        body.setContentsMargins(BODY_MARGIN_PX, BODY_MARGIN_PX, BODY_MARGIN_PX, BODY_MARGIN_PX)
        body.addLayout(columns, 1)                # a booking's code and day stay on two lines at 1024
        body.addWidget(self.feedback)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        self._show_ticket(None)
        self._show_clock()
        clock = QTimer(self)
        clock.setInterval(10000)
        clock.timeout.connect(self._show_clock)
        clock.timeout.connect(self.heartbeat.tick)
        clock.start()
        return page

    @property
    def document_checks(self):
        return self.card.document_checks

    @property
    def assistance_rows(self):
        return self.assistance.rows

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        QTimer.singleShot(0, self._arrange_actions)        # once the layout has given out the new width
        self._place_booking()

    def _place_booking(self) -> None:
        """On a short screen the open booking panel stands where the action buttons are (their
        keys still work), and the rows sit closer so a two-line feedback sentence keeps its room;
        otherwise both are shown at the usual spacing."""
        if hasattr(self, "pause_panel"):
            short = self.height() < SHORT_WINDOW_PX
            asking = any(not p.isHidden() for p in (self.previous_panel, self.return_panel, self.pause_panel))
            self.actions_box.setVisible(not asking and not (short and not self.booking_panel.isHidden()))
            gap = SHORT_GAP_PX if short else BODY_MARGIN_PX
            self.body.setContentsMargins(BODY_MARGIN_PX, gap, BODY_MARGIN_PX, gap)
            self.card.layout().setSpacing(SHORT_GAP_PX // 2 if short else -1)    # -1: the style's

    def _arrange_actions(self) -> None:
        self.pad.arrange(self.card.width())

    def _show_clock(self) -> None:
        self.clock.setText(self.desk.time(self.svc.now()))
        self.paused_mark.setText(self.desk.pause_mark())
        if self.unlocked:
            self._show_serving()

    # -- showing -----------------------------------------------------------------------------
    def _show_ticket(self, view, serving_from=None, *, shown: bool = False) -> None:
        """Show `view` at the counter (`shown`: the desk has it already)."""
        if not shown:
            self.desk.show(view, serving_from)
        if self.desk.booking_for is None and not self.booking_panel.isHidden():
            self.close_booking()                 # the panel books for the ticket it was opened for
        ticket = self.desk.current.ticket_id if self.desk.current is not None else None
        self.card.show_card(self.desk.card(), keep_documents=ticket is not None and ticket == self._card_ticket)
        self._card_ticket = ticket
        self._show_serving()
        self._update_buttons()

    def _show_serving(self) -> None:
        self.stage.show_serving(self.desk.serving())

    def _toggle_nik(self) -> None:
        self.desk.toggle_nik()
        self.card.show_card(self.desk.card(), keep_documents=True)

    def _update_buttons(self) -> None:
        allowed = self.desk.allowed()
        for name, on in (("callNext", allowed.call), ("recall", allowed.recall), ("finish", allowed.finish),
                         ("transfer", allowed.transfer), ("skip", allowed.skip), ("startServing", allowed.start),
                         ("bookNext", allowed.book), ("pause", allowed.pause), ("returnToQueue", allowed.return_)):
            self.buttons[name].setEnabled(on)
        self.booking_confirm.setEnabled(allowed.confirm_booking)
        self.pad.show_words()
        self.stage.show_no_show(self.desk.no_show_words(lines=True))
        grace = self.desk.no_show_grace()
        if grace.allowed and self._grace.isActive():
            self._grace.stop()
        elif not grace.allowed and not self._grace.isActive():
            self._grace.start()
        if not self.previous_panel.isHidden():
            self._fill_previous()
        self.paused_mark.setText(self.desk.pause_mark())
        self.paused_mark.setVisible(self.desk.paused)
        QTimer.singleShot(0, self.header.fit_services)          # beside the mark as it is now

    def say(self, text: str, error: bool = False) -> None:
        self.feedback.setText(text)
        if self.feedback_error != error:  # kept here: reading a bool back with property() is avoided
            self.feedback_error = error
            self.feedback.setProperty("error", error)
            self.feedback.style().unpolish(self.feedback)
            self.feedback.style().polish(self.feedback)

    # -- actions -----------------------------------------------------------------------------
    def _run(self, step) -> None:
        """Carry out a desk step: a sentence at once, or a job (its work on the worker, the result
        later); None: nothing to do (busy, or nothing chosen)."""
        if step is None:
            return
        if not hasattr(step, "work"):
            self.say(step.text, error=step.error)
            return
        self.say(self.desk.working().text)
        self._update_buttons()

        def finished(result) -> None:
            self._said(step.done(result))

        def failed(exc: Exception) -> None:
            self._said(self.desk.failed(exc))

        self.background.run(step.work, answers(finished, failed))

    def _said(self, said) -> None:
        if said is not None:
            self.say(said.text, error=said.error)
        self._show_ticket(self.desk.current, shown=True)
        self.refresh()

    def call_next(self) -> None:
        step = self.desk.call_next()
        if self.desk.asking:
            self.close_panels()
            self._fill_previous()
            self._show_panel(self.previous_panel)
        self._run(step)

    def _fill_previous(self) -> None:
        self.previous_panel.fill(self.desk.question(), self.desk.answers(), self.answer_previous)

    def answer_previous(self, name: str) -> None:
        self.close_panels()
        self._run(self.desk.answer(name))

    def _show_panel(self, panel) -> None:
        panel.show()
        self._place_booking()

    def close_panels(self) -> None:
        self.desk.asking = False
        for panel in (self.previous_panel, self.return_panel, self.pause_panel):
            panel.hide()
        self._place_booking()
        self.scan.setFocus()

    def open_return(self) -> None:
        """Back into the queue: one tap on the called ticket or a no-show of today, or a number."""
        self.close_panels()
        self.close_transfer()
        self.close_booking()
        choices = [(f"return_{number}", number, True) for number, _ticket in self.desk.return_choices()]
        self.return_panel.fill(tr("counter.return_hint", self.lang), choices, self._return_chosen)
        self.return_panel.number.clear()
        self._show_panel(self.return_panel)
        self.return_panel.number.setFocus()

    def _return_chosen(self, name: str) -> None:
        number = name.removeprefix("return_")
        ticket = next((t for n, t in self.desk.return_choices() if n == number), number)
        self.close_panels()
        self._run(self.desk.put_back(ticket))

    def confirm_return_number(self) -> None:
        text = self.return_panel.number.text()
        self.close_panels()
        self._run(self.desk.put_back(text))

    def recall(self) -> None:
        self._run(self.desk.act(CounterAction.RECALL))

    def skip(self) -> None:
        self._run(self.desk.act(CounterAction.SKIP))

    def finish(self) -> None:
        self._run(self.desk.act(CounterAction.FINISH))

    def start_serving(self) -> None:
        """The called participant is at the counter: serving starts now."""
        self._run(self.desk.start_serving())

    def toggle_pause(self) -> None:
        """Resume a paused counter; pausing asks why first (one tap on a reason)."""
        if self.desk.paused:
            self._run(self.desk.set_paused(False))
            return
        self.close_panels()
        items = [(f"pauseReason_{code}", words, True) for words, code in self.desk.pause_reasons()]
        self.pause_panel.fill(tr("counter.pause_title", self.lang), items, self._pause_chosen)
        self._show_panel(self.pause_panel)

    def _pause_chosen(self, name: str) -> None:
        self.close_panels()
        self._run(self.desk.pause_for(name.removeprefix("pauseReason_")))

    def open_transfer(self) -> None:
        if self.desk.current is None:
            return
        self.close_booking()
        self.transfer_panel.open(self.desk.transfer_targets())

    def close_transfer(self) -> None:
        self.transfer_panel.hide()
        self.scan.setFocus()

    def confirm_transfer(self) -> None:
        step = self.desk.transfer(self.transfer_panel.target.currentData(), self.transfer_panel.reason.text())
        if step is not None and hasattr(step, "work"):
            self.close_transfer()
        self._run(step)

    # -- a later visit -------------------------------------------------------------------------
    def open_booking(self) -> None:
        """The panel for a later visit of the participant at the counter (the next open days)."""
        choices = self.desk.open_booking()
        if choices is None:
            return
        self.close_transfer()
        self.booking_panel.fill(choices)
        self._fill_slots()
        self.booking_panel.show()
        self._place_booking()
        self.booking_panel.day.setFocus()

    def _fill_slots(self) -> None:
        self.booking_panel.show_slots(self.desk.choose_day(self.booking_panel.chosen_day()))

    def close_booking(self) -> None:
        self.desk.close_booking()
        if not self.booking_panel.isHidden():
            self.booking_panel.hide()
            self._place_booking()
            self.scan.setFocus()

    def confirm_booking(self) -> None:
        panel = self.booking_panel
        self._run(self.desk.book(panel.service.currentData(), panel.chosen_day(), panel.slot.currentIndex()))

    def _scanned(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        step = self.desk.open_ticket(text)
        if self.desk.asking:                    # the called ticket first: what became of it
            self.close_panels()
            self._fill_previous()
            self._show_panel(self.previous_panel)
        self._run(step)

    def acknowledge(self, event_id: int) -> None:
        self._run(self.desk.acknowledge(event_id))

    # -- refreshing from the store ------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the current ticket, waiting list, counts and assistance (off the UI thread)."""
        if not self.unlocked:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        job = self.desk.refresh()

        def done(snapshot) -> None:
            self._refreshing = False
            job.done(snapshot)
            if not self.desk.busy:
                self._show_ticket(self.desk.current, shown=True)
            self._show_waiting()
            self.today.setText(self.desk.today_text())
            # as many help requests as the window has room for (the waiting list keeps its place)
            room = 5 if self.height() >= 900 else 3 if self.height() >= 720 else 2
            self.assistance.show_rows(*self.desk.help_rows(room))
            self._again()

        def failed(exc) -> None:
            self._refreshing = False
            log.warning("counter refresh failed: %s", exc)
            self._again()

        self.background.run(job.work, answers(done, failed))

    def _again(self) -> None:
        if self._refresh_again:
            self._refresh_again = False
            self._refresh_due.start()

    def _show_waiting(self) -> None:
        self.waiting_title.setText(self.desk.waiting_title())
        self.waiting_list.clear()
        for text, booked in self.desk.waiting_rows():
            item = QListWidgetItem(text)
            if booked:
                item.setBackground(QBrush(QColor(BOOKED_ROW)))
            self.waiting_list.addItem(item)

    # -- feed --------------------------------------------------------------------------------
    @Slot(list)
    def on_events(self, events: list) -> None:
        self.desk.on_events(events)
        self._update_buttons()
        if not self._refresh_due.isActive():
            self._refresh_due.start()

    @Slot(object)
    def on_resynced(self, status) -> None:
        self.desk.on_status(status)
        self._update_buttons()
        self.refresh()

    @Slot(bool)
    def on_connection(self, connected: bool) -> None:
        self.connected = connected
        self.reconnecting.setVisible(not connected)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.clock_banner.stop()
        self._grace.stop()
        self.heartbeat.stop()
        self._tick.stop()
        self._refresh_due.stop()
        self.background.close(wait=False)
        super().closeEvent(event)
