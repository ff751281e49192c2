"""The participant rates a finished visit at the kiosk, after scanning the ticket's QR code.

The four large faces (Tidak baik · Kurang baik · Baik · Sangat baik) of the counter's rating
window, one tap, once per ticket; then thanks, and the full SKM questionnaire on request. The
faces and the questionnaire are the rating window's own widgets (`kiosk.ui.rating.widgets`).
Only the ticket number is shown: never a name or a NIK. The kiosk has no keyboard: a touch on
the questionnaire's suggestion field opens large letter keys to write it.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.catalog import tr
from kiosk.services import RatingPage
from kiosk.domain.skm import SCALE, SCORE_NAMES
from kiosk.ui.kiosk.base import CENTER, Screen
from kiosk.ui.kiosk.keypad import TEXT_ROWS, CodeKeyboard
from kiosk.ui.kiosk.widgets import button, label, wrap_button
from kiosk.ui.rating.widgets import FaceButton, Questionnaire


SUGGESTION_KEYS_MAX = 160     # written on the keys: a short sentence (a keyboard may type the form's full length)


class _OpensKeys(QObject):
    """A touch on the suggestion field opens the letter keys."""

    def __init__(self, screen: "RatingScreen"):
        super().__init__(screen)
        self.screen = screen

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            self.screen.write_suggestion()
            return True
        return False


class RatingScreen(Screen):
    """objectName `kioskRating`: the faces (`rate_1`…`rate_4`), the thanks with `fullSurvey`,
    the questionnaire (`skmQuestionnaire`) and the letter keys for its suggestion (`textKey_…`)."""

    name = "rating"
    object_name = "kioskRating"
    remembered = False
    ASK, THANKS, SURVEY, SUGGESTION = RatingPage.ASK, RatingPage.THANKS, RatingPage.SURVEY, RatingPage.SUGGESTION

    def __init__(self, kiosk):
        super().__init__(kiosk)
        flow = kiosk.flow
        self._shown_visit: object = None         # the visit and the page last drawn
        self._shown_page = -1
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 16, 48, 16)
        box.setSpacing(12)
        self.pages = QStackedWidget(self)

        ask = QWidget(self.pages)
        ask_box = QVBoxLayout(ask)
        ask_box.setContentsMargins(0, 0, 0, 0)
        ask_box.setSpacing(10)
        self.ask_text = label(ask, "ratingAsk", "title", align=CENTER)
        self.ticket_label = label(ask, "ratingTicket", "big", align=CENTER)
        self.faces_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.faces_row.setSpacing(18)
        self.faces = [FaceButton(score) for score in SCALE]
        for face in self.faces:
            face.setParent(ask)
            face.clicked.connect(lambda _=False, s=face.score: flow.rating.rate(s))
            self.faces_row.addWidget(face)
        ask_box.addWidget(self.ask_text)
        ask_box.addWidget(self.ticket_label)
        ask_box.addLayout(self.faces_row, 1)

        thanks = QWidget(self.pages)
        thanks_box = QVBoxLayout(thanks)
        thanks_box.setContentsMargins(0, 0, 0, 0)
        thanks_box.setSpacing(18)
        self.thanks_text = label(thanks, "ratingThanks", "title", align=CENTER)
        self.thanks_hint = label(thanks, "ratingThanksHint", "big", align=CENTER)
        self.full_survey = wrap_button(thanks, "fullSurvey", "go")
        self.full_survey.setMinimumHeight(96)
        self.full_survey.clicked.connect(flow.rating.open_survey)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.full_survey, 4)
        row.addStretch(1)
        thanks_box.addStretch(1)
        thanks_box.addWidget(self.thanks_text)
        thanks_box.addWidget(self.thanks_hint)
        thanks_box.addSpacing(12)
        thanks_box.addLayout(row)
        thanks_box.addStretch(2)

        self.questionnaire = Questionnaire(kiosk.svc, self.pages)
        self.questionnaire.touched.connect(flow.idle.touched)
        self.questionnaire.cancelled.connect(flow.rating.close_survey)
        self.questionnaire.submitted.connect(flow.rating.send_survey)
        self.questionnaire.suggestion.installEventFilter(_OpensKeys(self))

        writing = QWidget(self.pages)
        writing_box = QVBoxLayout(writing)
        writing_box.setContentsMargins(0, 0, 0, 0)
        writing_box.setSpacing(12)
        self.writing_title = label(writing, "suggestionTitle", "big", align=CENTER)
        box_frame = QFrame(writing)
        box_frame.setObjectName("suggestionBox")
        frame_box = QVBoxLayout(box_frame)
        frame_box.setContentsMargins(16, 8, 16, 8)
        self.writing = label(box_frame, "kioskSuggestion", "big")        # wraps: the whole sentence is seen
        self.writing.setMinimumHeight(56)
        frame_box.addWidget(self.writing)
        self.text = ""
        self.keys = CodeKeyboard("textKey", writing, rows=TEXT_ROWS, space=True)
        self.keys.key.connect(self._write)
        self.keys.backspace.connect(lambda: self.set_text(self.text[:-1]))
        self.written = wrap_button(writing, "suggestionDone", "go")
        self.written.clicked.connect(self._written)
        writing_box.addWidget(self.writing_title)
        writing_box.addWidget(box_frame)
        writing_box.addWidget(self.keys, 1)
        writing_box.addWidget(self.written)
        for page in (ask, thanks, self.questionnaire, writing):
            self.pages.addWidget(page)
        self.done = button(self, "ratingDone", "secondary")
        self.done.clicked.connect(lambda: flow.go_welcome())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.done)
        box.addWidget(self.pages, 1)
        box.addLayout(bottom)

    # -- pages
    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    def write_suggestion(self) -> None:
        """The suggestion on large letter keys (back to the questionnaire with `suggestionDone`)."""
        if self.flow.rating.page is not RatingPage.SURVEY:
            return
        self.set_text(self.questionnaire.suggestion.text())
        self.flow.rating.write_suggestion(True)

    def set_text(self, text: str) -> None:
        """The suggestion as written on the keys so far."""
        self.text = text[:SUGGESTION_KEYS_MAX]
        self.writing.setText(self.text + "▏")

    def _write(self, char: str) -> None:
        self.set_text(self.text + char)

    def _written(self) -> None:
        self.questionnaire.suggestion.setText(self.text)
        self.flow.rating.write_suggestion(False)

    def _show_page(self) -> None:
        """The model's page; the questionnaire starts afresh when it is opened (not on coming back
        from the letter keys)."""
        page, visit = self.flow.rating.page, self.flow.visit
        opened = self._shown_visit is visit and self._shown_page in (RatingPage.SURVEY, RatingPage.SUGGESTION)
        if page is RatingPage.SURVEY and not opened:
            self.questionnaire.start()
        self._shown_visit, self._shown_page = visit, page
        self.pages.setCurrentIndex(int(page))

    # -- drawing
    def refresh(self) -> None:
        self._show_page()
        lang, target = self.lang, self.flow.visit.rating
        self.ask_text.setText(tr("rating.ask", lang))
        number = target[1] if target else ""
        self.ticket_label.setText(tr("rating.ask_ticket", lang, number=number) if number else "")
        for face in self.faces:
            word = tr(SCORE_NAMES[face.score], lang)
            face.set_word(word, tr("rating.face", lang, word=word, score=face.score))
        self.thanks_text.setText(tr("rating.thanks", lang))
        if self.flow.rating.surveyed:
            hint = tr("skm.thanks", lang)
        elif self.flow.rating.already:
            hint = tr("rating.kiosk.rated", lang)
        else:
            hint = tr("rating.thanks_hint", lang)
        self.thanks_hint.setText(hint)
        self.full_survey.setText(tr("rating.full_survey", lang))
        self.full_survey.setVisible(not self.flow.rating.surveyed)
        self.questionnaire.retranslate(lang)
        self.writing_title.setText(tr("skm.suggestion", lang))
        self.writing.setAccessibleName(tr("skm.suggestion", lang))
        self.writing.setText(self.text + "▏")
        self.keys.retranslate(lang)
        self.written.setText(tr("rating.kiosk.written", lang))
        self.done.setText(tr("done", lang))
        self.done.setVisible(self.page in (self.ASK, self.THANKS))

    def spoken(self) -> str:
        if self.page == self.ASK:
            return tr("speak.rating", self.lang)
        if self.page == self.THANKS:
            return f"{self.thanks_text.text()}. {self.thanks_hint.text()}"
        if self.page == self.SUGGESTION:
            return tr("speak.suggestion", self.lang)
        return self.questionnaire.question.text()
