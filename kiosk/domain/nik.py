"""NIK (Nomor Induk Kependudukan): reading what people type, and the rules of its 16 digits.

Layout ``PP KK CC DDMMYY SSSS``: province, regency (01-69) or city (71-99), district, birth day
(plus 40 for women), birth month, two-digit birth year, serial (0001-9999). There is no check
digit, so a family-card (KK) number may pass too: the screens label the field clearly.

The century is the one that does not put the birth date in the future relative to ``today``.
Old NIKs keep old region codes; a NIK is never rejected only because its region was split.
Nothing here writes or logs a full NIK; ``repr`` of a :class:`NikInfo` shows it masked.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from kiosk.domain.catalog import msgid, pair

NIK_LENGTH = 16

#: Province codes in use (Kemendagri), with their names. Old codes stay valid for old NIKs.
PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# Characters people put between digit groups; they carry no meaning.
_SEPARATORS = frozenset(" \t\r\n\u00a0\u2007\u202f-._/\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_PROVINCE_FIRST_DIGITS = frozenset(code[0] for code in PROVINCES)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)   # February: at most 29

# Error codes (stable; the UI and the command line may branch on them).
EMPTY = "empty"
NOT_DIGITS = "not_digits"
LENGTH = "length"
PROVINCE = "province"
REGENCY = "regency"
DISTRICT = "district"
DAY = "day"
MONTH = "month"
DATE = "date"
SERIAL = "serial"


class NikError(ValueError):
    """A NIK that cannot be right. ``str(err)`` is the Indonesian sentence.

    ``key`` is the message id of the catalog; the message never contains the NIK itself.
    """

    def __init__(self, code: str, message: str, message_en: str, key: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en
        self.key = key

    def __repr__(self) -> str:
        return f"NikError({self.code!r}, {self.message!r})"


def _error(code: str, typed: int = 0) -> NikError:
    key = _MESSAGES[code]
    return NikError(code, *pair(key, typed=typed), key=key)


# The message id of each error code.
_MESSAGES = {
    EMPTY: msgid("nik.error.empty"),
    NOT_DIGITS: msgid("nik.digits.only"),
    LENGTH: msgid("nik.error.length"),
    PROVINCE: msgid("nik.error.province"),
    REGENCY: msgid("nik.error.regency"),
    DISTRICT: msgid("nik.error.district"),
    DAY: msgid("nik.error.day"),
    MONTH: msgid("nik.error.month"),
    DATE: msgid("nik.error.date"),
    SERIAL: msgid("nik.error.serial"),
}


def normalize_nik(text: str) -> str:
    """Drop what people put between digit groups (spaces, dashes, dots); keep everything else.

    Full-width and other compatibility digits become ASCII digits. Letters are kept, so that
    :func:`parse_nik` can say the NIK may contain digits only.
    """
    if not text:
        return ""
    if text.isdigit() and text.isascii():
        return text
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in _SEPARATORS)


NIK_SHOWN_DIGITS = 4


def nik_tail(nik: str) -> str:
    """The last digits of a NIK that may be kept and shown (`0001`)."""
    return normalize_nik(nik)[-NIK_SHOWN_DIGITS:]


def mask_tail(tail: str) -> str:
    """A full-length mask from the kept last digits: `0001` → `************0001`."""
    return "*" * (NIK_LENGTH - len(tail)) + tail


def mask_nik(nik: str) -> str:
    """``************0001``: everything but the last four characters hidden.

    Anything of four characters or fewer is hidden completely.
    """
    value = normalize_nik(nik)
    if len(value) <= NIK_SHOWN_DIGITS:
        return "*" * len(value)
    return "*" * (len(value) - NIK_SHOWN_DIGITS) + value[-NIK_SHOWN_DIGITS:]


def _birth_year(yy: int, month: int, day: int, today: date) -> int:
    """The year ending in ``yy`` that does not put (year, month, day) after ``today``."""
    year = today.year - today.year % 100 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _first_problem(digits: str, today: date) -> NikError | None:
    """The first definite problem in a run of 0-16 ASCII digits, read left to right.

    A prefix that can still be completed into a valid NIK has no problem.
    """
    result = _scan(digits, today)
    return result if isinstance(result, NikError) else None


def _scan(digits: str, today: date) -> NikError | date | None:
    """The first problem, else the birth date once the date digits are all there."""
    problem = _place_problem(digits)
    if problem is not None:
        return problem
    day = _birth_day(digits)
    if isinstance(day, NikError):
        return day
    month = _birth_month(digits, day)
    if month is None or isinstance(month, NikError):
        return month
    return _birth_date(digits, day, month, today)


def _place_problem(digits: str) -> NikError | None:
    """The first problem in the province, regency and district codes (digits 1-6)."""
    n = len(digits)
    if n >= 1 and digits[0] not in _PROVINCE_FIRST_DIGITS:
        return _error(PROVINCE)
    if n >= 2 and digits[:2] not in PROVINCES:
        return _error(PROVINCE)
    if n >= 4 and int(digits[2:4]) in (0, 70):
        return _error(REGENCY)
    if n >= 6 and digits[4:6] == "00":
        return _error(DISTRICT)
    return None


def _birth_day(digits: str) -> int | NikError:
    """The day of birth (digits 7-8, plus 40 for a woman); 0 until both digits are there."""
    n = len(digits)
    if n >= 7 and digits[6] not in "01234567":
        return _error(DAY)
    if n < 8:
        return 0
    coded = int(digits[6:8])
    if 1 <= coded <= 31:
        return coded
    if 41 <= coded <= 71:
        return coded - 40
    return _error(DAY)


def _birth_month(digits: str, day: int) -> int | NikError | None:
    """The month of birth (digits 9-10), checked against the day; None until both are there."""
    n = len(digits)
    if n >= 9 and digits[8] not in "01":
        return _error(MONTH)
    if n < 10:
        return None
    month = int(digits[8:10])
    if not 1 <= month <= 12:
        return _error(MONTH)
    if day > _DAYS_IN_MONTH[month - 1]:
        return _error(DATE)
    return month


def _birth_date(digits: str, day: int, month: int, today: date) -> NikError | date | None:
    """The birth date once the year (digits 11-12) is there, then the serial (digits 13-16)."""
    if len(digits) < 12:
        return None
    year = _birth_year(int(digits[10:12]), month, day, today)
    if month == 2 and day == 29 and not _is_leap(year):
        return _error(DATE)
    if len(digits) >= 16 and digits[12:16] == "0000":
        return _error(SERIAL)
    return date(year, month, day)


@dataclass(frozen=True)
class NikInfo:
    """What a valid NIK says about its holder. ``repr`` shows the NIK masked."""

    nik: str = field(repr=False)
    province_code: str
    province_name: str
    regency_code: str
    district_code: str
    birth_date: date
    sex: str                      # "M" or "F"
    serial: str = field(repr=False)

    @property
    def masked(self) -> str:
        return mask_nik(self.nik)

    def age(self, on: date) -> int:
        """Completed years on ``on`` (someone born on 29 February turns a year older on 1 March)."""
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    def to_json(self, on: date | None = None) -> dict:
        """Public facts only: the NIK appears masked, and neither regency, district nor serial
        codes are given (together with the birth date they would rebuild the NIK)."""
        doc = {
            "masked": self.masked,
            "province_code": self.province_code,
            "province": self.province_name,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
        }
        if on is not None:
            doc["age"] = self.age(on)
        return doc

    def __repr__(self) -> str:
        return (f"NikInfo(masked={self.masked!r}, province_code={self.province_code!r}, "
                f"birth_date={self.birth_date!r}, sex={self.sex!r})")


def parse_nik(text: str, today: date) -> NikInfo:
    """Read a typed NIK (grouping like ``3171 0117 0845 0001`` allowed) or raise :class:`NikError`."""
    digits = normalize_nik(text)
    if not digits:
        raise _error(EMPTY)
    if not (digits.isascii() and digits.isdigit()):
        raise _error(NOT_DIGITS)
    if len(digits) != NIK_LENGTH:
        raise _error(LENGTH, len(digits))
    birth = _scan(digits, today)
    if isinstance(birth, NikError):
        raise birth
    province = digits[:2]
    return NikInfo(
        nik=digits,
        province_code=province,
        province_name=PROVINCES[province],
        regency_code=digits[2:4],
        district_code=digits[4:6],
        birth_date=birth,
        sex="F" if digits[6] in "4567" else "M",
        serial=digits[12:16],
    )


def nik_problem(partial_text: str, today: date) -> NikError | None:
    """As-you-type feedback: the first definite problem in what was typed so far.

    None while the text can still become a valid NIK (including an empty field). A complete
    16-digit text gets the same verdict as :func:`parse_nik`.
    """
    digits = normalize_nik(partial_text)
    if digits and not (digits.isascii() and digits.isdigit()):
        return _error(NOT_DIGITS)
    if len(digits) > NIK_LENGTH:
        return _error(LENGTH, len(digits))
    return _first_problem(digits, today)


def is_valid_nik(text: str, today: date) -> bool:
    try:
        parse_nik(text, today)
    except NikError:
        return False
    return True


def make_nik(province_code: str | int, regency_code: str | int, district_code: str | int,
             birth_date: date, sex: str, serial: str | int) -> str:
    """Build the 16 digits of a NIK from its parts (for demo data and tests).

    Only the shape is checked here; :func:`parse_nik` judges the result.
    """
    if sex not in ("M", "F"):
        raise ValueError("sex must be 'M' or 'F'")
    parts = []
    for value, width in ((province_code, 2), (regency_code, 2), (district_code, 2), (serial, 4)):
        number = int(value)
        if not 0 <= number < 10 ** width:
            raise ValueError(f"{value!r} does not fit in {width} digits")
        parts.append(f"{number:0{width}d}")
    day = birth_date.day + (40 if sex == "F" else 0)
    return (parts[0] + parts[1] + parts[2]
            + f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}" + parts[3])


# -- which part of a NIK is wrong --------------------------------------------------------------

# The parts of ``PP KK CC DDMMYY SSSS`` as (first position, end position), 0-based, end excluded.
PART_SPANS: dict[str, tuple[int, int]] = {
    PROVINCE: (0, 2),
    REGENCY: (2, 4),
    DISTRICT: (4, 6),
    DAY: (6, 8),
    MONTH: (8, 10),
    DATE: (6, 12),
    SERIAL: (12, 16),
}

# The message id naming each part, for "this part is wrong" under the field.
PART_NAMES = {
    PROVINCE: msgid("nik.part.province"),
    REGENCY: msgid("nik.part.regency"),
    DISTRICT: msgid("nik.part.district"),
    DAY: msgid("nik.part.date"),
    MONTH: msgid("nik.part.date"),
    DATE: msgid("nik.part.date"),
    SERIAL: msgid("nik.part.serial"),
}


def problem_span(error: NikError | None) -> tuple[int, int] | None:
    """The digit positions (start, end) of the part a problem is in; None when it is not one
    part (empty, letters, length)."""
    if error is None:
        return None
    return PART_SPANS.get(error.code)


def problem_part_key(error: NikError | None) -> str | None:
    """The message id naming the wrong part ("tanggal lahir (angka ke-7 sampai 12)")."""
    if error is None:
        return None
    return PART_NAMES.get(error.code)
