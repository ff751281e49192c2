"""Reading the KTP laid on the kiosk's tray (one camera frame, in memory), for the visit.

The reading itself is kiosk/ktp (OpenCV and the OCR engine, an optional part: ``anjungan[ktp]``);
this use case gives it the branch's today (the NIK's century and the cross-check need it) and
says plainly when the reader is not installed. Neither the frame nor the text read is kept or
logged."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.app.core import AppCore
    from kiosk.ktp import KtpRead

log = logging.getLogger("anjungan.ktp")
_missing_said = False


def ktp_reader_installed() -> bool:
    try:
        import kiosk.ktp  # noqa: F401
    except ImportError:
        return False
    return True


def read_ktp(app: AppCore, picture) -> KtpRead | None:
    """The card on the tray read (a ``KtpRead``), or None when this machine has no KTP reader."""
    global _missing_said
    try:
        from kiosk.ktp import read_ktp as read
    except ImportError:
        if not _missing_said:
            _missing_said = True
            log.warning("the KTP reader is not installed (pip install 'anjungan[ktp]'): the kiosk asks for typing")
        return None
    return read(picture, app.today())
