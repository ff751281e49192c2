"""The participant's rating screen at a counter (a small screen or a tablet facing the visitor).

When the officer finishes a visit, four large faces ask "Bagaimana layanan kami hari ini?"
(Tidak baik · Kurang baik · Baik · Sangat baik). One tap rates the visit — once: a ticket is
never asked twice — and the screen thanks the participant. Nobody taps: it goes back quietly.
From the thanks page the full SKM questionnaire (nine questions, optional respondent data, a
suggestion) can be filled in. A ticket's QR scanned here asks for that visit's rating.
Indonesian first; English with one tap. Only the ticket number is shown: never a name or NIK.
"""
from __future__ import annotations

import logging
from typing import Any, Mapping, Protocol

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.catalog import Lang, tr
from kiosk.domain.palette import NAVY
from kiosk.domain.skm import SCALE, SCORE_NAMES
from kiosk.domain.ticket import EventKind
from kiosk.ui import worker
from kiosk.ui.rating.widgets import FaceButton, Questionnaire, text_label

log = logging.getLogger("anjungan.rating")

THANKS_MS = 6000
SURVEY_IDLE_MS = 120_000        # an abandoned questionnaire is dropped after two quiet minutes
HEARTBEAT_TICK_MS = 10_000      # how often the screen asks whether its heartbeat is due

STYLE = """
#ratingWindow { background: #f4f6f8; }
#ratingTitle { color: NAVY; }
#ratingHint { color: #3d4a57; }
QPushButton#languageToggle, QPushButton#fullSurvey, QPushButton#skmBack, QPushButton#skmSkip,
QPushButton#skmCancel { padding: 10px 18px; border-radius: 10px; background: #dfe7ef; color: #0b2545; }
QPushButton#skmSend { padding: 12px 26px; border-radius: 10px; background: NAVY; color: #ffffff; font-weight: bold; }
QPushButton[answer="true"] { padding: 14px; border-radius: 12px; background: #ffffff; color: #0b2545;
                             border: 2px solid #8da9c4; text-align: left; }
QPushButton[answer="true"]:checked { background: NAVY; color: #ffffff; border-color: NAVY; }
""".replace("NAVY", NAVY)


class RatingServices(Protocol):
    """What the rating window uses of the application."""

    config: Any

    def rate(self, reference: str, score, source: str = "counter") -> Any: ...
    def rating_target(self, reference: str) -> tuple[str, str] | None: ...
    def submit_survey(self, answers: Mapping, **given) -> Any: ...
    def heartbeat_timer(self, kind: str, **given) -> Any: ...


class RatingWindow(QWidget):
    IDLE, ASK, THANKS, SURVEY = range(4)

    def __init__(self, svc: RatingServices, counter: int, feed, *, lang: str = "id", timeout_s: int | None = None,
                 thanks_ms: int = THANKS_MS, survey_idle_ms: int = SURVEY_IDLE_MS, parent=None):
        super().__init__(parent)
        self.svc = svc
        self.counter = int(counter)
        self.feed = feed
        self.lang = lang
        self.timeout_ms = int((timeout_s if timeout_s is not None else svc.config.reports.rating_timeout_s) * 1000)
        self.thanks_ms = thanks_ms
        self.survey_idle_ms = survey_idle_ms
        self.ticket_id: str | None = None        # the visit being asked about
        self.number: str | None = None
        self.asked: set[str] = set()             # every ticket is asked once
        self.rated: dict[str, int] = {}          # ratings made on this screen
        self.surveyed: set[str] = set()
        self.busy = False
        self.setObjectName("ratingWindow")
        self.setStyleSheet(STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setMinimumSize(800, 560)
        self.background = worker.Background(self, f"rating-{self.counter}")
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self.go_idle)
        self.heartbeat = svc.heartbeat_timer("rating", counter=self.counter)     # this screen's heartbeat
        self._beat = QTimer(self)
        self._beat.setInterval(HEARTBEAT_TICK_MS)
        self._beat.timeout.connect(self.heartbeat.tick)
        self._beat.start()
        self.heartbeat.tick()                # the first heartbeat as the window opens
        self._build()
        feed.events.connect(self.on_events)
        self.retranslate()
        self.resize(1280, 800)
        self.go_idle()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = text_label("", "ratingTitle", 20, True, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.language = QPushButton()
        self.language.setObjectName("languageToggle")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self.toggle_language)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language)

        idle = QWidget()
        idle.setObjectName("ratingIdle")
        self.idle_text = text_label("", "idleText", 34, True)
        self.idle_hint = text_label("", "ratingHint", 20)
        self.scan = QLineEdit()
        self.scan.setObjectName("scanInput")
        self.scan.setMaximumWidth(1)                 # a scanner types into it; nobody needs to see it
        self.scan.returnPressed.connect(self._scanned)
        il = QVBoxLayout(idle)
        il.addStretch(1)
        il.addWidget(self.idle_text)
        il.addWidget(self.idle_hint)
        il.addStretch(2)
        il.addWidget(self.scan)

        ask = QWidget()
        ask.setObjectName("ratingAsk")
        self.ask_text = text_label("", "askText", 34, True)
        self.ticket_label = text_label("", "ratingTicket", 22)
        self.faces = [FaceButton(score) for score in SCALE]
        row = QHBoxLayout()
        row.setSpacing(18)
        for face in self.faces:
            face.clicked.connect(lambda _=False, s=face.score: self.rate(s))
            row.addWidget(face)
        al = QVBoxLayout(ask)
        al.addWidget(self.ask_text)
        al.addWidget(self.ticket_label)
        al.addSpacing(10)
        al.addLayout(row, 1)

        thanks = QWidget()
        thanks.setObjectName("ratingThanks")
        self.thanks_text = text_label("", "thanksText", 36, True)
        self.thanks_hint = text_label("", "ratingHint", 20)
        self.full_survey = QPushButton()
        self.full_survey.setObjectName("fullSurvey")
        self.full_survey.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        f = QFont(self.full_survey.font())
        f.setPointSize(18)
        self.full_survey.setFont(f)
        self.full_survey.clicked.connect(self.open_survey)
        tl = QVBoxLayout(thanks)
        tl.addStretch(1)
        tl.addWidget(self.thanks_text)
        tl.addWidget(self.thanks_hint)
        tl.addSpacing(24)
        tl.addWidget(self.full_survey, 0, Qt.AlignmentFlag.AlignHCenter)
        tl.addStretch(2)

        self.questionnaire = Questionnaire(self.svc)
        self.questionnaire.touched.connect(self.touched)
        self.questionnaire.cancelled.connect(self.go_idle)
        self.questionnaire.submitted.connect(self.send_survey)
        self.pages = QStackedWidget()
        for page in (idle, ask, thanks, self.questionnaire):
            self.pages.addWidget(page)
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 16, 24, 16)
        root.addLayout(top)
        root.addWidget(self.pages, 1)

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(tr("rating.title", lang, counter=self.counter))
        self.title.setText(tr("rating.title", lang, counter=self.counter))
        self.language.setText(tr("rating.language", lang))
        self.language.setAccessibleName(tr("rating.language", lang))
        self.idle_text.setText(tr("rating.idle", lang))
        self.idle_hint.setText(tr("rating.idle_hint", lang))
        self.ask_text.setText(tr("rating.ask", lang))
        self.ticket_label.setText(tr("rating.ask_ticket", lang, number=self.number) if self.number else "")
        for face in self.faces:
            word = tr(SCORE_NAMES[face.score], lang)
            face.set_word(word, tr("rating.face", lang, word=word, score=face.score))
        self.thanks_text.setText(tr("rating.thanks", lang))
        self.full_survey.setText(tr("rating.full_survey", lang))
        self.full_survey.setAccessibleName(tr("rating.full_survey", lang))
        self.questionnaire.retranslate(lang)

    def toggle_language(self) -> None:
        self.lang = Lang.of(self.lang).other
        self.retranslate()
        self.touched()

    # -- pages -------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    def go_idle(self) -> None:
        self._quiet.stop()
        self.ticket_id = self.number = None
        self.pages.setCurrentIndex(self.IDLE)
        self.scan.setFocus()

    def touched(self) -> None:
        """A tap: the current page stays a while longer."""
        if self.page == self.ASK:
            self._quiet.start(self.timeout_ms)
        elif self.page == self.THANKS:
            self._quiet.start(self.thanks_ms)
        elif self.page == self.SURVEY:
            self._quiet.start(self.survey_idle_ms)

    def ask(self, ticket_id: str, number: str) -> None:
        """Ask the participant of `ticket_id` for the rating (once per ticket)."""
        if ticket_id in self.asked:
            return
        self.asked.add(ticket_id)
        self.ticket_id, self.number = ticket_id, number
        self.ticket_label.setText(tr("rating.ask_ticket", self.lang, number=number))
        self.pages.setCurrentIndex(self.ASK)
        self._quiet.start(self.timeout_ms)

    def rate(self, score: int) -> None:
        if self.page != self.ASK or self.ticket_id is None or self.busy:
            return
        ticket_id = self.ticket_id
        self.busy = True
        self._thank()

        def done(view) -> None:
            self.busy = False
            self.rated[ticket_id] = view.score

        def failed(exc) -> None:
            self.busy = False           # rated already elsewhere, or the database is away: the participant
            log.warning("rating not kept: %s", getattr(exc, "message", exc))      # is thanked all the same

        self.background.run(lambda: self.svc.rate(ticket_id, score, source="counter"), worker.answers(done, failed))

    def _thank(self) -> None:
        self.thanks_hint.setText(tr("rating.thanks_hint", self.lang))
        self.full_survey.show()
        self.pages.setCurrentIndex(self.THANKS)
        self._quiet.start(self.thanks_ms)

    def open_survey(self) -> None:
        self.questionnaire.start()
        self.pages.setCurrentIndex(self.SURVEY)
        self._quiet.start(self.survey_idle_ms)

    def send_survey(self, answers: dict, respondent: dict, suggestion: str) -> None:
        ticket_id = self.ticket_id if self.ticket_id not in self.surveyed else None
        if ticket_id:
            self.surveyed.add(ticket_id)
        self.thanks_hint.setText(tr("skm.thanks", self.lang))
        self.full_survey.hide()
        self.pages.setCurrentIndex(self.THANKS)
        self._quiet.start(self.thanks_ms)

        def failed(exc) -> None:
            log.warning("questionnaire not kept: %s", getattr(exc, "message", exc))

        self.background.run(lambda: self.svc.submit_survey(answers, ticket_id=ticket_id, respondent=respondent,
                                                           suggestion=suggestion, source="rating"),
                            worker.answers(None, failed))

    # -- the feed ----------------------------------------------------------------------------
    @Slot(list)
    def on_events(self, events: list) -> None:
        for e in events:
            if e.counter != self.counter or not e.ticket_id:
                continue
            if e.kind == EventKind.FINISHED:
                if self.page in (self.ASK, self.THANKS, self.IDLE):
                    self.ask(e.ticket_id, e.number or "")
            elif e.kind == EventKind.RATED:
                self.asked.add(e.ticket_id)
                if self.page == self.ASK and e.ticket_id == self.ticket_id and not self.busy:
                    self.go_idle()              # rated elsewhere (the kiosk, a script)

    def _scanned(self) -> None:
        text = self.scan.text().strip()
        self.scan.clear()
        if not text or self.page not in (self.IDLE, self.THANKS):
            return

        def done(target) -> None:
            if target is not None:
                self.ask(*target)

        self.background.run(lambda: self.svc.rating_target(text), worker.answers(
            done, lambda exc: log.info("scanned ticket not asked: %s", getattr(exc, "message", exc))))

    def closeEvent(self, event) -> None:
        self.heartbeat.stop()
        self._quiet.stop()
        self.background.close(wait=False)
        super().closeEvent(event)

