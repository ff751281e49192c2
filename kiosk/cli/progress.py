"""Long work shows how far it is: a bar on the terminal, or JSON lines for a script.

`with shown(args, "report") as progress:` hands the use case a `progress(done, total)` (or None):
- `--progress-json`: one JSON line per step on **stderr**,
  `{"progress": {"task": "report", "done": 120, "total": 251}}` (`total` null while unknown), so
  stdout keeps exactly the one document of `--json`;
- else, when stderr is a terminal: a bar on stderr (rich), gone once the work is over;
- else (a script, a pipe, CI): nothing at all.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from kiosk.domain.catalog import msgid, tr

if TYPE_CHECKING:
    from kiosk.services import Progress

# each long task and the label of its bar
TASK_LABELS = {"participants_import": msgid("cli.progress.participants_import"),
               "participants_demo": msgid("cli.progress.participants_demo"),
               "bookings_import": msgid("cli.progress.bookings_import"), "report": msgid("cli.progress.report"),
               "db_upgrade": msgid("cli.progress.db_upgrade"), "backup": msgid("cli.progress.backup"),
               "restore": msgid("cli.progress.restore")}


def add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--progress-json", action="store_true",
                        help='write progress as JSON lines on stderr: {"progress": {"task", "done", "total"}}')


@contextmanager
def shown(args: argparse.Namespace, task: str) -> Iterator[Progress | None]:
    """The progress of `task` (participants_import, participants_demo, bookings_import, report,
    db_upgrade: its label is `cli.progress.<task>`) as the command line shows it (see above)."""
    if getattr(args, "progress_json", False):
        yield JsonLines(task)
    elif _is_terminal(sys.stderr):
        with TerminalBar(tr(TASK_LABELS[task])) as bar:
            yield bar
    else:
        yield None


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):      # replaced or closed
        return False


class JsonLines:
    """`progress(done, total)` as JSON lines on stderr; a step said twice is said once."""

    def __init__(self, task: str, stream=None):
        self.task = task
        self.stream = stream
        self._last: tuple[int, int | None] | None = None

    def __call__(self, done: int, total: int | None) -> None:
        if (done, total) == self._last:
            return
        self._last = (done, total)
        stream = self.stream or sys.stderr
        stream.write(json.dumps({"progress": {"task": self.task, "done": done, "total": total}}) + "\n")
        stream.flush()


class TerminalBar:
    """`progress(done, total)` as a bar on the terminal's stderr (rich), removed when done."""

    def __init__(self, description: str):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

        self._bar = Bar(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task(description, total=None)

    def __enter__(self) -> "TerminalBar":
        self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        self._bar.stop()

    def __call__(self, done: int, total: int | None) -> None:
        self._bar.update(self._task, completed=done, total=total)
