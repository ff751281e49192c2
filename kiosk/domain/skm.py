"""The satisfaction survey (SKM, PermenPAN-RB 14/2017) and its index (IKM), and the one-tap rating.

The survey asks nine elements (unsur) U1…U9, each answered 1–4. The index:
  NRR per element  = the mean of its answers (nilai rata-rata);
  weighted NRR     = NRR × 1/9 (the nine elements weigh the same);
  IKM              = Σ weighted NRR × 25, a value between 25 and 100, rounded to 2 decimals
                     (half up);
  grade (mutu)     = A 88.31–100 (Sangat Baik), B 76.61–88.30 (Baik), C 65.00–76.60
                     (Kurang Baik), D 25.00–64.99 (Tidak Baik), read off the rounded value.
The one-tap rating after a visit (1–4) is the everyday version: its index is the mean × 25,
graded on the same bounds, and it is reported beside the IKM, never mixed into it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Mapping, Sequence

from kiosk.domain.catalog import msgid

SCALE = (1, 2, 3, 4)
ELEMENTS = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
WEIGHT = 1 / len(ELEMENTS)
INDEX_FACTOR = 25

# (grade, lowest value of the grade), best first
GRADES = (("A", Decimal("88.31")), ("B", Decimal("76.61")), ("C", Decimal("65.00")), ("D", Decimal("25.00")))

ELEMENT_NAMES = {
    "u1": msgid("skm.u1.name"), "u2": msgid("skm.u2.name"), "u3": msgid("skm.u3.name"),
    "u4": msgid("skm.u4.name"), "u5": msgid("skm.u5.name"), "u6": msgid("skm.u6.name"),
    "u7": msgid("skm.u7.name"), "u8": msgid("skm.u8.name"), "u9": msgid("skm.u9.name"),
}
GRADE_NAMES = {"A": msgid("skm.grade.a"), "B": msgid("skm.grade.b"), "C": msgid("skm.grade.c"),
               "D": msgid("skm.grade.d")}
SCORE_NAMES = {1: msgid("rating.score.1"), 2: msgid("rating.score.2"), 3: msgid("rating.score.3"),
               4: msgid("rating.score.4")}


class SurveyError(ValueError):
    """An answer that is not 1–4, or a questionnaire without all nine elements; `key` is the
    catalog's reason and `params` its values."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(f"{key} {params}")


def valid_score(value) -> int:
    """An answer or rating as an int 1–4, or SurveyError."""
    if isinstance(value, bool):
        raise SurveyError(msgid("skm.error.score"), value=value)
    try:
        score = int(str(value).strip()) if not isinstance(value, int) else value
    except (TypeError, ValueError):
        raise SurveyError(msgid("skm.error.score"), value=value) from None
    if score not in SCALE:
        raise SurveyError(msgid("skm.error.score"), value=value)
    return score


def answers_of(values: Mapping[str, object]) -> tuple[int, ...]:
    """The nine answers u1…u9 of a questionnaire, in order; SurveyError naming the first bad one."""
    out = []
    for code in ELEMENTS:
        if code not in values or values[code] in (None, ""):
            raise SurveyError(msgid("skm.error.missing"), element=code.upper())
        try:
            out.append(valid_score(values[code]))
        except SurveyError:
            raise SurveyError(msgid("skm.error.element"), element=code.upper(), value=values[code]) from None
    return tuple(out)


def round2(value: float | Decimal) -> Decimal:
    """Two decimals, half up (88.305 → 88.31), as the survey's reports round."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def grade(value: float | Decimal) -> str:
    """A, B, C or D for an index value 25–100 (read off the value rounded to 2 decimals)."""
    rounded = round2(value)
    for letter, lowest in GRADES:
        if rounded >= lowest:
            return letter
    return GRADES[-1][0]


@dataclass(frozen=True)
class Ikm:
    """The index of a set of questionnaires: value (2 decimals) and grade, or None without any."""

    respondents: int
    nrr: tuple[float | None, ...]          # per element, u1…u9 (None without respondents)
    value: float | None
    grade: str | None

    def to_json(self) -> dict:
        return {"value": self.value, "grade": self.grade, "respondents": self.respondents,
                "elements": [{"element": code, "nrr": None if n is None else round(n, 3)}
                             for code, n in zip(ELEMENTS, self.nrr)]}


def ikm_from_sums(sums: Sequence[float], respondents: int) -> Ikm:
    """The IKM from the per-element sums of answers and the number of questionnaires."""
    if len(sums) != len(ELEMENTS):
        raise ValueError(f"need {len(ELEMENTS)} element sums, not {len(sums)}")
    if respondents <= 0:
        return Ikm(0, (None,) * len(ELEMENTS), None, None)
    nrr = tuple(s / respondents for s in sums)
    # Σ NRR × 1/9 × 25, in exact decimals so that the bounds are met exactly
    total = sum((Decimal(str(s)) for s in sums), Decimal(0))
    value = round2(total / Decimal(respondents) / Decimal(len(ELEMENTS)) * INDEX_FACTOR)
    return Ikm(respondents, nrr, float(value), grade(value))


def ikm(questionnaires: Iterable[Sequence[int]]) -> Ikm:
    """The IKM of questionnaires given as nine answers each."""
    sums = [0] * len(ELEMENTS)
    n = 0
    for answers in questionnaires:
        if len(answers) != len(ELEMENTS):
            raise SurveyError(msgid("skm.error.count"), count=len(answers))
        for i, a in enumerate(answers):
            sums[i] += valid_score(a)
        n += 1
    return ikm_from_sums(sums, n)


@dataclass(frozen=True)
class RatingIndex:
    """One-tap ratings: how many of each score, the mean, and its index (mean × 25) with grade."""

    counts: tuple[int, int, int, int]      # scores 1, 2, 3, 4

    @property
    def count(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.count:
            return None
        return sum(score * n for score, n in zip(SCALE, self.counts)) / self.count

    @property
    def value(self) -> float | None:
        if not self.count:
            return None
        total = sum(score * n for score, n in zip(SCALE, self.counts))
        return float(round2(Decimal(total) / Decimal(self.count) * INDEX_FACTOR))

    @property
    def grade(self) -> str | None:
        return None if self.value is None else grade(self.value)

    def add(self, other: "RatingIndex") -> "RatingIndex":
        return RatingIndex(tuple(a + b for a, b in zip(self.counts, other.counts)))

    def to_json(self) -> dict:
        mean = self.mean
        return {"count": self.count, "mean": None if mean is None else round(mean, 2), "index": self.value,
                "grade": self.grade, "scores": {str(s): n for s, n in zip(SCALE, self.counts)}}


NO_RATINGS = RatingIndex((0, 0, 0, 0))


def rating_index(scores: Iterable[int]) -> RatingIndex:
    counts = [0, 0, 0, 0]
    for s in scores:
        counts[valid_score(s) - 1] += 1
    return RatingIndex(tuple(counts))
