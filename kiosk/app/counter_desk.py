"""The counter desk without Qt: what an officer at one counter sees and may do now.

`CounterDesk` keeps the desk's state (the ticket at the counter and since when it is served,
the paused mark, the waiting list, today's counts, the kiosks' help requests, the ticket a
later visit is being booked for) and says, for each action, whether it is allowed now and what
the officer is told afterwards (`Said`: a catalog key and its sentence). The counter window is
a view of it: it shows the desk and runs the desk's `Job`s on its worker thread (`work` there,
`done` back on the window's thread). Tests and other front ends drive it with `run(step)`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

from kiosk.domain.booking import COUNTER_SOURCE, BookingState, day_slots, open_days
from kiosk.domain.branch import Branch
from kiosk.domain.catalog import error_text, msgid, pick, tr
from kiosk.domain.counter import CounterAction
from kiosk.domain.duration import whole_minutes
from kiosk.domain.formatting import time_en, time_id, when_text
from kiosk.domain.hall import counter_paused, paused_in_status
from kiosk.domain.queue import Move, TicketState, can_move
from kiosk.app.counter_missed import MissedCalls

WAITING_ROWS = 200                  # the waiting list shows at most this many rows
ASSISTANCE_KINDS = {"help": msgid("assistance.help"), "printer": msgid("assistance.printer")}   # what a kiosk asked for

# how the desk names the state of the ticket at the counter
AT_COUNTER_TEXT = {TicketState.CALLED: msgid("counter.state.called"),
                   TicketState.SERVING: msgid("counter.state.serving")}


class CounterServices(Protocol):
    """What the counter desk and its window use of the application."""

    branch: Branch
    config: Any

    def now(self) -> datetime: ...
    def today(self) -> date: ...
    def staff_pin(self, pin: str, role: str) -> Any: ...
    def current_ticket(self, counter: int) -> Any: ...
    def serving_since(self, counter: int) -> datetime | None: ...
    def waiting(self, services: Sequence[str]) -> list: ...
    def counter_stats(self, counter: int) -> dict: ...
    def open_assistance(self) -> list: ...
    def call_next(self, counter: int, previous: str | None = None) -> Any: ...
    def recall(self, counter: int) -> Any: ...
    def skip(self, counter: int) -> Any: ...
    def finish(self, counter: int) -> Any: ...
    def pause(self, counter: int, reason: str | None = None) -> None: ...
    def pause_state(self, counter: int) -> dict | None: ...
    def return_to_queue(self, counter: int, reference: str | None = None) -> Any: ...
    def recent_no_shows(self, counter: int) -> list: ...
    def no_show_grace(self, called_at: datetime | None, call_count: int) -> Any: ...
    def resume(self, counter: int) -> None: ...
    def start_serving(self, counter: int) -> Any: ...
    def transfer(self, counter: int, to_service: str, reason: str) -> Any: ...
    def open_ticket(self, counter: int, reference: str, previous: str | None = None) -> Any: ...
    def book_for_ticket(self, ticket_id: str, service: str, day: date, start: time, end: time) -> dict: ...
    def acknowledge_assistance(self, event_id: int, counter: int) -> Any: ...
    def clock_skew(self) -> Any: ...


def act(svc, action: CounterAction, counter: int):
    """Carry out a one-word counter action (the command line and the web API): the ticket's view
    afterwards (None: no ticket), or for a pause or resume, whether the counter is paused now."""
    result = getattr(svc, action.use_case)(counter)
    return action is CounterAction.PAUSE if action.pauses else result


@dataclass(frozen=True)
class Said:
    """What the officer is told after an action: the catalog key (None for an error the
    application raised, `exc`) and the sentence in the desk's language."""

    key: str | None
    text: str
    error: bool = False
    exc: BaseException | None = None


@dataclass(frozen=True)
class Job:
    """An action under way: `work` calls the application (off the window's thread), `done` takes
    its result back into the desk and says what happened."""

    work: Callable[[], Any]
    done: Callable[[Any], Said | None]


@dataclass(frozen=True)
class Allowed:
    """Which controls work now."""

    call: bool = False
    recall: bool = False
    skip: bool = False
    finish: bool = False
    transfer: bool = False
    start: bool = False
    book: bool = False
    pause: bool = False
    confirm_booking: bool = False
    return_: bool = False           # "back to queue": the called ticket, or a no-show of today


@dataclass(frozen=True)
class Card:
    """The ticket at the counter as the desk shows it (number "—" and no facts: none)."""

    number: str = "—"
    headline: str = ""
    booking: str | None = None
    facts: str = ""
    nik: str = ""
    nik_toggle: str | None = None          # the show/hide button's words; None: no button
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Serving:
    """The place beside the number: 0 nothing, 1 the "start serving" button, 2 since when."""

    stage: int
    text: str = ""


@dataclass(frozen=True)
class HelpRow:
    event_id: int
    text: str


@dataclass(frozen=True)
class BookingChoices:
    """The later-visit panel's choices: the services (name, code), the one chosen, the days."""

    title: str
    services: tuple[tuple[str, str], ...]
    service: str
    days: tuple[tuple[str, str], ...]       # (words, ISO date)


@dataclass
class Snapshot:
    current: Any
    since: datetime | None
    waiting: list = field(default_factory=list)
    stats: dict = field(default_factory=dict)
    assistance: list = field(default_factory=list)
    pause: dict | None = None
    no_shows: list = field(default_factory=list)


class CounterDesk(MissedCalls):
    def __init__(self, svc: CounterServices, counter: int, lang: str = "id"):
        self.svc = svc
        self.counter = int(counter)
        self.lang = lang
        self.spec = svc.branch.counter(self.counter)
        self.services = tuple(self.spec.services)
        self.current = None
        self.serving_from: datetime | None = None     # when the current ticket started being served
        self.paused = False
        self.busy = False
        self.nik_visible = False
        self.booking_for: str | None = None           # the ticket the later-visit panel books for
        self.slots: list[tuple[time, time]] = []
        self.waiting: list = []
        self.stats: dict = {}
        self.assistance: list = []
        self.asking = False                           # "call next" asks what became of the called ticket
        self.scanned: str | None = None               # a ticket scanned while asking: opened once answered
        self.pause_reason: str | None = None          # the pause's reason code, while paused
        self.paused_since: datetime | None = None
        self.no_shows: list = []                      # today's no-shows of this counter, latest first

    # -- rules -------------------------------------------------------------------------------
    def may(self, move: Move) -> bool:
        """Whether the domain allows `move` on the ticket at the counter."""
        return self.current is not None and can_move(self.current.state, move)

    def allowed(self) -> Allowed:
        free = not self.busy
        return Allowed(call=free and not self.paused, recall=free and self.may(Move.RECALL),
                       skip=free and self.may(Move.SKIP) and self.no_show_grace().allowed,
                       finish=free and self.may(Move.FINISH), return_=free,
                       transfer=free and self.may(Move.TRANSFER), start=free and self.may(Move.START),
                       book=free and self.current is not None and self.current.at_counter,
                       pause=free, confirm_booking=free)

    @property
    def pause_key(self) -> str:
        """The pause button's words: resume while paused."""
        return msgid("counter.resume") if self.paused else msgid("counter.pause")

    # -- state ---------------------------------------------------------------------------------
    def show(self, view, serving_from: datetime | None = None) -> None:
        """`view` is at the counter now; `serving_from` is when it started being served, when
        known (None keeps what is known of the same ticket)."""
        same = view is not None and self.current is not None and view.ticket_id == self.current.ticket_id
        if not same:
            self.nik_visible = False
        if serving_from is not None or not same:
            self.serving_from = serving_from
        self.current = view
        if self.booking_for is not None and (view is None or not view.at_counter or view.ticket_id != self.booking_for):
            self.booking_for = None          # the panel books for the ticket it was opened for

    def toggle_nik(self) -> None:
        self.nik_visible = not self.nik_visible

    def on_events(self, events: Iterable) -> None:
        events = list(events)
        self.paused = counter_paused(self.paused, self.counter, events)
        self.follow_pause(events)

    def on_status(self, status) -> None:
        self.paused = paused_in_status(status, self.counter, self.paused)
        if not self.paused:
            self.pause_reason = self.paused_since = None

    # -- actions -------------------------------------------------------------------------------
    def _begin(self, work: Callable[[], Any], done: Callable[[Any], Said | None]) -> Job | None:
        if self.busy:
            return None
        self.busy = True

        def finished(result) -> Said | None:
            self.busy = False
            return done(result)

        return Job(work, finished)

    def failed(self, exc: BaseException) -> Said:
        """An action's work raised: the sentence of the error, in the desk's language."""
        self.busy = False
        return Said(getattr(exc, "key", None), error_text(exc, self.lang), error=True, exc=exc)

    def run(self, step: Job | Said | None) -> Said | None:
        """Carry a step out here and now (the window runs `work` on its worker instead)."""
        if not isinstance(step, Job):
            return step
        try:
            result = step.work()
        except Exception as exc:  # noqa: BLE001 - every failure is told to the officer
            return self.failed(exc)
        return step.done(result)

    def tell(self, key: str, error: bool = False, **params) -> Said:
        return Said(key, tr(key, self.lang, **params), error=error)

    def working(self) -> Said:
        return self.tell("counter.working")

    def _moved(self, key: str, keep: bool, none_key: str = msgid("counter.nothing_current")):
        def done(view) -> Said:
            if view is None:
                if key == msgid("counter.called"):
                    self.show(None)
                return self.tell(none_key)
            self.show(view if keep and view.at_counter else None)
            return self.tell(key, number=view.number, counter=self.counter,
                            service=self.svc.branch.service(view.service).name_id)
        return done

    def act(self, action: CounterAction) -> Job | None:
        """Carry out one of the counter's one-word actions."""
        if action.pauses:
            return self.set_paused(action is CounterAction.PAUSE)
        key = {CounterAction.CALL: msgid("counter.called"), CounterAction.RECALL: msgid("counter.recalled"),
               CounterAction.SKIP: msgid("counter.skipped"), CounterAction.FINISH: msgid("counter.finished")}[action]
        svc, counter = self.svc, self.counter
        done = self._moved(key, keep=action in (CounterAction.CALL, CounterAction.RECALL),
                           none_key=msgid("counter.nothing") if action is CounterAction.CALL
                           else msgid("counter.nothing_current"))
        return self._begin(lambda: act(svc, action, counter),
                           self.remember_no_show(done) if action is CounterAction.SKIP else done)

    def call_next(self) -> Job | Said | None:
        """The next call; first, what became of a called ticket never started (`asking`)."""
        self.scanned = None
        if self.current is not None and can_move(self.current.state, Move.START):
            self.asking = True
            return self.tell("counter.previous_question", number=self.current.number)
        return self.act(CounterAction.CALL)

    def start_serving(self) -> Job | None:
        """The called participant is at the counter: serving starts now."""
        svc, counter = self.svc, self.counter

        def work():
            if svc.start_serving(counter) is None:
                return None, None
            view = svc.current_ticket(counter)          # with the booking it was checked in for
            return view, (svc.serving_since(counter) if view is not None else None)

        def done(result) -> Said:
            view, since = result
            if view is None:
                self.show(None)
                return self.tell("counter.nothing_current")
            self.show(view if view.at_counter else None, since)
            return self.tell("counter.started", number=view.number)

        return self._begin(work, done)

    def toggle_pause(self) -> Job | None:
        """The pause button: pause a counter that calls, resume a paused one."""
        return self.set_paused(not self.paused)

    def set_paused(self, pause: bool) -> Job | None:
        action = CounterAction.PAUSE if pause else CounterAction.RESUME
        svc, counter = self.svc, self.counter

        def done(paused: bool) -> Said:
            self.paused = paused
            if not paused:
                self.pause_reason = self.paused_since = None
            return self.tell("counter.paused" if paused else "counter.resumed")

        return self._begin(lambda: act(svc, action, counter), done)

    def transfer_targets(self) -> list[tuple[str, str]]:
        """The services the ticket at the counter may be sent to: (words, code)."""
        if self.current is None:
            return []
        return [(f"{spec.name_id} ({spec.code})", spec.code) for spec in self.svc.branch.services
                if spec.needs_counter and spec.code != self.current.service]

    def transfer(self, target: str | None, reason: str) -> Job | Said | None:
        reason = reason.strip()
        if not reason:
            return self.tell("counter.transfer_need_reason", error=True)
        if not target:
            return None
        svc, counter = self.svc, self.counter
        return self._begin(lambda: svc.transfer(counter, target, reason), self._moved(msgid("counter.transferred"), False))

    def open_ticket(self, text: str) -> Job | Said | None:
        """A scanned or typed ticket reference: that ticket comes to the counter; first, as before
        the next call, what became of a called ticket never started (`asking`, `scanned`)."""
        text = text.strip()
        if not text:
            return None
        if self.current is not None and can_move(self.current.state, Move.START):
            self.asking, self.scanned = True, text
            return self.tell("counter.previous_question", number=self.current.number)
        svc, counter = self.svc, self.counter

        def done(view) -> Said:
            self.show(view)
            return self.tell("counter.opened", number=view.number)

        return self._begin(lambda: svc.open_ticket(counter, text), done)

    def acknowledge(self, event_id: int) -> Job | None:
        svc, counter = self.svc, self.counter
        return self._begin(lambda: svc.acknowledge_assistance(event_id, counter), lambda _result: None)

    # -- a later visit -------------------------------------------------------------------------
    def open_booking(self) -> BookingChoices | None:
        """The choices for a later visit of the participant at the counter (the next open days)."""
        view = self.current
        if view is None or not view.at_counter:
            return None
        self.booking_for = view.ticket_id
        branch, today = self.svc.branch, self.svc.today()
        services = tuple((pick(self.lang, spec.name_id, spec.name_en), spec.code)
                         for spec in branch.services if spec.queues)
        days = tuple((when_text(day, self.lang, clock=None, today=today), day.isoformat())
                     for day in open_days(branch.hours, today))
        return BookingChoices(tr("counter.booking_title", self.lang, number=view.number), services, view.service, days)

    def close_booking(self) -> None:
        self.booking_for = None

    def choose_day(self, day: date | None) -> list[str]:
        """The chosen day's slots (its service hours, breaks left out), as the list shows them."""
        self.slots = day_slots(self.svc.branch.hours.for_date(day)) if day is not None else []
        return [f"{self.time(start)}–{self.time(end)}" for start, end in self.slots]

    def book(self, service: str | None, day: date | None, slot: int) -> Job | Said | None:
        ticket_id = self.booking_for
        if ticket_id is None or not service:
            return None
        if day is None or not 0 <= slot < len(self.slots):
            return self.tell("counter.booking_no_slot", error=True)
        start, end = self.slots[slot]
        svc = self.svc

        def done(booking: dict) -> Said:
            self.booking_for = None
            return self._booking_made(booking)

        return self._begin(lambda: svc.book_for_ticket(ticket_id, service, day, start, end), done)

    def _booking_made(self, booking: dict) -> Said:
        """The one sentence the officer reads out: the code, the day and the slot."""
        start = datetime.fromisoformat(booking["slot_start"])
        end = datetime.fromisoformat(booking["slot_end"])
        spec = self.svc.branch.service(booking["service"])
        name = pick(self.lang, spec.name_id, spec.name_en) if spec else booking["service"]
        return self.tell("counter.booking_made", code=booking["code"], service=name,
                        when=when_text(start.date(), self.lang, clock=None, today=self.svc.today()),
                        start=self.time(start), end=self.time(end))

    # -- reading the store ---------------------------------------------------------------------
    def refresh(self) -> Job:
        """Reload the current ticket, waiting list, counts and help requests (not an action: it
        runs while one is under way, and keeps the ticket the action is about)."""
        svc, counter, services = self.svc, self.counter, self.services

        def work() -> Snapshot:
            current = svc.current_ticket(counter)
            since = svc.serving_since(counter) if current is not None else None
            return Snapshot(current, since, svc.waiting(services), svc.counter_stats(counter), svc.open_assistance(),
                            svc.pause_state(counter), svc.recent_no_shows(counter))

        def done(snap: Snapshot) -> None:
            if not self.busy:
                self.show(snap.current, snap.since)
            self.paused = snap.pause is not None
            self.pause_reason = snap.pause["reason"] if snap.pause else None
            self.paused_since = snap.pause["since"] if snap.pause else None
            self.no_shows = list(snap.no_shows)
            self.waiting, self.stats, self.assistance = list(snap.waiting), dict(snap.stats), list(snap.assistance)

        return Job(work, done)

    # -- what the desk shows -------------------------------------------------------------------
    def time(self, dt: datetime | time) -> str:
        return pick(self.lang, time_id, time_en)(dt)

    def card(self) -> Card:
        view, lang = self.current, self.lang
        if view is None:
            return Card(headline=tr("counter.no_ticket", lang))
        spec = self.svc.branch.service(view.service)
        state = TicketState(view.state)
        state_text = (tr(AT_COUNTER_TEXT[state], lang) if state in AT_COUNTER_TEXT
                      else pick(lang, state.label_id, state.label_en))
        facts = [tr("counter.waited", lang, minutes=view.waited_min)]
        if view.call_count > 1:
            facts.append(tr("counter.call_count", lang, count=view.call_count))
        if view.priority:
            facts.append(tr("counter.priority", lang, reason=self.reason_name(view.priority_reason)))
        if view.assisted:
            facts.append(tr("counter.assisted", lang))
        if not view.verified:
            facts.append(tr("counter.unverified", lang))
        if view.nik_masked is None:
            nik, toggle = tr("counter.nik_none", lang), None
        else:
            nik = tr("counter.nik", lang, nik=view.nik_masked) if self.nik_visible else tr("counter.nik_hidden", lang)
            toggle = tr("counter.nik_hide" if self.nik_visible else "counter.nik_show", lang)
        return Card(view.number, f"{state_text} · {pick(lang, spec.name_id, spec.name_en)}",
                    self.booking_text(view.booking, detail=True), " · ".join(facts), nik, toggle,
                    tuple(pick(lang, spec.documents, spec.documents_en)))

    def serving(self) -> Serving:
        """The start-serving button after a call; once serving, since when and for how long."""
        view = self.current
        if view is None or not view.at_counter:
            return Serving(0)
        if can_move(view.state, Move.START):
            return Serving(1)
        if self.serving_from is None:
            return Serving(2, tr("counter.serving_now", self.lang))
        return Serving(2, tr("counter.serving_since", self.lang, at=self.time(self.serving_from),
                             minutes=whole_minutes(self.serving_from, self.svc.now())))

    def waiting_title(self) -> str:
        return tr("counter.waiting", self.lang, count=len(self.waiting))

    def waiting_rows(self) -> list[tuple[str, bool]]:
        """Each waiting ticket's row and whether it is booked (shown tinted)."""
        rows = []
        for view in self.waiting[:WAITING_ROWS]:
            text = tr("counter.waiting_row", self.lang, number=view.number, service=view.service,
                      minutes=view.waited_min)
            if view.priority:
                text += f"   ★ {self.reason_name(view.priority_reason)}"
            booked = self.booking_text(view.booking)
            rows.append((f"{text}   {booked}" if booked else text, bool(booked)))
        return rows

    def today_text(self) -> str:
        return tr("counter.today", self.lang, **self.stats) if self.stats else ""

    def help_rows(self, room: int) -> tuple[list[HelpRow], str | None]:
        """The first `room` help requests of the kiosks, and how many more there are (words)."""
        rows = []
        for event in self.assistance[:room]:
            at = self.time(event.at) if event.at else ""
            kind = event.data.get("reason") or ""
            reason = tr(ASSISTANCE_KINDS[kind], self.lang) if kind in ASSISTANCE_KINDS else \
                (tr("assistance.other", self.lang) if kind else "")
            rows.append(HelpRow(event.id, f"{at}  {event.data.get('kiosk_id', '')}  {reason}".strip()))
        more = len(self.assistance) - room
        return rows, (tr("counter.assistance_more", self.lang, count=more) if more > 0 else None)

    def booking_text(self, booking: Mapping | None, detail: bool = False) -> str | None:
        """The booking a ticket was checked in for, with its slot; None for a walk-in."""
        if not booking:
            return None
        try:
            start = datetime.fromisoformat(booking["slot_start"])
            end = datetime.fromisoformat(booking["slot_end"])
            kept = BookingState(booking["state"]) is BookingState.CHECKED_IN
        except (KeyError, TypeError, ValueError):
            return None
        times = {"start": self.time(start), "end": self.time(end)}
        if detail:
            key = msgid("counter.booked_detail") if kept else msgid("counter.booked_detail_walk_in")
            if kept and booking.get("source") == COUNTER_SOURCE:         # not "online": made at a counter
                key = msgid("counter.booked_detail_counter")
            return tr(key, self.lang, code=booking.get("code") or "-", **times)
        return tr("counter.booked" if kept else "counter.booked_walk_in", self.lang, **times)

    def reason_name(self, code: str | None) -> str:
        for reason in getattr(self.svc.branch.priority, "reasons", ()):
            if getattr(reason, "code", reason) == code:
                name = getattr(reason, pick(self.lang, "name_id", "name_en"), None)
                return name or str(code)
        return code or "-"
