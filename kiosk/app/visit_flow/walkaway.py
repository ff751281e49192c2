"""Walk-aways and the kiosk's own times: the warning with its countdown, the extensions, the ticket
screen's return to Welcome and the end of a floating notice (`kiosk.domain.idle`).

The window only says that time has passed (`tick`) and that the screen was touched (`touched`);
what follows is decided here, on the flow's monotonic clock.
"""
from __future__ import annotations

import math

from kiosk.app.visit_flow.parts import NOTICE_S, Change, FlowCore, Step
from kiosk.domain.catalog import tr


class WalkAway:
    """The walk-away watch of one kiosk (`flow.idle`)."""

    def __init__(self, flow: FlowCore):
        self.flow = flow
        self.extensions = 0                       # "still here" answers in a row
        self.warning_since: float | None = None
        self.quiet_from: float | None = None      # None: no walk-away to watch for
        self.return_at: float | None = None       # the ticket screen goes back to Welcome then
        self._last_left = -1

    @property
    def warning(self) -> bool:
        return self.warning_since is not None

    def touched(self) -> None:
        """A touch or a key: real activity restarts the quiet time (not while the warning asks)."""
        if self.warning_since is None:
            self.extensions = 0
            self.restart()

    def restart(self) -> None:
        if self.warning_since is None:
            self.quiet_from = self.flow.clock()

    def return_after(self, seconds: float | None) -> None:
        """The ticket screen goes back to Welcome `seconds` from now (None: it does not)."""
        self.return_at = None if seconds is None else self.flow.clock() + seconds

    def may_extend(self) -> bool:
        return self.extensions < self.flow.settings.extensions

    def seconds_left(self) -> int:
        """Whole seconds left on the countdown (rounded up, so it never shows 0 while there is
        time; 0 without a warning)."""
        if self.warning_since is None:
            return 0
        left = self.flow.settings.warning_s - (self.flow.clock() - self.warning_since)
        return max(0, math.ceil(left - 1e-9))

    def tick(self) -> None:
        """Time has passed: the notice's end, the countdown, the end of a walked-away visit, the
        ticket screen's return, the warning."""
        flow = self.flow
        now = flow.clock()
        if flow.notice is not None and now - flow.notice.since >= NOTICE_S:
            flow.hide_notice()
        if self.warning_since is not None:
            left = self.seconds_left()
            if left <= 0:
                self.end_visit()
            elif left != self._last_left:
                self._last_left = left
                flow.emit(Change.IDLE)
            return
        if flow.step is Step.TICKET and flow.visit.ticket is not None:
            if self.return_at is not None and now >= self.return_at:
                flow.go_welcome()
            return          # the ticket screen has its own time (longer when the ticket did not print)
        if self.quiet_from is None or now - self.quiet_from < flow.settings.quiet_s:
            return
        self.quiet_from = None
        if flow.step is Step.WELCOME and not flow.assisted:
            flow.reset_preferences()          # the next visitor starts with the branch's defaults
            return
        self.warn()

    def warn(self) -> None:
        """The warning, counting down (a notice gives way to it)."""
        self.flow.hide_notice()
        self.warning_since = self.flow.clock()
        self._last_left = self.seconds_left()
        self.flow.emit(Change.IDLE)
        self.flow.say(tr("idle.spoken", self.flow.lang))

    def extend(self) -> None:
        """"Ya, saya masih di sini": the full time again (up to the rule's number of times)."""
        if self.warning_since is None or not self.may_extend():
            return
        self.extensions += 1
        self.hide()
        self.restart()

    def hide(self) -> None:
        if self.warning_since is not None:
            self.warning_since = None
            self.flow.emit(Change.IDLE)

    def end_visit(self) -> None:
        """The countdown ran out: the visit (and an assisted session) ends."""
        self.hide()
        self.extensions = 0
        self.flow.staff_role = None
        self.flow.go_welcome()
