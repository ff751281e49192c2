"""Assisted mode: what security staff do at the kiosk after their PIN (`flow.desk`): record a
visit the front desk serves, reprint a ticket, see the printer's state.

The PIN itself is checked by the application (`svc.staff_pin`) through the window's PIN pad; the
flow hears only the role it opened (`VisitFlow.signed_in`).
"""
from __future__ import annotations

from kiosk.app.views import TicketView
from kiosk.app.visit_flow.parts import FlowCore, Pair, error_pair, reprint_text
from kiosk.domain.catalog import msgid, tr
from printer.outcome import PrintOutcome


class StaffDesk:
    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.feedback: Pair = ("", "")          # what came of the last staff action
        self.printer_text: Pair = ("", "")
        self.printer_tone: str | None = None    # "ok", "warn", "error"; None while asking

    def record_front_desk(self, code: str | None = None) -> None:
        """A visit the front desk serves, recorded (from the staff menu, or the route's own service)."""
        flow = self.flow
        from_route = code is None
        code = code or (flow.visit.option.service if flow.visit.option is not None else None)
        spec = flow.cases.branch.service(code) if code else None
        if not flow.assisted or spec is None:
            return
        cases = flow.cases

        def done(_result: int | None, error: BaseException | None) -> None:
            if error is not None:
                text = error_pair(error)
            elif from_route:
                text = (tr("route.front_desk.recorded", "id"), tr("route.front_desk.recorded", "en"))
            else:
                text = (tr("staff.front_desk.done", "id", service=spec.name_id),
                        tr("staff.front_desk.done", "en", service=spec.name_en))
            if from_route:
                flow.route_recorded = text
            else:
                self.feedback = text
            flow.redraw()

        flow.run(lambda: cases.record_front_desk(spec.code, assisted=True), done)

    def reprint_shown(self) -> None:
        """The ticket on the repeat screen again (the participant lost it)."""
        flow = self.flow
        ticket = flow.visit.shown
        if not flow.assisted or ticket is None:
            return
        cases, url = flow.cases, flow.printer_url

        def done(outcome: PrintOutcome | None, error: BaseException | None) -> None:
            flow.repeat_feedback = reprint_text(ticket.number, outcome, error)
            flow.redraw()

        flow.run(lambda: cases.reprint(ticket.ticket_id, url), done)

    def reprint_last(self) -> None:
        """The last ticket this kiosk issued, again."""
        flow = self.flow
        if not flow.assisted:
            return
        cases, url, kiosk_id = flow.cases, flow.printer_url, flow.settings.kiosk_id

        def work() -> tuple[TicketView | None, PrintOutcome | None]:
            last = cases.last_ticket(kiosk_id)
            return (None, None) if last is None else (last, cases.reprint(last.ticket_id, url))

        def done(value: tuple[TicketView | None, PrintOutcome | None] | None, error: BaseException | None) -> None:
            last, outcome = value if value is not None else (None, None)
            if error is None and last is None:
                self.feedback = (tr("staff.reprint.none", "id"), tr("staff.reprint.none", "en"))
            else:
                self.feedback = reprint_text(last.number if last else "", outcome, error)
            flow.redraw()

        flow.run(work, done)

    def refresh_printer_status(self) -> None:
        flow = self.flow
        cases, url = flow.cases, flow.printer_url
        self.printer_text, self.printer_tone = ("", ""), None
        flow.redraw()

        def done(doc: dict | None, error: BaseException | None) -> None:
            ok = error is None and doc is not None and bool(doc.get("ok"))
            low = ok and doc is not None and bool(doc.get("paper_near_end"))
            if error is not None or doc is None:
                said = error_pair(error)
            elif ok:
                key = msgid("staff.printer.low") if low else msgid("staff.printer.ok")
                said = (tr(key, "id"), tr(key, "en"))
            else:
                said = (doc.get("message") or "-", doc.get("message_en") or doc.get("message") or "-")
            self.printer_text = (tr("staff.printer", "id", message=said[0]), tr("staff.printer", "en", message=said[1]))
            self.printer_tone = "ok" if ok and not low else ("warn" if ok else "error")
            flow.redraw()

        flow.run(lambda: cases.printer_status(url), done)
