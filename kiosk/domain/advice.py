"""What the head of service should do now, and the wait of someone arriving now per service.

The rules, stated once:
- **Wait if arriving now** (`waits_now`): the counters at work go on as they do (each free counter
  calls the oldest waiting ticket of the services it serves, every visit takes the service's
  pace); a ticket drawn now for a service is called when a counter reaches it. Its wait is that
  moment in minutes from now; None when no counter at work serves the service.
- **Who helps first**: the branch's own idle counters (staffed today, no ticket, idle at least
  `IDLE_MIN` minutes), then pauses that can end (not during the office's break), then ranger
  counters (back-office staff, at most `MAX_RANGERS`). An idle counter or a ranger takes the
  service where it lowers the longest wait-if-arriving-now the most; a paused counter comes
  back to its own services. Help is asked for only while some service's wait is past its target.
- Services are ranked by that wait, longest first (no counter at all: first of all).
"""
from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import Mapping, Sequence

from kiosk.domain.catalog import ByLanguage, msgid
from kiosk.domain.forecast import MAX_RANGERS, CounterLoad

IDLE_MIN = 5                # an idle counter counts as free help after this many minutes
NEVER = float("inf")


class AdviceKind(str, Enum):
    IDLE = "idle"           # a counter of the branch with nothing to do
    PAUSE = "pause"         # a pause that can end
    RANGER = "ranger"       # back-office staff opening a counter
    OUTLOOK = "outlook"     # the day's outlook to closing (no action of its own)


@dataclass(frozen=True)
class Helper:
    """A counter that could help now: idle or paused, and for how long."""

    number: int
    services: tuple[str, ...]
    minutes: int


@dataclass(frozen=True)
class Step:
    """One piece of advice: a message id with its values, the counters and services it names."""

    kind: AdviceKind
    key: str
    params: dict
    counters: tuple[int, ...] = ()
    services: tuple[str, ...] = ()


def _start_of_newcomer(queues: Mapping[str, Sequence[int]], counters: Sequence[CounterLoad],
                       paces: Mapping[str, float], service: str) -> float | None:
    """Minutes until a ticket drawn now for `service` is called (tickets ranked by age: lower first)."""
    newcomer = 1 << 60
    lines = {s: deque(q) for s, q in queues.items()}
    lines.setdefault(service, deque()).append(newcomer)
    free = [(max(0.0, c.busy_for_min), i) for i, c in enumerate(counters) if service in c.services or any(
        s in lines for s in c.services)]
    heapq.heapify(free)
    while free:
        at, i = heapq.heappop(free)
        best = None
        for s in counters[i].services:
            line = lines.get(s)
            if line and (best is None or line[0] < lines[best][0]):
                best = s
        if best is None:
            continue
        taken = lines[best].popleft()
        if taken == newcomer:
            return at
        heapq.heappush(free, (at + max(0.1, float(paces.get(best, 10))), i))
    return None


def waits_now(waiting: Sequence[tuple[str, object]], counters: Sequence[CounterLoad], paces: Mapping[str, float],
              services: Sequence[str]) -> dict[str, float | None]:
    """Per service: minutes a ticket drawn now would wait, from the waiting tickets `(service,
    order key)` and the counters at work (None: no counter at work serves it)."""
    queues: dict[str, list[int]] = {}
    for rank, (service, _key) in enumerate(sorted(waiting, key=lambda item: item[1])):
        queues.setdefault(service, []).append(rank)
    return {s: _start_of_newcomer(queues, counters, paces, s) for s in services}


def ranked(waits: Mapping[str, float | None], waiting: Mapping[str, int]) -> list[str]:
    """Services by the wait of someone arriving now, longest first (no counter: first); ties: more waiting."""
    return sorted(waits, key=lambda s: (-(NEVER if waits[s] is None else waits[s]), -waiting.get(s, 0), s))


def _profile(waits: Mapping[str, float | None], busy: set[str]) -> list[float]:
    """The waits of the services people wait for, longest first: a help is better when this is
    lower, the longest wait compared first."""
    return sorted((NEVER if waits[s] is None else round(waits[s], 3) for s in busy), reverse=True)


def _late(waits: Mapping[str, float | None], busy: set[str], targets: Mapping[str, int]) -> bool:
    return any(waits[s] is None or waits[s] > targets.get(s, NEVER) for s in busy)


def _and(items: Sequence[object]) -> ByLanguage:
    """"3 dan 4" / "3 and 4", "3, 4 dan 5" / "3, 4 and 5"."""
    words = [str(i) for i in items]
    if len(words) < 2:
        return ByLanguage(*(words or [""]) * 2)
    head = ", ".join(words[:-1])
    return ByLanguage(f"{head} dan {words[-1]}", f"{head} and {words[-1]}")


def advise(waiting: Sequence[tuple[str, object]], counters: Sequence[CounterLoad], paces: Mapping[str, float],
           targets: Mapping[str, int], *, idle: Sequence[Helper] = (), paused: Sequence[Helper] = (),
           max_rangers: int = MAX_RANGERS) -> tuple[list[Step], dict[str, float | None]]:
    """The steps to take now, in order, and the waits-if-arriving-now after them."""
    busy = {s for s, _ in waiting}
    services = sorted(busy)
    working = list(counters)
    waits = waits_now(waiting, working, paces, services)
    taken: list[tuple[AdviceKind, Helper, str, float | None]] = []

    def joined(helper: Helper, service: str) -> list[CounterLoad]:
        """The counters at work with `helper` taking `service` (besides its own services)."""
        own = tuple(x for x in helper.services if x != service)
        return [c for c in working if c.number != helper.number] + [CounterLoad(helper.number, (service, *own))]

    rangers = [Helper(-(r + 1), (), 0) for r in range(max_rangers)]
    queue = ([(AdviceKind.IDLE, h) for h in sorted(idle, key=lambda h: (-h.minutes, h.number)) if h.minutes >= IDLE_MIN]
             + [(AdviceKind.PAUSE, h) for h in sorted(paused, key=lambda h: (-h.minutes, h.number))]
             + [(AdviceKind.RANGER, h) for h in rangers])
    for kind, helper in queue:
        if not _late(waits, busy, targets):
            break
        if kind is AdviceKind.PAUSE:            # back to its own services
            options = [(s, [c for c in working if c.number != helper.number] + [CounterLoad(helper.number,
                                                                                            helper.services)])
                       for s in ranked(waits, {}) if s in helper.services and s in busy][:1]
        else:
            options = [(s, joined(helper, s)) for s in services]
        best = None
        for service, trial in options:
            after = waits_now(waiting, trial, paces, services)
            score = (_profile(after, busy), -(NEVER if waits[service] is None else waits[service]), service)
            if best is None or score < best[0]:
                best = (score, service, trial, after)
        if best is None or best[0][0] >= _profile(waits, busy):
            continue                            # it would not shorten the longest wait
        _score, service, working, waits = best
        taken.append((kind, helper, service, waits[service]))
    return _steps(taken), waits


_KEYS = {AdviceKind.IDLE: msgid("monitor.advice.idle"), AdviceKind.PAUSE: msgid("monitor.advice.pause"),
         AdviceKind.RANGER: msgid("monitor.advice.ranger_now")}


def _steps(taken: Sequence[tuple[AdviceKind, Helper, str, float | None]]) -> list[Step]:
    """Helpers of one kind sent to one service make one step ("Loket 3 dan 4 … layani INFO"),
    with the service's wait if arriving now once they help."""
    groups: dict[tuple[AdviceKind, str], list[Helper]] = {}
    waits: dict[tuple[AdviceKind, str], float | None] = {}
    for kind, helper, service, after in taken:
        groups.setdefault((kind, service), []).append(helper)
        waits[(kind, service)] = after
    steps = []
    for (kind, service), helpers in groups.items():
        after = waits[(kind, service)]
        params = {"service": service, "minutes": min(h.minutes for h in helpers), "count": len(helpers),
                  "wait": "–" if after is None else round(after)}
        counters: tuple[int, ...] = ()
        if kind is not AdviceKind.RANGER:
            counters = tuple(sorted(h.number for h in helpers))
            params["counters"] = _and(counters)
        steps.append(Step(kind, _KEYS[kind], params, counters, (service,)))
    return steps
