"""The synthetic pictures the KTP tests and the benchmark read: made-up people on made-up cards,
laid on the tray and spoilt (kiosk/demo/ktp_pictures.py draws them)."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk.demo.ktp_pictures import KtpFace, Spoil, draw_ktp, on_tray
from kiosk.domain.nik import PROVINCES, make_nik

TODAY = date(2026, 11, 23)
_NAMES = ("SITI AMINAH", "BUDI SANTOSO", "SRI WAHYUNI", "AGUS SALIM", "DEWI LESTARI", "MUHAMMAD RIDWAN",
          "NI KETUT SARI", "YOHANES PATTY")
_PLACES = ("JAKARTA", "BANDUNG", "SURABAYA", "MEDAN", "SEMARANG", "DENPASAR", "MAKASSAR", "BOGOR")


@dataclass(frozen=True)
class Scene:
    face: KtpFace
    spoil: Spoil
    seed: int

    def picture(self):
        return on_tray(draw_ktp(self.face, seed=self.seed), self.spoil, seed=self.seed)


def random_face(rng: random.Random) -> KtpFace:
    sex = rng.choice("MF")
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
    nik = make_nik(rng.choice(sorted(PROVINCES)), rng.randrange(1, 70) if rng.random() < .7 else rng.randrange(71, 100),
                   rng.randrange(1, 40), born, sex, rng.randrange(1, 10000))
    return KtpFace(nik=nik, name=rng.choice(_NAMES), birth_place=rng.choice(_PLACES), birth_date=born, sex=sex,
                   province=f"PROVINSI {PROVINCES[nik[:2]].upper()}",
                   city=("KOTA " if int(nik[2:4]) >= 71 else "KABUPATEN ") + rng.choice(_PLACES))


def random_spoil(rng: random.Random, hard: bool = True) -> Spoil:
    """A tray picture as the lobby makes it: turned up to 15°, and, when hard, any mix of blur,
    glare, shadow, low light, noise and a thumb."""
    if not hard:
        return Spoil(angle=rng.uniform(-15, 15), scale=rng.uniform(0.55, 0.75))
    return Spoil(angle=rng.uniform(-15, 15), scale=rng.uniform(0.5, 0.78),
                 blur=rng.choice([0, 0, 0.8, 1.5, 2.2]), glare=rng.choice([0, 0, 0.5, 0.8]),
                 shadow=rng.choice([0, 0, 0.35, 0.55]), light=rng.choice([1.0, 1.0, 0.7, 0.45]),
                 thumb=rng.random() < 0.3, noise=rng.choice([0, 6, 12]),
                 offset=(rng.uniform(-0.08, 0.08), rng.uniform(-0.06, 0.06)))


def scenes(count: int, seed: int = 20, hard: bool = True) -> list[Scene]:
    rng = random.Random(seed)
    result = []
    for i in range(count):
        face = random_face(rng)
        # an invalid regency code (00 or 70) would not be a NIK at all: draw again
        result.append(Scene(face, random_spoil(rng, hard), seed * 1000 + i))
    return result
