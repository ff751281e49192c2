"""The kiosk's offer to a participant whose number of today was called while away: back into the
queue with the same number ("Kembali ke antrian"), or a new number at the back."""
from __future__ import annotations

from kiosk.domain.catalog import tr
from kiosk.ui.kiosk.screens import QuestionScreen


class ReturnOfferScreen(QuestionScreen):
    """objectName `returnOffer`; its answers `returnOfferNew` and `returnOfferBack`."""

    name = "returnOffer"
    object_name = "returnOffer"

    def __init__(self, kiosk):
        super().__init__(kiosk, "returnOffer")
        self.first.setObjectName("returnOfferNew")
        self.second.setObjectName("returnOfferBack")
        self.first.clicked.connect(lambda: kiosk.flow.returning.decline())
        self.second.clicked.connect(lambda: kiosk.flow.returning.accept())

    def refresh(self) -> None:
        lang, number = self.lang, self.flow.returning.number or ""
        self.title.setText(tr("return_offer.title", lang, number=number))
        self.text.setText(tr("return_offer.text", lang, number=number))
        self.note.setText(tr("return_offer.note", lang))
        self.first.setText(tr("return_offer.new", lang))
        self.second.setText(tr("return_offer.back", lang))

    def spoken(self) -> str:
        return tr("return_offer.text", self.lang, number=self.flow.returning.number or "")
