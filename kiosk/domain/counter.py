"""What an officer does at a counter, named once: the actions the command line, the web API and
the counter window offer, each with the word it is called by and the application's use case
that carries it out (`use_case`, a method of the services facade)."""
from __future__ import annotations

from enum import Enum

from kiosk.domain.queue import Move


# The counter's one-word actions (`anjungan call --counter N`, `POST /api/v1/counters/N/call`).
# (No docstring: the web API's schema of the action names takes the class as it is.)
class CounterAction(str, Enum):
    CALL = "call"           # the next ticket by the fairness rule
    RECALL = "recall"       # the ticket at the counter, called again
    SKIP = "skip"           # the called participant did not come
    FINISH = "finish"       # the visit is over
    PAUSE = "pause"         # the counter stops calling
    RESUME = "resume"       # ... and starts again

    @property
    def use_case(self) -> str:
        """The name of the use case that carries the action out (called with the counter)."""
        return _USE_CASES.get(self, self.value)

    @property
    def move(self) -> Move | None:
        """The ticket move it makes (None: the counter's own state changes)."""
        return _MOVES.get(self)

    @property
    def pauses(self) -> bool:
        """Whether it changes the counter's pause rather than a ticket."""
        return self in (CounterAction.PAUSE, CounterAction.RESUME)


_USE_CASES = {CounterAction.CALL: "call_next"}
_MOVES = {CounterAction.CALL: Move.CALL, CounterAction.RECALL: Move.RECALL, CounterAction.SKIP: Move.SKIP,
          CounterAction.FINISH: Move.FINISH}
