"""What a read of a KTP's printed face may be trusted for: the cross-check and the sure read.

A KTP prints the birth date (``DD-MM-YYYY``) and the sex beside the NIK, and the NIK encodes
both (``DDMMYY``, day + 40 for a woman). A digit misread in the NIK's date part makes the two
disagree; a misread in the serial shows in the confirmation (the last four digits); a misread
in the region part is caught by the card's own province header and by the reader's certainty.
A read is *sure* only when all of these hold; anything less goes to the NIK field for the
participant to check. No NIK or card text is kept or written here.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from kiosk.domain.nik import PROVINCES, NikInfo

#: Regency codes from here on are cities (KOTA); below, regencies (KABUPATEN).
CITY_CODES_FROM = 71

#: The least probability the reader may give any single digit of the NIK in a sure read.
SURE_DIGIT_PROBABILITY = 0.90


def card_agrees(info: NikInfo, printed_birth: date | None, printed_sex: str | None) -> bool | None:
    """Whether the birth date and sex printed on the card agree with the NIK.

    False as soon as either one read disagrees; True only when both were read and both agree;
    None when they were not both read. The printed year is compared by its last two digits (the
    NIK's century is a guess, the card's is printed)."""
    if printed_birth is not None and (
            (printed_birth.day, printed_birth.month, printed_birth.year % 100)
            != (info.birth_date.day, info.birth_date.month, info.birth_date.year % 100)):
        return False
    if printed_sex is not None and printed_sex != info.sex:
        return False
    if printed_birth is None or printed_sex is None:
        return None
    return True


def _letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).upper()
    return re.sub(r"[^A-Z]", "", text)


def province_agrees(info: NikInfo, printed_province: str | None) -> bool:
    """Whether the card's header (``PROVINSI DKI JAKARTA``) names the NIK's province.

    A card re-issued after a move, or a province since split, names another: that is no error,
    only not a proof, so such a read is not sure."""
    if not printed_province:
        return False
    return _letters(printed_province) == _letters(PROVINCES[info.province_code])


def region_agrees(info: NikInfo, printed_province: str | None, printed_regency: str | None) -> bool:
    """The card's header names the NIK's province, and its second line a KOTA for a city code
    (71-99) or a KABUPATEN for a regency code (01-69)."""
    if not province_agrees(info, printed_province) or not printed_regency:
        return False
    words = _letters(printed_regency)
    city = int(info.regency_code) >= CITY_CODES_FROM
    return words.startswith("KOTA") if city else words.startswith(("KABUPATEN", "KAB"))


def is_sure(info: NikInfo | None, agrees: bool | None, region_ok: bool, worst_digit: float,
            reads_agree: bool) -> bool:
    """A read that may go straight to the confirmation: a valid NIK whose date and sex agree
    with the card, under the card's own province and kind of regency, read twice alike with
    every digit clear."""
    return (info is not None and agrees is True and region_ok and reads_agree
            and worst_digit >= SURE_DIGIT_PROBABILITY)


def birth_date_of(info: NikInfo | None, printed_birth: date | None, agrees: bool | None) -> date | None:
    """The birth date to tell: the card's own when it agrees with the NIK (its year is printed
    in full), else the NIK's, else what the card says."""
    if agrees and printed_birth is not None:
        return printed_birth
    if info is not None:
        return info.birth_date
    return printed_birth
