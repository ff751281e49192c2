"""Printer URLs, and python-escpos connections opened from them.

    tcp://HOST[:PORT]                   network printer (port 9100 by default)
    usb://VID:PID                       USB printer, ids in hex (`usb://04b8:0e15`)
    serial:///dev/ttyUSB0?baudrate=19200
    file:///dev/usb/lp0                 a device file (Linux usblp, parallel port): only a character
                                        device, never created, never truncated
    cups://QUEUE                        a raw CUPS queue
    preview://DIR                       PNG + raw .bin files in DIR (demo, tests, screens);
                                        `preview://` alone: the `tickets` folder of the data dir;
                                        a relative DIR lies inside that folder, and `..` is refused
    dummy://                            accepted and thrown away

`?status=0` on tcp/usb/serial skips the real-time status requests for printers that never
answer them.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import PrinterError
from .settings import PrinterSettings

KINDS = ("tcp", "usb", "serial", "file", "cups", "preview", "dummy")
STATUS_READABLE = {"tcp", "usb", "serial"}


@dataclass(frozen=True)
class Target:
    kind: str
    url: str
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    device: str = ""
    baudrate: int = 9600
    queue: str = ""
    directory: str = ""
    read_status: bool = False


def default_preview_dir() -> Path:
    """`tickets` in the product's data folder ($ANJUNGAN_DATA_DIR, else $XDG_DATA_HOME/anjungan)."""
    explicit = os.environ.get("ANJUNGAN_DATA_DIR")
    if explicit:
        return Path(explicit) / "tickets"
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "anjungan" / "tickets"


def _bad(url: str, why: str, **values) -> PrinterError:
    """An unusable address; `why` names the reason (`printer.address.<why>`)."""
    return PrinterError.of("printer.address." + why, url=url, **values)


def parse_url(url: str) -> Target:
    """A `Target` for a printer URL; raises `PrinterError` with a sentence when it is wrong."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise _bad(url, "unreadable") from None
    kind = parts.scheme.lower()
    if kind not in KINDS:
        raise _bad(url, "kind", kinds=", ".join(k + "://" for k in KINDS))
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    read_status = kind in STATUS_READABLE and query.get("status", "1").lower() not in ("0", "off", "no", "false")
    if kind == "tcp":
        try:
            host = parts.hostname
        except ValueError:
            host = None
        if not host:
            raise _bad(url, "no_host")
        try:
            port = parts.port or 9100
        except ValueError:
            raise _bad(url, "port") from None
        return Target(kind, url, host=parts.hostname, port=port, read_status=read_status)
    if kind == "usb":
        ids = (parts.netloc + parts.path).strip("/")
        try:
            vid, pid = (int(x, 16) for x in ids.split(":"))
        except ValueError:
            raise _bad(url, "usb_ids") from None
        return Target(kind, url, vendor_id=vid, product_id=pid, read_status=read_status)
    if kind in ("serial", "file"):
        device = unquote(parts.netloc + parts.path)
        if not device or "\x00" in device:
            raise _bad(url, "no_device")
        if _exists_but_not_a_device(device):
            raise _bad(url, "not_a_device")
        try:
            baudrate = int(query.get("baudrate", 9600))
        except ValueError:
            raise _bad(url, "baudrate") from None
        return Target(kind, url, device=device, baudrate=baudrate, read_status=read_status)
    if kind == "cups":
        queue = unquote(parts.netloc + parts.path).strip("/")
        return Target(kind, url, queue=queue)
    if kind == "preview":
        return Target(kind, url, directory=str(_preview_folder(url, unquote(parts.netloc + parts.path))))
    return Target(kind, url)


def _exists_but_not_a_device(path: str) -> bool:
    try:
        return not stat.S_ISCHR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False                    # missing: said as "not found" when printing


def _preview_folder(url: str, given: str) -> Path:
    """The folder a preview printer writes into: `given` when absolute, else inside the data
    folder's `tickets`; never above it through `..` (or a link leading out of it)."""
    root = default_preview_dir()
    if not given:
        return root
    if ".." in Path(given).parts or "\x00" in given:
        raise _bad(url, "preview_up")
    folder = Path(given)
    if folder.is_absolute():
        return folder
    inside = root / folder
    resolved_root = root.resolve()
    if inside.resolve() != resolved_root and resolved_root not in inside.resolve().parents:
        raise _bad(url, "preview_outside")
    return inside


def open_char_device(path: str):
    """A character device opened for writing: never created, never truncated, and refused when
    it is anything else (so `file://` cannot replace an ordinary file)."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISCHR(os.fstat(fd).st_mode):
            raise _bad(f"file://{path}", "not_a_device")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "wb", buffering=0)


def open_connection(target: Target, settings: PrinterSettings):
    """An opened python-escpos printer for a device target (tcp, usb, serial, file, cups).

    Every transport gets the short timeout from the settings, never python-escpos'
    default of 60 s (or none at all for USB).
    """
    from escpos import printer as escpos_printer

    profile = settings.profile
    timeout = settings.timeout_s
    if target.kind == "tcp":
        p = escpos_printer.Network(target.host, target.port, timeout=timeout, profile=profile)
    elif target.kind == "usb":
        p = escpos_printer.Usb(target.vendor_id, target.product_id, timeout=int(timeout * 1000), profile=profile)
    elif target.kind == "serial":
        p = escpos_printer.Serial(target.device, baudrate=target.baudrate, timeout=timeout, profile=profile)
    elif target.kind == "file":
        p = escpos_printer.File(target.device, profile=profile)
        p.device = open_char_device(target.device)          # instead of File.open(): "wb" creates files
        return p
    elif target.kind == "cups":
        if escpos_printer.CupsPrinter.is_usable():
            p = escpos_printer.CupsPrinter(target.queue, profile=profile)
        elif escpos_printer.LP.is_usable():
            p = escpos_printer.LP(target.queue, profile=profile)
        else:
            raise PrinterError.of("printer.cups.missing")
    else:
        raise ValueError(f"{target.kind}:// has no device connection")
    p.open()
    if target.kind == "tcp" and p.device is not None:
        import socket

        # Status requests are 3 bytes; without this they wait for the job's delayed ACK.
        p.device.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if target.kind == "serial" and p.device is not None:
        p.device.write_timeout = timeout
    return p
