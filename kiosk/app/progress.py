"""How a long use case tells how far it is: `progress(done, total)`, `total` None while unknown.

Plain callables, no library and no Qt: the command line turns them into a bar on the terminal
(or JSON lines), the monitor window into its progress bar. A use case given no `progress` pays
nothing for it.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable, Iterator, TypeVar

Progress = Callable[[int, "int | None"], None]
T = TypeVar("T")

STEPS = 200             # at most about this many reports over a known total
MIN_STEP = 100          # and never more often than every this many rows


def step_of(total: int | None) -> int:
    """Report every this many rows: about `STEPS` reports over `total`."""
    return max(MIN_STEP, (total or 0) // STEPS)


def counted(items: Iterable[T], progress: Progress | None, total: int | None) -> Iterator[T]:
    """`items`, reporting every few of them to `progress` as they are taken (`done` never passes
    `total`: a total that was a guess grows with the count)."""
    if progress is None:
        yield from items
        return
    step, done = step_of(total), 0
    progress(0, total)
    for item in items:
        yield item
        done += 1
        if done % step == 0:
            progress(done, None if total is None else max(total, done))


def data_lines(path: str | os.PathLike) -> int | None:
    """The rows of a CSV file below its header, counted by its line ends (a fast guess: a quoted
    field may hold a line end); None when it cannot be read (the import says why)."""
    lines, last = 0, b"\n"
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return None
    if last != b"\n":
        lines += 1
    return max(0, lines - 1)
