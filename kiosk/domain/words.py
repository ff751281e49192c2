"""Indonesian number words and the spoken call of a queue number.

`number_words(23)` -> "dua puluh tiga"; `call_sentence("A-023", 3)` ->
"Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga".
`parse_number_words` reads the words back (used to check the words and by clip players).
Pure Python: no Qt, no I/O.
"""
from __future__ import annotations

from kiosk.domain.catalog import tr
from kiosk.domain.queue import parse_ticket_number

MAX_NUMBER = 9999

DIGITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
SPECIAL = {10: "sepuluh", 11: "sebelas", 100: "seratus", 1000: "seribu"}
SCALES = ("belas", "puluh", "ratus", "ribu")

# Every word `number_words` can produce.
VOCABULARY = frozenset(DIGITS) | frozenset(SPECIAL.values()) | frozenset(SCALES)

CALL_OPENING = tr("call.opening", "id")
CALL_DIRECTION = tr("call.direction", "id")

def number_words(n: int) -> str:
    """The Indonesian words for 0 <= n <= 9999, as spoken in a hall ("seribu dua ratus lima")."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"number_words needs an int, got {type(n).__name__}")
    if not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number_words supports 0..{MAX_NUMBER}, got {n}")
    if n == 0:
        return DIGITS[0]
    return " ".join(_words_below_10000(n))


def _words_below_10000(n: int) -> list[str]:
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    if thousands == 1:
        words.append(SPECIAL[1000])
    elif thousands:
        words += [DIGITS[thousands], "ribu"]
    hundreds, rest = divmod(rest, 100)
    if hundreds == 1:
        words.append(SPECIAL[100])
    elif hundreds:
        words += [DIGITS[hundreds], "ratus"]
    if rest:
        words += _words_below_100(rest)
    return words


def _words_below_100(n: int) -> list[str]:
    if n < 10:
        return [DIGITS[n]]
    if n in (10, 11):
        return [SPECIAL[n]]
    if n < 20:
        return [DIGITS[n - 10], "belas"]
    tens, ones = divmod(n, 10)
    words = [DIGITS[tens], "puluh"]
    if ones:
        words.append(DIGITS[ones])
    return words


def digit_words(digits: str) -> str:
    """Digit by digit: "023" -> "nol, dua, tiga"."""
    if not digits or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"digit_words needs digits, got {digits!r}")
    return ", ".join(DIGITS[int(d)] for d in digits)


def parse_number_words(text: str) -> int:
    """Read Indonesian number words back to an int: "dua puluh tiga" -> 23.

    Accepts exactly the forms `number_words` produces (case and extra spaces aside);
    raises ValueError for anything else.
    """
    tokens = text.lower().split()
    if not tokens:
        raise ValueError("no number words")
    unknown = [t for t in tokens if t not in VOCABULARY]
    if unknown:
        raise ValueError(f"not Indonesian number words: {', '.join(unknown)}")
    if tokens == ["nol"]:
        return 0
    pos = 0
    total = 0

    def digit_at(i: int) -> int | None:
        if i < len(tokens) and tokens[i] in DIGITS[2:]:
            return DIGITS.index(tokens[i])
        return None

    # thousands
    if pos < len(tokens) and tokens[pos] == "seribu":
        total += 1000
        pos += 1
    elif digit_at(pos) is not None and pos + 1 < len(tokens) and tokens[pos + 1] == "ribu":
        total += digit_at(pos) * 1000
        pos += 2
    # hundreds
    if pos < len(tokens) and tokens[pos] == "seratus":
        total += 100
        pos += 1
    elif digit_at(pos) is not None and pos + 1 < len(tokens) and tokens[pos + 1] == "ratus":
        total += digit_at(pos) * 100
        pos += 2
    # below one hundred
    rest = tokens[pos:]
    if rest:
        total += _parse_below_100(rest)
    if total == 0:
        raise ValueError(f"not a number: {text!r}")
    return total


def _parse_below_100(tokens: list[str]) -> int:
    joined = " ".join(tokens)
    if joined == "sepuluh":
        return 10
    if joined == "sebelas":
        return 11
    if len(tokens) == 1 and tokens[0] in DIGITS[1:]:
        return DIGITS.index(tokens[0])
    if len(tokens) == 2 and tokens[1] == "belas" and tokens[0] in DIGITS[2:]:
        return 10 + DIGITS.index(tokens[0])
    if len(tokens) in (2, 3) and tokens[1] == "puluh" and tokens[0] in DIGITS[2:]:
        value = 10 * DIGITS.index(tokens[0])
        if len(tokens) == 3:
            if tokens[2] not in DIGITS[1:]:
                raise ValueError(f"not a number: {joined!r}")
            value += DIGITS.index(tokens[2])
        return value
    raise ValueError(f"not a number: {joined!r}")


def call_phrases(number: str, counter: int, digit_by_digit: bool = False,
                 letter_said: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The call as its comma-separated phrases, in speaking order.

    ("Nomor antrian", "A", "dua puluh tiga", "silakan menuju loket tiga"); digit by digit the
    number becomes one phrase per digit ("nol", "dua", "tiga"). `letter_said` replaces the
    letter's phrase (`kiosk.domain.speech.letter_phrases`: the service before it, or a spelling
    word after it).
    """
    ticket = parse_ticket_number(number)
    if isinstance(counter, bool) or not isinstance(counter, int) or not 1 <= counter <= MAX_NUMBER:
        raise ValueError(f"counter must be a whole number 1..{MAX_NUMBER}, got {counter!r}")
    if digit_by_digit:
        number_part: tuple[str, ...] = tuple(DIGITS[int(d)] for d in ticket.digits)
    else:
        number_part = (number_words(ticket.value),)
    letter = letter_said if letter_said is not None else (ticket.letter,)
    return (CALL_OPENING, *letter, *number_part, f"{CALL_DIRECTION} {number_words(counter)}")


def call_sentence(number: str, counter: int, digit_by_digit: bool = False,
                  letter_said: tuple[str, ...] | None = None) -> str:
    """"A-023", 3 -> "Nomor antrian, A, dua puluh tiga, silakan menuju loket tiga"."""
    return ", ".join(call_phrases(number, counter, digit_by_digit, letter_said))
