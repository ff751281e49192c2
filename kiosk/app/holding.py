"""The tickets a NIK holds today: each one still open (waiting, called or at a counter) with its
place now, said right after the NIK is checked (`anjungan check --json`'s `holding`)."""
from __future__ import annotations

from kiosk.app import check as checking, queries
from kiosk.app.core import AppCore
from kiosk.domain.place import Place
from kiosk.domain.visit import HOLDING_STATES


def holding(app: AppCore, nik: str) -> list[Place]:
    """Today's open tickets of the NIK, by number, each where it is now."""
    info = checking.parse_nik_or_fail(app, nik)
    today = app.today()
    figures = queries.timing_figures(app)
    nik_hash = queries.nik_hash(app, info.nik)
    with app.uow(write=False) as uow:
        tickets = uow.queue.find(today, nik_hash=nik_hash, states=HOLDING_STATES)
        return [queries.place(app, uow, t, figures) for t in sorted(tickets, key=lambda t: t.number)]

