"""What the kiosk says aloud when a ticket is issued (EN 301 549 5.1.3.16: what is printed can
also be heard): the number as words, the service, and how many people are ahead; the steps of
the kiosk's volume button (loud, soft, off; each visit starts loud); and how the hall's call says
its letter so that it cannot be mistaken.

Speech text is written for speech: a service is said by its `spoken` form from the
configuration, else by its name with the signs a voice would read out ("/", "&", brackets)
turned into words (`spoken_service`). In a synthetic voice the letters be, ce, de, e and ge sound
alike, so the hall's call says the letter by the branch's `LetterRule`: the service's spoken
name before the letter (the default), a spelling word after it ("D, Denpasar"), or the letter
alone.
"""
from __future__ import annotations

import re
from enum import Enum

from kiosk.domain.catalog import Lang, tr
from kiosk.domain.queue import TicketNumberError, parse_ticket_number
from kiosk.domain.words import number_words


def spoken_number(number: str, lang: str = "id") -> str:
    """`D-023` → "D, dua puluh tiga" (Indonesian number words); English keeps the digits."""
    try:
        ticket = parse_ticket_number(number)
    except TicketNumberError:
        return number
    if Lang.of(lang) is Lang.EN:
        return f"{ticket.letter}, {ticket.value}"
    return f"{ticket.letter}, {number_words(ticket.value)}"


def ticket_sentence(number: str, service_name: str, ahead: int, lang: str = "id") -> str:
    """"Nomor antrian Anda D, dua puluh tiga. Layanan Klaim JHT. Ada 3 orang di depan Anda."."""
    people = tr("speak.ahead", lang, n=ahead) if ahead > 0 else tr("speak.ahead.none", lang)
    return tr("speak.ticket", lang, number=spoken_number(number, lang), service=service_name, ahead=people)


class Volume(str, Enum):
    LOUD = "loud"
    SOFT = "soft"
    OFF = "off"


VOLUME_STEPS = (Volume.LOUD, Volume.SOFT, Volume.OFF)     # one touch goes to the next, then round
GAIN = {Volume.LOUD: 1.0, Volume.SOFT: 0.4, Volume.OFF: 0.0}


def next_volume(volume: Volume) -> Volume:
    return VOLUME_STEPS[(VOLUME_STEPS.index(volume) + 1) % len(VOLUME_STEPS)]


# -- speech text -----------------------------------------------------------------------------------
_SIGNS = ((re.compile(r"\s*/\s*"), " atau "), (re.compile(r"\s*&\s*"), " dan "),
          (re.compile(r"\s*\(\s*"), ", "), (re.compile(r"\s*\)\s*"), " "), (re.compile(r"\s+"), " "))


def speakable(text: str) -> str:
    """`Perubahan / Koreksi Data` → "Perubahan atau Koreksi Data"; `Informasi & Kepesertaan` →
    "Informasi dan Kepesertaan"; `Klaim JHT (Jaminan Hari Tua)` → "Klaim JHT, Jaminan Hari Tua"."""
    for pattern, words in _SIGNS:
        text = pattern.sub(words, text)
    return text.strip(" ,")


def spoken_service(spec) -> str:
    """How a service (`ServiceSpec`) is said in Indonesian: its configured spoken form, else its name made speakable."""
    return speakable(spec.spoken or spec.name_id)


class LetterRule(str, Enum):
    SERVICE = "service"         # "Nomor antrian, Klaim JHT, D, dua puluh tiga, …"
    SPELLING = "spelling"       # "Nomor antrian, D, Denpasar, dua puluh tiga, …"
    LETTER = "letter"           # "Nomor antrian, D, dua puluh tiga, …"


# the Indonesian way of spelling a letter over a radio or a telephone: a place everyone knows
SPELLING_WORDS = {
    "A": "Ambon", "B": "Bandung", "C": "Cirebon", "D": "Denpasar", "E": "Ende", "F": "Flores", "G": "Garut",
    "H": "Halmahera", "I": "Indramayu", "J": "Jakarta", "K": "Kupang", "L": "Lampung", "M": "Medan",
    "N": "Nias", "O": "Opi", "P": "Padang", "Q": "Kiu", "R": "Riau", "S": "Surabaya", "T": "Tegal",
    "U": "Ujung", "V": "Viktor", "W": "Wonosobo", "X": "Xilofon", "Y": "Yogyakarta", "Z": "Zebra",
}


def letter_phrases(letter: str, rule: LetterRule | str, service: str | None = None) -> tuple[str, ...]:
    """The phrases that say a ticket's letter by `rule` (`service`: the spoken name of the service
    the letter belongs to; without one the service rule says the letter alone)."""
    rule = LetterRule(rule)
    if rule is LetterRule.SERVICE and service:
        return (service, letter)
    if rule is LetterRule.SPELLING:
        return (letter, SPELLING_WORDS[letter.upper()])
    return (letter,)
