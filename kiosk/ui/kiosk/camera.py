"""The KTP tray's camera, an edge of the kiosk window: frames in memory, never written.

`[kiosk] camera` chooses it: ``"none"`` (no camera: the kiosk asks for typing), ``"qt"`` (the
first camera Qt Multimedia finds: a USB document camera looking down at the tray), or
``"files:DIR"`` (plays the pictures of a folder in name order, one per frame asked; for tests,
rehearsals and the demo). `grab()` gives the latest frame (a BGR numpy array, or a picture
file's bytes) or None when there is none.
"""
from __future__ import annotations

import logging
from collections import deque
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger("anjungan.kiosk")

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")


class Camera(Protocol):
    @property
    def present(self) -> bool: ...
    def grab(self) -> Any: ...
    def stop(self) -> None: ...


class NoCamera:
    present = False

    def grab(self) -> None:
        return None

    def stop(self) -> None:
        pass


class FileCamera:
    """Plays pictures as frames: each `grab()` hands over the next one (its bytes), then None."""

    present = True

    def __init__(self, folder: str | Path | None = None, loop: bool = False):
        self.loop = loop
        self._queue: deque[Path] = deque()
        if folder is not None:
            self.play(*sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in PICTURE_SUFFIXES))

    def play(self, *pictures: str | Path) -> None:
        """Lay these pictures on the tray, one after another."""
        self._queue.extend(Path(p) for p in pictures)

    @property
    def pending(self) -> int:
        """Pictures not handed over yet."""
        return len(self._queue)

    def grab(self) -> bytes | None:
        while self._queue:
            path = self._queue.popleft()
            if self.loop:
                self._queue.append(path)
            try:
                return path.read_bytes()
            except OSError:
                log.warning("camera picture cannot be read: %s", path.name)
        return None

    def stop(self) -> None:
        self._queue.clear()


class QtCamera:
    """The first camera Qt Multimedia finds; the latest frame is kept, older ones dropped."""

    def __init__(self, parent=None):
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoSink

        self._frame = None
        self._camera = None
        inputs = QMediaDevices.videoInputs()
        if not inputs:
            log.warning("no camera found: the kiosk asks for the NIK to be typed")
            return
        self._session = QMediaCaptureSession(parent)
        self._camera = QCamera(inputs[0], parent)
        self._sink = QVideoSink(parent)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._keep)
        self._camera.start()

    @property
    def present(self) -> bool:
        return self._camera is not None

    def _keep(self, frame) -> None:
        self._frame = frame

    def grab(self):
        frame, self._frame = self._frame, None
        if frame is None or not frame.isValid():
            return None
        return bgr_array(frame.toImage())

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
        self._frame = None


def bgr_array(image):
    """A QImage as a BGR numpy array (a copy; the QImage may go)."""
    import numpy as np
    from PySide6.QtGui import QImage

    image = image.convertToFormat(QImage.Format.Format_BGR888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width * 3].reshape(height, width, 3).copy()


def camera_from_setting(setting: str, parent=None) -> Camera:
    """The camera `[kiosk] camera` names (already checked by the configuration's reader)."""
    if setting == "qt":
        try:
            return QtCamera(parent)
        except ImportError:
            log.warning("Qt Multimedia is not available: no KTP camera")
            return NoCamera()
    if setting.startswith("files:"):
        folder = Path(setting[len("files:"):].strip()).expanduser()
        if not folder.is_dir():
            log.warning("camera folder missing: %s", folder)
            return NoCamera()
        return FileCamera(folder)
    return NoCamera()
