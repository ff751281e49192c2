"""Where the product's log lines go, and what they may not say.

`configure()` sends every log line of the process (ours and the libraries') to
`logs/anjungan.log` in the data folder (rotated, readable by its owner only). Every line passes
`MaskNumbers`, which stars all but the last four digits of any run of 16 or more digits (NIKs,
family-card numbers), in the message and in a traceback alike. Uncaught errors, in the main
thread, in other threads and in Qt's event loop, are written there in full; the person in front
of the screen gets one sentence (`report_crash`).
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from kiosk.domain.catalog import tr
from kiosk.domain.privacy import mask_long_numbers

LOG_NAME = "anjungan.log"
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"
_configured: Path | None = None
_lock = threading.Lock()


class MaskNumbers(logging.Filter):
    """Stars NIK-like numbers in the message of every record that passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = str(record.msg)
        masked = mask_long_numbers(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_long_numbers(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = mask_long_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_long_numbers(record.stack_info)
        return True


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_long_numbers(super().format(record))


class LogFile(logging.handlers.RotatingFileHandler):
    """The log file; a line that cannot be written (a full disk) is said once a minute on stderr,
    in one sentence, instead of a traceback per line."""

    said_every_s = 60.0
    _said = -1e9

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's API
        now = time.monotonic()
        if now - self._said < self.said_every_s:
            return
        self._said = now
        exc = sys.exc_info()[1]
        try:
            sys.stderr.write("anjungan: " + tr("safety.log.unwritable", path=self.baseFilename,
                                               error=getattr(exc, "strerror", None) or exc) + "\n")
        except Exception:  # noqa: BLE001 - no stderr left either
            pass


def _log_path() -> Path:
    from kiosk.store.db import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(mode=0o700, exist_ok=True)
        return folder / LOG_NAME
    except Exception:  # noqa: BLE001 - an unusable data folder is said by the command itself
        return Path(tempfile.gettempdir()) / f"anjungan-{os.getuid()}.log"


def configure() -> Path | None:
    """Log to the log file (once per process); returns its path, None when none can be written."""
    global _configured
    with _lock:
        if _configured is not None:
            return _configured
        path = _log_path()
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
            handler = LogFile(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8", delay=True)
        except OSError:
            return None
        handler.setFormatter(MaskingFormatter(FORMAT))
        handler.addFilter(MaskNumbers())
        root = logging.getLogger()
        root.addHandler(handler)
        if root.level > logging.INFO or root.level == logging.NOTSET:
            root.setLevel(logging.INFO)
        for name in ("sqlalchemy", "alembic", "PIL", "escpos", "urllib3", "httpx", "httpcore", "asyncio"):
            logging.getLogger(name).setLevel(logging.WARNING)
        _install_hooks()
        _configured = path
        return path


def echo_to_stderr(level: int = logging.INFO, fmt: str = "anjungan: %(message)s") -> None:
    """Also show log lines of `level` and above on stderr (masked too)."""
    root = logging.getLogger()
    if root.level > level:
        root.setLevel(level)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(MaskingFormatter(fmt))
    handler.addFilter(MaskNumbers())
    logging.getLogger().addHandler(handler)


def log_file() -> Path | None:
    return _configured


def report_crash(exc: BaseException) -> str:
    """Write `exc` with its traceback to the log; the one sentence to show instead."""
    logging.getLogger("anjungan").error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    path = log_file()
    return tr("safety.internal", "id", log=path if path is not None else "-")


def _install_hooks() -> None:
    def on_thread_error(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        logging.getLogger("anjungan").error("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                                            exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    def on_error(exc_type, exc, tb) -> None:
        # Qt slots and callbacks end up here: log it, say one sentence, keep the window alive.
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        sentence = report_crash(exc.with_traceback(tb) if exc is not None else exc_type())
        try:
            print(f"anjungan: {sentence}", file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 - no stderr left
            pass

    threading.excepthook = on_thread_error
    sys.excepthook = on_error
