"""The participant's screens: Welcome, the heir question, Status and Message (the NIK in nik.py;
the KK question and the heir's own age in mend.py; groups, services, routes and documents in
choices.py; the ticket in ticket.py).

Each screen draws itself from the visit model (`kiosk.flow`) in `refresh()`, so a language switch
or a rotation simply draws again; touches go to the model.
"""
from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QSizePolicy, QVBoxLayout

from kiosk.domain.catalog import pick, tr
from kiosk.domain.catalog.kiosk import SEGMENTS
from kiosk.domain.formatting import minutes_text, month_text, time_en, time_id, when_text
from kiosk.domain.participant import Status
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.widgets import button, label, set_direction, set_tone, wrap_button

__all__ = ["CENTER", "HeirScreen", "MessageScreen", "QuestionScreen", "Screen", "StatusScreen",
           "WelcomeScreen", "service_name", "status_line", "wait_text"]


def wait_text(minutes: int | None, lang: str) -> str | None:
    return None if minutes is None else minutes_text(minutes, lang)


def service_name(kiosk, code: str, lang: str) -> str:
    spec = kiosk.svc.branch.service(code)
    return pick(lang, spec.name_id, spec.name_en) if spec is not None else code


def status_line(kiosk, lang: str) -> str:
    """"D.L. · Status: Aktif · NIK ************1234" for the visit's participant (never the name)."""
    result = kiosk.flow.visit.result
    if result is None:
        return ""
    parts = []
    p = result.participant
    if kiosk.flow.visit.heir:
        parts.append(tr("status.heir", lang))
    elif p is not None and p.verified and p.found:
        if p.initials:
            parts.append(".".join(p.initials) + ".")
        if p.status is not None:
            parts.append(tr("status.label", lang, status=pick(lang, p.status.label_id, p.status.label_en)))
    if result.nik_masked:
        parts.append(tr("status.nik", lang, nik=result.nik_masked).replace(" ", "\u00a0"))   # never split
    return "  ·  ".join(parts)


# ------------------------------------------------------------------------------------- Welcome
class WelcomeScreen(Screen):
    name = "welcome"
    title_key = "welcome.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 24, 48, 24)
        box.setSpacing(14)
        self.title = label(self, "welcomeTitle", "title", align=CENTER)
        self.branch = label(self, "welcomeBranch", "big", align=CENTER)
        self.date = label(self, "welcomeDate", "big", align=CENTER)
        self.clock = label(self, "welcomeClock", "title", align=CENTER)
        self.office = label(self, "officeStatus", "big", align=CENTER)
        self.take = wrap_button(self, "takeTicket", "go")
        self.take.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.take.setMinimumHeight(160)
        self.take.clicked.connect(kiosk.flow.start_visit)
        self.booking = wrap_button(self, "bookingStart")          # blue: the other way in, never the main one
        self.booking.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.booking.setMinimumHeight(96)
        self.booking.clicked.connect(lambda: kiosk.flow.start_booking())
        self.scan = label(self, "welcomeScan", "hint", align=CENTER)
        self.priority = label(self, "welcomePriority", "hint", align=CENTER)
        box.addWidget(self.title)
        box.addWidget(self.branch)
        box.addWidget(self.date)
        box.addWidget(self.clock)
        box.addWidget(self.office)
        box.addStretch(1)
        box.addWidget(self.take, 4)
        box.addWidget(self.booking, 2)
        box.addWidget(self.scan)
        box.addStretch(1)
        box.addWidget(self.priority)

    def refresh(self) -> None:
        lang, now = self.lang, self.kiosk.now()
        self.title.setText(tr("welcome.title", lang))
        self.branch.setText(self.kiosk.svc.branch.name)
        self.date.setText(when_text(now, lang, clock=None))
        self.clock.setText(pick(lang, time_id, time_en)(now))
        office = self.kiosk.office()
        self.office.setText(pick(lang, office.message_id, office.message_en))
        set_tone(self.office, "ok" if office.is_open else "warn")
        self.take.setText(f"{tr('welcome.take', lang)}\n{tr('welcome.take.sub', lang)}")
        self.take.setAccessibleName(tr("welcome.take", lang))
        self.booking.setText(f"{tr('welcome.booking', lang)}\n{tr('welcome.booking.sub', lang)}")
        self.booking.setAccessibleName(tr("welcome.booking", lang))
        self.scan.setText(tr("welcome.scan", lang))
        self.priority.setText(tr("welcome.priority", lang))

    def spoken(self) -> str:
        return tr("speak.welcome", self.lang)


# ------------------------------------------------------------------------------------- questions
class QuestionScreen(Screen):
    """A question with two large answers (the heir's, a booking found, a return, a KTP read).
    Its widgets are named `prefix` + Title, `text`, Note, `first` and `second`."""

    remembered = False

    def __init__(self, kiosk, prefix: str, *, text: str = "Text", text_role: str = "big", first: str = "First",
                 second: str = "Second"):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 32, 64, 32)
        box.setSpacing(24)
        self.title = label(self, f"{prefix}Title", "title", align=CENTER)
        self.text = label(self, f"{prefix}{text}", text_role, align=CENTER)
        self.note = label(self, f"{prefix}Note", "hint", align=CENTER)
        self.answers = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.answers.setSpacing(24)
        self.first = wrap_button(self, f"{prefix}{first}", "secondary")
        self.second = wrap_button(self, f"{prefix}{second}", "go")
        for b in (self.first, self.second):
            b.setMinimumHeight(120)
            self.answers.addWidget(b)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addWidget(self.note)
        box.addStretch(1)
        box.addLayout(self.answers)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        set_direction(self.answers, portrait)


class HeirScreen(QuestionScreen):
    """The participant is recorded as deceased: is the visitor the heir? (objectName `heirChoice`)"""

    name = "heirChoice"
    object_name = "heirChoice"

    def __init__(self, kiosk):
        super().__init__(kiosk, "heir")
        self.first.setObjectName("heirNo")
        self.second.setObjectName("heirYes")
        self.first.clicked.connect(lambda: kiosk.flow.answer_heir(False))
        self.second.clicked.connect(lambda: kiosk.flow.answer_heir(True))

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("heir.title", lang))
        self.text.setText(tr("heir.question", lang))
        self.note.setText(tr("heir.priority", lang))
        self.first.setText(tr("heir.no", lang))
        self.second.setText(tr("heir.yes", lang))

    def spoken(self) -> str:
        return tr("heir.spoken", self.lang)


# ------------------------------------------------------------------------------------- Status
class StatusScreen(Screen):
    name = "status"
    title_key = "status.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 24, 64, 24)
        box.setSpacing(18)
        self.title = label(self, "statusTitle", "title", align=CENTER)
        card = QFrame(self)
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 24, 36, 24)
        inner.setSpacing(14)
        self.status = label(card, "statusText", "title")
        self.details = label(card, "statusDetail", "big")
        self.advice = label(card, "statusAdvice", "body")
        inner.addWidget(self.status)
        inner.addWidget(self.details)
        inner.addWidget(self.advice)
        buttons = QHBoxLayout()
        self.back = button(self, "statusBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.flow.go_back)
        self.next = wrap_button(self, "statusNext", "go")
        self.next.clicked.connect(kiosk.flow.show_services)
        buttons.addWidget(self.back, 1)
        buttons.addWidget(self.next, 2)
        box.addWidget(self.title)
        box.addWidget(card)
        box.addStretch(1)
        box.addLayout(buttons)

    def texts(self) -> tuple[str, str, str, str]:
        """(status line, details, advice, tone) for the participant of the visit."""
        lang, visit = self.lang, self.flow.visit
        result = visit.result
        if result is None:
            return "", "", "", ""
        p = result.participant
        details = [tr("status.nik", lang, nik=result.nik_masked)]
        if p is None or not p.verified:
            return (tr("status.unverified", lang), "\n".join(details),
                    tr("status.unverified.advice", lang), "warn")
        if not p.found:
            return tr("status.not_found", lang), "\n".join(details), tr("status.not_found.advice", lang), "warn"
        label_text = pick(lang, p.status.label_id, p.status.label_en) if p.status else (p.status_text or "-")
        status_line_ = tr("status.label", lang, status=label_text)
        if visit.heir:
            return tr("status.heir", lang), "\n".join([status_line_] + details), tr("status.heir.advice", lang), "ok"
        if p.initials:
            details.insert(0, tr("status.initials", lang, initials=".".join(p.initials) + "."))
        if p.segment:
            words = SEGMENTS.get(p.segment.upper())
            segment = f"{p.segment} — {pick(lang, *words)}" if words else p.segment
            details.append(tr("status.segment", lang, segment=segment))
        kind = p.status or Status.OTHER
        if kind is Status.ACTIVE:
            return status_line_, "\n".join(details), tr("status.active.advice", lang), "ok"
        if kind is Status.UNPAID:
            since = tr("status.unpaid.since", lang, month=month_text(p.last_paid, lang)) if p.last_paid else ""
            return status_line_, "\n".join(details), tr("status.unpaid.advice", lang, since=since), "warn"
        if kind is Status.DECEASED and visit.heir is False:
            return status_line_, "\n".join(details), tr("status.deceased.self.advice", lang), "warn"
        if kind in (Status.INACTIVE, Status.DECEASED):
            return status_line_, "\n".join(details), tr(f"status.{kind.value}.advice", lang), "warn"
        if p.status_text and p.status_text != label_text:
            status_line_ = f"{status_line_} ({p.status_text})"
        return status_line_, "\n".join(details), tr("status.other.advice", lang), "warn"

    def refresh(self) -> None:
        lang = self.lang
        status, details, advice, tone = self.texts()
        self.title.setText(tr("status.title", lang))
        self.status.setText(status)
        set_tone(self.status, tone or None)
        self.details.setText(details)
        self.advice.setText(advice)
        self.back.setText(tr("back", lang))
        self.next.setText(tr("status.next", lang))

    def spoken(self) -> str:
        status, _, advice, _ = self.texts()
        return f"{status}. {advice}"


# ------------------------------------------------------------------------------------- Message
class MessageScreen(Screen):
    name = "message"
    remembered = False

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 48, 80, 48)
        box.setSpacing(24)
        self.title = label(self, "messageTitle", "title", align=CENTER)
        self.text = label(self, "messageText", "big", align=CENTER)
        self.done = button(self, "messageDone", "go")
        self.done.clicked.connect(lambda: kiosk.flow.go_welcome())
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addStretch(1)
        box.addWidget(self.done)

    def refresh(self) -> None:
        self.title.setText(tr("error.title", self.lang))
        self.text.setText(pick(self.lang, *self.flow.message))
        self.done.setText(tr("done", self.lang))

    def spoken(self) -> str:
        return self.text.text()
