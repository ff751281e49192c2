"""Reading a KTP from one camera frame: find the card, cut its lines, read the few that matter
(the header, the NIK, the birth date, the sex; never the name), check them with the domain's
rules. Everything stays in memory; nothing is logged.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import cv2
import numpy as np

from kiosk.domain import ktp as rules
from kiosk.domain.nik import NikError, NikInfo, mask_nik, parse_nik
from kiosk.ktp.engines import LineReader, line_reader
from kiosk.ktp.face import FAMILY_CARD, KTP, OTHER, FaceText, kind_of, nik_line, read_face
from kiosk.ktp.find import find_card
from kiosk.ktp.lines import Band, bands

NO_CARD = "none"                  # nothing card-shaped on the tray
_HEAD_LINES = 3                   # PROVINSI, KABUPATEN/KOTA, NIK


@dataclass(frozen=True)
class KtpRead:
    """One read of the tray. ``kind`` is ``ktp``, ``family_card``, ``other`` or ``none``; ``repr``
    shows the NIK masked."""

    kind: str
    nik: str | None = field(default=None, repr=False)
    nik_valid: bool = False
    sure: bool = False
    birth_date: date | None = None
    agrees_with_card: bool | None = None
    ms: int = 0

    @property
    def found(self) -> bool:
        return self.kind == KTP

    @property
    def masked(self) -> str | None:
        return mask_nik(self.nik) if self.nik else None

    def to_json(self) -> dict:
        """The `anjungan ktp read --json` document (a contract)."""
        return {"nik": self.nik, "nik_valid": self.nik_valid, "sure": self.sure,
                "birth_date": self.birth_date.isoformat() if self.birth_date else None,
                "agrees_with_card": self.agrees_with_card, "ms": self.ms}

    def __repr__(self) -> str:
        return (f"KtpRead(kind={self.kind!r}, nik={self.masked!r}, nik_valid={self.nik_valid}, sure={self.sure}, "
                f"agrees_with_card={self.agrees_with_card}, ms={self.ms})")


def decode_picture(data: bytes) -> np.ndarray | None:
    """An encoded picture (PNG, JPEG, …) decoded in memory; None when it is not one."""
    if not data:
        return None
    return cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)


def _crop(image: np.ndarray, band: Band) -> np.ndarray:
    crop = image[band.top:band.bottom, band.left:band.right]
    return crop if crop.ndim == 3 else cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)


def _read_face(card: np.ndarray, reader: LineReader) -> tuple[FaceText, str | None]:
    """The face of a straightened card, and a second read of its NIK from the evened light."""
    evened, found = bands(card)
    if len(found) < _HEAD_LINES:
        return FaceText(OTHER), None
    head = reader.read([_crop(card, b) for b in found[:_HEAD_LINES]])
    at = nik_line(head)
    if at is None and len(found) > _HEAD_LINES and kind_of([t.text for t in head]) != FAMILY_CARD:
        head += reader.read([_crop(card, found[_HEAD_LINES])])      # the header read as three lines
        at = nik_line(head)
    face = read_face(head)
    if face.kind != KTP or face.nik is None or at is None:
        return face, None
    # the birth date and sex rows follow the name's row, which is read only when they are not found
    again, *more = reader.read([_crop(evened, found[at])] + [_crop(card, b) for b in found[at + 2:at + 4]])
    face = read_face(head[:at + 1] + more)
    if (face.birth_date is None or face.sex is None) and len(found) > at + 1:
        face = read_face(head[:at + 1] + reader.read([_crop(card, b) for b in found[at + 1:at + 4]]))
    second = read_face(head[:at] + [again])
    return face, second.nik


def read_ktp(picture: np.ndarray | bytes, today: date, reader: LineReader | None = None) -> KtpRead:
    """Read the card on the tray. A frame is a BGR array (or encoded bytes); it is not kept."""
    started = time.perf_counter()
    frame = decode_picture(picture) if isinstance(picture, (bytes, bytearray)) else picture
    found = find_card(frame) if frame is not None else None
    if found is None:
        return KtpRead(NO_CARD, ms=_ms(started))
    reader = reader or line_reader()
    face, second = _read_face(found.image, reader)
    if not found.card_shaped:                               # a sheet: say what it is, read nothing from it
        return KtpRead(FAMILY_CARD if face.kind == FAMILY_CARD else OTHER, ms=_ms(started))
    if face.kind == OTHER and face.nik is None:            # laid upside down on the tray
        turned, second_turned = _read_face(cv2.rotate(found.image, cv2.ROTATE_180), reader)
        if turned.kind != OTHER:
            face, second = turned, second_turned
    if face.kind != KTP:
        return KtpRead(face.kind if face.kind == FAMILY_CARD else OTHER, ms=_ms(started))
    return judge(face, second, today, started)


def judge(face: FaceText, second: str | None, today: date, started: float | None = None) -> KtpRead:
    """The verdict on a KTP's face: the NIK rules, the cross-check with the card, and whether it
    is sure (``second``: the NIK as read a second time, from the evened light)."""
    info: NikInfo | None = None
    if face.nik is not None:
        try:
            info = parse_nik(face.nik, today)
        except NikError:
            info = None
    agrees = rules.card_agrees(info, face.birth_date, face.sex) if info else None
    sure = rules.is_sure(info, agrees, info is not None and rules.region_agrees(info, face.province, face.regency),
                         face.worst_digit if face.nik_clean else 0.0, second == face.nik)
    return KtpRead(KTP, face.nik, info is not None, sure, rules.birth_date_of(info, face.birth_date, agrees),
                   agrees, _ms(started) if started is not None else 0)


def _ms(started: float) -> int:
    return int(round((time.perf_counter() - started) * 1000))
