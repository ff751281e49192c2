"""Indonesian (and English) date and time text, as screens and tickets write them.

Dates are written `22 November 2026`, times `08.45` (Indonesian style, a dot between hour
and minute). Pure functions; no locale settings are consulted, so output is the same on
every machine.
"""
from __future__ import annotations

from datetime import date, datetime, time

from kiosk.domain.catalog import Lang

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Monday first, as date.weekday() counts.
WEEKDAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def date_id(d: date | datetime) -> str:
    """`22 November 2026` (Indonesian month names, no leading zero on the day)."""
    d = _as_date(d)
    return f"{d.day} {MONTHS_ID[d.month - 1]} {d.year}"


def date_en(d: date | datetime) -> str:
    """`22 November 2026` (English month names)."""
    d = _as_date(d)
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def time_id(t: time | datetime) -> str:
    """`08.45`: 24-hour clock, two digits each, a dot between them."""
    return f"{t.hour:02d}.{t.minute:02d}"


def time_en(t: time | datetime) -> str:
    """`08:45`: 24-hour clock with a colon."""
    return f"{t.hour:02d}:{t.minute:02d}"


def weekday_id(d: date | datetime) -> str:
    """`Minggu` for a Sunday."""
    return WEEKDAYS_ID[_as_date(d).weekday()]


def weekday_en(d: date | datetime) -> str:
    return WEEKDAYS_EN[_as_date(d).weekday()]


def datetime_id(dt: datetime) -> str:
    """`Minggu, 22 November 2026 08.45`."""
    return f"{weekday_id(dt)}, {date_id(dt)} {time_id(dt)}"


def minutes_id(minutes: int) -> str:
    """A wait in words: `45 menit`, `1 jam 10 menit`, `2 jam`."""
    if minutes < 60:
        return f"{minutes} menit"
    hours, rest = divmod(minutes, 60)
    return f"{hours} jam {rest} menit" if rest else f"{hours} jam"


def minutes_en(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def when_text(value: date | datetime, lang: str = "id", *, clock: str | None = "at",
              today: date | None = None) -> str:
    """The one way a day and time are written on screens, tickets and in messages.

    `clock`: "at" → `Senin, 23 November 2026 pukul 09.00` / `Monday, 23 November 2026 at 09:00`;
    "plain" → `Senin, 23 November 2026 09.00`; None → the day only. With `today`, today and
    tomorrow are said as such (`hari ini pukul 09.00`, `besok, Selasa, …`).
    """
    en = Lang.of(lang) is Lang.EN
    day = _as_date(value)
    if today is not None and day == today and clock and isinstance(value, datetime):
        return f"today at {time_en(value)}" if en else f"hari ini pukul {time_id(value)}"
    text = f"{weekday_en(day)}, {date_en(day)}" if en else f"{weekday_id(day)}, {date_id(day)}"
    if today is not None and (day - today).days == 1:
        text = f"tomorrow, {text}" if en else f"besok, {text}"
    if clock and isinstance(value, datetime):
        t = time_en(value) if en else time_id(value)
        text = f"{text} {t}" if clock == "plain" else (f"{text} at {t}" if en else f"{text} pukul {t}")
    return text


def minutes_text(minutes: int, lang: str = "id") -> str:
    return Lang.of(lang).pick(minutes_id, minutes_en)(minutes)


def date_text(d: date | datetime, lang: str = "id") -> str:
    """`22 November 2026` with the month named in `lang`."""
    return Lang.of(lang).pick(date_id, date_en)(d)


def time_text(t: time | datetime, lang: str = "id") -> str:
    """`08.45` in Indonesian, `08:45` in English."""
    return Lang.of(lang).pick(time_id, time_en)(t)


def weekday_text(index: int, lang: str = "id") -> str:
    """The weekday's name, Monday = 0 as `date.weekday()` counts."""
    return Lang.of(lang).pick(WEEKDAYS_ID, WEEKDAYS_EN)[index]


def decimal_text(value: float | None, lang: str = "id", decimals: int | None = 1, *, none: str = "–") -> str:
    """A figure with `decimals` places (None: as many as it has, `2,5`, `3`): `4,25` in Indonesian
    (a decimal comma), `4.25` in English; `none` when there is no figure."""
    if value is None:
        return none
    text = f"{value:g}" if decimals is None else f"{value:.{decimals}f}"
    return text if Lang.of(lang) is Lang.EN else text.replace(".", ",")


def month_text(year_month: str, lang: str = "id") -> str:
    """`2025-09` → `September 2025` (the source's `YYYY-MM`; anything else is returned as it is)."""
    try:
        year, month = int(year_month[:4]), int(year_month[5:7])
    except (TypeError, ValueError):
        return year_month
    if len(year_month) < 7 or year_month[4] != "-" or not 1 <= month <= 12:
        return year_month
    names = Lang.of(lang).pick(MONTHS_ID, MONTHS_EN)
    return f"{names[month - 1]} {year}"
