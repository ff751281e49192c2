"""Synthetic participants for the demo and for benchmarks: valid, unique NIKs, realistic mix.

Ages lean old as a branch lobby does (many 56+, a good share 60+, some young workers);
segments PU/BPU/JAKON/PMI with the programs each holds (BPU has no JP); mostly active, some
inactive, unpaid, deceased or suspended. The same seed always gives the same rows.
"""
from __future__ import annotations

import csv
import os
import random
from datetime import date, timedelta
from typing import Iterator

from kiosk.directory.csvfile import ParticipantRow
from kiosk.domain.nik import make_nik
from kiosk.domain.participant import Status

DEFAULT_SEED = 2026
CSV_HEADER = ("nik", "name", "status", "segment", "programs", "birth_date", "last_paid")

# Province -> regency codes used (a few real ones each, cities 71+ included).
_REGIONS = {
    "31": (71, 72, 73, 74, 75, 1),
    "32": (1, 4, 16, 73, 75, 76),
    "33": (1, 22, 74, 72),
    "34": (4, 71, 2),
    "35": (15, 78, 7, 73),
    "36": (3, 71, 74),
    "12": (1, 71, 75),
    "16": (1, 71),
    "51": (71, 3),
    "64": (71, 72),
    "71": (5, 71),
    "73": (71, 1),
}
_REGION_KEYS = tuple(_REGIONS)

_MALE = ("Budi", "Agus", "Slamet", "Joko", "Bambang", "Hendra", "Rudi", "Wahyu", "Dedi", "Suparman",
         "Yusuf", "Ahmad", "Rizky", "Eko", "Dimas", "Teguh", "Made", "Arif", "Sutrisno", "Ilham")
_FEMALE = ("Siti", "Sri", "Dewi", "Rina", "Wati", "Ani", "Lestari", "Nur", "Ayu", "Fitri",
           "Kartini", "Sumiati", "Putri", "Indah", "Yuliana", "Ratna", "Ketut", "Aminah", "Lina", "Endang")
_FAMILY = ("Santoso", "Wijaya", "Saputra", "Hidayat", "Pratama", "Nugroho", "Siregar", "Lubis",
           "Harahap", "Setiawan", "Kurniawan", "Susanto", "Rahayu", "Wulandari", "Simanjuntak",
           "Gunawan", "Halim", "Sembiring", "Tambunan", "Purba", "Hasibuan", "Utami", "", "")

_SEGMENTS = (("PU", 55), ("BPU", 25), ("JAKON", 10), ("PMI", 10))
_STATUSES = ((Status.ACTIVE, 76), (Status.INACTIVE, 7), (Status.UNPAID, 9),
             (Status.DECEASED, 4), (Status.SUSPENDED, 4))
# (lowest age, highest age, weight)
_AGE_BANDS = ((18, 25, 12), (26, 45, 23), (46, 55, 15), (56, 59, 25), (60, 85, 25))


def _programs(segment: str, rng: random.Random) -> frozenset[str]:
    if segment == "PU":
        return frozenset(("JHT", "JKK", "JKM", "JP", "JKP") if rng.random() < 0.7 else ("JHT", "JKK", "JKM", "JP"))
    if segment == "BPU":
        return frozenset(("JKK", "JKM", "JHT") if rng.random() < 0.4 else ("JKK", "JKM"))
    if segment == "JAKON":
        return frozenset(("JKK", "JKM"))
    return frozenset(("JKK", "JKM", "JHT") if rng.random() < 0.5 else ("JKK", "JKM"))   # PMI


def _month_back(today: date, months: int) -> str:
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _last_paid(status: Status, segment: str, today: date, rng: random.Random) -> str | None:
    if segment == "JAKON":
        return None if rng.random() < 0.5 else _month_back(today, rng.randint(0, 24))
    if status is Status.ACTIVE:
        return _month_back(today, rng.choice((0, 1, 1, 1)) if segment == "PU" else rng.randint(0, 2))
    if status is Status.UNPAID:
        return _month_back(today, rng.randint(3, 18))
    return _month_back(today, rng.randint(6, 120))


def demo_rows(count: int, seed: int = DEFAULT_SEED, today: date | None = None) -> Iterator[ParticipantRow]:
    """`count` synthetic participants with unique, valid NIKs."""
    today = today or date.today()
    rng = random.Random(seed)
    seen: set[str] = set()
    segments, segment_weights = zip(*_SEGMENTS)
    statuses, status_weights = zip(*_STATUSES)
    bands = [b[:2] for b in _AGE_BANDS]
    band_weights = [b[2] for b in _AGE_BANDS]
    made = 0
    while made < count:
        sex = "F" if rng.random() < 0.45 else "M"
        low, high = rng.choices(bands, band_weights)[0]
        age = rng.randint(low, high)
        birth = _birth_date(today, age, rng)
        province = rng.choice(_REGION_KEYS)
        regency = rng.choice(_REGIONS[province])
        district = rng.randint(1, 30)
        nik = make_nik(province, regency, district, birth, sex, rng.randint(1, 9999))
        if nik in seen:
            continue
        seen.add(nik)
        segment = rng.choices(segments, segment_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        first = rng.choice(_FEMALE if sex == "F" else _MALE)
        family = rng.choice(_FAMILY)
        name = f"{first} {family}".strip()
        made += 1
        yield ParticipantRow(nik=nik, name=name, status=status, status_text=status.label_id,
                             segment=segment, programs=_programs(segment, rng), birth_date=birth,
                             last_paid=_last_paid(status, segment, today, rng), sex=sex)


def _birth_date(today: date, age: int, rng: random.Random) -> date:
    """A birth date giving exactly `age` completed years on `today`."""
    latest = _years_before(today, age)                           # birthday today
    earliest = _years_before(today, age + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randint(0, (latest - earliest).days))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:                 # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def write_demo_csv(path: str | os.PathLike, count: int, seed: int = DEFAULT_SEED,
                   today: date | None = None) -> int:
    """Write `count` demo participants as an importable CSV; returns the number written."""
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for row in demo_rows(count, seed=seed, today=today):
            writer.writerow((row.nik, row.name, row.status.value, row.segment,
                             ";".join(sorted(row.programs)),
                             row.birth_date.isoformat() if row.birth_date else "", row.last_paid or ""))
            written += 1
    return written
