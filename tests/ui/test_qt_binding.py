"""The windows run all day: the Qt binding must not leak references to None/True on each call
(PySide6 6.12.0 does, and the interpreter aborts once a count reaches zero)."""
from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class Pinger(QObject):
    ping = Signal(int)


def test_set_text_and_signal_emit_keep_reference_counts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    pinger = Pinger()
    seen = []
    pinger.ping.connect(seen.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(5000):
        label.setText(str(i))
        pinger.ping.emit(i)
    assert len(seen) == 5000
    assert abs(sys.getrefcount(None) - none_before) < 100
    assert abs(sys.getrefcount(True) - true_before) < 100
