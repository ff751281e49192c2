"""One rule for "looks like a NIK or a card number", whatever stands between its digits."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

from kiosk.domain.privacy import ID_DIGITS, looks_like_id_number, mask_id_numbers

NIK = "3171011708450001"
SEPARATORS = [" ", "_", ".", ",", "/", "-", " - ", ", ", "\u2013", "\t", "  "]


def test_the_written_forms_that_slipped_through_are_masked():
    for text in ("3171_0117_0845_0001", "3171,0117,0845,0001", "31710117/08450001", "3171 0117 0845 0001",
                 "3171.0117.0845.0001", "3171-0117-0845-0001", "NIK: 3171 - 0117 - 0845 - 0001.", NIK):
        masked = mask_id_numbers(text)
        assert looks_like_id_number(text)
        assert re.sub(r"\D", "", masked).endswith("0001") and len(re.sub(r"\D", "", masked)) == 4, masked
        assert "0117" not in masked and "0845" not in masked


def test_dates_times_prices_and_short_numbers_stay():
    for text in ("datang 23/11/2026 jam 09.30", "antre 45 menit, loket 3", "Rp 1.500.000", "0812345678",
                 "2026-11-23T09:30:00+07:00"):
        assert mask_id_numbers(text) == text and not looks_like_id_number(text)


def digit_groups():
    return st.lists(st.text("0123456789", min_size=1, max_size=6), min_size=1, max_size=8)


@given(digit_groups(), st.lists(st.sampled_from(SEPARATORS), min_size=8, max_size=8),
       st.text(alphabet="abc XYZ:;!?()", max_size=10), st.text(alphabet="abc XYZ:;!?()", max_size=10))
def test_any_run_of_enough_digits_keeps_only_its_last_four_whatever_the_separators(groups, seps, before, after):
    number = "".join(g + (seps[i] if i < len(groups) - 1 else "") for i, g in enumerate(groups))
    text = f"{before}{' ' if before else ''}{number}{' ' if after else ''}{after}"
    digits = "".join(groups)
    masked = mask_id_numbers(text)
    shown = re.sub(r"\D", "", masked)
    if len(digits) >= ID_DIGITS:
        assert looks_like_id_number(text)
        assert shown == digits[-4:]
        assert masked.count("*") == len(digits) - 4
    else:
        assert masked == text
    assert len(masked) == len(text)                     # separators and words are kept in place
    assert mask_id_numbers(masked) == masked            # masking twice changes nothing


@given(st.text(max_size=60))
def test_masked_text_never_holds_a_long_number(text):
    assert not looks_like_id_number(mask_id_numbers(text))
