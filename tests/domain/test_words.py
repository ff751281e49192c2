import pytest
from hypothesis import given, strategies as st

from kiosk.domain.words import (
    VOCABULARY,
    call_phrases,
    call_sentence,
    digit_words,
    number_words,
    parse_number_words,
)
from kiosk.domain.queue import TicketNumberError, parse_ticket_number

KNOWN = {
    0: "nol",
    1: "satu",
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    13: "tiga belas",
    15: "lima belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    23: "dua puluh tiga",
    30: "tiga puluh",
    47: "empat puluh tujuh",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    112: "seratus dua belas",
    120: "seratus dua puluh",
    200: "dua ratus",
    305: "tiga ratus lima",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1011: "seribu sebelas",
    1100: "seribu seratus",
    1999: "seribu sembilan ratus sembilan puluh sembilan",
    2000: "dua ribu",
    2026: "dua ribu dua puluh enam",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
}


@pytest.mark.parametrize("n,words", sorted(KNOWN.items()))
def test_number_words_known_values(n, words):
    assert number_words(n) == words


COUNTERS = [
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
    "sebelas", "dua belas", "tiga belas", "empat belas", "lima belas", "enam belas", "tujuh belas",
    "delapan belas", "sembilan belas", "dua puluh", "dua puluh satu", "dua puluh dua",
    "dua puluh tiga", "dua puluh empat", "dua puluh lima", "dua puluh enam", "dua puluh tujuh",
    "dua puluh delapan", "dua puluh sembilan", "tiga puluh",
]


@pytest.mark.parametrize("counter", range(1, 31))
def test_counter_numbers_1_to_30(counter):
    assert number_words(counter) == COUNTERS[counter - 1]
    assert call_sentence("A-001", counter).endswith(f"silakan menuju loket {COUNTERS[counter - 1]}")


def test_every_number_below_1000_is_distinct_and_reads_back():
    seen = {}
    for n in range(1000):
        words = number_words(n)
        assert words not in seen, f"{n} and {seen.get(words)} share words"
        seen[words] = n
        assert parse_number_words(words) == n


def test_the_call_sentence():
    assert call_sentence("A-023", 3) == "Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga"
    assert call_sentence("C-111", 11) == "Nomor antrian, C, seratus sebelas, silakan menuju loket sebelas"
    assert call_sentence("B-100", 2) == "Nomor antrian, B, seratus, silakan menuju loket dua"
    assert call_sentence("D-000", 1) == "Nomor antrian, D, nol, silakan menuju loket satu"


def test_digit_by_digit_option():
    assert call_sentence("A-023", 3, digit_by_digit=True) == (
        "Nomor antrian, A, nol, dua, tiga, silakan menuju loket tiga"
    )
    assert digit_words("023") == "nol, dua, tiga"


def test_lowercase_and_spaced_numbers_are_read():
    assert call_sentence(" a - 007 ", 4) == "Nomor antrian, A, tujuh, silakan menuju loket empat"
    assert str(parse_ticket_number("z-999")) == "Z-999"


@pytest.mark.parametrize("bad", ["", "A023", "A-23", "AB-023", "1-023", "A-02x", "A--023", "A-12345", "Ä-023"])
def test_malformed_ticket_numbers_are_refused(bad):
    with pytest.raises(TicketNumberError) as err:
        call_sentence(bad, 1)
    assert "A-023" in err.value.message


@pytest.mark.parametrize("counter", [0, -1, 10000, True, 2.0])
def test_bad_counters_are_refused(counter):
    with pytest.raises(ValueError):
        call_sentence("A-001", counter)


@pytest.mark.parametrize("n", [-1, 10000, 123456])
def test_out_of_range(n):
    with pytest.raises(ValueError):
        number_words(n)


@pytest.mark.parametrize(
    "text", ["", "satu ribu", "satu ratus", "satu puluh", "satu belas", "dua puluh nol", "seratus seratus",
             "dua puluh dua puluh", "ribu", "nol nol", "sebelas satu", "dua ratus ribu", "tiga apel"]
)
def test_parser_refuses_non_canonical_words(text):
    with pytest.raises(ValueError):
        parse_number_words(text)


@given(st.integers(min_value=0, max_value=9999))
def test_words_are_known_and_tidy(n):
    words = number_words(n)
    assert words == words.strip()
    assert "  " not in words
    assert set(words.split()) <= VOCABULARY
    # "satu" never precedes a scale word: 1000 is seribu, 100 seratus, 10 sepuluh
    tokens = words.split()
    for a, b in zip(tokens, tokens[1:]):
        assert not (a == "satu" and b in ("ribu", "ratus", "puluh", "belas"))
    assert ("nol" in tokens) == (n == 0)


@given(st.integers(min_value=0, max_value=9999))
def test_words_round_trip(n):
    assert parse_number_words(number_words(n)) == n
    assert parse_number_words(number_words(n).upper()) == n


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(0, 999), st.integers(1, 99), st.booleans())
def test_call_phrases_make_the_sentence(letter, seq, counter, digits):
    number = f"{letter}-{seq:03d}"
    phrases = call_phrases(number, counter, digits)
    sentence = call_sentence(number, counter, digits)
    assert sentence == ", ".join(phrases)
    assert phrases[0] == "Nomor antrian" and phrases[1] == letter
    assert "  " not in sentence
    middle = phrases[2:-1]
    if digits:
        assert [parse_number_words(p) for p in middle] == [int(d) for d in f"{seq:03d}"]
    else:
        assert [parse_number_words(p) for p in middle] == [seq]
    assert parse_number_words(phrases[-1].removeprefix("silakan menuju loket ")) == counter
