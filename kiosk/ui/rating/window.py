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

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.domain.catalog import tr
from kiosk.domain.skm import ELEMENTS, SCALE, SCORE_NAMES
from kiosk.domain.ticket import EventKind
from kiosk.events.qt import Background

log = logging.getLogger("anjungan.rating")

THANKS_MS = 6000
SURVEY_IDLE_MS = 120_000        # an abandoned questionnaire is dropped after two quiet minutes
FACE_COLORS = {1: "#E76F51", 2: "#F4A261", 3: "#8AB17D", 4: "#2A9D8F"}
MOUTH = {1: -1.0, 2: -0.35, 3: 0.45, 4: 1.0}            # curve of the mouth: frown … big smile

STYLE = """
#ratingWindow { background: #f4f6f8; }
#ratingTitle { color: #134074; }
#ratingHint { color: #3d4a57; }
QPushButton#languageToggle, QPushButton#fullSurvey, QPushButton#skmBack, QPushButton#skmSkip,
QPushButton#skmCancel { padding: 10px 18px; border-radius: 10px; background: #dfe7ef; color: #0b2545; }
QPushButton#skmSend { padding: 12px 26px; border-radius: 10px; background: #134074; color: #ffffff; font-weight: bold; }
QPushButton[answer="true"] { padding: 14px; border-radius: 12px; background: #ffffff; color: #0b2545;
                             border: 2px solid #8da9c4; text-align: left; }
QPushButton[answer="true"]:checked { background: #134074; color: #ffffff; border-color: #134074; }
"""


def _label(text: str = "", name: str | None = None, size: int = 18, bold: bool = False,
           align=Qt.AlignmentFlag.AlignCenter) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    f = QFont(label.font())
    f.setPointSize(size)
    f.setBold(bold)
    label.setFont(f)
    label.setAlignment(align)
    label.setWordWrap(True)
    return label


class FaceButton(QPushButton):
    """A large face for one score, with its word under it."""

    def __init__(self, score: int):
        super().__init__()
        self.score = score
        self.word = ""
        self.setObjectName(f"rate_{score}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(150, 190)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_word(self, word: str, accessible: str) -> None:
        self.word = word
        self.setText(word)
        self.setAccessibleName(accessible)
        self.update()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(6, 6, -6, -6)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#dfe7ef") if self.isDown() else QColor("#ffffff"))
        p.drawRoundedRect(r, 18, 18)
        word_h = max(40.0, r.height() * 0.18)
        side = min(r.width() * 0.8, r.height() - word_h - 16)
        top = r.top() + (r.height() - side - word_h) / 2
        face = QRectF(r.center().x() - side / 2, top, side, side)
        p.setBrush(QColor(FACE_COLORS[self.score]))
        p.drawEllipse(face)
        ink = QColor("#1b1b1b")
        p.setBrush(ink)
        eye = side * 0.07
        for dx in (-0.18, 0.18):
            p.drawEllipse(QPointF(face.center().x() + dx * side, face.top() + side * 0.38), eye, eye * 1.2)
        curve = MOUTH[self.score]
        left = QPointF(face.left() + side * 0.28, face.top() + side * 0.66 - curve * side * 0.04)
        right = QPointF(face.right() - side * 0.28, left.y())
        control = QPointF(face.center().x(), left.y() + curve * side * 0.2)
        mouth = QPainterPath(left)
        mouth.quadTo(control, right)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(ink, max(3.0, side * 0.055), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawPath(mouth)
        f = QFont(self.font())
        f.setPixelSize(int(max(18, min(34, word_h * 0.6))))
        f.setBold(True)
        p.setFont(f)
        p.setPen(ink)
        p.drawText(QRectF(r.left(), face.bottom() + 4, r.width(), word_h),
                   int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap),
                   self.word)
        p.end()


class Questionnaire(QWidget):
    """The nine SKM questions one at a time (a tap answers and moves on), then the optional
    respondent data and a suggestion."""

    def __init__(self, window: "RatingWindow"):
        super().__init__()
        self.window = window
        self.setObjectName("skmQuestionnaire")
        self.index = 0
        self.answers: dict[str, int] = {}
        self.title = _label("", "skmTitle", 22, True)
        self.progress = _label("", "skmProgress", 15)
        self.question = _label("", "skmQuestion", 22, True)
        self.buttons = []
        answers = QVBoxLayout()
        for score in SCALE:
            b = QPushButton()
            b.setObjectName(f"skmAnswer_{score}")
            b.setProperty("answer", True)
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(64)
            f = QFont(b.font())
            f.setPointSize(18)
            b.setFont(f)
            b.clicked.connect(lambda _=False, s=score: self.answer(s))
            self.buttons.append(b)
            answers.addWidget(b)
        self.back = QPushButton()
        self.back.setObjectName("skmBack")
        self.back.clicked.connect(self.go_back)
        self.cancel = QPushButton()
        self.cancel.setObjectName("skmCancel")
        self.cancel.clicked.connect(window.go_idle)
        nav = QHBoxLayout()
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.cancel)
        self.questions = QWidget()
        q = QVBoxLayout(self.questions)
        q.addWidget(self.progress)
        q.addWidget(self.question)
        q.addSpacing(12)
        q.addLayout(answers)
        q.addStretch(1)

        self.respondent = QWidget()
        form = QFormLayout(self.respondent)
        self.respondent_title = _label("", "skmRespondentTitle", 18, True)
        form.addRow(self.respondent_title)
        self.choices: dict[str, QComboBox] = {}
        self.choice_labels: dict[str, QLabel] = {}
        skm = window.svc.config.skm
        for name, object_name in (("age_group", "skmAge"), ("sex", "skmSex"), ("education", "skmEducation"),
                                  ("occupation", "skmOccupation")):
            combo = QComboBox()
            combo.setObjectName(object_name)
            combo.addItem("", None)
            for choice in skm.choices(name):
                combo.addItem(choice, choice)
            self.choices[name] = combo
            label = _label("", None, 16, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.choice_labels[name] = label
            form.addRow(label, combo)
        self.suggestion = QLineEdit()
        self.suggestion.setObjectName("skmSuggestion")
        self.suggestion.setMaxLength(500)
        self.suggestion_label = _label("", None, 16, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.suggestion_label, self.suggestion)
        self.send = QPushButton()
        self.send.setObjectName("skmSend")
        self.send.clicked.connect(self.submit)
        form.addRow(self.send)

        self.steps = QStackedWidget()
        self.steps.addWidget(self.questions)
        self.steps.addWidget(self.respondent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addLayout(nav)

    def start(self) -> None:
        self.index = 0
        self.answers = {}
        for combo in self.choices.values():
            combo.setCurrentIndex(0)
        self.suggestion.clear()
        self.steps.setCurrentIndex(0)
        self.show_question()

    def retranslate(self) -> None:
        lang = self.window.lang
        self.title.setText(tr("skm.title", lang))
        self.back.setText(tr("skm.back", lang))
        self.cancel.setText(tr("skm.cancel", lang))
        self.respondent_title.setText(tr("skm.respondent", lang))
        for name, key in (("age_group", "skm.age_group"), ("sex", "skm.sex"), ("education", "skm.education"),
                          ("occupation", "skm.occupation")):
            self.choice_labels[name].setText(tr(key, lang))
            self.choices[name].setAccessibleName(tr(key, lang))
            self.choices[name].setItemText(0, tr("skm.not_said", lang))
        self.suggestion_label.setText(tr("skm.suggestion", lang))
        self.suggestion.setAccessibleName(tr("skm.suggestion", lang))
        self.send.setText(tr("skm.send", lang))
        for b in (self.back, self.cancel, self.send):
            b.setAccessibleName(b.text())
        self.show_question()

    def show_question(self) -> None:
        lang = self.window.lang
        if self.index >= len(ELEMENTS):
            return
        code = ELEMENTS[self.index]
        element = self.window.svc.config.skm.element(code)
        self.progress.setText(tr("skm.progress", lang, index=self.index + 1, count=len(ELEMENTS)))
        self.question.setText(element.question(lang))
        for b, word in zip(self.buttons, element.answers(lang)):
            b.setText(f"  {word}")
            b.setAccessibleName(word)
            b.setChecked(self.answers.get(code) == self.buttons.index(b) + 1)
        self.back.setEnabled(self.index > 0 or self.steps.currentIndex() == 1)

    def answer(self, score: int) -> None:
        self.window.touched()
        self.answers[ELEMENTS[self.index]] = score
        self.index += 1
        if self.index >= len(ELEMENTS):
            self.steps.setCurrentIndex(1)
            self.back.setEnabled(True)
        else:
            self.show_question()

    def go_back(self) -> None:
        self.window.touched()
        if self.steps.currentIndex() == 1:
            self.steps.setCurrentIndex(0)
            self.index = len(ELEMENTS) - 1
        elif self.index > 0:
            self.index -= 1
        self.show_question()

    def submit(self) -> None:
        respondent = {name: combo.currentData() for name, combo in self.choices.items()}
        self.window.send_survey(dict(self.answers), respondent, self.suggestion.text())


class RatingWindow(QWidget):
    IDLE, ASK, THANKS, SURVEY = range(4)

    def __init__(self, svc, counter: int, feed, *, lang: str = "id", timeout_s: int | None = None,
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
        self.background = Background(self, f"rating-{self.counter}")
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.timeout.connect(self.go_idle)
        self._build()
        feed.events.connect(self.on_events)
        self.retranslate()
        self.resize(1280, 800)
        self.go_idle()

    # -- building --------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = _label("", "ratingTitle", 20, True, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.language = QPushButton()
        self.language.setObjectName("languageToggle")
        self.language.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.language.clicked.connect(self.toggle_language)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language)

        idle = QWidget()
        idle.setObjectName("ratingIdle")
        self.idle_text = _label("", "idleText", 34, True)
        self.idle_hint = _label("", "ratingHint", 20)
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
        self.ask_text = _label("", "askText", 34, True)
        self.ticket_label = _label("", "ratingTicket", 22)
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
        self.thanks_text = _label("", "thanksText", 36, True)
        self.thanks_hint = _label("", "ratingHint", 20)
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

        self.questionnaire = Questionnaire(self)
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
        self.questionnaire.retranslate()

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
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

        self.background.call(lambda: self.svc.rate(ticket_id, score, source="counter"), done, failed)

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

        self.background.call(lambda: self.svc.submit_survey(answers, ticket_id=ticket_id, respondent=respondent,
                                                            suggestion=suggestion, source="rating"), None, failed)

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

        self.background.call(lambda: self.svc.rating_target(text), done,
                             lambda exc: log.info("scanned ticket not asked: %s", getattr(exc, "message", exc)))

    def closeEvent(self, event) -> None:
        self._quiet.stop()
        self.background.close(wait=False)
        super().closeEvent(event)

