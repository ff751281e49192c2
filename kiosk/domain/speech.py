"""What the kiosk says aloud when a ticket is issued (EN 301 549 5.1.3.16: what is printed can
also be heard): the number as words, the service, and how many people are ahead."""
from __future__ import annotations

from kiosk.domain.catalog import tr
from kiosk.domain.queue import TicketNumberError, parse_ticket_number
from kiosk.domain.words import number_words


def spoken_number(number: str, lang: str = "id") -> str:
    """`D-023` → "D, dua puluh tiga" (Indonesian number words); English keeps the digits."""
    try:
        ticket = parse_ticket_number(number)
    except TicketNumberError:
        return number
    if lang == "en":
        return f"{ticket.letter}, {ticket.value}"
    return f"{ticket.letter}, {number_words(ticket.value)}"


def ticket_sentence(number: str, service_name: str, ahead: int, lang: str = "id") -> str:
    """"Nomor antrian Anda D, dua puluh tiga. Layanan Klaim JHT. Ada 3 orang di depan Anda."."""
    people = tr("speak.ahead", lang, n=ahead) if ahead > 0 else tr("speak.ahead.none", lang)
    return tr("speak.ticket", lang, number=spoken_number(number, lang), service=service_name, ahead=people)
