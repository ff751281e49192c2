"""One attempt to put one job on one printer, with every failure named."""
from __future__ import annotations

import errno
import logging
import re
import socket
from dataclasses import dataclass
from pathlib import Path

from .connect import Target, open_connection
from .errors import PrinterError
from .escpos_out import render_bytes
from .layout import Op
from .outcome import (
    DISCONNECTED, NO_ANSWER, NO_PERMISSION, NOT_FOUND, PRINTER_ERROR, UNREACHABLE, UNSUPPORTED, Fault,
)
from .preview import render_ops, save_png
from .settings import PrinterSettings
from .status import Disconnected, NoAnswer, StatusReport, read_status

log = logging.getLogger(__name__)


@dataclass
class Attempt:
    fault: Fault | None = None
    paper_near_end: bool = False
    files: tuple[str, ...] = ()


def classify(exc: BaseException) -> Fault:
    """The fault behind an exception from a transport (socket, pyusb, pyserial, files)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, NoAnswer) or isinstance(exc, (socket.timeout, TimeoutError)):
            return NO_ANSWER
        if isinstance(exc, Disconnected) or isinstance(exc, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
            return DISCONNECTED
        if isinstance(exc, ConnectionRefusedError):
            return UNREACHABLE
        if isinstance(exc, PermissionError) or getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM):
            return NO_PERMISSION
        if isinstance(exc, FileNotFoundError) or getattr(exc, "errno", None) in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
            return NOT_FOUND
        if isinstance(exc, OSError) and exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN):
            return UNREACHABLE
        name = type(exc).__name__.lower()
        if "timeout" in name:
            return NO_ANSWER
        if "notfound" in name:
            # python-escpos wraps the transport's error; look at it first.
            inner = exc.__cause__ or exc.__context__
            if inner is not None and id(inner) not in seen:
                exc = inner
                continue
            return NOT_FOUND
        if "serialexception" in name or "usberror" in name:
            return DISCONNECTED
        if isinstance(exc, OSError):
            return DISCONNECTED
        exc = exc.__cause__ or exc.__context__
    return PRINTER_ERROR


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "tiket"


def to_preview(directory: str, name: str, ops: list[Op], job: bytes, settings: PrinterSettings) -> Attempt:
    folder = Path(directory).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        png = folder / f"{_safe(name)}.png"
        binary = folder / f"{_safe(name)}.bin"
        save_png(render_ops(ops, settings), png)
        binary.write_bytes(job)
    except OSError as exc:
        return Attempt(classify(exc))
    return Attempt(files=(str(png), str(binary)))


def to_device(target: Target, job: bytes, settings: PrinterSettings) -> Attempt:
    """Status check, the job in one write, then a status check that it was taken."""
    p = None
    try:
        p = open_connection(target, settings)
        near_end = False
        if target.read_status:
            before: StatusReport = read_status(p, full=False)
            near_end = before.paper_near_end
            if before.fault():
                return Attempt(before.fault(), near_end)
        p._raw(job)
        if target.read_status:
            after = read_status(p, full=False)
            near_end = near_end or after.paper_near_end
            if after.fault():
                return Attempt(after.fault(), near_end)
        return Attempt(None, near_end)
    except PrinterError:
        raise
    except Exception as exc:  # every transport failure becomes a named fault
        fault = classify(exc)
        log.info("printer %s: %s (%s)", target.url, fault.code, type(exc).__name__)
        return Attempt(fault)
    finally:
        if p is not None:
            try:
                p.close()
            except Exception:
                pass


def attempt(target: Target, name: str, ops: list[Op], settings: PrinterSettings, sink: list | None = None) -> Attempt:
    """Print `ops` once on `target`. `sink`, when given, receives the job bytes."""
    try:
        job = render_bytes(ops, settings)
    except PrinterError:                # e.g. a capability profile this machine does not know
        return Attempt(UNSUPPORTED)
    if sink is not None:
        sink.append(job)
    if target.kind == "dummy":
        return Attempt()
    if target.kind == "preview":
        return to_preview(target.directory, name, ops, job, settings)
    try:
        return to_device(target, job, settings)
    except PrinterError:
        return Attempt(UNSUPPORTED)
