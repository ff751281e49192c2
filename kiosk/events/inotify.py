"""Linux inotify on one folder, for the SQLite change watch: the kernel says when a file of the
database (the file, its `-wal` or `-journal`) was written, so a follower sleeps until then
instead of asking every 100 ms.

`FolderWatch.open(folder, prefix)` returns None where inotify is not there (another system, the
per-user limit of watches reached); the caller then polls as before.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import struct

log = logging.getLogger("anjungan.events")

IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_Q_OVERFLOW = 0x4000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
WATCHED = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
_HEADER = struct.Struct("iIII")          # wd, mask, cookie, len; then len bytes of name

_libc = None


def _lib():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    return _libc


class FolderWatch:
    """Writes to the files of one folder whose names start with `prefix`."""

    def __init__(self, fd: int, prefix: bytes):
        self.fd, self.prefix = fd, prefix

    @classmethod
    def open(cls, folder: str, prefix: str) -> "FolderWatch | None":
        try:
            libc = _lib()
            fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
            if fd < 0:
                raise OSError(ctypes.get_errno(), "inotify_init1")
            if libc.inotify_add_watch(fd, os.fsencode(folder), WATCHED) < 0:
                err = ctypes.get_errno()
                os.close(fd)
                raise OSError(err, "inotify_add_watch")
        except (OSError, AttributeError) as exc:       # AttributeError: a libc without inotify
            log.info("no inotify for %s (%s); the change watch polls", os.path.basename(folder) or folder, exc)
            return None
        return cls(fd, os.fsencode(prefix))

    def fileno(self) -> int:
        return self.fd

    def drain(self) -> bool:
        """Read what the kernel has queued (without waiting); True when one of our files changed."""
        touched = False
        while True:
            try:
                data = os.read(self.fd, 64 * 1024)
            except BlockingIOError:
                return touched
            except OSError:
                return True                          # say "changed": the reader looks for itself
            if not data:
                return touched
            at = 0
            while at + _HEADER.size <= len(data):
                _wd, mask, _cookie, length = _HEADER.unpack_from(data, at)
                name = data[at + _HEADER.size: at + _HEADER.size + length].rstrip(b"\0")
                at += _HEADER.size + length
                if mask & IN_Q_OVERFLOW or name.startswith(self.prefix):
                    touched = True

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
