"""A network receipt printer stand-in that fails like a real one, and an ESC/POS reader.

`PrinterStandin` is a real TCP server on loopback (port 0, see `.url`). It records every
job, answers the real-time status requests `DLE EOT 1/2/3/4` like an Epson-style printer,
and can be told to go offline, report paper near end or paper out, open its cover, stall
in the middle of a job, drop the connection, or be switched off. Data that arrives while
the printer cannot print is thrown away, as if the job never came out. `clear()` is a power
cycle: faults gone, connections left open by a fault are reset.

`parse_escpos(job)` reads a job back into what a participant would see: text lines with
their size and weight, QR payloads, raster images, cuts.
"""
from __future__ import annotations

import socket
import struct
import threading
import time
from dataclasses import dataclass, field

DLE, EOT, ESC, GS = 0x10, 0x04, 0x1B, 0x1D


# --------------------------------------------------------------------------------------
# Splitting a byte stream into commands (enough of ESC/POS for receipts)
# --------------------------------------------------------------------------------------
_ESC_ARGS = {ord(c): n for c, n in {"@": 0, "2": 0, "3": 1, "!": 1, "-": 1, "E": 1, "G": 1, "M": 1,
                                      "R": 1, "V": 1, "a": 1, "t": 1, "d": 1, "J": 1, "{": 1, "p": 3}.items()}
_GS_ARGS = {ord(c): n for c, n in {"!": 1, "B": 1, "H": 1, "f": 1, "h": 1, "w": 1, "a": 1, "b": 1}.items()}


def command_length(buf: bytes | bytearray, i: int) -> int | None:
    """Bytes taken by the command starting at `buf[i]`, or None if more bytes are needed."""
    n = len(buf) - i
    b = buf[i]
    if b == DLE:
        return (3 if buf[i + 1] == EOT else 1) if n >= 3 or (n >= 2 and buf[i + 1] != EOT) else None
    if b == ESC:
        if n < 2:
            return None
        c = buf[i + 1]
        if c == ord("c"):  # ESC c 5 n (panel buttons) and friends
            return 4 if n >= 4 else None
        need = 2 + _ESC_ARGS.get(c, 0)
        return need if n >= need else None
    if b == GS:
        if n < 2:
            return None
        c = buf[i + 1]
        if c == ord("("):  # GS ( k / GS ( L pL pH ...
            if n < 5:
                return None
            need = 5 + buf[i + 3] + buf[i + 4] * 256
            return need if n >= need else None
        if c == ord("v"):  # GS v 0 m xL xH yL yH data
            if n < 8:
                return None
            x, y = struct.unpack_from("<HH", buf, i + 4)
            need = 8 + x * y
            return need if n >= need else None
        if c == ord("V"):
            if n < 3:
                return None
            need = 4 if buf[i + 2] in (65, 66, 97, 98, 103, 104) else 3
            return need if n >= need else None
        need = 2 + _GS_ARGS.get(c, 0)
        return need if n >= need else None
    return 1


# --------------------------------------------------------------------------------------
# Reading a job back
# --------------------------------------------------------------------------------------
@dataclass
class Line:
    text: str
    width: int = 1       # character size multipliers
    height: int = 1
    bold: bool = False
    align: str = "left"
    invert: bool = False


@dataclass
class Raster:
    width_dots: int
    height: int
    rows: list[list[bool]]  # True = black dot


@dataclass
class ParsedJob:
    lines: list[Line] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)          # payloads of printed native QR codes
    rasters: list[Raster] = field(default_factory=list)
    cuts: int = 0
    inits: int = 0
    codepage: int | None = None
    panel_buttons_off: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def find(self, needle: str) -> Line | None:
        return next((line for line in self.lines if needle in line.text), None)


def parse_escpos(job: bytes, encoding: str = "cp437") -> ParsedJob:
    out = ParsedJob()
    width = height = 1
    bold = invert = False
    align = "left"
    text = bytearray()
    stored_qr = b""
    i = 0

    def flush():
        out.lines.append(Line(text.decode(encoding, "replace"), width, height, bold, align, invert))
        text.clear()

    while i < len(job):
        size = command_length(job, i) or (len(job) - i)
        b = job[i]
        cmd = job[i:i + size]
        if b == ESC:
            c = cmd[1:2]
            if c == b"@":
                out.inits += 1
                width = height = 1
                bold = invert = False
                align = "left"
            elif c == b"E":
                bold = bool(cmd[2] & 1)
            elif c == b"!":
                width = 2 if cmd[2] & 0x20 else 1
                height = 2 if cmd[2] & 0x10 else 1
                bold = bool(cmd[2] & 0x08)
            elif c == b"a":
                align = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}[cmd[2]]
            elif c == b"t":
                out.codepage = cmd[2]
            elif c == b"c" and cmd[2:3] == b"5":
                out.panel_buttons_off = bool(cmd[3] & 1)
            elif c == b"d":
                for _ in range(cmd[2]):
                    flush()
        elif b == GS:
            c = cmd[1:2]
            if c == b"!":
                width, height = (cmd[2] >> 4) + 1, (cmd[2] & 0x0F) + 1
            elif c == b"B":
                invert = bool(cmd[2] & 1)
            elif c == b"V":
                out.cuts += 1
            elif c == b"(" and cmd[2:3] == b"k" and len(cmd) >= 8 and cmd[5] == 49:
                fn = cmd[6]
                if fn == 80:
                    stored_qr = bytes(cmd[8:])
                elif fn == 81:
                    out.qr.append(stored_qr.decode("utf-8"))
            elif c == b"v":
                x, y = struct.unpack_from("<HH", cmd, 4)
                data = cmd[8:]
                rows = [[bool(data[r * x + col // 8] & (0x80 >> (col % 8))) for col in range(x * 8)] for r in range(y)]
                out.rasters.append(Raster(x * 8, y, rows))
        elif b == DLE:
            pass
        elif b == 0x0A:
            flush()
        elif b >= 0x20:
            text.append(b)
        i += size
    if text:
        flush()
    return out


# --------------------------------------------------------------------------------------
# The printer
# --------------------------------------------------------------------------------------
class PrinterStandin:
    """A receipt printer on `127.0.0.1:<port>`; use `.url` as the printer URL."""

    def __init__(self, answer_status: bool = True):
        self.answer_status = answer_status
        self.online = True
        self.paper = "ok"            # "ok" | "near_end" | "out"
        self.cover_open = False
        self.stall_after: int | None = None    # bytes into a job
        self.drop_after: int | None = None
        self.drop_once = False
        self.jobs: list[bytes] = []            # everything received per connection (no status requests)
        self.printed: list[bytes] = []         # what came out of the printer, per connection
        self.status_requests = 0
        self.last_byte_at = 0.0                # time.perf_counter() when the last job byte arrived
        self.connections = 0
        self._generation = 0
        self._lock = threading.Condition()
        self._server: socket.socket | None = None
        self._running = True
        self.port = 0
        self._handlers: list[threading.Thread] = []
        self.power_on()

    # -- control ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def go_offline(self):
        self.online = False

    def paper_near_end(self):
        self.paper = "near_end"

    def paper_out(self):
        self.paper = "out"

    def open_cover(self):
        self.cover_open = True

    def stall(self, after_bytes: int = 64):
        """Stop reading and answering once a job has sent `after_bytes` bytes."""
        self.stall_after = after_bytes

    def drop(self, after_bytes: int = 64, once: bool = False):
        """Reset the connection once a job has sent `after_bytes` bytes (a replug)."""
        self.drop_after = after_bytes
        self.drop_once = once

    def power_off(self):
        """Nobody listens on the port any more (connection refused)."""
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None
            self._generation += 1
            self._lock.notify_all()

    def power_on(self):
        with self._lock:
            if self._server is not None:
                return
            server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            server.bind(("127.0.0.1", self.port))
            server.listen(8)
            server.settimeout(0.05)
            self.port = server.getsockname()[1]
            self._server = server
        threading.Thread(target=self._accept_loop, args=(server,), daemon=True, name="standin-accept").start()

    def clear(self):
        """Power cycle: every fault cleared, connections held by a fault are reset."""
        with self._lock:
            self.online, self.paper, self.cover_open = True, "ok", False
            self.stall_after = self.drop_after = None
            self._generation += 1
            self._lock.notify_all()
        self.power_on()

    def close(self):
        self._running = False
        self.power_off()
        for t in self._handlers:
            t.join(timeout=2)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- what came out ---------------------------------------------------------------------
    def tickets(self) -> list[ParsedJob]:
        """Every printed job that reached its cut, read back."""
        return [parse_escpos(job) for job in self.printed if b"\x1dV" in job]

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.jobs) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(left)
        return True

    # -- status bytes ----------------------------------------------------------------------
    def can_print(self) -> bool:
        return self.online and self.paper != "out" and not self.cover_open

    def status_byte(self, n: int) -> int:
        b = 0x12
        if n == 1 and not self.can_print():
            b |= 0x08
        elif n == 2:
            if self.cover_open:
                b |= 0x04
            if self.paper == "out":
                b |= 0x20
        elif n == 4:
            if self.paper == "near_end":
                b |= 0x0C
            elif self.paper == "out":
                b |= 0x6C
        return b

    # -- server ----------------------------------------------------------------------------
    def _accept_loop(self, server: socket.socket):
        while self._running:
            try:
                conn, _ = server.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            self.connections += 1
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True, name="standin-conn")
            self._handlers.append(t)
            t.start()

    def _serve(self, conn: socket.socket):
        generation = self._generation
        conn.settimeout(0.02)
        pending = bytearray()
        job = bytearray()
        printed = bytearray()
        dropped = False
        try:
            while self._running and generation == self._generation:
                if self.stall_after is not None and len(job) >= self.stall_after:
                    with self._lock:   # stalled: read nothing, answer nothing
                        self._lock.wait(0.02)
                    continue
                try:
                    data = conn.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    break
                if not data:
                    break
                pending += data
                i = 0
                while i < len(pending):
                    size = command_length(pending, i)
                    if size is None:
                        break
                    cmd = bytes(pending[i:i + size])
                    i += size
                    if cmd[0] == DLE and size == 3:
                        self.status_requests += 1
                        if self.answer_status:
                            conn.sendall(bytes([self.status_byte(cmd[2])]))
                        continue
                    job += cmd
                    self.last_byte_at = time.perf_counter()
                    if self.can_print():
                        printed += cmd
                    if self.drop_after is not None and len(job) >= self.drop_after:
                        dropped = True
                        break
                    if self.stall_after is not None and len(job) >= self.stall_after:
                        break
                del pending[:i]
                if dropped:
                    if self.drop_once:
                        self.drop_after = None
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    break
        finally:
            conn.close()
            with self._lock:
                if job:
                    self.jobs.append(bytes(job))
                    complete = not dropped and generation == self._generation
                    if complete and printed:
                        self.printed.append(bytes(printed))
                self._lock.notify_all()
