"""The one rule for an Indonesian mobile number, and when an SMS is due (property tests)."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kiosk.domain.phone import InvalidPhone, OptIn, SmsKind, due_message, is_phone, mask_phone, normalize_phone
from kiosk.domain.queue import TicketState

digits = st.text("0123456789", min_size=0, max_size=16)


@given(st.integers(8, 11).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_08_with_10_to_13_digits_is_kept_as_plus_628(rest):
    local = "08" + rest
    assert normalize_phone(local) == "+628" + rest
    assert normalize_phone("+628" + rest) == "+628" + rest           # both ways of writing it agree
    assert normalize_phone(f"{local[:4]}-{local[4:8]} {local[8:]}") == "+628" + rest


@given(digits)
def test_anything_else_is_refused(text):
    ok = text.startswith("08") and 10 <= len(text) <= 13
    assert is_phone(text) == ok


@pytest.mark.parametrize("text", ["0212345678", "08123", "+6221234567", "0812345678901234", "08１２３４５６７８９", "", "+62", "6281234567890"])
def test_refused_in_one_sentence(text):
    with pytest.raises(InvalidPhone) as err:
        normalize_phone(text)
    assert str(err.value) == "Nomor ponsel tidak sah: tulis 08… (10–13 angka) atau +628…."


@given(st.integers(8, 11).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n)))
def test_the_mask_shows_only_the_last_three_digits(rest):
    masked = mask_phone(normalize_phone("08" + rest))
    assert masked.endswith(rest[-3:]) and not any(c.isdigit() for c in masked[:-3])


states = st.sampled_from(list(TicketState))


@given(st.lists(st.tuples(states, st.none() | st.integers(0, 30), st.booleans()), max_size=40),
       st.integers(0, 10), st.integers(1, 5))
def test_never_more_than_the_limit_and_each_kind_once(steps, when_ahead, limit):
    opt = OptIn("t", "+6281234567890")
    kinds = []
    for state, ahead, survey in steps:
        over = state not in (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)
        kind = due_message(opt, state=state, ahead=ahead, notify_when_ahead=when_ahead, limit=limit,
                           visit_over=over, survey=survey and state == TicketState.DONE)
        if kind is not None:
            kinds.append(kind)
            opt = OptIn("t", opt.phone, sent=opt.sent + 1, told_ahead=opt.told_ahead or kind == SmsKind.AHEAD,
                        told_called=opt.told_called or kind == SmsKind.CALLED)
        if over:
            break                                   # the number is deleted with the visit
    assert len(kinds) <= limit
    assert kinds.count(SmsKind.AHEAD) <= 1 and kinds.count(SmsKind.CALLED) <= 1 and kinds.count(SmsKind.SKM) <= 1
    if SmsKind.AHEAD in kinds and SmsKind.CALLED in kinds:
        assert kinds.index(SmsKind.AHEAD) < kinds.index(SmsKind.CALLED)
