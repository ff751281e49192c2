"""The request bodies of the web service (their JSON schemas are the API's documentation)."""
from __future__ import annotations

from pydantic import BaseModel, Field, create_model

from kiosk.domain.catalog import tr
from kiosk.domain.skm import ELEMENT_NAMES, ELEMENTS, SCALE

TEXT = r"^[^\x00-\x1f\x7f]*$"            # one line of text, no control characters
NAME = r"^[\w .:@/-]{1,40}$"
RESPONDENT = ("age_group", "sex", "education", "occupation")


class NikIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32, description="the 16-digit NIK")


class IssueIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32)
    service: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    priority: str | None = Field(None, max_length=40, pattern=r"^[a-z_]+$",
                                 description="priority reason given by staff (lansia, disabilitas, …)")
    assisted: bool = False
    kiosk_id: str = Field("api", pattern=NAME)


class TransferIn(BaseModel):
    to: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    reason: str = Field("", max_length=200, pattern=TEXT)


class BookingIn(BaseModel):
    nik: str = Field(min_length=1, max_length=32)
    service: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_]+$")
    date: str = Field(max_length=10, description="YYYY-MM-DD", examples=["2026-11-23"])
    start: str = Field(max_length=5, description="slot start, 09.30 or 09:30")
    end: str = Field(max_length=5, description="slot end")
    source: str = Field("", max_length=40, pattern=TEXT, description="e.g. Lapak Asik, JMO, phone, counter")
    code: str | None = Field(None, max_length=32, description="the booking system's code (made up when left out)")


class CheckInIn(BaseModel):
    code_or_nik: str = Field(min_length=1, max_length=64, pattern=TEXT)
    walk_in: bool = Field(False, description="an early arrival takes an ordinary ticket instead")
    kiosk_id: str = Field("api", pattern=NAME)


class RatingIn(BaseModel):
    score: int = Field(ge=1, le=4, description="1 Tidak baik, 2 Kurang baik, 3 Baik, 4 Sangat baik")


def _answer(code: str):
    """One element of the questionnaire, answered on the SKM scale (its name from the catalog)."""
    return int, Field(ge=min(SCALE), le=max(SCALE), description=tr(ELEMENT_NAMES[code], "id").lower())


# The full SKM questionnaire: the domain's elements, then the respondent data and a suggestion.
SurveyIn = create_model(
    "SurveyIn",
    __doc__="""The full SKM questionnaire (PermenPAN-RB 14/2017): the nine elements u1…u9 answered 1–4,
    the optional respondent data (one of the branch's choices, or empty) and a suggestion.""",
    **{code: _answer(code) for code in ELEMENTS},
    **{key: (str | None, Field(None, max_length=40, pattern=TEXT)) for key in RESPONDENT},
    suggestion=(str | None, Field(None, max_length=1000)),
)
