"""What the kiosk says aloud when a ticket is issued (EN 301 549 5.1.3.16: what is printed can
also be heard): the number as words, the service, and how many people are ahead; and the steps of
the kiosk's volume button (loud, soft, off; each visit starts loud)."""
from __future__ import annotations

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
