"""Reading a KTP picture: find the card, read its NIK line by OCR, cross-check it (Qt-free; the
camera itself is an edge of the windows). Frames and the text read stay in memory only."""
from kiosk.ktp.reader import NO_CARD, KtpRead, decode_picture, read_ktp

__all__ = ["NO_CARD", "KtpRead", "decode_picture", "read_ktp"]
