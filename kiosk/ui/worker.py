"""The windows' one worker: slow calls (the database, the status source, the printer) run off the
UI thread, and their answers come back on it.

`run(work, done)` calls `work()` on a worker thread, then `done(result, error)` on the thread that
owns the `Background` (through a queued Qt signal); `watch(future, done)` does the same for a
concurrent future. `forget()` drops the answers still on their way (a kiosk visit that was
abandoned never changes the screen later); `close()` drops them and stops the workers. With one
worker (the default) the calls run one after another, in the order they were given.
`answers(on_done, on_error)` makes a `done` of two callbacks, for callers that want them apart.
`run(work, done, progress=on_progress)` hands `work` a `progress(done, total)` to call from the
worker thread; `on_progress(done, total)` gets each step on the owner's thread, before `done`.
"""
from __future__ import annotations

import itertools
import logging
from concurrent.futures import Future, ThreadPoolExecutor, wait as wait_for
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("anjungan.ui")

Done = Callable[[Any, BaseException | None], None]


def answers(on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Done:
    """A `done(result, error)` that hands a result to `on_done` and an error to `on_error`
    (logged when there is none)."""
    def done(result: Any, error: BaseException | None) -> None:
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                log.error("background call failed: %s", error)
        elif on_done is not None:
            on_done(result)
    return done


class Background(QObject):
    _finished = Signal(int, object, object)     # token, result, error
    _progressed = Signal(int, int, object)      # token, done, total (None: not known yet)

    def __init__(self, parent: QObject | None = None, name: str = "background", max_threads: int = 1):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix=name)
        self._tokens = itertools.count(1)
        self._callbacks: dict[int, Done] = {}
        self._pending: set[Future] = set()
        self._closed = False
        self._progress: dict[int, Callable[[int, int | None], None]] = {}
        self._finished.connect(self._deliver)
        self._progressed.connect(self._deliver_progress)

    @property
    def busy(self) -> bool:
        """Whether an answer is still on its way."""
        return bool(self._callbacks)

    def run(self, work: Callable[..., Any], done: Done,
            progress: Callable[[int, int | None], None] | None = None) -> int | None:
        """Call `work()` on a worker thread, then `done(result, error)` on the owner's thread.
        With `progress`: `work(step)`, whose `step(done, total)` calls reach `progress` on the
        owner's thread."""
        if self._closed:
            return None
        token = self._expect(done)
        if progress is not None:
            self._progress[token] = progress

            def step(count: int, total: int | None) -> None:
                if not self._closed:
                    try:
                        self._progressed.emit(token, count, total)
                    except RuntimeError:  # the owner is gone
                        pass

        def job() -> None:
            try:
                result, error = (work() if progress is None else work(step)), None
            except Exception as exc:  # handed to `done` on the owner's thread, which says it
                result, error = None, exc
            self._answer(token, result, error)

        future = self._pool.submit(job)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return token

    def watch(self, future: Future, done: Done) -> int | None:
        """`done(result, error)` on the owner's thread when a concurrent future completes."""
        if self._closed:
            return None
        token = self._expect(done)

        def completed(f: Future) -> None:
            try:
                result, error = f.result(), None
            except Exception as exc:  # noqa: BLE001 - handed to `done`
                result, error = None, exc
            self._answer(token, result, error)

        future.add_done_callback(completed)
        return token

    def forget(self) -> None:
        """Drop every answer still on its way."""
        self._callbacks.clear()
        self._progress.clear()

    def wait(self, msecs: int = 10000) -> bool:
        """Wait up to `msecs` for the calls given so far; whether they are all over."""
        _done, not_done = wait_for(list(self._pending), timeout=msecs / 1000)
        return not not_done

    def close(self, wait: bool = True) -> None:
        """No more answers; the workers stop (at once, unless `wait`)."""
        self._closed = True
        self._callbacks.clear()
        self._progress.clear()
        self._pool.shutdown(wait=wait, cancel_futures=True)

    def _expect(self, done: Done) -> int:
        token = next(self._tokens)
        self._callbacks[token] = done
        return token

    def _answer(self, token: int, result: Any, error: BaseException | None) -> None:
        if self._closed:
            return
        try:
            self._finished.emit(token, result, error)
        except RuntimeError:  # the owner is gone
            pass

    @Slot(int, int, object)
    def _deliver_progress(self, token: int, done: int, total: Any) -> None:
        callback = self._progress.get(token)
        if callback is not None and not self._closed:
            callback(done, total)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        self._progress.pop(token, None)
        callback = self._callbacks.pop(token, None)
        if callback is None or self._closed:
            return
        callback(result, error)
