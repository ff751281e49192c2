"""The participant's screens: Welcome, NIK, Status, Visit, Route, Documents, Ticket, Message.

Each screen draws itself from the window's visit state in `refresh()`, so a language switch or
a rotation simply draws again. Actions go back to the window (`self.kiosk`).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget,
)

from kiosk.domain.catalog import pick, tr
from kiosk.domain.catalog.kiosk import SEGMENTS
from kiosk.domain.classification import Route
from kiosk.domain.formatting import minutes_text, time_en, time_id, when_text
from kiosk.domain.nik import NIK_LENGTH, nik_problem
from kiosk.domain.participant import Status
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import Keypad
from kiosk.ui.kiosk.widgets import button, clear_layout, label, qr_pixmap, restyle, set_tone

__all__ = ["CENTER", "DocumentsScreen", "MessageScreen", "NikScreen", "RouteScreen", "Screen", "StatusScreen",
           "TicketScreen", "VisitScreen", "WelcomeScreen", "group_digits", "wait_text"]


def group_digits(digits: str) -> str:
    """`3171011708450001` → `3171 0117 0845 0001` (groups of four as it is typed)."""
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def wait_text(minutes: int | None, lang: str) -> str | None:
    return None if minutes is None else minutes_text(minutes, lang)


# ------------------------------------------------------------------------------------- Welcome
class WelcomeScreen(Screen):
    name = "welcome"
    title_key = "welcome.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 32, 48, 32)
        box.setSpacing(20)
        self.title = label(self, "welcomeTitle", "title", align=CENTER)
        self.branch = label(self, "welcomeBranch", "big", align=CENTER)
        self.date = label(self, "welcomeDate", "big", align=CENTER)
        self.clock = label(self, "welcomeClock", "title", align=CENTER)
        self.office = label(self, "officeStatus", "big", align=CENTER)
        self.take = button(self, "takeTicket", "go")
        self.take.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.take.setMinimumHeight(180)
        self.take.clicked.connect(kiosk.start_visit)
        self.priority = label(self, "welcomePriority", "hint", align=CENTER)
        box.addWidget(self.title)
        box.addWidget(self.branch)
        box.addWidget(self.date)
        box.addWidget(self.clock)
        box.addWidget(self.office)
        box.addStretch(1)
        box.addWidget(self.take, 4)
        box.addStretch(1)
        box.addWidget(self.priority)

    def refresh(self) -> None:
        lang, now = self.lang, self.kiosk.now()
        self.title.setText(tr("welcome.title", lang))
        self.branch.setText(self.kiosk.svc.branch.name)
        self.date.setText(when_text(now, lang, clock=None))
        self.clock.setText(time_en(now) if lang == "en" else time_id(now))
        office = self.kiosk.office()
        self.office.setText(pick(lang, office.message_id, office.message_en))
        set_tone(self.office, "ok" if office.is_open else "warn")
        self.take.setText(f"{tr('welcome.take', lang)}\n{tr('welcome.take.sub', lang)}")
        self.priority.setText(tr("welcome.priority", lang))

    def spoken(self) -> str:
        return f"{tr('welcome.title', self.lang)}. {tr('welcome.take', self.lang)}."


# ------------------------------------------------------------------------------------- NIK
class NikInput(QLineEdit):
    """The NIK field: digits only, shown in groups of four, a NIK's length at most."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("nikInput")
        self.setAlignment(CENTER)
        self.setMaxLength(NIK_LENGTH + (NIK_LENGTH - 1) // 4)     # digits and the spaces between groups
        self.setMinimumHeight(96)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)


class NikScreen(Screen):
    name = "nik"
    flows = ("body",)
    title_key = "nik.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.digits = ""
        self.rejected_non_digit = False
        self.checking = False
        self._updating = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        outer.setSpacing(16)
        self.title = label(self, "nikTitle", "title", align=CENTER)
        outer.addWidget(self.title)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        outer.addLayout(self.body, 1)

        left = QVBoxLayout()
        left.setSpacing(16)
        self.hint = label(self, "nikHint", "hint", align=CENTER)
        self.input = NikInput(self)
        self.input.textEdited.connect(self._typed)
        self.input.returnPressed.connect(self._enter)
        self.message = label(self, "nikMessage", "big", align=CENTER)
        self.message.setMinimumHeight(80)
        buttons = QHBoxLayout()
        self.back = button(self, "nikBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.go_welcome)
        self.submit = button(self, "nikSubmit", "go", expand=True)
        self.submit.clicked.connect(self._submit)
        buttons.addWidget(self.back)
        buttons.addWidget(self.submit)
        left.addStretch(1)
        left.addWidget(self.input)
        left.addWidget(self.message)
        left.addWidget(self.hint)
        left.addStretch(1)
        left.addLayout(buttons)
        self.body.addLayout(left, 3)

        self.keypad = Keypad("keypad", self)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(self._backspace)
        self.keypad.clear.connect(self._clear)
        self.keypad.setMinimumSize(420, 420)
        self.body.addWidget(self.keypad, 2)

    # -- input
    def _set_digits(self, digits: str) -> None:
        self.digits = digits[:NIK_LENGTH]
        self.kiosk.visit.nik = self.digits
        self._updating = True
        self.input.setText(group_digits(self.digits))
        self.input.setCursorPosition(len(self.input.text()))
        self._updating = False
        self._validate()

    def _typed(self, text: str) -> None:
        if self._updating or self.checking:
            return
        digits = "".join(ch for ch in text if ch.isdigit() and ch.isascii())
        self.rejected_non_digit = any(not (ch.isdigit() or ch.isspace()) for ch in text)
        self._set_digits(digits)

    def _digit(self, d: str) -> None:
        if self.checking or len(self.digits) >= NIK_LENGTH:
            return
        self.rejected_non_digit = False
        self._set_digits(self.digits + d)

    def _backspace(self) -> None:
        if not self.checking:
            self.rejected_non_digit = False
            self._set_digits(self.digits[:-1])

    def _clear(self) -> None:
        if not self.checking:
            self.rejected_non_digit = False
            self._set_digits("")

    def reset(self) -> None:
        self.checking = False
        self.rejected_non_digit = False
        self._set_digits("")

    # -- checks
    def problem(self):
        return nik_problem(self.digits, self.kiosk.today())

    @property
    def ready(self) -> bool:
        return len(self.digits) == NIK_LENGTH and self.problem() is None

    def _validate(self) -> None:
        lang = self.lang
        problem = self.problem()
        self.keypad.setEnabled(not self.checking)
        self.input.setReadOnly(self.checking)
        if self.checking:
            self.message.setText(tr("nik.checking", lang))
            set_tone(self.message, None)
        elif problem is not None:
            self.message.setText(pick(lang, problem.message, problem.message_en))
            set_tone(self.message, "error")
        elif self.rejected_non_digit:
            self.message.setText(tr("nik.digits.only", lang))
            set_tone(self.message, "error")
        elif len(self.digits) == NIK_LENGTH:
            self.message.setText(tr("nik.complete", lang))
            set_tone(self.message, "ok")
        else:
            self.message.setText(tr("nik.count", lang, n=len(self.digits)))
            set_tone(self.message, None)
        set_tone(self.input, "error" if problem is not None else None)
        self.submit.setEnabled(self.ready and not self.checking)

    def _enter(self) -> None:
        if self.submit.isEnabled():
            self._submit()

    def _submit(self) -> None:
        if not self.ready or self.checking:
            return
        self.checking = True
        self._validate()
        self.kiosk.check_nik(self.digits)

    def check_done(self) -> None:
        self.checking = False
        self._validate()

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("nik.title.assisted" if self.kiosk.staff_role else "nik.title", lang))
        self.hint.setText(tr("nik.hint", lang))
        self.input.setPlaceholderText(tr("nik.placeholder", lang))
        self.back.setText(tr("back", lang))
        self.submit.setText(tr("next", lang))
        self.keypad.retranslate(lang)
        self._validate()

    def spoken(self) -> str:
        return f"{tr('nik.title', self.lang)}. {tr('nik.hint', self.lang)}"


# ------------------------------------------------------------------------------------- Status
class StatusScreen(Screen):
    name = "status"
    title_key = "status.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 32, 64, 32)
        box.setSpacing(24)
        self.title = label(self, "statusTitle", "title", align=CENTER)
        card = QFrame(self)
        card.setProperty("role", "card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(18)
        self.status = label(card, "statusText", "title")
        self.details = label(card, "statusDetail", "big")
        self.advice = label(card, "statusAdvice", "body")
        inner.addWidget(self.status)
        inner.addWidget(self.details)
        inner.addWidget(self.advice)
        buttons = QHBoxLayout()
        self.back = button(self, "statusBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.go_welcome)
        self.next = button(self, "statusNext", "go", expand=True)
        self.next.clicked.connect(kiosk.show_visit)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next, 2)
        box.addWidget(self.title)
        box.addWidget(card)
        box.addStretch(1)
        box.addLayout(buttons)

    def texts(self) -> tuple[str, str, str, str]:
        """(status line, details, advice, tone) for the participant of the visit."""
        lang, result = self.lang, self.kiosk.visit.result
        if result is None:
            return "", "", "", ""
        p = result.participant
        details = [tr("status.nik", lang, nik=result.nik_masked)]
        if p is None or not p.verified:
            return (tr("status.unverified", lang), "\n".join(details),
                    tr("status.unverified.advice", lang), "warn")
        if not p.found:
            return tr("status.not_found", lang), "\n".join(details), tr("status.not_found.advice", lang), "warn"
        if p.initials:
            details.insert(0, tr("status.initials", lang, initials=".".join(p.initials) + "."))
        if p.segment:
            words = SEGMENTS.get(p.segment.upper())
            segment = f"{p.segment} — {pick(lang, *words)}" if words else p.segment
            details.append(tr("status.segment", lang, segment=segment))
        label_text = pick(lang, p.status.label_id, p.status.label_en) if p.status else (p.status_text or "-")
        status_line = tr("status.label", lang, status=label_text)
        kind = p.status or Status.OTHER
        if kind is Status.ACTIVE:
            return status_line, "\n".join(details), tr("status.active.advice", lang), "ok"
        if kind is Status.UNPAID:
            since = tr("status.unpaid.since", lang, month=p.last_paid) if p.last_paid else ""
            return status_line, "\n".join(details), tr("status.unpaid.advice", lang, since=since), "warn"
        if kind in (Status.INACTIVE, Status.DECEASED):
            return status_line, "\n".join(details), tr(f"status.{kind.value}.advice", lang), "warn"
        if p.status_text and p.status_text != label_text:
            status_line = f"{status_line} ({p.status_text})"
        return status_line, "\n".join(details), tr("status.other.advice", lang), "warn"

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


# ------------------------------------------------------------------------------------- Visit
class ServiceTile(QPushButton):
    def __init__(self, parent: QWidget, code: str):
        super().__init__(parent)
        self.setObjectName(f"service_{code}")
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)
        box = QVBoxLayout(self)
        box.setContentsMargins(22, 14, 22, 14)
        box.setSpacing(6)
        self.name = QLabel(self)
        self.name.setObjectName("tileName")
        self.name.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("tileDetail")
        self.detail.setWordWrap(True)
        for w in (self.name, self.detail):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            w.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.name)
        box.addWidget(self.detail)
        box.addStretch(1)

    def sizeHint(self):  # noqa: N802 - Qt API: the two wrapped labels decide
        return self.layout().sizeHint()

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return self.layout().minimumSize()

    def show_option(self, option, lang: str, quota_full: bool, priority: bool) -> None:
        route = Route(option.route)
        if self.property("route") != route.value:
            self.setProperty("route", route.value)
            for w in (self, self.name, self.detail):
                restyle(w)
        self.name.setText(pick(lang, option.name_id, option.name_en))
        if route is Route.QUEUE:
            wait = wait_text(option.estimated_wait_min, lang)
            if option.waiting == 0:
                detail = tr("visit.queue.none", lang)
            elif wait:
                detail = tr("visit.queue", lang, waiting=option.waiting, wait=wait)
            else:
                detail = tr("visit.queue.nowait", lang, waiting=option.waiting)
            if priority:
                detail = f"★ {tr('visit.priority', lang)} · {detail}"
        elif route is Route.ONLINE:
            detail = tr("visit.online", lang) + (f": {option.online.name}" if option.online else "")
        elif route is Route.FRONT_DESK:
            detail = tr("visit.front_desk", lang)
        elif route is Route.CLOSED:
            detail = tr("visit.quota", lang) if quota_full else tr("visit.closed", lang)
        else:
            detail = tr("visit.not_eligible", lang)
        self.detail.setText(detail)
        self.setAccessibleName(f"{self.name.text()}. {detail}")


class VisitScreen(Screen):
    name = "visit"
    title_key = "visit.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(32, 20, 32, 20)
        box.setSpacing(16)
        self.title = label(self, "visitTitle", "title", align=CENTER)
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        self.tiles: dict[str, ServiceTile] = {}
        self.back = button(self, "visitBack", "secondary")
        self.back.clicked.connect(kiosk.go_welcome)
        box.addWidget(self.title)
        box.addLayout(self.grid, 1)
        row = QHBoxLayout()
        row.addWidget(self.back)
        row.addStretch(1)
        box.addLayout(row)

    def _columns(self) -> int:
        return 2 if self.portrait else 3

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("visit.title", lang))
        self.back.setText(tr("back", lang))
        result = self.kiosk.visit.result
        options = list(result.options) if result is not None else []
        codes = [o.service for o in options]
        if codes != list(self.tiles):
            clear_layout(self.grid)
            self.tiles = {}
            for code in codes:
                tile = ServiceTile(self, code)
                tile.clicked.connect(lambda _=False, c=code: self.kiosk.choose_service(c))
                self.tiles[code] = tile
            self._place()
        for option in options:
            priority = option.priority or bool(self.kiosk.visit.priority_reason)
            self.tiles[option.service].show_option(option, lang, option.reason_code == "quota_full", priority)

    def _place(self) -> None:
        columns = self._columns()
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def set_portrait(self, portrait: bool) -> None:
        changed = portrait != self.portrait
        super().set_portrait(portrait)
        if changed and self.tiles:
            for tile in self.tiles.values():
                self.grid.removeWidget(tile)
            self._place()


# ------------------------------------------------------------------------------------- Route
ROUTE_TITLES = {
    Route.ONLINE: "route.online.title",
    Route.FRONT_DESK: "route.front_desk.title",
    Route.NOT_ELIGIBLE: "route.not_eligible.title",
    Route.CLOSED: "route.closed.title",
}


class RouteScreen(Screen):
    """A service that does not simply queue: online, front desk, not eligible, closed."""

    name = "route"
    flows = ("body",)

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 28, 64, 28)
        box.setSpacing(20)
        self.title = label(self, "routeTitle", "title", align=CENTER)
        self.service = label(self, "routeService", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(32)
        texts = QVBoxLayout()
        self.text = label(self, "routeText", "big")
        self.channel = label(self, "routeChannel", "body")
        self.recorded = label(self, "routeRecorded", "body")
        texts.addWidget(self.text)
        texts.addWidget(self.channel)
        texts.addWidget(self.recorded)
        texts.addStretch(1)
        self.body.addLayout(texts, 3)
        self.qr = QLabel(self)
        self.qr.setObjectName("routeQr")
        self.qr.setAlignment(CENTER)
        self.body.addWidget(self.qr, 2)
        self.queue_anyway = button(self, "queueAnyway", "go", expand=True)
        self.queue_anyway.clicked.connect(kiosk.queue_anyway)
        self.assisted_issue = button(self, "routeAssistIssue", "go", expand=True)
        self.assisted_issue.clicked.connect(kiosk.queue_anyway)
        self.record = button(self, "frontDeskRecord", "go", expand=True)
        self.record.clicked.connect(lambda: kiosk.record_front_desk())     # the visit's own service
        buttons = QHBoxLayout()
        self.back = button(self, "routeBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.show_visit)
        self.done = button(self, "routeDone", None, expand=True)
        self.done.clicked.connect(kiosk.go_welcome)
        buttons.addWidget(self.back)
        buttons.addWidget(self.done)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addLayout(self.body, 1)
        box.addWidget(self.queue_anyway)
        box.addWidget(self.assisted_issue)
        box.addWidget(self.record)
        box.addLayout(buttons)
        self.recorded_text = ""

    def refresh(self) -> None:
        lang, option = self.lang, self.kiosk.visit.option
        self.back.setText(tr("back", lang))
        self.done.setText(tr("done", lang))
        self.queue_anyway.setText(f"{tr('route.queue_anyway', lang)}\n{tr('route.queue_anyway.sub', lang)}")
        self.assisted_issue.setText(tr("route.assisted_issue", lang))
        self.record.setText(tr("route.front_desk.record", lang))
        self.recorded.setText(self.recorded_text)
        if option is None:
            return
        route, assisted = Route(option.route), bool(self.kiosk.staff_role)
        quota = option.reason_code == "quota_full"
        title_key = "route.quota.title" if quota else ROUTE_TITLES.get(route, "route.closed.title")
        self.title.setText(tr(title_key, lang))
        self.service.setText(pick(lang, option.name_id, option.name_en))
        text = pick(lang, option.reason, option.reason_en)      # says where to go, or when it opens again
        suggested = self.kiosk.svc.branch.service(option.suggest) if option.suggest else None
        if suggested is not None:
            text = f"{text}\n\n{tr('route.not_eligible.suggest', lang, service=pick(lang, suggested.name_id, suggested.name_en))}"
        if route is Route.NOT_ELIGIBLE:
            text = f"{text}\n\n{tr('route.not_eligible.next', lang)}"
        self.text.setText(text)
        channel = option.online if route in (Route.ONLINE, Route.NOT_ELIGIBLE) else None
        if channel is not None and channel.url:
            self.channel.setText(f"{tr('route.online.scan', lang)}\n{channel.name}\n{channel.url}")
            self.qr.setPixmap(qr_pixmap(channel.url, 320))
            self.qr.show()
        else:
            self.channel.setText("")
            self.qr.clear()
            self.qr.hide()
        # Which ticket buttons appear is the domain's refusal rule, asked for each case.
        self.queue_anyway.setVisible(option.can_issue(False))
        self.assisted_issue.setVisible(assisted and option.can_issue(True) and not option.can_issue(False))
        self.record.setVisible(assisted and not self.recorded_text)

    def spoken(self) -> str:
        return f"{self.title.text()}. {self.text.text()}"


# ------------------------------------------------------------------------------------- Documents
class DocumentsScreen(Screen):
    name = "documents"
    flows = ("choice",)
    title_key = "documents.title"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        self.incomplete = False
        self.issuing = False
        box = QVBoxLayout(self)
        box.setContentsMargins(64, 24, 64, 24)
        box.setSpacing(18)
        self.title = label(self, "documentsTitle", "title", align=CENTER)
        self.service = label(self, "documentsService", "big", align=CENTER)
        self.list_frame = QFrame(self)
        self.list_frame.setObjectName("documentsList")
        self.list_box = QVBoxLayout(self.list_frame)
        self.list_box.setContentsMargins(32, 24, 32, 24)
        self.list_box.setSpacing(10)
        self.note = label(self, "documentsNote", "big")
        self.confirm = button(self, "ticketConfirm", "go", expand=True)
        self.confirm.clicked.connect(lambda: kiosk.issue_ticket(documents_complete=True))
        self.not_complete = button(self, "documentsIncomplete", "secondary", expand=True)
        self.not_complete.clicked.connect(self._show_incomplete)
        self.consult = button(self, "consultationTicket", "go", expand=True)
        self.consult.clicked.connect(lambda: kiosk.issue_ticket(documents_complete=False))
        self.later = button(self, "documentsLater", "secondary", expand=True)
        self.later.clicked.connect(kiosk.go_welcome)
        self.back = button(self, "documentsBack", "secondary", expand=True)
        self.back.clicked.connect(kiosk.show_visit)
        self.choice = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.choice.setSpacing(16)
        for w in (self.back, self.not_complete, self.confirm, self.later, self.consult):
            self.choice.addWidget(w, 1 if w is self.back else 2)
        box.addWidget(self.title)
        box.addWidget(self.service)
        box.addWidget(self.list_frame)
        box.addWidget(self.note)
        box.addStretch(1)
        box.addLayout(self.choice)
        self._items: list[QLabel] = []

    def reset(self) -> None:
        self.incomplete = False
        self.issuing = False

    def _show_incomplete(self) -> None:
        self.incomplete = True
        self.refresh()
        self.kiosk.screen_changed(self)

    def refresh(self) -> None:
        lang, option = self.lang, self.kiosk.visit.option
        self.title.setText(tr("documents.title", lang))
        self.confirm.setText(tr("documents.complete", lang))
        self.not_complete.setText(tr("documents.incomplete", lang))
        self.consult.setText(tr("documents.consult", lang))
        self.later.setText(tr("documents.later", lang))
        self.back.setText(tr("back", lang))
        if option is None:
            return
        self.service.setText(pick(lang, option.name_id, option.name_en))
        docs = list(option.documents_en if lang == "en" and option.documents_en else option.documents)
        for item in self._items:
            self.list_box.removeWidget(item)
            item.hide()
            item.deleteLater()
        self._items = []
        for doc in docs or [tr("documents.none", lang)]:
            item = label(self.list_frame, "documentItem", "big")
            item.setText(f"☐  {doc}")
            self.list_box.addWidget(item)
            self._items.append(item)
        if self.issuing:
            self.note.setText(tr("documents.issuing", lang))
            set_tone(self.note, None)
        elif self.incomplete:
            self.note.setText(tr("documents.incomplete.text", lang))
            set_tone(self.note, "warn")
        elif option.warning:                # said before the ticket: the wait runs past closing time
            self.note.setText(pick(lang, option.warning, option.warning_en))
            set_tone(self.note, "warn")
        else:
            self.note.setText("")
        for w in (self.confirm, self.not_complete, self.back):
            w.setVisible(not self.incomplete)
        for w in (self.consult, self.later):
            w.setVisible(self.incomplete)
        for w in (self.confirm, self.consult, self.not_complete, self.later, self.back):
            w.setEnabled(not self.issuing)

    def spoken(self) -> str:
        option = self.kiosk.visit.option
        docs = ", ".join(option.documents) if option is not None else ""
        return f"{tr('documents.title', self.lang)}: {docs}."


# ------------------------------------------------------------------------------------- Ticket
class TicketScreen(Screen):
    name = "ticket"
    flows = ("body",)
    title_key = "ticket.take"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 20, 48, 20)
        box.setSpacing(12)
        self.state = label(self, "ticketState", "big", align=CENTER)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(40)
        info = QVBoxLayout()
        info.setSpacing(10)
        self.caption = label(self, "ticketCaption", "big", align=CENTER)
        self.number = label(self, "ticketNumber", "title", wrap=False, align=CENTER)
        self.service = label(self, "ticketService", "big", align=CENTER)
        self.ahead = label(self, "ticketAhead", "big", align=CENTER)
        self.wait = label(self, "ticketWait", "big", align=CENTER)
        self.priority = label(self, "ticketPriority", "big", align=CENTER)
        self.notes = label(self, "ticketNotes", "body", align=CENTER)
        for w in (self.caption, self.number, self.service, self.ahead, self.wait, self.priority, self.notes):
            info.addWidget(w)
        info.addStretch(1)
        self.body.addLayout(info, 3)
        self.preview = QLabel(self)
        self.preview.setObjectName("ticketPreview")
        self.preview.setAlignment(CENTER)
        self.qr = QLabel(self)
        self.qr.setObjectName("ticketQr")
        self.qr.setAlignment(CENTER)
        self.body.addWidget(self.preview, 2)
        self.body.addWidget(self.qr, 2)
        self.done = button(self, "ticketDone", "go")
        self.done.clicked.connect(kiosk.go_welcome)
        box.addWidget(self.state)
        box.addLayout(self.body, 1)
        box.addWidget(self.done)
        self.preview_image: QPixmap | None = None

    def refresh(self) -> None:
        lang, visit = self.lang, self.kiosk.visit
        ticket, outcome = visit.ticket, visit.print_outcome
        self.done.setText(tr("done", lang))
        if ticket is None:
            return
        self.caption.setText(tr("ticket.title", lang))
        self.number.setText(ticket.number)
        option = visit.option
        name = pick(lang, option.name_id, option.name_en) if option is not None else ticket.service
        self.service.setText(name)
        self.ahead.setText(tr("ticket.ahead", lang, n=ticket.ahead))
        wait = wait_text(ticket.estimated_wait_min, lang)
        if ticket.ahead == 0:
            self.wait.setText(tr("ticket.next", lang))
        else:
            self.wait.setText(tr("ticket.wait", lang, wait=wait) if wait else tr("ticket.wait.unknown", lang))
        reason = None
        if ticket.priority:
            spec = self.kiosk.svc.branch.priority.reason(ticket.priority_reason or "")
            reason = pick(lang, spec.name_id, spec.name_en) if spec else ticket.priority_reason
        self.priority.setText(f"★ {tr('ticket.priority', lang)}" + (f": {reason}" if reason else "")
                              if ticket.priority else "")
        self.priority.setVisible(ticket.priority)
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
        elif outcome is not None and outcome.paper_near_end and self.kiosk.staff_role:
            notes.append(tr("ticket.paper_low", lang))
        self.notes.setText("\n".join(notes))
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
            self.qr.setPixmap(qr_pixmap(ticket.ticket_data.qr_payload, 300))
            self.qr.show()
            self.preview.hide()
        else:
            self.qr.clear()
            self.qr.hide()
            if self.preview_image is not None:
                self.preview.setPixmap(self.preview_image)
                self.preview.show()
            else:
                self.preview.clear()
                self.preview.hide()

    def set_preview(self, pixmap: QPixmap | None) -> None:
        self.preview_image = pixmap

    def spoken(self) -> str:
        ticket = self.kiosk.visit.ticket
        if ticket is None:
            return ""
        return f"{tr('ticket.title', self.lang)} {ticket.number}. {self.state.text()}"


# ------------------------------------------------------------------------------------- Message
class MessageScreen(Screen):
    name = "message"

    def __init__(self, kiosk):
        super().__init__(kiosk)
        box = QVBoxLayout(self)
        box.setContentsMargins(80, 60, 80, 60)
        box.setSpacing(28)
        self.title = label(self, "messageTitle", "title", align=CENTER)
        self.text = label(self, "messageText", "big", align=CENTER)
        self.done = button(self, "messageDone", "go")
        self.done.clicked.connect(kiosk.go_welcome)
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.text)
        box.addStretch(1)
        box.addWidget(self.done)
        self.message: tuple[str, str] = ("", "")

    def refresh(self) -> None:
        self.title.setText(tr("error.title", self.lang))
        self.text.setText(pick(self.lang, *self.message))
        self.done.setText(tr("done", self.lang))

    def spoken(self) -> str:
        return self.text.text()
