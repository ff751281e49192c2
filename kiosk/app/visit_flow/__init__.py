"""One visit at the kiosk as a Qt-free model; the kiosk window is a view of it.

`VisitFlow` holds the step shown and the visit (typed NIK, scanned card, ticket or booking, the
KK and heir questions, held tickets, check-in, groups and services, documents, the ticket and
its print, the rating of a finished visit, language, text size and voice, the walk-away warning)
and moves between steps on the participant's touches. Its use cases are a small typed Protocol
(`KioskCases`); slow calls go through a `Runner`; time comes from a monotonic clock, and the
window only says that time passed and that the screen was touched. Listeners hear an `Event`
for each change. Every return to Welcome clears the visit, so a NIK never stays on screen.
"""
from kiosk.app.visit_flow.flow import VisitFlow
from kiosk.app.visit_flow.parts import (
    Change,
    CodeEntry,
    Event,
    Inline,
    KioskCases,
    KioskSettings,
    NikEntry,
    Notice,
    RatingPage,
    Runner,
    Step,
    Visit,
)

__all__ = ["Change", "CodeEntry", "Event", "Inline", "KioskCases", "KioskSettings", "NikEntry", "Notice",
           "RatingPage", "Runner", "Step", "Visit", "VisitFlow"]
