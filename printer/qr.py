"""QR codes drawn as images (the preview, and printers without native QR)."""
from __future__ import annotations

from functools import lru_cache

from PIL import Image


@lru_cache(maxsize=64)
def qr_matrix(payload: str) -> tuple[tuple[bool, ...], ...]:
    import qrcode

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


def qr_image(payload: str, module: int, width: int) -> Image.Image:
    """The QR code as a 1-bit image (black = 0), centred on a strip `width` dots wide."""
    matrix = qr_matrix(payload)
    n = len(matrix)
    small = Image.new("1", (n, n), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    module = max(1, min(module, width // n))
    code = small.resize((n * module, n * module), Image.NEAREST)
    strip = Image.new("1", (width, code.height), 1)
    strip.paste(code, ((width - code.width) // 2, 0))
    return strip
