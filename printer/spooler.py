"""The print spooler: one worker per printer, never the caller's (UI) thread.

python-escpos printer objects are not thread-safe, so each `Spooler` owns one worker thread
and every device is also guarded by a lock per URL (two spoolers on one printer take turns).
A job that fails on a connection problem is retried on a fresh connection (the printer was
restarted or replugged), then on the failover printer if there is one. Whatever happens,
the caller gets a `PrintOutcome`: printed, or failed with one sentence; the ticket itself is
untouched and can be printed again.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Callable

from .connect import Target, parse_url
from .deliver import Attempt, attempt
from .layout import Op, check_page_ops, ticket_ops
from .outcome import PRINTER_ERROR, PrintOutcome
from .settings import PrinterSettings
from .status import read_status
from .texts import say
from .ticket import CheckPageLabels, TicketData

log = logging.getLogger(__name__)

RETRY_DELAYS_S = (0.3, 1.0)   # fresh connections after the first attempt
_device_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def device_lock(url: str) -> threading.Lock:
    with _locks_guard:
        return _device_locks.setdefault(url, threading.Lock())


def file_name(ticket: TicketData) -> str:
    name = f"{ticket.issued_at:%Y%m%d}-{ticket.number}-{ticket.ticket_id}"
    return name + "-ulang" if ticket.reprint else name


class Spooler:
    """Prints tickets on the printer in `settings` (and its failover printer).

    `on_done(ticket, outcome)` is called on the worker thread after every ticket job; UI code
    must hand it over to its own thread (a queued signal).
    """

    def __init__(
        self,
        settings: PrinterSettings,
        on_done: Callable[[TicketData, PrintOutcome], None] | None = None,
        *,
        retry_delays_s: tuple[float, ...] = RETRY_DELAYS_S,
    ):
        self.settings = settings
        self.on_done = on_done
        self.retry_delays_s = retry_delays_s
        self.targets: list[Target] = [parse_url(settings.url)]
        if settings.failover_url:
            self.targets.append(parse_url(settings.failover_url))
        self.last_job: bytes = b""
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        self._worker_ident: int | None = None
        self._closed = False

    # -- public --------------------------------------------------------------------------
    def submit(self, ticket: TicketData) -> "Future[PrintOutcome]":
        """Queue a ticket; the Future resolves to its `PrintOutcome` (never raises)."""
        if self._closed:
            raise RuntimeError("spooler is closed")
        future = self._executor.submit(self._ticket_job, ticket)
        return future

    def print_now(self, ticket: TicketData) -> PrintOutcome:
        """Print and wait. Not for a UI thread: use `submit` there."""
        if threading.get_ident() == self._worker_ident:
            return self._ticket_job(ticket)
        return self.submit(ticket).result()

    def print_ops(self, ops: list[Op], name: str) -> PrintOutcome:
        """Print any operations (the test page) through the same worker and checks."""
        return self._executor.submit(self._run, ops, name).result()

    def close(self) -> None:
        """Finish queued jobs, then stop the worker."""
        self._closed = True
        self._executor.shutdown(wait=True)

    def __enter__(self) -> "Spooler":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- worker side ---------------------------------------------------------------------
    def _ticket_job(self, ticket: TicketData) -> PrintOutcome:
        self._worker_ident = threading.get_ident()
        try:
            outcome = self._run(ticket_ops(ticket, self.settings), file_name(ticket))
        except Exception:  # a bug must not lose the ticket: report it as a failed print
            log.exception("printing ticket %s failed unexpectedly", ticket.number)
            outcome = PrintOutcome.failed(self.settings.url, PRINTER_ERROR)
        log.info("ticket %s: %s on %s%s", ticket.number, outcome.status, outcome.printer_url,
                 f" ({outcome.fault})" if outcome.fault else "")
        if self.on_done is not None:
            try:
                self.on_done(ticket, outcome)
            except Exception:
                log.exception("print callback failed for ticket %s", ticket.number)
        return outcome

    def _run(self, ops: list[Op], name: str) -> PrintOutcome:
        first: PrintOutcome | None = None
        for target in self.targets:
            outcome = self._on_target(target, ops, name)
            if outcome.ok:
                return outcome
            first = first or outcome
        assert first is not None
        return first

    def _on_target(self, target: Target, ops: list[Op], name: str) -> PrintOutcome:
        settings = replace(self.settings, url=target.url)
        result: Attempt = Attempt()
        near_end = False
        with device_lock(target.url):
            for delay in (0.0, *self.retry_delays_s):
                if delay:
                    time.sleep(delay)
                sink: list[bytes] = []
                result = attempt(target, name, ops, settings, sink)
                self.last_job = sink[-1] if sink else self.last_job
                near_end = near_end or result.paper_near_end
                if result.fault is None or not result.fault.retry:
                    break
        if result.fault is None:
            return PrintOutcome.printed(target.url, paper_near_end=near_end, files=result.files)
        return PrintOutcome.failed(target.url, result.fault, paper_near_end=near_end)


def print_test_page(settings: PrinterSettings, words: CheckPageLabels) -> PrintOutcome:
    """A page with alignment, sizes, QR code and code page, to check a printer; its words given
    by the caller."""
    with Spooler(replace(settings, failover_url=None)) as spooler:
        return spooler.print_ops(check_page_ops(settings, words), "halaman-uji")


def printer_status(settings: PrinterSettings) -> dict:
    """How the printer is: reachable, online, paper, cover, with one sentence."""
    from .connect import open_connection
    from .deliver import classify
    from .outcome import Fault

    target = parse_url(settings.url)
    doc: dict = {"printer": settings.url, "kind": target.kind, "reachable": False, "status_readable": False,
                 "online": None, "paper": None, "paper_near_end": False, "cover_open": None, "error": None,
                 "ok": False, "message": "", "message_en": ""}
    fault: Fault | None = None
    if target.kind == "dummy":
        doc.update(reachable=True)
    elif target.kind == "preview":
        from pathlib import Path

        folder = Path(target.directory).expanduser()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".anjungan-probe"
            probe.write_bytes(b"")
            probe.unlink()
            doc.update(reachable=True)
        except OSError as exc:
            fault = classify(exc)
    else:
        with device_lock(settings.url):
            p = None
            try:
                p = open_connection(target, settings)
                doc["reachable"] = True
                if target.read_status:
                    report = read_status(p, full=True)
                    doc.update(status_readable=True, online=report.online, paper=report.paper,
                               paper_near_end=report.paper_near_end, cover_open=report.cover_open,
                               error=bool(report.error or report.cutter_error))
                    fault = report.fault()
            except Exception as exc:
                fault = classify(exc)
            finally:
                if p is not None:
                    try:
                        p.close()
                    except Exception:
                        pass
    if fault is not None:
        doc.update(ok=False, fault=fault.code)
        key = fault.key
    else:
        doc["ok"] = True
        doc["fault"] = None
        if doc["paper_near_end"]:
            key = "printer.status.ready_paper_low"
        elif doc["status_readable"] or target.kind in ("dummy", "preview"):
            key = "printer.status.ready"
        else:
            key = "printer.status.no_status"
    doc["message"], doc["message_en"] = say(key)
    return doc
