"""The counter desk's part for a missed call and a pause (Qt-free, beside `counter_desk`): the
no-show button's grace, the question "call next" asks about a called ticket never started, the
way back into the queue, and the pause with its reason and running time. The rules are the
domain's (`kiosk.domain.missed`); this says what the desk shows and does."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from kiosk.domain.catalog import msgid, pick, tr
from kiosk.domain.counter import CounterAction
from kiosk.domain.duration import whole_minutes
from kiosk.domain.missed import GRACE_KEYS, NoShowGrace, Previous
from kiosk.domain.queue import Move, can_move
from kiosk.domain.ticket import EventKind

# the answers to "what happened?" before the next call, as the window's buttons name them
ANSWERS = (("previousRecall", msgid("counter.previous_recall")),
           ("previousNoShow", msgid("counter.previous_no_show")),
           ("previousReturn", msgid("counter.previous_return")),
           ("previousDone", msgid("counter.previous_done")),
           ("previousCancel", msgid("counter.previous_cancel")))


class MissedCalls:
    """Mixed into `CounterDesk` (it uses the desk's `svc`, `counter`, `lang`, `current`, `tell`,
    `_begin`, `_moved` and `act`)."""

    svc: Any
    counter: int
    lang: str
    current: Any
    paused: bool
    asking: bool
    pause_reason: str | None
    paused_since: datetime | None
    no_shows: list

    # -- the no-show button ---------------------------------------------------------------------
    def no_show_grace(self) -> NoShowGrace:
        """What is left before the called ticket may be marked a no-show (allowed: nothing)."""
        view = self.current
        if view is None or not can_move(view.state, Move.SKIP):
            return NoShowGrace()
        return self.svc.no_show_grace(view.called_at, view.call_count)

    def no_show_words(self, lines: bool = False) -> str:
        """The no-show button's words: the action, or what is left of the grace (on a line of its
        own with `lines`)."""
        grace = self.no_show_grace()
        if grace.allowed:
            return tr("counter.no_show", self.lang)
        return tr(GRACE_KEYS[grace.kind][0], self.lang, sep="\n" if lines else " · ", **grace.params)

    # -- "call next" over a called ticket never started -------------------------------------------
    def answers(self) -> list[tuple[str, str, bool]]:
        """The question's buttons: (objectName, words, enabled)."""
        grace = self.no_show_grace()
        return [(name, self.no_show_words() if name == "previousNoShow" and not grace.allowed else tr(key, self.lang),
                 name != "previousNoShow" or grace.allowed) for name, key in ANSWERS]

    def question(self) -> str:
        return tr("counter.previous_question", self.lang, number=self.current.number) if self.current else ""

    def answer(self, name: str):
        """One of `answers()` pressed: recall, no-show or served (then the next call), or back to
        the queue (then the next call); cancel closes the question."""
        self.asking = False
        view, scanned, self.scanned = self.current, self.scanned, None
        if name == "previousCancel" or view is None:
            return None
        if name == "previousRecall":
            return self.act(CounterAction.RECALL)
        if name == "previousReturn":
            return self.put_back(view.ticket_id, then_call=True)
        previous = Previous.DONE if name == "previousDone" else Previous.NO_SHOW
        svc, counter = self.svc, self.counter
        if scanned is not None:                 # the ticket scanned while the question was open
            def opened(view):
                self.show(view)
                return self.tell("counter.opened", number=view.number)

            return self._begin(lambda: svc.open_ticket(counter, scanned, previous.value), opened)
        return self._begin(lambda: svc.call_next(counter, previous.value),
                           self._moved(msgid("counter.called"), True, msgid("counter.nothing")))

    # -- back into the queue ----------------------------------------------------------------------
    def return_choices(self) -> list[tuple[str, str]]:
        """What "back to queue" offers: the called ticket (not started), then today's no-shows of
        this counter, latest first: (words, ticket id)."""
        choices = []
        view = self.current
        if view is not None and can_move(view.state, Move.RETURN):
            choices.append((view.number, view.ticket_id))
        for ticket in self.no_shows:
            if all(ticket.ticket_id != t for _n, t in choices):
                choices.append((ticket.number, ticket.ticket_id))
        return choices

    def remember_no_show(self, done):
        """`done` of a no-show, which first offers it at once for "back to queue"."""
        def remembered(view):
            if view is not None:
                self.no_shows = [view] + [t for t in self.no_shows if t.ticket_id != view.ticket_id]
            return done(view)
        return remembered

    def put_back(self, reference: str | None, then_call: bool = False):
        """Put a ticket (id or number) back into its queue; `then_call`: and call the next one."""
        reference = (reference or "").strip()
        if not reference:
            return None
        svc, counter = self.svc, self.counter

        def work():
            back = svc.return_to_queue(counter, reference)
            return back, (svc.call_next(counter) if then_call else None)

        def done(result):
            back, called = result
            if then_call or (self.current is not None and self.current.ticket_id == back.ticket_id):
                self.show(called if called is not None and called.at_counter else None)
            self.no_shows = [t for t in self.no_shows if t.ticket_id != back.ticket_id]
            spec = self.svc.branch.service(back.service)
            return self.tell("counter.returned", number=back.number,
                             service=pick(self.lang, spec.name_id, spec.name_en) if spec else back.service)

        return self._begin(work, done)

    # -- a pause and its reason ---------------------------------------------------------------------
    def pause_reasons(self) -> list[tuple[str, str]]:
        """The branch's pause reasons: (words, code)."""
        return [(pick(self.lang, r.name_id, r.name_en), r.code) for r in self.svc.config.counter.pause_reasons]

    def pause_for(self, code: str):
        svc, counter = self.svc, self.counter

        def done(_result):
            self.paused, self.pause_reason, self.paused_since = True, code, svc.now()
            return self.tell("counter.paused_reason", reason=self.reason_words(code))

        return self._begin(lambda: svc.pause(counter, code), done)

    def reason_words(self, code: str | None) -> str:
        reason = self.svc.config.counter.reason_named(code)
        return pick(self.lang, reason.name_id, reason.name_en)

    def follow_pause(self, events: Iterable) -> None:
        """A pause or resume of this counter (from any machine): its reason and since when."""
        for event in events:
            if event.counter != self.counter:
                continue
            if event.kind == EventKind.PAUSED:
                self.pause_reason, self.paused_since = (event.data or {}).get("reason") or "", event.at
            elif event.kind == EventKind.RESUMED:
                self.pause_reason = self.paused_since = None

    def pause_mark(self) -> str:
        """The header's mark while paused: the reason and for how long."""
        if self.paused_since is None:
            return tr("counter.paused_mark", self.lang)
        return tr("counter.paused_for", self.lang, reason=self.reason_words(self.pause_reason),
                  minutes=whole_minutes(self.paused_since, self.svc.now()))
