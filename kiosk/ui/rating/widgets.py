"""Widgets of the participant's rating, shared by the counter's rating window and the kiosk: the
four large faces (1–4 with their words) and the full SKM questionnaire (PermenPAN-RB 14/2017: nine
questions with the wording of the configuration, the optional respondent data, a suggestion).

They know nothing of the window around them: the questionnaire says what happened through its
signals (`touched`, `cancelled`, `submitted`). Labels and buttons carry a `role` so a window's style
sheet can size them (the kiosk's large text); the point sizes here are the rating window's own.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from kiosk.domain.catalog import tr
from kiosk.domain.skm import ELEMENTS, SCALE

FACE_COLORS = {1: "#E76F51", 2: "#F4A261", 3: "#8AB17D", 4: "#2A9D8F"}
MOUTH = {1: -1.0, 2: -0.35, 3: 0.45, 4: 1.0}            # curve of the mouth: frown … big smile
MIN_TOUCH = 64


def text_label(text: str = "", name: str | None = None, size: int = 18, bold: bool = False,
           align=Qt.AlignmentFlag.AlignCenter, role: str | None = None) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    if role:
        label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    f = QFont(label.font())
    f.setPointSize(size)
    f.setBold(bold)
    label.setFont(f)
    label.setAlignment(align)
    label.setWordWrap(True)
    return label


class FaceButton(QPushButton):
    """A large face for one score, with its word under it (drawn by the face itself, wrapped to its
    width; the word is also its accessible name)."""

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
    respondent data and a suggestion. `svc` gives the wording (`config.skm`)."""

    touched = Signal()
    cancelled = Signal()
    submitted = Signal(dict, dict, str)         # answers, respondent data, suggestion

    def __init__(self, svc, parent: QWidget | None = None):
        super().__init__(parent)
        self.svc = svc
        self.lang = "id"
        self.setObjectName("skmQuestionnaire")
        self.index = 0
        self.answers: dict[str, int] = {}
        self.title = text_label("", "skmTitle", 22, True, role="title")
        self.progress = text_label("", "skmProgress", 15, role="hint")
        self.question = text_label("", "skmQuestion", 22, True, role="big")
        self.buttons = []
        answers = QVBoxLayout()
        for score in SCALE:
            b = QPushButton()
            b.setObjectName(f"skmAnswer_{score}")
            b.setProperty("answer", True)
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumHeight(MIN_TOUCH)
            f = QFont(b.font())
            f.setPointSize(18)
            b.setFont(f)
            b.clicked.connect(lambda _=False, s=score: self.answer(s))
            self.buttons.append(b)
            answers.addWidget(b)
        self.back = QPushButton()
        self.back.setObjectName("skmBack")
        self.back.setProperty("role", "secondary")
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back.clicked.connect(self.go_back)
        self.cancel = QPushButton()
        self.cancel.setObjectName("skmCancel")
        self.cancel.setProperty("role", "secondary")
        self.cancel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel.clicked.connect(self.cancelled.emit)
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
        form.setContentsMargins(0, 0, 0, 0)
        self.respondent_title = text_label("", "skmRespondentTitle", 18, True, role="big")
        form.addRow(self.respondent_title)
        self.choices: dict[str, QComboBox] = {}
        self.choice_labels: dict[str, QLabel] = {}
        skm = svc.config.skm
        for name, object_name in (("age_group", "skmAge"), ("sex", "skmSex"), ("education", "skmEducation"),
                                  ("occupation", "skmOccupation")):
            combo = QComboBox()
            combo.setObjectName(object_name)
            combo.setMinimumHeight(MIN_TOUCH)
            combo.addItem("", None)
            for choice in skm.choices(name):
                combo.addItem(choice, choice)
            self.choices[name] = combo
            label = text_label("", f"{object_name}Label", 16, align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            self.choice_labels[name] = label
            form.addRow(label, combo)
        self.suggestion = QLineEdit()
        self.suggestion.setObjectName("skmSuggestion")
        self.suggestion.setMaxLength(500)
        self.suggestion.setMinimumHeight(MIN_TOUCH)
        self.suggestion_label = text_label("", "skmSuggestionLabel", 16,
                                       align=Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.suggestion_label, self.suggestion)
        self.send = QPushButton()
        self.send.setObjectName("skmSend")
        self.send.setProperty("role", "go")
        self.send.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.send.clicked.connect(self.submit)
        nav.addWidget(self.send)        # beside Kembali and Batal on the respondent page: one row less to fit
        self.send.hide()

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
        self._step(0)
        self.show_question()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
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

    def _step(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        self.send.setVisible(index == 1)

    @property
    def on_respondent_page(self) -> bool:
        return self.steps.currentIndex() == 1

    def show_question(self) -> None:
        lang = self.lang
        if self.index >= len(ELEMENTS):
            return
        code = ELEMENTS[self.index]
        element = self.svc.config.skm.element(code)
        self.progress.setText(tr("skm.progress", lang, index=self.index + 1, count=len(ELEMENTS)))
        self.question.setText(element.question(lang))
        for b, word in zip(self.buttons, element.answers(lang)):
            b.setText(f"  {word}")
            b.setAccessibleName(word)
            b.setChecked(self.answers.get(code) == self.buttons.index(b) + 1)
        self.back.setEnabled(self.index > 0 or self.steps.currentIndex() == 1)

    def answer(self, score: int) -> None:
        self.touched.emit()
        self.answers[ELEMENTS[self.index]] = score
        self.index += 1
        if self.index >= len(ELEMENTS):
            self._step(1)
            self.back.setEnabled(True)
        else:
            self.show_question()

    def go_back(self) -> None:
        self.touched.emit()
        if self.steps.currentIndex() == 1:
            self._step(0)
            self.index = len(ELEMENTS) - 1
        elif self.index > 0:
            self.index -= 1
        self.show_question()

    def submit(self) -> None:
        respondent = {name: combo.currentData() for name, combo in self.choices.items()}
        self.submitted.emit(dict(self.answers), respondent, self.suggestion.text())


