"""The rating of a finished visit at the kiosk (`flow.rating`), after its ticket's QR code was
scanned: the four faces once, the thanks, and the full SKM questionnaire on request."""
from __future__ import annotations

from collections.abc import Mapping

from kiosk.app.visit_flow.parts import FlowCore, RatingPage, Step


class Ratings:
    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.reset()

    def reset(self) -> None:
        self.page = RatingPage.ASK
        self.already = False            # the visit was rated before this scan
        self.surveyed = False

    def start(self, target: tuple[str, str], already: bool) -> None:
        """A scanned ticket whose visit is over: its rating asked for (or, rated before, thanks)."""
        self.flow.visit.rating = target
        self.already = already
        self.page = RatingPage.THANKS if already else RatingPage.ASK
        self.flow.show(Step.RATING, remember=False)

    def rate(self, score: int) -> None:
        """One tap on a face: the scanned visit's rating, once (thanked at once, whatever the
        database says)."""
        flow = self.flow
        target = flow.visit.rating
        if target is None or flow.step is not Step.RATING or self.page is not RatingPage.ASK:
            return
        self.page = RatingPage.THANKS
        flow.show(Step.RATING)
        cases = flow.cases
        flow.record(lambda: cases.rate(target[0], score, source="kiosk"), "rating")

    def open_survey(self) -> None:
        flow = self.flow
        if flow.visit.rating is not None and not self.surveyed:
            self.page = RatingPage.SURVEY
            flow.show(Step.RATING)

    def close_survey(self) -> None:
        flow = self.flow
        self.page = RatingPage.THANKS
        flow.show(Step.RATING)

    def write_suggestion(self, writing: bool = True) -> None:
        """The suggestion on large letter keys, and back to the questionnaire."""
        flow = self.flow
        if self.page in (RatingPage.SURVEY, RatingPage.SUGGESTION):
            self.page = RatingPage.SUGGESTION if writing else RatingPage.SURVEY
            flow.show(Step.RATING)

    def send_survey(self, answers: Mapping, respondent: Mapping, suggestion: str) -> None:
        """The full SKM questionnaire, kept for the scanned visit (once)."""
        flow = self.flow
        target = flow.visit.rating
        if target is None or self.surveyed:
            return
        self.surveyed, self.page = True, RatingPage.THANKS
        flow.show(Step.RATING)
        cases = flow.cases
        flow.record(lambda: cases.submit_survey(answers, ticket_id=target[0], respondent=respondent,
                                                 suggestion=suggestion or None, source="kiosk"), "questionnaire")
