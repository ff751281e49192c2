"""Run slow calls (status source, database, printer) off the UI thread.

Results come back to the UI thread through a queued Qt signal. `forget()` drops the results
still on their way, so a visit that was abandoned never changes the screen later.
"""
from __future__ import annotations

import itertools
import logging
from concurrent.futures import Future
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("anjungan.ui")


class _Job(QRunnable):
    def __init__(self, token: int, fn: Callable[[], Any], done: Callable[[int, Any, Any], None]):
        super().__init__()
        self.token, self.fn, self.done = token, fn, done
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as exc:  # handed to the UI thread, which shows a sentence
            result, error = None, exc
        self.done(self.token, result, error)


class Background(QObject):
    finished = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._tokens = itertools.count(1)
        self._callbacks: dict[int, Callable[[Any, Any], None]] = {}
        self.finished.connect(self._deliver)

    @property
    def busy(self) -> bool:
        return bool(self._callbacks)

    def run(self, fn: Callable[[], Any], callback: Callable[[Any, BaseException | None], None]) -> int:
        """Call `fn()` on a worker thread, then `callback(result, error)` on the UI thread."""
        token = next(self._tokens)
        self._callbacks[token] = callback
        self.pool.start(_Job(token, fn, self.finished.emit))
        return token

    def watch(self, future: Future, callback: Callable[[Any, BaseException | None], None]) -> int:
        """`callback(result, error)` on the UI thread when a concurrent future completes."""
        token = next(self._tokens)
        self._callbacks[token] = callback

        def done(f: Future) -> None:
            try:
                result, error = f.result(), None
            except Exception as exc:
                result, error = None, exc
            try:
                self.finished.emit(token, result, error)
            except RuntimeError:  # the window is already gone
                pass

        future.add_done_callback(done)
        return token

    def forget(self) -> None:
        self._callbacks.clear()

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)

    @Slot(int, object, object)
    def _deliver(self, token: int, result: Any, error: Any) -> None:
        callback = self._callbacks.pop(token, None)
        if callback is None:
            return
        try:
            callback(result, error)
        except Exception:
            log.exception("kiosk screen update failed")
