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
CSV_HEADER = ("nik", "name", "status", "segment", "programs", "birth_date", "last_paid", "card_number")

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


def _weighted(pairs) -> tuple:
    """A table where each item appears `weight` times: a uniform pick is a weighted pick."""
    return tuple(item for item, weight in pairs for _ in range(weight))


_SEGMENT_TABLE = _weighted(_SEGMENTS)
_STATUS_TABLE = _weighted(_STATUSES)
_AGE_TABLE = _weighted(((low, high), weight) for low, high, weight in _AGE_BANDS)
_PROGRAMS = {
    # segment: (programs most hold, programs the rest hold, share holding the first set)
    "PU": (frozenset(("JHT", "JKK", "JKM", "JP", "JKP")), frozenset(("JHT", "JKK", "JKM", "JP")), 0.7),
    "BPU": (frozenset(("JKK", "JKM", "JHT")), frozenset(("JKK", "JKM")), 0.4),       # never JP
    "JAKON": (frozenset(("JKK", "JKM")), frozenset(("JKK", "JKM")), 1.0),
    "PMI": (frozenset(("JKK", "JKM", "JHT")), frozenset(("JKK", "JKM")), 0.5),
}


def _month_back(today: date, months: int) -> str:
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def demo_rows(count: int, seed: int = DEFAULT_SEED, today: date | None = None) -> Iterator[ParticipantRow]:
    """`count` synthetic participants with unique, valid NIKs."""
    today = today or date.today()
    rnd = random.Random(seed).random

    def pick(seq):
        return seq[int(rnd() * len(seq))]

    def between(low: int, high: int) -> int:
        return low + int(rnd() * (high - low + 1))

    seen: set[str] = set()
    made = 0
    while made < count:
        sex = "F" if rnd() < 0.45 else "M"
        low, high = pick(_AGE_TABLE)
        age = between(low, high)
        latest = _years_before(today, age)                          # birthday today
        earliest = _years_before(today, age + 1) + timedelta(days=1)
        birth = earliest + timedelta(days=int(rnd() * ((latest - earliest).days + 1)))
        province = pick(_REGION_KEYS)
        nik = make_nik(province, pick(_REGIONS[province]), between(1, 30), birth, sex, between(1, 9999))
        if nik in seen:
            continue
        seen.add(nik)
        segment = pick(_SEGMENT_TABLE)
        status = pick(_STATUS_TABLE)
        most, rest, share = _PROGRAMS[segment]
        programs = most if rnd() < share else rest
        if segment == "JAKON":                  # paid per project by the contractor
            last_paid = None if rnd() < 0.5 else _month_back(today, between(0, 24))
        elif status is Status.ACTIVE:
            last_paid = _month_back(today, pick((0, 1, 1, 1)) if segment == "PU" else between(0, 2))
        elif status is Status.UNPAID:
            last_paid = _month_back(today, between(3, 18))
        else:
            last_paid = _month_back(today, between(6, 120))
        name = f"{pick(_FEMALE if sex == 'F' else _MALE)} {pick(_FAMILY)}".strip()
        made += 1
        yield ParticipantRow(nik=nik, name=name, status=status, status_text=status.label_id,
                             segment=segment, programs=programs, birth_date=birth,
                             last_paid=last_paid, sex=sex, card_number=demo_card_number(nik))


def demo_card_number(nik: str) -> str:
    """A synthetic 11-digit membership card (KPJ) number, the same for the same NIK."""
    import hashlib

    value = int.from_bytes(hashlib.sha256(("kpj:" + nik).encode()).digest()[:8], "big")
    return f"{10_000_000_000 + value % 90_000_000_000:011d}"


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
            writer.writerow((row.nik, row.name, row.status_text, row.segment,
                             ";".join(sorted(row.programs)),
                             row.birth_date.isoformat() if row.birth_date else "", row.last_paid or "",
                             row.card_number or ""))
            written += 1
    return written
