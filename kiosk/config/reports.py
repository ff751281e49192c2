"""The head of service's sections: the service-level targets (`[reports]`) and the satisfaction
survey's wording and respondent choices (`[skm]`).

```toml
[reports]
target_wait_min = 30                  # service level: called within this many minutes
rating_timeout_s = 30                 # the rating screen goes back quietly after this
[reports.target_wait_by_service]      # where a service's target differs
JHT = 45

[skm]
age_groups = ["< 20", "20–29", …]     # respondent choices (PermenPAN-RB 14/2017)
sexes = […]  educations = […]  occupations = […]
[[skm.elements]]                      # optional: a branch's own wording of an element
code = "u4"
question = "…"   question_en = "…"
answers = ["…", "…", "…", "…"]   answers_en = […]
```
Without `[[skm.elements]]` the regulation's sample wording (kept in the text catalog) is used.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.config.reader import Table
from kiosk.domain.branch import Branch
from kiosk.domain.catalog import msgid, pick, tr
from kiosk.domain.skm import ELEMENTS, SCALE

DEFAULT_TARGET_MIN = 30
DEFAULT_RATING_TIMEOUT_S = 30
AGE_GROUPS = ("< 20", "20–29", "30–39", "40–49", "50–59", "≥ 60")
SEXES = ("Laki-laki", "Perempuan")
EDUCATIONS = ("SD", "SMP", "SMA", "D1–D3–D4", "S1", "S2", "> S2")
OCCUPATIONS = ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya")

# the regulation's sample questionnaire, kept in the catalog: question and answers 1–4 per element
_QUESTIONS = {
    "u1": msgid("skm.u1.question"), "u2": msgid("skm.u2.question"), "u3": msgid("skm.u3.question"),
    "u4": msgid("skm.u4.question"), "u5": msgid("skm.u5.question"), "u6": msgid("skm.u6.question"),
    "u7": msgid("skm.u7.question"), "u8": msgid("skm.u8.question"), "u9": msgid("skm.u9.question"),
}
_ANSWERS = {
    "u1": msgid("skm.u1.answers"), "u2": msgid("skm.u2.answers"), "u3": msgid("skm.u3.answers"),
    "u4": msgid("skm.u4.answers"), "u5": msgid("skm.u5.answers"), "u6": msgid("skm.u6.answers"),
    "u7": msgid("skm.u7.answers"), "u8": msgid("skm.u8.answers"), "u9": msgid("skm.u9.answers"),
}


@dataclass(frozen=True)
class ReportsConfig:
    target_wait_min: int = DEFAULT_TARGET_MIN
    target_wait_by_service: tuple[tuple[str, int], ...] = ()
    rating_timeout_s: int = DEFAULT_RATING_TIMEOUT_S

    @property
    def targets(self) -> dict[str, int]:
        return dict(self.target_wait_by_service)

    def target(self, service: str) -> int:
        return self.targets.get(service, self.target_wait_min)


@dataclass(frozen=True)
class SkmElement:
    code: str
    question_id: str
    question_en: str
    answers_id: tuple[str, str, str, str]
    answers_en: tuple[str, str, str, str]

    def question(self, lang: str) -> str:
        return pick(lang, self.question_id, self.question_en)

    def answers(self, lang: str) -> tuple[str, ...]:
        return pick(lang, self.answers_id, self.answers_en)


def _default_element(code: str) -> SkmElement:
    return SkmElement(code, tr(_QUESTIONS[code], "id"), tr(_QUESTIONS[code], "en"),
                      tuple(tr(_ANSWERS[code], "id").split(" | ")), tuple(tr(_ANSWERS[code], "en").split(" | ")))


@dataclass(frozen=True)
class SkmConfig:
    elements: tuple[SkmElement, ...] = field(default_factory=lambda: tuple(_default_element(c) for c in ELEMENTS))
    age_groups: tuple[str, ...] = AGE_GROUPS
    sexes: tuple[str, ...] = SEXES
    educations: tuple[str, ...] = EDUCATIONS
    occupations: tuple[str, ...] = OCCUPATIONS

    def element(self, code: str) -> SkmElement:
        return next(e for e in self.elements if e.code == code)

    def choices(self, name: str) -> tuple[str, ...]:
        return {"age_group": self.age_groups, "sex": self.sexes, "education": self.educations,
                "occupation": self.occupations}[name]


RESPONDENT_FIELDS = ("age_group", "sex", "education", "occupation")


def read_reports(t: Table, branch: Branch) -> ReportsConfig:
    target = t.int("target_wait_min", DEFAULT_TARGET_MIN, lo=1, hi=480)
    timeout = t.int("rating_timeout_s", DEFAULT_RATING_TIMEOUT_S, lo=5, hi=600)
    per = t.table("target_wait_by_service")
    codes = {s.code for s in branch.services}
    targets = []
    for code in sorted(per.data):
        if code.upper() not in codes:
            per.fail(code, "config.unknown.service", code=code)
        value = per.int(code, lo=1, hi=480)
        targets.append((code.upper(), value))
    per.done()
    t.done()
    return ReportsConfig(target, tuple(targets), timeout)


def _answers(t: Table, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    values = t.str_list(name, default)
    if len(values) != len(SCALE):
        t.fail(name, "config.skm.answers")
    return values


def read_skm(t: Table) -> SkmConfig:
    defaults = SkmConfig()
    elements = {e.code: e for e in defaults.elements}
    tables = t.tables("elements")
    seen: set[str] = set()
    for e in tables:
        code = e.str("code").lower()
        if code not in ELEMENTS or code in seen:
            e.fail("code", "config.skm.elements")
        seen.add(code)
        base = elements[code]
        question = e.str("question", base.question_id)
        elements[code] = SkmElement(
            code, question, e.str("question_en", base.question_en if question == base.question_id else question),
            _answers(e, "answers", base.answers_id), _answers(e, "answers_en", base.answers_en))
        e.done()
    config = SkmConfig(
        elements=tuple(elements[c] for c in ELEMENTS),
        age_groups=t.str_list("age_groups", AGE_GROUPS, empty_ok=False),
        sexes=t.str_list("sexes", SEXES, empty_ok=False),
        educations=t.str_list("educations", EDUCATIONS, empty_ok=False),
        occupations=t.str_list("occupations", OCCUPATIONS, empty_ok=False),
    )
    t.done()
    return config
