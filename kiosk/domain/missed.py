"""A missed call, as the best counters handle it: a grace before a no-show, the way back into the
queue ("recycle"), what became of a called ticket that was never started, and why a counter
pauses.

- **Grace**: a called participant may be marked absent (no-show) only after the branch's number
  of calls (the first call and its recalls) and minutes since the first call
  (`[counter] no_show_after_calls`, `no_show_after_min`); until then the counter says what is
  left (`NoShowGrace`).
- **Return**: a no-show (or a called participant who is not at the counter yet) goes back into
  its service's queue after `return_after` others (0: next). Its place is an arrival time
  between the K-th and the (K+1)-th waiting ticket of its service (`return_arrival`), so every
  reader of the queue's order (the fairness rule, the booking rule, `ahead`) sees it unchanged.
- **Previous**: "call next" never closes a called ticket that was never started: the officer
  says what became of it (`Previous.DONE`: served, so it is started and finished;
  `Previous.NO_SHOW`: absent, under the grace).
- **Pause reasons**: a pause carries one of the branch's reasons (`PauseReason`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Sequence

from kiosk.domain.catalog import msgid
from kiosk.domain.queue import WaitingTicket

ONE_TICK = timedelta(microseconds=1)


class Previous(str, Enum):
    """What became of the called ticket that was never started (`anjungan call --previous`)."""

    DONE = "done"               # the participant was served: started and finished now
    NO_SHOW = "no-show"         # the participant did not come (allowed after the grace)


@dataclass(frozen=True)
class PauseReason:
    code: str
    name_id: str
    name_en: str


DEFAULT_PAUSE_REASONS = (
    PauseReason("istirahat", "Istirahat", "Break"),
    PauseReason("sholat", "Sholat", "Prayer"),
    PauseReason("rapat", "Rapat", "Meeting"),
    PauseReason("gangguan_sistem", "Gangguan sistem", "System problem"),
    PauseReason("lainnya", "Lainnya", "Other"),
)
UNSAID_REASON = PauseReason("", "Tanpa alasan", "No reason given")   # a pause from before reasons


@dataclass(frozen=True)
class NoShowGrace:
    """Whether a no-show is allowed now; if not, the calls and seconds still to go."""

    calls_left: int = 0
    seconds_left: int = 0

    @property
    def allowed(self) -> bool:
        return self.calls_left <= 0 and self.seconds_left <= 0

    @property
    def minutes_left(self) -> int:
        """Whole minutes, rounded up (40 s left is "1 minute")."""
        return -(-self.seconds_left // 60)

    @property
    def kind(self) -> str | None:
        """What is still missing: "calls", "time" or "both" (None: allowed). The counter's
        sentences are `missed.wait_<kind>` and `error.no_show.early_<kind>`."""
        if self.allowed:
            return None
        if self.calls_left > 0 and self.seconds_left > 0:
            return "both"
        return "calls" if self.calls_left > 0 else "time"

    @property
    def left(self) -> str:
        """The time left as the counter shows it, m:ss."""
        return f"{self.seconds_left // 60}:{self.seconds_left % 60:02d}"

    @property
    def params(self) -> dict:
        return {"calls": self.calls_left, "minutes": self.minutes_left, "left": self.left}


# by what is still missing: the no-show button's words, and the refusal of a no-show too early
GRACE_KEYS = {"calls": (msgid("missed.wait_calls"), msgid("error.no_show.early_calls")),
              "time": (msgid("missed.wait_time"), msgid("error.no_show.early_time")),
              "both": (msgid("missed.wait_both"), msgid("error.no_show.early_both"))}


@dataclass(frozen=True)
class MissedCallRule:
    """The branch's `[counter]` section."""

    no_show_after_calls: int = 2
    no_show_after_min: int = 2
    return_after: int = 0                       # 0: the returned ticket is next in its service
    pause_reasons: tuple[PauseReason, ...] = DEFAULT_PAUSE_REASONS
    staff_names_in_reports: bool = False        # per-officer figures name the officer (else the counter only)
    officer_names: tuple[tuple[int, str], ...] = ()     # (counter, the officer who staffs it)

    def grace(self, call_count: int, first_call_at: datetime | None, now: datetime) -> NoShowGrace:
        """What is left before the called ticket may be marked a no-show."""
        calls_left = max(0, self.no_show_after_calls - call_count)
        if first_call_at is None:
            return NoShowGrace(calls_left, self.no_show_after_min * 60)
        due = first_call_at + timedelta(minutes=self.no_show_after_min)
        return NoShowGrace(calls_left, max(0, int(-(-(due - now).total_seconds() // 1))))

    def pause_reason(self, code: str | None) -> PauseReason | None:
        """The branch's reason of `code` (None: not one of the branch's)."""
        for reason in self.pause_reasons:
            if reason.code == (code or "").strip().lower():
                return reason
        return None

    def reason_named(self, code: str | None) -> PauseReason:
        """For reports: the reason of `code`, a code the branch no longer has as itself."""
        if not code:
            return UNSAID_REASON
        return self.pause_reason(code) or PauseReason(code, code, code)


def return_arrival(rule: MissedCallRule, arrived_at: datetime, waiting: Sequence[WaitingTicket]) -> datetime:
    """The arrival time that puts a returned ticket after `rule.return_after` of the `waiting`
    tickets of its service (0: before all of them). Never later than needed: with fewer waiting,
    it goes last; with none, it keeps its own arrival."""
    order = sorted(waiting, key=lambda t: t.order_key)
    if not order:
        return arrived_at
    k = rule.return_after
    if k <= 0:
        return min(arrived_at, order[0].arrived_at - ONE_TICK)
    if k >= len(order):
        return order[-1].arrived_at + ONE_TICK
    before, after = order[k - 1].arrived_at, order[k].arrived_at
    middle = before + (after - before) / 2
    return middle if middle > before else before + ONE_TICK
