"""The ticket: a new one (its number, place and wait, the preview of the paper or, when the
printer failed, its QR code on screen) and one the participant already holds (a repeat visit or
a scanned ticket). Views of the visit model (`kiosk.flow`)."""
from __future__ import annotations

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.domain.booking import BookingState
from kiosk.domain.catalog import pick, tr
from kiosk.domain.place import place_lines
from kiosk.domain.speech import spoken_number
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.sms import SmsOptIn
from kiosk.ui.kiosk.widgets import FittedPicture, button, label, qr_pixmap, set_tone, wrap_button


class TicketScreen(Screen):
    name = "ticket"
    flows = ("body",)
    title_key = "ticket.take"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 16, 48, 16)
        box.setSpacing(10)
        self.state = label(self, "ticketState", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(36)
        info = QVBoxLayout()
        info.setSpacing(8)
        self.caption = label(self, "ticketCaption", "big", align=CENTER)
        self.number = label(self, "ticketNumber", "title", wrap=False, align=CENTER)
        self.service = label(self, "ticketService", "big", align=CENTER)
        self.ahead = label(self, "ticketAhead", "big", align=CENTER)
        self.wait = label(self, "ticketWait", "big", align=CENTER)
        self.priority = label(self, "ticketPriority", "big", align=CENTER)
        self.booked = label(self, "ticketBooking", "body", align=CENTER)
        self.notes = label(self, "ticketNotes", "body", align=CENTER)
        for w in (self.caption, self.number, self.service, self.ahead, self.wait, self.priority, self.booked,
                  self.notes):
            info.addWidget(w)
        info.addStretch(1)
        self.body.addLayout(info, 3)
        self.preview = FittedPicture(self, "ticketPreview")
        qr_box = QVBoxLayout()
        self.qr = QLabel(self)
        self.qr.setObjectName("ticketQr")
        self.qr.setAlignment(CENTER)
        self.qr_caption = label(self, "ticketQrCaption", "body", align=CENTER)
        qr_box.addStretch(1)
        qr_box.addWidget(self.qr)
        qr_box.addWidget(self.qr_caption)
        qr_box.addStretch(1)
        self.body.addWidget(self.preview, 2)
        self.body.addLayout(qr_box, 2)
        self.done = button(self, "ticketDone", "go")
        self.done.clicked.connect(lambda: kiosk.flow.go_welcome())
        self.sms = SmsOptIn(self)                   # "Kirim SMS saat giliran Anda hampir tiba?"
        self.sms.opened.connect(self._typing_phone)
        box.addWidget(self.state)
        box.addLayout(self.body, 1)
        box.addWidget(self.sms)
        box.addWidget(self.done)
        self.preview_image: QPixmap | None = None

    def refresh(self) -> None:
        lang, visit = self.lang, self.flow.visit
        ticket, outcome = visit.ticket, visit.print_outcome
        self.done.setText(tr("done", lang))
        if ticket is None:
            return
        self.caption.setText(tr("ticket.title", lang))
        self.number.setText(ticket.number)
        option = visit.option
        name = pick(lang, option.name_id, option.name_en) if option is not None else \
            self.flow.service_name(ticket.service)
        self.service.setText(name)
        # a booked visit: what the check-in said (booked, with the slot; or walk-in order, and why)
        self.booked.setText(pick(lang, *visit.booking_message) if visit.booking_message else "")
        self.booked.setVisible(bool(visit.booking_message))
        set_tone(self.booked, "ok" if ticket.booking and BookingState(ticket.booking["state"])
                 is BookingState.CHECKED_IN else "warn")
        ahead, wait = place_lines(ticket.place, lang)
        self.ahead.setText(ahead)
        self.wait.setText(wait)
        reason = None
        if ticket.priority:
            spec = self.flow.cases.branch.priority.reason(ticket.priority_reason or "")
            reason = pick(lang, spec.name_id, spec.name_en) if spec else ticket.priority_reason
        self.priority.setText(f"★ {tr('ticket.priority', lang)}" + (f": {reason}" if reason else "")
                              if ticket.priority else "")
        self.priority.setVisible(ticket.priority)
        self._show_print(ticket, outcome, lang)
        self.sms.show_for(ticket.ticket_id, lang)

    def _typing_phone(self, typing: bool) -> None:
        """While the phone number is typed, the keypad takes the paper's and the notes' room."""
        for w in (self.preview, self.wait, self.booked, self.notes, self.qr, self.qr_caption):
            if typing:
                w.hide()
        if not typing:
            self.wait.show()
            self.refresh()

    def _show_print(self, ticket, outcome, lang: str) -> None:
        """The notes under the ticket, what came of the print, and the paper or (not printed) the
        QR code on screen."""
        visit = self.flow.visit
        notes = []
        if not ticket.verified:
            notes.append(tr("ticket.unverified", lang))
        if not visit.documents_complete:
            notes.append(tr("ticket.consult", lang))
        failed = outcome is not None and not outcome.ok
        if failed:
            reason_text = pick(lang, outcome.reason or "", outcome.reason_en)
            if reason_text:
                notes.append(reason_text)
            notes.append(tr("ticket.failed.alerted", lang))
        elif outcome is not None and outcome.paper_near_end and self.flow.assisted:
            notes.append(tr("ticket.paper_low", lang))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        if outcome is None:
            self.state.setText(tr("ticket.printing", lang))
            set_tone(self.state, None)
        elif failed:
            self.state.setText(tr("ticket.failed", lang))
            set_tone(self.state, "error")
        else:
            self.state.setText(tr("ticket.take", lang))
            set_tone(self.state, "ok")
        if failed:
            self.qr.setPixmap(qr_pixmap(ticket.ticket_data.qr_payload, 260 if self.height() < 900 else 300))
            self.qr.show()
            self.qr_caption.setText(tr("ticket.qr.caption", lang))
            self.qr_caption.show()
            self.preview.hide()
        else:
            self.qr.clear()
            self.qr.hide()
            self.qr_caption.hide()
            self._show_preview()

    def _show_preview(self) -> None:
        if self.preview_image is None:
            self.preview.set_picture(None)
            self.preview.hide()
            return
        if self.preview.original is not self.preview_image:
            self.preview.set_picture(self.preview_image)
        self.preview.show()

    def set_preview(self, pixmap: QPixmap | None) -> None:
        self.preview_image = pixmap

    def spoken(self) -> str:
        outcome = self.flow.visit.print_outcome
        if self.flow.visit.ticket is None:
            return ""
        if outcome is not None and not outcome.ok:
            return tr("speak.failed", self.lang)
        return tr("speak.take", self.lang) if outcome is not None else ""


class RepeatScreen(Screen):
    """A ticket the participant already holds: the one for the chosen service (a repeat visit)
    or a scanned ticket. Its number, place and wait; a reprint only with staff
    (objectName `repeatTicket`)."""

    name = "repeatTicket"
    object_name = "repeatTicket"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        flow = kiosk.flow
        box = QVBoxLayout(self)
        box.setContentsMargins(56, 16, 56, 16)
        box.setSpacing(10)
        self.title = label(self, "repeatTitle", "title", align=CENTER)
        self.number = label(self, "repeatNumber", "title", wrap=False, align=CENTER)
        self.service = label(self, "repeatService", "big", align=CENTER)
        self.state = label(self, "repeatState", "big", align=CENTER)
        self.ahead = label(self, "repeatAhead", "big", align=CENTER)
        self.wait = label(self, "repeatWait", "big", align=CENTER)
        self.text = label(self, "repeatText", "body", align=CENTER)
        self.lost = label(self, "repeatLost", "hint", align=CENTER)
        self.staff_note = label(self, "repeatFeedback", "big", align=CENTER)
        self.more = label(self, "repeatMore", "body", align=CENTER)        # other numbers held today
        self.more.hide()
        for w in (self.title, self.number, self.service, self.state, self.ahead, self.wait, self.text,
                  self.more, self.lost, self.staff_note):
            box.addWidget(w)
        box.addStretch(1)
        staff = QHBoxLayout()
        self.reprint = wrap_button(self, "repeatReprint", "secondary")
        self.reprint.clicked.connect(flow.desk.reprint_shown)
        self.new = wrap_button(self, "repeatNew", "secondary")
        self.new.clicked.connect(lambda: flow.issue_ticket(documents_complete=True, insist=True))
        staff.addWidget(self.reprint)
        staff.addWidget(self.new)
        box.addLayout(staff)
        buttons = QHBoxLayout()
        self.back = wrap_button(self, "repeatBack", "secondary")
        self.back.clicked.connect(flow.go_back)
        self.done = wrap_button(self, "repeatDone", "go")
        self.done.clicked.connect(lambda: flow.go_welcome())
        self.other = wrap_button(self, "repeatOther", "secondary")     # held, said after the NIK: on
        self.other.clicked.connect(flow.holding.other_service)
        self.other.hide()
        buttons.addWidget(self.back, 1)
        buttons.addWidget(self.other, 1)
        buttons.addWidget(self.done, 2)
        box.addLayout(buttons)

    def refresh(self) -> None:
        lang, ticket, flow = self.lang, self.flow.visit.shown, self.flow
        scanned, feedback = flow.repeat_scanned, flow.repeat_feedback
        self.done.setText(tr("done", lang))
        self.back.setText(tr("back", lang))
        self.reprint.setText(tr("repeat.reprint", lang))
        self.new.setText(tr("repeat.new", lang))
        staff = flow.assisted
        self.reprint.setVisible(staff and ticket is not None)
        self.new.setVisible(staff and ticket is not None and not scanned)
        first = flow.holding.first and not scanned
        self.back.setVisible(not scanned and not first)
        self.other.setText(tr("holding.other", lang))
        self.other.setVisible(first)
        others = ", ".join(f"{t.number} ({flow.service_name(t.service)})" for t in flow.holding.others())
        self.more.setText(tr("holding.more", lang, numbers=others) if first and others else "")
        self.more.setVisible(bool(self.more.text()))
        self.staff_note.setText(pick(lang, *feedback) if feedback[0] else "")
        self.staff_note.setVisible(bool(feedback[0]))
        if ticket is None:
            return
        self.title.setText(tr("ticket.status.title" if scanned else "repeat.title", lang))
        self.number.setText(ticket.number)
        self.service.setText(flow.service_name(ticket.service))
        state = ticket.place.state
        waiting = ticket.place.waiting
        self.state.setText(tr("ticket.state", lang, state=pick(lang, state.label_id, state.label_en)))
        self.state.setVisible(not waiting)
        ahead, wait = place_lines(ticket.place, lang)
        self.ahead.setText(ahead)
        self.wait.setText(wait)
        for w in (self.ahead, self.wait):
            w.setVisible(waiting)
        self.text.setText(tr("repeat.text", lang) if waiting else "")
        self.text.setVisible(waiting)
        self.lost.setText(tr("repeat.lost", lang))
        self.lost.setVisible(waiting and not staff)

    def spoken(self) -> str:
        ticket = self.flow.visit.shown
        if ticket is None:
            return ""
        return tr("repeat.spoken", self.lang, number=spoken_number(ticket.number, self.lang))
